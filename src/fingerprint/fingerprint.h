// fingerprint/fingerprint.h — the fingerprint stage: a CleanDoc in, compact evidence out.
//
// Gives, per document, what the candidate stage indexes:
//  - surface: hashes of whitespace-insensitive character 16-grams of the skeleton, sampled by
//    value (hash % 16 == 0, so two texts sharing a passage sample the same grams), for
//    verbatim and damaged reuse;
//  - terms: the document's rarest content terms (stems of words outside quotes, numbers by
//    value), for rewrites, which share little surface text but keep names, figures and rare words;
//  - words_hash: hash of the folded word sequence of the whole text, equal for duplicates.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "clean/lexicon.h"

namespace retrace {

struct FingerprintOptions {
  uint32_t gram = 16;          // skeleton characters per surface gram
  uint32_t sample_mod = 16;    // keep grams whose hash % sample_mod == 0
  uint32_t max_terms = 32;     // rare terms kept per document
};

struct Fingerprint {
  std::vector<uint64_t> surface;  // sorted, unique
  std::vector<uint64_t> terms;    // term hashes, rarest first
  std::vector<float> term_idf;    // idf of each term
  uint64_t words_hash = 0;
  uint32_t skel_len = 0;
  uint32_t damage = 0;            // repaired words + joined breaks + furniture lines
};

// The content term of a token with its corpus df and idf: the stem_id of a non-stopword
// (numbers come from find_numbers, by value); term 0 if the token carries no content.
Lexicon::Word term_of(const Token& t, const Lexicon& lex);

// Id of a term string ("#2.5" for a figure), in the same space as stem ids.
uint64_t term_hash(const std::string& term);

Fingerprint fingerprint(const Document& doc, const CleanDoc& clean, const Lexicon& lex,
                        const FingerprintOptions& opt);

}  // namespace retrace
