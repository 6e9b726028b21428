// relate/relate.h — the relate stage: a candidate pair's evidence in, a relation (or none) out.
//
// Decides, from the surface alignment (coverage of both texts by character passages) and the
// sentence alignment (how much of the copy follows the source sentence by sentence, in order),
// which relation holds: duplicate, reprint, excerpt, rewrite, same_story, or nothing; and
// which document is the source: the earlier by date ("dated"); else the one without
// extraction damage, or for an excerpt the longer ("inferred"); else "unknown".
#pragma once
#include <functional>
#include <optional>

#include "align/sentences.h"
#include "align/surface.h"
#include "clean/clean.h"
#include "core/relation.h"
#include "fingerprint/fingerprint.h"
#include "relate/model.h"

namespace retrace {

struct RelateOptions {
  float reprint_cov = 0.8f;       // both texts at least this covered: reprint
  float excerpt_cov = 0.6f;       // the shorter text at least this covered: excerpt
  uint32_t excerpt_min_chars = 150;  // unquoted skeleton chars an excerpt must share
  uint32_t excerpt_long_chars = 300; // one passage of 15% of the shorter text, at least excerpt_min_chars
                                     // and at most this many letters, with excerpt_min_chars of them
                                     // outside quotes, is an excerpt whatever the coverage
  float rewrite_min = model::kRewriteThreshold;  // rewrite score (a probability) at or above: rewrite
  float same_story_min = 0.3f;    // not a rewrite, but this share of the copy's sentences aligned: same_story
  bool same_story = false;        // output same_story relations
  SentenceAlignmentOptions sentences;
};

// Everything known about one document in the relate stage.
// What is expensive (sentence vectors, surface seeds) is given as a function, computed only
// when the pair needs it.
struct DocView {
  DocId id;
  const Document* doc;
  const CleanDoc* clean;
  std::function<const DocSentences&()> sentences;
  const Fingerprint* fp;
  std::function<const SurfaceSeeds&()> seeds;  // may be empty
};

// Score in 0..1 that copy b was rewritten from source a, from their sentence alignment.
float rewrite_score(const SentenceAlignment& al);

// The relation between two documents of the same text, byte for byte: a duplicate, one verbatim
// passage over the whole of both, the direction as for any pair. Neither text needs cleaning
// (the views' `clean` and `sentences` are not used).
Relation same_text_relation(const DocView& x, const DocView& y);

// The relation between x and y, if any; passages and direction filled, changes not.
// `al` receives the sentence alignment in the relation's source -> copy orientation.
// With consider_rewrite false, only surface relations (duplicate, reprint, excerpt) are sought.
std::optional<Relation> relate_pair(const DocView& x, const DocView& y, const RelateOptions& opt,
                                    SentenceAlignment* al, bool consider_rewrite = true);

}  // namespace retrace
