// End-to-end tests of `detect` as a library call (pipeline/detect.h): the whole BBC corpus
// (2,225 articles) plus built cases — damaged reprints, an excerpt, a hand-made rewrite and an
// independent report of the same story — and the JSON Lines output's code point offsets.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "pipeline/detect.h"
#include "write/jsonl_writer.h"
#include "write/output_file.h"
#include "test_support.h"
#include "test_texts.h"
#include "write/jsonl_writer.h"

namespace retrace {
namespace {

using rtest::find_relation;
using rtest::make_doc;

DetectOptions quiet_options() {
  DetectOptions opt;
  opt.threads = 2;
  opt.progress = false;
  return opt;
}

// One detect run over the BBC corpus plus the built cases, shared by the tests of a process.
class BbcDetect : public testing::Test {
 protected:
  void SetUp() override { rtest::require_shared(); }  // the suite's set-up cannot skip
  static void SetUpTestSuite() {
    Corpus c = rtest::bbc_corpus();
    auto at = [&](const std::string& id) -> Document& { return c.docs[rtest::doc_index(c, id)]; };
    rtest::set_date(at(rtest::kDamagedDatedSourceId), "2005-03-01");
    rtest::set_date(at(rtest::kExcerptSourceId), "2005-02-10");
    rtest::set_date(at(rtest::kRewriteSourceId), "2005-01-10");
    c.docs.push_back(make_doc("damaged-dated", rtest::damage(at(rtest::kDamagedDatedSourceId).text), "2005-03-04"));
    c.docs.push_back(make_doc("damaged-undated", rtest::damage(at(rtest::kDamagedUndatedSourceId).text)));
    c.docs.push_back(make_doc("excerpt", rtest::excerpt_text(at(rtest::kExcerptSourceId).text), "2005-02-14"));
    c.docs.push_back(make_doc("rewrite", rtest::rewrite_text(), "2005-01-11"));
    c.docs.push_back(make_doc("independent", rtest::kIndependentReport, "2005-01-11T18:00:00Z"));
    res_ = new DetectResult(detect_corpus(std::move(c), quiet_options()));
  }
  static void TearDownTestSuite() { delete res_; }

  static const Relation* rel(const std::string& x, const std::string& y) {
    return find_relation(res_->relations, res_->corpus, x, y);
  }
  static const std::string& id(DocId d) { return res_->corpus.docs[d].id; }
  static std::string describe(const Relation* r) {
    if (!r) return "no relation";
    return std::string(to_string(r->kind)) + " " + id(r->source) + " -> " + id(r->copy) + " (" +
           to_string(r->direction) + ", score " + std::to_string(r->score) + ")";
  }

  static DetectResult* res_;
};
DetectResult* BbcDetect::res_ = nullptr;

TEST_F(BbcDetect, All98ExactDuplicateGroupsAreDuplicates) {
  const auto& bbc = rtest::bbc_corpus().docs;
  std::map<std::string, std::vector<std::string>> by_text;
  for (const auto& d : bbc) by_text[d.text].push_back(d.id);
  int groups = 0;
  for (const auto& [text, ids] : by_text) {
    if (ids.size() < 2) continue;
    ++groups;
    for (size_t k = 1; k < ids.size(); ++k) {
      const Relation* r = rel(ids[0], ids[k]);
      ASSERT_NE(r, nullptr) << ids[0] << " / " << ids[k];
      EXPECT_EQ(r->kind, RelationKind::kDuplicate) << describe(r);
      EXPECT_FLOAT_EQ(r->score, 1.0f);
      EXPECT_FLOAT_EQ(r->coverage_source, 1.0f);
      EXPECT_FLOAT_EQ(r->coverage_copy, 1.0f);
      EXPECT_TRUE(r->changes.empty()) << describe(r);
    }
  }
  EXPECT_EQ(groups, 98);
  EXPECT_EQ(res_->stats.documents, bbc.size() + 5);
  EXPECT_GE(res_->stats.relations.at("duplicate"), 98u);
  // Every relation is counted in the stats by its kind.
  std::map<std::string, uint64_t> kinds;
  for (auto& r : res_->relations) ++kinds[to_string(r.kind)];
  EXPECT_EQ(kinds, res_->stats.relations);
}

TEST_F(BbcDetect, DamagedReprintIsFoundAmongAllArticles) {
  const Relation* r = rel(rtest::kDamagedDatedSourceId, "damaged-dated");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, RelationKind::kReprint) << describe(r);
  EXPECT_EQ(r->direction, Direction::kDated);
  EXPECT_EQ(id(r->source), rtest::kDamagedDatedSourceId);
  EXPECT_EQ(id(r->copy), "damaged-dated");
  EXPECT_GE(r->coverage_source, 0.9f);
  EXPECT_GE(r->coverage_copy, 0.9f);
  // A damaged reprint changes nothing a reader would call a change.
  for (auto& c : r->changes)
    EXPECT_TRUE(c.kind != ChangeKind::kChangedNumber && c.kind != ChangeKind::kAlteredQuote &&
                c.kind != ChangeKind::kDropped)
        << to_string(c.kind) << ": " << c.detail;
  // The damaged copy relates to nothing but its source.
  for (auto& x : res_->relations)
    if (id(x.copy) == "damaged-dated" || id(x.source) == "damaged-dated")
      EXPECT_EQ(&x, r) << "extra relation: " << describe(&x);

  const Relation* u = rel(rtest::kDamagedUndatedSourceId, "damaged-undated");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->kind, RelationKind::kReprint) << describe(u);
  EXPECT_EQ(u->direction, Direction::kInferred);
  EXPECT_EQ(id(u->source), rtest::kDamagedUndatedSourceId);
}

TEST_F(BbcDetect, ExcerptOfThreeParagraphs) {
  const Relation* r = rel(rtest::kExcerptSourceId, "excerpt");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, RelationKind::kExcerpt) << describe(r);
  EXPECT_EQ(r->direction, Direction::kDated);
  EXPECT_EQ(id(r->source), rtest::kExcerptSourceId);
  EXPECT_EQ(id(r->copy), "excerpt");
  ASSERT_FALSE(r->passages.empty());
  // The passage is the three paragraphs, in both texts.
  const Document& src = res_->corpus.docs[r->source];
  const Document& copy = res_->corpus.docs[r->copy];
  auto paras = rtest::paragraphs(src.text);
  std::string want = rtest::letters(paras[2] + paras[3] + paras[4]);
  std::string got_src, got_copy;
  for (auto& p : r->passages) {
    got_src += rtest::letters(rtest::slice(src.text, p.source));
    got_copy += rtest::letters(rtest::slice(copy.text, p.copy));
  }
  EXPECT_GE(rtest::lcs_ratio(got_src, want), 0.98);
  EXPECT_GE(rtest::lcs_ratio(got_copy, want), 0.98);
  for (auto& c : r->changes) EXPECT_NE(c.kind, ChangeKind::kDropped) << "an excerpt leaves out by nature";
}

TEST_F(BbcDetect, HandBuiltRewriteIsARewriteAndTheIndependentTellingIsNotDerived) {
  const Relation* r = rel(rtest::kRewriteSourceId, "rewrite");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, RelationKind::kRewrite) << describe(r);
  EXPECT_EQ(r->direction, Direction::kDated);
  EXPECT_EQ(id(r->source), rtest::kRewriteSourceId);
  EXPECT_GE(r->coverage_copy, 0.7f);
  // The rewrite keeps every figure: none may be reported as changed.
  for (auto& c : r->changes) EXPECT_NE(c.kind, ChangeKind::kChangedNumber) << c.detail;
  // The rewrite's copy is not also credited to another BBC article.
  for (auto& x : res_->relations)
    if (id(x.copy) == "rewrite" && &x != r) ADD_FAILURE() << "extra source: " << describe(&x);

  for (auto& x : res_->relations)
    if (id(x.copy) == "independent" || id(x.source) == "independent")
      ADD_FAILURE() << "independent report related: " << describe(&x);
}

TEST_F(BbcDetect, OutputOffsetsAreCodePointsAndTextsAreConsistent) {
  // Every relation of the BBC run survives a round trip through JSON: offsets inside the texts,
  // change texts equal to the code point slices of the offsets.
  simdjson::dom::parser parser;
  size_t checked = 0;
  for (const auto& r : res_->relations) {
    if (r.changes.empty()) continue;
    std::string line;
    relation_to_json(res_->corpus, r, line);
    simdjson::dom::element el;
    ASSERT_EQ(parser.parse(line).get(el), simdjson::SUCCESS) << line.substr(0, 200);
    const std::string& S = res_->corpus.docs[r.source].text;
    const std::string& C = res_->corpus.docs[r.copy].text;
    for (auto ch : el["changes"].get_array()) {
      auto copy = ch["copy"].get_array();
      if (copy.size() == 2) {
        uint64_t b = copy.at(0).get_uint64(), e = copy.at(1).get_uint64();
        ASSERT_LE(e, rtest::cp_count(C));
        EXPECT_EQ(rtest::cp_slice(C, b, e), std::string(ch["copy_text"].get_string().value()));
      }
      auto src = ch["source"].get_array();
      if (src.size() == 2) {
        uint64_t b = src.at(0).get_uint64(), e = src.at(1).get_uint64();
        ASSERT_LE(e, rtest::cp_count(S));
        EXPECT_EQ(rtest::cp_slice(S, b, e), std::string(ch["source_text"].get_string().value()));
      }
    }
    if (++checked >= 50) break;
  }
  EXPECT_GT(checked, 0u);
}

// ---- non-ASCII texts, JSON Lines offsets ---------------------------------------------------

const char* kNonAsciiSource =
    "Zoë Ångström, directrice de l’Opéra de Montréal, a annoncé lundi une saison « audacieuse » de "
    "douze productions. Le budget atteint 4,2 millions d’euros, soit 8 % de plus qu’en 2024.\n\n"
    "Parmi les œuvres prévues figurent « Le Château de Barbe-Bleue » et une création de Jürgen "
    "Müller. Les billets seront mis en vente dès le 3 mars, à partir de 25 €.\n\n"
    "« Nous voulons ouvrir l’opéra à tous les publics », a déclaré Mme Ångström lors d’une "
    "conférence de presse. Les abonnés fidèles bénéficieront d’une réduction de 15 % sur "
    "l’ensemble de la saison.\n\n"
    "La ville de Montréal a confirmé son soutien financier pour les trois prochaines années. "
    "Des représentations gratuites auront lieu en plein air au parc La Fontaine en été.";

TEST(DetectOutput, OffsetsAreCodePointsOnNonAsciiText) {
  Corpus c;
  c.docs.push_back(make_doc("opera-source", kNonAsciiSource, "2026-02-01", "La Presse"));
  // The copy: a line of emoji and CJK first, so that bytes and code points differ a lot
  // before the copied text starts.
  std::string copy = std::string("🎭🎶 文化 · 芸術 — Édition spéciale ✨\n\n") + kNonAsciiSource;
  c.docs.push_back(make_doc("opera-copy", copy, "2026-02-03", "Le Blogue"));
  c.docs.push_back(make_doc("other", "Un tout autre sujet : la météo sera clémente ce week-end à Québec, "
                                     "avec des températures douces et peu de pluie.", "2026-02-02"));
  DetectResult res = detect_corpus(std::move(c), quiet_options());
  ASSERT_EQ(res.relations.size(), 1u);
  const Relation& r = res.relations[0];
  EXPECT_TRUE(r.kind == RelationKind::kReprint || r.kind == RelationKind::kExcerpt) << to_string(r.kind);
  std::string line;
  relation_to_json(res.corpus, r, line);
  simdjson::dom::parser parser;
  simdjson::dom::element el;
  ASSERT_EQ(parser.parse(line).get(el), simdjson::SUCCESS) << line;
  EXPECT_EQ(std::string(el["source"].get_string().value()), "opera-source");
  EXPECT_EQ(std::string(el["copy"].get_string().value()), "opera-copy");
  EXPECT_EQ(std::string(el["direction"].get_string().value()), "dated");
  auto passages = el["passages"].get_array();
  ASSERT_GE(passages.size(), 1u);
  std::string all_src, all_copy;
  for (auto p : passages) {
    auto s = p["source"].get_array(), k = p["copy"].get_array();
    uint64_t sb = s.at(0).get_uint64(), se = s.at(1).get_uint64(), cb = k.at(0).get_uint64(), ce = k.at(1).get_uint64();
    ASSERT_LE(se, rtest::cp_count(kNonAsciiSource));
    ASSERT_LE(ce, rtest::cp_count(copy));
    std::string ss = rtest::cp_slice(kNonAsciiSource, sb, se), cs = rtest::cp_slice(copy, cb, ce);
    EXPECT_EQ(ss, cs);  // verbatim: the same text on both sides
    all_src += ss;
    all_copy += cs;
  }
  // The passages start at the first word and end at the last word of the copied text.
  EXPECT_EQ(all_copy.rfind("Zoë Ångström", 0), 0u) << all_copy.substr(0, 40);
  EXPECT_EQ(all_copy.substr(all_copy.size() - std::string("en été").size()), "en été");
  auto first = passages.at(0)["copy"].get_array();
  EXPECT_EQ(first.at(0).get_uint64().value(), rtest::cp_count("🎭🎶 文化 · 芸術 — Édition spéciale ✨\n\n"));
}

TEST(DetectOutput, EmptyAndTinyCorpora) {
  DetectResult empty = detect_corpus(Corpus{}, quiet_options());
  EXPECT_TRUE(empty.relations.empty());
  EXPECT_EQ(empty.stats.documents, 0u);
  Corpus one;
  one.docs.push_back(make_doc("only", "A single short document."));
  DetectResult r1 = detect_corpus(std::move(one), quiet_options());
  EXPECT_TRUE(r1.relations.empty());
  // Two copies of a one-word text: a duplicate, not a crash.
  Corpus two;
  two.docs.push_back(make_doc("a", "Hello"));
  two.docs.push_back(make_doc("b", "hello!"));
  DetectResult r2 = detect_corpus(std::move(two), quiet_options());
  ASSERT_EQ(r2.relations.size(), 1u);
  EXPECT_EQ(r2.relations[0].kind, RelationKind::kDuplicate);
}

TEST(DetectOutput, DatedDuplicatesPointFromTheEarlier) {
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  Corpus c;
  c.docs.push_back(make_doc("later", text, "2005-06-02"));
  c.docs.push_back(make_doc("earlier", text, "2005-06-01"));
  DetectResult r = detect_corpus(std::move(c), quiet_options());
  ASSERT_EQ(r.relations.size(), 1u);
  EXPECT_EQ(r.relations[0].kind, RelationKind::kDuplicate);
  EXPECT_EQ(r.relations[0].direction, Direction::kDated);
  EXPECT_EQ(r.corpus.docs[r.relations[0].source].id, "earlier");
}

TEST(DetectOutput, ExactDuplicatesAreOneGroupWithOneRelationPerCopy) {
  // One story six times (the fourth the earliest, the second with other spacing), and a damaged
  // reprint of it: each copy is related to the group's source once, and nothing else is said
  // about the copies; the reprint is related to the source alone.
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  Corpus c;
  const char* dates[] = {"2005-06-05", "2005-06-04", "2005-06-03", "2005-06-01", "2005-06-02", "2005-06-06"};
  for (int k = 0; k < 6; ++k)
    c.docs.push_back(make_doc("copy-" + std::to_string(k), k == 1 ? "  " + text + "\n\n" : text, dates[k]));
  c.docs.push_back(make_doc("reprint", rtest::damage(text), "2005-06-07"));
  DetectResult r = detect_corpus(std::move(c), quiet_options());
  auto id = [&](DocId d) { return r.corpus.docs[d].id; };
  std::set<std::string> copies;
  for (const auto& rel : r.relations) {
    EXPECT_EQ(id(rel.source), "copy-3") << id(rel.source) << " -> " << id(rel.copy);
    if (rel.kind == RelationKind::kDuplicate) {
      copies.insert(id(rel.copy));
      EXPECT_EQ(rel.direction, Direction::kDated);
      ASSERT_EQ(rel.passages.size(), 1u);
      EXPECT_EQ(rel.passages[0].kind, PassageKind::kVerbatim);
    }
  }
  EXPECT_EQ(copies, (std::set<std::string>{"copy-0", "copy-1", "copy-2", "copy-4", "copy-5"}));
  EXPECT_EQ(r.relations.size(), 6u) << "five duplicates and the reprint";
  EXPECT_EQ(r.stats.duplicate_pairs, 5u);
}

TEST(DetectOutput, SoftHyphensDoNotHideADuplicate) {
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  std::string soft = text;
  for (const char* w : {"technology", "government", "information"}) {
    size_t at = soft.find(w);
    if (at != std::string::npos) soft.insert(at + 4, "\u00AD");
  }
  ASSERT_NE(soft, text);
  Corpus c;
  c.docs.push_back(make_doc("plain", text));
  c.docs.push_back(make_doc("soft", soft));
  DetectResult r = detect_corpus(std::move(c), quiet_options());
  ASSERT_EQ(r.relations.size(), 1u);
  EXPECT_EQ(r.relations[0].kind, RelationKind::kDuplicate) << to_string(r.relations[0].kind);
}

TEST(DetectOutput, DetectFromFilesCountsSkippedRecordsAndRejectsMissingInputs) {
  rtest::TempDir dir;
  std::string in = dir.file("in.jsonl");
  const std::string text = rtest::bbc_doc("bbc-tech-010").text;
  rtest::write_file(in, rtest::jsonl_record("a", text) + "\n{\"id\": 1}\n" + rtest::jsonl_record("b", rtest::damage(text)) + "\n");
  DetectOptions opt = quiet_options();
  testing::internal::CaptureStderr();
  DetectResult r = detect({in}, opt);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(r.stats.read.documents, 2u);
  EXPECT_EQ(r.stats.read.skipped.at("missing text"), 1u);
  EXPECT_NE(err.find("in.jsonl:2"), std::string::npos) << err;
  ASSERT_EQ(r.relations.size(), 1u);
  EXPECT_EQ(r.relations[0].kind, RelationKind::kReprint);
  EXPECT_EQ(r.relations[0].direction, Direction::kInferred);
  EXPECT_EQ(r.corpus.docs[r.relations[0].source].id, "a");
  EXPECT_NE(format_summary(r.stats).find("2 read, 1 skipped"), std::string::npos) << format_summary(r.stats);
  EXPECT_THROW(detect({in, dir.file("missing.jsonl")}, opt), InputError);
}

TEST(DetectOutput, ThreadCountDoesNotChangeTheResult) {
  // All BBC articles plus a damaged copy, on 1 and on 3 threads. The corpus holds rewrites
  // whose candidate sources are exact duplicates of each other (bbc-politics-252 from 218 or
  // 253, equal scores): the chosen source must not depend on which worker finished first.
  Corpus c;
  const auto& bbc = rtest::bbc_corpus().docs;
  c.docs.assign(bbc.begin(), bbc.end());
  c.docs.push_back(make_doc("damaged", rtest::damage(bbc[7].text)));
  DetectOptions o1 = quiet_options(), o3 = quiet_options();
  o1.threads = 1;
  o3.threads = 3;
  DetectResult a = detect_corpus(c, o1), b = detect_corpus(c, o3);
  std::string ja, jb;
  for (auto& r : a.relations) relation_to_json(a.corpus, r, ja), ja += '\n';
  for (auto& r : b.relations) relation_to_json(b.corpus, r, jb), jb += '\n';
  EXPECT_EQ(ja, jb);
  EXPECT_NE(find_relation(a.relations, a.corpus, bbc[7].id, "damaged"), nullptr);
}

}  // namespace
}  // namespace retrace

namespace retrace {
namespace {

// The bundled example's rewrites (examples/labels.json): each copy's report names the changes
// that were made to it, and a sentence is never reported both ways (a reworded quote is an
// altered quote, not also an added sentence in the copy and a dropped one in the source).
TEST(ExampleCorpus, RewritesReportTheirPlantedChangesOnce) {
  DetectResult r = detect({std::string(RETRACE_SOURCE_DIR) + "/examples/news.jsonl"}, quiet_options());
  const Relation* wire = find_relation(r.relations, r.corpus, "cl-7401", "cep-1701");
  ASSERT_NE(wire, nullptr);
  EXPECT_EQ(wire->kind, RelationKind::kRewrite);
  std::multiset<std::string> kinds;
  Document bc, bs;  // the run keeps its texts on disk: read them back
  const std::string& copy = r.corpus.full(wire->copy, &bc).text;
  const std::string& source = r.corpus.full(wire->source, &bs).text;
  for (const auto& c : wire->changes) {
    kinds.insert(to_string(c.kind));
    if (c.kind == ChangeKind::kChangedNumber) {
      EXPECT_EQ(copy.substr(c.copy.begin, c.copy.size()), "2,500 workers");
      EXPECT_EQ(source.substr(c.source.begin, c.source.size()), "2,200 people");
    }
  }
  EXPECT_EQ(kinds, (std::multiset<std::string>{"altered_quote", "changed_number", "added", "dropped"}));
  for (const auto& rel : r.relations) {
    for (const auto& q : rel.changes) {
      if (q.kind != ChangeKind::kAlteredQuote) continue;
      for (const auto& c : rel.changes) {
        bool added_over = c.kind == ChangeKind::kAdded && c.copy.begin < q.copy.end && q.copy.begin < c.copy.end;
        bool dropped_over = c.kind == ChangeKind::kDropped && c.source.begin < q.source.end && q.source.begin < c.source.end;
        EXPECT_FALSE(added_over || dropped_over)
            << r.corpus.docs[rel.source].id << " -> " << r.corpus.docs[rel.copy].id << ": " << to_string(c.kind)
            << " over an altered quote";
      }
    }
  }
}

}  // namespace
}  // namespace retrace

namespace retrace {
namespace {

// A large run keeps its texts on disk: the relations are the same as with the texts in
// memory, and the corpus it returns still gives every text back.
TEST(DetectOutput, TextsOnDiskGiveTheSameRelations) {
  rtest::require_shared();
  rtest::TempDir dir;
  const std::string in = dir.file("in.jsonl");
  const auto& bbc = rtest::bbc_corpus().docs;
  std::string lines;
  for (const auto& d : bbc) lines += rtest::jsonl_record(d.id, d.text) + "\n";
  lines += rtest::jsonl_record("damaged", rtest::damage(bbc[7].text)) + "\n";
  rtest::write_file(in, lines);
  DetectOptions disk = quiet_options(), memory = quiet_options();
  memory.texts_on_disk = false;
  disk.temp_dir = dir.path();
  DetectResult a = detect({in}, disk), b = detect({in}, memory);
  std::string ja, jb;
  for (auto& r : a.relations) relation_to_json(a.corpus, r, ja), ja += '\n';
  for (auto& r : b.relations) relation_to_json(b.corpus, r, jb), jb += '\n';
  EXPECT_EQ(ja, jb);
  EXPECT_NE(find_relation(a.relations, a.corpus, bbc[7].id, "damaged"), nullptr);
  ASSERT_NE(a.corpus.store, nullptr);
  EXPECT_TRUE(a.corpus.docs[7].text.empty());
  Document buf;
  EXPECT_EQ(a.corpus.full(7, &buf).text, bbc[7].text);
  EXPECT_EQ(a.corpus.full(7, &buf).id, bbc[7].id);
  disk.temp_dir = dir.file("no-such-folder");
  try {
    detect({in}, disk);
    ADD_FAILURE() << "no error for a missing temporary folder";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos) << e.what();
  }
}

// Of two byte-identical texts, the second given is the earlier dated: it is the group's source,
// and a reprint of the story is found from it although only the first was fingerprinted.
TEST(DetectOutput, AnEarlierDatedDuplicateStandsForItsGroup) {
  rtest::require_shared();
  Corpus c;
  const auto& bbc = rtest::bbc_corpus().docs;
  c.docs.assign(bbc.begin(), bbc.begin() + 200);  // more documents than are all paired
  rtest::set_date(c.docs[7], "2004-06-01");
  const std::string text = bbc[7].text;
  c.docs.push_back(make_doc("earlier-copy", text, "2004-01-01"));
  c.docs.push_back(make_doc("reprint", rtest::damage(text), "2004-02-01"));
  DetectResult r = detect_corpus(std::move(c), quiet_options());
  const Relation* dup = find_relation(r.relations, r.corpus, "earlier-copy", bbc[7].id);
  ASSERT_NE(dup, nullptr);
  EXPECT_EQ(dup->kind, RelationKind::kDuplicate);
  EXPECT_EQ(r.corpus.docs[dup->source].id, "earlier-copy");
  const Relation* rep = find_relation(r.relations, r.corpus, "earlier-copy", "reprint");
  ASSERT_NE(rep, nullptr) << "the reprint is not related to the group's source";
  EXPECT_EQ(rep->kind, RelationKind::kReprint);
}

}  // namespace
}  // namespace retrace
