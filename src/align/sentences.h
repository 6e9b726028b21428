// align/sentences.h — sentence alignment for rewrites.
//
// Takes two documents' CleanDocs, the Lexicon and the background Semantics (lexsem/). Each
// sentence becomes a weighted vector of the evidence that survives rewording: stems of content
// words and figures by value, words inside direct quotes kept apart (a quote kept in both texts
// is no evidence; a quote retold in reported speech is). A term's weight is its background
// rarity (the same in every corpus) times its specificity inside the document (a term in every
// sentence of the story says little about which sentence a copy sentence came from). Per pair,
// a copy word the source lacks but shares a WordNet sense with counts as the source's word.
// Sentence similarity blends the vectors' cosine with letter 4-gram Dice. The alignment is the
// best monotone path, then unaligned copy sentences may join the source sentence they best
// match between their aligned neighbours (splits and merges); order-free best matches give the
// copy's derived region (an embedded rewrite) and order as evidence, not as a gate.
// The features it gives (alignment_features()) are what the relate stage decides a rewrite on.
// Cost: sentence vectors once per document; per pair, na x nb sentence comparisons, at most
// SentenceAlignmentOptions::max_cells of them.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "clean/lexicon.h"
#include "core/document.h"
#include "lexsem/lexsem.h"

namespace retrace {

struct SentenceVector {
  std::vector<std::pair<uint64_t, float>> terms;   // outside quotes, sorted by term hash
  std::vector<std::pair<uint64_t, float>> qterms;  // inside direct quotes, sorted by term hash
  float norm = 0;                                  // of terms and qterms together
  // The same restricted to the general vocabulary (words WordNet has): not
  // names or figures, which every report of an event shares, but the incidental wording and
  // background a copy carries over from its source.
  std::vector<std::pair<uint64_t, float>> gterms, gqterms;
  float gnorm = 0;
  bool headline = false;
  bool quote_only = false;  // no evidence outside quotes
  std::string skel;         // the sentence's letters and digits outside quotes, folded
  std::vector<uint32_t> grams;  // its character 4-grams, sorted (for char_dice)
};

struct DocSentences {
  std::vector<SentenceVector> s;  // parallel to CleanDoc::sentences
  // The content words of the text in order (headline left out): stem or figure, and first
  // synset (0 if none); its sentence; quoted; general vocabulary.
  struct Unit {
    uint64_t ids[2];
    uint32_t sentence;
    bool quoted, general;
  };
  std::vector<Unit> units;
  std::vector<uint64_t> unit_ids;  // every id of the units, sorted, unique
  // The WordNet senses of the text's general words: (stem, rank of the sense, synset), sorted
  // by stem and rank (most frequent sense first).
  struct Sense {
    uint64_t stem;
    uint32_t rank, synset;
  };
  std::vector<Sense> senses;
  std::vector<std::pair<uint32_t, uint64_t>> by_synset;  // (synset, stem) of senses, sorted
  std::vector<uint64_t> general_stems;                   // stems of senses, sorted, unique
};

// B with each word that A lacks, but that shares a WordNet sense with a word of A, counted as
// that word of A (terms and weights otherwise as they are).
DocSentences with_synonyms_of(const DocSentences& A, const DocSentences& B);

// Words of the copy's region [region_begin, region_end) (copy sentences) that its source never
// has, synonyms counted as had; and the source's names and figures the copy has.
struct WordOverlap {
  float novel_specific = 0, novel_general = 0, kept_specific = 0;  // as in SentenceAlignment
};
WordOverlap word_overlap(const DocSentences& source, const DocSentences& copy, uint32_t region_begin,
                         uint32_t region_end);

// Term weights: a word's background rarity (lexsem/), squared, times this; figures 0.7 of it
// (years 0.35).
constexpr float kMaxTermWeight = 7.0f;

// The weight of a content word (its WordNet entry, or nullptr) before specificity: the same in
// every corpus.
float background_weight(const Semantics::Entry* word, const Semantics& sem);

DocSentences sentence_vectors(const Document& doc, const CleanDoc& c, const Lexicon& lex,
                              const Semantics& sem = Semantics::builtin());

// Calls f(weight in x, weight in y) for every term two sorted term lists share.
template <typename F>
void for_each_shared(const std::vector<std::pair<uint64_t, float>>& x, const std::vector<std::pair<uint64_t, float>>& y,
                     F f) {
  size_t i = 0, j = 0;
  const size_t nx = x.size(), ny = y.size();
  while (i < nx && j < ny) {
    const uint64_t hx = x[i].first, hy = y[j].first;
    if (hx == hy) f(x[i].second, y[j].second);
    i += hx <= hy;  // advance without a hard-to-predict three-way branch
    j += hy <= hx;
  }
}

// Calls f(weight in x, weight in y) for every term outside quotes the two sentences share.
template <typename F>
void for_each_shared_term(const SentenceVector& x, const SentenceVector& y, F f) {
  for_each_shared(x.terms, y.terms, f);
}

// Cosine of two sentences' evidence (words quoted in both left out).
float cosine(const SentenceVector& x, const SentenceVector& y);
// The same over the general vocabulary only.
float general_cosine(const SentenceVector& x, const SentenceVector& y);

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
  // At most this many sentence pairs are compared (memory and time grow with their number:
  // about 9 bytes each); a longer pair gets an empty alignment marked too_long, and is judged
  // on its shared text only. 4M: two texts of 2,000 sentences.
  uint64_t max_cells = 4'000'000;
};

struct SentenceAlignment {
  bool too_long = false;            // more sentence pairs than max_cells: not aligned
  // Measured b -> a and given a -> b (reversed()): pairs, content counts and coverage are a -> b,
  // every other feature (and the derived region, in a's sentences) as measured.
  bool reversed = false;
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
  // Order-free view: each content copy sentence's best source sentence.
  float best_q50 = 0;    // median best-match similarity of the copy's content sentences (0: no match)
  float best_q75 = 0;    // its 75th percentile
  float strong_b = 0;    // share of the copy's content sentences whose best match is strong (>= kStrongSim)
  float strong_a = 0;    // share of the source's content sentences that are some copy sentence's strong match
  float local_order = 0; // share of consecutive matched copy sentences whose sources follow within two
  // The densest contiguous derived region of the copy (an embedded rewrite: the rest of the copy
  // is other material), by best-match similarity; for a whole-text rewrite it is the whole copy.
  uint32_t region_begin = 0, region_end = 0;  // copy sentence range (half-open)
  float region = 0;      // region's share of the copy's content sentences
  float region_frac = 0; // share of the region's content sentences with a match
  float region_sim = 0;  // mean best-match similarity in the region
  float region_cov_a = 0;  // share of the source's content sentences matched from the region
  float general = 0;     // mean general_cosine of the region's copy sentences with their best matches
  // Words of the copy's region that its source never has (synonyms count as had): names and
  // figures (`novel_specific`), other words (`novel_general`). A copy brings in little of its
  // own; another writer's report brings its own names, figures and details.
  float novel_specific = 0, novel_general = 0;
  float kept_specific = 0;  // share of the source's names and figures the copy has
  // How much evidence there is: log(1 + n) of the aligned copy sentences and of each text's
  // content sentences (four aligned sentences say less than twenty).
  float log_pairs = 0, log_content_a = 0, log_content_b = 0;
  // Two short texts (at most kPassageSentences content sentences each) taken whole, each as one
  // passage: a paraphrase of a few sentences fuses and splits them, so its evidence is that of
  // the passages, not of sentence pairs. 0 for longer texts.
  float passage_cos = 0;   // cosine of the two passages' evidence (synonyms seen through)
  float passage_dice = 0;  // Dice of their letter 4-grams
  float passage_sim = 0;   // the two blended as a sentence similarity is
};

constexpr float kStrongSim = 0.4f;
// Texts of at most this many content sentences each are also compared whole (passage_*).
constexpr uint32_t kPassageSentences = 4;
inline bool is_passage_pair(const SentenceAlignment& al) {
  return al.content_a > 0 && al.content_b > 0 && al.content_a <= kPassageSentences &&
         al.content_b <= kPassageSentences;
}
// The derived region is at least this many content sentences (or the whole copy): one shared
// sentence is not a region.
constexpr uint32_t kMinRegionSentences = 4;

// Every evidence feature of an alignment by name, for the rewrite model (relate/model.h) and
// `retrace detect --features`.
struct AlignmentFeature {
  const char* name;
  float SentenceAlignment::*field;
};
std::span<const AlignmentFeature> alignment_features();

SentenceAlignment align_sentences(const DocSentences& a, const DocSentences& b, const SentenceAlignmentOptions& opt = {});

// An alignment of b -> a given as a -> b: its pairs, content counts and coverage swapped (sorted
// by b), the rest as measured; rewrite evidence is unchanged.
SentenceAlignment reversed(SentenceAlignment al);

}  // namespace retrace
