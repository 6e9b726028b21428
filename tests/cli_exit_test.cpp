// Tests of the command line's contract with scripts (docs/cli.md): exit codes, --version,
// --threads bounds, -q, and the hint given when nothing usable was read.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>

#include "test_support.h"

namespace retrace {
namespace {

using rtest::jsonl_record;
using rtest::run_retrace;
using rtest::shell_quote;
using rtest::TempDir;
using rtest::write_file;

const char* const kText = rtest::kHarbourStory;

TEST(CliExit, UsageErrorsExit64) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  write_file(in, jsonl_record("a", kText) + "\n");
  for (const std::string& args :
       {std::string(""), std::string("frobnicate"), std::string("detect"), "detect " + in + " --no-such-option",
        "detect " + in + " --threads -3", "detect " + in + " --threads 0", "detect " + in + " --threads 257",
        "detect " + in + " --threads 100000", "detect " + in + " --threads many", "report " + in,
        "detect " + in + " --max-text-bytes 0"}) {
    auto r = run_retrace(args);
    EXPECT_EQ(r.code, 64) << "retrace " << args << ": " << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
  }
  auto threads = run_retrace("detect " + shell_quote(in) + " --threads 100000");
  EXPECT_NE(threads.err.find("--threads"), std::string::npos) << threads.err;
  EXPECT_NE(threads.err.find("1 to 256"), std::string::npos) << threads.err;
}

TEST(CliExit, HelpAndVersionExit0) {
  auto help = run_retrace("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("detect"), std::string::npos);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos) << help.out;
  auto detect_help = run_retrace("detect --help");
  EXPECT_EQ(detect_help.code, 0);
  for (const char* opt : {"--out", "--clusters", "--threads", "--quiet", "--strict", "--top-k", "--df-cap"})
    EXPECT_NE(detect_help.out.find(opt), std::string::npos) << opt;
  auto version = run_retrace("--version");
  EXPECT_EQ(version.code, 0);
  EXPECT_EQ(version.out.rfind("retrace ", 0), 0u) << version.out;
  EXPECT_NE(version.out.find_first_of("0123456789"), std::string::npos) << version.out;
}

TEST(CliExit, ThreadsAtTheBoundsAreAccepted) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  write_file(in, jsonl_record("a", kText) + "\n" + jsonl_record("b", kText) + "\n");
  for (const char* t : {"1", "256"}) {
    auto r = run_retrace("detect " + shell_quote(in) + " --threads " + t);
    EXPECT_EQ(r.code, 0) << t << ": " << r.err;
    EXPECT_NE(r.out.find("\"relation\":\"duplicate\""), std::string::npos);
  }
}

TEST(CliExit, QuietPrintsNothingButErrors) {
  TempDir dir;
  std::string in = dir.file("in.jsonl"), out = dir.file("rel.jsonl");
  write_file(in, jsonl_record("a", kText, "2025-13-45") + "\n" + jsonl_record("b", kText) + "\n{\"id\": \"c\"}\n");
  auto loud = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(out));
  EXPECT_EQ(loud.code, 0) << loud.err;
  EXPECT_NE(loud.err.find("in.jsonl:3: missing text"), std::string::npos) << loud.err;
  EXPECT_NE(loud.err.find("documents: 2 read, 1 skipped"), std::string::npos) << loud.err;
  for (const char* q : {"-q", "--quiet"}) {
    auto quiet = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(out) + " " + q);
    EXPECT_EQ(quiet.code, 0);
    EXPECT_EQ(quiet.err, "") << q;
  }
  // An error is still printed, naming file and line.
  auto strict = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(out) + " -q --strict");
  EXPECT_EQ(strict.code, 1);
  EXPECT_NE(strict.err.find("retrace: error: --strict: 1 bad record (first: "), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("in.jsonl:3: missing text"), std::string::npos) << strict.err;
  auto report = run_retrace("report " + shell_quote(out) + " --corpus " + shell_quote(in) + " --out " +
                            shell_quote(dir.file("r.html")) + " -q");
  EXPECT_EQ(report.code, 0) << report.err;
  EXPECT_EQ(report.err, "");
}

// A run that reads no usable document exits 3, names the first problem and the likely cause.
struct NothingCase {
  std::string name, bytes, hint;
};

TEST(CliExit, NothingUsableReadExits3WithAHint) {
  TempDir dir;
  std::vector<NothingCase> cases = {
      {"body.jsonl", "{\"id\":\"a\",\"body\":\"Some text.\"}\n", "no \"text\" field but a \"body\" one: use --text-field body"},
      {"content.jsonl", "{\"id\":\"a\",\"content\":\"Some text.\"}\n", "use --text-field content"},
      {"guid.jsonl", "{\"guid\":\"a\",\"text\":\"Some text.\"}\n", "use --id-field guid"},
      {"lz4.jsonl", std::string("\x04\x22\x4d\x18\x64\x40\xa7\x00\xff\xfe\x80\x81", 12), "compressed in a format"},
      {"empty.jsonl", "", "empty.jsonl is empty"},
  };
  for (const auto& c : cases) {
    std::string path = dir.file(c.name);
    write_file(path, c.bytes);
    std::string out = dir.file(c.name + ".out");
    auto r = run_retrace("detect " + shell_quote(path) + " --out " + shell_quote(out));
    EXPECT_EQ(r.code, 3) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find("no usable document read"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.hint), std::string::npos) << c.name << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << "nothing written for " << c.name;
  }
  std::filesystem::create_directory(dir.file("folder"));
  write_file(dir.file("folder/notes.md"), "not an article");
  auto folder = run_retrace("detect " + shell_quote(dir.file("folder")));
  EXPECT_EQ(folder.code, 3);
  EXPECT_NE(folder.err.find("has no .txt files"), std::string::npos) << folder.err;
  // The report over a corpus with nothing usable.
  write_file(dir.file("rel.jsonl"), "");
  auto report = run_retrace("report " + shell_quote(dir.file("rel.jsonl")) + " --corpus " +
                            shell_quote(dir.file("body.jsonl")) + " --out " + shell_quote(dir.file("r.html")));
  EXPECT_EQ(report.code, 3) << report.err;
  EXPECT_NE(report.err.find("--text-field body"), std::string::npos) << report.err;
}

// --log-format json: every line on standard error is one JSON object with a level.
TEST(CliExit, LogFormatJsonForMachines) {
  TempDir dir;
  std::string in = dir.file("in.jsonl");
  write_file(in, jsonl_record("a", kText, "2025-02-31") + "\n" + jsonl_record("b", kText) + "\n{\"id\": \"c\"}\n");
  std::map<std::string, int> levels;
  simdjson::dom::parser parser;
  std::string summary;
  for (const std::string& args : {"detect " + shell_quote(in) + " --log-format json",
                                  "--log-format json detect " + shell_quote(dir.file("missing.jsonl")),
                                  "detect " + shell_quote(in) + " --out " + shell_quote(in) + " --log-format json"}) {
    auto r = run_retrace(args);
    std::istringstream lines(r.err);
    for (std::string line; std::getline(lines, line);) {
      simdjson::dom::element el;
      ASSERT_EQ(parser.parse(line).get(el), simdjson::SUCCESS) << line;
      std::string_view level;
      ASSERT_EQ(el["level"].get_string().get(level), simdjson::SUCCESS) << line;
      ++levels[std::string(level)];
      if (level == "summary") summary = line;
      if (level == "skipped") {
        EXPECT_EQ(std::string(el["where"].get_string().value()), in + ":3");
        EXPECT_EQ(std::string(el["reason"].get_string().value()), "missing text");
      }
    }
  }
  EXPECT_EQ(levels["skipped"], 1);
  EXPECT_EQ(levels["note"], 1);  // the date
  EXPECT_EQ(levels["summary"], 1);
  EXPECT_EQ(levels["error"], 2);  // the missing input, the output that is an input
  EXPECT_NE(summary.find("\"documents\":2,\"skipped\":{\"missing text\":1},\"notes\":{\"unreadable date\":1}"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("\"relations\":{\"duplicate\":1}"), std::string::npos) << summary;
}

}  // namespace
}  // namespace retrace
