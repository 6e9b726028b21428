// audit/audit.h — the audit stage: what the copy changed.
//
// Takes a derived relation with both documents, their CleanDocs and the sentence alignment
// (source -> copy). Gives the relation's changes:
//  - altered_quote: a quotation in the copy close to, but not the same as, one in the source
//    (compared on skeletons, so extraction damage is not an alteration; a shortened quote is not
//    either; a quote that lost its closing mark is compared by its stretch most like the source
//    quote);
//  - changed_number: a figure or date the copy has in place of another of the same kind, in an
//    aligned sentence or in the same words' context (numbers by value and unit, clean/numbers.h:
//    "two and a half hours" = "2.5 hours", "a hundred and thirty-three" = 133);
//  - changed_claim: a claim's strength (hedge, quantifier, bound, negation) or a name (who said
//    it) changed where the copy sentence otherwise corresponds word for word to its source:
//    the two are matched word by word and only the small gaps between matched words are read,
//    so rewording, merged sentences and run-together words are not changes;
//  - added: a copy sentence no source sentence explains; dropped: source sentences the copy
//    left out (consecutive ones grouped).
// Also gives a rewrite's kept quotes as verbatim passages (kept_quote_passages).
#pragma once
#include <vector>

#include "align/sentences.h"
#include "clean/clean.h"
#include "core/relation.h"
#include "relate/relate.h"

namespace retrace {

struct AuditInput {
  const Document* source;
  const CleanDoc* source_clean;
  const DocSentences* source_sentences;
  const Document* copy;
  const CleanDoc* copy_clean;
  const DocSentences* copy_sentences;
};

struct AuditOptions {
  float quote_min_sim = 0.4f;   // a copy quote this close to a source quote, and not equal: altered
  float quote_aligned_min_sim = 0.25f;  // as close, in a copy sentence aligned to the source quote's
  float claim_min_sim = 0.2f;   // aligned sentences at least this similar are compared for claims
  float firmer_min_sim = 0.6f;  // a copy sentence this close to its source that lost a hedge: firmer
  float added_max_sim = 0.3f;   // an unaligned copy sentence whose best match is weaker: added
  float figure_min_sim = 0.15f; // a figure no source sentence has is compared with the figures of
                                // source sentences at least this similar to its own
};

std::vector<Change> audit_changes(const AuditInput& in, const Relation& rel, const SentenceAlignment& al,
                                  const AuditOptions& opt = {});

// The quotations a copy kept word for word from its source (letters and digits equal, so
// re-marked, re-spaced or run-together quotes count; a quote that lost its closing mark counts for
// the source quote it begins with), as `verbatim` passages: source and copy spans of each, in
// copy order. Meant for rewrites, whose passages are otherwise paraphrased sentences; uses only
// the documents and their CleanDocs of `in`.
std::vector<Passage> kept_quote_passages(const AuditInput& in);

// Completes a relation found between the documents of views x and y (either is its source) from
// their sentence alignment `al` (in the relation's orientation): the change report (none for a
// pair too long to align), and for a rewrite the quotes it kept word for word as verbatim
// passages; an embedded rewrite's kept quotes and changes are those of its derived region.
void complete_relation(Relation* rel, const DocView& x, const DocView& y, const SentenceAlignment& al,
                       const AuditOptions& opt = {});

// Similarity of two strings' skeletons (letters and digits, folded): Dice over character
// 4-grams. 1 for equal skeletons.
float skeleton_similarity(std::string_view x, std::string_view y);

}  // namespace retrace
