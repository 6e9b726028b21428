// pipeline/detect.h — `retrace detect` as a library call: inputs in, relations out.
//
// read -> lexicon & boilerplate (corpus statistics) -> clean + fingerprint -> candidates ->
// align + relate + audit -> relations. Every stage but reading runs on `threads` workers.
// The CLI, tests, benchmarks and any later binding call this.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "audit/audit.h"
#include "candidates/candidates.h"
#include "core/document.h"
#include "core/relation.h"
#include "fingerprint/fingerprint.h"
#include "index/model.h"
#include "read/reader.h"
#include "relate/relate.h"

namespace retrace {

struct DetectOptions {
  ReadOptions read;
  // detect(inputs) keeps the texts in a temporary file (write/text_spill.h) rather than in
  // memory, in temp_dir (empty: $TMPDIR, else /tmp).
  bool texts_on_disk = true;
  std::string temp_dir;
  bool strict = false;  // any skipped input record stops the run (StrictError) before detection
  int threads = 0;  // 0: all cores
  bool progress = true;
  FingerprintOptions fingerprint;
  CandidateOptions candidates;
  RelateOptions relate;
  AuditOptions audit;
  std::string features_path;  // if set: JSONL of the evidence features of every aligned pair
  // Called with "fingerprint" and each document before it is cleaned and fingerprinted, and
  // with "align" and the two documents of each candidate pair before they are aligned. What it
  // throws is handled like any failure of that document or pair (tests inject failures).
  std::function<void(const char* stage, const Document&)> inspect;
  // If set: the corpus statistics to clean and fingerprint with (a saved model, an index's),
  // instead of those of the inputs.
  std::shared_ptr<const CorpusModel> model;
  std::ostream* features_out = nullptr;  // if set, the features go here instead (the caller
                                         // checks and commits it); features_path is ignored
};

struct DetectStats {
  ReadReport read;
  uint64_t documents = 0;
  uint64_t candidate_pairs = 0, duplicate_pairs = 0;
  CandidateStats candidates;
  std::map<std::string, uint64_t> relations;  // by kind
  uint64_t repaired_words = 0, joined_breaks = 0, furniture_lines = 0;
  double seconds_read = 0, seconds_stats = 0, seconds_fingerprint = 0, seconds_candidates = 0, seconds_align = 0;
  double seconds_total = 0;
  uint64_t peak_rss = 0;
  int threads = 1;
  // Documents and pairs whose processing failed (an exception): left out, the run goes on.
  uint64_t failures = 0;
  // Pairs with more sentence pairs than the sentence alignment takes (SentenceAlignmentOptions::
  // max_cells): judged on their shared text only.
  uint64_t pairs_too_long = 0;
  std::vector<std::string> failure_messages;  // the first 20: "STAGE: document ID (FILE:LINE): WHAT"
};

struct DetectResult {
  Corpus corpus;  // from detect(inputs) with texts_on_disk: texts are read with corpus.full()
  std::vector<Relation> relations;
  DetectStats stats;
};

// With DetectOptions::strict, the inputs held bad records: nothing was detected.
struct StrictError : InputError {
  using InputError::InputError;
};

// Reads the inputs (InputError if one is missing or unreadable; StrictError, after reading,
// under --strict if a record was skipped) and detects.
DetectResult detect(const std::vector<std::string>& inputs, const DetectOptions& opt);

// Detects among documents already in memory.
DetectResult detect_corpus(Corpus corpus, const DetectOptions& opt);

// Human-readable summary of a run (several lines).
std::string format_summary(const DetectStats& s);

// The same as one JSON object (for --log-format json): {"level": "summary", "documents": N,
// "skipped": {REASON: N}, "notes": {WHAT: N}, "failures": N, "candidate_pairs": N,
// "relations": {KIND: N}, "seconds": {...}, "threads": N, "peak_memory_bytes": N}.
std::string format_summary_json(const DetectStats& s);

}  // namespace retrace
