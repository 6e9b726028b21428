// align/sentences.h — order-aware sentence alignment for rewrites.
//
// Takes two documents' CleanDocs and the Lexicon. Each sentence becomes a weighted vector of
// the evidence that survives rewording: stems of content words and numbers by value, with
// quoted words left out (quotes alone must never make two texts a rewrite pair). A term's
// weight is its corpus idf times its specificity inside the document (a term in every sentence
// of the story says little about which sentence a copy sentence came from). Sentence
// similarity is the cosine of the vectors. The alignment is the best monotone path (the copy
// follows the source's order of details), then unaligned copy sentences may join the source
// sentence they best match between their aligned neighbours (a split or merged sentence).
// The features it gives are what the relate stage decides a rewrite on.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "clean/lexicon.h"
#include "core/document.h"

namespace retrace {

struct SentenceVector {
  std::vector<std::pair<uint64_t, float>> terms;  // sorted by term hash
  float norm = 0;
  bool headline = false;
  bool quote_only = false;  // no evidence outside quotes
  std::string skel;         // the sentence's letters and digits outside quotes, folded
  std::vector<uint32_t> grams;  // its character 4-grams, sorted (for char_dice)
};

struct DocSentences {
  std::vector<SentenceVector> s;  // parallel to CleanDoc::sentences
};

DocSentences sentence_vectors(const Document& doc, const CleanDoc& c, const Lexicon& lex);

// Calls f(weight in x, weight in y) for every term the two sentences share (terms sorted).
template <typename F>
void for_each_shared_term(const SentenceVector& x, const SentenceVector& y, F f) {
  size_t i = 0, j = 0;
  const size_t nx = x.terms.size(), ny = y.terms.size();
  while (i < nx && j < ny) {
    const uint64_t hx = x.terms[i].first, hy = y.terms[j].first;
    if (hx == hy) f(x.terms[i].second, y.terms[j].second);
    i += hx <= hy;  // advance without a hard-to-predict three-way branch
    j += hy <= hx;
  }
}

float cosine(const SentenceVector& x, const SentenceVector& y);

// Dice coefficient of the character 4-gram multisets of two skeletons; 1 if equal.
// Rewording keeps more of a sentence's letters than an independent telling of the same fact.
float char_dice(std::string_view x, std::string_view y);
float char_dice(const std::vector<uint32_t>& sorted_grams_x, const std::vector<uint32_t>& sorted_grams_y);
std::vector<uint32_t> char_grams(std::string_view s);  // sorted 4-grams of s

struct SentencePair {
  uint32_t a = 0, b = 0;  // sentence indexes
  float sim = 0;
  bool in_order = true;   // on the monotone path (false: attached afterwards as a split/merge)
};

struct SentenceAlignmentOptions {
  float min_sim = 0.18f;   // a weaker pair is not an alignment
  float char_weight = 0.5f;  // share of char_dice in the sentence similarity (the rest: term cosine)
  // Give up early (empty alignment) when fewer than this share of the copy's content sentences
  // share any evidence with a source sentence: such a pair cannot be a rewrite. 0: never.
  float min_frac_b = 0.0f;
};

struct SentenceAlignment {
  std::vector<SentencePair> pairs;  // sorted by b
  uint32_t content_a = 0, content_b = 0;  // sentences with evidence (headline excluded)
  float frac_a = 0;    // share of a's content sentences aligned
  float frac_b = 0;    // share of b's content sentences aligned
  float mean_sim = 0;  // mean similarity of aligned pairs
  float order = 0;     // similarity on the monotone path / sum of each b sentence's best match
  float path_score = 0;  // sum of similarities on the monotone path / content_b
  float char_sim = 0;    // mean char_dice of aligned pairs
  float lis = 0;         // longest increasing run of best-match source sentences / b sentences with a match
  float detail = 0;      // mean share of an aligned source sentence's evidence weight found in its copy sentence
  float diag = 0;        // mean |relative position in a - relative position in b| of aligned pairs
  float lede = 0;        // similarity of the first content sentences (the lead)
  float steps = 0;       // share of consecutive aligned copy sentences whose sources are consecutive too
  float margin = 0;      // mean (best - second best) source similarity of copy sentences with a match
  float back_detail = 0; // mean share of an aligned copy sentence's evidence weight found in its source sentence
};

SentenceAlignment align_sentences(const DocSentences& a, const DocSentences& b, const SentenceAlignmentOptions& opt = {});

}  // namespace retrace
