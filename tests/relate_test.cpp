// Tests of the relate stage (relate/relate.h, relate/select.h) on single pairs: the kind of
// relation, its direction, and why a rewrite is told from an independent report of the
// same story and from a copy that shuffles its source's sentences.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "align/sentences.h"
#include "clean/clean.h"
#include "fingerprint/fingerprint.h"
#include "relate/relate.h"
#include "relate/select.h"
#include "test_support.h"
#include "test_texts.h"

namespace retrace {
namespace {

using rtest::make_doc;

// One document with everything the relate stage needs, against the BBC lexicon.
struct Prepared {
  Document doc;
  CleanDoc clean;
  DocSentences sentences;
  Fingerprint fp;
  DocView view(DocId id) const {
    DocView v{};
    v.id = id;
    v.doc = &doc;
    v.clean = &clean;
    v.sentences = [this]() -> const DocSentences& { return sentences; };
    v.fp = &fp;
    return v;
  }
};

std::unique_ptr<Prepared> prepare(Document d) {
  auto p = std::make_unique<Prepared>();
  p->doc = std::move(d);
  const Lexicon& lex = rtest::bbc_lexicon();
  CleanContext ctx{&lex, nullptr};
  p->clean = clean_document(p->doc, ctx);
  p->sentences = sentence_vectors(p->doc, p->clean, lex);
  p->fp = fingerprint(p->doc, p->clean, lex, FingerprintOptions{});
  return p;
}

struct Related {
  std::optional<Relation> rel;
  SentenceAlignment al;
};

Related relate(const Prepared& x, const Prepared& y, RelateOptions opt = {}) {
  Related r;
  r.rel = relate_pair(x.view(0), y.view(1), opt, &r.al);
  return r;
}

Document bbc(const std::string& id, const std::string& date = "") {
  Document d = rtest::bbc_doc(id);
  if (!date.empty()) rtest::set_date(d, date);
  return d;
}

TEST(Relate, DuplicateOfTheSameWords) {
  auto a = prepare(bbc(rtest::kRewriteSourceId));
  Document copy = a->doc;
  copy.id = "copy";
  auto b = prepare(copy);
  auto r = relate(*a, *b);
  ASSERT_TRUE(r.rel);
  EXPECT_EQ(r.rel->kind, RelationKind::kDuplicate);
  EXPECT_FLOAT_EQ(r.rel->score, 1.0f);
  EXPECT_EQ(r.rel->direction, Direction::kUnknown);
}

TEST(Relate, DamagedReprintUndatedTakesTheCleanTextAsSource) {
  auto clean_src = prepare(bbc(rtest::kDamagedUndatedSourceId));
  auto damaged = prepare(make_doc("damaged", rtest::damage(clean_src->doc.text)));
  // Either argument order: the undamaged text is the source.
  for (bool swap : {false, true}) {
    auto r = swap ? relate(*damaged, *clean_src) : relate(*clean_src, *damaged);
    ASSERT_TRUE(r.rel);
    EXPECT_EQ(r.rel->kind, RelationKind::kReprint);
    EXPECT_EQ(r.rel->direction, Direction::kInferred);
    EXPECT_EQ(r.rel->source, swap ? 1u : 0u);
    EXPECT_GE(r.rel->coverage_source, 0.9f);
    EXPECT_GE(r.rel->coverage_copy, 0.9f);
    EXPECT_GE(r.rel->score, 0.8f);
  }
}

TEST(Relate, DatesDecideTheDirection) {
  // The damaged text dated earlier is the source, damage or not.
  auto clean_src = prepare(bbc(rtest::kDamagedUndatedSourceId, "2005-03-05"));
  auto damaged = prepare(make_doc("damaged", rtest::damage(clean_src->doc.text), "2005-03-01"));
  auto r = relate(*clean_src, *damaged);
  ASSERT_TRUE(r.rel);
  EXPECT_EQ(r.rel->kind, RelationKind::kReprint);
  EXPECT_EQ(r.rel->direction, Direction::kDated);
  EXPECT_EQ(r.rel->source, 1u);
  EXPECT_EQ(r.rel->copy, 0u);
}

TEST(Relate, ExcerptUndatedTakesTheLongerTextAsSource) {
  auto src = prepare(bbc(rtest::kExcerptSourceId));
  auto ex = prepare(make_doc("excerpt", rtest::excerpt_text(src->doc.text)));
  auto r = relate(*ex, *src);
  ASSERT_TRUE(r.rel);
  EXPECT_EQ(r.rel->kind, RelationKind::kExcerpt);
  EXPECT_EQ(r.rel->direction, Direction::kInferred);
  EXPECT_EQ(r.rel->source, 1u);
  EXPECT_EQ(r.rel->copy, 0u);
  ASSERT_EQ(r.rel->passages.size(), 1u);
  EXPECT_EQ(r.rel->passages[0].kind, PassageKind::kVerbatim);
  EXPECT_GT(r.rel->coverage_copy, r.rel->coverage_source);
}

TEST(Relate, HandBuiltRewriteIsARewrite) {
  auto src = prepare(bbc(rtest::kRewriteSourceId, "2005-01-10"));
  auto rw = prepare(make_doc("rewrite", rtest::rewrite_text(), "2005-01-11"));
  auto r = relate(*src, *rw);
  ASSERT_TRUE(r.rel) << "rewrite_score " << rewrite_score(r.al) << " frac_b " << r.al.frac_b << " lis " << r.al.lis;
  EXPECT_EQ(r.rel->kind, RelationKind::kRewrite);
  EXPECT_EQ(r.rel->direction, Direction::kDated);
  EXPECT_EQ(r.rel->source, 0u);
  EXPECT_GE(r.rel->score, 0.5f);
  ASSERT_FALSE(r.rel->passages.empty());
  for (auto& p : r.rel->passages) EXPECT_EQ(p.kind, PassageKind::kParaphrase);
  // Paraphrase passages are whole sentences of both texts.
  for (auto& p : r.rel->passages) {
    bool src_sentence = false, copy_sentence = false;
    for (auto& s : src->clean.sentences) src_sentence |= s.begin == p.source.begin && s.end == p.source.end;
    for (auto& s : rw->clean.sentences) copy_sentence |= s.begin == p.copy.begin && s.end == p.copy.end;
    EXPECT_TRUE(src_sentence && copy_sentence) << rtest::slice(rw->doc.text, p.copy);
  }
  EXPECT_GE(r.rel->passages.size(), 8u);
}

TEST(Relate, UndatedRewriteInsideALongerTextTakesTheLongerAsSource) {
  // A story and a longer text that retells it among other material, neither dated: as for an
  // excerpt, the longer text is taken as the source and the shorter as its retelling of part
  // of it (not as embedded in it).
  auto story = prepare(bbc(rtest::kRewriteSourceId));
  std::string other = rtest::bbc_doc("bbc-sport-013").text;
  auto roundup = prepare(make_doc("roundup", rtest::rewrite_text() + "\n\n" + other));
  auto r = relate(*story, *roundup);
  ASSERT_TRUE(r.rel) << "rewrite_score " << rewrite_score(r.al);
  EXPECT_EQ(r.rel->kind, RelationKind::kRewrite);
  EXPECT_EQ(r.rel->direction, Direction::kInferred);
  EXPECT_EQ(r.rel->source, 1u);
  EXPECT_EQ(r.rel->copy, 0u);
  EXPECT_NE(r.rel->form, RewriteForm::kEmbedded);
  EXPECT_LT(r.rel->coverage_source, r.rel->coverage_copy);
  // Passages name sentences of the right texts: the source's in the roundup, the copy's in the story.
  ASSERT_GE(r.rel->passages.size(), 8u);
  for (auto& p : r.rel->passages) {
    if (p.kind != PassageKind::kParaphrase) continue;
    bool in_roundup = false, in_story = false;
    for (auto& s : roundup->clean.sentences) in_roundup |= s.begin == p.source.begin && s.end == p.source.end;
    for (auto& s : story->clean.sentences) in_story |= s.begin == p.copy.begin && s.end == p.copy.end;
    EXPECT_TRUE(in_roundup && in_story);
    EXPECT_LE(p.source.end, rtest::rewrite_text().size());  // the retold part of the roundup
  }
  // The alignment given back is in the relation's orientation.
  for (auto& p : r.al.pairs) {
    EXPECT_LT(p.a, roundup->clean.sentences.size());
    EXPECT_LT(p.b, story->clean.sentences.size());
  }
  // Dated, the dates decide: the story first is the source, the roundup embeds its rewrite.
  rtest::set_date(story->doc, "2005-01-10");
  rtest::set_date(roundup->doc, "2005-01-11");
  auto d = relate(*story, *roundup);
  ASSERT_TRUE(d.rel);
  EXPECT_EQ(d.rel->source, 0u);
  EXPECT_EQ(d.rel->form, RewriteForm::kEmbedded);
}

TEST(Relate, IndependentTellingOfTheSameStoryIsNotDerived) {
  auto src = prepare(bbc(rtest::kRewriteSourceId, "2005-01-10"));
  auto ind = prepare(make_doc("independent", rtest::kIndependentReport, "2005-01-11"));
  auto r = relate(*src, *ind);
  EXPECT_FALSE(r.rel) << "got " << to_string(r.rel->kind) << " score " << r.rel->score;
  EXPECT_LT(rewrite_score(r.al), 0.5f);
  // Undated, in both orders, it is still not derived.
  auto src_u = prepare(bbc(rtest::kRewriteSourceId));
  auto ind_u = prepare(make_doc("independent", rtest::kIndependentReport));
  EXPECT_FALSE(relate(*src_u, *ind_u).rel);
  EXPECT_FALSE(relate(*ind_u, *src_u).rel);
}

TEST(Relate, IndependentTellingIsAtMostSameStoryWhenAskedFor) {
  auto src = prepare(bbc(rtest::kRewriteSourceId, "2005-01-10"));
  auto ind = prepare(make_doc("independent", rtest::kIndependentReport, "2005-01-11"));
  RelateOptions opt;
  opt.same_story = true;
  auto r = relate(*src, *ind, opt);
  if (r.rel) EXPECT_EQ(r.rel->kind, RelationKind::kSameStory);
}

TEST(Relate, ShuffledSentencesScoreLowerThanTheInOrderRewrite) {
  auto src = prepare(bbc(rtest::kRewriteSourceId));
  auto in_order = prepare(make_doc("rewrite", rtest::rewrite_text()));
  auto shuffled = prepare(make_doc("shuffled", rtest::shuffled_rewrite_text()));
  SentenceAlignment a1 = align_sentences(src->sentences, in_order->sentences);
  SentenceAlignment a2 = align_sentences(src->sentences, shuffled->sentences);
  float s1 = rewrite_score(a1), s2 = rewrite_score(a2);
  EXPECT_GE(s1, 0.5f);
  EXPECT_LT(s2, s1) << "in order " << s1 << ", shuffled " << s2;
  EXPECT_GT(a1.lis, a2.lis);
  EXPECT_GT(a1.steps, a2.steps);
  // The shuffled copy still has every sentence from the source, so its words match as well.
  EXPECT_NEAR(a1.detail, a2.detail, 0.15f);
}

TEST(Relate, UnrelatedArticlesAreNothing) {
  const auto& docs = rtest::bbc_corpus().docs;
  auto a = prepare(docs[10]);
  auto b = prepare(docs[1500]);
  RelateOptions opt;
  opt.same_story = true;
  EXPECT_FALSE(relate(*a, *b, opt).rel);
}

Relation rel(DocId s, DocId c, RelationKind k, float score) {
  Relation r;
  r.source = s;
  r.copy = c;
  r.kind = k;
  r.score = score;
  return r;
}

TEST(Select, DropsRewriteSourcesTiedToTheBestSource) {
  std::vector<Relation> rels = {
      rel(1, 2, RelationKind::kReprint, 0.95f),   // 2 reprints 1
      rel(1, 5, RelationKind::kRewrite, 0.9f),    // 5 rewrites 1 (best)
      rel(2, 5, RelationKind::kRewrite, 0.7f),    // ... and matches the reprint too: dropped
      rel(3, 5, RelationKind::kRewrite, 0.6f),    // an unrelated second source: kept
      rel(2, 6, RelationKind::kRewrite, 0.55f),   // another copy's only source: kept
  };
  EXPECT_EQ(drop_redundant_sources(rels), 1u);
  ASSERT_EQ(rels.size(), 4u);
  for (auto& r : rels) EXPECT_FALSE(r.source == 2 && r.copy == 5);
}

// Words 1..20 are the source's; the copy keeps 1..12, drops 13..20 and adds 101..110.
std::vector<uint64_t> words_of_chain(DocId d, bool x_copies_the_copy) {
  std::vector<uint64_t> w;
  auto add = [&](uint64_t a, uint64_t b) { for (uint64_t i = a; i <= b; ++i) w.push_back(i); };
  if (d == 0) add(1, 20);                       // s
  if (d == 1) { add(1, 12); add(101, 110); }     // c
  if (d == 2 && x_copies_the_copy) { add(1, 10); add(101, 107); add(201, 205); }  // carries c's changes
  if (d == 2 && !x_copies_the_copy) { add(1, 18); add(101, 102); add(201, 205); }  // carries what c dropped
  std::sort(w.begin(), w.end());
  return w;
}

TEST(Select, SharedInnovationsCountWhatTheCopyChanged) {
  Innovations in = shared_innovations(words_of_chain(0, true), words_of_chain(1, true), words_of_chain(2, true));
  EXPECT_EQ(in.innovations, 10u);
  EXPECT_EQ(in.drops, 8u);
  EXPECT_DOUBLE_EQ(in.carried_innovations, 0.7);
  EXPECT_DOUBLE_EQ(in.carried_drops, 0.0);
}

TEST(Select, ARewriteOfACopyStandsOnlyIfItCarriesTheCopysChanges) {
  for (bool copies : {true, false}) {
    for (Direction dir : {Direction::kDated, Direction::kInferred}) {
      std::vector<Relation> rels = {rel(0, 1, RelationKind::kRewrite, 0.9f), rel(1, 2, RelationKind::kRewrite, 0.7f)};
      for (auto& r : rels) r.direction = dir;
      size_t removed = drop_redundant_sources(rels, [&](DocId d) { return words_of_chain(d, copies); });
      // A report that carries what the copy left out of the source resembles the copy through
      // the source: dropped, where the dates order the three. An undated chain is a guess: kept.
      const bool dropped = !copies && dir == Direction::kDated;
      EXPECT_EQ(removed, dropped ? 1u : 0u) << copies << " " << static_cast<int>(dir);
      EXPECT_EQ(rels.size(), dropped ? 1u : 2u);
      EXPECT_EQ(rels[0].copy, 1u);
    }
  }
}

// Two reports of one event, s (doc 0) and x (doc 1), sharing words 1..20; each has 10 of its
// own. The copy c (doc 2) rewrote s: it carries s's own words, few of x's. A copy pasting two
// unrelated texts (sharing no words) keeps both sources.
std::vector<uint64_t> words_of_two_sources(DocId d, bool same_event) {
  std::vector<uint64_t> w;
  auto add = [&](uint64_t a, uint64_t b) { for (uint64_t i = a; i <= b; ++i) w.push_back(i); };
  const uint64_t base = same_event ? 0 : 1000;  // x's words, apart from s's when unrelated
  if (d == 0) { add(1, 20); add(301, 310); }                          // s
  if (d == 1) { add(base + 1, base + 20); add(401, 410); }            // x
  if (d == 2) { add(1, 18); add(301, 308); add(401, 402); add(base + 1, base + 18); add(501, 505); }  // c
  std::sort(w.begin(), w.end());
  w.erase(std::unique(w.begin(), w.end()), w.end());
  return w;
}

TEST(Select, OfTwoReportsOfOneEventTheCopyKeepsTheOneItsWordsComeFrom) {
  for (bool same_event : {true, false}) {
    std::vector<Relation> rels = {rel(0, 2, RelationKind::kRewrite, 0.8f), rel(1, 2, RelationKind::kRewrite, 0.75f)};
    size_t removed = drop_redundant_sources(rels, [&](DocId d) { return words_of_two_sources(d, same_event); });
    EXPECT_EQ(removed, same_event ? 1u : 0u) << same_event;
    ASSERT_FALSE(rels.empty());
    EXPECT_EQ(rels[0].source, 0u);
    // The order of the relations does not decide it.
    std::vector<Relation> swapped = {rel(1, 2, RelationKind::kRewrite, 0.85f), rel(0, 2, RelationKind::kRewrite, 0.8f)};
    drop_redundant_sources(swapped, [&](DocId d) { return words_of_two_sources(d, same_event); });
    ASSERT_EQ(swapped.size(), same_event ? 1u : 2u);
    if (same_event) EXPECT_EQ(swapped[0].source, 0u);
  }
}

}  // namespace
}  // namespace retrace

namespace retrace {
namespace {
// Two reports of the same press conference quote the same long sentence verbatim; that alone
// makes neither an excerpt nor a rewrite of the other.
TEST(Relate, SharedLongQuoteAloneIsNotDerived) {
  const std::string quote =
      "\"We have listened carefully to the concerns of patients and staff, and we have decided that the "
      "hospital will remain open for at least another five years while we review the whole network of "
      "services across the county, and nobody will lose their job as a result of this decision,\"";
  std::string a = "Hospital reprieve for Ashford\n\nAshford General Hospital will not close, health chiefs announced on "
                  "Thursday after a two-year campaign by residents. Chief executive Mary Jones told a packed public "
                  "meeting: " + quote + " she said. Campaigners, who collected 40,000 signatures, said they were "
                  "delighted but would remain vigilant. The trust had proposed moving maternity and emergency care to "
                  "Canterbury. Local MP Tom Hardy called the decision a victory for common sense.";
  std::string b = "Campaigners celebrate as trust backs down\n\nResidents who fought to save their local hospital were "
                  "celebrating last night. The health trust's board voted unanimously to shelve plans to downgrade "
                  "the site. " + quote + " trust boss Mary Jones said at the meeting in the town hall. The plans would "
                  "have meant a 30-mile journey to Canterbury for expectant mothers. One campaigner said the fight had "
                  "taken a toll on her family but had been worth it.";
  auto pa = prepare(make_doc("a", a, "2026-01-01"));
  auto pb = prepare(make_doc("b", b, "2026-01-02"));
  auto r = relate(*pa, *pb);
  EXPECT_FALSE(r.rel) << to_string(r.rel->kind);
}

}  // namespace
}  // namespace retrace
