// Tests of the align stage: character-level passages (align/surface.h) on damaged copies of
// real BBC articles, and sentence alignment (align/sentences.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "align/sentences.h"
#include "align/surface.h"
#include "clean/clean.h"
#include "test_support.h"
#include "test_texts.h"

namespace retrace {
namespace {

using rtest::make_doc;

struct Pair {
  Document a, b;
  CleanDoc ca, cb;
};

Pair cleaned(Document a, Document b) {
  Pair p{std::move(a), std::move(b), {}, {}};
  CleanContext ctx{&rtest::bbc_lexicon(), nullptr};
  p.ca = clean_document(p.a, ctx);
  p.cb = clean_document(p.b, ctx);
  return p;
}

// Checks that every passage's spans slice both texts to (nearly) the same letters, and
// returns the share of the copy's letters inside passages.
void expect_passages_map_back(const Pair& p, const SurfaceAlignment& al, double min_ratio) {
  for (const auto& ps : al.passages) {
    ASSERT_LE(ps.source.end, p.a.text.size());
    ASSERT_LE(ps.copy.end, p.b.text.size());
    ASSERT_LT(ps.source.begin, ps.source.end);
    std::string sa = rtest::letters(rtest::slice(p.a.text, ps.source));
    std::string sb = rtest::letters(rtest::slice(p.b.text, ps.copy));
    EXPECT_GE(rtest::lcs_ratio(sa, sb), min_ratio) << "source: " << rtest::slice(p.a.text, ps.source)
                                                   << "\ncopy: " << rtest::slice(p.b.text, ps.copy);
  }
}

TEST(AlignSurface, DamagedCopyOfABbcArticle) {
  const Document& src = rtest::bbc_doc(rtest::kDamagedDatedSourceId);
  Pair p = cleaned(src, make_doc("damaged", rtest::damage(src.text)));
  // The damage is really there, and repaired in the tokens.
  EXPECT_GT(p.cb.joined_breaks, 0u);
  EXPECT_GT(p.cb.repaired_words, 0u);
  EXPECT_GE(p.cb.furniture.size(), 5u);
  SurfaceAlignment al = align_surface(p.a, p.ca, p.b, p.cb);
  ASSERT_FALSE(al.passages.empty());
  EXPECT_GE(al.cov_a, 0.9f);
  EXPECT_GE(al.cov_b, 0.9f);
  expect_passages_map_back(p, al, 0.95);
  // All passages together: nearly every letter of the article, on both sides.
  std::string all_a, all_b;
  for (auto& ps : al.passages) {
    all_a += rtest::letters(rtest::slice(p.a.text, ps.source));
    all_b += rtest::letters(rtest::slice(p.b.text, ps.copy));
  }
  EXPECT_GE(all_a.size(), rtest::letters(src.text).size() * 9 / 10);
  EXPECT_GE(rtest::lcs_ratio(all_a, all_b), 0.97);
  // Passages are in copy order and do not overlap.
  for (size_t k = 1; k < al.passages.size(); ++k) EXPECT_GE(al.passages[k].copy.begin, al.passages[k - 1].copy.end);
}

TEST(AlignSurface, DamagedCopyWithWindowsLineEndings) {
  const Document& src = rtest::bbc_doc(rtest::kDamagedUndatedSourceId);
  std::string damaged = rtest::damage(src.text), crlf;
  for (char c : damaged) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  Pair p = cleaned(src, make_doc("damaged-crlf", crlf));
  EXPECT_GT(p.cb.joined_breaks, 0u);
  EXPECT_GE(p.cb.furniture.size(), 5u);
  EXPECT_EQ(p.cb.skel.find("northerngazette"), std::string::npos);
  SurfaceAlignment al = align_surface(p.a, p.ca, p.b, p.cb);
  EXPECT_GE(al.cov_a, 0.9f);
  EXPECT_GE(al.cov_b, 0.9f);
  expect_passages_map_back(p, al, 0.95);
}

TEST(AlignSurface, ManyBbcArticlesSurviveDamage) {
  // Every 100th article: the damaged copy is covered on both sides and its offsets map back.
  const auto& docs = rtest::bbc_corpus().docs;
  int checked = 0;
  for (size_t i = 0; i < docs.size(); i += 100) {
    Pair p = cleaned(docs[i], make_doc("damaged", rtest::damage(docs[i].text)));
    SurfaceAlignment al = align_surface(p.a, p.ca, p.b, p.cb);
    EXPECT_GE(al.cov_a, 0.85f) << docs[i].id;
    EXPECT_GE(al.cov_b, 0.85f) << docs[i].id;
    expect_passages_map_back(p, al, 0.9);
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST(AlignSurface, VerbatimPassageInsideOtherText) {
  const Document& src = rtest::bbc_doc(rtest::kExcerptSourceId);
  Pair p = cleaned(src, make_doc("excerpt", rtest::excerpt_text(src.text)));
  SurfaceAlignment al = align_surface(p.a, p.ca, p.b, p.cb);
  ASSERT_EQ(al.passages.size(), 1u);
  const Passage& ps = al.passages[0];
  EXPECT_EQ(ps.kind, PassageKind::kVerbatim);
  auto paras = rtest::paragraphs(src.text);
  // The passage runs from the first letter of the first copied paragraph to the last letter
  // of the third, on both sides.
  std::string want_start = paras[2].substr(0, 20), got_src = rtest::slice(p.a.text, ps.source),
              got_copy = rtest::slice(p.b.text, ps.copy);
  EXPECT_EQ(got_src.substr(0, 20), want_start);
  EXPECT_EQ(got_copy.substr(0, 20), want_start);
  EXPECT_EQ(got_src, got_copy);
  EXPECT_EQ(rtest::letters(got_src), rtest::letters(paras[2] + paras[3] + paras[4]));
  EXPECT_LT(al.cov_a, 0.6f);
  EXPECT_GT(al.cov_b, 0.6f);
  EXPECT_GT(al.unquoted_a, 150u);
}

TEST(AlignSurface, UnrelatedArticlesShareNoPassage) {
  const auto& docs = rtest::bbc_corpus().docs;
  Pair p = cleaned(docs[10], docs[1500]);
  SurfaceAlignment al = align_surface(p.a, p.ca, p.b, p.cb);
  EXPECT_TRUE(al.passages.empty());
  EXPECT_LT(al.cov_a, 0.05f);
}

TEST(AlignSurface, InSpans) {
  std::vector<Span> spans = {{5, 10}, {20, 30}};
  EXPECT_FALSE(in_spans(spans, 4));
  EXPECT_TRUE(in_spans(spans, 5));
  EXPECT_TRUE(in_spans(spans, 9));
  EXPECT_FALSE(in_spans(spans, 10));
  EXPECT_TRUE(in_spans(spans, 29));
  EXPECT_FALSE(in_spans(spans, 30));
  EXPECT_FALSE(in_spans({}, 0));
}

TEST(AlignSentences, CharDiceAndCosine) {
  EXPECT_FLOAT_EQ(char_dice("abcdef", "abcdef"), 1.0f);
  EXPECT_FLOAT_EQ(char_dice("abcdefgh", "zyxwvuts"), 0.0f);
  float half = char_dice("abcdefgh", "abcdwxyz");
  EXPECT_GT(half, 0.0f);
  EXPECT_LT(half, 1.0f);
  SentenceVector x, y;
  x.terms = {{1, 1.0f}, {2, 1.0f}};
  x.norm = std::sqrt(2.0f);
  y.terms = {{2, 1.0f}, {3, 1.0f}};
  y.norm = std::sqrt(2.0f);
  EXPECT_NEAR(cosine(x, y), 0.5f, 1e-6);
  EXPECT_NEAR(cosine(x, x), 1.0f, 1e-6);
}

TEST(AlignSentences, RewriteAlignsSentenceBySentenceInOrder) {
  const Document& src = rtest::bbc_doc(rtest::kRewriteSourceId);
  Pair p = cleaned(src, make_doc("rewrite", rtest::rewrite_text()));
  const Lexicon& lex = rtest::bbc_lexicon();
  DocSentences sa = sentence_vectors(p.a, p.ca, lex), sb = sentence_vectors(p.b, p.cb, lex);
  ASSERT_EQ(sa.s.size(), p.ca.sentences.size());
  SentenceAlignment al = align_sentences(sa, sb);
  EXPECT_GE(al.frac_b, 0.8f);
  EXPECT_GE(al.frac_a, 0.7f);
  EXPECT_GE(al.lis, 0.9f);
  // Each aligned copy sentence tells its own source sentence: check a few by content.
  auto src_of = [&](const std::string& copy_words) -> std::string {
    for (auto& pr : al.pairs) {
      std::string c = p.b.text.substr(p.cb.sentences[pr.b].begin, p.cb.sentences[pr.b].end - p.cb.sentences[pr.b].begin);
      if (c.find(copy_words) != std::string::npos)
        return p.a.text.substr(p.ca.sentences[pr.a].begin, p.ca.sentences[pr.a].end - p.ca.sentences[pr.a].begin);
    }
    return "";
  };
  EXPECT_NE(src_of("Lawn and garden").find("It makes lawn and garden products"), std::string::npos);
  EXPECT_NE(src_of("AEG, Zanussi").find("subsidiary brands include"), std::string::npos);
  EXPECT_NE(src_of("two manufacturing sites").find("The company has two manufacturing sites"), std::string::npos);
  for (size_t k = 1; k < al.pairs.size(); ++k) EXPECT_GT(al.pairs[k].b, al.pairs[k - 1].b);
}

// Sentence vectors of two single-paragraph texts, against the BBC lexicon.
struct Vectors {
  Pair p;
  DocSentences a, b;
};
Vectors vectors(const std::string& x, const std::string& y) {
  Vectors v{cleaned(make_doc("x", x), make_doc("y", y)), {}, {}};
  v.a = sentence_vectors(v.p.a, v.p.ca, rtest::bbc_lexicon());
  v.b = sentence_vectors(v.p.b, v.p.cb, rtest::bbc_lexicon());
  return v;
}

TEST(AlignSentences, AQuoteKeptInBothIsNoEvidenceButReportedSpeechIs) {
  const std::string source =
      "The chairman spoke on Monday. \"We must get out of this difficult situation through the efforts of the "
      "current personnel,\" said Thompson.";
  auto kept = vectors(source,
                      "Reporters waited outside. \"We must get out of this difficult situation through the efforts "
                      "of the current personnel,\" said Thompson.");
  auto reported = vectors(source,
                          "Reporters waited outside. Thompson said the club had to get out of its difficult "
                          "situation through the efforts of its current personnel.");
  float c_kept = cosine(kept.a.s[1], kept.b.s[1]), c_reported = cosine(reported.a.s[1], reported.b.s[1]);
  // Kept: only "said Thompson" outside the quote counts; reported: the quote's words count too.
  EXPECT_GT(c_reported, 0.6f);
  EXPECT_GT(c_reported, c_kept + 0.2f);
}

TEST(AlignSentences, SynonymsMatchThroughWordNet) {
  const char* source = "Profits rose at Tesco as the company started to buy large shops.";
  auto same = vectors(source, "Earnings climbed at Tesco as the company began to purchase big stores.");
  auto other = vectors(source, "Snow fell at Tesco as the company chose to paint old vans.");
  DocSentences sb = with_synonyms_of(same.a, same.b), ob = with_synonyms_of(other.a, other.b);
  EXPECT_GT(cosine(same.a.s[0], sb.s[0]), cosine(other.a.s[0], ob.s[0]) + 0.1f);
  EXPECT_GT(general_cosine(same.a.s[0], sb.s[0]), general_cosine(other.a.s[0], ob.s[0]) + 0.1f);
  EXPECT_GT(cosine(same.a.s[0], sb.s[0]), cosine(same.a.s[0], same.b.s[0]) + 0.1f);  // synonyms counted
}

TEST(AlignSentences, ACopyBringsInFewWordsOfItsOwnAnotherTellingMany) {
  const Document& src = rtest::bbc_doc(rtest::kRewriteSourceId);
  const Lexicon& lex = rtest::bbc_lexicon();
  Pair rw = cleaned(src, make_doc("rewrite", rtest::shuffled_rewrite_text()));
  Pair ind = cleaned(src, make_doc("independent", rtest::kIndependentReport));
  DocSentences s = sentence_vectors(rw.a, rw.ca, lex);
  DocSentences r = sentence_vectors(rw.b, rw.cb, lex), i = sentence_vectors(ind.b, ind.cb, lex);
  auto all = [](const DocSentences& d) { return static_cast<uint32_t>(d.s.size()); };
  WordOverlap wr = word_overlap(s, r, 0, all(r)), wi = word_overlap(s, i, 0, all(i));
  EXPECT_LT(wr.novel_general + 0.1f, wi.novel_general);
  EXPECT_GE(wr.kept_specific, wi.kept_specific);
}

TEST(AlignSentences, EmbeddedRewriteIsFoundAsARegionOfTheCopy) {
  const Document& src = rtest::bbc_doc(rtest::kRewriteSourceId);
  const std::string before =
      "Our weekly business column\n\n"
      "Retail sales rose again last month as shoppers returned to the high street. Clothing chains reported "
      "their best figures since the spring. Supermarkets said food prices had stabilised. Economists expect "
      "interest rates to stay where they are until the summer. Petrol prices fell for a third week.\n\n";
  const std::string after =
      "\n\nIn other news, a brewery in Yorkshire is to open a visitor centre. The regional airport has added "
      "flights to Spain. A bakery chain plans twenty new shops in the north. House prices in the region were "
      "flat in the autumn, according to estate agents. The council approved a new bus depot.";
  std::string body = rtest::rewrite_text();
  body = body.substr(body.find("\n\n") + 2);  // the rewrite without its headline
  Pair p = cleaned(src, make_doc("column", before + body + after));
  const Lexicon& lex = rtest::bbc_lexicon();
  SentenceAlignment al = align_sentences(sentence_vectors(p.a, p.ca, lex), sentence_vectors(p.b, p.cb, lex));
  ASSERT_LT(al.region_begin, al.region_end);
  size_t body_begin = p.b.text.find(body), body_end = body_begin + body.size();
  uint32_t rb = p.cb.sentences[al.region_begin].begin, re = p.cb.sentences[al.region_end - 1].end;
  EXPECT_GE(rb + 40, body_begin);  // the region is the rewrite, give or take a sentence
  EXPECT_LE(re, body_end + 40);
  EXPECT_LT(al.region, 0.75f);
  EXPECT_GE(al.region_frac, 0.7f);
}

TEST(AlignSentences, APairTooLongForTheSentenceAlignmentIsMarkedNotAligned) {
  const Document& src = rtest::bbc_doc(rtest::kRewriteSourceId);
  Pair p = cleaned(src, make_doc("rewrite", rtest::rewrite_text()));
  const Lexicon& lex = rtest::bbc_lexicon();
  DocSentences sa = sentence_vectors(p.a, p.ca, lex), sb = sentence_vectors(p.b, p.cb, lex);
  SentenceAlignmentOptions opt;
  EXPECT_FALSE(align_sentences(sa, sb, opt).too_long);
  opt.max_cells = sa.s.size() * sb.s.size() - 1;  // one sentence pair too many
  SentenceAlignment al = align_sentences(sa, sb, opt);
  EXPECT_TRUE(al.too_long);
  EXPECT_TRUE(al.pairs.empty());
  EXPECT_EQ(al.frac_b, 0.0f);
}

}  // namespace
}  // namespace retrace
