// Tests of the fingerprint and candidate stages (fingerprint/fingerprint.h,
// candidates/candidates.h): duplicates by word sequence, damaged copies and rewrites found
// among the 2,225 BBC articles without comparing all pairs.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "candidates/candidates.h"
#include "clean/clean.h"
#include "clean/lexicon.h"
#include "fingerprint/fingerprint.h"
#include "test_support.h"
#include "test_texts.h"

namespace retrace {
namespace {

using rtest::make_doc;

struct Fingerprinted {
  Corpus corpus;
  Lexicon lex;
  std::vector<Fingerprint> fps;
};

// Cleans and fingerprints a corpus as detect does (lexicon from the corpus itself).
void fingerprint_all(Fingerprinted& f) {
  rtest::build_lexicon(f.corpus.docs, f.lex);
  CleanContext ctx{&f.lex, nullptr};
  for (const auto& d : f.corpus.docs) {
    CleanDoc c = clean_document(d, ctx);
    f.fps.push_back(fingerprint(d, c, f.lex, FingerprintOptions{}));
  }
}

// True if the pair is among the candidates, proposed by the given index (Candidate::From bits).
bool has_pair(const std::vector<Candidate>& cands, DocId x, DocId y, uint8_t from) {
  DocId a = std::min(x, y), b = std::max(x, y);
  for (auto& c : cands)
    if (c.a == a && c.b == b && (c.from & from)) return true;
  return false;
}

TEST(Fingerprint, SameWordsSameHashWhateverTheCaseAndPunctuation) {
  Fingerprinted f;
  const std::string text = "Storm closes the coast road. Police urge drivers to stay away from the cliffs, which are unstable.";
  f.corpus.docs = {make_doc("a", text), make_doc("b", "STORM closes the coast road -- police urge drivers to stay away from the cliffs which are unstable!"),
                   make_doc("c", text + " Updated.")};
  fingerprint_all(f);
  EXPECT_EQ(f.fps[0].words_hash, f.fps[1].words_hash);
  EXPECT_NE(f.fps[0].words_hash, f.fps[2].words_hash);
  EXPECT_EQ(f.fps[0].skel_len, rtest::letters(text).size());
  EXPECT_TRUE(std::is_sorted(f.fps[0].surface.begin(), f.fps[0].surface.end()));
  for (uint64_t h : f.fps[0].surface) EXPECT_EQ(h % 16, 0u);
}

TEST(Candidates, DuplicateGroupsFindIdenticalTexts) {
  Fingerprinted f;
  const std::string a = "The council approved the new budget on Monday after a long debate about libraries.";
  const std::string b = "Fishermen protested in the harbour against the new quotas set by the ministry.";
  f.corpus.docs = {make_doc("a1", a), make_doc("b1", b), make_doc("a2", a), make_doc("c", "Something else entirely, about trains."),
                   make_doc("b2", b), make_doc("a3", a)};
  fingerprint_all(f);
  auto sources = duplicate_sources(f.fps);
  EXPECT_EQ(sources, (std::vector<DocId>{0, 1, 0, 3, 1, 0}));
  std::set<std::pair<DocId, DocId>> got;
  for (auto& g : duplicate_pairs(sources)) got.insert({g.a, g.b});
  EXPECT_EQ(got, (std::set<std::pair<DocId, DocId>>{{0, 2}, {0, 5}, {1, 4}}));
  // The source a caller prefers (here the last given) stands for its group.
  auto last = duplicate_sources(f.fps, [](DocId x, DocId y) { return x > y; });
  EXPECT_EQ(last, (std::vector<DocId>{5, 4, 5, 3, 4, 5}));
}

TEST(Candidates, RewriteFoundThroughPairsOfRareTermsThatAreCommonAlone) {
  // A source (first document) and its rewrite (last) share their eight rarest terms: names
  // and figures. In a large corpus each of them is also held by 58 other documents: over the
  // cap of 48, so each term alone only chains its holders and never links these two. Two of
  // them together are rare again: no other document holds two.
  constexpr int kShared = 8, kOthers = 58;
  const size_t n = 2 + kShared * kOthers;
  std::vector<Fingerprint> fps(n);
  auto add = [&](size_t d, uint64_t term, float idf) {
    fps[d].terms.push_back(term);
    fps[d].term_idf.push_back(idf);
  };
  const size_t rewrite = n - 1;
  for (int k = 0; k < kShared; ++k) {
    add(0, 100 + k, 8.0f);
    add(rewrite, 100 + k, 8.0f);
    for (int j = 0; j < kOthers; ++j) add(1 + static_cast<size_t>(k) * kOthers + j, 100 + k, 8.0f);
  }
  uint64_t own = 1000000;
  for (size_t d = 0; d < n; ++d) {
    for (int u = 0; u < 8; ++u) add(d, own++, 6.0f);  // rarest first: the shared ones lead
    fps[d].words_hash = d + 1;
    fps[d].skel_len = 1000;
  }
  CandidateStats st;
  CandidateOptions single;
  single.term_pair_terms = 0;  // single terms only
  EXPECT_FALSE(has_pair(find_candidates(fps, single, &st), 0, rewrite, Candidate::kTerms));
  auto cands = find_candidates(fps, CandidateOptions{}, &st);
  EXPECT_TRUE(has_pair(cands, 0, rewrite, Candidate::kTerms));
  EXPECT_GT(st.term_combo_pairs, 0u);
  // Documents that share one term (one of the eight) are not proposed.
  EXPECT_FALSE(has_pair(cands, 1, 2, Candidate::kTerms));
}

TEST(Candidates, SmallCorpusRewriteFoundWhateverTheIdfScale) {
  // 100 documents: a term held by two of them has an idf of only log(100 / 2), about 3.9. A
  // source and its rewrite share five such terms among their rarest, a fair share of both
  // (summed idf 19.6): in a small corpus as in a large one, that makes them a candidate.
  constexpr size_t n = 100;
  std::vector<Fingerprint> fps(n);
  auto add = [&](size_t d, uint64_t term, float idf) {
    fps[d].terms.push_back(term);
    fps[d].term_idf.push_back(idf);
  };
  for (int k = 0; k < 5; ++k) {
    add(0, 100 + k, 3.92f);
    add(1, 100 + k, 3.92f);
  }
  uint64_t own = 1000;
  for (size_t d = 0; d < n; ++d) {
    for (int u = 0; u < 10; ++u) add(d, own++, 3.9f);
    fps[d].words_hash = d + 1;
    fps[d].skel_len = 1000;
  }
  CandidateStats st;
  auto cands = find_candidates(fps, CandidateOptions{}, &st);
  EXPECT_TRUE(has_pair(cands, 0, 1, Candidate::kTerms));
  EXPECT_FALSE(has_pair(cands, 1, 2, Candidate::kTerms));
}

// The BBC corpus plus a damaged copy, an excerpt and a rewrite of three of its articles.
class BbcCandidates : public testing::Test {
 protected:
  void SetUp() override { rtest::require_shared(); }  // the suite's set-up cannot skip
  static void SetUpTestSuite() {
    f_ = new Fingerprinted();
    f_->corpus = rtest::bbc_corpus();
    const auto& docs = f_->corpus.docs;
    src_damaged_ = rtest::doc_index(f_->corpus, rtest::kDamagedDatedSourceId);
    src_excerpt_ = rtest::doc_index(f_->corpus, rtest::kExcerptSourceId);
    src_rewrite_ = rtest::doc_index(f_->corpus, rtest::kRewriteSourceId);
    f_->corpus.docs.push_back(make_doc("damaged", rtest::damage(docs[src_damaged_].text)));
    f_->corpus.docs.push_back(make_doc("excerpt", rtest::excerpt_text(f_->corpus.docs[src_excerpt_].text)));
    f_->corpus.docs.push_back(make_doc("rewrite", rtest::rewrite_text()));
    fingerprint_all(*f_);
    CandidateStats stats;
    cands_ = new std::vector<Candidate>(find_candidates(f_->fps, CandidateOptions{}, &stats));
    stats_ = stats;
  }
  static void TearDownTestSuite() {
    delete f_;
    delete cands_;
  }
  static DocId id(const std::string& s) { return static_cast<DocId>(rtest::doc_index(f_->corpus, s)); }

  static Fingerprinted* f_;
  static std::vector<Candidate>* cands_;
  static CandidateStats stats_;
  static int src_damaged_, src_excerpt_, src_rewrite_;
};
Fingerprinted* BbcCandidates::f_ = nullptr;
std::vector<Candidate>* BbcCandidates::cands_ = nullptr;
CandidateStats BbcCandidates::stats_;
int BbcCandidates::src_damaged_ = -1, BbcCandidates::src_excerpt_ = -1, BbcCandidates::src_rewrite_ = -1;

TEST_F(BbcCandidates, AllExactDuplicateGroupsOfTheBbcCorpus) {
  // The 98 groups of byte-identical texts, found independently of retrace.
  std::map<std::string, std::vector<DocId>> by_text;
  for (DocId d = 0; d < rtest::bbc_corpus().docs.size(); ++d) by_text[rtest::bbc_corpus().docs[d].text].push_back(d);
  std::vector<std::pair<DocId, DocId>> exact;
  for (auto& [t, ds] : by_text)
    for (size_t k = 1; k < ds.size(); ++k) exact.push_back({ds[0], ds[k]});
  ASSERT_EQ(exact.size(), 98u);
  auto groups = duplicate_pairs(duplicate_sources(f_->fps));
  std::set<std::pair<DocId, DocId>> got;
  for (auto& g : groups) got.insert({std::min(g.a, g.b), std::max(g.a, g.b)});
  for (auto& p : exact)
    EXPECT_TRUE(got.count(p)) << rtest::bbc_corpus().docs[p.first].id << " = " << rtest::bbc_corpus().docs[p.second].id;
  EXPECT_GE(got.size(), 98u);
}

TEST_F(BbcCandidates, SixtyFourBitPositionsGiveTheSameCandidates) {
  // Past 2^31 postings a vote pass indexes them with 64-bit positions; forced here on the BBC
  // corpus, that path proposes exactly the pairs of the 32-bit one.
  CandidateOptions wide;
  wide.narrow_positions_below = 0;
  CandidateStats st;
  auto got = find_candidates(f_->fps, wide, &st);
  ASSERT_EQ(got.size(), cands_->size());
  for (size_t k = 0; k < got.size(); ++k) {
    EXPECT_EQ(got[k].a, (*cands_)[k].a);
    EXPECT_EQ(got[k].b, (*cands_)[k].b);
    EXPECT_EQ(got[k].from, (*cands_)[k].from);
    EXPECT_FLOAT_EQ(got[k].weight, (*cands_)[k].weight);
  }
  EXPECT_EQ(st.surface_postings, stats_.surface_postings);
}

TEST_F(BbcCandidates, DamagedCopyIsASurfaceCandidateOfItsSource) {
  DocId d = id("damaged");
  EXPECT_TRUE(has_pair(*cands_, d, src_damaged_, Candidate::kSurface));
  const Fingerprint& fs = f_->fps[src_damaged_];
  const Fingerprint& fd = f_->fps[d];
  EXPECT_EQ(fs.damage, 0u);
  EXPECT_GT(fd.damage, 5u);
  EXPECT_NE(fs.words_hash, fd.words_hash);
  // Most sampled grams survive the damage: the skeleton does not see it.
  std::vector<uint64_t> shared;
  std::set_intersection(fs.surface.begin(), fs.surface.end(), fd.surface.begin(), fd.surface.end(),
                        std::back_inserter(shared));
  EXPECT_GE(shared.size(), fs.surface.size() * 9 / 10);
  // A handful of candidates per document, not all pairs.
  size_t of_damaged = 0;
  for (auto& c : *cands_) of_damaged += c.a == d || c.b == d;
  EXPECT_LE(of_damaged, 40u);
  EXPECT_LT(cands_->size(), f_->corpus.docs.size() * 10);
}

TEST_F(BbcCandidates, ExcerptAndRewriteAreCandidates) {
  EXPECT_TRUE(has_pair(*cands_, id("excerpt"), src_excerpt_, Candidate::kSurface));
  // The rewrite shares little surface text: it must come from the rare-terms index.
  EXPECT_TRUE(has_pair(*cands_, id("rewrite"), src_rewrite_, Candidate::kTerms));
  EXPECT_GT(stats_.term_pairs, 0u);
  EXPECT_GT(stats_.surface_pairs, 0u);
}

}  // namespace
}  // namespace retrace
