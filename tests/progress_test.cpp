// Tests of the progress display (pipeline/progress.h): the stage counter, elapsed time, an ETA
// only once there is a rate, finished stages said as done (not "ETA 0s"), and a stage that
// counts nothing shown as working (not "0 0/s").
#include <gtest/gtest.h>

#include <string>

#include "pipeline/progress.h"
#include "test_support.h"

namespace retrace {
namespace {

TEST(Progress, LinesSayStageElapsedAndAnHonestEta) {
  EXPECT_EQ(format_progress("fingerprint", 1000, 4000, 2.0, false),
            "[3/5] fingerprint  1000/4000 (25%)  500/s  2s elapsed, ETA 6s");
  // No rate yet: no ETA.
  EXPECT_EQ(format_progress("align", 0, 4000, 3.0, false), "[5/5] align        0/4000 (0%)  0/s  3s elapsed, ETA --");
  EXPECT_EQ(format_progress("align", 10, 4000, 0.2, false).find("ETA --") != std::string::npos, true);
  // Finished.
  EXPECT_EQ(format_progress("statistics", 2225, 2225, 0.5, true), "[2/5] statistics   2225 done in 0.5s (4450/s)");
  EXPECT_EQ(format_progress("candidates", 0, 0, 12.25, true), "[4/5] candidates   done in 12.2s");
  // Running, nothing counted: working.
  EXPECT_EQ(format_progress("candidates", 0, 0, 12.0, false), "[4/5] candidates   working, 12s elapsed");
  EXPECT_EQ(format_progress("read", 5000, 0, 2.0, false), "[1/5] read         5000  2500/s  2s elapsed");
  for (const char* stage : {"read", "statistics", "fingerprint", "candidates", "align"})
    EXPECT_EQ(format_progress(stage, 1, 1, 1, true).find("ETA"), std::string::npos) << stage;
}

// On a terminal (a pseudo-terminal from script(1)), every stage ends with a "done" line.
TEST(Progress, ShownOnATerminalWithEveryStage) {
  if (std::system("command -v script > /dev/null 2>&1") != 0) GTEST_SKIP() << "script(1) is not installed";
  rtest::TempDir dir;
  std::string in = dir.file("in.jsonl"), log = dir.file("log");
  rtest::write_file(in, rtest::jsonl_record("a", rtest::kHarbourStory) + "\n" +
                            rtest::jsonl_record("b", rtest::kHarbourStory) + "\n");
  std::string cmd = "script -qec " +
                    rtest::shell_quote(rtest::shell_quote(RETRACE_BINARY) + " detect " + rtest::shell_quote(in) +
                                       " --out /dev/null") +
                    " /dev/null > " + rtest::shell_quote(log) + " 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << rtest::slurp(log);
  std::string out = rtest::slurp(log);
  for (const char* line : {"[1/5] read         2 done in", "[2/5] statistics   2 done in", "[3/5] fingerprint  2 done in",
                           // candidates: each of its three indexes counts both documents
                           "[4/5] candidates   6 done in", "[5/5] align        1 done in"})
    EXPECT_NE(out.find(line), std::string::npos) << line << "\n" << out;
  EXPECT_EQ(out.find("ETA 0s"), std::string::npos) << out;
}

}  // namespace
}  // namespace retrace
