#include "write/html_report.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <unordered_map>

#include "core/log.h"
#include "core/utf8.h"
#include "read/reader.h"
#include "write/output_file.h"
#include "write/relations_io.h"

namespace retrace {

// web/export.js and web/timeline.js, shared with the browser app of `retrace serve` (embedded
// at build time, cmake/embed.cmake).
extern const char* const kReport_export_js;
extern const char* const kReport_timeline_js;

namespace {

extern const char* const kCss;
extern const char* const kJs;

// Maps byte offsets of one text to UTF-16 code unit offsets (code points above U+FFFF
// count 2), which is how JavaScript indexes strings. O(n / 64) memory.
class Utf16Index {
 public:
  explicit Utf16Index(std::string_view text) : text_(text) {
    block_.reserve(text.size() / kStep + 2);
    uint32_t units = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      if (i % kStep == 0) block_.push_back(units);
      units += units_at(i);
    }
    block_.push_back(units);  // a lookup at text.size() may land one past the last block
  }

  // Takes a byte offset at a code point boundary (clamped to the text); gives UTF-16 units.
  uint32_t to_utf16(uint32_t byte) const {
    if (byte > text_.size()) byte = static_cast<uint32_t>(text_.size());
    uint32_t units = block_[byte / kStep];
    for (size_t i = byte - byte % kStep; i < byte; ++i) units += units_at(i);
    return units;
  }

 private:
  static constexpr uint32_t kStep = 64;
  // UTF-16 units begun by the byte at i: 0 for a continuation byte, 2 for a 4-byte lead.
  uint32_t units_at(size_t i) const {
    unsigned char c = static_cast<unsigned char>(text_[i]);
    if ((c & 0xC0) == 0x80) return 0;
    return c >= 0xF0 ? 2 : 1;
  }
  std::string_view text_;
  std::vector<uint32_t> block_;  // units before each 64-byte block
};

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string num(float x) { return fmt::format("{:.4g}", x); }

// Builds the embedded data: {"docs":[...], "rels":[...]} with documents listed once each
// (only those some relation refers to) and every span in UTF-16 units.
//   doc: {"id","outlet","date","title","url","t" (epoch seconds, if dated),"text"}
//   rel: {"s","c" (doc indexes),"k","sc","dir","cs","cc",
//         "p":[[sb,se,cb,ce,kind,similarity]...],
//         "ch":[[kind,cb,ce,sb,se,detail]...]}  (-1,-1 for an empty side)
std::string data_json(const Corpus& corpus, const std::vector<Relation>& rels) {
  std::vector<int32_t> slot(corpus.docs.size(), -1);
  std::vector<DocId> used;
  for (const auto& r : rels)
    for (DocId d : {r.source, r.copy})
      if (slot[d] < 0) { slot[d] = static_cast<int32_t>(used.size()); used.push_back(d); }

  std::string j = "{\"docs\":[";
  for (size_t k = 0; k < used.size(); ++k) {
    const Document& d = corpus.docs[used[k]];
    if (k) j += ',';
    j += "{\"id\":"; json_escape(j, d.id);
    j += ",\"outlet\":"; json_escape(j, d.source);
    j += ",\"date\":"; json_escape(j, d.date);
    j += ",\"title\":"; json_escape(j, d.title);
    j += ",\"url\":"; json_escape(j, d.url);
    if (d.has_time()) j += ",\"t\":" + std::to_string(d.time);
    j += ",\"text\":"; json_escape(j, d.text);
    j += '}';
  }
  j += "],\"rels\":[";

  std::unordered_map<DocId, std::unique_ptr<Utf16Index>> index;
  auto units = [&](DocId d) -> const Utf16Index& {
    auto& p = index[d];
    if (!p) p = std::make_unique<Utf16Index>(corpus.docs[d].text);
    return *p;
  };
  auto span = [&](DocId d, Span s, bool keep_empty) {
    if (s.empty() && !keep_empty) { j += "-1,-1"; return; }
    const auto& u = units(d);
    j += std::to_string(u.to_utf16(s.begin)) + ',' + std::to_string(u.to_utf16(s.end));
  };
  for (size_t k = 0; k < rels.size(); ++k) {
    const Relation& r = rels[k];
    if (k) j += ',';
    j += fmt::format("{{\"s\":{},\"c\":{},\"k\":\"{}\",\"sc\":{},\"dir\":\"{}\",\"cs\":{},\"cc\":{},\"p\":[",
                     slot[r.source], slot[r.copy], to_string(r.kind), num(r.score), to_string(r.direction),
                     num(r.coverage_source), num(r.coverage_copy));
    for (size_t i = 0; i < r.passages.size(); ++i) {
      const Passage& p = r.passages[i];
      j += i ? ",[" : "[";
      span(r.source, p.source, true);
      j += ',';
      span(r.copy, p.copy, true);
      j += fmt::format(",\"{}\",{}]", to_string(p.kind), num(p.similarity));
    }
    j += "],\"ch\":[";
    for (size_t i = 0; i < r.changes.size(); ++i) {
      const Change& c = r.changes[i];
      j += fmt::format("{}[\"{}\",", i ? "," : "", to_string(c.kind));
      span(r.copy, c.copy, false);
      j += ',';
      span(r.source, c.source, false);
      j += ',';
      json_escape(j, c.detail);
      j += ']';
    }
    j += "]}";
  }
  j += "]}";
  return j;
}

// Makes JSON safe inside <script>: '<' only occurs inside JSON strings, where \u003c is
// an equivalent escape, so "</script" and "<!--" cannot end or confuse the element.
void write_script_safe(std::ostream& out, const std::string& json) {
  size_t from = 0;
  for (size_t at; (at = json.find('<', from)) != std::string::npos; from = at + 1) {
    out.write(json.data() + from, static_cast<std::streamsize>(at - from));
    out << "\\u003c";
  }
  out.write(json.data() + from, static_cast<std::streamsize>(json.size() - from));
}

std::string thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

// "1 relation", "2,048 relations".
std::string counted(uint64_t n, const char* one, const char* many) {
  return thousands(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void write_html_report(const Corpus& corpus, const std::vector<Relation>& rels, std::ostream& out,
                       const HtmlReportOptions& opt) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"retrace\">\n<title>"
      << html_escape(opt.title) << "</title>\n<style>" << kCss << "</style>\n</head>\n<body>\n"
      << "<header class=\"top\"><span class=\"brand\">retrace</span><h1>" << html_escape(opt.title)
      << "</h1><span class=\"desc\">" << html_escape(opt.description) << "</span></header>\n"
      << "<noscript><p class=\"noscript\">This report is drawn by JavaScript; please enable it.</p></noscript>\n"
         "<main>\n<section id=\"index-view\"></section>\n<section id=\"detail-view\" hidden></section>\n</main>\n"
         "<div id=\"tip\" role=\"tooltip\" hidden></div>\n"
         "<script id=\"retrace-data\" type=\"application/json\">";
  write_script_safe(out, data_json(corpus, rels));
  out << "</script>\n<script>" << kReport_export_js << "</script>\n<script>" << kReport_timeline_js
      << "</script>\n<script>" << kJs << "</script>\n</body>\n</html>\n";
}

int run_report(const std::string& relations_path, const std::vector<std::string>& corpus_inputs,
               const std::string& out_path, bool quiet, ReadOptions read_options) {
  try {
    check_inputs(corpus_inputs);
    check_inputs({relations_path});
    if (relations_path != "-" && std::filesystem::is_directory(relations_path))
      throw InputError(relations_path + ": is a folder, not a relations file");

    std::vector<PathRole> ins{{relations_path, "relations file"}};
    for (const auto& p : corpus_inputs) ins.push_back({p, "--corpus input"});
    check_paths(ins, {{out_path, "--out"}});
    OutputFile out(out_path);  // a temporary file until commit(): a failed run leaves the old report

    ReadReport read_report;
    read_options.quiet = quiet;
    Corpus corpus = read_corpus(corpus_inputs, read_options, &read_report);
    if (corpus.docs.empty()) {
      std::fputs(nothing_read_message(read_report).c_str(), stderr);
      return kExitNothingRead;
    }
    RelationsReadResult res = read_relations(relations_path, corpus);

    constexpr size_t kMaxMessages = 20;
    for (size_t i = 0; !quiet && i < res.problems.size() && i < kMaxMessages; ++i)
      log_message("skipped", "", "", res.problems[i]);
    if (!quiet && res.problems.size() > kMaxMessages)
      log_message("info", "", "", "... and " + std::to_string(res.problems.size() - kMaxMessages) +
                                      " more skipped relation lines");
    if (res.relations.empty() && res.lines > 0) {
      log_error("no usable relation in " + relations_path + " (" + counted(res.problems.size(), "line", "lines") +
                " skipped); is --corpus the input the relations were detected on?");
      return 2;
    }

    HtmlReportOptions opt;
    opt.description = counted(res.relations.size(), "relation", "relations") + " from " + relations_path;
    if (!res.problems.empty())
      opt.description += " (" + counted(res.problems.size(), "line", "lines") + " skipped)";

    write_html_report(corpus, res.relations, out.stream(), opt);
    out.commit();
    if (!quiet) {
      std::string size;
      std::error_code ec;
      if (out_path != "-") {
        auto bytes = std::filesystem::file_size(out_path, ec);
        if (!ec) size = fmt::format(" ({:.1f} MB)", static_cast<double>(bytes) / 1e6);
      }
      std::string skipped = res.problems.empty() ? "" : ", " + counted(res.problems.size(), "line", "lines") + " skipped";
      log_message("info", "", "",
                  "report: " + counted(res.relations.size(), "relation", "relations") + " over " +
                      counted(corpus.docs.size(), "document", "documents") + skipped + " -> " +
                      (out_path == "-" ? std::string("<stdout>") : out_path) + size);
    }
    return 0;
  } catch (const InputError& e) {
    log_error(e.what());
    return 2;
  } catch (const OutputError& e) {
    log_error(std::string(e.what()) + "; nothing written");
    return 2;
  }
}

// ---------------------------------------------------------------------------------------
// Page assets.

namespace {

const char* const kCss = R"CSS(
:root{--bg:#f4f5f7;--card:#fff;--line:#e2e5ea;--ink:#1d2530;--muted:#6a7381;--soft:#98a0ab;--accent:#2f5bd3;
--aq:#b8236f;--aq-bg:#fcdcec;--cn:#c75300;--cn-bg:#ffe3c7;--cc:#6b3fd0;--cc-bg:#e9e0ff;
--ad:#1c8549;--ad-bg:#d3f0dd;--dr:#c0392b;--dr-bg:#fbdcd9;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
--serif:Georgia,"Times New Roman","DejaVu Serif",serif;--mono:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
html,body{margin:0}
body{font:14px/1.45 var(--sans);color:var(--ink);background:var(--bg)}
header.top{display:flex;align-items:baseline;gap:14px;padding:12px 28px;background:#161c26;color:#fff}
header.top .brand{font-weight:700;letter-spacing:.06em;text-transform:lowercase;color:#8fb0ff;font-size:15px}
header.top h1{margin:0;font-size:17px;font-weight:600}
header.top .desc{color:#aab3c0;font-size:13px;margin-left:auto;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:55%}
main{padding:18px 28px 40px;max-width:1680px;margin:0 auto}
.noscript{margin:24px;padding:12px;background:#fff3cd;border:1px solid #e8d48a}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px}
.muted{color:var(--muted)}
a{color:var(--accent)}
/* kind colours: any element with a kind class gets --k (strong) and --kb (tint) */
.altered_quote{--k:var(--aq);--kb:var(--aq-bg)}.changed_number{--k:var(--cn);--kb:var(--cn-bg)}
.changed_claim{--k:var(--cc);--kb:var(--cc-bg)}.added{--k:var(--ad);--kb:var(--ad-bg)}.dropped{--k:var(--dr);--kb:var(--dr-bg)}
.rk{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
.rk-duplicate{background:#e3e8f0;color:#3b4a61}.rk-reprint{background:#dde9ff;color:#1f4fb8}
.rk-excerpt{background:#d9f1ee;color:#16706a}.rk-rewrite{background:#fde9cf;color:#94510a}.rk-same_story{background:#eeeef0;color:#5b6170}
.cb{display:inline-block;margin:1px 3px 1px 0;padding:0 7px;border-radius:9px;font-size:12px;white-space:nowrap;background:var(--kb);color:var(--k);font-weight:600}
/* index */
.stats{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:14px}
.stat{padding:10px 16px;min-width:130px}
.stat b{display:block;font-size:20px;font-weight:650}
.stat span{color:var(--muted);font-size:12px}
.stat.click{cursor:pointer}.stat.click:hover{border-color:#b9c3d3}
.toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:10px 12px;border-bottom:1px solid var(--line)}
.toolbar input,.toolbar select{font:inherit;padding:6px 9px;border:1px solid #cfd5de;border-radius:6px;background:#fff;color:var(--ink)}
.toolbar input{flex:1 1 260px;min-width:200px}
.toolbar select{max-width:230px}
.toolbar .count{margin-left:auto;color:var(--muted);font-size:13px}
table.rels{width:100%;border-collapse:collapse}
table.rels th{position:sticky;top:0;background:#f9fafb;text-align:left;font-size:12px;font-weight:600;color:var(--muted);text-transform:uppercase;letter-spacing:.04em;padding:8px 10px;border-bottom:1px solid var(--line);white-space:nowrap;user-select:none}
table.rels th.sort{cursor:pointer}table.rels th.sort:hover{color:var(--ink)}
table.rels th .arr{font-size:10px;margin-left:3px}
table.rels td{padding:8px 10px;border-bottom:1px solid #eef0f3;vertical-align:top}
table.rels tbody tr{cursor:pointer}
table.rels tbody tr:hover,table.rels tbody tr:focus{background:#f3f6fd;outline:none}
.doccell{min-width:220px}
.doccell .l1{font-size:12px;color:var(--muted)}
.doccell .outlet{font-weight:600;color:var(--ink)}
.doccell .title{margin:1px 0;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.doccell .id{font:11px var(--mono);color:var(--soft)}
.score{white-space:nowrap;font-variant-numeric:tabular-nums}
.bar{display:inline-block;width:44px;height:6px;border-radius:3px;background:#e7eaef;margin-right:7px;vertical-align:middle;overflow:hidden}
.bar i{display:block;height:100%;background:#5b7fe0}
.more{text-align:center;padding:12px}
.btn{display:inline-block;font:inherit;font-size:13px;padding:5px 12px;border:1px solid #cfd5de;border-radius:6px;background:#fff;color:var(--ink);text-decoration:none;cursor:pointer}
.btn:hover{border-color:#9aa6b8;background:#f8f9fb}
.btn.off{opacity:.4;pointer-events:none}
.empty{padding:40px;text-align:center;color:var(--muted)}
/* detail */
.dnav{display:flex;align-items:center;gap:8px;margin-bottom:12px}
.dnav .pos{color:var(--muted);font-size:13px;margin:0 6px}
.dnav .sp{flex:1}
.summary{padding:12px 16px;margin-bottom:12px}
.sumline{display:flex;flex-wrap:wrap;align-items:center;gap:6px 18px}
.sumline .m{color:var(--muted)}.sumline .m b{color:var(--ink);font-weight:650}
.legend{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;margin-top:10px;padding-top:10px;border-top:1px solid #eef0f3;font-size:12px;color:var(--muted)}
.legend .sw{display:inline-block;padding:0 6px;border-radius:3px;background:var(--kb);border-bottom:2px solid var(--k);color:var(--ink)}
.legend .swp{display:inline-block;padding:0 6px;border-radius:3px;background:var(--p0);color:var(--ink)}
.legend .swp.para{background:none;border-bottom:2px dashed var(--e0)}
.legend .swg{color:var(--soft)}
.legend .lt{font-weight:600;color:var(--ink);text-transform:uppercase;font-size:11px;letter-spacing:.05em}
.legend .lt+.swp,.legend .lt+.sw{margin-left:-6px}
.legend .hint{margin-left:auto;color:var(--soft)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:14px;align-items:start}
.col{display:flex;flex-direction:column;min-width:0}
.colhead{padding:12px 16px 10px;border-bottom:1px solid var(--line)}
.colhead .role{font-size:11px;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:var(--accent)}
.colhead .meta{font-size:13px;color:var(--muted);margin-top:2px}
.colhead .meta .outlet{font-weight:650;color:var(--ink)}
.colhead h2{font:600 17px/1.3 var(--serif);margin:4px 0 3px}
.colhead .idl{font-size:12px;color:var(--soft)}.colhead .idl code{font:11.5px var(--mono)}
.text{position:relative;padding:14px 18px 20px;font:15.5px/1.7 var(--serif);white-space:pre-wrap;overflow-wrap:anywhere;overflow:auto;max-height:calc(100vh - 250px);min-height:200px}
.gap{color:#7b8390}
.psg{--pb:var(--p0);--pe:var(--e0);background:var(--pb);border-radius:3px;color:var(--ink);-webkit-box-decoration-break:clone;box-decoration-break:clone;transition:background .15s,box-shadow .15s}
.psg.paraphrase{background:none;border-bottom:2px dashed var(--pe)}
.psg[data-n]::before{content:attr(data-n);display:inline-block;min-width:17px;padding:0 4px;margin-right:4px;border-radius:8px;background:var(--pe);color:#fff;font:700 10px/15px var(--sans);text-align:center;vertical-align:2px}
.psg.hl{background:color-mix(in srgb,var(--pe) 24%,#fff);box-shadow:0 0 0 2px var(--pe)}
.pc0{--pb:var(--p0);--pe:var(--e0)}.pc1{--pb:var(--p1);--pe:var(--e1)}.pc2{--pb:var(--p2);--pe:var(--e2)}.pc3{--pb:var(--p3);--pe:var(--e3)}
.pc4{--pb:var(--p4);--pe:var(--e4)}.pc5{--pb:var(--p5);--pe:var(--e5)}.pc6{--pb:var(--p6);--pe:var(--e6)}.pc7{--pb:var(--p7);--pe:var(--e7)}
:root{--p0:#e5edfc;--e0:#4a6fc4;--p1:#def2ef;--e1:#2a8a7f;--p2:#f3ede0;--e2:#957636;--p3:#ebe8f7;--e3:#6a5db3;
--p4:#e6efdf;--e4:#58863f;--p5:#f4e6ed;--e5:#9c4f75;--p6:#e0edf3;--e6:#487a92;--p7:#efebe6;--e7:#82705f}
tr.story-head td{background:#f3f5f9;font-size:13px;padding:6px 10px}
section.story{margin-top:14px}section.story h3{margin:0;padding:12px 16px;font-size:14px;border-bottom:1px solid var(--line)}#story-tl{padding:8px 16px 12px}
.timeline .label{font-size:12px;fill:var(--ink)}.timeline .label.me{font-weight:700}
.timeline .axis{font-size:12px;fill:var(--muted)}.timeline .grid{stroke:#f0f2f5}
.timeline .dot{fill:#fff;stroke:var(--accent);stroke-width:2}.timeline .dot.me{fill:var(--accent)}
.timeline .edge{fill:none;stroke-width:2;stroke:#8aa4cf;opacity:.85}
.timeline .edge.kind-reprint{stroke:#2f6fd6}.timeline .edge.kind-rewrite{stroke:#7b3fd1}
.timeline .edge.kind-excerpt{stroke:#1b8a9c}.timeline .edge.kind-duplicate{stroke:#999}
.timeline .arrowhead{fill:#555}
mark.change{background:var(--kb);color:var(--ink);border-bottom:2px solid var(--k);border-radius:2px;padding:0 1px;cursor:help}
mark.change.added,mark.change.dropped{border-bottom-style:dotted;background:repeating-linear-gradient(135deg,var(--kb) 0 7px,color-mix(in srgb,var(--kb) 55%,#fff) 7px 14px)}
mark.change.hl{box-shadow:0 0 0 2px var(--k);background:color-mix(in srgb,var(--kb) 70%,var(--k) 30%)}
.flash{animation:flash 1.4s ease-out}
@keyframes flash{0%{box-shadow:0 0 0 4px #ffd84d}100%{box-shadow:0 0 0 0 transparent}}
.changes{margin-top:14px}
.changes h3{margin:0;padding:12px 16px;font-size:14px;border-bottom:1px solid var(--line)}
.changes table{width:100%;border-collapse:collapse}
.changes th{text-align:left;font-size:12px;color:var(--muted);font-weight:600;padding:7px 12px;border-bottom:1px solid var(--line);background:#f9fafb}
.changes td{padding:8px 12px;border-bottom:1px solid #eef0f3;vertical-align:top}
.changes tbody tr{cursor:pointer}.changes tbody tr:hover{background:#f6f8fc}
.changes td.q{font-family:var(--serif);width:34%}
.changes td.none{color:var(--soft);font-style:italic}
#tip{position:fixed;z-index:10;max-width:440px;padding:9px 12px;background:#1f2733;color:#eef1f5;border-radius:7px;font-size:13px;line-height:1.45;box-shadow:0 6px 24px rgba(0,0,0,.25);pointer-events:none}
#tip .tk{font-weight:700;color:var(--kb);margin-bottom:4px}
#tip .tl{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#9aa5b5;margin-top:5px}
#tip .tq{font-family:var(--serif)}
#tip .td{margin-top:6px;color:#ffe3a3}
@media (max-width:900px){.cols{grid-template-columns:1fr}.text{max-height:none}main{padding:12px}}
)CSS";

const char* const kJs = R"JS(
(() => {
'use strict';
const D = JSON.parse(document.getElementById('retrace-data').textContent);
const docs = D.docs, rels = D.rels;
const CHANGE_KINDS = ['altered_quote', 'changed_number', 'changed_claim', 'added', 'dropped'];
const CHANGE_LABEL = {altered_quote: 'Altered quote', changed_number: 'Changed number',
  changed_claim: 'Changed claim', added: 'Added', dropped: 'Dropped'};
const CHANGE_SHORT = {altered_quote: 'quote', changed_number: 'number', changed_claim: 'claim',
  added: 'added', dropped: 'dropped'};
const REL_KINDS = ['duplicate', 'reprint', 'excerpt', 'rewrite', 'same_story'];
const REL_LABEL = {duplicate: 'Duplicate', reprint: 'Reprint', excerpt: 'Excerpt', rewrite: 'Rewrite',
  same_story: 'Same story'};
const REL_PLURAL = {duplicate: 'duplicates', reprint: 'reprints', excerpt: 'excerpts', rewrite: 'rewrites',
  same_story: 'same stories'};
const DIR_LABEL = {dated: 'source dated earlier', inferred: 'direction inferred from the texts',
  unknown: 'direction unknown: either may be the source'};
const PAGE = 250;
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g,
  (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
const fmtInt = (n) => n.toLocaleString('en-US');
const pct = (x) => Math.round(x * 100) + '%';
const fmtDate = (s) => s ? s.replace('T', ' ').replace(/(:00)?(\.\d+)?(Z|[+-]00:?00)$/, '') : '';
const shorten = (s, n) => s.length > n ? s.slice(0, n - 1).trimEnd() + '\u2026' : s;
const docTitle = (d) => d.title || shorten(d.text.replace(/\s+/g, ' ').trim(), 90);
const safeUrl = (u) => /^https?:\/\//i.test(u) ? u : '';

// ---- derived per-relation fields --------------------------------------------------
for (const [i, r] of rels.entries()) {
  r.i = i;
  r.n = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0]));
  for (const c of r.ch) r.n[c[0]]++;
  const s = docs[r.s], c = docs[r.c];
  r.hay = [s.id, s.outlet, s.title, c.id, c.outlet, c.title].join('\u0001').toLowerCase();
}

// ---- stories: the connected groups of derived relations (same_story left out) -------
const root = docs.map((_, i) => i);
const find = (i) => { while (root[i] !== i) i = root[i] = root[root[i]]; return i; };
for (const r of rels) if (r.k !== 'same_story') { const a = find(r.s), b = find(r.c); if (a !== b) root[Math.max(a, b)] = Math.min(a, b); }
const stories = new Map();  // root -> {docs: Set, rels: count, first: earliest doc}
for (const r of rels) {
  r.story = find(r.k === 'same_story' ? r.c : r.s);
  if (r.k === 'same_story' && find(r.s) !== find(r.c)) r.story = find(r.c);
  let g = stories.get(r.story);
  if (!g) stories.set(r.story, g = {docs: new Set(), rels: 0, first: r.s});
  g.docs.add(r.s); g.docs.add(r.c); g.rels++;
  for (const d of [r.s, r.c]) if ((docs[d].t ?? Infinity) < (docs[g.first].t ?? Infinity)) g.first = d;
}

// ---- index view -------------------------------------------------------------------
const st = {q: '', outlet: '', kind: '', change: '', group: '', sort: 'i', dir: 1, shown: PAGE};
let view = [];  // indexes of the relations passing the filters, in display order
let indexScroll = 0;

function changeBadges(r) {
  return CHANGE_KINDS.filter((k) => r.n[k]).map((k) =>
    `<span class="cb ${k}" title="${r.n[k]} ${esc(CHANGE_LABEL[k].toLowerCase())}">${CHANGE_SHORT[k]} ${r.n[k]}</span>`
  ).join('');
}

function docCell(d) {
  return `<td class="doccell"><div class="l1"><span class="outlet">${esc(d.outlet || '\u2014')}</span>` +
    (d.date ? ` \u00b7 ${esc(fmtDate(d.date))}` : '') + `</div>` +
    `<div class="title">${esc(docTitle(d))}</div><div class="id">${esc(d.id)}</div></td>`;
}

function rowHtml(i) {
  const r = rels[i];
  return `<tr data-rel="${i}" tabindex="0"><td><span class="rk rk-${r.k}">${REL_LABEL[r.k] || esc(r.k)}</span></td>` +
    `<td class="score"><span class="bar"><i style="width:${Math.round(Math.max(0, Math.min(1, r.sc)) * 100)}%"></i></span>${r.sc.toFixed(2)}</td>` +
    docCell(docs[r.s]) + docCell(docs[r.c]) + `<td>${changeBadges(r) || '<span class="muted">\u2014</span>'}</td></tr>`;
}

function buildIndex() {
  const outlets = new Map();
  for (const r of rels) for (const d of [docs[r.s], docs[r.c]]) if (d.outlet) outlets.set(d.outlet, (outlets.get(d.outlet) || 0) + 1);
  const kindCount = {}, changeCount = {};
  for (const r of rels) kindCount[r.k] = (kindCount[r.k] || 0) + 1;
  for (const k of CHANGE_KINDS) changeCount[k] = rels.reduce((a, r) => a + (r.n[k] ? 1 : 0), 0);
  const opt = (v, label) => `<option value="${esc(v)}">${esc(label)}</option>`;
  const stat = (n, label, attr) => `<div class="card stat${attr ? ' click' : ''}" ${attr || ''}><b>${fmtInt(n)}</b><span>${label}</span></div>`;
  const totalChanges = rels.reduce((a, r) => a + r.ch.length, 0);
  $('index-view').innerHTML =
    `<div class="stats">${stat(rels.length, 'relations')}${stat(docs.length, 'documents involved')}` +
    stat(outlets.size, 'outlets') + stat(totalChanges, 'changes found') +
    REL_KINDS.filter((k) => kindCount[k]).map((k) => stat(kindCount[k], REL_PLURAL[k], `data-kind="${k}" title="Show only ${REL_PLURAL[k]}"`)).join('') +
    `</div><div class="card"><div class="toolbar">` +
    `<input id="q" type="search" placeholder="Search ids, titles, outlets\u2026" aria-label="Search">` +
    `<select id="f-outlet" aria-label="Outlet">${opt('', 'All outlets')}` +
    [...outlets.keys()].sort((a, b) => a.localeCompare(b)).map((o) => opt(o, `${o} (${outlets.get(o)})`)).join('') + `</select>` +
    `<select id="f-kind" aria-label="Relation kind">${opt('', 'All relation kinds')}` +
    REL_KINDS.filter((k) => kindCount[k]).map((k) => opt(k, `${REL_LABEL[k]} (${kindCount[k]})`)).join('') + `</select>` +
    `<select id="f-change" aria-label="Change kind">${opt('', 'Any or no changes')}${opt('any', 'With any change')}` +
    CHANGE_KINDS.filter((k) => changeCount[k]).map((k) => opt(k, `With ${CHANGE_LABEL[k].toLowerCase()} (${changeCount[k]})`)).join('') +
    opt('none', 'Without changes') + `</select>` +
    `<select id="f-group" aria-label="Grouping">${opt('', 'No grouping')}${opt('story', 'Group by story')}</select>` +
    `<button class="btn" id="export-csv" type="button">Export CSV</button>` +
    `<button class="btn" id="export-json" type="button">Export JSON</button>` +
    `<span class="count" id="count"></span></div>` +
    `<table class="rels"><thead><tr>` +
    `<th class="sort" data-sort="kind">Relation<span class="arr"></span></th>` +
    `<th class="sort" data-sort="score">Score<span class="arr"></span></th>` +
    `<th class="sort" data-sort="sdate">Source<span class="arr"></span></th>` +
    `<th class="sort" data-sort="cdate">Copy<span class="arr"></span></th>` +
    `<th class="sort" data-sort="changes">Changes<span class="arr"></span></th>` +
    `</tr></thead><tbody id="rows"></tbody></table><div id="more" class="more"></div></div>`;

  let timer = 0;
  $('q').addEventListener('input', (e) => {
    clearTimeout(timer);
    timer = setTimeout(() => { st.q = e.target.value.trim().toLowerCase(); refresh(); }, 120);
  });
  $('export-csv').addEventListener('click', () => retraceExport.download('relations', 'csv', exportRows()));
  $('export-json').addEventListener('click', () => retraceExport.download('relations', 'json', exportRows()));
  for (const [id, key] of [['f-outlet', 'outlet'], ['f-kind', 'kind'], ['f-change', 'change'], ['f-group', 'group']])
    $(id).addEventListener('change', (e) => { st[key] = e.target.value; refresh(); });
  for (const el of document.querySelectorAll('.stat[data-kind]'))
    el.addEventListener('click', () => { st.kind = $('f-kind').value = st.kind === el.dataset.kind ? '' : el.dataset.kind; refresh(); });
  for (const th of document.querySelectorAll('th.sort'))
    th.addEventListener('click', () => {
      const k = th.dataset.sort;
      if (st.sort === k) st.dir = -st.dir; else { st.sort = k; st.dir = k === 'kind' ? 1 : -1; }
      refresh();
    });
  const open = (tr) => { if (tr) location.hash = 'rel-' + tr.dataset.rel; };
  $('rows').addEventListener('click', (e) => open(e.target.closest('tr[data-rel]')));
  $('rows').addEventListener('keydown', (e) => { if (e.key === 'Enter') open(e.target.closest('tr[data-rel]')); });
  $('more').addEventListener('click', (e) => { if (e.target.closest('button')) { st.shown += PAGE; renderRows(); } });
  refresh();
}

function sortKey(r) {
  switch (st.sort) {
    case 'score': return r.sc;
    case 'kind': return REL_KINDS.indexOf(r.k);
    case 'sdate': return docs[r.s].t ?? -Infinity;
    case 'cdate': return docs[r.c].t ?? -Infinity;
    case 'changes': return r.ch.length;
    default: return r.i;
  }
}

function refresh() {
  view = [];
  for (const r of rels) {
    if (st.q && !r.hay.includes(st.q)) continue;
    if (st.outlet && docs[r.s].outlet !== st.outlet && docs[r.c].outlet !== st.outlet) continue;
    if (st.kind && r.k !== st.kind) continue;
    if (st.change === 'any' && !r.ch.length) continue;
    if (st.change === 'none' && r.ch.length) continue;
    if (st.change && st.change !== 'any' && st.change !== 'none' && !r.n[st.change]) continue;
    view.push(r.i);
  }
  if (st.sort !== 'i') view.sort((a, b) => (sortKey(rels[a]) - sortKey(rels[b])) * st.dir || a - b);
  if (st.group === 'story') {  // largest stories first; the sort above within each (stable)
    const size = (i) => stories.get(rels[i].story).docs.size;
    view.sort((a, b) => size(b) - size(a) || rels[a].story - rels[b].story);
  }
  for (const th of document.querySelectorAll('th.sort'))
    th.querySelector('.arr').textContent = th.dataset.sort === st.sort ? (st.dir > 0 ? '\u25b2' : '\u25bc') : '';
  st.shown = PAGE;
  renderRows();
}

// The rows of the current view as plain records (Export CSV / JSON).
function exportRows() {
  return view.map((i) => {
    const r = rels[i], s = docs[r.s], c = docs[r.c];
    return {source: s.id, copy: c.id, relation: r.k, score: r.sc, direction: r.dir,
      source_outlet: s.outlet, copy_outlet: c.outlet, source_date: s.date, copy_date: c.date,
      story: docs[stories.get(r.story).first].id, changes: r.ch.map((x) => x[0]).join(' ')};
  });
}
window.retraceReportRows = exportRows;

function storyHead(g) {
  const d = docs[g.first];
  return `<tr class="story-head"><td colspan="5"><b>Story</b> ${esc(docTitle(d))} <span class="muted">\u00b7 first ` +
    `${esc(d.outlet || d.id)}${d.date ? ' ' + esc(fmtDate(d.date)) : ''} \u00b7 ${fmtInt(g.docs.size)} articles \u00b7 ` +
    `${fmtInt(g.rels)} relations</span></td></tr>`;
}

function renderRows() {
  const n = Math.min(st.shown, view.length);
  const grouped = (i, k, all) => (k === 0 || rels[all[k - 1]].story !== rels[i].story ? storyHead(stories.get(rels[i].story)) : '') + rowHtml(i);
  $('rows').innerHTML = view.length ? view.slice(0, n).map(st.group === 'story' ? grouped : rowHtml).join('')
    : `<tr><td colspan="5" class="empty">${rels.length ? 'No relation matches these filters.' : 'This report has no relations.'}</td></tr>`;
  $('count').textContent = view.length === rels.length ? `${fmtInt(rels.length)} relations`
    : `${fmtInt(view.length)} of ${fmtInt(rels.length)} relations`;
  $('more').innerHTML = view.length > n
    ? `<button class="btn">Show ${fmtInt(Math.min(PAGE, view.length - n))} more (${fmtInt(view.length - n)} not shown)</button>` : '';
  $('more').hidden = view.length <= n;
}

// ---- detail view ------------------------------------------------------------------
// Marks up one side's text. side: 's' or 'c'. Cuts the text at every passage and change
// boundary; each piece gets its passage (or "gap") wrapper and one <mark> per change.
function renderText(r, side) {
  const text = docs[side === 's' ? r.s : r.c].text;
  const P = r.p.map((p, j) => side === 's' ? [p[0], p[1], j, p[4]] : [p[2], p[3], j, p[4]]);
  const C = [];
  r.ch.forEach((c, j) => {
    const b = side === 's' ? c[3] : c[1], e = side === 's' ? c[4] : c[2];
    if (b >= 0 && e > b) C.push([b, e, j, c[0]]);
  });
  const cuts = new Set([0, text.length]);
  for (const q of P) { cuts.add(q[0]); cuts.add(q[1]); }
  for (const q of C) { cuts.add(q[0]); cuts.add(q[1]); }
  const xs = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  let html = '', cur;  // cur: the passage (or null for a gap) whose wrapper is open
  for (let t = 0; t + 1 < xs.length; t++) {
    const x = xs[t], y = xs[t + 1];
    const p = P.find((q) => q[0] <= x && y <= q[1]) || null;
    if (t === 0 || p !== cur || (p && x === p[0])) {
      if (t) html += '</span>';
      html += p ? `<span class="psg pc${p[2] % 8} ${p[3]}" data-p="${p[2]}"${x === p[0] ? ` data-n="${p[2] + 1}"` : ''}>`
        : '<span class="gap">';
      cur = p;
    }
    let seg = esc(text.slice(x, y));
    for (const q of C) if (q[0] <= x && y <= q[1]) seg = `<mark class="change ${q[3]}" data-c="${q[2]}">${seg}</mark>`;
    html += seg;
  }
  return html + (xs.length > 1 ? '</span>' : '');
}

function lag(s, c) {
  if (s.t == null || c.t == null) return '';
  const d = c.t - s.t, a = Math.abs(d);
  if (a < 60) return 'published at the same time';
  const parts = a >= 86400 ? [Math.floor(a / 86400) + ' d', Math.floor(a % 86400 / 3600) + ' h']
    : [Math.floor(a / 3600) + ' h', Math.floor(a % 3600 / 60) + ' min'];
  const str = parts.filter((x) => !/^0 /.test(x)).join(' ');
  return `copy published ${str} ${d >= 0 ? 'after' : 'before'} the source`;
}

function colHead(d, role) {
  const url = safeUrl(d.url);
  return `<div class="colhead"><div class="role">${role}</div>` +
    `<div class="meta"><span class="outlet">${esc(d.outlet || 'Unknown outlet')}</span>` +
    (d.date ? ` \u00b7 <time>${esc(fmtDate(d.date))}</time>` : ' \u00b7 undated') + `</div>` +
    `<h2>${esc(docTitle(d))}</h2><div class="idl"><code>${esc(d.id)}</code>` +
    (url ? ` \u00b7 <a href="${esc(url)}" target="_blank" rel="noopener noreferrer">original</a>` : '') +
    ` \u00b7 ${fmtInt([...d.text].length)} characters</div></div>`;
}

function sideText(r, j, side) {
  const c = r.ch[j], b = side === 's' ? c[3] : c[1], e = side === 's' ? c[4] : c[2];
  return b >= 0 ? docs[side === 's' ? r.s : r.c].text.slice(b, e) : null;
}

function changeRows(r) {
  if (!r.ch.length) return '<div class="empty">No changes were found between these texts.</div>';
  const cell = (t) => t == null ? '<td class="q none">\u2014</td>' : `<td class="q">${esc(shorten(t, 400))}</td>`;
  return `<table><thead><tr><th>Kind</th><th>Copy</th><th>Source</th><th>Detail</th></tr></thead><tbody>` +
    r.ch.map((c, j) => `<tr data-c="${j}"><td><span class="cb ${c[0]}">${CHANGE_LABEL[c[0]] || esc(c[0])}</span></td>` +
      cell(sideText(r, j, 'c')) + cell(sideText(r, j, 's')) + `<td>${esc(c[5])}</td></tr>`).join('') +
    `</tbody></table>`;
}

let current = -1;

// The story of a relation (its connected group) on a timeline (web/timeline.js).
function drawStory(r) {
  const g = stories.get(r.story);
  const box = $('story-tl');
  const head = box.previousElementSibling;
  head.textContent = `The story: ${fmtInt(g.docs.size)} articles, ${fmtInt(g.rels)} relations`;
  if (g.docs.size > 300) { box.textContent = 'Too many articles to draw.'; return; }
  const ds = [...g.docs].map((k) => ({id: docs[k].id, title: docTitle(docs[k]), date: docs[k].date, source: docs[k].outlet}));
  const rs = rels.filter((x) => x.story === r.story && x.k !== 'same_story')
    .map((x) => ({source: docs[x.s].id, copy: docs[x.c].id, relation: x.k, score: x.sc}));
  box.appendChild(retraceTimeline.draw(ds, rs, docs[r.c].id));
}

function showDetail(i) {
  const r = rels[i], s = docs[r.s], c = docs[r.c];
  current = i;
  if (!$('index-view').hidden) indexScroll = window.scrollY;
  const list = view.includes(i) ? view : rels.map((x) => x.i);
  const at = list.indexOf(i);
  const nav = (k, id, label) => k >= 0 && k < list.length ? `<a class="btn" id="${id}" href="#rel-${list[k]}">${label}</a>`
    : `<span class="btn off">${label}</span>`;
  const kinds = CHANGE_KINDS.map((k) => `<span class="sw ${k}">${CHANGE_LABEL[k]}</span>`).join(' ');
  $('detail-view').innerHTML =
    `<nav class="dnav"><a class="btn" href="#">\u2190 All relations</a>` +
    `<span class="pos">Relation ${fmtInt(at + 1)} of ${fmtInt(list.length)}${list === view && view.length !== rels.length ? ' (filtered)' : ''}</span>` +
    `<span class="sp"></span>${nav(at - 1, 'prev', '\u2039 Previous')}${nav(at + 1, 'next', 'Next \u203a')}</nav>` +
    `<div class="card summary"><div class="sumline"><span class="rk rk-${r.k}">${REL_LABEL[r.k] || esc(r.k)}</span>` +
    `<span class="m">score <b>${r.sc.toFixed(2)}</b></span>` +
    `<span class="m">covers <b>${pct(r.cs)}</b> of the source, <b>${pct(r.cc)}</b> of the copy</span>` +
    `<span class="m"><b>${r.p.length}</b> aligned passage${r.p.length === 1 ? '' : 's'}</span>` +
    `<span class="m">${DIR_LABEL[r.dir] || esc(r.dir)}${lag(s, c) ? '; ' + lag(s, c) : ''}</span>` +
    `<span>${changeBadges(r)}</span></div>` +
    `<div class="legend"><span class="lt">Passages</span><span class="swp">aligned (same number)</span>` +
    `<span class="swp para">paraphrased</span><span class="swg">unaligned</span>` +
    `<span class="lt">Changes</span>${kinds}<span class="hint">Hover a mark for details; click to line up both sides</span></div></div>` +
    `<div class="cols" id="cols"><article class="card col">${colHead(s, 'Source')}<div class="text" id="tx-s">${renderText(r, 's')}</div></article>` +
    `<article class="card col">${colHead(c, 'Copy')}<div class="text" id="tx-c">${renderText(r, 'c')}</div></article></div>` +
    `<section class="card changes"><h3>Changes (${r.ch.length})</h3>${changeRows(r)}</section>` +
    `<section class="card story" id="story"><h3>The story</h3><div id="story-tl"></div></section>`;
  drawStory(r);
  $('index-view').hidden = true;
  $('detail-view').hidden = false;
  document.title = `${REL_LABEL[r.k] || r.k}: ${c.id} \u2190 ${s.id}`;
  window.scrollTo(0, 0);
}

function showIndex() {
  current = -1;
  $('detail-view').hidden = true;
  $('detail-view').innerHTML = '';
  $('index-view').hidden = false;
  document.title = baseTitle;
  window.scrollTo(0, indexScroll);
}

// ---- detail interactions: highlight partners, tooltips, lining up -------------------
const tip = $('tip');
let lit = '';

function highlight(sel) {
  if (sel === lit) return;
  for (const el of document.querySelectorAll('#detail-view .hl')) el.classList.remove('hl');
  lit = sel;
  if (sel) for (const el of document.querySelectorAll('#detail-view .text ' + sel)) el.classList.add('hl');
}

function tipHtml(r, j) {
  const c = r.ch[j], cp = sideText(r, j, 'c'), sr = sideText(r, j, 's');
  return `<div class="tk ${c[0]}">${CHANGE_LABEL[c[0]] || esc(c[0])}</div>` +
    (cp != null ? `<div class="tl">Copy</div><div class="tq">${esc(shorten(cp, 300))}</div>` : '') +
    (sr != null ? `<div class="tl">Source</div><div class="tq">${esc(shorten(sr, 300))}</div>` : '') +
    (c[5] ? `<div class="td">${esc(c[5])}</div>` : '');
}

function placeTip(e) {
  const pad = 14, w = tip.offsetWidth, h = tip.offsetHeight;
  let x = e.clientX + pad, y = e.clientY + pad;
  if (x + w > innerWidth - 8) x = Math.max(8, e.clientX - w - pad);
  if (y + h > innerHeight - 8) y = Math.max(8, e.clientY - h - pad);
  tip.style.left = x + 'px';
  tip.style.top = y + 'px';
}

// Scrolls `box` so that `el` sits `offset` px below the box's top edge, and flashes it.
function scrollInto(box, el, offset) {
  box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - offset;
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
}

// Lines up the partner of el (same data-c or data-p attribute) in the other column.
function lineUp(el) {
  const box = el.closest('.text'), other = $(box.id === 'tx-s' ? 'tx-c' : 'tx-s');
  const offset = el.getBoundingClientRect().top - box.getBoundingClientRect().top;
  let partner = el.dataset.c != null ? other.querySelector(`[data-c="${el.dataset.c}"]`) : null;
  if (!partner) {
    const p = el.closest('.psg');
    if (p) partner = other.querySelector(`[data-p="${p.dataset.p}"]`);
  }
  if (partner) scrollInto(other, partner, offset);
}

function wireDetail() {
  const dv = $('detail-view');
  dv.addEventListener('mouseover', (e) => {
    const m = e.target.closest('.text mark.change'), p = e.target.closest('.text .psg');
    if (m && current >= 0) {
      highlight(`[data-c="${m.dataset.c}"]`);
      tip.innerHTML = tipHtml(rels[current], +m.dataset.c);
      tip.hidden = false;
      placeTip(e);
    } else {
      tip.hidden = true;
      const row = e.target.closest('.changes tr[data-c]');
      highlight(p ? `[data-p="${p.dataset.p}"]` : row ? `[data-c="${row.dataset.c}"]` : '');
    }
  });
  dv.addEventListener('mousemove', (e) => { if (!tip.hidden) placeTip(e); });
  dv.addEventListener('mouseleave', () => { tip.hidden = true; highlight(''); });
  dv.addEventListener('click', (e) => {
    const m = e.target.closest('.text mark.change') || e.target.closest('.text .psg');
    if (m) { lineUp(m); return; }
    const row = e.target.closest('.changes tr[data-c]');
    if (!row) return;
    $('cols').scrollIntoView({block: 'start'});
    for (const id of ['tx-s', 'tx-c']) {
      const el = $(id).querySelector(`[data-c="${row.dataset.c}"]`);
      if (el) scrollInto($(id), el, $(id).clientHeight / 3);
    }
  });
  document.addEventListener('keydown', (e) => {
    if (current < 0 || e.target.matches('input,select,textarea') || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape') location.hash = '';
    else if (e.key === 'ArrowLeft' || e.key === 'k') $('prev')?.click();
    else if (e.key === 'ArrowRight' || e.key === 'j') $('next')?.click();
  });
}

// ---- routing: #rel-N shows relation N, anything else the index -----------------------
const baseTitle = document.title;
function route() {
  const m = /^#rel-(\d+)$/.exec(location.hash);
  if (m && +m[1] < rels.length) showDetail(+m[1]); else showIndex();
}
buildIndex();
wireDetail();
window.addEventListener('hashchange', route);
route();
document.body.dataset.ready = '1';
})();
)JS";

}  // namespace
}  // namespace retrace
