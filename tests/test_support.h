// Shared helpers of the stage and end-to-end tests (tests/*_test.cpp): paths of the shared
// corpora, temporary folders, running the CLI, building damaged copies, slicing by code points.
#pragma once
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "clean/lexicon.h"
#include "core/document.h"
#include "core/relation.h"
#include "core/utf8.h"
#include "read/reader.h"


namespace rtest {

namespace fs = std::filesystem;
using namespace retrace;

// The shared corpora: ../shared beside the repository, or $RETRACE_SHARED_DIR.
inline std::string shared_dir() {
  const char* env = std::getenv("RETRACE_SHARED_DIR");
  return env && *env ? std::string(env) : std::string(RETRACE_SOURCE_DIR) + "/../shared";
}
inline std::string corpora_dir() { return shared_dir() + "/corpora"; }
inline std::string bbc_path() { return corpora_dir() + "/bbc/bbc.jsonl"; }

// Skips the running test, from any helper it calls, when the shared corpora are absent (a
// fresh clone): the skip names what is missing. CI has them, so there the tests run.
inline void require_shared() {
  if (fs::exists(bbc_path())) return;
  std::string msg = "skipped: needs the shared corpora (" + bbc_path() +
                    " is missing; put ../shared beside the repository or set RETRACE_SHARED_DIR)";
  GTEST_MESSAGE_AT_(__FILE__, __LINE__, msg.c_str(), ::testing::TestPartResult::kSkip);
  // Ends the test here; Google Test takes an AssertionException as already reported.
  throw ::testing::AssertionException(
      ::testing::TestPartResult(::testing::TestPartResult::kSkip, __FILE__, __LINE__, msg.c_str()));
}

// A short news story that needs no shared corpus: copies of it make duplicate relations.
inline const char* const kHarbourStory =
    "The city council voted on Tuesday to close the old harbour bridge for repairs, after engineers found "
    "cracks in two of its supporting piers. The work will take eight months and cost about 4.2 million "
    "pounds, the council said. Traffic will be sent through the eastern ring road while the bridge is "
    "closed. Shop owners near the harbour said they feared losing trade during the busy summer season.";

// A fresh folder under the system temp dir, removed with everything in it at scope end.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "retrace_test_XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    char* p = mkdtemp(buf.data());
    if (!p) throw std::runtime_error("mkdtemp failed");
    path_ = p;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
  ASSERT_TRUE(f.good()) << "cannot write " << path;
}

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Single-quotes s for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  return out + "'";
}

struct CmdResult {
  int code = -1;
  std::string out, err;
};

// Runs the retrace CLI with the given (already shell-quoted) arguments; stdin from
// stdin_path if given. Captures exit code, stdout and stderr. A run is cut off after
// timeout_s seconds (exit code 124) so that a hang fails the test instead of stalling the suite.
inline CmdResult run_retrace(const std::string& args, const std::string& stdin_path = "", int timeout_s = 120) {
  TempDir io;
  std::string cmd = "timeout " + std::to_string(timeout_s) + " " + shell_quote(RETRACE_BINARY) + " " + args + " > " +
                    shell_quote(io.file("out")) + " 2> " + shell_quote(io.file("err"));
  cmd += " < " + (stdin_path.empty() ? std::string("/dev/null") : shell_quote(stdin_path));
  int status = std::system(cmd.c_str());
  CmdResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(io.file("out"));
  r.err = slurp(io.file("err"));
  return r;
}

// JSON string literal of s (for building JSONL inputs).
inline std::string jstr(const std::string& s) {
  std::string out;
  retrace::json_escape(out, s);
  return out;
}

inline std::string jsonl_record(const std::string& id, const std::string& text, const std::string& date = "",
                                const std::string& source = "") {
  std::string s = "{\"id\":" + jstr(id) + ",\"text\":" + jstr(text);
  if (!date.empty()) s += ",\"date\":" + jstr(date);
  if (!source.empty()) s += ",\"source\":" + jstr(source);
  return s + "}";
}

inline Document make_doc(const std::string& id, const std::string& text, const std::string& date = "",
                         const std::string& source = "") {
  Document d;
  d.id = id;
  d.text = text;
  d.source = source;
  d.date = date;
  d.extra_json = "{}";
  d.origin = id;
  int64_t t;
  if (!date.empty() && parse_iso_date(date, &t)) d.time = t;
  return d;
}

inline void set_date(Document& d, const std::string& date) {
  d.date = date;
  int64_t t;
  if (parse_iso_date(date, &t)) d.time = t;
}

// The BBC corpus (2,225 articles), read once per process.
inline const Corpus& bbc_corpus() {
  require_shared();
  static const Corpus c = [] {
    ReadReport rep;
    ReadOptions opt;
    Corpus corpus = read_corpus({bbc_path()}, opt, &rep, [](const Problem&) {});
    return corpus;
  }();
  return c;
}

inline const Document& bbc_doc(const std::string& id) {
  for (const auto& d : bbc_corpus().docs)
    if (d.id == id) return d;
  throw std::runtime_error("no BBC article " + id);
}

inline int doc_index(const Corpus& c, const std::string& id) {
  for (size_t i = 0; i < c.docs.size(); ++i)
    if (c.docs[i].id == id) return static_cast<int>(i);
  return -1;
}

// Paragraphs of a text (split on blank lines), trimmed, non-empty.
inline std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b < text.size()) {
    size_t e = text.find("\n\n", b);
    if (e == std::string::npos) e = text.size();
    std::string p = text.substr(b, e - b);
    while (!p.empty() && (p.back() == '\n' || p.back() == ' ')) p.pop_back();
    while (!p.empty() && (p.front() == '\n' || p.front() == ' ')) p.erase(0, 1);
    if (!p.empty()) out.push_back(p);
    b = e + 2;
  }
  return out;
}

// What an e-paper / PDF extraction does to an article: a masthead, a date line and a URL
// line on top, hard-wrapped lines of ~60 columns, some long words hyphenated across the
// line break ("produc-\ntion"), one space lost on every third line ("havejoined"), and a
// "Page 7" marker and another URL line in the middle and at the end.
inline std::string damage(const std::string& text, int width = 60) {
  std::string out = "THE NORTHERN GAZETTE\nTuesday, March 4th 2026\nhttps://www.northern-gazette.example/news/2026/03/04/story\n\n";
  auto paras = paragraphs(text);
  int line_no = 0;
  for (size_t pi = 0; pi < paras.size(); ++pi) {
    std::vector<std::string> words;
    std::istringstream ws(paras[pi]);
    for (std::string w; ws >> w;) words.push_back(w);
    std::vector<std::string> lines;
    std::string line;
    for (size_t k = 0; k < words.size(); ++k) {
      const std::string& w = words[k];
      if (!line.empty() && line.size() + 1 + w.size() > static_cast<size_t>(width)) {
        bool lower = w.size() >= 8 && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        if (lower && lines.size() % 2 == 0) {  // hyphenate the word across the break
          size_t cut = w.size() / 2;
          lines.push_back(line + " " + w.substr(0, cut) + "-");
          line = w.substr(cut);
          continue;
        }
        lines.push_back(line);
        line.clear();
      }
      line += (line.empty() ? "" : " ") + w;
    }
    if (!line.empty()) lines.push_back(line);
    for (auto& l : lines) {
      if (++line_no % 3 == 0) {  // lose one space between two lower-case words
        for (size_t s = l.find(' '); s != std::string::npos; s = l.find(' ', s + 1)) {
          if (s > 0 && s + 1 < l.size() && std::islower(static_cast<unsigned char>(l[s - 1])) &&
              std::islower(static_cast<unsigned char>(l[s + 1]))) {
            l.erase(s, 1);
            break;
          }
        }
      }
      out += l + "\n";
    }
    out += "\n";
    if (pi == paras.size() / 2) out += "Page 7\n\n";
  }
  out += "www.northern-gazette.example\n";
  return out;
}

// Lower-case ASCII letters and digits of s, everything else dropped.
inline std::string letters(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

// 2 * LCS(a, b) / (|a| + |b|): 1 for equal strings.
inline double lcs_ratio(const std::string& a, const std::string& b) {
  if (a.empty() && b.empty()) return 1.0;
  std::vector<uint32_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
    std::swap(prev, cur);
  }
  return 2.0 * prev[b.size()] / static_cast<double>(a.size() + b.size());
}

// The code points [b, e) of a UTF-8 text, as UTF-8.
inline std::string cp_slice(const std::string& s, size_t b, size_t e) {
  std::string out;
  size_t cp = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (cp >= b && cp < e) out.append(s, i, n);
    ++cp;
    i += n;
  }
  return out;
}

inline size_t cp_count(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// A Lexicon built from documents, as detect does it.
inline void build_lexicon(const std::vector<Document>& docs, Lexicon& lex) {
  LexiconBuilder b;
  for (const auto& d : docs) b.add_document(d);
  b.merge_into(lex);
}

// The lexicon of the whole BBC corpus, built once per process.
inline const Lexicon& bbc_lexicon() {
  static const Lexicon* lex = [] {
    auto* l = new Lexicon();
    build_lexicon(bbc_corpus().docs, *l);
    return l;
  }();
  return *lex;
}

inline std::string slice(const std::string& text, Span s) { return text.substr(s.begin, s.size()); }

// The relation between two documents (either order), or nullptr.
inline const Relation* find_relation(const std::vector<Relation>& rels, const Corpus& c, const std::string& x,
                                     const std::string& y) {
  int a = doc_index(c, x), b = doc_index(c, y);
  for (const auto& r : rels)
    if ((static_cast<int>(r.source) == a && static_cast<int>(r.copy) == b) ||
        (static_cast<int>(r.source) == b && static_cast<int>(r.copy) == a))
      return &r;
  return nullptr;
}

inline bool derived(RelationKind k) { return k != RelationKind::kSameStory; }

}  // namespace rtest
