// read/reader.h — the read stage: input files in, Documents out.
//
// Takes: paths of JSON Lines files (optionally .gz or .zst), folders of .txt files, or "-"
// (JSON Lines on standard input). Gives: a stream of valid Documents, in input order.
// A bad record (not JSON, no id/text, invalid UTF-8, empty or oversized text, repeated id)
// is skipped with a message naming file and line, and counted in the ReadReport; the run
// goes on. A missing or unreadable input is an InputError before anything is read.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/document.h"

namespace retrace {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct ReadOptions {
  size_t max_text_bytes = 10u << 20;  // longer texts are skipped as "text too large"
  size_t messages_per_reason = 20;    // messages printed per reason; all are counted
  bool quiet = false;                 // print nothing (problems are still counted)
  // Where id, text and date are in each record: a field name, or a dotted path into nested
  // objects ("meta.id"). For CSV/TSV, a column name.
  std::string id_field = "id", text_field = "text", date_field = "date";
  std::string date_format;  // tried before the standard forms (see parse_date in core/document.h)
};

// A skipped record.
struct Problem {
  std::string reason;  // short key: "not JSON", "missing id", "missing text", "invalid UTF-8",
                       // "empty text", "duplicate id", "text too large"
  std::string where;   // "file:line" or "file"
  std::string message; // full message: "<where>: <reason>: <detail>"
};

struct ReadReport {
  uint64_t documents = 0;  // accepted
  uint64_t bytes = 0;      // text bytes accepted
  std::map<std::string, uint64_t> skipped;  // reason -> count
  std::map<std::string, uint64_t> warnings; // kept records with a note (e.g. text file decoded as Windows-1252)
  std::string first_problem;                // message of the first skipped record
  // Likely causes, for a run that read nothing usable: "FILE:1 is a JSON array ...", "records
  // have no \"text\" field but a \"body\" one: --text-field body", ... (each once, in order).
  std::vector<std::string> hints;
  uint64_t total_skipped() const;
  void hint(const std::string& h);
};

// Checks that every input exists and can be read (or is "-"). Throws InputError naming the
// first that cannot.
void check_inputs(const std::vector<std::string>& inputs);

// Streams the documents of all inputs to on_doc. on_problem gets every skipped record
// (the default prints the first `messages_per_reason` of each reason to stderr).
// Throws InputError if an input fails while being read (e.g. a corrupt .gz stream).
void read_inputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                 const std::function<void(Document&&)>& on_doc, ReadReport* report,
                 std::function<void(const Problem&)> on_problem = nullptr);

// Exit code of a run that read no usable document (see docs/cli.md).
constexpr int kExitNothingRead = 3;

// The error for a run that read no usable document: the count skipped, the first problem and
// the hints, as lines "retrace: ...\n" for standard error.
std::string nothing_read_message(const ReadReport& report);

// Convenience: reads everything into a Corpus.
Corpus read_corpus(const std::vector<std::string>& inputs, const ReadOptions& options,
                   ReadReport* report, std::function<void(const Problem&)> on_problem = nullptr);

}  // namespace retrace
