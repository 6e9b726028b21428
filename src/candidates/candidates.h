// candidates/candidates.h — the candidate stage: fingerprints in, pairs worth aligning out.
//
// Never compares all pairs. Each kind of fingerprint goes into an inverted index of (key, doc)
// postings; a key held by at most `df_cap` documents votes for every pair among them; a more
// common key only links each holder to the next (so a story reprinted a thousand times still
// forms one chain, at linear cost). Pairs with enough shared weight are kept, at most `top_k`
// per document, strongest first. The postings wait on disk in key buckets while documents are
// fingerprinted; each bucket is sorted on its own and only keys held by two or more documents
// are kept in memory. The votes are never stored: each document sums those of its key partners
// in a per-worker accumulator. Cost: one sort per bucket plus one accumulator update per vote;
// memory: 8 bytes per shared posting (CandidateIndex).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/document.h"
#include "fingerprint/fingerprint.h"

namespace retrace {

struct CandidateOptions {
  uint32_t df_cap = 48;            // keys in more documents only chain them
  uint32_t surface_min_shared = 3; // sampled grams shared before a pair is a surface candidate
  float surface_min_share = 0.15f; // ... and this share of the smaller document's sampled grams,
  uint32_t surface_passage_shared = 10;  // ... or this many (a passage of ~160 letters inside two long texts)
  uint32_t surface_top_k = 24;
  uint32_t terms_min_shared = 4;   // rare terms shared before a pair is a rewrite candidate (no bar on
                                   // their summed idf: its scale grows with the corpus)
  uint32_t terms_top_k = 12;
  float terms_min_norm = 0.2f;     // shared rare-term weight over the geometric mean of both documents'
  uint32_t term_pair_terms = 8;    // pairs of a document's this many rarest terms are keys too (0: none)
  uint32_t term_pairs_min_shared = 6;  // shared term pairs (4 shared terms make 6) before a pair is a candidate
  uint32_t term_pairs_top_k = 4;
  uint32_t all_pairs_below = 64;   // corpora of at most this many documents: every pair is a candidate
  // A vote pass over fewer postings than this (and under 2^31) indexes them with 32-bit
  // positions, else with 64-bit ones (8 more bytes per posting): no corpus size overflows them.
  // Lower it to check the wide path (tests).
  uint64_t narrow_positions_below = uint64_t{1} << 31;
  int threads = 1;
  std::string temp_dir;  // where the postings wait on disk (empty: $TMPDIR, else /tmp)
  // Called (from any thread) with the number of documents whose votes an index has counted:
  // each index counts every document once (vote_passes() indexes).
  std::function<void(uint64_t)> progress;
  uint32_t vote_passes() const { return term_pair_terms ? 3 : 2; }
};

struct Candidate {
  enum From : uint8_t { kSurface = 1, kTerms = 2, kSameWords = 4 };
  DocId a = 0, b = 0;  // a < b
  float weight = 0;    // shared grams (surface) or summed idf (terms)
  uint8_t from = 0;    // which indexes proposed the pair (From bits)
};

struct CandidateStats {
  uint64_t surface_postings = 0, term_postings = 0, term_pair_postings = 0;
  uint64_t capped_keys = 0;
  uint64_t surface_pairs = 0, term_pairs = 0, term_combo_pairs = 0;
};

// The keys of the term-pair index for one document: each pair of its `rarest` rarest terms,
// with the smaller of the two idfs.
std::vector<std::pair<uint64_t, float>> term_pair_keys(const Fingerprint& fp, uint32_t rarest);

// Exact duplicates (identical words_hash) in groups: for each document, its group's source
// (itself if it has no duplicate): the member first by `before` (input order if not given).
std::vector<DocId> duplicate_sources(const std::vector<Fingerprint>& fps,
                                     const std::function<bool(DocId, DocId)>& before = {});
// The same with the order every run uses: the earliest dated member, then one without
// extraction damage, then the first given (docs parallel to fps).
std::vector<DocId> duplicate_sources(const std::vector<Fingerprint>& fps, const std::vector<Document>& docs);
// A pair (a < b) between each document and its group's source, for those that are not it.
std::vector<Candidate> duplicate_pairs(const std::vector<DocId>& sources);

// Candidate pairs from both indexes, deduplicated (From bits merged), sorted by (a, b).
// Sorts by (a, b) and merges repeated pairs, or-ing their From bits.
std::vector<Candidate> merge_candidates(std::vector<Candidate> all);

// The candidate stage as documents come: add() each document's fingerprint as it is made (from
// `opt.threads` workers at once, each document once), then find() the pairs. What add() takes
// waits in a temporary file in `opt.temp_dir` (write/spill_file.h), bucketed by key, so the
// fingerprints need not be kept: memory is 8 bytes per document, plus, while find() runs, 8
// bytes for each posting that shares its key with another document (12 with weights) and a
// dense accumulator per worker; disk is 16 bytes per posting. OutputError if the temporary file
// cannot be written.
class CandidateIndex {
 public:
  CandidateIndex(size_t ndocs, const CandidateOptions& opt);
  ~CandidateIndex();
  CandidateIndex(const CandidateIndex&) = delete;
  CandidateIndex& operator=(const CandidateIndex&) = delete;

  // Takes document d's keys (surface grams, rare terms, pairs of rare terms); `worker` is the
  // caller's worker number, below opt.threads (parallel_for gives it).
  void add(DocId d, const Fingerprint& fp, int worker);
  // The candidate pairs from all three indexes, deduplicated (From bits merged), sorted by
  // (a, b). If `owner` is given: owner[d] is the document whose keys d's count as (d itself, or
  // kNoOwner to leave d out). Call once.
  std::vector<Candidate> find(CandidateStats* stats, const std::vector<DocId>& owner = {});

  static constexpr DocId kNoOwner = ~DocId{0};

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The same for fingerprints in memory (tests, small batches).
std::vector<Candidate> find_candidates(const std::vector<Fingerprint>& fps, const CandidateOptions& opt,
                                       CandidateStats* stats);

}  // namespace retrace
