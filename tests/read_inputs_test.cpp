// Tests of the inputs people really have (read/reader.h, read/line_source.h, core/date.cpp):
// field options with dotted paths, JSON arrays, CSV/TSV, bzip2 and xz, compression found by
// magic bytes (files and standard input), folder ids, symbolic link loops, huge numbers,
// Unicode white space, dates in ISO 8601 / RFC 2822 / epoch seconds, capped notes.
#include <bzlib.h>
#include <gtest/gtest.h>
#include <lzma.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "read/line_source.h"
#include "read/reader.h"
#include "test_support.h"

namespace retrace {
namespace {

namespace fs = std::filesystem;
using rtest::jsonl_record;
using rtest::run_retrace;
using rtest::shell_quote;
using rtest::slurp;
using rtest::TempDir;
using rtest::write_file;

struct Outcome {
  Corpus corpus;
  ReadReport report;
  std::vector<Problem> problems;
  std::map<std::string, const Document*> by_id;
};

Outcome read_all(const std::vector<std::string>& inputs, ReadOptions opt = {}) {
  Outcome o;
  o.corpus = read_corpus(inputs, opt, &o.report, [&](const Problem& p) { o.problems.push_back(p); });
  for (const auto& d : o.corpus.docs) o.by_id[d.id] = &d;
  return o;
}

std::vector<std::string> ids(const Corpus& c) {
  std::vector<std::string> out;
  for (const auto& d : c.docs) out.push_back(d.id);
  return out;
}

std::string bzip2(const std::string& in) {
  std::vector<char> out(in.size() * 2 + 1024);
  unsigned n = static_cast<unsigned>(out.size());
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(out.data(), &n, const_cast<char*>(in.data()), static_cast<unsigned>(in.size()),
                                     9, 0, 0),
            BZ_OK);
  return std::string(out.data(), n);
}

std::string xz(const std::string& in) {
  std::vector<uint8_t> out(lzma_stream_buffer_bound(in.size()));
  size_t pos = 0;
  EXPECT_EQ(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const uint8_t*>(in.data()),
                                    in.size(), out.data(), &pos, out.size()),
            LZMA_OK);
  return std::string(reinterpret_cast<char*>(out.data()), pos);
}

std::string zstd(const std::string& in) {
  std::string buf(ZSTD_compressBound(in.size()), '\0');
  size_t n = ZSTD_compress(buf.data(), buf.size(), in.data(), in.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  buf.resize(n);
  return buf;
}

std::string gzip(const std::string& in) {
  TempDir dir;
  std::string p = dir.file("x.gz");
  gzFile f = gzopen(p.c_str(), "wb");
  gzwrite(f, in.data(), static_cast<unsigned>(in.size()));
  gzclose(f);
  return slurp(p);
}

std::string two_records(const std::string& prefix) {
  return jsonl_record(prefix + "-1", "The first record of " + prefix + ".") + "\n" +
         jsonl_record(prefix + "-2", "The second record of " + prefix + ".") + "\n";
}

TEST(ReadFields, DottedPathsForIdTextAndDate) {
  TempDir dir;
  std::string path = dir.file("nested.jsonl");
  write_file(path,
             "{\"meta\": {\"guid\": \"n-1\", \"lang\": \"en\"}, \"body\": \"Nested fields are found.\", "
             "\"published\": \"Wed, 03 Sep 2025 10:00:00 GMT\", \"section\": \"news\"}\n"
             "{\"meta\": {\"guid\": 7}, \"body\": \"An integer id.\", \"published\": 1756893600}\n"
             "{\"meta\": \"not an object\", \"body\": \"No id here.\"}\n"
             "{\"meta.guid\": \"n-3\", \"body\": \"A key with a dot in it.\"}\n");
  ReadOptions opt;
  opt.id_field = "meta.guid";
  opt.text_field = "body";
  opt.date_field = "published";
  auto o = read_all({path}, opt);
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"n-1", "7", "n-3"}));
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_EQ(o.problems[0].where, path + ":3");
  EXPECT_EQ(o.problems[0].reason, "missing id");
  EXPECT_NE(o.problems[0].message.find("\"meta.guid\""), std::string::npos) << o.problems[0].message;
  const Document& d = *o.by_id["n-1"];
  EXPECT_EQ(d.text, "Nested fields are found.");
  ASSERT_TRUE(d.has_time());
  EXPECT_EQ(d.time, 1756893600);
  EXPECT_EQ(o.by_id["7"]->time, 1756893600) << "epoch seconds given as a JSON number";
  // The fields used are not repeated among the extra fields; the nested object is kept whole.
  EXPECT_EQ(d.extra_json, "{\"meta\":{\"guid\":\"n-1\",\"lang\":\"en\"},\"section\":\"news\"}");
  // With the default fields, the same file has nothing usable, and says which field to use.
  auto plain = read_all({path});
  EXPECT_EQ(plain.corpus.docs.size(), 0u);
  bool hinted = false;
  for (const auto& h : plain.report.hints) hinted |= h.find("--text-field body") != std::string::npos;
  EXPECT_TRUE(hinted);
}

TEST(ReadFields, CliFieldOptionsForDetectAndReport) {
  TempDir dir;
  std::string in = dir.file("in.jsonl"), rel = dir.file("rel.jsonl");
  const std::string text = rtest::kHarbourStory;
  write_file(in, "{\"guid\": \"a\", \"body\": " + rtest::jstr(text) + "}\n{\"guid\": \"b\", \"body\": " +
                     rtest::jstr(text) + "}\n");
  auto r = run_retrace("detect " + shell_quote(in) + " --id-field guid --text-field body --out " + shell_quote(rel));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(slurp(rel).find("\"source\":\"a\",\"copy\":\"b\""), std::string::npos) << slurp(rel);
  auto rep = run_retrace("report " + shell_quote(rel) + " --corpus " + shell_quote(in) +
                         " --id-field guid --text-field body --out " + shell_quote(dir.file("r.html")));
  EXPECT_EQ(rep.code, 0) << rep.err;
  EXPECT_NE(rep.err.find("1 relation over 2 documents"), std::string::npos) << rep.err;
}

TEST(ReadFormats, JsonArray) {
  TempDir dir;
  std::string path = dir.file("array.json");
  // Pretty-printed over many lines, as json.dump(indent=2) writes it.
  write_file(path,
             "[\n  {\n    \"id\": \"a\",\n    \"text\": \"First element.\"\n  },\n  \"not an object\",\n"
             "  {\"id\": \"c\"},\n  {\"id\": \"d\", \"text\": \"Fourth element.\", \"date\": \"2025-09-03\"}\n]\n");
  auto o = read_all({path});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"a", "d"}));
  ASSERT_EQ(o.problems.size(), 2u);
  EXPECT_EQ(o.problems[0].where, path + ": element 2");
  EXPECT_EQ(o.problems[0].reason, "not JSON");
  EXPECT_EQ(o.problems[1].where, path + ": element 3");
  EXPECT_EQ(o.problems[1].reason, "missing text");
  EXPECT_TRUE(o.by_id["d"]->has_time());
  // Broken JSON is one problem naming the file, not a crash.
  write_file(dir.file("broken.json"), "[{\"id\": \"a\", \"text\": \"x\"},\n");
  auto b = read_all({dir.file("broken.json")});
  EXPECT_EQ(b.corpus.docs.size(), 0u);
  ASSERT_EQ(b.problems.size(), 1u);
  EXPECT_EQ(b.problems[0].reason, "not JSON");
  // Through the CLI, compressed, on standard input.
  std::string gz = dir.file("array.gz");
  write_file(gz, gzip(slurp(path)));
  auto r = run_retrace("detect -", gz);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("documents: 2 read, 2 skipped"), std::string::npos) << r.err;
}

TEST(ReadFormats, CsvAndTsvWithAHeader) {
  TempDir dir;
  std::string csv = dir.file("articles.csv");
  write_file(csv,
             "id,title,text,date,section\r\n"
             "c1,Bridge,\"The council said: \"\"It is closed\"\", for now.\",2025-09-03,news\r\n"
             "c2,Two lines,\"A text over\ntwo lines, with a comma.\",,sport\r\n"
             "c3,Short row,only three\r\n"
             "\r\n"
             "c4,Last,\"The last one.\",Wed, 03 Sep 2025 10:00:00 GMT,news\r\n");
  auto o = read_all({csv});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"c1", "c2"}));
  ASSERT_EQ(o.by_id.count("c1"), 1u);
  EXPECT_EQ(o.by_id["c1"]->text, "The council said: \"It is closed\", for now.");
  EXPECT_EQ(o.by_id["c1"]->title, "Bridge");
  EXPECT_TRUE(o.by_id["c1"]->has_time());
  EXPECT_EQ(o.by_id["c1"]->extra_json, "{\"section\":\"news\"}");
  EXPECT_EQ(o.by_id["c2"]->text, "A text over\ntwo lines, with a comma.");
  ASSERT_EQ(o.problems.size(), 2u);
  EXPECT_EQ(o.problems[0].where, csv + ":5");  // line numbers count the line break inside quotes
  EXPECT_EQ(o.problems[0].reason, "bad CSV row");
  EXPECT_EQ(o.problems[1].where, csv + ":7");  // after a blank line; an unquoted comma in the date: 6 fields
  // TSV, compressed with xz, columns named by the options.
  std::string tsv = dir.file("articles.tsv.xz");
  write_file(tsv, xz("guid\tbody\tpublished\nt1\tTab separated.\t1756893600\nt2\tAnother one.\t\n"));
  ReadOptions opt;
  opt.id_field = "guid";
  opt.text_field = "body";
  opt.date_field = "published";
  auto t = read_all({tsv}, opt);
  EXPECT_EQ(ids(t.corpus), (std::vector<std::string>{"t1", "t2"}));
  EXPECT_EQ(t.by_id["t1"]->time, 1756893600);
  // A header without the text column: one problem, and a hint if another column fits.
  write_file(dir.file("body.csv"), "id,body\n1,Some text.\n");
  auto h = read_all({dir.file("body.csv")});
  EXPECT_EQ(h.corpus.docs.size(), 0u);
  ASSERT_EQ(h.problems.size(), 1u);
  EXPECT_EQ(h.problems[0].reason, "missing text");
  ASSERT_FALSE(h.report.hints.empty());
  EXPECT_NE(h.report.hints[0].find("--text-field body"), std::string::npos);
}

TEST(ReadFormats, Bzip2XzAndMagicBytesNotNames) {
  TempDir dir;
  std::map<std::string, std::string> files = {
      {"a.jsonl.bz2", bzip2(two_records("bz2"))},
      {"b.jsonl.xz", xz(two_records("xz"))},
      {"c.jsonl.gz", zstd(two_records("zstd-named-gz"))},  // a zstd file named .gz
      {"d.data", gzip(two_records("gzip-no-extension"))},
      {"e.jsonl.gz", two_records("plain-named-gz")},  // not compressed at all
      {"f.jsonl.gz", gzip(two_records("member-1")) + gzip(two_records("member-2"))},  // pigz, cat a.gz b.gz
      {"g.jsonl.bz2", bzip2(two_records("bz2-stream-1")) + bzip2(two_records("bz2-stream-2"))},
      {"h.jsonl.xz", xz(two_records("xz-stream-1")) + xz(two_records("xz-stream-2"))},
  };
  std::vector<std::string> paths;
  for (const auto& [name, bytes] : files) {
    write_file(dir.file(name), bytes);
    paths.push_back(dir.file(name));
  }
  auto o = read_all(paths);
  EXPECT_EQ(o.problems.size(), 0u) << o.problems[0].message;
  EXPECT_EQ(ids(o.corpus),
            (std::vector<std::string>{"bz2-1", "bz2-2", "xz-1", "xz-2", "zstd-named-gz-1", "zstd-named-gz-2",
                                      "gzip-no-extension-1", "gzip-no-extension-2", "plain-named-gz-1",
                                      "plain-named-gz-2", "member-1-1", "member-1-2", "member-2-1", "member-2-2",
                                      "bz2-stream-1-1", "bz2-stream-1-2", "bz2-stream-2-1", "bz2-stream-2-2",
                                      "xz-stream-1-1", "xz-stream-1-2", "xz-stream-2-1", "xz-stream-2-2"}));
  EXPECT_EQ(o.by_id["xz-2"]->text, "The second record of xz.");
  // Cut short: an error naming the file and the format, for each format.
  for (const auto& [name, bytes] : std::map<std::string, std::string>{
           {"cut.bz2", bzip2(two_records("x"))}, {"cut.xz", xz(two_records("x"))}}) {
    write_file(dir.file(name), bytes.substr(0, bytes.size() / 2));
    ReadReport rep;
    try {
      read_corpus({dir.file(name)}, ReadOptions{}, &rep, [](const Problem&) {});
      ADD_FAILURE() << name << " read without an error";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(dir.file(name)), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }
  }
  // Compressed standard input, every format.
  for (const char* name : {"a.jsonl.bz2", "b.jsonl.xz", "c.jsonl.gz", "d.data"}) {
    auto r = run_retrace("detect - --out /dev/null", dir.file(name));
    EXPECT_EQ(r.code, 0) << name << ": " << r.err;
    EXPECT_NE(r.err.find("documents: 2 read, 0 skipped"), std::string::npos) << name << ": " << r.err;
  }
  EXPECT_EQ(sniff_compression("BZh9"), Compression::kBzip2);
  EXPECT_EQ(sniff_compression("BZhx"), Compression::kNone);
  EXPECT_EQ(sniff_compression(std::string("\xfd" "7zXZ\0", 6)), Compression::kXz);
  EXPECT_EQ(sniff_compression("{\"id\""), Compression::kNone);
}

TEST(ReadFolders, IdsArePathsInsideTheFolder) {
  TempDir dir;
  std::string folder = dir.file("in");
  fs::create_directories(folder + "/a");
  fs::create_directories(folder + "/b/deeper");
  write_file(folder + "/a/story.txt", "The story as outlet A ran it.");
  write_file(folder + "/b/story.txt", "The story as outlet B ran it.");
  write_file(folder + "/b/deeper/story.txt", "A third one.");
  write_file(folder + "/top.txt", "At the top.");
  auto o = read_all({folder});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"a/story", "b/deeper/story", "b/story", "top"}));
  EXPECT_EQ(o.report.total_skipped(), 0u) << "no duplicate id";
  // The same with a trailing slash on the folder.
  auto s = read_all({folder + "/"});
  EXPECT_EQ(ids(s.corpus), ids(o.corpus));
}

TEST(ReadFolders, SymlinkLoopsAndUnreadableEntriesAreSkippedWithANote) {
  TempDir dir;
  std::string folder = dir.file("in");
  fs::create_directories(folder + "/sub");
  write_file(folder + "/good.txt", "A good article.");
  write_file(folder + "/sub/also-good.txt", "Another good article.");
  fs::create_symlink("loop.txt", folder + "/loop.txt");        // points at itself
  fs::create_symlink("nowhere.txt", folder + "/dangling.txt");  // points at nothing
  fs::create_symlink("..", folder + "/sub/up");                 // a folder loop: not followed
  fs::create_symlink("good.txt", folder + "/alias.txt");        // a link to a file is read
  bool root = geteuid() == 0;
  if (!root) {
    fs::create_directories(folder + "/locked");
    write_file(folder + "/locked/secret.txt", "Unreadable.");
    fs::permissions(folder + "/locked", fs::perms::none);
  }
  auto o = read_all({folder});
  if (!root) fs::permissions(folder + "/locked", fs::perms::owner_all);
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"alias", "good", "sub/also-good"}));
  EXPECT_EQ(o.report.skipped["unreadable entry"], root ? 2u : 3u);
  bool loop_named = false;
  for (const auto& p : o.problems) loop_named |= p.where == folder + "/loop.txt";
  EXPECT_TRUE(loop_named);
  // The CLI goes on and says so in the summary.
  auto r = run_retrace("detect " + shell_quote(folder) + " --out /dev/null");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("loop.txt: unreadable entry"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(std::string("skipped (unreadable entry): ") + (root ? "2" : "3")), std::string::npos) << r.err;
}

TEST(ReadRecords, HugeNumbersAreKeptAsText) {
  TempDir dir;
  std::string path = dir.file("big.jsonl");
  write_file(path,
             "{\"id\": \"big\", \"text\": \"A record with big numbers: 1e400 in text is fine.\", "
             "\"views\": 123456789012345678901234567890, \"ratio\": -1e400, \"ok\": 12, \"s\": \"99999999999999999999999\"}\n" +
                 jsonl_record("next", "The next record.") + "\n");
  auto o = read_all({path});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"big", "next"}));
  EXPECT_EQ(o.by_id["big"]->extra_json,
            "{\"views\":\"123456789012345678901234567890\",\"ratio\":\"-1e400\",\"ok\":12,\"s\":\"99999999999999999999999\"}");
  EXPECT_EQ(o.by_id["big"]->text, "A record with big numbers: 1e400 in text is fine.");
  EXPECT_EQ(o.report.warnings["number kept as text"], 1u);
  EXPECT_EQ(o.report.total_skipped(), 0u);
}

TEST(ReadRecords, UnicodeWhiteSpaceOnlyTextIsEmpty) {
  TempDir dir;
  std::string path = dir.file("blank.jsonl");
  // EM SPACE, NO-BREAK SPACE, ZERO WIDTH SPACE, IDEOGRAPHIC SPACE, BYTE ORDER MARK, newline.
  write_file(path, jsonl_record("blank", "\u2003\u00a0\u200b\u3000\ufeff\n") + "\n" +
                       jsonl_record("real", "\u2003Text after an em space.") + "\n");
  auto o = read_all({path});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"real"}));
  EXPECT_EQ(o.report.skipped["empty text"], 1u);
}

TEST(Dates, Iso8601Rfc2822AndEpochSecondsValidated) {
  int64_t t = 0, want = 0;
  ASSERT_TRUE(parse_iso_date("2025-09-03T10:00:00Z", &want));
  for (const char* s : {"2025-09-03T10:00:00Z", "2025-09-03T12:00:00+02:00", "Wed, 03 Sep 2025 10:00:00 GMT",
                        "Wed, 3 Sep 2025 10:00:00 +0000", "03 Sep 2025 12:00:00 +0200", "Wed, 03 Sep 2025 06:00:00 EDT",
                        "wed, 03 sep 2025 10:00 UT", "1756893600"}) {
    ASSERT_TRUE(parse_date(s, &t)) << s;
    EXPECT_EQ(t, want) << s;
  }
  ASSERT_TRUE(parse_date("2024-02-29", &t));  // a leap day
  for (const char* s : {"2025-02-31", "2025-02-29", "2025-04-31", "2025-13-01", "2025-00-10",
                        "Sat, 31 Feb 2025 10:00:00 GMT", "Wed, 03 Sep 2025 25:00:00 GMT", "Wed, 03 Sep 2025 10:00:00 XYZ",
                        "Someday, 03 Sep 2025 10:00:00 GMT", "2025", "20250903", "3rd of May", "", "17568936001234"}) {
    EXPECT_FALSE(parse_date(s, &t)) << s;
  }
  EXPECT_FALSE(parse_iso_date("2025-02-31", &t));
  // Another format, given by the user, first.
  ASSERT_TRUE(parse_date("03/09/2025 10:00", &t, "%d/%m/%Y %H:%M"));
  EXPECT_EQ(t, want);
  EXPECT_FALSE(parse_date("31/02/2025 10:00", &t, "%d/%m/%Y %H:%M"));
  ASSERT_TRUE(parse_date("2025-09-03T10:00:00Z", &t, "%d/%m/%Y %H:%M")) << "the standard forms still work";
}

TEST(Dates, BadDatesAreNotedCappedAndCounted) {
  TempDir dir;
  std::string path = dir.file("dates.jsonl");
  std::string content;
  for (int i = 0; i < 25; ++i)
    content += jsonl_record("bad-" + std::to_string(i), "Text " + std::to_string(i), "2025-02-31") + "\n";
  content += jsonl_record("rss", "Text rss", "Wed, 03 Sep 2025 10:00:00 GMT") + "\n";
  content += jsonl_record("custom", "Text custom", "03.09.2025") + "\n";
  write_file(path, content);
  auto r = run_retrace("detect " + shell_quote(path) + " --out /dev/null --date-format %d.%m.%Y");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find(path + ":1: unreadable date: '2025-02-31'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(path + ":20: unreadable date"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(path + ":21: unreadable date"), std::string::npos) << "capped at 20: " << r.err;
  EXPECT_NE(r.err.find("further 'unreadable date' notes are only counted"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kept with a note (unreadable date): 25"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("documents: 27 read, 0 skipped"), std::string::npos) << r.err;
}

// An oversized record is skipped without being held in memory: the line source keeps only the
// first bytes of a line past the limit, and a text file past the limit is not read at all.
TEST(ReadRecords, OversizedRecordsAreSkippedUnread) {
  TempDir dir;
  std::string path = dir.file("big.jsonl");
  std::string big(3u << 20, 'x');
  const size_t record = jsonl_record("huge", big).size();
  write_file(path, jsonl_record("first", "The first record.") + "\n" + jsonl_record("huge", big) + "\n" +
                       jsonl_record("last", "The last record.") + "\n");
  ReadOptions opt;
  opt.max_text_bytes = 1000;
  auto o = read_all({path}, opt);
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"first", "last"}));
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_EQ(o.problems[0].where, path + ":2");
  EXPECT_NE(o.problems[0].message.find(std::to_string(record) + " bytes in the record"), std::string::npos)
      << o.problems[0].message;
  // Straight on the line source: the long line comes back cut, with its real length.
  auto src = open_lines(path);
  src->set_max_line(100);
  std::string line;
  ASSERT_TRUE(src->next(line));
  EXPECT_EQ(src->cut_length(), 0u);
  ASSERT_TRUE(src->next(line));
  EXPECT_EQ(line.size(), 100u);
  EXPECT_EQ(src->cut_length(), record);
  ASSERT_TRUE(src->next(line));
  EXPECT_EQ(line, jsonl_record("last", "The last record."));
  // A text file past the limit.
  fs::create_directory(dir.file("folder"));
  write_file(dir.file("folder/big.txt"), big);
  write_file(dir.file("folder/small.txt"), "Small.");
  auto f = read_all({dir.file("folder")}, opt);
  EXPECT_EQ(ids(f.corpus), (std::vector<std::string>{"small"}));
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_NE(f.problems[0].message.find("(not read)"), std::string::npos) << f.problems[0].message;
}

}  // namespace
}  // namespace retrace
