// Tests of the persistent index (index/index.h) and its commands: added to in batches it gives
// what one detect run gives; queries find sources and add nothing; removal, compaction, a
// second writer, a folder that is not an index; and a writer killed in the middle of a batch.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "index/index.h"
#include "pipeline/detect.h"
#include "read/reader.h"
#include "test_support.h"
#include "test_texts.h"
#include "write/jsonl_writer.h"

namespace retrace {
namespace {

namespace fs = std::filesystem;
using rtest::make_doc;
using rtest::TempDir;

IndexOptions two_threads() {
  IndexOptions o;
  o.threads = 2;
  return o;
}

// Relations as sorted JSON lines.
std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> exported(const Index& ix) {
  std::ostringstream s;
  ix.export_relations(s);
  std::vector<std::string> out;
  std::istringstream in(s.str());
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return sorted(out);
}

// The BBC corpus with a damaged reprint, an excerpt and a rewrite of three of its articles.
Corpus bbc_with_copies() {
  Corpus c = rtest::bbc_corpus();
  const auto& docs = c.docs;
  std::string damaged = rtest::damage(docs[rtest::doc_index(c, rtest::kDamagedDatedSourceId)].text);
  std::string excerpt = rtest::excerpt_text(docs[rtest::doc_index(c, rtest::kExcerptSourceId)].text);
  c.docs.push_back(make_doc("damaged", damaged));
  c.docs.push_back(make_doc("excerpt", excerpt));
  c.docs.push_back(make_doc("rewrite", rtest::rewrite_text()));
  return c;
}

TEST(Index, AddedInFiveBatchesGivesTheRelationsOfOneDetectRun) {
  rtest::require_shared();
  Corpus all = bbc_with_copies();
  std::shared_ptr<const CorpusModel> model = train_model(all, 2);
  DetectOptions dopt;
  dopt.threads = 2;
  dopt.progress = false;
  dopt.model = model;
  DetectResult batch = detect_corpus(all, dopt);
  std::vector<std::string> want;
  for (const auto& r : batch.relations) {
    std::string line;
    relation_to_json(batch.corpus, r, line);
    want.push_back(line);
  }
  ASSERT_GT(want.size(), 200u);

  TempDir dir;
  auto ix = Index::create(dir.file("ix"), model, two_threads());
  const size_t n = all.docs.size(), per = n / 5 + 1;
  std::vector<std::string> added;
  for (size_t b = 0; b * per < n; ++b) {
    Corpus part;
    for (size_t i = b * per; i < std::min(n, (b + 1) * per); ++i) part.docs.push_back(all.docs[i]);
    BatchResult r = ix->add(std::move(part));
    EXPECT_EQ(r.failures, 0u);
    added.insert(added.end(), r.relations.begin(), r.relations.end());
  }
  EXPECT_EQ(exported(*ix), sorted(want));
  EXPECT_EQ(ix->stats().documents, n);
  EXPECT_EQ(ix->stats().relations, want.size());
  // The same again, reopened from disk: what was stored is what is read.
  ix.reset();
  auto again = Index::open(dir.file("ix"), false, two_threads());
  EXPECT_EQ(exported(*again), sorted(want));
  EXPECT_EQ(again->stats().segments, 5u);
}

class BbcIndex : public testing::Test {
 protected:
  void SetUp() override {
    rtest::require_shared();
    dir_ = std::make_unique<TempDir>();
    std::shared_ptr<const CorpusModel> model = train_model(rtest::bbc_corpus(), 2);
    ix_ = Index::create(dir_->file("ix"), model, two_threads());
    ix_->add(rtest::bbc_corpus());
  }
  std::unique_ptr<TempDir> dir_;
  std::unique_ptr<Index> ix_;
};

TEST_F(BbcIndex, AQueryFindsTheSourcesOfItsCopiesAndAddsNothing) {
  const Corpus& bbc = rtest::bbc_corpus();
  IndexStats before = ix_->stats();
  Corpus q;
  q.docs.push_back(make_doc("damaged", rtest::damage(bbc.docs[rtest::doc_index(bbc, rtest::kDamagedDatedSourceId)].text)));
  q.docs.push_back(make_doc("rewrite", rtest::rewrite_text(), "2005-12-01"));
  q.docs.push_back(make_doc("unrelated", "Snow fell heavily overnight in the mountains, closing two passes and "
                                         "stranding a coach of tourists near the border."));
  BatchResult r = ix_->query(std::move(q));
  EXPECT_EQ(r.documents, 3u);
  std::set<std::string> got;
  for (const auto& line : r.relations) {
    auto pick = [&](const std::string& key) {
      size_t p = line.find("\"" + key + "\":\"") + key.size() + 4;
      return line.substr(p, line.find('"', p) - p);
    };
    // The BBC articles are undated: a rewrite's direction is a guess, so pairs are unordered.
    std::string a = pick("source"), b = pick("copy");
    got.insert(std::min(a, b) + " " + std::max(a, b) + " " + pick("relation"));
  }
  EXPECT_TRUE(got.count(std::string(rtest::kDamagedDatedSourceId) + " damaged reprint")) << testing::PrintToString(got);
  EXPECT_TRUE(got.count(std::string(rtest::kRewriteSourceId) + " rewrite rewrite")) << testing::PrintToString(got);
  for (const auto& g : got) EXPECT_EQ(g.find("unrelated"), std::string::npos) << g;
  IndexStats after = ix_->stats();
  EXPECT_EQ(after.documents, before.documents);
  EXPECT_EQ(after.relations, before.relations);
}

TEST_F(BbcIndex, KnownIdsAreLeftOutAndExactCopiesRelateToTheirSourceOnly) {
  const Corpus& bbc = rtest::bbc_corpus();
  Corpus again;
  again.docs.push_back(bbc.docs[5]);                            // an id the index holds
  again.docs.push_back(make_doc("copy-of-5", bbc.docs[5].text));  // its text under a new id
  BatchResult r = ix_->add(std::move(again));
  EXPECT_EQ(r.known_ids, 1u);
  EXPECT_EQ(r.documents, 1u);
  ASSERT_EQ(r.relations.size(), 1u);
  EXPECT_NE(r.relations[0].find("\"relation\":\"duplicate\""), std::string::npos) << r.relations[0];
  EXPECT_NE(r.relations[0].find("\"copy\":\"copy-of-5\""), std::string::npos) << r.relations[0];
  EXPECT_EQ(ix_->stats().documents, bbc.docs.size() + 1);
}

TEST_F(BbcIndex, RemovedDocumentsLeaveWithTheirRelationsAndCompactionKeepsAnswers) {
  const Corpus& bbc = rtest::bbc_corpus();
  IndexStats before = ix_->stats();
  // A document with relations: the first source the export names.
  std::string line = exported(*ix_).front();
  size_t p = line.find("\"source\":\"") + 10;
  std::string id = line.substr(p, line.find('"', p) - p);
  std::vector<std::string> missing;
  EXPECT_GE(ix_->remove({id, "no-such-id"}, &missing), 1u);
  EXPECT_EQ(missing, std::vector<std::string>{"no-such-id"});
  IndexStats after = ix_->stats();
  EXPECT_LT(after.documents, before.documents);
  EXPECT_LT(after.relations, before.relations);
  for (const auto& l : exported(*ix_)) EXPECT_EQ(l.find("\"" + id + "\""), std::string::npos) << l;
  // A query for the removed text no longer finds it; one for another text still does.
  auto query_of = [&](const std::string& text) {
    Corpus q;
    q.docs.push_back(make_doc("q", rtest::damage(text)));
    return ix_->query(std::move(q)).relations;
  };
  size_t k = static_cast<size_t>(rtest::doc_index(bbc, id));
  for (const auto& l : query_of(bbc.docs[k].text)) EXPECT_EQ(l.find("\"source\":\"" + id + "\""), std::string::npos) << l;
  const Document& other = bbc.docs[rtest::doc_index(bbc, rtest::kDamagedDatedSourceId)];
  auto found_before = query_of(other.text);
  ix_->compact();
  IndexStats compacted = ix_->stats();
  EXPECT_EQ(compacted.segments, 1u);
  EXPECT_LT(compacted.postings, before.postings);
  EXPECT_EQ(query_of(other.text), found_before);
  EXPECT_FALSE(found_before.empty());
}

TEST(Index, ASecondWriterAndAFolderThatIsNoIndexAreErrorsNamingTheFolder) {
  TempDir dir;
  Corpus c;
  c.docs.push_back(make_doc("a", rtest::kHarbourStory));
  std::shared_ptr<const CorpusModel> model = train_model(c, 1);
  auto ix = Index::create(dir.file("ix"), model);
  try {
    Index::open(dir.file("ix"), true);
    ADD_FAILURE() << "a second writer was let in";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find("another process is writing"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(Index::open(dir.file("ix"), false)) << "readers are always let in";
  try {
    Index::open(dir.path(), false);
    ADD_FAILURE() << "a folder without an index was opened";
  } catch (const IndexError& e) {
    EXPECT_NE(std::string(e.what()).find(dir.path()), std::string::npos) << e.what();
  }
  EXPECT_THROW(Index::create(dir.file("ix"), model), IndexError) << "an index is not created twice";
}

// --quiet on the index commands prints nothing but errors, as on detect.
TEST(IndexCli, QuietCommandsPrintOnlyErrors) {
  rtest::require_shared();
  TempDir dir;
  const std::string ix = dir.file("ix"), in = dir.file("in.jsonl");
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  rtest::write_file(in, rtest::jsonl_record("a", text) + "\n{\"id\": \"no text\"}\n" +
                            rtest::jsonl_record("b", rtest::damage(text)) + "\n");
  const std::string q = rtest::shell_quote(ix) + " ", qin = rtest::shell_quote(in);
  for (const std::string& cmd : {"index create " + q + "--train " + qin + " -q", "index add " + q + qin + " -q",
                                 "query " + q + qin + " -q --out " + rtest::shell_quote(dir.file("q.jsonl")),
                                 "index remove " + q + "b -q"}) {
    auto r = rtest::run_retrace(cmd);
    EXPECT_EQ(r.code, 0) << cmd << ": " << r.err;
    EXPECT_EQ(r.err, "") << cmd;
  }
  auto missing = rtest::run_retrace("index remove " + q + "nobody -q");
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(missing.err.find("no document nobody"), std::string::npos) << missing.err;
}

// Commands: index create, add (killed with SIGKILL in the middle of a batch, at several
// moments), then the index opens, holds the state before or after the batch, and answers.
TEST(IndexCli, AWriterKilledInTheMiddleOfABatchLeavesAWholeIndex) {
  rtest::require_shared();
  TempDir dir;
  const std::string bbc = rtest::bbc_path();
  const std::string ix = dir.file("ix");
  // A first batch: the first 200 articles; the big second batch: all of them (200 known).
  std::string head = dir.file("head.jsonl");
  ASSERT_EQ(std::system(("head -n 200 " + rtest::shell_quote(bbc) + " > " + rtest::shell_quote(head)).c_str()), 0);
  ASSERT_EQ(rtest::run_retrace("index create " + rtest::shell_quote(ix) + " --train " + rtest::shell_quote(bbc)).code, 0);
  ASSERT_EQ(rtest::run_retrace("index add " + rtest::shell_quote(ix) + " " + rtest::shell_quote(head)).code, 0);
  std::string before = rtest::run_retrace("index export " + rtest::shell_quote(ix)).out;
  for (int delay_ms : {30, 120, 250, 400}) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 2);
      execl(RETRACE_BINARY, RETRACE_BINARY, "index", "add", ix.c_str(), bbc.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    auto st = rtest::run_retrace("index stats " + rtest::shell_quote(ix));
    ASSERT_EQ(st.code, 0) << st.err;
    bool old_state = st.out.find("\"documents\":200,") != std::string::npos;
    bool new_state = st.out.find("\"documents\":2225,") != std::string::npos;
    EXPECT_TRUE(old_state || new_state) << "after " << delay_ms << " ms: " << st.out;
    auto exp = rtest::run_retrace("index export " + rtest::shell_quote(ix));
    if (old_state) {
      EXPECT_EQ(exp.out, before);
    }
    // It answers queries, and the next writer gets in and leaves no stray segment behind.
    auto q = rtest::run_retrace("query " + rtest::shell_quote(ix) + " " + rtest::shell_quote(head));
    EXPECT_EQ(q.code, 0) << q.err;
    EXPECT_NE(q.out.find("\"relation\":\"duplicate\""), std::string::npos);
    if (new_state) break;
  }
  auto done = rtest::run_retrace("index add " + rtest::shell_quote(ix) + " " + rtest::shell_quote(bbc));
  EXPECT_EQ(done.code, 0) << done.err;
  auto st = rtest::run_retrace("index stats " + rtest::shell_quote(ix));
  EXPECT_NE(st.out.find("\"documents\":2225,"), std::string::npos) << st.out;
  size_t segments = 0;
  for (const auto& e : fs::directory_iterator(ix)) segments += e.path().filename().string().rfind("seg-", 0) == 0;
  EXPECT_EQ(st.out.find("\"segments\":" + std::to_string(segments) + ","), st.out.find("\"segments\":")) << st.out;
}

}  // namespace
}  // namespace retrace
