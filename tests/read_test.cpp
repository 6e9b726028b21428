// Tests of the read stage (read/reader.h, read/line_source.h): JSON Lines, .gz, .zst,
// folders of .txt files, and the accounting of every kind of bad record.
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <map>
#include <string>
#include <vector>

#include "read/line_source.h"
#include "read/reader.h"
#include "test_support.h"

namespace retrace {
namespace {

using rtest::jsonl_record;
using rtest::TempDir;
using rtest::write_file;

struct ReadOutcome {
  Corpus corpus;
  ReadReport report;
  std::vector<Problem> problems;
};

ReadOutcome read_all(const std::vector<std::string>& inputs, ReadOptions opt = {}) {
  ReadOutcome o;
  o.corpus = read_corpus(inputs, opt, &o.report, [&](const Problem& p) { o.problems.push_back(p); });
  return o;
}

const Problem* problem_with(const ReadOutcome& o, const std::string& reason) {
  for (const auto& p : o.problems)
    if (p.reason == reason) return &p;
  return nullptr;
}

std::vector<std::string> ids(const Corpus& c) {
  std::vector<std::string> out;
  for (const auto& d : c.docs) out.push_back(d.id);
  return out;
}

// One JSONL file holding every kind of bad record between good ones.
TEST(Read, EveryBadRecordKindIsSkippedCountedAndNamedByFileAndLine) {
  TempDir dir;
  std::string path = dir.file("mixed.jsonl");
  std::string big(300, 'x');
  std::vector<std::string> lines = {
      jsonl_record("good-1", "The first good article, with enough words to count."),  // 1
      "this line is not JSON at all",                                                  // 2
      "{\"text\": \"no id in this record\"}",                                          // 3
      "{\"id\": \"no-text\", \"title\": \"a title only\"}",                             // 4
      "{\"id\": \"bad-utf8\", \"text\": \"caf\xff\xfe bytes\"}",                        // 5
      jsonl_record("empty", " \n\t "),                                                 // 6
      jsonl_record("good-1", "A different text under a repeated id."),                // 7
      jsonl_record("too-big", "Big " + big),                                           // 8
      "",                                                                              // 9 (blank: ignored)
      jsonl_record("good-2", "The second good article, after all the bad ones."),     // 10
      "[1, 2, 3]",                                                                     // 11 (JSON, not an object)
  };
  std::string content;
  for (auto& l : lines) content += l + "\n";
  write_file(path, content);

  ReadOptions opt;
  opt.max_text_bytes = 200;
  auto o = read_all({path}, opt);

  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"good-1", "good-2"}));
  EXPECT_EQ(o.corpus.docs[0].text, "The first good article, with enough words to count.");
  EXPECT_EQ(o.report.documents, 2u);
  std::map<std::string, uint64_t> want = {{"not JSON", 2},     {"missing id", 1},   {"missing text", 1},
                                          {"invalid UTF-8", 1}, {"empty text", 1},   {"duplicate id", 1},
                                          {"text too large", 1}};
  EXPECT_EQ(o.report.skipped, want);
  EXPECT_EQ(o.report.total_skipped(), 8u);

  std::map<std::string, std::string> where = {{"missing id", ":3"},    {"missing text", ":4"},
                                              {"invalid UTF-8", ":5"}, {"empty text", ":6"},
                                              {"duplicate id", ":7"},  {"text too large", ":8"}};
  for (auto& [reason, line] : where) {
    const Problem* p = problem_with(o, reason);
    ASSERT_NE(p, nullptr) << reason;
    EXPECT_EQ(p->where, path + line) << reason;
    EXPECT_EQ(p->message.rfind(path + line + ": " + reason, 0), 0u) << p->message;
  }
  std::vector<std::string> not_json;
  for (auto& p : o.problems)
    if (p.reason == "not JSON") not_json.push_back(p.where);
  EXPECT_EQ(not_json, (std::vector<std::string>{path + ":2", path + ":11"}));
  // The origin of an accepted document names its line.
  EXPECT_EQ(o.corpus.docs[1].origin, path + ":10");
}

TEST(Read, FieldsDatesIntegerIdsAndExtraFields) {
  TempDir dir;
  std::string path = dir.file("fields.jsonl");
  write_file(path,
             "{\"id\": 42, \"text\": \"Integer ids are accepted.\", \"title\": \"T\", \"date\": \"2025-09-03T10:00:00Z\","
             " \"source\": \"Gazette\", \"url\": \"https://x.example/a\", \"section\": \"news\", \"tags\": [1, 2]}\r\n" +
                 jsonl_record("undated", "A record without a date.", "") + "\r\n" +
                 jsonl_record("bad-date", "A record with a date that is not ISO.", "3rd of May") + "\n");
  auto o = read_all({path});
  ASSERT_EQ(o.corpus.docs.size(), 3u);
  const Document& d = o.corpus.docs[0];
  EXPECT_EQ(d.id, "42");
  EXPECT_EQ(d.title, "T");
  EXPECT_EQ(d.source, "Gazette");
  EXPECT_EQ(d.url, "https://x.example/a");
  ASSERT_TRUE(d.has_time());
  int64_t want;
  ASSERT_TRUE(parse_iso_date("2025-09-03T10:00:00Z", &want));
  EXPECT_EQ(d.time, want);
  EXPECT_EQ(d.extra_json, "{\"section\":\"news\",\"tags\":[1,2]}");
  EXPECT_FALSE(o.corpus.docs[1].has_time());
  EXPECT_EQ(o.corpus.docs[1].extra_json, "{}");
  EXPECT_FALSE(o.corpus.docs[2].has_time());  // kept, the date ignored
  EXPECT_EQ(o.report.total_skipped(), 0u);
}

TEST(Read, IsoDates) {
  int64_t t;
  ASSERT_TRUE(parse_iso_date("1970-01-02", &t));
  EXPECT_EQ(t, 86400);
  ASSERT_TRUE(parse_iso_date("2025-09-03T10:00:00+02:00", &t));
  int64_t z;
  ASSERT_TRUE(parse_iso_date("2025-09-03T08:00:00Z", &z));
  EXPECT_EQ(t, z);
  ASSERT_TRUE(parse_iso_date("2025-09-03 08:00", &t));
  EXPECT_EQ(t, z);
  EXPECT_FALSE(parse_iso_date("03/09/2025", &t));
  EXPECT_FALSE(parse_iso_date("2025-13-01", &t));
  EXPECT_FALSE(parse_iso_date("2025-09-03 soon", &t));
}

// The last record of a file without a trailing newline is a record like any other.
TEST(Read, LastLineWithoutNewline) {
  TempDir dir;
  std::string path = dir.file("nonl.jsonl");
  write_file(path, jsonl_record("a", "First record.") + "\n" + jsonl_record("b", "Last record, no newline."));
  // Straight on the line source, with a cap so that the bug cannot hang the test.
  auto src = open_lines(path);
  std::string line;
  int n = 0;
  while (n < 10 && src->next(line)) ++n;
  ASSERT_EQ(n, 2) << "lines returned by LineSource (capped at 10)";  // else read_all would hang
  auto o = read_all({path});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"a", "b"}));
}

TEST(Read, GzipAndZstdInputs) {
  TempDir dir;
  std::string content = jsonl_record("gz-1", "Compressed with gzip, first record.") + "\n" + "not json\n" +
                        jsonl_record("gz-2", "Compressed with gzip, second record.") + "\n";
  std::string gz = dir.file("input.jsonl.gz");
  {
    gzFile f = gzopen(gz.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(gzwrite(f, content.data(), static_cast<unsigned>(content.size())), static_cast<int>(content.size()));
    ASSERT_EQ(gzclose(f), Z_OK);
  }
  std::string zcontent = jsonl_record("zst-1", "Compressed with zstd, first record.") + "\n" +
                         jsonl_record("zst-2", "Compressed with zstd, second record.") + "\n";
  std::string zst = dir.file("input.jsonl.zst");
  {
    std::string buf(ZSTD_compressBound(zcontent.size()), '\0');
    size_t n = ZSTD_compress(buf.data(), buf.size(), zcontent.data(), zcontent.size(), 3);
    ASSERT_FALSE(ZSTD_isError(n));
    buf.resize(n);
    write_file(zst, buf);
  }
  // The same zstd bytes under a name without the extension: found by magic bytes.
  std::string zst_noext = dir.file("input-zstd.data");
  write_file(zst_noext, rtest::slurp(zst));
  auto o = read_all({gz, zst});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"gz-1", "gz-2", "zst-1", "zst-2"}));
  EXPECT_EQ(o.corpus.docs[3].text, "Compressed with zstd, second record.");
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_EQ(o.problems[0].reason, "not JSON");
  EXPECT_EQ(o.problems[0].where, gz + ":2");

  auto m = read_all({zst_noext});
  EXPECT_EQ(ids(m.corpus), (std::vector<std::string>{"zst-1", "zst-2"}));
}

TEST(Read, CorruptCompressedStreamIsAnInputError) {
  TempDir dir;
  std::string zst = dir.file("broken.jsonl.zst");
  std::string content;
  for (int i = 0; i < 200; ++i) content += jsonl_record("z" + std::to_string(i), "Some text " + std::to_string(i)) + "\n";
  std::string buf(ZSTD_compressBound(content.size()), '\0');
  size_t n = ZSTD_compress(buf.data(), buf.size(), content.data(), content.size(), 3);
  ASSERT_FALSE(ZSTD_isError(n));
  write_file(zst, buf.substr(0, n / 2));  // truncated
  ReadReport rep;
  EXPECT_THROW(read_corpus({zst}, ReadOptions{}, &rep, [](const Problem&) {}), InputError);
}

// A .gz cut short (here: its 8-byte trailer lost, the data itself complete up to a line end) is
// a damaged input, as a truncated .zst already is.
TEST(Read, TruncatedGzipIsAnInputError) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 2000; ++i) content += jsonl_record("g" + std::to_string(i), "Text number " + std::to_string(i)) + "\n";
  std::string full = dir.file("full.jsonl.gz");
  {
    gzFile f = gzopen(full.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
    gzclose(f);
  }
  std::string bytes = rtest::slurp(full);
  std::string cut = dir.file("cut.jsonl.gz");
  write_file(cut, bytes.substr(0, bytes.size() - 8));
  ReadReport rep;
  EXPECT_THROW(read_corpus({cut}, ReadOptions{}, &rep, [](const Problem&) {}), InputError);
}

// Editors on Windows save UTF-8 with a byte order mark; the folder reader drops it, the JSON
// Lines reader should too rather than lose the first record.
TEST(Read, ByteOrderMarkAtTheStartOfAJsonLinesFile) {
  TempDir dir;
  std::string path = dir.file("bom.jsonl");
  write_file(path, "\xEF\xBB\xBF" + jsonl_record("first", "The first record.") + "\n" +
                       jsonl_record("second", "The second record.") + "\n");
  auto o = read_all({path});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(o.report.total_skipped(), 0u);
}

TEST(Read, DuplicateIdAcrossFilesNamesTheSecondFile) {
  TempDir dir;
  std::string a = dir.file("a.jsonl"), b = dir.file("b.jsonl");
  write_file(a, jsonl_record("same", "From the first file.") + "\n");
  write_file(b, jsonl_record("other", "Another.") + "\n" + jsonl_record("same", "From the second file.") + "\n");
  auto o = read_all({a, b});
  EXPECT_EQ(ids(o.corpus), (std::vector<std::string>{"same", "other"}));
  EXPECT_EQ(o.corpus.docs[0].text, "From the first file.");
  const Problem* p = problem_with(o, "duplicate id");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->where, b + ":2");
}

TEST(Read, FolderOfTextFiles) {
  TempDir dir;
  std::string folder = dir.file("articles");
  std::filesystem::create_directories(folder + "/sub");
  write_file(folder + "/storm-warning.txt", "Storm warning issued for the coast.\n");
  write_file(folder + "/sub/budget-vote.txt", "\xEF\xBB\xBFThe budget vote is set for Thursday.\n");
  write_file(folder + "/notes.md", "not an article");
  write_file(folder + "/blank.txt", "  \n\n");
  write_file(folder + "/old-archive.txt", "Caf\xe9 owners \x93welcome\x94 the plan.\n");  // Windows-1252
  auto o = read_all({folder});
  ASSERT_EQ(o.corpus.docs.size(), 3u);
  std::map<std::string, std::string> by_id;
  for (auto& d : o.corpus.docs) by_id[d.id] = d.text;
  EXPECT_EQ(by_id["storm-warning"], "Storm warning issued for the coast.\n");
  EXPECT_EQ(by_id["sub/budget-vote"], "The budget vote is set for Thursday.\n");  // BOM dropped; id = path in the folder
  // A text file that is not UTF-8 is decoded as Windows-1252, kept, and noted.
  EXPECT_EQ(by_id["old-archive"], "Café owners “welcome” the plan.\n");
  EXPECT_EQ(o.report.warnings["not UTF-8"], 1u);
  ASSERT_EQ(o.report.skipped.count("empty text"), 1u);
  const Problem* p = problem_with(o, "empty text");
  ASSERT_NE(p, nullptr);
  EXPECT_NE(p->where.find("blank.txt"), std::string::npos);
}

TEST(Read, MissingInputIsAnErrorBeforeAnyWork) {
  TempDir dir;
  std::string good = dir.file("good.jsonl");
  write_file(good, jsonl_record("a", "text") + "\n");
  std::string missing = dir.file("no-such-file.jsonl");
  try {
    check_inputs({good, missing});
    FAIL() << "check_inputs accepted a missing file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
  }
  EXPECT_THROW(check_inputs({}), InputError);
  EXPECT_NO_THROW(check_inputs({good, "-"}));
}

TEST(Read, MessagesPerReasonLimitsPrintingNotCounting) {
  TempDir dir;
  std::string path = dir.file("many.jsonl");
  std::string content;
  for (int i = 0; i < 30; ++i) content += "not json " + std::to_string(i) + "\n";
  content += jsonl_record("ok", "fine") + "\n";
  write_file(path, content);
  ReadOptions opt;
  opt.messages_per_reason = 3;
  ReadReport rep;
  testing::internal::CaptureStderr();
  Corpus c = read_corpus({path}, opt, &rep);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(rep.skipped["not JSON"], 30u);
  EXPECT_NE(err.find(path + ":1: not JSON"), std::string::npos) << err;
  EXPECT_NE(err.find(path + ":3: not JSON"), std::string::npos) << err;
  EXPECT_EQ(err.find(path + ":4: not JSON"), std::string::npos) << err;
}

}  // namespace
}  // namespace retrace
