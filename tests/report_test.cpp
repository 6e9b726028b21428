// Tests of the report stage: reading relations files back (write/relations_io.h) and the
// HTML report (write/html_report.h), the latter also in headless Chromium.
//
// The browser tests need /usr/bin/chromium and fail (not skip) without it: CI installs it.
// They write the report pages, the dumped DOMs and screenshots to $RETRACE_REPORT_TEST_DIR, or
// else to report_test/ under the working directory (the build directory under ctest).
// With RETRACE_UPDATE_DOCS_SCREENSHOT=1 the detail screenshot is also copied to
// docs/report-screenshot.png.
#include <set>
#include <functional>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <tuple>
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "read/reader.h"
#include "write/html_report.h"
#include "write/jsonl_writer.h"
#include "write/relations_io.h"

namespace retrace {
namespace {
namespace fs = std::filesystem;

// ---- fixtures ---------------------------------------------------------------------------

// Byte span of the first occurrence of needle in text (at or after `from`).
Span find_span(const std::string& text, const std::string& needle, size_t from = 0) {
  size_t at = text.find(needle, from);
  EXPECT_NE(at, std::string::npos) << "fixture text lacks: " << needle;
  if (at == std::string::npos) return {};
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + needle.size())};
}

std::string slice(const std::string& text, Span s) { return text.substr(s.begin, s.size()); }

Document make_doc(std::string id, std::string outlet, std::string date, std::string title, std::string text) {
  Document d;
  d.id = std::move(id);
  d.source = std::move(outlet);
  d.date = std::move(date);
  d.title = std::move(title);
  d.text = std::move(text);
  int64_t t;
  if (parse_iso_date(d.date, &t)) d.time = t;
  d.extra_json = "{}";
  return d;
}

const char* kSourceText =
    "Café owners in the Old Town say a new “tourist tax” approved on Tuesday could cost them up to "
    "15% of their summer trade.\n\n"
    "The council voted 27 to 12 for a levy of €3 per night on hotel stays, starting in April. Mayor Léa "
    "Moreau said the money would “go straight back into cleaner streets and safer nights”.\n\n"
    "Hélène Dubois, who runs Le Petit Four near the cathedral, was less sure. “We will not survive "
    "another bad season,” she said. “Visitors already think twice.”\n\n"
    "The tax is expected to raise about €4.2 million a year, according to council estimates. Opposition "
    "councillors reportedly plan to challenge the decision in court.";

const char* kCopyText =
    "💶 Café owners in the Old Town say a new “tourist tax” approved on Tuesday could cost them up to "
    "25% of their summer trade.\n\n"
    "The council voted 27 to 12 for a levy of €3 per night on hotel stays, starting in April. Mayor Léa "
    "Moreau said the money would “go straight back into cleaner streets and safer nights”.\n\n"
    "Hélène Dubois, who runs Le Petit Four near the cathedral, was blunt: “We won’t survive another "
    "season,” she said.\n\n"
    "The tax will raise about €4.2 million a year. Opposition councillors plan to challenge the "
    "decision in court.\n\n"
    "Similar levies already apply in Lyon and Bordeaux.";

const char* kAlteredQuoteCopy = "“We won’t survive another season,”";
const char* kAlteredQuoteSource = "“We will not survive another bad season,”";

// Adds to corpus a rewrite relation between the café stories with one change of every kind.
Relation cafe_relation(Corpus& c) {
  DocId s = static_cast<DocId>(c.docs.size());
  c.docs.push_back(make_doc("gazette-2025-0412", "Riverside Gazette", "2025-09-03T08:00:00Z",
                            "Café owners fear “tourist tax” will empty the Old Town", kSourceText));
  c.docs.push_back(make_doc("digest-88231", "Daily Digest", "2025-09-03T13:45:00Z",
                            "Old Town cafés warn new €3 tourist tax could cost a quarter of trade",
                            kCopyText));
  const std::string& S = c.docs[s].text;
  const std::string& C = c.docs[s + 1].text;
  Relation r;
  r.source = s;
  r.copy = s + 1;
  r.kind = RelationKind::kRewrite;
  r.direction = Direction::kDated;
  r.score = 0.91f;
  r.coverage_source = 0.88f;
  r.coverage_copy = 0.86f;
  auto passage = [&](const std::string& src, const std::string& cp, PassageKind k, float sim) {
    r.passages.push_back({find_span(S, src), find_span(C, cp), k, sim});
  };
  passage("Café owners in the Old Town say a new “tourist tax” approved on Tuesday could cost them up to 15% of their summer trade.",
          "Café owners in the Old Town say a new “tourist tax” approved on Tuesday could cost them up to 25% of their summer trade.",
          PassageKind::kNoisy, 0.97f);
  passage("The council voted 27 to 12 for a levy of €3 per night on hotel stays, starting in April. Mayor Léa Moreau said the money would “go straight back into cleaner streets and safer nights”.",
          "The council voted 27 to 12 for a levy of €3 per night on hotel stays, starting in April. Mayor Léa Moreau said the money would “go straight back into cleaner streets and safer nights”.",
          PassageKind::kVerbatim, 1.0f);
  passage("Hélène Dubois, who runs Le Petit Four near the cathedral, was less sure. “We will not survive another bad season,” she said.",
          "Hélène Dubois, who runs Le Petit Four near the cathedral, was blunt: “We won’t survive another season,” she said.",
          PassageKind::kNoisy, 0.84f);
  passage("The tax is expected to raise about €4.2 million a year, according to council estimates.",
          "The tax will raise about €4.2 million a year.", PassageKind::kParaphrase, 0.79f);
  passage("Opposition councillors reportedly plan to challenge the decision in court.",
          "Opposition councillors plan to challenge the decision in court.", PassageKind::kParaphrase, 0.88f);
  auto change = [&](ChangeKind k, const char* cp, const char* src, const char* detail) {
    Change ch{k, cp ? find_span(C, cp) : Span{}, src ? find_span(S, src) : Span{}, detail};
    r.changes.push_back(ch);
  };
  change(ChangeKind::kChangedNumber, "25%", "15%", "15% -> 25%");
  change(ChangeKind::kAlteredQuote, kAlteredQuoteCopy, kAlteredQuoteSource,
         "quote reworded; 'bad' removed");
  change(ChangeKind::kDropped, nullptr, "“Visitors already think twice.”", "quote dropped");
  change(ChangeKind::kChangedClaim, "will raise", "is expected to raise",
         "hedge 'is expected to' removed; attribution to council estimates dropped");
  change(ChangeKind::kChangedClaim, "councillors plan", "councillors reportedly plan",
         "hedge 'reportedly' removed");
  change(ChangeKind::kAdded, "Similar levies already apply in Lyon and Bordeaux.", nullptr,
         "sentence not in the source");
  return r;
}

// Adds a reprint whose texts and title are full of markup and quotes, to test escaping.
Relation hostile_relation(Corpus& c) {
  DocId s = static_cast<DocId>(c.docs.size());
  c.docs.push_back(make_doc("esc<1>", "A & B <News>", "2025-09-04", "<b>Bold</b> & \"co\"",
                            "Tags <script>alert('x')</script> & \"quotes\" <!-- O'Brien said “hi” 🎉 done."));
  c.docs.push_back(make_doc("esc\"2", "C'est <la> vie", "2025-09-05", "</script><i>it</i>",
                            "Tags <script>alert('x')</script> & \"quotes\" <!-- O'Brien said “hello” 🎉 done."));
  const std::string& S = c.docs[s].text;
  const std::string& C = c.docs[s + 1].text;
  Relation r;
  r.source = s;
  r.copy = s + 1;
  r.kind = RelationKind::kReprint;
  r.direction = Direction::kDated;
  r.score = 0.98f;
  r.coverage_source = r.coverage_copy = 1.0f;
  r.passages.push_back({{0, static_cast<uint32_t>(S.size())}, {0, static_cast<uint32_t>(C.size())},
                        PassageKind::kNoisy, 0.95f});
  r.changes.push_back({ChangeKind::kAlteredQuote, find_span(C, "“hello”"), find_span(S, "“hi”"),
                       "<hi> -> \"hello\" & more"});
  return r;
}

// A few more stories between outlets, so that the index looks like a real one.
void add_filler(Corpus& c, std::vector<Relation>& rels) {
  struct Story { const char* topic; const char* title; };
  const Story stories[] = {
      {"flood defences", "River wall funding doubled after spring floods"},
      {"rail strike", "Weekend rail strike called off at the last minute"},
      {"school meals", "Free school meals to be extended to all primary pupils"},
      {"bridge closure", "Old bridge to close for repairs until March"},
      {"museum", "City museum returns looted bronzes"},
  };
  const char* outlets[] = {"Northern Post", "Daily Digest", "Metro Wire", "Valley Times"};
  const RelationKind kinds[] = {RelationKind::kReprint, RelationKind::kRewrite, RelationKind::kExcerpt,
                                RelationKind::kDuplicate, RelationKind::kSameStory};
  int n = 0;
  for (const auto& st : stories) {
    std::string base = std::string("Officials confirmed the ") + st.topic +
                       " plans on Monday. \u201cThis is the right decision,\u201d a spokesperson said. "
                       "Residents were told to expect updates within weeks.";
    DocId src = static_cast<DocId>(c.docs.size());
    const std::string day = "2025-09-0" + std::to_string(1 + n / 2);
    c.docs.push_back(make_doc("wire-" + std::to_string(100 + n), "Metro Wire", day + "T07:30:00Z", st.title, base));
    for (int k = 0; k < 2; ++k, ++n) {
      std::string text = base;
      Relation r;
      r.kind = kinds[n % 5];
      if (r.kind == RelationKind::kRewrite) text.replace(text.find("right"), 5, "only");
      DocId cp = static_cast<DocId>(c.docs.size());
      c.docs.push_back(make_doc(std::string("story-") + std::to_string(200 + n), outlets[(n + k) % 4],
                                day + "T1" + std::to_string(k) + ":15:00Z",
                                st.title, text));
      r.source = src;
      r.copy = cp;
      r.direction = Direction::kDated;
      r.score = 0.55f + 0.04f * static_cast<float>(n % 10);
      r.coverage_source = r.coverage_copy = 0.9f;
      const std::string& T = c.docs[cp].text;
      r.passages.push_back({{0, static_cast<uint32_t>(base.size())}, {0, static_cast<uint32_t>(T.size())},
                            PassageKind::kNoisy, 0.9f});
      if (r.kind == RelationKind::kRewrite)
        r.changes.push_back({ChangeKind::kAlteredQuote, find_span(T, "only"), find_span(base, "right"),
                             "'right' -> 'only'"});
      rels.push_back(std::move(r));
    }
  }
}

// Test output folder: $RETRACE_REPORT_TEST_DIR or ./report_test.
fs::path out_dir() {
  const char* env = std::getenv("RETRACE_REPORT_TEST_DIR");
  fs::path d = env && *env ? fs::path(env) : fs::current_path() / "report_test";
  fs::create_directories(d);
  return fs::absolute(d);
}

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("retrace_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string read_all(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void write_all(const fs::path& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f << s;
}

// JSON span of code points, as `retrace detect` writes it.
std::string cp_span(const std::string& text, Span s) {
  CodePointIndex idx(text);
  return "[" + std::to_string(idx.to_cp(s.begin)) + "," + std::to_string(idx.to_cp(s.end)) + "]";
}

// One relation as a JSON line in the documented format, written by hand (not by the lead's
// writer) with an unknown key thrown in.
std::string relation_line(const Corpus& c, const Relation& r) {
  const std::string& S = c.docs[r.source].text;
  const std::string& C = c.docs[r.copy].text;
  std::string j = "{\"source\":";
  json_escape(j, c.docs[r.source].id);
  j += ",\"copy\":";
  json_escape(j, c.docs[r.copy].id);
  j += std::string(",\"relation\":\"") + to_string(r.kind) + "\",\"score\":0.91,\"direction\":\"" +
       to_string(r.direction) + "\",\"coverage\":{\"source\":0.88,\"copy\":0.86},\"future_key\":{\"x\":[1,2]}";
  j += ",\"passages\":[";
  for (size_t i = 0; i < r.passages.size(); ++i) {
    const Passage& p = r.passages[i];
    j += (i ? "," : "") + std::string("{\"source\":") + cp_span(S, p.source) + ",\"copy\":" + cp_span(C, p.copy) +
         ",\"kind\":\"" + to_string(p.kind) + "\",\"similarity\":0.8}";
  }
  j += "],\"changes\":[";
  for (size_t i = 0; i < r.changes.size(); ++i) {
    const Change& ch = r.changes[i];
    j += (i ? "," : "") + std::string("{\"kind\":\"") + to_string(ch.kind) + "\",\"copy\":" +
         (ch.copy.empty() ? "[]" : cp_span(C, ch.copy)) + ",\"copy_text\":";
    json_escape(j, slice(C, ch.copy));
    j += ",\"source\":" + (ch.source.empty() ? std::string("[]") : cp_span(S, ch.source)) + ",\"source_text\":";
    json_escape(j, slice(S, ch.source));
    j += ",\"detail\":";
    json_escape(j, ch.detail);
    j += "}";
  }
  j += "]}";
  return j;
}

void expect_same_spans(const Relation& a, const Relation& b) {
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.copy, b.copy);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.direction, b.direction);
  ASSERT_EQ(a.passages.size(), b.passages.size());
  for (size_t i = 0; i < a.passages.size(); ++i) {
    EXPECT_EQ(a.passages[i].source.begin, b.passages[i].source.begin) << "passage " << i;
    EXPECT_EQ(a.passages[i].source.end, b.passages[i].source.end) << "passage " << i;
    EXPECT_EQ(a.passages[i].copy.begin, b.passages[i].copy.begin) << "passage " << i;
    EXPECT_EQ(a.passages[i].copy.end, b.passages[i].copy.end) << "passage " << i;
    EXPECT_EQ(a.passages[i].kind, b.passages[i].kind) << "passage " << i;
  }
  ASSERT_EQ(a.changes.size(), b.changes.size());
  for (size_t i = 0; i < a.changes.size(); ++i) {
    EXPECT_EQ(a.changes[i].kind, b.changes[i].kind) << "change " << i;
    EXPECT_EQ(a.changes[i].copy.begin, b.changes[i].copy.begin) << "change " << i;
    EXPECT_EQ(a.changes[i].copy.end, b.changes[i].copy.end) << "change " << i;
    EXPECT_EQ(a.changes[i].source.begin, b.changes[i].source.begin) << "change " << i;
    EXPECT_EQ(a.changes[i].source.end, b.changes[i].source.end) << "change " << i;
    EXPECT_EQ(a.changes[i].detail, b.changes[i].detail) << "change " << i;
  }
}

// ---- relations_io -------------------------------------------------------------------------

TEST(ByteOffsetIndex, MatchesCodePointIndexOnMixedWidths) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += (i % 7 == 0) ? "😀" : (i % 5 == 0) ? "€" : (i % 3 == 0) ? "é" : "a";
  ByteOffsetIndex bytes(text);
  CodePointIndex cps(text);
  uint32_t n = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      uint32_t b = 0;
      ASSERT_TRUE(bytes.to_byte(n, &b));
      ASSERT_EQ(b, i) << "code point " << n;
      ASSERT_EQ(cps.to_cp(b), n);
      ++n;
    }
  EXPECT_EQ(bytes.code_points(), n);
  uint32_t b = 0;
  EXPECT_TRUE(bytes.to_byte(n, &b));
  EXPECT_EQ(b, text.size());
  EXPECT_FALSE(bytes.to_byte(n + 1, &b));
  ByteOffsetIndex empty("");
  EXPECT_TRUE(empty.to_byte(0, &b));
  EXPECT_EQ(b, 0u);
}

TEST(ReadRelations, RoundTripsByteOffsetsAndReportsBadLines) {
  Corpus c;
  Relation want = cafe_relation(c);
  c.docs.push_back(make_doc("42", "Numeric Id News", "2025-09-04", "Numbered", "Short “text” é 😀 end."));
  fs::path dir = temp_dir("relations");
  fs::path path = dir / "relations.jsonl";
  std::string good = relation_line(c, want);
  std::string lines;
  lines += good + "\n";                                                                  // 1
  lines += "\n";                                                                         // 2: blank
  lines += "{not json\n";                                                                // 3
  lines += "{\"source\":\"nobody\",\"copy\":\"digest-88231\",\"relation\":\"rewrite\"}\n";  // 4
  lines += "{\"source\":\"gazette-2025-0412\",\"copy\":\"digest-88231\",\"relation\":\"reprint\","
           "\"passages\":[{\"source\":[0,10],\"copy\":[5,99999]}]}\n";                  // 5
  lines += "{\"source\":\"gazette-2025-0412\",\"copy\":\"digest-88231\",\"relation\":\"reprint\","
           "\"changes\":[{\"kind\":\"added\",\"copy\":[9,3]}]}\n";                       // 6
  lines += "{\"source\":\"gazette-2025-0412\",\"copy\":\"digest-88231\",\"relation\":\"photocopy\"}\n";  // 7
  lines += "[1,2,3]\n";                                                                  // 8
  // 9: integer id, emoji offsets: "😀" is code point 15, bytes 20..24.
  lines += "{\"source\":42,\"copy\":\"digest-88231\",\"relation\":\"same_story\",\"direction\":\"unknown\","
           "\"passages\":[{\"source\":[15,16],\"copy\":[0,1]}]}\n";
  write_all(path, lines);

  RelationsReadResult res = read_relations(path.string(), c);
  EXPECT_EQ(res.lines, 8u);
  ASSERT_EQ(res.relations.size(), 2u);
  expect_same_spans(res.relations[0], want);
  // Spot-check that the byte spans cut the right non-ASCII text.
  const Relation& got = res.relations[0];
  EXPECT_EQ(slice(c.docs[got.copy].text, got.changes[1].copy), kAlteredQuoteCopy);
  EXPECT_EQ(slice(c.docs[got.source].text, got.changes[1].source), kAlteredQuoteSource);
  EXPECT_TRUE(got.changes[2].copy.empty());    // dropped: no copy side
  EXPECT_TRUE(got.changes[5].source.empty());  // added: no source side
  EXPECT_NEAR(got.score, 0.91f, 1e-6);
  EXPECT_NEAR(got.coverage_copy, 0.86f, 1e-6);

  const Relation& num = res.relations[1];
  EXPECT_EQ(c.docs[num.source].id, "42");
  EXPECT_EQ(num.kind, RelationKind::kSameStory);
  EXPECT_EQ(slice(c.docs[num.source].text, num.passages[0].source), "😀");
  EXPECT_EQ(slice(c.docs[num.copy].text, num.passages[0].copy), "💶");

  ASSERT_EQ(res.problems.size(), 6u);
  const std::string p = path.string() + ":";
  EXPECT_EQ(res.problems[0].rfind(p + "3: not JSON", 0), 0u) << res.problems[0];
  EXPECT_EQ(res.problems[1].rfind(p + "4: unknown id", 0), 0u) << res.problems[1];
  EXPECT_NE(res.problems[1].find("nobody"), std::string::npos);
  EXPECT_EQ(res.problems[2].rfind(p + "5: bad offsets", 0), 0u) << res.problems[2];
  EXPECT_NE(res.problems[2].find("passages[0].copy"), std::string::npos) << res.problems[2];
  EXPECT_EQ(res.problems[3].rfind(p + "6: bad offsets", 0), 0u) << res.problems[3];
  EXPECT_EQ(res.problems[4].rfind(p + "7: bad field", 0), 0u) << res.problems[4];
  EXPECT_NE(res.problems[4].find("photocopy"), std::string::npos);
  EXPECT_EQ(res.problems[5].rfind(p + "8: not JSON", 0), 0u) << res.problems[5];
  fs::remove_all(dir);
}

TEST(ReadRelations, ReadsWhatTheDetectWriterWrites) {
  Corpus c;
  std::vector<Relation> rels = {cafe_relation(c), hostile_relation(c)};
  fs::path dir = temp_dir("writer");
  {
    std::ofstream f(dir / "rel.jsonl", std::ios::binary);
    write_relations(c, rels, f);
  }
  RelationsReadResult res = read_relations((dir / "rel.jsonl").string(), c);
  EXPECT_TRUE(res.problems.empty()) << (res.problems.empty() ? "" : res.problems[0]);
  ASSERT_EQ(res.relations.size(), 2u);
  expect_same_spans(res.relations[0], rels[0]);
  expect_same_spans(res.relations[1], rels[1]);
  fs::remove_all(dir);
}

TEST(ReadRelations, MissingFileIsAnInputError) {
  Corpus c;
  EXPECT_THROW(read_relations("/nonexistent/relations.jsonl", c), InputError);
}

// ---- html_report without a browser ---------------------------------------------------------

std::string report_html(const Corpus& c, const std::vector<Relation>& rels) {
  std::ostringstream out;
  HtmlReportOptions opt;
  opt.title = "Test <report> & co";
  opt.description = "fixture";
  write_html_report(c, rels, out, opt);
  return out.str();
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, EmbedsDataSafelyWithUtf16Offsets) {
  Corpus c;
  std::vector<Relation> rels = {cafe_relation(c), hostile_relation(c)};
  c.docs.push_back(make_doc("unused", "", "", "", "never referenced"));
  std::string html = report_html(c, rels);
  // Only the four real script elements close (the data, web/export.js and web/timeline.js
  // shared with the app of `retrace serve`, the report's own); texts' "</script>" and "<!--"
  // are escaped.
  EXPECT_EQ(count(html, "</script"), 4u);
  EXPECT_EQ(count(html, "<!--"), 0u);
  EXPECT_NE(html.find("<title>Test &lt;report&gt; &amp; co</title>"), std::string::npos);
  EXPECT_EQ(html.find("never referenced"), std::string::npos);
  // Nothing loaded from the network (the SVG namespace name of web/timeline.js is a name, not a load).
  std::string no_ns = std::regex_replace(html, std::regex("http://www\\.w3\\.org/2000/svg"), "");
  EXPECT_EQ(no_ns.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);

  // Parse the embedded JSON back and check the UTF-16 offsets of the altered quote.
  const std::string open = "<script id=\"retrace-data\" type=\"application/json\">";
  size_t b = html.find(open);
  ASSERT_NE(b, std::string::npos);
  b += open.size();
  size_t e = html.find("</script>", b);
  simdjson::dom::parser parser;
  simdjson::dom::element data;
  ASSERT_EQ(parser.parse(html.substr(b, e - b)).get(data), simdjson::SUCCESS);
  EXPECT_EQ(data["docs"].get_array().size(), 4u);  // documents once each, the unused one left out
  simdjson::dom::array ch = data["rels"].at(0)["ch"].at(1).get_array();
  EXPECT_EQ(std::string_view(ch.at(0).get_string()), "altered_quote");
  // In the copy, "💶" is 2 UTF-16 units; everything else before the quote is in the BMP.
  std::u16string before;
  {
    std::string prefix = std::string(kCopyText).substr(0, std::string(kCopyText).find(kAlteredQuoteCopy));
    size_t i = 0;
    uint64_t units = 0;
    while (i < prefix.size()) units += utf8_next(prefix, i) > 0xFFFF ? 2 : 1;
    EXPECT_EQ(int64_t(ch.at(1)), int64_t(units));
  }
  EXPECT_EQ(int64_t(ch.at(2)) - int64_t(ch.at(1)), 34);  // “We won’t survive another season,”
  simdjson::dom::array dropped = data["rels"].at(0)["ch"].at(2).get_array();
  EXPECT_EQ(int64_t(dropped.at(1)), -1);  // no copy side
  EXPECT_EQ(std::string_view(data["docs"].at(2)["text"].get_string()),
            c.docs[rels[1].source].text);  // texts survive the '<' escaping intact
}

// Many relations over few documents: each text is embedded once, whatever refers to it.
TEST(HtmlReport, ThousandsOfRelationsStayCompact) {
  Corpus c;
  size_t text_bytes = 0;
  for (int i = 0; i < 300; ++i) {
    std::string text;
    for (int k = 0; k < 40; ++k) text += "Sentence " + std::to_string(k) + " of story " + std::to_string(i) + " é “q” 😀. ";
    text_bytes += text.size();
    c.docs.push_back(make_doc("d" + std::to_string(i), "Outlet " + std::to_string(i % 7), "2025-09-01", "", text));
  }
  std::vector<Relation> rels;
  for (uint32_t i = 0; i < 3000; ++i) {
    Relation r;
    r.source = i % 300;
    r.copy = (i * 7 + 1) % 300;
    if (r.copy == r.source) continue;
    r.kind = RelationKind::kReprint;
    r.passages.push_back({{0, 100}, {0, 100}, PassageKind::kVerbatim, 1});
    r.changes.push_back({ChangeKind::kChangedNumber, {9, 10}, {9, 11}, "1 -> 2"});
    rels.push_back(r);
  }
  std::string html = report_html(c, rels);
  EXPECT_LT(html.size(), text_bytes + rels.size() * 200 + 100000) << "texts embedded more than once?";
}

TEST(HtmlReport, RunReportWritesAFileAndFailsOnBadInput) {
  Corpus c;
  std::vector<Relation> rels = {cafe_relation(c)};
  fs::path dir = temp_dir("run_report");
  std::string corpus;
  for (const auto& d : c.docs) {
    corpus += "{\"id\":";
    json_escape(corpus, d.id);
    corpus += ",\"source\":";
    json_escape(corpus, d.source);
    corpus += ",\"date\":";
    json_escape(corpus, d.date);
    corpus += ",\"text\":";
    json_escape(corpus, d.text);
    corpus += "}\n";
  }
  write_all(dir / "corpus.jsonl", corpus);
  write_all(dir / "rel.jsonl", relation_line(c, rels[0]) + "\n{oops\n");
  write_all(dir / "bad.jsonl", "{oops\n");
  write_all(dir / "empty.jsonl", "");

  EXPECT_EQ(run_report((dir / "rel.jsonl").string(), {(dir / "corpus.jsonl").string()},
                       (dir / "out.html").string(), true), 0);
  std::string html = read_all(dir / "out.html");
  EXPECT_NE(html.find("1 relation from"), std::string::npos);
  EXPECT_NE(html.find("(1 line skipped)"), std::string::npos);

  EXPECT_EQ(run_report((dir / "empty.jsonl").string(), {(dir / "corpus.jsonl").string()},
                       (dir / "empty.html").string(), true), 0);  // no relations is a valid report
  EXPECT_EQ(run_report((dir / "bad.jsonl").string(), {(dir / "corpus.jsonl").string()},
                       (dir / "bad.html").string(), true), 2);
  EXPECT_EQ(run_report((dir / "rel.jsonl").string(), {(dir / "missing.jsonl").string()},
                       (dir / "x.html").string(), true), 2);
  EXPECT_EQ(run_report((dir / "missing.jsonl").string(), {(dir / "corpus.jsonl").string()},
                       (dir / "x.html").string(), true), 2);
  EXPECT_EQ(run_report((dir / "rel.jsonl").string(), {(dir / "corpus.jsonl").string()},
                       (dir / "no-such-dir" / "x.html").string(), true), 2);
  fs::remove_all(dir);
}

// ---- html_report in headless Chromium -------------------------------------------------------

const char* kChromium = "/usr/bin/chromium";

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

std::string file_url(const fs::path& p, const std::string& fragment) {
  std::string url = "file://";
  for (char ch : p.string()) {
    if (ch == ' ') url += "%20";
    else if (ch == '#') url += "%23";
    else if (ch == '%') url += "%25";
    else url += ch;
  }
  return url + fragment;
}

// Runs headless Chromium on url with the extra flags (under `timeout 60`, in a fresh
// profile); its standard output goes to stdout_path. Gives the exit status.
int run_chromium(const std::vector<std::string>& flags, const std::string& url, const fs::path& stdout_path) {
  fs::path profile = temp_dir("chromium_profile");
  std::string cmd = std::string("timeout 60 ") + kChromium +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --disable-dev-shm-usage --hide-scrollbars --force-device-scale-factor=1"
                    " --user-data-dir=" + shell_quote(profile.string());
  for (const auto& f : flags) cmd += " " + shell_quote(f);
  cmd += " " + shell_quote(url) + " > " + shell_quote(stdout_path.string()) + " 2> " +
         shell_quote(stdout_path.string() + ".stderr");
  int status = std::system(cmd.c_str());
  fs::remove_all(profile);
  return status;
}

class HtmlReportBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kChromium))
        << kChromium << " is missing: install it (apt-get install -y chromium); CI installs it, "
        << "so this test fails rather than skips without it";
    dir_ = out_dir();
    rels_ = {cafe_relation(corpus_), hostile_relation(corpus_)};
    add_filler(corpus_, rels_);
    // One page per test: ctest may run these tests in parallel processes.
    report_ = dir_ / (std::string("report-") + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".html");
    std::ofstream f(report_, std::ios::binary);
    HtmlReportOptions opt;
    opt.title = "Copies of the week";
    opt.description = std::to_string(rels_.size()) + " relations from relations.jsonl";
    write_html_report(corpus_, rels_, f, opt);
  }

  // Writes a copy of the report, NAME.html, with `script` run after the report's own (the
  // way these tests drive the page: dispatch events, then record results in the DOM).
  fs::path with_script(const std::string& name, const std::string& script) {
    std::string html = read_all(report_);
    size_t at = html.rfind("</body>");
    html.insert(at, "<script>" + script + "</script>\n");
    fs::path p = dir_ / (name + ".html");
    write_all(p, html);
    return p;
  }

  // Loads `page` at #fragment and gives the DOM after its scripts ran.
  std::string dom(const fs::path& page, const std::string& fragment, const std::string& name) {
    fs::path out = dir_ / (name + ".dom.html");
    int status = run_chromium({"--dump-dom"}, file_url(page, fragment), out);
    EXPECT_EQ(status, 0) << "chromium failed; see " << out << ".stderr";
    std::string d = read_all(out);
    EXPECT_NE(d.find("data-ready=\"1\""), std::string::npos)
        << "the report's script did not finish; DOM in " << out << ", log in " << out << ".stderr";
    return d;
  }

  // Saves a 1400x900 screenshot of `page` at #fragment; gives its path.
  fs::path screenshot(const fs::path& page, const std::string& fragment, const std::string& name) {
    fs::path png = dir_ / (name + ".png");
    fs::remove(png);
    int status = run_chromium({"--screenshot=" + png.string(), "--window-size=1400,900"},
                              file_url(page, fragment), dir_ / (name + ".out"));
    EXPECT_EQ(status, 0) << "chromium failed; see " << (dir_ / (name + ".out.stderr"));
    return png;
  }

  Corpus corpus_;
  std::vector<Relation> rels_;
  fs::path dir_, report_;
};

// Texts of the <mark> elements whose class list has `kind`, in document order.
std::vector<std::string> marks(const std::string& dom, const std::string& kind) {
  std::vector<std::string> out;
  std::regex re("<mark class=\"change " + kind + "\" data-c=\"\\d+\">([^<]*)</mark>");
  for (std::sregex_iterator it(dom.begin(), dom.end(), re), end; it != end; ++it) out.push_back((*it)[1]);
  return out;
}

TEST_F(HtmlReportBrowser, DetailViewMarksTheAlteredQuote) {
  std::string d = dom(report_, "#rel-0", "detail-0");
  std::vector<std::string> quotes = marks(d, "altered_quote");
  // Copy side and source side each mark their version of the quote: offsets survived é,
  // curly quotes, € and the emoji (2 UTF-16 units) before it.
  EXPECT_NE(std::find(quotes.begin(), quotes.end(), kAlteredQuoteCopy), quotes.end())
      << "no <mark class=\"change altered_quote\"> holds the copy's quote";
  EXPECT_NE(std::find(quotes.begin(), quotes.end(), kAlteredQuoteSource), quotes.end());
  EXPECT_EQ(marks(d, "changed_number"), (std::vector<std::string>{"15%", "25%"}));
  EXPECT_EQ(marks(d, "added"), (std::vector<std::string>{"Similar levies already apply in Lyon and Bordeaux."}));
  EXPECT_EQ(marks(d, "dropped"), (std::vector<std::string>{"“Visitors already think twice.”"}));
  // Both sides number passage 1 alike.
  EXPECT_EQ(count(d, "data-p=\"0\" data-n=\"1\""), 2u);
  EXPECT_NE(d.find("Riverside Gazette"), std::string::npos);
  EXPECT_NE(d.find("Daily Digest"), std::string::npos);
}

TEST_F(HtmlReportBrowser, HostileTextsStayText) {
  std::string d = dom(report_, "#rel-1", "detail-1");
  EXPECT_EQ(marks(d, "altered_quote"), (std::vector<std::string>{"“hi”", "“hello”"}));
  EXPECT_EQ(d.find("<b>Bold</b>"), std::string::npos);
  EXPECT_NE(d.find("&lt;b&gt;Bold&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(d.find("Tags &lt;script&gt;alert('x')&lt;/script&gt; &amp;"), std::string::npos);
}

TEST_F(HtmlReportBrowser, IndexListsEveryRelation) {
  std::string d = dom(report_, "", "index");
  std::regex row("<tr data-rel=\"\\d+\"");
  EXPECT_EQ(static_cast<size_t>(std::distance(std::sregex_iterator(d.begin(), d.end(), row), std::sregex_iterator())),
            rels_.size());
  EXPECT_NE(d.find("id=\"detail-view\" hidden"), std::string::npos);
}

// Hovering the copy's altered quote lights its source partner and shows the source's words.
const char* kHoverQuote = R"JS(
  const m = document.querySelector('#tx-c mark.change.altered_quote');
  const box = m.getBoundingClientRect();
  m.dispatchEvent(new MouseEvent('mouseover', {bubbles: true, clientX: box.left + 40, clientY: box.bottom + 2}));
  const partner = document.querySelector('#tx-s mark.change.altered_quote');
  document.body.dataset.partnerLit = partner.classList.contains('hl');
  document.body.dataset.tipShown = !document.getElementById('tip').hidden;
  document.body.dataset.tip = document.getElementById('tip').textContent;
)JS";

TEST_F(HtmlReportBrowser, HoverLinksPartnersAndShowsTheSourceWords) {
  std::string d = dom(with_script("hover", std::string(kHoverQuote) + R"JS(
    const p = document.querySelector('#tx-s .psg[data-p="2"]');
    p.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
    document.body.dataset.passageLit = document.querySelector('#tx-c .psg[data-p="2"]').classList.contains('hl');
    document.body.dataset.quoteUnlit = !partner.classList.contains('hl');
  )JS"), "#rel-0", "hover");
  EXPECT_NE(d.find("data-partner-lit=\"true\""), std::string::npos);
  EXPECT_NE(d.find("data-tip-shown=\"true\""), std::string::npos);
  EXPECT_NE(d.find(std::string("data-tip=\"Altered quoteCopy") + kAlteredQuoteCopy + "Source" + kAlteredQuoteSource +
                   "quote reworded; 'bad' removed\""),
            std::string::npos);
  EXPECT_NE(d.find("data-passage-lit=\"true\""), std::string::npos);
  EXPECT_NE(d.find("data-quote-unlit=\"true\""), std::string::npos);
}

TEST_F(HtmlReportBrowser, FiltersNarrowTheIndex) {
  auto count_kind = [&](RelationKind k) {
    return std::count_if(rels_.begin(), rels_.end(), [&](const Relation& r) { return r.kind == k; });
  };
  std::string d = dom(with_script("filters", R"JS(
    const rows = () => document.querySelectorAll('#rows tr[data-rel]').length;
    const set = (id, v) => { const el = document.getElementById(id); el.value = v; el.dispatchEvent(new Event('change')); };
    const out = [];
    set('f-kind', 'rewrite'); out.push(rows());
    set('f-change', 'dropped'); out.push(rows());
    set('f-kind', ''); set('f-change', ''); set('f-outlet', 'Northern Post'); out.push(rows());
    set('f-outlet', ''); out.push(rows());
    document.querySelector('th[data-sort="score"]').click();
    out.push(document.querySelector('#rows tr[data-rel]').dataset.rel);
    document.body.dataset.counts = out.join(',');
  )JS"), "", "filters");
  size_t northern = std::count_if(rels_.begin(), rels_.end(), [&](const Relation& r) {
    return corpus_.docs[r.source].source == "Northern Post" || corpus_.docs[r.copy].source == "Northern Post";
  });
  size_t best = std::max_element(rels_.begin(), rels_.end(),
                                 [](const Relation& a, const Relation& b) { return a.score < b.score; }) - rels_.begin();
  std::string want = std::to_string(count_kind(RelationKind::kRewrite)) + ",1," + std::to_string(northern) + "," +
                     std::to_string(rels_.size()) + "," + std::to_string(best);
  EXPECT_NE(d.find("data-counts=\"" + want + "\""), std::string::npos) << "wanted " << want;
}

// Grouping by story puts a header before each story's rows; the export holds the filtered
// rows (the CSV code is web/export.js, shared with the browser app of `retrace serve`).
TEST_F(HtmlReportBrowser, GroupsByStoryAndExportsTheFilteredRows) {
  std::string d = dom(with_script("group-export", R"JS(
    const set = (id, v) => { const el = document.getElementById(id); el.value = v; el.dispatchEvent(new Event('change')); };
    set('f-group', 'story');
    const heads = document.querySelectorAll('#rows tr.story-head').length;
    const rows = document.querySelectorAll('#rows tr[data-rel]').length;
    set('f-outlet', 'Northern Post');
    const csv = retraceExport.text('csv', window.retraceReportRows());
    const json = JSON.parse(retraceExport.text('json', window.retraceReportRows()));
    document.body.dataset.grouped = heads + ',' + rows;
    document.body.dataset.exported = (csv.split('\r\n').length - 2) + ',' + json.length + ',' + csv.split('\r\n')[0];
    document.body.dataset.buttons = !!document.getElementById('export-csv') && !!document.getElementById('export-json');
    location.hash = '#rel-0';
    setTimeout(() => {
      document.body.dataset.storyDots = document.querySelectorAll('#story-tl svg circle').length;
      document.body.dataset.storyEdges = document.querySelectorAll('#story-tl svg path.edge').length;
    }, 0);
  )JS"), "", "group-export");
  size_t northern = std::count_if(rels_.begin(), rels_.end(), [&](const Relation& r) {
    return corpus_.docs[r.source].source == "Northern Post" || corpus_.docs[r.copy].source == "Northern Post";
  });
  // Stories: connected groups of the documents over derived relations (same_story aside).
  std::vector<size_t> root(corpus_.docs.size());
  for (size_t i = 0; i < root.size(); ++i) root[i] = i;
  std::function<size_t(size_t)> find = [&](size_t i) { return root[i] == i ? i : root[i] = find(root[i]); };
  for (const auto& r : rels_)
    if (r.kind != RelationKind::kSameStory) root[find(r.source)] = find(r.copy);
  std::set<size_t> stories;
  for (const auto& r : rels_) stories.insert(find(r.kind == RelationKind::kSameStory ? r.copy : r.source));
  EXPECT_NE(d.find("data-grouped=\"" + std::to_string(stories.size()) + "," + std::to_string(rels_.size()) + "\""),
            std::string::npos) << "wanted " << stories.size() << " stories";
  EXPECT_NE(d.find("data-exported=\"" + std::to_string(northern) + "," + std::to_string(northern) +
                   ",source,copy,relation,score,direction,source_outlet,copy_outlet,source_date,copy_date,story,changes\""),
            std::string::npos);
  EXPECT_NE(d.find("data-buttons=\"true\""), std::string::npos);
  // The detail view of relation 0 draws its story: its two articles at least, one arrow each.
  EXPECT_NE(d.find("data-story-dots=\""), std::string::npos);
  EXPECT_EQ(d.find("data-story-dots=\"0\""), std::string::npos);
  EXPECT_EQ(d.find("data-story-edges=\"0\""), std::string::npos);
}

TEST_F(HtmlReportBrowser, Screenshots) {
  fs::path hover = with_script("hover-shot", kHoverQuote);
  for (auto [page, fragment, name] : {std::tuple<fs::path, std::string, std::string>{hover, "#rel-0", "report-detail"},
                                      {report_, "", "report-index"}}) {
    fs::path png = screenshot(page, fragment, name);
    ASSERT_TRUE(fs::exists(png)) << png << " was not written";
    EXPECT_GT(fs::file_size(png), 20000u) << png << " is suspiciously small";
    std::string head = read_all(png).substr(0, 8);
    EXPECT_EQ(head, "\x89PNG\r\n\x1a\n");
  }
  const char* update = std::getenv("RETRACE_UPDATE_DOCS_SCREENSHOT");
  if (update && std::string(update) == "1")
    fs::copy_file(dir_ / "report-detail.png", fs::path(RETRACE_SOURCE_DIR) / "docs" / "report-screenshot.png",
                  fs::copy_options::overwrite_existing);
}

}  // namespace
}  // namespace retrace
