// clean/lexicon.h — what the corpus says about words: frequencies, document frequencies of
// stems, stop words, stemming, and the repair of run-together words.
//
// Built once per run from the corpus itself (LexiconBuilder per thread, merged), then read-only.
// Run-together repair: a token the corpus has (almost) never seen, e.g. "havejoined" or
// "kurskregion", is split into the known words that best explain it ("have joined").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/flat_map.h"
#include <vector>
#include <cstdint>

namespace retrace {

// English stop words (function words carrying no content).
bool is_stopword(std::string_view folded_word);

// Snowball English stem of a folded word; thread-safe (one stemmer per thread).
std::string stem(const std::string& folded_word);

// 64-bit id of a word or term string (XXH3).
uint64_t word_id(std::string_view s);

// word_id of the stem of a folded word; thread-safe, cached per thread.
uint64_t stem_id(const std::string& folded_word);

class Lexicon;

class LexiconBuilder {
 public:
  // Adds the folded words of one document (each occurrence).
  void add_document(const std::vector<std::string_view>& words);
  void merge_into(Lexicon& lex);

 private:
  FlatMap64<uint32_t> word_count_;
  FlatMap64<uint32_t> stem_df_;
  uint32_t docs_ = 0;
};

class Lexicon {
 public:
  uint32_t count(std::string_view w) const;
  uint32_t stem_df(uint64_t stem) const;  // by stem_id
  uint32_t docs() const { return docs_; }
  // Inverse document frequency of a stem (by stem_id), log((N + 1) / (df + 0.5)).
  float idf(uint64_t stem) const;
  // Splits a run-together token into known words. Returns false (pieces untouched) if the token
  // is a known word itself or no split explains it well. Pieces are byte ranges of `token`.
  bool split(std::string_view token, std::vector<std::pair<uint32_t, uint32_t>>* pieces) const;

 private:
  friend class LexiconBuilder;
  FlatMap64<uint32_t> word_count_;  // by word_id
  FlatMap64<uint32_t> stem_df_;     // by stem_id
  uint32_t docs_ = 0;
  uint64_t total_words_ = 0;
};

}  // namespace retrace
