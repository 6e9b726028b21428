// write/html_report.h — the report stage: relations over a corpus in, one HTML file out.
//
// The page is self-contained (inline CSS and JS, no network, no external fonts) and stays
// usable with many thousands of relations: the texts of the documents involved are embedded
// once each as JSON, relations refer to them by index, and the page renders the index table
// and each relation's side-by-side view on demand in the browser.
//  - index: relation kind, score, source and copy (outlet, date, title, id), change counts
//    per kind; search box; filters by outlet, relation kind and change kind; sortable.
//  - detail (URL fragment #rel-N, N = 0-based position in the relations given): source and
//    copy side by side, aligned passages numbered and coloured alike on both sides (hover or
//    click one to highlight and line up its partner), changes marked by kind as
//    <mark class="change KIND" data-c="J">, with the other side's words in a tooltip and in
//    a table of changes below.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/relation.h"
#include "read/reader.h"

namespace retrace {

struct HtmlReportOptions {
  std::string title = "retrace report";  // page title and heading
  std::string description;               // one line under the heading (e.g. the inputs)
};

// Takes: the corpus the relations refer to (DocIds index corpus.docs; spans are byte
// offsets), the relations, an output stream and options. Gives: the whole HTML page on out.
// Offsets are converted to UTF-16 code units (what JavaScript strings index) on the way.
void write_html_report(const Corpus& corpus, const std::vector<Relation>& rels, std::ostream& out,
                       const HtmlReportOptions& opt);

// `retrace report RELATIONS --corpus INPUT... --out OUT`: reads the corpus (read/reader.h)
// and the relations file (write/relations_io.h), writes the report to out_path ("-" is
// standard output) and, unless quiet, prints a one-line summary to stderr. Skipped corpus
// records and relation lines are reported on stderr and do not stop the run.
// Returns 0 on success, 2 on input errors (missing or unreadable input, a relations file
// in which no line is usable, an output that cannot be written).
// read_options: how the corpus is read (the same --id-field etc. as for retrace detect).
int run_report(const std::string& relations_path, const std::vector<std::string>& corpus_inputs,
               const std::string& out_path, bool quiet, ReadOptions read_options = {});

}  // namespace retrace
