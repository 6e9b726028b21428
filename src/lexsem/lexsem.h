// lexsem/lexsem.h — background English lexical semantics, the same for every corpus.
//
// Built into retrace from Debian's WordNet 3.0 (scripts/gen_wordnet.py, at build time): for each
// content stem, the WordNet synsets of its most frequent senses (synonyms share one: "boss" and
// "gaffer", "victory" and "win") and how often its lemmas were tagged in the SemCor concordance
// (a background frequency: "say" 2,169 times, "tannadice" never). What it gives does not depend
// on the corpus, so evidence built on it gets the same value for a pair given alone as inside a
// corpus of millions.
// Cost: the table (about 80k words, 2 MB) is parsed and stemmed once per process, on first use
// (~0.1 s); lookups are one hash probe. Thread-safe after construction (read-only).
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
    uint32_t count = 0;          // SemCor tag count of the stem's lemmas
    uint32_t syn_begin = 0, syn_end = 0;  // range in synsets_
  };
  // The table built into the binary.
  static const Semantics& builtin();
  // Parses a table in gen_wordnet.py's format (word TAB count TAB synset ids).
  explicit Semantics(std::string_view table);

  // The entry of a stem (by stem_id), or nullptr if WordNet does not have it (names, most
  // figures, rare words).
  const Entry* find(uint64_t stem_id) const { return by_stem_.find(stem_id); }
  std::span<const uint32_t> synsets(const Entry& e) const {
    return {synsets_.data() + e.syn_begin, e.syn_end - e.syn_begin};
  }
  // Background inverse frequency of a stem: log((T + 1) / (count + 1)) over the SemCor total T,
  // scaled to 0..1 (1: never tagged or unknown, a rare or proper word).
  float rarity(uint64_t stem_id) const;
  size_t size() const { return by_stem_.size(); }

  // Whether a folded word is an English word WordNet knows (a lemma, an irregular form, or a
  // regular inflection of a lemma: "joined", "troops", "cities"), and how often its lemma was
  // tagged. For the repair of run-together words where the corpus is too small to tell.
  bool known_word(std::string_view folded, uint32_t* count = nullptr) const;
  double log_total() const { return log_total_; }

 private:
  FlatMap64<Entry> by_stem_;
  FlatMap64<uint32_t> by_word_;  // word_id of a lemma or irregular form -> count + 1
  std::vector<uint32_t> synsets_;
  double log_total_ = 1;  // log(T + 1), T the table's total count
};

}  // namespace retrace
