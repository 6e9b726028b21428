#include "clean/lexicon.h"

#include "core/bytes.h"

#include "lexsem/lexsem.h"

#include <libstemmer.h>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_set>

#include "clean/clean.h"

namespace retrace {
namespace {

const char* const kStopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as",
    "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had",
    "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i",
    "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no",
    "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
    "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
    "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
    "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "said",
    "says", "say", "mr", "mrs", "ms", "s", "t", "would", "may", "might", "must", "shall", "one", "new",
    "year", "years", "told", "people", "time", "last", "first", "two", "three", "yet", "however", "still",
    "well", "many", "much", "even", "though", "although", "around", "since", "per", "cent", "percent",
    "don", "didn", "doesn", "isn", "wasn", "won", "can't", "it's", "he's", "she's", "that's", "there's",
    "we're", "they're", "i'm", "i've", "we've", "they've", "don't", "didn't", "doesn't", "isn't", "wasn't",
    "won't", "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't", "hadn't", "aren't", "weren't"};

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

}  // namespace

bool is_stopword(std::string_view w) {
  static const std::unordered_set<std::string_view> set(std::begin(kStopwords), std::end(kStopwords));
  return set.count(w) > 0;
}

std::string stem(const std::string& w) {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> st(sb_stemmer_new("english", "UTF_8"));
  bool digit = !w.empty() && (w[0] >= '0' && w[0] <= '9');
  if (digit || !st) return w;
  // Stems of words seen before, per thread (the audit and the statistics pass stem the same
  // words again and again): one hash probe instead of a Snowball run.
  thread_local FlatMap64<uint32_t> seen;  // word_id -> index in stems + 1
  thread_local std::vector<std::string> stems;
  uint64_t key = XXH3_64bits(w.data(), w.size());
  if (const uint32_t* i = seen.find(key)) return stems[*i - 1];
  if (stems.size() >= (1u << 20)) seen.clear(), stems.clear();
  const sb_symbol* r =
      sb_stemmer_stem(st.get(), reinterpret_cast<const sb_symbol*>(w.data()), static_cast<int>(w.size()));
  stems.emplace_back(reinterpret_cast<const char*>(r), sb_stemmer_length(st.get()));
  seen[key] = static_cast<uint32_t>(stems.size());
  return stems.back();
}

uint64_t word_id(std::string_view s) { return XXH3_64bits(s.data(), s.size()); }

uint64_t stem_id(const std::string& w) {
  thread_local FlatMap64<uint64_t> cache;
  uint64_t key = word_id(w);
  if (const uint64_t* hit = cache.find(key)) return *hit;
  if (cache.size() > (1u << 22)) cache.clear();
  uint64_t id = word_id(stem(w));
  cache[key] = id;
  return id;
}

uint64_t content_term(std::string_view w) {
  if (is_stopword(w)) return 0;
  return stem_id(std::string(w));
}

namespace {
// Counts stop at 2^32 - 1 instead of wrapping (a word seen four billion times is as common as
// counts go).
void add_saturating(uint32_t& x, uint64_t y) { x = static_cast<uint32_t>(std::min<uint64_t>(UINT32_MAX, x + y)); }
}  // namespace

void LexiconBuilder::add_word(std::string_view v) {
  Word& w = words_[word_id(v)];
  if (w.count == 0) w.term = content_term(v);
  add_saturating(w.count, 1);
  if (w.term) doc_terms_.push_back(w.term);
}

void LexiconBuilder::end_document() {
  ++docs_;
  std::sort(doc_terms_.begin(), doc_terms_.end());
  doc_terms_.erase(std::unique(doc_terms_.begin(), doc_terms_.end()), doc_terms_.end());
  for (uint64_t s : doc_terms_) add_saturating(stem_df_[s], 1);
  doc_terms_.clear();
}

void LexiconBuilder::add_document(const Document& doc) {
  for_each_folded_word(doc.text, [&](std::string_view w) { add_word(w); });
  end_document();
}

void LexiconBuilder::merge_into(Lexicon& lex) {
  lex.docs_ += docs_;
  lex.words_.reserve(lex.words_.size() + words_.size());  // in slot order: no clustering (core/flat_map.h)
  lex.stem_df_.reserve(lex.stem_df_.size() + stem_df_.size());
  words_.for_each([&](uint64_t id, const Word& w) {
    Lexicon::Word& e = lex.words_[id];
    add_saturating(e.count, w.count);
    e.term = w.term;
    lex.total_words_ += w.count;
  });
  stem_df_.for_each([&](uint64_t s, uint32_t c) { add_saturating(lex.stem_df_[s], c); });
  words_.clear();
  stem_df_.clear();
  docs_ = 0;
  lex.finish();
}

// Runs after every merge (the last one leaves the final figures): one pass over the
// vocabulary, small next to the statistics pass itself.

void Lexicon::save(std::string* out) const {
  put_value(out, docs_);
  put_value(out, total_words_);
  put_value<uint64_t>(out, words_.size());
  words_.for_each([&](uint64_t id, const Word& w) {
    put_value(out, id);
    put_value(out, w.term);
    put_value(out, w.count);
  });
  put_value<uint64_t>(out, stem_df_.size());
  stem_df_.for_each([&](uint64_t stem, uint32_t df) {
    put_value(out, stem);
    put_value(out, df);
  });
}

bool Lexicon::load(std::string_view in) {
  Lexicon lex;
  uint64_t nwords = 0, nstems = 0;
  if (!get_value(&in, &lex.docs_) || !get_value(&in, &lex.total_words_) || !get_value(&in, &nwords)) return false;
  if (nwords > in.size() / 20) return false;
  lex.words_.reserve(nwords);
  for (uint64_t k = 0; k < nwords; ++k) {
    uint64_t id = 0;
    Word w;
    if (!get_value(&in, &id) || !get_value(&in, &w.term) || !get_value(&in, &w.count)) return false;
    lex.words_[id] = w;
  }
  if (!get_value(&in, &nstems) || nstems != in.size() / 12 || in.size() % 12) return false;
  lex.stem_df_.reserve(nstems);
  for (uint64_t k = 0; k < nstems; ++k) {
    uint64_t stem = 0;
    uint32_t df = 0;
    get_value(&in, &stem), get_value(&in, &df);
    lex.stem_df_[stem] = df;
  }
  lex.finish();
  *this = std::move(lex);
  return true;
}

void Lexicon::finish() {
  size_t pieces = 0;
  words_.for_each_mut([&](uint64_t, Word& w) {
    w.term_df = w.term ? stem_df(w.term) : 0;
    w.idf = w.term ? idf(w.term) : 0;
    pieces += w.count >= kMinPieceCount;
  });
  // A Bloom filter of the words that can be a piece of a split: 16 bits per word, two probes
  // (one from each half of the word id), about 1.4% false positives.
  size_t bits = 1024;
  while (bits < pieces * 16) bits *= 2;
  piece_bits_.assign(bits / 64, 0);
  piece_mask_ = bits - 1;
  words_.for_each([&](uint64_t id, const Word& w) {
    if (w.count < kMinPieceCount) return;
    uint64_t a = id & piece_mask_, b = (id >> 32) & piece_mask_;
    piece_bits_[a / 64] |= 1ull << (a % 64);
    piece_bits_[b / 64] |= 1ull << (b % 64);
  });
}

bool Lexicon::maybe_piece(uint64_t id) const {
  if (piece_bits_.empty()) return false;
  uint64_t a = id & piece_mask_, b = (id >> 32) & piece_mask_;
  return (piece_bits_[a / 64] >> (a % 64) & 1) && (piece_bits_[b / 64] >> (b % 64) & 1);
}

Lexicon::Word Lexicon::lookup(uint64_t id, std::string_view w) const {
  if (const Word* e = words_.find(id)) return *e;
  Word e;
  e.term = content_term(w);
  if (e.term) {
    e.term_df = stem_df(e.term);
    e.idf = idf(e.term);
  }
  return e;
}

uint32_t Lexicon::count(std::string_view w) const {
  const Word* e = words_.find(word_id(w));
  return e ? e->count : 0;
}

uint32_t Lexicon::stem_df(uint64_t s) const {
  const uint32_t* c = stem_df_.find(s);
  return c ? *c : 0;
}

float Lexicon::idf(uint64_t s) const { return std::log((docs_ + 1.0f) / (stem_df(s) + 0.5f)); }

bool Lexicon::split(std::string_view token, std::vector<std::pair<uint32_t, uint32_t>>* pieces) const {
  return split(token, word(word_id(token)), pieces);
}

namespace {
// Background log-probabilities of run-together pieces: a stop word (about 1 word in 50 of news
// text), and a WordNet word (its SemCor frequency, less a penalty: the background knows no names).
constexpr double kStopwordLogp = -3.9;
constexpr double kBackgroundPenalty = 2.0;
}  // namespace

bool Lexicon::split(std::string_view token, const Word* known, std::vector<std::pair<uint32_t, uint32_t>>* pieces,
                    bool background) const {
  const size_t n = token.size();
  if (n < 5 || n > 60 || total_words_ == 0) return false;
  for (char c : token)
    if (!(c >= 'a' && c <= 'z')) return false;
  // A word the corpus knows is left alone; only (near-)unseen tokens are candidates. So is an
  // English word the background vocabulary knows, where the corpus is too small to say.
  if (known && known->count > 1) return false;
  const Semantics& bg = Semantics::builtin();
  if (is_stopword(token) || bg.known_word(token)) return false;
  // Viterbi over split points: maximise the sum of log-probabilities of the pieces, each a
  // known word (short pieces must be frequent), with a penalty per piece.
  const double logN = std::log(static_cast<double>(total_words_));
  double best[61];
  int back[61];
  std::fill(best, best + n + 1, -1e30);
  std::fill(back, back + n + 1, -1);
  best[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    if (best[i] <= -1e29) continue;
    for (size_t j = i + 1; j <= n && j - i <= 24; ++j) {
      size_t len = j - i;
      if (len == 1 && token[i] != 'a' && token[i] != 'i') continue;
      std::string_view piece_text = token.substr(i, j - i);
      uint64_t piece = word_id(piece_text);
      // The piece's log-probability: from the corpus where it has seen the word often enough
      // (most substrings are no word: one cached bit test first), else from the background
      // vocabulary (stop words of two letters or more; WordNet words of three letters or more).
      double logp = -1e30;
      if (maybe_piece(piece)) {
        const Word* w = words_.find(piece);
        uint32_t c = w ? w->count : 0;
        uint32_t need = len == 1 ? 1000 : len == 2 ? 200 : len == 3 ? 20 : 3;
        if (c >= need) logp = std::log(static_cast<double>(c)) - logN;
      }
      if (background && len >= 2 && is_stopword(piece_text)) {
        logp = std::max(logp, kStopwordLogp);
      } else if (uint32_t bc = 0; background && len >= 3 && bg.known_word(piece_text, &bc)) {
        logp = std::max(logp, std::log(bc + 1.0) - bg.log_total() - kBackgroundPenalty);
      }
      if (logp <= -1e29) continue;
      double score = best[i] + logp - 2.0;
      if (score > best[j]) {
        best[j] = score;
        back[j] = static_cast<int>(i);
      }
    }
  }
  if (best[n] <= -1e29) return false;
  std::vector<std::pair<uint32_t, uint32_t>> out;
  for (int j = static_cast<int>(n); j > 0; j = back[j]) out.emplace_back(back[j], j);
  if (out.size() < 2 || out.size() > 6) return false;
  std::reverse(out.begin(), out.end());
  *pieces = std::move(out);
  return true;
}

}  // namespace retrace
