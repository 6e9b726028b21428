// Tests that one bad document never aborts a run (pipeline/detect.h, core/parallel.h): an
// exception on a worker is caught, the document or pair is left out and reported, the rest of
// the run goes on; parallel_for itself never lets an exception end the process.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>

#include "clean/clean.h"
#include "core/parallel.h"
#include "pipeline/detect.h"
#include "test_support.h"

namespace retrace {
namespace {

const char* const kStory = rtest::kHarbourStory;

// Three copies of one story among unrelated texts.
Corpus three_copies_and_more() {
  Corpus c;
  // The same words, not the same bytes (a text repeated byte for byte is prepared once).
  for (int i = 0; i < 3; ++i)
    c.docs.push_back(rtest::make_doc("copy-" + std::to_string(i), std::string(kStory) + std::string(i, '\n')));
  const char* others[] = {
      "Snow fell heavily overnight in the mountains, closing two passes and stranding a coach of tourists.",
      "The central bank left interest rates unchanged, saying inflation had eased faster than expected.",
      "A local football club has signed a striker from the second division on a three-year contract.",
      "Scientists have found a new species of frog in a rainforest reserve, a university said on Friday.",
      "The film festival opened with a documentary about fishermen on the northern coast."};
  int k = 0;
  for (const char* t : others) c.docs.push_back(rtest::make_doc("other-" + std::to_string(k++), t));
  return c;
}

// Whether two documents are related (either way).
bool related(const DetectResult& r, const std::string& x, const std::string& y) {
  return rtest::find_relation(r.relations, r.corpus, x, y) != nullptr;
}

bool involves(const DetectResult& r, const std::string& x) {
  for (const auto& rel : r.relations)
    if (r.corpus.docs[rel.source].id == x || r.corpus.docs[rel.copy].id == x) return true;
  return false;
}

DetectOptions options(int threads) {
  DetectOptions opt;
  opt.threads = threads;
  opt.progress = false;
  return opt;
}

TEST(Failures, ParallelForRethrowsOnTheCallingThread) {
  for (int threads : {1, 4}) {
    std::atomic<int> done{0};
    EXPECT_THROW(parallel_for(1000, threads, [&](size_t i, int) {
      if (i == 500) throw std::runtime_error("item 500");
      ++done;
    }), std::runtime_error);
    EXPECT_LT(done.load(), 1000);
  }
}

TEST(Failures, ADocumentThatThrowsIsLeftOutAndReported) {
  for (int threads : {1, 2}) {
    DetectOptions opt = options(threads);
    opt.inspect = [](const char* stage, const Document& d) {
      if (std::string(stage) == "fingerprint" && d.id == "copy-2") throw std::runtime_error("injected failure");
    };
    DetectResult r = detect_corpus(three_copies_and_more(), opt);
    EXPECT_EQ(r.stats.failures, 1u);
    ASSERT_EQ(r.stats.failure_messages.size(), 1u);
    EXPECT_EQ(r.stats.failure_messages[0], "fingerprint: document copy-2: injected failure");
    // The other two copies are still found; the failed one takes part in nothing.
    EXPECT_TRUE(related(r, "copy-0", "copy-1"));
    EXPECT_FALSE(involves(r, "copy-2"));
    EXPECT_NE(format_summary(r.stats).find("failed: 1 documents or pairs left out"), std::string::npos);
  }
}

TEST(Failures, APairThatThrowsIsLeftOutAndReported) {
  DetectOptions opt = options(2);
  opt.inspect = [](const char* stage, const Document& d) {
    if (std::string(stage) == "align" && d.id == "copy-1") throw 42;  // not even a std::exception
  };
  DetectResult r = detect_corpus(three_copies_and_more(), opt);
  // The copies are exact duplicates: copy-1's one pair is with its group's source, copy-0.
  EXPECT_EQ(r.stats.failures, 1u);
  EXPECT_EQ(r.stats.failure_messages.size(), std::min<uint64_t>(r.stats.failures, 20));
  for (const auto& m : r.stats.failure_messages) {
    EXPECT_EQ(m.rfind("align: document ", 0), 0u) << m;
    EXPECT_NE(m.find("copy-1"), std::string::npos) << m;
    EXPECT_NE(m.find("unknown error"), std::string::npos) << m;
  }
  EXPECT_FALSE(involves(r, "copy-1"));
  EXPECT_TRUE(related(r, "copy-0", "copy-2")) << "the pair without copy-1 is still aligned";
}

}  // namespace
}  // namespace retrace

namespace retrace {
namespace {

// Found by fuzz/fuzz_clean: Hangul syllables fold (NFKD) to more bytes than they take, and the
// ASCII letters after them in the same word were written past the end of the skeleton (a heap
// overflow under AddressSanitizer, silent corruption without).
TEST(Failures, FoldsThatLengthenTheSkeletonThenAsciiLetters) {
  std::string word;
  for (int i = 0; i < 200; ++i) word += "\xeb\x80\x9c";  // U+B01C
  Document d = rtest::make_doc("hangul", word + "abcdef and more text after it.");
  CleanDoc c = clean_document(d, CleanContext{});
  ASSERT_EQ(c.skel.size(), c.skel_pos.size());
  EXPECT_GT(c.skel.size(), d.text.size()) << "the folds lengthened the skeleton";
  EXPECT_NE(c.skel.find("abcdefandmoretextafterit"), std::string::npos);
  EXPECT_EQ(c.skel_pos.back(), d.text.size() - 2) << "the last letter, before the full stop, maps back to its byte";
}

}  // namespace
}  // namespace retrace
