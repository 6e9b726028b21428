// Tests of how retrace writes its outputs (write/output_file.h, through the CLI): an output
// that is an input or another output is refused before any work, a failed or killed run leaves
// the previous output as it was, and a full disk is an error, not a cut file with exit 0.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "test_support.h"
#include "write/output_file.h"

namespace retrace {
namespace {

namespace fs = std::filesystem;
using rtest::jsonl_record;
using rtest::run_retrace;
using rtest::shell_quote;
using rtest::slurp;
using rtest::TempDir;
using rtest::write_file;

const char* const kStory = rtest::kHarbourStory;

// Three copies of one story (three duplicate relations, one cluster) and an unrelated text.
// `copies` identical stories (each related to the first) and one unrelated text.
std::string corpus_with_relations(int copies = 3) {
  std::string s;
  for (int i = 0; i < copies; ++i) s += jsonl_record("d" + std::to_string(i), kStory) + "\n";
  s += jsonl_record("other", "Snow fell heavily overnight in the mountains, closing two passes.") + "\n";
  return s;
}

const std::string kOld = "previous good output\n";

// Files in dir other than the ones named: temporary files left behind.
std::vector<std::string> others(const std::string& dir, const std::vector<std::string>& known) {
  std::vector<std::string> out;
  for (auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (std::find(known.begin(), known.end(), name) == known.end()) out.push_back(name);
  }
  return out;
}

TEST(Outputs, OutputThatIsTheInputIsRefusedAndTheInputKept) {
  TempDir dir;
  std::string in = dir.file("c.jsonl");
  write_file(in, corpus_with_relations());
  const std::string before = slurp(in);
  fs::create_directory(dir.file("sub"));
  fs::create_symlink(in, dir.file("link.jsonl"));
  // The same file named three ways: as given, through "..", through a symbolic link.
  for (const std::string& out : {in, dir.file("sub/../c.jsonl"), dir.file("link.jsonl")}) {
    auto r = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(out) + " --quiet");
    EXPECT_EQ(r.code, 2) << out;
    EXPECT_NE(r.err.find("is also an input"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("documents:"), std::string::npos) << "refused before any work: " << r.err;
    EXPECT_EQ(slurp(in), before) << "the corpus is untouched";
  }
  for (const char* opt : {"--clusters", "--features"}) {
    auto r = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(dir.file("r.jsonl")) + " " + opt +
                         " " + shell_quote(in) + " --quiet");
    EXPECT_EQ(r.code, 2) << opt;
    EXPECT_NE(r.err.find(std::string(opt) + " " + in + " is also an input"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(in), before);
  }
}

TEST(Outputs, TwoOutputsToOneFileAreRefused) {
  TempDir dir;
  std::string in = dir.file("c.jsonl"), x = dir.file("x.jsonl");
  write_file(in, corpus_with_relations());
  auto r = run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(x) + " --clusters " + shell_quote(x) +
                       " --quiet");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--out and --clusters are the same file"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(x)) << "nothing written";
  auto s = run_retrace("detect " + shell_quote(in) + " --clusters - --quiet");
  EXPECT_EQ(s.code, 2);
  EXPECT_NE(s.err.find("both write to standard output"), std::string::npos) << s.err;
}

TEST(Outputs, ReportOntoItsCorpusOrRelationsIsRefused) {
  TempDir dir;
  std::string in = dir.file("c.jsonl"), rel = dir.file("r.jsonl");
  write_file(in, corpus_with_relations());
  ASSERT_EQ(run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(rel) + " --quiet").code, 0);
  const std::string corpus = slurp(in), relations = slurp(rel);
  for (const std::string& target : {in, rel}) {
    auto r = run_retrace("report " + shell_quote(rel) + " --corpus " + shell_quote(in) + " --out " +
                         shell_quote(target) + " --quiet");
    EXPECT_EQ(r.code, 2) << target;
    EXPECT_NE(r.err.find("is also an input"), std::string::npos) << r.err;
  }
  EXPECT_EQ(slurp(in), corpus);
  EXPECT_EQ(slurp(rel), relations);
}

TEST(Outputs, AFailedRunLeavesThePreviousOutputs) {
  TempDir dir;
  std::string in = dir.file("c.jsonl"), rel = dir.file("r.jsonl"), cl = dir.file("cl.jsonl"),
              feat = dir.file("f.jsonl");
  write_file(in, corpus_with_relations() + "{\"id\": \"bad\"}\n");
  for (const auto& p : {rel, cl, feat}) write_file(p, kOld);
  const std::string outs = " --out " + shell_quote(rel) + " --clusters " + shell_quote(cl) + " --features " +
                           shell_quote(feat) + " --quiet";
  // --strict with a bad record.
  auto strict = run_retrace("detect " + shell_quote(in) + outs + " --strict");
  EXPECT_EQ(strict.code, 1) << strict.err;
  // A truncated .gz input.
  std::string gz = dir.file("t.jsonl.gz");
  write_file(gz, std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + "\xab\xcd");
  auto cut = run_retrace("detect " + shell_quote(gz) + outs);
  EXPECT_EQ(cut.code, 2) << cut.err;
  EXPECT_NE(cut.err.find("t.jsonl.gz"), std::string::npos) << cut.err;
  for (const auto& p : {rel, cl, feat}) EXPECT_EQ(slurp(p), kOld) << p;
  EXPECT_TRUE(others(dir.path(), {"c.jsonl", "r.jsonl", "cl.jsonl", "f.jsonl", "t.jsonl.gz"}).empty())
      << "no temporary file left";
  // A run that succeeds replaces all three, keeping their mode, and leaves no temporary file.
  chmod(rel.c_str(), 0640);
  auto ok = run_retrace("detect " + shell_quote(in) + outs);
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(slurp(rel).find("\"relation\":\"duplicate\""), std::string::npos);
  EXPECT_NE(slurp(cl).find("\"size\":3"), std::string::npos);
  EXPECT_NE(slurp(feat).find("\"relation\":\"duplicate\""), std::string::npos);
  struct stat st;
  ASSERT_EQ(stat(rel.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_TRUE(others(dir.path(), {"c.jsonl", "r.jsonl", "cl.jsonl", "f.jsonl", "t.jsonl.gz"}).empty());
}

TEST(Outputs, AKilledRunLeavesThePreviousOutput) {
  TempDir dir;
  std::string in = dir.file("c.jsonl"), rel = dir.file("r.jsonl");
  write_file(in, corpus_with_relations(8));
  write_file(rel, kOld);
  // The file size limit kills retrace (SIGXFSZ) in the middle of writing its 1.7 KB of output.
  std::string cmd = "sh -c " + shell_quote("ulimit -f 1; exec " + shell_quote(RETRACE_BINARY) + " detect " +
                                           shell_quote(in) + " --out " + shell_quote(rel) + " --quiet") +
                    " 2>/dev/null";
  int status = std::system(cmd.c_str());
  EXPECT_NE(status, 0);
  EXPECT_EQ(slurp(rel), kOld);
}

TEST(Outputs, DiskFullIsAnErrorAndLeavesTheOtherOutputs) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  TempDir dir;
  std::string in = dir.file("c.jsonl"), rel = dir.file("r.jsonl"), cl = dir.file("cl.jsonl");
  write_file(in, corpus_with_relations());
  write_file(rel, kOld);
  write_file(cl, kOld);
  for (const char* full : {"--clusters", "--features", "--out"}) {
    std::string args = "detect " + shell_quote(in) + " --quiet";
    if (std::string(full) != "--out") args += " --out " + shell_quote(rel);
    if (std::string(full) != "--clusters") args += " --clusters " + shell_quote(cl);
    auto r = run_retrace(args + " " + full + " /dev/full");
    EXPECT_EQ(r.code, 2) << full << ": " << r.err;
    EXPECT_NE(r.err.find("/dev/full: write failed: No space left on device"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("documents:"), std::string::npos) << "no summary of success: " << r.err;
    EXPECT_EQ(slurp(rel), kOld) << full;
    EXPECT_EQ(slurp(cl), kOld) << full;
  }
  // Standard output on a full disk, and the report.
  std::string err = dir.file("err");
  int status = std::system((shell_quote(RETRACE_BINARY) + " detect " + shell_quote(in) + " --quiet > /dev/full 2> " +
                            shell_quote(err)).c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2) << status;
  EXPECT_NE(slurp(err).find("standard output: write failed: No space left on device"), std::string::npos)
      << slurp(err);
  ASSERT_EQ(run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(dir.file("good.jsonl")) + " -q").code, 0);
  auto rep = run_retrace("report " + shell_quote(dir.file("good.jsonl")) + " --corpus " + shell_quote(in) +
                         " --out /dev/full --quiet");
  EXPECT_EQ(rep.code, 2);
  EXPECT_NE(rep.err.find("/dev/full: write failed"), std::string::npos) << rep.err;
}

TEST(Outputs, ReportReplacesItsOutputOnlyOnSuccess) {
  TempDir dir;
  std::string in = dir.file("c.jsonl"), rel = dir.file("r.jsonl"), html = dir.file("report.html");
  write_file(in, corpus_with_relations());
  ASSERT_EQ(run_retrace("detect " + shell_quote(in) + " --out " + shell_quote(rel) + " --quiet").code, 0);
  write_file(html, kOld);
  write_file(dir.file("bad.jsonl"), "{oops\n");
  auto bad = run_retrace("report " + shell_quote(dir.file("bad.jsonl")) + " --corpus " + shell_quote(in) +
                         " --out " + shell_quote(html) + " --quiet");
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(slurp(html), kOld);
  auto ok = run_retrace("report " + shell_quote(rel) + " --corpus " + shell_quote(in) + " --out " +
                        shell_quote(html) + " --quiet");
  EXPECT_EQ(ok.code, 0) << ok.err;
  EXPECT_NE(slurp(html).find("<html"), std::string::npos);
}

TEST(OutputFile, LibraryUse) {
  TempDir dir;
  std::string p = dir.file("a.txt");
  write_file(p, kOld);
  {
    OutputFile f(p);
    f.write("new");
    // Not committed: the old file stays and the temporary one goes.
  }
  EXPECT_EQ(slurp(p), kOld);
  EXPECT_EQ(others(dir.path(), {"a.txt"}).size(), 0u);
  {
    OutputFile f(p);
    f.stream() << "new " << 42 << '\n';
    EXPECT_EQ(slurp(p), kOld) << "not visible before commit";
    f.commit();
  }
  EXPECT_EQ(slurp(p), "new 42\n");
  if (geteuid() != 0) {  // root may write anything
    write_file(dir.file("ro.txt"), kOld);
    chmod(dir.file("ro.txt").c_str(), 0444);
    EXPECT_THROW(OutputFile(dir.file("ro.txt")), OutputError) << "a read-only file is not replaced";
  }
  EXPECT_THROW(OutputFile(dir.file("no/such/folder/x")), OutputError);
  EXPECT_THROW(OutputFile(dir.path()), OutputError);
  EXPECT_THROW(check_paths({{p, "input"}}, {{dir.file("./a.txt"), "--out"}}), OutputError);
  EXPECT_NO_THROW(check_paths({{p, "input"}, {"-", "input"}}, {{dir.file("b.txt"), "--out"}, {"-", "--clusters"}}));
  EXPECT_NO_THROW(check_paths({}, {{"/dev/null", "--out"}, {"/dev/null", "--clusters"}}));
}

}  // namespace
}  // namespace retrace
