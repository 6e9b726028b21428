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
#include <vector>

#include "core/document.h"
#include "core/flat_map.h"

namespace retrace {

// English stop words (function words carrying no content).
bool is_stopword(std::string_view folded_word);

// Snowball English stem of a folded word; thread-safe (one stemmer per thread).
std::string stem(const std::string& folded_word);

// 64-bit id of a word or term string (XXH3).
uint64_t word_id(std::string_view s);

// word_id of the stem of a folded word; thread-safe, cached per thread.
uint64_t stem_id(const std::string& folded_word);

// The content term of a folded word, as document frequencies are counted: its stem_id, or 0
// for a stop word.
uint64_t content_term(std::string_view folded_word);

class Lexicon;

// Counts one thread's share of the corpus. Each word's content term is worked out once per
// builder (the first time it sees the word), not per occurrence.
class LexiconBuilder {
 public:
  // Adds the words of one document as for_each_folded_word() reads them (each occurrence).
  void add_document(const Document& doc);
  void merge_into(Lexicon& lex);

 private:
  struct Word {
    uint32_t count = 0;
    uint64_t term = 0;  // content_term of the word, 0 if none
  };
  void add_word(std::string_view w);
  void end_document();
  FlatMap64<Word> words_;        // by word_id
  FlatMap64<uint32_t> stem_df_;  // by stem_id
  std::vector<uint64_t> doc_terms_;
  uint32_t docs_ = 0;
};

class Lexicon {
 public:
  // What the corpus says about one word, by word_id: one lookup on the hot path.
  struct Word {
    uint64_t term = 0;     // content_term of the word (0: stop word)
    uint32_t count = 0;    // occurrences in the corpus
    uint32_t term_df = 0;  // documents holding the term (any word with that stem)
    float idf = 0;         // idf(term)
  };
  uint32_t count(std::string_view w) const;
  // The entry of a word seen by the statistics pass (by word_id), or nullptr.
  const Word* word(uint64_t word_id) const { return words_.find(word_id); }
  // The entry of folded word w (whose word_id is id), worked out from its stem if the
  // statistics pass did not see the word (count 0).
  Word lookup(uint64_t id, std::string_view w) const;
  uint32_t stem_df(uint64_t stem) const;  // by stem_id
  uint32_t docs() const { return docs_; }
  // The counts as bytes (saved with a model), and back: load() replaces this lexicon's
  // counts and recomputes what is derived from them; false if the bytes are not a lexicon.
  void save(std::string* out) const;
  bool load(std::string_view in);
  // Inverse document frequency of a stem (by stem_id), log((N + 1) / (df + 0.5)).
  float idf(uint64_t stem) const;
  // Splits a run-together token into known words. Returns false (pieces untouched) if the token
  // is a known word itself or no split explains it well. Pieces are byte ranges of `token`.
  // `entry` is word(word_id(token)), if the caller has looked it up.
  bool split(std::string_view token, std::vector<std::pair<uint32_t, uint32_t>>* pieces) const;
  // `background`: pieces may also be stop words and WordNet words the corpus has not seen often
  // enough (for a lower-case token: a capitalised one is likely a name, split on corpus words only).
  bool split(std::string_view token, const Word* entry, std::vector<std::pair<uint32_t, uint32_t>>* pieces,
             bool background = true) const;

 private:
  friend class LexiconBuilder;
  void finish();  // fills each word's term_df and idf once the counts are complete
  // False if word_id `id` is surely not a word seen kMinPieceCount times (a piece of a split
  // needs that many occurrences, short pieces more).
  bool maybe_piece(uint64_t id) const;
  static constexpr uint32_t kMinPieceCount = 3;
  std::vector<uint64_t> piece_bits_;
  uint64_t piece_mask_ = 0;
  FlatMap64<Word> words_;        // by word_id
  FlatMap64<uint32_t> stem_df_;  // by stem_id
  uint32_t docs_ = 0;
  uint64_t total_words_ = 0;
};

}  // namespace retrace
