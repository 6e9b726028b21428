// lexsem/lexsem.h — background English lexical semantics, the same for every corpus.
//
// Built into retrace from Debian's WordNet 3.0 (scripts/gen_wordnet.py, at build time): for each
// word (a lemma or an irregular form), the WordNet synsets of its most frequent senses (synonyms
// share one: "buy" and "purchase", "profit" and "earnings") and how often it was tagged in the
// SemCor concordance (a background frequency: "say" 2,167 times, "tannadice" never). Regular
// inflections ("joined", "troops", "cities", "stopped") are found through their lemma. What it
// gives does not depend on the corpus, so evidence built on it gets the same value for a pair
// given alone as inside a corpus of millions.
// Cost: the table (about 80k words, 2 MB, linked in) is indexed once per process on first use
// (a few ms: no stemming); a lookup is one to six hash probes. Thread-safe after construction.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/flat_map.h"

namespace retrace {

class Semantics {
 public:
  struct Entry {
    uint32_t count = 0;                   // SemCor tag count of the word's senses
    uint32_t syn_begin = 0, syn_end = 0;  // range in synsets_
  };
  // The table built into the binary.
  static const Semantics& builtin();
  // Parses a table in gen_wordnet.py's format (word TAB count TAB synset ids).
  explicit Semantics(std::string_view table);

  // The entry of a folded word, or of its lemma for a regular inflection; nullptr if WordNet
  // does not have it (names, most figures, rare words, function words).
  const Entry* find(std::string_view folded) const;
  std::span<const uint32_t> synsets(const Entry& e) const {
    return {synsets_.data() + e.syn_begin, e.syn_end - e.syn_begin};
  }
  // Background rarity of a word: log((T + 1) / (count + 1)) over log(T + 1), T the table's total
  // count: 0..1, 1 for a word never tagged or unknown (a rare or proper word).
  float rarity(const Entry* e) const;
  // Whether a folded word is an English word WordNet knows, and its count.
  bool known_word(std::string_view folded, uint32_t* count = nullptr) const;
  double log_total() const { return log_total_; }
  size_t size() const { return by_word_.size(); }

 private:
  const Entry* probe(std::string_view w) const;
  FlatMap64<Entry> by_word_;  // by word_id
  std::vector<uint32_t> synsets_;
  double log_total_ = 1;  // log(T + 1)
};

}  // namespace retrace
