// Tests of the corpus model (index/model.h): trained on a corpus, saved, loaded, and used by
// detect in place of the statistics of its own inputs.
#include <gtest/gtest.h>

#include <string>

#include "clean/lexicon.h"
#include "index/model.h"
#include "pipeline/detect.h"
#include "read/reader.h"
#include "test_support.h"
#include "test_texts.h"

namespace retrace {
namespace {

using rtest::TempDir;

DetectOptions quiet(std::shared_ptr<const CorpusModel> model = nullptr) {
  DetectOptions opt;
  opt.threads = 2;
  opt.progress = false;
  opt.model = std::move(model);
  return opt;
}

std::vector<std::string> lines(const DetectResult& r) {
  std::vector<std::string> out;
  for (const auto& rel : r.relations)
    out.push_back(r.corpus.docs[rel.source].id + " " + r.corpus.docs[rel.copy].id + " " + to_string(rel.kind) + " " +
                  std::to_string(rel.score));
  return out;
}

TEST(Model, SavedAndLoadedModelDetectsAsTheInputsOwnStatistics) {
  rtest::require_shared();
  const Corpus& bbc = rtest::bbc_corpus();
  auto model = train_model(bbc, 2);
  EXPECT_EQ(model->documents, model->lex.docs());
  EXPECT_LT(model->documents, bbc.docs.size()) << "the 98 exact duplicates count once";
  TempDir dir;
  const std::string path = dir.file("bbc.model");
  model->provenance = "BBC, for a test";
  save_model(*model, path);
  auto loaded = load_model(path);
  EXPECT_EQ(loaded->documents, model->documents);
  EXPECT_EQ(loaded->provenance, "BBC, for a test");
  EXPECT_EQ(loaded->bp.size(), model->bp.size());
  for (const char* w : {"the", "minister", "harbour", "broadband"}) {
    EXPECT_EQ(loaded->lex.count(w), model->lex.count(w)) << w;
    uint64_t s = stem_id(w);
    EXPECT_EQ(loaded->lex.stem_df(s), model->lex.stem_df(s)) << w;
    EXPECT_FLOAT_EQ(loaded->lex.idf(s), model->lex.idf(s)) << w;
  }
  // detect with the loaded model says what detect says with its own statistics.
  DetectResult own = detect_corpus(bbc, quiet());
  DetectResult with = detect_corpus(bbc, quiet(std::shared_ptr<const CorpusModel>(std::move(loaded))));
  EXPECT_EQ(lines(with), lines(own));
  EXPECT_FALSE(own.relations.empty());
}

TEST(Model, ADamagedOrForeignFileIsAnErrorNamingIt) {
  Corpus c;
  c.docs.push_back(rtest::make_doc("a", rtest::kHarbourStory));
  auto model = train_model(c, 1);
  TempDir dir;
  const std::string path = dir.file("m.model");
  save_model(*model, path);
  std::string bytes = rtest::slurp(path);
  auto expect_error = [&](const std::string& content, const std::string& what) {
    rtest::write_file(path, content);
    try {
      load_model(path);
      ADD_FAILURE() << "no error for " << what;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  std::string flipped = bytes;
  flipped[flipped.size() - 3] ^= 0x5a;
  expect_error(flipped, "checksum");
  expect_error(bytes.substr(0, bytes.size() - 10), "truncated");
  expect_error("{\"id\": \"x\", \"text\": \"not a model\"}\n", "no model header");
  std::string future = bytes;
  future[8] = 9;  // format version 9
  expect_error(future, "format version 9");
  EXPECT_THROW(load_model(dir.file("missing.model")), InputError);
}

}  // namespace
}  // namespace retrace
