// Tests that the tests which need the shared corpora (../shared) skip, naming what is missing,
// instead of failing, in a clone without them (test_support.h, require_shared). Runs this test
// binary again with the corpora pointed elsewhere.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>

#include "test_support.h"

namespace {

TEST(SharedCorpora, MissingCorporaMakeTestsSkipWithAMessage) {
  rtest::TempDir dir;
  std::string log = dir.file("log");
  // A plain test, a fixture whose suite set-up reads the corpus, and one that needs no corpus.
  std::string cmd = "RETRACE_SHARED_DIR=" + rtest::shell_quote(dir.file("nowhere")) +
                    " /proc/self/exe --gtest_filter=Relate.UnrelatedArticlesAreNothing:"
                    "BbcDetect.DamagedReprintIsFoundAmongAllArticles:Outputs.TwoOutputsToOneFileAreRefused > " +
                    rtest::shell_quote(log) + " 2>&1";
  // /proc/self/exe of the shell is the shell: resolve the test binary here.
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  cmd.replace(cmd.find("/proc/self/exe"), 14, rtest::shell_quote(self));
  int status = std::system(cmd.c_str());
  std::string out = rtest::slurp(log);
  ASSERT_TRUE(WIFEXITED(status)) << out;
  EXPECT_EQ(WEXITSTATUS(status), 0) << out;
  EXPECT_NE(out.find("[  SKIPPED ] Relate.UnrelatedArticlesAreNothing"), std::string::npos) << out;
  EXPECT_NE(out.find("[  SKIPPED ] BbcDetect.DamagedReprintIsFoundAmongAllArticles"), std::string::npos) << out;
  EXPECT_NE(out.find("[       OK ] Outputs.TwoOutputsToOneFileAreRefused"), std::string::npos) << out;
  EXPECT_NE(out.find("needs the shared corpora"), std::string::npos) << out;
  EXPECT_NE(out.find("nowhere/corpora/bbc/bbc.jsonl is missing"), std::string::npos) << out;
}

}  // namespace
