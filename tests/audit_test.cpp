// Tests of the audit stage (audit/audit.h) end to end: hand-built source/copy pairs, one per
// kind of change, run through detect_corpus with dates (the source first) among some BBC
// articles (for realistic word statistics); each checks the changes of the pair's relation.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "audit/audit.h"
#include "pipeline/detect.h"
#include "test_support.h"
#include "test_texts.h"

namespace retrace {
namespace {

using rtest::make_doc;

// A news story of seven paragraphs with quotes, figures, hedged claims and attributions.
const std::string kSource =
    "Army withdraws from border town after three-day battle\n\n"
    "The army withdrew from the border town of Kestrel on Sunday after a three-day battle, the defence "
    "ministry said.\n\n"
    "The ministry said the army had lost some 2,000 troops in the fighting, the heaviest losses of the "
    "campaign so far. General Anna Petrova, who led the defence of the town, praised her soldiers. \"They "
    "fought courageously and heroically against a much larger force,\" she told reporters in the capital.\n\n"
    "The withdrawal took 2.5 hours and was completed before dawn, according to officials. Foreign Minister "
    "David Okafor said it was unlikely that the town would be retaken this year. \"We will not abandon the "
    "people of Kestrel,\" he added.\n\n"
    "The government has approved emergency spending of $1.13bn to rebuild roads and bridges in the region. "
    "A poll published on Monday found that 76% of voters supported the decision to withdraw.\n\n"
    "Aid agencies said 45,000 people had fled the area since the start of the month. The Red Cross has "
    "opened three new camps near the river, where families receive food and medical care.\n\n"
    "Local farmers fear that the harvest will be lost if the fighting spreads into the valley. The regional "
    "governor has asked neighbouring provinces to send tractors and storage lorries before the autumn.";

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << "fixture lacks: " << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

struct Audited {
  DetectResult res;
  const Relation* rel = nullptr;
  std::string source_text(const Change& c) const { return rtest::slice(res.corpus.docs[rel->source].text, c.source); }
  std::string copy_text(const Change& c) const { return rtest::slice(res.corpus.docs[rel->copy].text, c.copy); }
  std::vector<const Change*> of(ChangeKind k) const {
    std::vector<const Change*> out;
    for (auto& c : rel->changes)
      if (c.kind == k) out.push_back(&c);
    return out;
  }
  std::string all() const {
    std::string s;
    for (auto& c : rel->changes)
      s += std::string("\n  ") + to_string(c.kind) + " [" + (c.copy.empty() ? "" : copy_text(c)) + "] <- [" +
           (c.source.empty() ? "" : source_text(c)) + "] " + c.detail;
    return s;
  }
};

// Runs detect on the pair among 150 BBC articles; the relation must exist, source -> copy.
Audited audit_pair(const std::string& source, const std::string& copy) {
  Audited a;
  Corpus c;
  const auto& bbc = rtest::bbc_corpus().docs;
  c.docs.assign(bbc.begin() + 1000, bbc.begin() + 1150);
  c.docs.push_back(make_doc("source", source, "2026-03-01T08:00:00Z", "Wire"));
  c.docs.push_back(make_doc("copy", copy, "2026-03-01T15:30:00Z", "Daily"));
  DetectOptions opt;
  opt.threads = 2;
  opt.progress = false;
  a.res = detect_corpus(std::move(c), opt);
  a.rel = rtest::find_relation(a.res.relations, a.res.corpus, "source", "copy");
  EXPECT_NE(a.rel, nullptr) << "no relation between source and copy";
  if (a.rel) {
    EXPECT_EQ(a.res.corpus.docs[a.rel->source].id, "source");
    EXPECT_EQ(a.rel->direction, Direction::kDated);
  }
  return a;
}

// The pair's relation exists and reports no changed claim.
void expect_no_changed_claim(const std::string& source, const std::string& copy) {
  Audited a = audit_pair(source, copy);
  ASSERT_NE(a.rel, nullptr);
  EXPECT_TRUE(a.of(ChangeKind::kChangedClaim).empty()) << a.all();
}

TEST(Audit, UnchangedCopyHasNoChanges) {
  Audited a = audit_pair(kSource, kSource + "\n");
  ASSERT_NE(a.rel, nullptr);
  EXPECT_TRUE(a.rel->changes.empty()) << a.all();
}

TEST(Audit, AlteredQuoteIsFlaggedWithTheSourceWordsAndAKeptQuoteIsNot) {
  std::string copy = replaced(kSource, "courageously and heroically", "courageous and heroic");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  auto q = a.of(ChangeKind::kAlteredQuote);
  ASSERT_EQ(q.size(), 1u) << a.all();
  EXPECT_NE(a.copy_text(*q[0]).find("courageous and heroic against"), std::string::npos) << a.copy_text(*q[0]);
  EXPECT_NE(a.source_text(*q[0]).find("courageously and heroically"), std::string::npos) << a.source_text(*q[0]);
  // The kept quote ("We will not abandon ...") is not reported, nor is anything else.
  for (auto& c : a.rel->changes) {
    EXPECT_EQ(a.copy_text(c).find("abandon"), std::string::npos) << a.all();
    EXPECT_NE(c.kind, ChangeKind::kChangedNumber) << a.all();
  }
}

// Figures re-expressed with their values, in digits or spelled out as a rewriter does.
TEST(Audit, ReExpressedNumbersAreNotChanges) {
  const std::vector<std::vector<std::pair<std::string, std::string>>> rewrites = {
      {{"2.5 hours", "two and a half hours"}, {"$1.13bn", "$1.13 billion"}, {"76%", "76 percent"},
       {"45,000 people", "45000 people"}},
      {{"some 2,000 troops", "some two thousand troops"}, {"45,000 people", "forty-five thousand people"},
       {"2.5 hours", "two and a half hours"}, {"76%", "seventy-six per cent"}}};
  for (const auto& edits : rewrites) {
    std::string copy = kSource;
    for (const auto& [from, to] : edits) copy = replaced(copy, from, to);
    Audited a = audit_pair(kSource, copy);
    ASSERT_NE(a.rel, nullptr);
    EXPECT_TRUE(a.of(ChangeKind::kChangedNumber).empty()) << a.all();
    EXPECT_TRUE(a.rel->changes.empty()) << a.all();
  }
}

TEST(Audit, ChangedFigureIsFlagged) {
  std::string copy = replaced(kSource, "lost some 2,000 troops", "lost 3,000 troops");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  auto n = a.of(ChangeKind::kChangedNumber);
  ASSERT_EQ(n.size(), 1u) << a.all();
  EXPECT_EQ(a.copy_text(*n[0]), "3,000 troops");
  EXPECT_EQ(a.source_text(*n[0]), "2,000 troops");
  EXPECT_EQ(n[0]->detail, "2000 -> 3000");
  // Dropping "some" also firms up the claim.
  auto cl = a.of(ChangeKind::kChangedClaim);
  ASSERT_EQ(cl.size(), 1u) << a.all();
  EXPECT_NE(a.copy_text(*cl[0]).find("lost 3,000 troops"), std::string::npos);
}

// The pair's relation reports exactly one changed number, with these texts.
void expect_one_changed_number(const std::string& copy, const std::string& copy_text, const std::string& source_text) {
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  auto n = a.of(ChangeKind::kChangedNumber);
  ASSERT_EQ(n.size(), 1u) << a.all();
  EXPECT_EQ(a.copy_text(*n[0]), copy_text);
  EXPECT_EQ(a.source_text(*n[0]), source_text);
}

TEST(Audit, ChangedCountOfPeopleIsFlagged) {
  expect_one_changed_number(replaced(kSource, "45,000 people", "50,000 people"), "50,000 people", "45,000 people");
}

TEST(Audit, StrengthenedClaimIsFlagged) {
  std::string copy = replaced(kSource, "said it was unlikely that the town would be retaken this year",
                              "ruled out retaking the town this year");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  auto cl = a.of(ChangeKind::kChangedClaim);
  ASSERT_EQ(cl.size(), 1u) << a.all();
  EXPECT_NE(a.copy_text(*cl[0]).find("ruled out retaking"), std::string::npos) << a.all();
  EXPECT_NE(a.source_text(*cl[0]).find("said it was unlikely"), std::string::npos) << a.all();
  EXPECT_FALSE(cl[0]->detail.empty());
  EXPECT_TRUE(a.of(ChangeKind::kChangedNumber).empty()) << a.all();
}

TEST(Audit, AttributionChangeIsFlagged) {
  std::string copy = replaced(kSource, "Foreign Minister David Okafor said it was unlikely",
                              "Army chief Paul Renner said it was unlikely");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  auto cl = a.of(ChangeKind::kChangedClaim);
  ASSERT_EQ(cl.size(), 1u) << a.all();
  EXPECT_NE(a.copy_text(*cl[0]).find("Paul Renner said"), std::string::npos) << a.all();
  EXPECT_NE(a.source_text(*cl[0]).find("David Okafor said"), std::string::npos) << a.all();
  EXPECT_NE(cl[0]->detail.find("attribution"), std::string::npos) << cl[0]->detail;
}

TEST(Audit, AddedEditorialSentenceIsFlagged) {
  const std::string added = "Readers can follow our live coverage on the website and in the evening edition.";
  std::string copy = replaced(kSource, "The government has approved", added + " The government has approved");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  auto ad = a.of(ChangeKind::kAdded);
  ASSERT_EQ(ad.size(), 1u) << a.all();
  EXPECT_EQ(a.copy_text(*ad[0]), added);
  EXPECT_TRUE(ad[0]->source.empty());
  EXPECT_EQ(a.rel->changes.size(), 1u) << a.all();
}

TEST(Audit, DroppedParagraphIsFlagged) {
  const std::string para =
      "\n\nLocal farmers fear that the harvest will be lost if the fighting spreads into the valley. The regional "
      "governor has asked neighbouring provinces to send tractors and storage lorries before the autumn.";
  std::string copy = replaced(kSource, para, "");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  EXPECT_EQ(a.rel->kind, RelationKind::kReprint);
  auto dr = a.of(ChangeKind::kDropped);
  ASSERT_EQ(dr.size(), 1u) << a.all();
  EXPECT_EQ(a.source_text(*dr[0]), para.substr(2));
  EXPECT_TRUE(dr[0]->copy.empty());
  EXPECT_EQ(a.rel->changes.size(), 1u) << a.all();
}

TEST(Audit, SeveralChangesInOneCopy) {
  std::string copy = replaced(kSource, "courageously and heroically", "courageous and heroic");
  copy = replaced(copy, "2.5 hours", "two and a half hours");
  copy = replaced(copy, "45,000 people", "50,000 people");
  copy = replaced(copy, "said it was unlikely that the town would be retaken this year",
                  "ruled out retaking the town this year");
  copy = replaced(copy, "The government has approved",
                  "Readers can follow our live coverage on the website and in the evening edition. The government has approved");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  EXPECT_EQ(a.of(ChangeKind::kAlteredQuote).size(), 1u) << a.all();
  EXPECT_EQ(a.of(ChangeKind::kChangedNumber).size(), 1u) << a.all();
  EXPECT_EQ(a.of(ChangeKind::kChangedClaim).size(), 1u) << a.all();
  EXPECT_EQ(a.of(ChangeKind::kAdded).size(), 1u) << a.all();
  EXPECT_TRUE(a.of(ChangeKind::kDropped).empty()) << a.all();
  // Changes come in copy order.
  uint32_t last = 0;
  for (auto& c : a.rel->changes) {
    if (c.copy.empty()) continue;
    EXPECT_GE(c.copy.begin, last);
    last = c.copy.begin;
  }
}

TEST(Audit, ShortenedOrReMarkedQuoteIsNotAnAlteration) {
  std::string copy = replaced(kSource, "\"They fought courageously and heroically against a much larger force,\" she told",
                              "\u201cThey fought courageously and heroically,\u201d she told");
  copy = replaced(copy, "\"We will not abandon the people of Kestrel,\"", "\u201cWe will not abandon the people of Kestrel,\u201d");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  EXPECT_TRUE(a.of(ChangeKind::kAlteredQuote).empty()) << a.all();
}

TEST(Audit, HedgeAddedAndNegationAreChangedClaims) {
  std::string copy = replaced(kSource, "Aid agencies said 45,000 people had fled", "Aid agencies said 45,000 people had reportedly fled");
  copy = replaced(copy, "The Red Cross has opened three new camps", "The Red Cross has not opened three new camps");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  auto cl = a.of(ChangeKind::kChangedClaim);
  ASSERT_EQ(cl.size(), 2u) << a.all();
  EXPECT_NE(a.copy_text(*cl[0]).find("reportedly fled"), std::string::npos) << a.all();
  EXPECT_NE(cl[0]->detail.find("reportedly"), std::string::npos) << cl[0]->detail;
  EXPECT_NE(a.copy_text(*cl[1]).find("has not opened"), std::string::npos) << a.all();
  EXPECT_NE(cl[1]->detail.find("negation"), std::string::npos) << cl[1]->detail;
  EXPECT_TRUE(a.of(ChangeKind::kChangedNumber).empty()) << a.all();
}

// The text of a change is what a reader sees: whole sentences, with their figures' symbols
// and quote marks.
TEST(Audit, AddedSentenceTextKeepsItsPercentSign) {
  const std::string added = "Inflation has risen by 12%.";
  std::string copy = replaced(kSource, "The government has approved", added + " The government has approved");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  auto ad = a.of(ChangeKind::kAdded);
  ASSERT_EQ(ad.size(), 1u) << a.all();
  EXPECT_EQ(a.copy_text(*ad[0]), added);
}

// The hand-built rewrite of bbc-business-058 with one figure changed, among 400 BBC articles.
TEST(Audit, ChangedFigureInARewrite) {
  Corpus c;
  const auto& bbc = rtest::bbc_corpus().docs;
  c.docs.assign(bbc.begin(), bbc.begin() + 400);
  int src = rtest::doc_index(c, rtest::kRewriteSourceId);
  ASSERT_GE(src, 0);
  rtest::set_date(c.docs[src], "2005-01-10");
  std::string rw = replaced(rtest::rewrite_text(), "about 10 of its 27 plants", "about 12 of its 27 plants");
  c.docs.push_back(make_doc("rewrite", rw, "2005-01-11"));
  DetectOptions opt;
  opt.threads = 2;
  opt.progress = false;
  Audited a;
  a.res = detect_corpus(std::move(c), opt);
  a.rel = rtest::find_relation(a.res.relations, a.res.corpus, rtest::kRewriteSourceId, "rewrite");
  ASSERT_NE(a.rel, nullptr);
  EXPECT_EQ(a.rel->kind, RelationKind::kRewrite);
  auto n = a.of(ChangeKind::kChangedNumber);
  ASSERT_EQ(n.size(), 1u) << a.all();
  EXPECT_EQ(a.copy_text(*n[0]), "12");
  EXPECT_EQ(a.source_text(*n[0]), "10");
  EXPECT_TRUE(a.of(ChangeKind::kAlteredQuote).empty()) << a.all();
}

// Rewording that keeps every hedge (moved, or said with the same kind of word) changes no
// claim: "some 2,000 troops" is still "some 2,000 troops" at the other end of the sentence.
TEST(Audit, RewordingWithTheSameHedgesIsNotAChangedClaim) {
  std::string copy = replaced(kSource,
                              "The ministry said the army had lost some 2,000 troops in the fighting, the heaviest losses "
                              "of the campaign so far.",
                              "Some 2,000 troops were lost in the fighting, the ministry said, the army's heaviest losses "
                              "of the campaign so far.");
  copy = replaced(copy, "Foreign Minister David Okafor said it was unlikely that the town would be retaken this year.",
                  "It was unlikely that the town would be retaken this year, Foreign Minister David Okafor said.");
  Audited a = audit_pair(kSource, copy);
  ASSERT_NE(a.rel, nullptr);
  EXPECT_TRUE(a.of(ChangeKind::kChangedClaim).empty()) << a.all();
  EXPECT_TRUE(a.of(ChangeKind::kChangedNumber).empty()) << a.all();
}

// Text pulled out of a PDF runs words together; a hedge glued to the word before it
// ("Ostrakovaround 40") is still there.
TEST(Audit, RunTogetherWordIsNotADroppedHedge) {
  std::string source = replaced(kSource, "The Red Cross has opened three new camps near the river",
                                "In Ostrakov around 40 families were sheltering. The Red Cross has opened three new camps "
                                "near the river");
  expect_no_changed_claim(source, replaced(source, "In Ostrakov around 40", "In Ostrakovaround 40"));
}

// "without" is a negation word, but "lost power" / "without electricity" is the same fact in
// other words, not a negation flipped.
TEST(Audit, LostPowerAndWithoutElectricityIsNotANegation) {
  std::string source = replaced(kSource, "The Red Cross has opened",
                                "Nearly 120,000 homes in the valley lost power on Monday. The Red Cross has opened");
  expect_no_changed_claim(source, replaced(source, "homes in the valley lost power on Monday",
                                           "homes in the valley were without electricity on Monday"));
}

// A negation moved within the sentence is not flipped: "to seek no royalties" / "not to seek
// royalties".
TEST(Audit, MovedNegationIsNotAChangedClaim) {
  std::string source = replaced(kSource, "The Red Cross has opened",
                                "The army has pledged to seek no compensation from the farmers. The Red Cross has opened");
  expect_no_changed_claim(source, replaced(source, "has pledged to seek no compensation from the farmers",
                                           "has pledged not to seek compensation from the farmers"));
}

// A hedge said in other words is still a hedge: ability for ability ("can" / "could"), one
// kind of hedge for another ("is expected to" / "is likely to"), a plan for a plan; and "could"
// in a comparison or a perception hedges nothing.
TEST(Audit, HedgesInOtherWordsAreNotChangedClaims) {
  const std::vector<std::pair<std::string, std::string>> rewordings = {
      {"The regional governor can ask neighbouring provinces to send tractors",
       "The regional governor could ask neighbouring provinces to send tractors"},
      {"The regional governor is expected to ask neighbouring provinces to send tractors",
       "The regional governor is likely to ask neighbouring provinces to send tractors"},
      {"The regional governor planned to ask neighbouring provinces to send tractors",
       "The regional governor intended to ask neighbouring provinces to send tractors"},
      {"The regional governor has asked as many neighbouring provinces as possible to send tractors",
       "The regional governor has asked as many neighbouring provinces as he could to send tractors"},
      {"The regional governor has asked neighbouring provinces to send tractors, and the shelling can be heard "
       "from the camps,",
       "The regional governor has asked neighbouring provinces to send tractors, and the shelling could be heard "
       "from the camps,"}};
  for (const auto& [in_source, in_copy] : rewordings) {
    std::string source = replaced(kSource, "The regional governor has asked neighbouring provinces to send tractors",
                                  in_source);
    expect_no_changed_claim(source, replaced(source, in_source, in_copy));
  }
}

// A hedge removed, the rest of the sentence kept: the claim is stated more firmly.
TEST(Audit, DroppedHedgeIsAChangedClaim) {
  std::string source = replaced(kSource, "45,000 people had fled", "45,000 people had reportedly fled");
  Audited a = audit_pair(source, kSource);
  ASSERT_NE(a.rel, nullptr);
  auto cl = a.of(ChangeKind::kChangedClaim);
  ASSERT_EQ(cl.size(), 1u) << a.all();
  EXPECT_NE(a.copy_text(*cl[0]).find("45,000 people had fled"), std::string::npos) << a.all();
  EXPECT_NE(cl[0]->detail.find("dropped ('reportedly')"), std::string::npos) << cl[0]->detail;
}

// The same speaker named another way is the same attribution; a different paper is not.
TEST(Audit, AttributionReworded_OrMovedToAnotherPaper) {
  std::string copy = replaced(kSource, "Foreign Minister David Okafor said it was unlikely",
                              "David Okafor, the foreign minister, said it was unlikely");
  Audited same = audit_pair(kSource, copy);
  ASSERT_NE(same.rel, nullptr);
  EXPECT_TRUE(same.of(ChangeKind::kChangedClaim).empty()) << same.all();

  std::string source = replaced(kSource, "she told reporters in the capital", "she told the Clarion newspaper in the capital");
  copy = replaced(source, "she told the Clarion newspaper", "she told the Meridian newspaper");
  Audited other = audit_pair(source, copy);
  ASSERT_NE(other.rel, nullptr);
  auto cl = other.of(ChangeKind::kChangedClaim);
  ASSERT_EQ(cl.size(), 1u) << other.all();
  EXPECT_NE(cl[0]->detail.find("'Clarion' -> 'Meridian'"), std::string::npos) << cl[0]->detail;
  EXPECT_NE(cl[0]->detail.find("attribution"), std::string::npos) << cl[0]->detail;
}

// A figure changed in a sentence the copy merged from two keeps its place: it is reported
// against the source figure in the same context.
TEST(Audit, ChangedFigureInAMergedSentence) {
  std::string copy = replaced(kSource,
                              "The Red Cross has opened three new camps near the river, where families receive food and "
                              "medical care.",
                              "");
  copy = replaced(copy, "Aid agencies said 45,000 people had fled the area since the start of the month.",
                  "Aid agencies said 45,000 people had fled the area since the start of the month, and the Red Cross "
                  "has opened four new camps near the river, where families receive food and medical care.");
  expect_one_changed_number(copy, "four", "three");
}

// A rewrite's kept quotes are verbatim passages, spans on both sides; an altered quote is not.
TEST(Audit, KeptQuotesAreVerbatimPassages) {
  std::string copy = replaced(kSource, "courageously and heroically", "courageous and heroic");
  copy = replaced(copy, "\"We will not abandon the people of Kestrel,\" he added.",
                  "\u201cWe will not abandon the people of Kestrel,\u201d the minister added.");
  Document s = make_doc("s", kSource), c = make_doc("c", copy);
  CleanDoc cs = clean_document(s, {}), cc = clean_document(c, {});
  AuditInput in{&s, &cs, nullptr, &c, &cc, nullptr};
  auto ps = kept_quote_passages(in);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].kind, PassageKind::kVerbatim);
  EXPECT_EQ(rtest::slice(c.text, ps[0].copy), "We will not abandon the people of Kestrel,");
  EXPECT_EQ(rtest::slice(s.text, ps[0].source), "We will not abandon the people of Kestrel");
}

// A kept quote that lost its closing mark in extraction is still the source's quote.
TEST(Audit, KeptQuoteThatLostItsClosingMark) {
  std::string copy = replaced(kSource, "\"We will not abandon the people of Kestrel,\" he added.",
                              "\"We will not abandon the people of Kestrel,  he added.");
  Document s = make_doc("s", kSource), c = make_doc("c", copy);
  CleanDoc cs = clean_document(s, {}), cc = clean_document(c, {});
  AuditInput in{&s, &cs, nullptr, &c, &cc, nullptr};
  auto ps = kept_quote_passages(in);
  ASSERT_EQ(ps.size(), 2u);  // the other kept quote, "They fought courageously ..."
  // The run-on quote is the source's words too, up to "he added": one passage covering the quote.
  EXPECT_EQ(rtest::slice(c.text, ps[1].copy).rfind("We will not abandon the people of Kestrel,", 0), 0u);
  EXPECT_NE(rtest::slice(s.text, ps[1].source).find("We will not abandon the people of Kestrel"), std::string::npos);
}

TEST(Audit, SkeletonSimilarity) {
  EXPECT_FLOAT_EQ(skeleton_similarity("“Courageously,” he said", "courageously -- HE SAID"), 1.0f);
  float sim = skeleton_similarity("They fought courageously and heroically", "They fought courageous and heroic");
  EXPECT_GT(sim, 0.5f);
  EXPECT_LT(sim, 1.0f);
  EXPECT_LT(skeleton_similarity("They fought courageously", "Prices rose sharply in May"), 0.2f);
}

}  // namespace
}  // namespace retrace
