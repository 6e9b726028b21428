#include "fingerprint/fingerprint.h"

#include <xxhash.h>

#include <algorithm>

#include "clean/fold.h"
#include "clean/numbers.h"

namespace retrace {

Lexicon::Word term_of(const Token& t, const Lexicon& lex) {
  if (t.word.size() < 2 || t.number()) return {};
  if (t.entry) return *t.entry;
  return lex.lookup(t.id, t.word);
}

uint64_t term_hash(const std::string& term) { return word_id(term); }

Fingerprint fingerprint(const Document& doc, const CleanDoc& c, const Lexicon& lex, const FingerprintOptions& opt) {
  Fingerprint fp;
  fp.skel_len = static_cast<uint32_t>(c.skel.size());
  fp.damage = c.repaired_words + c.joined_breaks + static_cast<uint32_t>(c.furniture.size());
  // The words of the whole text, furniture included: "the same text up to normalisation"
  // must not depend on which lines an outlet's boilerplate model sets aside.
  fp.words_hash = words_hash(doc.text);
  if (c.skel.size() >= opt.gram) {
    // Rolling polynomial hash of each gram (one multiply-add per letter), finalised with a
    // 64-bit mixer so that the sampling by value is uniform.
    const uint64_t B = 0x100000001B3ull;
    uint64_t pow = 1;
    for (uint32_t k = 0; k < opt.gram; ++k) pow *= B;
    uint64_t h = 0;
    const auto* s = reinterpret_cast<const unsigned char*>(c.skel.data());
    // x % sample_mod without a division per letter when sample_mod is a power of two.
    const uint64_t mod = std::max<uint32_t>(1, opt.sample_mod);
    const bool pow2 = (mod & (mod - 1)) == 0;
    const size_t g = std::max<uint32_t>(1, opt.gram), n = c.skel.size();
    for (size_t i = 0; i < g - 1; ++i) h = h * B + s[i] + 1;
    for (size_t i = g - 1; i < n; ++i) {
      h = h * B + s[i] + 1;
      if (i >= g) h -= pow * (s[i - g] + 1ull);
      uint64_t x = h;
      x ^= x >> 33; x *= 0xff51afd7ed558ccdull; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ull; x ^= x >> 33;
      if (pow2 ? (x & (mod - 1)) == 0 : x % mod == 0) fp.surface.push_back(x);
    }
    std::sort(fp.surface.begin(), fp.surface.end());
    fp.surface.erase(std::unique(fp.surface.begin(), fp.surface.end()), fp.surface.end());
  }
  // Rare terms outside quotes: a term seen in at least one other document, rarest first.
  // (term, idf) of every occurrence, deduplicated below.
  std::vector<std::pair<uint64_t, float>> terms;
  terms.reserve(c.tokens.size());
  for (const auto& t : c.tokens) {
    if (t.quoted()) continue;
    Lexicon::Word w = term_of(t, lex);
    if (w.term == 0 || w.term_df < 2) continue;
    terms.emplace_back(w.term, w.idf);
  }
  for (const auto& m : find_numbers(doc.text, c, 0, static_cast<uint32_t>(c.tokens.size()))) {
    if (m.year_like || c.tokens[m.tok_begin].quoted()) continue;
    if (m.value < 10 && m.value == static_cast<int>(m.value) && m.unit.empty()) continue;  // too common
    terms.emplace_back(term_hash("#" + number_key(m)), 7.0f);
  }
  // A term's idf depends on the term alone, so which occurrence is kept does not matter.
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end(), [](auto& a, auto& b) { return a.first == b.first; }),
              terms.end());
  std::vector<std::pair<float, uint64_t>> ranked;
  ranked.reserve(terms.size());
  for (auto& [t, idf] : terms) ranked.emplace_back(idf, t);
  const size_t keep = std::min<size_t>(ranked.size(), opt.max_terms);
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(),
                    [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  ranked.resize(keep);
  for (auto& [idf, t] : ranked) {
    fp.terms.push_back(t);
    fp.term_idf.push_back(idf);
  }
  return fp;
}

}  // namespace retrace
