// Tests of the `retrace detect` command line (cli/main.cpp, RETRACE_BINARY): outputs, exit
// codes, messages, stdin, --strict, --clusters, and a real oversized record.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"
#include "test_texts.h"

namespace retrace {
namespace {

using rtest::jsonl_record;
using rtest::run_retrace;
using rtest::shell_quote;
using rtest::TempDir;
using rtest::write_file;

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find('\n', b);
    if (e == std::string::npos) e = s.size();
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

// A small corpus: an article, its duplicate, a damaged reprint (dated later), an excerpt,
// an unrelated article, and one bad record.
std::string small_corpus() {
  const Document& a = rtest::bbc_doc(rtest::kDamagedUndatedSourceId);
  const Document& ex = rtest::bbc_doc(rtest::kExcerptSourceId);
  const Document& other = rtest::bbc_doc("bbc-tech-010");
  std::string s;
  s += jsonl_record("article", a.text, "2005-03-01", "BBC") + "\n";
  s += jsonl_record("article-again", a.text, "2005-03-01", "BBC") + "\n";
  s += jsonl_record("article-damaged", rtest::damage(a.text), "2005-03-02", "Gazette") + "\n";
  s += jsonl_record("long", ex.text, "2005-02-01", "BBC") + "\n";
  s += jsonl_record("excerpt", rtest::excerpt_text(ex.text), "2005-02-03", "Blog") + "\n";
  s += "{\"id\": \"broken\", \"text\": \n";
  s += jsonl_record("other", other.text, "2005-01-01", "BBC") + "\n";
  return s;
}

TEST(Cli, DetectWritesRelationsAndClusters) {
  TempDir dir;
  std::string in = dir.file("small.jsonl"), out = dir.file("rel.jsonl"), clusters = dir.file("clusters.jsonl");
  write_file(in, small_corpus());
  auto r = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(out) + " --clusters " +
                       shell_quote(clusters) + " --threads 2");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "relations go to --out, not stdout";

  simdjson::dom::parser parser;
  std::map<std::pair<std::string, std::string>, std::string> kinds;
  auto rel_lines = lines_of(rtest::slurp(out));
  ASSERT_FALSE(rel_lines.empty());
  for (const auto& line : rel_lines) {
    simdjson::dom::element el;
    ASSERT_EQ(parser.parse(line).get(el), simdjson::SUCCESS) << line;
    simdjson::dom::object o;
    ASSERT_EQ(el.get_object().get(o), simdjson::SUCCESS);
    for (const char* key : {"source", "copy", "relation", "score", "direction", "coverage", "passages", "changes"}) {
      simdjson::dom::element v;
      EXPECT_EQ(o[key].get(v), simdjson::SUCCESS) << "missing " << key << " in " << line.substr(0, 200);
    }
    std::string src(o["source"].get_string().value()), copy(o["copy"].get_string().value());
    std::string kind(o["relation"].get_string().value());
    EXPECT_TRUE(std::set<std::string>({"duplicate", "reprint", "excerpt", "rewrite"}).count(kind)) << kind;
    double score = o["score"].get_double().value();
    EXPECT_GE(score, 0.0);
    EXPECT_LE(score, 1.0);
    std::string dir_s(o["direction"].get_string().value());
    EXPECT_TRUE(dir_s == "dated" || dir_s == "inferred" || dir_s == "unknown") << dir_s;
    double cs = o["coverage"]["source"].get_double().value(), cc = o["coverage"]["copy"].get_double().value();
    EXPECT_GE(cs, 0.0);
    EXPECT_LE(cc, 1.0);
    for (auto p : o["passages"].get_array()) {
      auto ps = p["source"].get_array(), pc = p["copy"].get_array();
      ASSERT_EQ(ps.size(), 2u);
      ASSERT_EQ(pc.size(), 2u);
      EXPECT_LT(ps.at(0).get_uint64().value(), ps.at(1).get_uint64().value());
      std::string pk(p["kind"].get_string().value());
      EXPECT_TRUE(pk == "verbatim" || pk == "noisy" || pk == "paraphrase") << pk;
    }
    for (auto c : o["changes"].get_array()) {
      std::string ck(c["kind"].get_string().value());
      EXPECT_TRUE(std::set<std::string>({"altered_quote", "changed_number", "changed_claim", "added", "dropped"}).count(ck)) << ck;
    }
    kinds[{src, copy}] = kind;
  }
  EXPECT_EQ((kinds[{"article", "article-again"}]), "duplicate");
  EXPECT_EQ((kinds[{"article", "article-damaged"}]), "reprint");
  EXPECT_EQ((kinds[{"long", "excerpt"}]), "excerpt");
  for (auto& [pair, kind] : kinds) {
    EXPECT_NE(pair.first, "other");
    EXPECT_NE(pair.second, "other");
  }

  // Clusters: one group of the three versions of the article, one of the excerpt pair.
  auto cl_lines = lines_of(rtest::slurp(clusters));
  ASSERT_EQ(cl_lines.size(), 2u) << rtest::slurp(clusters);
  std::map<std::string, std::set<std::string>> groups;
  for (const auto& line : cl_lines) {
    simdjson::dom::element el;
    ASSERT_EQ(parser.parse(line).get(el), simdjson::SUCCESS) << line;
    std::set<std::string> members;
    for (auto d : el["documents"].get_array()) members.insert(std::string(d.get_string().value()));
    EXPECT_EQ(el["size"].get_uint64().value(), members.size());
    EXPECT_TRUE(el["relations"].is_object());
    groups[std::string(el["root"].get_string().value())] = members;
  }
  // The root is the earliest member (article and article-again share a date; either is fine).
  std::set<std::string> three = {"article", "article-again", "article-damaged"};
  bool found = false;
  for (auto& [root, members] : groups)
    if (members == three) {
      found = true;
      EXPECT_TRUE(root == "article" || root == "article-again") << root;
    }
  EXPECT_TRUE(found);
  EXPECT_EQ((groups["long"]), (std::set<std::string>{"long", "excerpt"}));

  // The summary on stderr names the skipped record and counts it.
  EXPECT_NE(r.err.find("small.jsonl:6"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("6 read, 1 skipped"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("skipped (not JSON): 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("relations:"), std::string::npos) << r.err;
}

TEST(Cli, MissingInputIsExitCode2BeforeAnyWork) {
  TempDir dir;
  std::string good = dir.file("good.jsonl"), out = dir.file("rel.jsonl");
  write_file(good, jsonl_record("a", "Some text here.") + "\n");
  std::string missing = dir.file("nowhere.jsonl");
  auto r = run_retrace("detect " + shell_quote(good) + " " + shell_quote(missing) + " --out " + shell_quote(out) + " --quiet");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("documents:"), std::string::npos) << "no work is done: " << r.err;
  EXPECT_FALSE(std::filesystem::exists(out) && !rtest::slurp(out).empty());
}

TEST(Cli, StrictTurnsABadRecordIntoExitCode1) {
  TempDir dir;
  std::string in = dir.file("in.jsonl"), out = dir.file("rel.jsonl");
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  write_file(in, jsonl_record("a", text) + "\n" + jsonl_record("b", text) + "\n" + "{\"id\": \"c\"}\n");
  auto strict = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(out) + " --strict --quiet");
  EXPECT_EQ(strict.code, 1) << strict.err;
  EXPECT_NE(strict.err.find("in.jsonl:3"), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("missing text"), std::string::npos) << strict.err;
  EXPECT_TRUE(rtest::slurp(out).empty()) << "nothing written under --strict";
  // Without --strict the same input runs, skipping the record.
  auto lax = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(out) + "");
  EXPECT_EQ(lax.code, 0) << lax.err;
  EXPECT_EQ(lines_of(rtest::slurp(out)).size(), 1u);
  EXPECT_NE(lax.err.find("skipped (missing text): 1"), std::string::npos) << lax.err;
}

TEST(Cli, StdinAsInputAndStdoutAsOutput) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  write_file(in, jsonl_record("first", text, "2005-01-01") + "\n" + "not json\n" +
                     jsonl_record("second", rtest::damage(text), "2005-01-02") + "\n");
  auto r = run_retrace("detect -", in);
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element el;
  ASSERT_EQ(parser.parse(lines[0]).get(el), simdjson::SUCCESS);
  EXPECT_EQ(std::string(el["source"].get_string().value()), "first");
  EXPECT_EQ(std::string(el["copy"].get_string().value()), "second");
  EXPECT_EQ(std::string(el["relation"].get_string().value()), "reprint");
  EXPECT_NE(r.err.find("<stdin>:2"), std::string::npos) << r.err;
}

TEST(Cli, LastRecordWithoutTrailingNewline) {
  TempDir dir;
  std::string in = dir.file("nonl.jsonl");
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  write_file(in, jsonl_record("a", text) + "\n" + jsonl_record("b", text));  // no final newline
  auto r = run_retrace("detect " + shell_quote(in) + "", "", 20);
  ASSERT_EQ(r.code, 0) << (r.code == 124 ? "timed out after 20 s" : r.err);
  EXPECT_EQ(lines_of(r.out).size(), 1u);
  EXPECT_NE(r.err.find("2 read, 0 skipped"), std::string::npos) << r.err;
}

TEST(Cli, SameStoryOption) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  // The hand-built rewrite is a rewrite with or without --same-story; the option adds no
  // derived relation and only same_story ones.
  const auto& bbc = rtest::bbc_corpus().docs;
  std::string s;
  for (size_t i = 0; i < 400; ++i) s += jsonl_record(bbc[i].id, bbc[i].text) + "\n";
  s += jsonl_record("rewrite", rtest::rewrite_text()) + "\n";
  s += jsonl_record("independent", rtest::kIndependentReport) + "\n";
  write_file(in, s);
  auto plain = run_retrace("detect " + shell_quote(in) + " --quiet");
  auto story = run_retrace("detect " + shell_quote(in) + " --same-story --quiet");
  ASSERT_EQ(plain.code, 0) << plain.err;
  ASSERT_EQ(story.code, 0) << story.err;
  auto a = lines_of(plain.out), b = lines_of(story.out);
  EXPECT_EQ(plain.out.find("same_story"), std::string::npos);
  std::set<std::string> derived_b;
  for (auto& l : b)
    if (l.find("\"relation\":\"same_story\"") == std::string::npos) derived_b.insert(l);
  EXPECT_EQ(derived_b, std::set<std::string>(a.begin(), a.end()));
  bool rewrite = false;
  for (auto& l : a)
    rewrite |= l.find("\"rewrite\"") != std::string::npos && l.find("\"bbc-business-058\"") != std::string::npos &&
               l.find("\"relation\":\"rewrite\"") != std::string::npos;  // undated: either direction
  EXPECT_TRUE(rewrite) << plain.out.substr(0, 2000);
}

TEST(Cli, FolderAndCompressedInputsTogether) {
  TempDir dir;
  std::string folder = dir.file("txt");
  std::filesystem::create_directories(folder);
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  write_file(folder + "/from-folder.txt", text);
  std::string in = dir.file("in.jsonl");
  write_file(in, jsonl_record("from-jsonl", rtest::damage(text)) + "\n");
  auto r = run_retrace("detect " + shell_quote(folder) + " " + shell_quote(in) + " --quiet");
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element el;
  ASSERT_EQ(parser.parse(lines[0]).get(el), simdjson::SUCCESS);
  EXPECT_EQ(std::string(el["source"].get_string().value()), "from-folder");
  EXPECT_EQ(std::string(el["direction"].get_string().value()), "inferred");
}

TEST(Cli, A50MegabyteTextIsSkippedAndTheRestKept) {
  TempDir dir;
  std::string in = dir.file("big.jsonl");
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  {
    std::ofstream f(in, std::ios::binary);
    f << jsonl_record("before", text, "2005-01-01") << "\n";
    f << "{\"id\":\"huge\",\"text\":\"";
    std::string chunk;
    for (int i = 0; i < 1000; ++i) chunk += "All work and no play makes a very long article. ";
    while (static_cast<size_t>(f.tellp()) < (50u << 20)) f << chunk;
    f << "\"}\n";
    f << jsonl_record("after", text + "\n\nUpdated with a final line of our own.", "2005-01-02") << "\n";
    ASSERT_TRUE(f.good());
  }
  auto r = run_retrace("detect " + shell_quote(in));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("big.jsonl:2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("text too large"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 read, 1 skipped"), std::string::npos) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out.substr(0, 300);
  EXPECT_NE(lines[0].find("\"source\":\"before\""), std::string::npos);
  EXPECT_NE(lines[0].find("\"copy\":\"after\""), std::string::npos);
}

TEST(Cli, MaxTextBytesOption) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  write_file(in, jsonl_record("short", "A short text.") + "\n" + jsonl_record("long", std::string(500, 'a')) + "\n");
  auto r = run_retrace("detect " + shell_quote(in) + " --max-text-bytes 100");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("in.jsonl:2: text too large"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("skipped (text too large): 1"), std::string::npos) << r.err;
}

TEST(Cli, NonAsciiOffsetsInTheOutputAreCodePoints) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  const std::string src =
      "Zoë Ångström a dirigé l’orchestre de Québec pendant douze saisons, un record pour la maison. "
      "Sous sa direction, le nombre d’abonnés a doublé et la salle a été rénovée de fond en comble. "
      "« C’était une aventure extraordinaire », a-t-elle confié jeudi au moment d’annoncer son départ.";
  const std::string prefix = "🎻🎻🎻 日本語の見出し 🎻🎻🎻\n\n";
  write_file(in, jsonl_record("src", src, "2026-01-01") + "\n" + jsonl_record("copy", prefix + src, "2026-01-02") + "\n");
  auto r = run_retrace("detect " + shell_quote(in) + " --quiet");
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  simdjson::dom::parser parser;
  simdjson::dom::element el;
  ASSERT_EQ(parser.parse(lines[0]).get(el), simdjson::SUCCESS);
  auto p = el["passages"].at(0);
  auto c = p["copy"].get_array();
  uint64_t b = c.at(0).get_uint64(), e = c.at(1).get_uint64();
  EXPECT_EQ(b, rtest::cp_count(prefix));
  // From the first letter to the last letter of the copied text (the final full stop is not a letter).
  EXPECT_EQ(rtest::cp_slice(prefix + src, b, e), src.substr(0, src.size() - 1));
}

TEST(Cli, UsageErrors) {
  auto none = run_retrace("detect --quiet");
  EXPECT_NE(none.code, 0);
  auto bad = run_retrace("frobnicate");
  EXPECT_NE(bad.code, 0);
}

}  // namespace
}  // namespace retrace
