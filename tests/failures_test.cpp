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

Corpus three_copies_and_more() {
  Corpus c;
  for (int i = 0; i < 3; ++i) c.docs.push_back(rtest::make_doc("copy-" + std::to_string(i), kStory));
  for (int i = 0; i < 40; ++i)
    c.docs.push_back(rtest::make_doc("filler-" + std::to_string(i),
                                     "Filler article number " + std::to_string(i) + " about snow in the hills."));
  return c;
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
    // The other two copies are still found.
    ASSERT_EQ(r.relations.size(), 1u);
    EXPECT_EQ(r.corpus.docs[r.relations[0].source].id + " " + r.corpus.docs[r.relations[0].copy].id,
              "copy-0 copy-1");
    EXPECT_NE(format_summary(r.stats).find("failed: 1 documents or pairs left out"), std::string::npos);
  }
}

TEST(Failures, APairThatThrowsIsLeftOutAndReported) {
  DetectOptions opt = options(2);
  opt.inspect = [](const char* stage, const Document& d) {
    if (std::string(stage) == "align" && d.id == "copy-1") throw 42;  // not even a std::exception
  };
  DetectResult r = detect_corpus(three_copies_and_more(), opt);
  EXPECT_EQ(r.stats.failures, 2u);  // copy-0 + copy-1 and copy-1 + copy-2
  for (const auto& m : r.stats.failure_messages) {
    EXPECT_EQ(m.rfind("align: document copy-", 0), 0u) << m;
    EXPECT_NE(m.find("unknown error"), std::string::npos) << m;
  }
  ASSERT_EQ(r.relations.size(), 1u);
  EXPECT_EQ(r.corpus.docs[r.relations[0].copy].id, "copy-2");
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
