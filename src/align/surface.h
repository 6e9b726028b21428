// align/surface.h — character-level passage alignment for verbatim and damaged reuse.
//
// Takes two documents with their CleanDocs. Works on the skeletons (letters and digits only),
// so lost spaces, hyphenated breaks and re-punctuation do not break a match. Finds maximal
// common runs (seeded by 12-gram hashes, extended exactly), chains runs that follow each other
// on both sides with small gaps (OCR noise, a changed word) into passages, and maps them back to
// byte spans of the original texts. A passage is "verbatim" if its words are identical up to
// case and punctuation, "noisy" otherwise.
#pragma once
#include <cstdint>
#include <vector>

#include "clean/clean.h"
#include "core/document.h"
#include "core/relation.h"

namespace retrace {

struct SurfaceOptions {
  uint32_t seed = 12;          // skeleton chars of a seed
  uint32_t max_gap = 80;       // skeleton chars of mismatch bridged inside a passage
  uint32_t min_passage = 40;   // shorter chains are not passages (common phrases)
};

struct SurfaceAlignment {
  std::vector<Passage> passages;     // in copy (b) order, byte spans
  std::vector<Span> skel_a, skel_b;  // the same passages as skeleton spans
  float cov_a = 0, cov_b = 0;        // share of each skeleton inside passages
  uint32_t unquoted_a = 0;           // skeleton chars of passages in a outside direct quotes
  uint32_t longest_unquoted = 0;     // the same, for the passage that has most of them
  uint32_t longest = 0;              // skeleton chars (in a) of that passage
};

// Hashes of every `seed`-letter gram of a skeleton with its position, sorted: the index of
// a side of the alignment. Build once per document and reuse across its pairs.
struct SurfaceSeeds {
  std::vector<std::pair<uint64_t, uint32_t>> grams;
};
SurfaceSeeds surface_seeds(const CleanDoc& c, uint32_t seed = SurfaceOptions{}.seed);

// seeds_a: surface_seeds(ca) if the caller has it, else null (built here).
SurfaceAlignment align_surface(const Document& a, const CleanDoc& ca, const Document& b, const CleanDoc& cb,
                               const SurfaceOptions& opt = {}, const SurfaceSeeds* seeds_a = nullptr);

// True if byte offset pos of a document lies in one of its quote spans (sorted).
bool in_spans(const std::vector<Span>& spans, uint32_t pos);

}  // namespace retrace
