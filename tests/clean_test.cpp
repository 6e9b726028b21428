// Tests of the clean stage (clean/fold.h, clean/furniture.h, clean/lexicon.h, clean/clean.h):
// folding, hyphenated breaks, page furniture, run-together repair, quotes and sentences.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/clean.h"
#include "clean/fold.h"
#include "clean/furniture.h"
#include "clean/lexicon.h"
#include "core/utf8.h"
#include "test_support.h"

namespace retrace {
namespace {

using rtest::make_doc;

std::string fold_cp(char32_t c) {
  std::string out;
  fold_letter(c, out);
  return out;
}

std::vector<std::string> words_of(const CleanDoc& c) {
  std::vector<std::string> out;
  for (auto& t : c.tokens) out.push_back(t.word);
  return out;
}

bool has_word(const CleanDoc& c, const std::string& w) {
  for (auto& t : c.tokens)
    if (t.word == w) return true;
  return false;
}

const Token* token(const CleanDoc& c, const std::string& w) {
  for (auto& t : c.tokens)
    if (t.word == w) return &t;
  return nullptr;
}

std::string sentence_text(const Document& d, const CleanDoc& c, size_t k) {
  return d.text.substr(c.sentences[k].begin, c.sentences[k].end - c.sentences[k].begin);
}

TEST(Fold, NfkdAndCaseFolding) {
  EXPECT_EQ(fold_cp(U'É'), "e");
  EXPECT_EQ(fold_cp(U'ﬁ'), "fi");
  EXPECT_EQ(fold_cp(U'２'), "2");
  EXPECT_EQ(fold_cp(U'Ñ'), "n");
  EXPECT_EQ(fold_cp(U'Q'), "q");
  EXPECT_EQ(fold_cp(U'Ω'), "ω");
  EXPECT_TRUE(is_word_char(U'é'));
  EXPECT_TRUE(is_word_char(U'7'));
  EXPECT_FALSE(is_word_char(U'-'));
  EXPECT_FALSE(is_word_char(U'“'));
  EXPECT_EQ(fold_words("“Courageously,” he said"), "courageously he said");
  EXPECT_EQ(fold_words("ÉCOLE ﬁnale — Zoë's café!"), "ecole finale zoe s cafe");
}

TEST(Clean, FoldedTokensKeepOffsetsIntoTheOriginalText) {
  Document d = make_doc("d", "L’ÉCOLE de Zoë a reçu la ﬁnale à Montréal.");
  CleanDoc c = clean_document(d, {});
  EXPECT_TRUE(has_word(c, "l'ecole"));  // an apostrophe inside a word stays in it
  EXPECT_TRUE(has_word(c, "zoe"));
  EXPECT_TRUE(has_word(c, "finale"));
  EXPECT_TRUE(has_word(c, "montreal"));
  const Token* t = token(c, "finale");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(d.text.substr(t->begin, t->end - t->begin), "ﬁnale");
  t = token(c, "montreal");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(d.text.substr(t->begin, t->end - t->begin), "Montréal");
  EXPECT_TRUE(t->cap());
  // The skeleton is all letters and digits, folded, without spaces or punctuation.
  EXPECT_EQ(c.skel, "lecoledezoeareculafinaleamontreal");
  ASSERT_EQ(c.skel.size(), c.skel_pos.size());
  // "ﬁ" folds to two skeleton letters that both map to the ligature's offset.
  size_t fi = c.skel.find("finale");
  EXPECT_EQ(c.skel_pos[fi], c.skel_pos[fi + 1]);
  EXPECT_EQ(d.text.substr(c.skel_pos[fi], 3), "ﬁ");
  EXPECT_EQ(c.skel_end(d.text, static_cast<uint32_t>(fi + 1)), c.skel_pos[fi] + 3);
}

TEST(Clean, HyphenatedLineBreakIsJoined) {
  Document d = make_doc("d", "Car produc-\ntion rose sharply in the north-\neast last year.\nThe Anglo-\nFrench deal held.");
  CleanDoc c = clean_document(d, {});
  const Token* t = token(c, "production");
  ASSERT_NE(t, nullptr) << testing::PrintToString(words_of(c));
  EXPECT_TRUE(t->flags & Token::kJoined);
  EXPECT_EQ(d.text.substr(t->begin, t->end - t->begin), "produc-\ntion");
  EXPECT_FALSE(has_word(c, "produc"));
  EXPECT_FALSE(has_word(c, "tion"));
  EXPECT_TRUE(has_word(c, "northeast"));
  // A capital after the break is a real hyphen ("Anglo-French"), not a broken word.
  EXPECT_TRUE(has_word(c, "anglo"));
  EXPECT_TRUE(has_word(c, "french"));
  EXPECT_EQ(c.joined_breaks, 2u);
  EXPECT_NE(c.skel.find("carproductionrose"), std::string::npos);
}

// A soft hyphen (U+00AD) is an invisible hyphenation point inside a word (web CMSs insert them):
// the word is one token, and the text has the same words as without it.
TEST(Clean, SoftHyphenInsideAWordIsNotAWordBreak) {
  Document d = make_doc("d", "Car produc\u00ADtion is un\u00ADlikely to recover this year.");
  CleanDoc c = clean_document(d, {});
  EXPECT_TRUE(has_word(c, "production")) << testing::PrintToString(words_of(c));
  EXPECT_TRUE(has_word(c, "unlikely")) << testing::PrintToString(words_of(c));
  EXPECT_EQ(fold_words(d.text), "car production is unlikely to recover this year");
}

TEST(Furniture, LinesByForm) {
  EXPECT_TRUE(is_furniture_line("THE DAILY GAZETTE"));
  EXPECT_TRUE(is_furniture_line("Tuesday, March 4th 2026"));
  EXPECT_TRUE(is_furniture_line("https://www.example.com/news/2026/03/04/story-123"));
  EXPECT_TRUE(is_furniture_line("www.example.com"));
  EXPECT_TRUE(is_furniture_line("Page 7"));
  EXPECT_TRUE(is_furniture_line("  Continued on page 3  "));
  EXPECT_FALSE(is_furniture_line("The council met on Tuesday, March 4th 2026, to vote on the plan."));
  EXPECT_FALSE(is_furniture_line("Page turners: the best novels of the year"));
  EXPECT_FALSE(is_furniture_line("NATO and the UN said the talks had failed."));
  EXPECT_FALSE(is_furniture_line(""));
}

TEST(Clean, FurnitureIsOutOfTheEvidenceButOffsetsStayInTheText) {
  const std::string text =
      "THE DAILY GAZETTE\n"
      "Tuesday, March 4th 2026\n"
      "https://www.dailygazette.example/news/council-vote\n"
      "\n"
      "Councillors voted to close the library on Monday evening.\n"
      "Page 7\n"
      "Residents said they would appeal against the decision.\n";
  Document d = make_doc("d", text);
  CleanDoc c = clean_document(d, {});
  ASSERT_EQ(c.furniture.size(), 4u);
  EXPECT_EQ(rtest::slice(text, c.furniture[0]), "THE DAILY GAZETTE");
  EXPECT_EQ(rtest::slice(text, c.furniture[1]), "Tuesday, March 4th 2026");
  EXPECT_EQ(rtest::slice(text, c.furniture[2]), "https://www.dailygazette.example/news/council-vote");
  EXPECT_EQ(rtest::slice(text, c.furniture[3]), "Page 7");
  EXPECT_EQ(c.skel, "councillorsvotedtoclosethelibraryonmondayeveningresidentssaidtheywouldappealagainstthedecision");
  for (const char* w : {"gazette", "daily", "tuesday", "march", "2026", "https", "dailygazette", "page", "7"})
    EXPECT_FALSE(has_word(c, w)) << w;
  // Every token's offsets slice the original text to the word it folds from.
  for (auto& t : c.tokens) EXPECT_EQ(fold_words(text.substr(t.begin, t.end - t.begin)), t.word);
  // Every skeleton character maps back to the same letter of the original text.
  for (size_t i = 0; i < c.skel.size(); ++i) {
    std::string folded;
    size_t at = c.skel_pos[i];
    fold_letter(utf8_next(text, at), folded);
    ASSERT_NE(folded.find(c.skel[i]), std::string::npos) << i;
  }
  EXPECT_EQ(text.substr(c.skel_pos[0], 11), "Councillors");
  ASSERT_EQ(c.sentences.size(), 2u);
  EXPECT_EQ(sentence_text(d, c, 0), "Councillors voted to close the library on Monday evening.");
  EXPECT_EQ(sentence_text(d, c, 1), "Residents said they would appeal against the decision.");
}

TEST(Furniture, OutletBoilerplateSeenInManyDocuments) {
  Boilerplate bp;
  for (int i = 0; i < Boilerplate::kMinDocs; ++i) {
    Document d = make_doc("d" + std::to_string(i),
                          "Story number " + std::to_string(i) + " about something else entirely.\n"
                          "Follow us on social media for the latest updates\n",
                          "", "gazette");
    bp.add(d);
  }
  bp.finish();
  EXPECT_TRUE(bp.is_boilerplate("gazette", "Follow us on social media for the latest updates"));
  EXPECT_FALSE(bp.is_boilerplate("herald", "Follow us on social media for the latest updates"));
  Document d = make_doc("x", "A new story about the harbour.\nFollow us on social media for the latest updates\n", "",
                        "gazette");
  CleanContext ctx{nullptr, &bp};
  CleanDoc c = clean_document(d, ctx);
  EXPECT_FALSE(has_word(c, "follow"));
  EXPECT_TRUE(has_word(c, "harbour"));
}

// A lexicon from a few documents that use the words of the damaged text.
Lexicon small_lexicon() {
  std::vector<Document> docs;
  const char* sentences[] = {
      "Volunteers from abroad have joined the war in the east, officials said.",
      "Several units have joined the fighting in the region this week.",
      "The war in the region has displaced thousands of families in the winter.",
      "Aid groups in the capital have joined calls for a ceasefire in the war.",
  };
  for (int d = 0; d < 4; ++d) {
    std::string text;
    for (int k = 0; k < 60; ++k) text += std::string(sentences[(d + k) % 4]) + " ";
    docs.push_back(make_doc("lex" + std::to_string(d), text));
  }
  Lexicon lex;
  rtest::build_lexicon(docs, lex);
  return lex;
}

TEST(Lexicon, SplitsRunTogetherWords) {
  Lexicon lex = small_lexicon();
  EXPECT_EQ(lex.docs(), 4u);
  EXPECT_GT(lex.count("joined"), 100u);
  std::vector<std::pair<uint32_t, uint32_t>> pieces;
  ASSERT_TRUE(lex.split("havejoined", &pieces));
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], (std::pair<uint32_t, uint32_t>{0, 4}));
  EXPECT_EQ(pieces[1], (std::pair<uint32_t, uint32_t>{4, 10}));
  EXPECT_FALSE(lex.split("joined", &pieces));   // a known word stays
  EXPECT_FALSE(lex.split("xqzvbnm", &pieces));  // nothing explains it
  EXPECT_GT(lex.idf(stem_id("ceasefire")), 0.0f);
  EXPECT_LT(lex.idf(stem_id("joined")), lex.idf(stem_id("zebra")));
}

TEST(Clean, RunTogetherRepairWithALexicon) {
  Lexicon lex = small_lexicon();
  Document d = make_doc("d", "Foreign fighters havejoined the warin recent months.");
  CleanContext ctx{&lex, nullptr};
  CleanDoc c = clean_document(d, ctx);
  auto w = words_of(c);
  std::vector<std::string> want = {"foreign", "fighters", "have", "joined", "the", "war", "in", "recent", "months"};
  EXPECT_EQ(w, want);
  EXPECT_EQ(c.repaired_words, 2u);
  for (auto& t : c.tokens) {
    EXPECT_EQ(fold_words(d.text.substr(t.begin, t.end - t.begin)), t.word) << t.word;
    bool repaired = t.word == "have" || t.word == "joined" || t.word == "war" || t.word == "in";
    EXPECT_EQ(static_cast<bool>(t.flags & Token::kRepaired), repaired) << t.word;
  }
  // The skeleton does not change with repair.
  CleanDoc plain = clean_document(d, {});
  EXPECT_EQ(plain.skel, c.skel);
  EXPECT_TRUE(has_word(plain, "havejoined"));
}

TEST(Clean, QuotesInStraightAndCurlyMarks) {
  const std::string text =
      "The minister said \"we will fight on\" before the vote. Her rival replied: “we shall never surrender” "
      "and left. «Nous verrons» was all the envoy would add.";
  Document d = make_doc("d", text);
  CleanDoc c = clean_document(d, {});
  ASSERT_EQ(c.quotes.size(), 3u);
  EXPECT_EQ(rtest::slice(text, c.quotes[0]), "we will fight on");
  EXPECT_EQ(rtest::slice(text, c.quotes[1]), "we shall never surrender");
  EXPECT_EQ(rtest::slice(text, c.quotes[2]), "Nous verrons");
  for (auto& t : c.tokens) {
    bool inside = false;
    for (auto q : c.quotes) inside |= t.begin >= q.begin && t.end <= q.end;
    EXPECT_EQ(t.quoted(), inside) << t.word;
  }
}

TEST(Clean, QuoteDoesNotRunAcrossParagraphs) {
  const std::string text = "He said \"this quote is never closed.\n\nA new paragraph starts here and is not quoted.";
  Document d = make_doc("d", text);
  CleanDoc c = clean_document(d, {});
  ASSERT_EQ(c.quotes.size(), 1u);
  EXPECT_EQ(rtest::slice(text, c.quotes[0]), "this quote is never closed");
  EXPECT_FALSE(token(c, "paragraph")->quoted());
}

TEST(Clean, SentenceSplittingKeepsAbbreviationsAndFigures) {
  const std::string text =
      "Mr. Smith met U.S. officials in Washington on Monday. The deal is worth $1.5m in total, "
      "up from 1,200 last year. Dr. Jones disagreed! Was it worth it? Nobody knows.";
  Document d = make_doc("d", text);
  CleanDoc c = clean_document(d, {});
  ASSERT_EQ(c.sentences.size(), 5u);
  EXPECT_EQ(sentence_text(d, c, 0), "Mr. Smith met U.S. officials in Washington on Monday.");
  EXPECT_EQ(sentence_text(d, c, 1), "The deal is worth $1.5m in total, up from 1,200 last year.");
  EXPECT_EQ(sentence_text(d, c, 2), "Dr. Jones disagreed!");
  EXPECT_EQ(sentence_text(d, c, 3), "Was it worth it?");
  EXPECT_EQ(sentence_text(d, c, 4), "Nobody knows.");
  const Token* m = token(c, "1.5m");
  ASSERT_NE(m, nullptr) << testing::PrintToString(words_of(c));
  EXPECT_EQ(d.text.substr(m->begin, m->end - m->begin), "1.5m");
  EXPECT_TRUE(m->number());
  EXPECT_TRUE(has_word(c, "1200"));
  for (size_t k = 0; k < c.sentences.size(); ++k)
    for (uint32_t t = c.sentences[k].tok_begin; t < c.sentences[k].tok_end; ++t) EXPECT_EQ(c.tokens[t].sentence, k);
}

// A sentence's span is what users see of it in changes (added, dropped, changed_claim):
// it must hold the whole sentence, symbols and quote marks included.
TEST(Clean, SentenceSpansKeepSymbolsAndQuoteMarks) {
  const std::string text = "Prices rose 2.5%. \u201cWe lost,\u201d he said. $5m was raised. (It was late.) Fine.";
  Document d = make_doc("d", text);
  CleanDoc c = clean_document(d, {});
  ASSERT_EQ(c.sentences.size(), 5u);
  EXPECT_EQ(sentence_text(d, c, 0), "Prices rose 2.5%.");
  EXPECT_EQ(sentence_text(d, c, 1), "\u201cWe lost,\u201d he said.");
  EXPECT_EQ(sentence_text(d, c, 2), "$5m was raised.");
  EXPECT_EQ(sentence_text(d, c, 3), "(It was late.)");
}

TEST(Clean, HeadlineAndParagraphs) {
  const std::string text =
      "Storm closes coastal road\n\nHigh winds closed the coast road on Friday. Police urged drivers to stay away.\n\n"
      "The road is expected to reopen on Sunday.";
  Document d = make_doc("d", text);
  CleanDoc c = clean_document(d, {});
  ASSERT_EQ(c.sentences.size(), 4u);
  EXPECT_TRUE(c.sentences[0].headline);
  EXPECT_EQ(sentence_text(d, c, 0), "Storm closes coastal road");
  EXPECT_FALSE(c.sentences[1].headline);
  EXPECT_EQ(c.sentences[1].paragraph, c.sentences[2].paragraph);
  EXPECT_LT(c.sentences[2].paragraph, c.sentences[3].paragraph);
  EXPECT_LT(c.sentences[0].paragraph, c.sentences[1].paragraph);
}

TEST(Clean, HardWrappedLinesStayOneSentence) {
  const std::string text =
      "The committee said on Thursday that the\nproject would go ahead despite strong\nobjections from "
      "residents.\nWork starts in May.";
  Document d = make_doc("d", text);
  CleanDoc c = clean_document(d, {});
  ASSERT_EQ(c.sentences.size(), 2u);
  EXPECT_EQ(sentence_text(d, c, 0),
            "The committee said on Thursday that the\nproject would go ahead despite strong\nobjections from residents.");
}

TEST(Clean, BlankLineInsideASentenceDoesNotEndIt) {
  // PDF text: a column break left a blank line inside a sentence.
  Document d = make_doc("x", "The civilian patrollers lack the know-how, the instruction and the\n\nprotective kit needed "
                             "to cope with encounters. Ministers disagree.\n\nA new paragraph starts here.");
  CleanDoc c = clean_document(d, {});
  ASSERT_EQ(c.sentences.size(), 3u);
  EXPECT_EQ(c.sentences[0].paragraph, c.sentences[1].paragraph);
  EXPECT_NE(d.text.substr(c.sentences[0].begin, c.sentences[0].end - c.sentences[0].begin).find("protective kit"),
            std::string::npos);
  EXPECT_GT(c.sentences[2].paragraph, c.sentences[1].paragraph);
}

}  // namespace
}  // namespace retrace
