// The public API's pulled articles (retrace::api::ArticleSource): detect, train and add take the
// articles one at a time and give what the std::vector calls give; what the source throws
// reaches the caller.
#include <retrace/retrace.h>

#include <stdexcept>

#include "test_support.h"

namespace {

namespace api = retrace::api;

std::vector<api::Article> harbour_corpus() {
  std::string story = rtest::kHarbourStory;
  std::string reprint = story;
  reprint.replace(reprint.find("the eastern"), 11, "theeastern");  // a word run together
  return {{"wire-1", story, "2025-06-02", "wire"},
          {"other", "Snow fell heavily overnight in the mountains, closing two passes and stranding a coach of "
                    "tourists near the border. Rescue teams reached them by morning.", "2025-06-02", "wire"},
          {"paper-1", reprint, "2025-06-03", "paper"},
          {"paper-2", story, "2025-06-04", "paper"}};
}

api::ArticleSource pulling(const std::vector<api::Article>& v, size_t* pulled = nullptr) {
  auto i = std::make_shared<size_t>(0);
  return [&v, i, pulled](api::Article& a) {
    if (*i == v.size()) return false;
    a = v[(*i)++];
    if (pulled) *pulled = *i;
    return true;
  };
}

std::vector<std::string> jsons(const std::vector<api::Relation>& rs) {
  std::vector<std::string> out;
  for (const auto& r : rs) out.push_back(r.json);
  std::sort(out.begin(), out.end());
  return out;
}

struct Problems : api::Sink {
  std::vector<std::string> seen;
  void problem(const std::string& where, const std::string& reason, const std::string&) override {
    seen.push_back(where + ": " + reason);
  }
};

}  // namespace

TEST(Api, DetectOnPulledArticlesGivesTheRelationsOfTheVectorCall) {
  auto corpus = harbour_corpus();
  api::Options opt;
  opt.threads = 2;
  auto from_vector = api::detect(corpus, opt);
  ASSERT_TRUE(from_vector.ok()) << from_vector.status().message();
  size_t pulled = 0;
  auto from_source = api::detect(pulling(corpus, &pulled), opt);
  ASSERT_TRUE(from_source.ok()) << from_source.status().message();
  EXPECT_EQ(pulled, corpus.size());
  ASSERT_FALSE(from_vector->empty());
  EXPECT_EQ(jsons(*from_vector), jsons(*from_source));
}

// Pulled articles wait on disk in Options::temp_dir while detect() runs; a folder that cannot
// hold them is an I/O error naming it, and nothing is detected.
TEST(Api, PulledArticlesWaitInTheTemporaryFolder) {
  auto corpus = harbour_corpus();
  rtest::TempDir dir;
  api::Options opt;
  opt.threads = 2;
  opt.temp_dir = dir.path();
  auto in_folder = api::detect(pulling(corpus), opt);
  ASSERT_TRUE(in_folder.ok()) << in_folder.status().message();
  EXPECT_EQ(jsons(*in_folder), jsons(*api::detect(corpus, opt)));
  opt.temp_dir = dir.file("missing");
  auto missing = api::detect(pulling(corpus), opt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), api::Status::Code::kIOError);
  EXPECT_NE(missing.status().message().find("missing"), std::string::npos) << missing.status().message();
}

TEST(Api, PulledRecordsThatCannotBeUsedAreReportedAndLeftOut) {
  auto corpus = harbour_corpus();
  corpus.push_back({"", "a text without an id"});
  corpus.push_back({"wire-1", "the same id again"});
  corpus.push_back({"blank", "  \n"});
  Problems sink;
  auto found = api::detect(pulling(corpus), {}, nullptr, &sink);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(sink.seen, (std::vector<std::string>{"(no id): missing id", "wire-1: duplicate id", "blank: empty text"}));
}

TEST(Api, WhatTheSourceThrowsReachesTheCaller) {
  int calls = 0;
  api::ArticleSource failing = [&](api::Article& a) -> bool {
    if (++calls == 3) throw std::runtime_error("record 3: no text");
    a = {"a" + std::to_string(calls), rtest::kHarbourStory};
    return true;
  };
  try {
    (void)api::detect(failing);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "record 3: no text");
  }
  calls = 0;
  EXPECT_THROW((void)api::Model::train(failing), std::runtime_error);
}

TEST(Api, TrainAndAddOnPulledArticles) {
  rtest::TempDir dir;
  auto corpus = harbour_corpus();
  auto model = api::Model::train(pulling(corpus));
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_EQ(model->documents(), api::Model::train(corpus)->documents());
  auto index = api::Index::create(dir.path() + "/idx", *model);
  ASSERT_TRUE(index.ok()) << index.status().message();
  auto added = index->add(pulling(corpus));
  ASSERT_TRUE(added.ok()) << added.status().message();
  EXPECT_FALSE(added->empty());
  EXPECT_EQ(index->stats()->documents, corpus.size());
}
