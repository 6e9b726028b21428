#include "align/sentences.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "clean/fold.h"
#include "clean/numbers.h"
#include "core/utf8.h"
#include "fingerprint/fingerprint.h"

namespace retrace {

namespace {
using Terms = std::vector<std::pair<uint64_t, float>>;

// Id of a WordNet synset as a term, in the space of stem ids (disjoint in practice: 64-bit mix).
uint64_t synset_term(uint32_t synset) { return (static_cast<uint64_t>(synset) + 0x5ee1) * 0x9E3779B97F4A7C15ull; }

// The term of a figure, by value ("#2.5"): the same in sentence vectors and word units.
uint64_t figure_term(const NumberMention& num) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "#%.6g", num.value);
  return term_hash(buf);
}

// A sentence vector's terms, norms and flags, without its letters and grams.
SentenceVector terms_of(const SentenceVector& v) {
  SentenceVector o;
  o.terms = v.terms, o.qterms = v.qterms, o.gterms = v.gterms, o.gqterms = v.gqterms;
  o.norm = v.norm, o.gnorm = v.gnorm, o.headline = v.headline, o.quote_only = v.quote_only;
  return o;
}
}  // namespace

float background_weight(const Semantics::Entry* e, const Semantics& sem) {
  float r = sem.rarity(e);
  return kMaxTermWeight * r * r;
}

namespace {
// The content words of the text in order (stop words and headline left out), as (stem or
// figure, first synset or 0) units.
void word_units(const CleanDoc& c, const Lexicon& lex, const Semantics& sem, const std::vector<const Semantics::Entry*>& tok_sem,
                const std::vector<std::vector<NumberMention>>& numbers, DocSentences* out) {
  using Unit = DocSentences::Unit;
  auto& units = out->units;
  for (uint32_t k = 0; k < c.sentences.size(); ++k) {
    const Sentence& s = c.sentences[k];
    if (s.headline) continue;
    const auto& nums = numbers[k];
    size_t next_num = 0;
    for (uint32_t t = s.tok_begin; t < s.tok_end; ++t) {
      const Token& tok = c.tokens[t];
      if (next_num < nums.size() && nums[next_num].tok_begin == t) {
        units.push_back({{figure_term(nums[next_num]), 0}, k, tok.quoted(), false});
        t = std::max(t, nums[next_num].tok_end - 1);
        ++next_num;
        continue;
      }
      Lexicon::Word info = term_of(tok, lex);
      if (info.term == 0) continue;
      Unit u{{info.term, 0}, k, tok.quoted(), false};
      if (const Semantics::Entry* e = tok_sem[t]) {
        u.general = !tok.cap() || t == s.tok_begin;
        auto syn = sem.synsets(*e);
        if (!syn.empty()) u.ids[1] = synset_term(syn[0]);
      }
      units.push_back(u);
    }
  }
  for (const auto& u : units)
    for (uint64_t id : u.ids)
      if (id) out->unit_ids.push_back(id);
  std::sort(out->unit_ids.begin(), out->unit_ids.end());
  out->unit_ids.erase(std::unique(out->unit_ids.begin(), out->unit_ids.end()), out->unit_ids.end());
}
}  // namespace

WordOverlap word_overlap(const DocSentences& A, const DocSentences& B, uint32_t region_begin, uint32_t region_end) {
  WordOverlap out;
  if (A.units.empty() || B.units.empty()) return out;
  // Novel words of the region, and the source's specifics kept.
  const auto &ids_a = A.unit_ids, &ids_b = B.unit_ids;
  auto has = [](const std::vector<uint64_t>& v, const DocSentences::Unit& u) {
    for (uint64_t id : u.ids)
      if (id && std::binary_search(v.begin(), v.end(), id)) return true;
    return false;
  };
  uint32_t spec = 0, spec_new = 0, gen = 0, gen_new = 0;
  for (const auto& u : B.units) {
    if (u.sentence < region_begin || u.sentence >= region_end) continue;
    bool novel = !has(ids_a, u);
    if (u.general) ++gen, gen_new += novel;
    else ++spec, spec_new += novel;
  }
  out.novel_specific = spec ? static_cast<float>(spec_new) / spec : 0;
  out.novel_general = gen ? static_cast<float>(gen_new) / gen : 0;
  uint32_t spec_a = 0, kept = 0;
  for (const auto& u : A.units)
    if (!u.general) ++spec_a, kept += has(ids_b, u);
  out.kept_specific = spec_a ? static_cast<float>(kept) / spec_a : 0;
  return out;
}

DocSentences sentence_vectors(const Document& doc, const CleanDoc& c, const Lexicon& lex, const Semantics& sem) {
  DocSentences out;
  const size_t n = c.sentences.size();
  out.s.resize(n);
  // Each sentence's raw evidence: (term, weight) of its content words (a term's weight is its
  // background rarity, the same in every corpus) and figures (by value; a later mention of the
  // same value overrides an earlier one); synonyms are matched per pair (synonym_view). Words
  // inside direct quotes go to a vector of their own: a quote retold in reported speech is
  // evidence, a quote kept in both texts is not (everyone quotes the same press conference).
  struct Raw {
    uint64_t term;
    float w;
    uint32_t order;  // figures: mention order (words: 0)
    bool figure;
  };
  std::vector<Terms> raw(n), raw_q(n), raw_g(n), raw_gq(n);
  std::vector<Raw> tmp, tmp_q, tmp_g, tmp_gq;
  std::vector<uint64_t> all_terms;
  std::vector<const Semantics::Entry*> tok_sem(c.tokens.size(), nullptr);  // each token's WordNet entry
  std::vector<std::vector<NumberMention>> nums(n);                         // each sentence's figures
  std::vector<std::pair<uint64_t, const Semantics::Entry*>> general_words;  // (stem, entry) of general words
  auto collapse = [&](std::vector<Raw>& t, Terms& m) {
    std::sort(t.begin(), t.end(), [](const Raw& x, const Raw& y) {
      if (x.term != y.term) return x.term < y.term;
      if (x.figure != y.figure) return x.figure < y.figure;
      return x.order < y.order;
    });
    for (size_t i = 0; i < t.size();) {
      size_t j = i;
      float w = 0;
      bool figure = false;
      for (; j < t.size() && t[j].term == t[i].term; ++j) {
        if (t[j].figure) w = t[j].w, figure = true;  // the last mention (sorted by order)
        else if (!figure) w = std::max(w, t[j].w);
      }
      m.emplace_back(t[i].term, w);
      all_terms.push_back(t[i].term);
      i = j;
    }
  };
  for (size_t k = 0; k < n; ++k) {
    const Sentence& s = c.sentences[k];
    tmp.clear();
    tmp_q.clear();
    tmp_g.clear();
    tmp_gq.clear();
    for (uint32_t t = s.tok_begin; t < s.tok_end; ++t) {
      const Token& tok = c.tokens[t];
      Lexicon::Word info = term_of(tok, lex);
      if (info.term == 0) continue;
      auto& dst = tok.quoted() ? tmp_q : tmp;
      const Semantics::Entry* e = tok_sem[t] = sem.find(tok.word);
      float w = background_weight(e, sem);
      dst.push_back({info.term, w, 0, false});
      if (e) {
        // A word of the general vocabulary: also evidence of its own kind (below).
        auto& gdst = tok.quoted() ? tmp_gq : tmp_g;
        gdst.push_back({info.term, w, 0, false});
        general_words.emplace_back(info.term, e);
      }
    }
    uint32_t order = 0;
    nums[k] = find_numbers(doc.text, c, s.tok_begin, s.tok_end);
    for (const auto& num : nums[k]) {
      auto& dst = c.tokens[num.tok_begin].quoted() ? tmp_q : tmp;
      dst.push_back({figure_term(num), num.year_like ? kMaxTermWeight * 0.35f : kMaxTermWeight * 0.7f, ++order, true});
    }
    collapse(tmp, raw[k]);
    collapse(tmp_q, raw_q[k]);
    size_t counted = all_terms.size();
    collapse(tmp_g, raw_g[k]);
    collapse(tmp_gq, raw_gq[k]);
    all_terms.resize(counted);  // the general terms are counted once, among all terms
    out.s[k].headline = s.headline;
    // Letters outside direct quotes: a quote kept verbatim is not evidence of rewording.
    for (uint32_t t = s.tok_begin; t < s.tok_end; ++t)
      if (!c.tokens[t].quoted()) out.s[k].skel += c.tokens[t].word;
    out.s[k].grams = char_grams(out.s[k].skel);
    out.s[k].quote_only = raw[k].empty();
  }
  // Specificity inside the document: terms in many sentences weigh less.
  std::sort(all_terms.begin(), all_terms.end());
  auto sentences_with = [&](uint64_t h) {
    auto r = std::equal_range(all_terms.begin(), all_terms.end(), h);
    return static_cast<uint32_t>(r.second - r.first);
  };
  for (size_t k = 0; k < n; ++k) {
    auto& v = out.s[k];
    float sq = 0;
    auto weigh = [&](const Terms& from, Terms& to) {
      to.reserve(from.size());
      for (auto& [h, w] : from) {
        float spec = std::log(1.0f + static_cast<float>(n) / sentences_with(h));
        to.emplace_back(h, w * spec);
        sq += w * spec * w * spec;
      }
    };
    weigh(raw[k], v.terms);
    weigh(raw_q[k], v.qterms);
    v.norm = std::sqrt(sq);
    sq = 0;
    weigh(raw_g[k], v.gterms);
    weigh(raw_gq[k], v.gqterms);
    v.gnorm = std::sqrt(sq);
  }
  word_units(c, lex, sem, tok_sem, nums, &out);
  // The senses of each general stem, from the first word of the text with that stem.
  std::stable_sort(general_words.begin(), general_words.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t i = 0; i < general_words.size(); ++i) {
    if (i > 0 && general_words[i].first == general_words[i - 1].first) continue;
    auto syn = sem.synsets(*general_words[i].second);
    for (uint32_t r = 0; r < syn.size(); ++r) out.senses.push_back({general_words[i].first, r, syn[r]});
  }
  for (const auto& x : out.senses) {
    out.by_synset.emplace_back(x.synset, x.stem);
    if (out.general_stems.empty() || out.general_stems.back() != x.stem) out.general_stems.push_back(x.stem);
  }
  std::sort(out.by_synset.begin(), out.by_synset.end());
  return out;
}

namespace {
// Copy words the source does not have, but a source word shares a WordNet sense with: the copy
// word's stem -> the source word's stem (the source word sharing the copy word's most frequent
// such sense).
std::vector<std::pair<uint64_t, uint64_t>> synonym_map(const DocSentences& A, const DocSentences& B) {
  const auto& by_sense = A.by_synset;
  const auto& stems_a = A.general_stems;
  std::vector<std::pair<uint64_t, uint64_t>> map;
  for (size_t i = 0; i < B.senses.size();) {
    size_t j = i;
    while (j < B.senses.size() && B.senses[j].stem == B.senses[i].stem) ++j;
    uint64_t stem = B.senses[i].stem;
    if (!std::binary_search(stems_a.begin(), stems_a.end(), stem)) {
      for (size_t k = i; k < j; ++k) {
        auto it = std::lower_bound(by_sense.begin(), by_sense.end(), std::make_pair(B.senses[k].synset, uint64_t{0}));
        if (it != by_sense.end() && it->first == B.senses[k].synset) {
          map.emplace_back(stem, it->second);
          break;
        }
      }
    }
    i = j;
  }
  return map;  // sorted by copy stem
}

// Rewrites the terms of `t` by `map` (sorted), keeping them sorted and unique (max weight).
void remap_terms(Terms& t, const std::vector<std::pair<uint64_t, uint64_t>>& map) {
  bool changed = false;
  for (auto& [h, w] : t) {
    auto it = std::lower_bound(map.begin(), map.end(), std::make_pair(h, uint64_t{0}));
    if (it != map.end() && it->first == h) h = it->second, changed = true;
  }
  if (!changed) return;
  std::sort(t.begin(), t.end());
  size_t o = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (o > 0 && t[o - 1].first == t[i].first) t[o - 1].second = std::max(t[o - 1].second, t[i].second);
    else t[o++] = t[i];
  }
  t.resize(o);
}

float norm_of(const Terms& x, const Terms& y) {
  float sq = 0;
  for (auto& [h, w] : x) sq += w * w;
  for (auto& [h, w] : y) sq += w * w;
  return std::sqrt(sq);
}
}  // namespace

namespace {
// B's sentences as A would count them: a sentence with a word A has only as a synonym is copied
// into `store` with that word remapped; the others are B's own.
std::vector<const SentenceVector*> synonym_view(const DocSentences& A, const DocSentences& B,
                                                std::vector<SentenceVector>* store) {
  std::vector<const SentenceVector*> view(B.s.size());
  for (size_t k = 0; k < B.s.size(); ++k) view[k] = &B.s[k];
  auto map = synonym_map(A, B);
  if (map.empty()) return view;
  auto mapped = [&](const Terms& t) {
    for (auto& [h, w] : t)
      if (std::binary_search(map.begin(), map.end(), std::make_pair(h, uint64_t{0}),
                             [](const auto& x, const auto& y) { return x.first < y.first; }))
        return true;
    return false;
  };
  std::vector<size_t> which;
  for (size_t k = 0; k < B.s.size(); ++k)
    if (mapped(B.s[k].terms) || mapped(B.s[k].qterms)) which.push_back(k);
  store->reserve(which.size());  // no reallocation: view keeps pointers into it
  for (size_t k : which) {
    SentenceVector o = terms_of(B.s[k]);
    remap_terms(o.terms, map);
    remap_terms(o.qterms, map);
    remap_terms(o.gterms, map);
    remap_terms(o.gqterms, map);
    o.norm = norm_of(o.terms, o.qterms);
    o.gnorm = norm_of(o.gterms, o.gqterms);
    store->push_back(std::move(o));
    view[k] = &store->back();
  }
  return view;
}
}  // namespace

DocSentences with_synonyms_of(const DocSentences& A, const DocSentences& B) {
  std::vector<SentenceVector> store;
  auto view = synonym_view(A, B, &store);
  DocSentences out;
  for (const SentenceVector* v : view) out.s.push_back(terms_of(*v));
  return out;
}

namespace {
// Cosine of two sentences' (outside quotes, inside quotes) term lists, without the terms that
// are quoted in both.
float cross_cosine(const Terms& xu, const Terms& xq, float xn, const Terms& yu, const Terms& yq, float yn) {
  if (xn == 0 || yn == 0) return 0;
  float dot = 0;
  auto add = [&](float wx, float wy) { dot += wx * wy; };
  for_each_shared(xu, yu, add);
  for_each_shared(xu, yq, add);  // reported speech of a quote
  for_each_shared(xq, yu, add);
  return dot / (xn * yn);
}
}  // namespace

float cosine(const SentenceVector& x, const SentenceVector& y) {
  return cross_cosine(x.terms, x.qterms, x.norm, y.terms, y.qterms, y.norm);
}

float general_cosine(const SentenceVector& x, const SentenceVector& y) {
  return cross_cosine(x.gterms, x.gqterms, x.gnorm, y.gterms, y.gqterms, y.gnorm);
}

std::vector<uint32_t> char_grams(std::string_view s) {
  std::vector<uint32_t> g;
  if (s.size() < 4) return g;
  g.reserve(s.size() - 3);
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    uint32_t v;
    std::memcpy(&v, s.data() + i, 4);
    g.push_back(v);
  }
  std::sort(g.begin(), g.end());
  return g;
}

float char_dice(const std::vector<uint32_t>& ga, const std::vector<uint32_t>& gb) {
  if (ga.empty() || gb.empty()) return 0.0f;
  size_t i = 0, j = 0, shared = 0;
  const size_t na = ga.size(), nb = gb.size();
  while (i < na && j < nb) {  // branch-free merge: equal grams count once on each side
    const uint32_t x = ga[i], y = gb[j];
    shared += x == y;
    i += x <= y;
    j += y <= x;
  }
  return 2.0f * shared / static_cast<float>(ga.size() + gb.size());
}

float char_dice(std::string_view a, std::string_view b) {
  if (a == b) return a.empty() ? 0.0f : 1.0f;
  return char_dice(char_grams(a), char_grams(b));
}

namespace {
// A text's sentences outside the headline as one passage: their terms summed, their letters
// joined. `view` is the text's sentence vectors as compared (synonyms remapped), `own` the text.
struct WholeText {
  SentenceVector v;
  std::vector<uint32_t> grams;
};
Terms merged(Terms t) {
  std::sort(t.begin(), t.end());
  Terms out;
  for (auto& [h, w] : t) {
    if (!out.empty() && out.back().first == h) out.back().second += w;
    else out.emplace_back(h, w);
  }
  return out;
}
WholeText passage_of(const std::vector<const SentenceVector*>& view, const DocSentences& own) {
  WholeText p;
  Terms t, q;
  std::string letters;
  for (size_t k = 0; k < view.size(); ++k) {
    if (view[k]->headline) continue;
    t.insert(t.end(), view[k]->terms.begin(), view[k]->terms.end());
    q.insert(q.end(), view[k]->qterms.begin(), view[k]->qterms.end());
    if (!letters.empty()) letters += ' ';
    letters += own.s[k].skel;
  }
  p.v.terms = merged(std::move(t));
  p.v.qterms = merged(std::move(q));
  p.v.norm = norm_of(p.v.terms, p.v.qterms);
  p.grams = char_grams(letters);
  return p;
}

constexpr float kMinCosine = 0.05f;  // sentence pairs below share too little evidence to align

// Share of x's evidence weight whose terms y has too.
float weight_kept(const SentenceVector& x, const SentenceVector& y) {
  float mass = 0, kept = 0;
  for (auto& [h, w] : x.terms) mass += w;
  for_each_shared_term(x, y, [&](float wx, float) { kept += wx; });
  return mass > 0 ? kept / mass : 0;
}
}  // namespace

namespace {
// The order-free features of an alignment, from each content copy sentence's best match.
void order_free_features(const std::vector<std::pair<int, float>>& best_b, const std::vector<uint32_t>& b_index,
                         const DocSentences& A, SentenceAlignment* out) {
  const size_t n = best_b.size();
  if (n == 0) return;
  uint32_t content_a = 0;
  for (const auto& s : A.s) content_a += !s.headline && !s.quote_only;
  std::vector<float> sims;
  sims.reserve(n);
  for (auto& [i, v] : best_b) sims.push_back(v);
  std::sort(sims.begin(), sims.end());
  out->best_q50 = sims[n / 2];
  out->best_q75 = sims[std::min(n - 1, n * 3 / 4)];
  std::vector<bool> strong_a(A.s.size(), false);
  uint32_t strong = 0, steps = 0, ordered = 0;
  for (size_t k = 0; k < n; ++k) {
    auto [i, v] = best_b[k];
    if (i >= 0 && v >= kStrongSim) ++strong, strong_a[i] = true;
    if (k > 0 && i >= 0 && best_b[k - 1].first >= 0) {
      ++steps;
      int d = i - best_b[k - 1].first;
      ordered += d >= 0 && d <= 2;
    }
  }
  out->strong_b = static_cast<float>(strong) / n;
  out->strong_a = content_a ? static_cast<float>(std::count(strong_a.begin(), strong_a.end(), true)) / content_a : 0;
  out->local_order = steps ? static_cast<float>(ordered) / steps : 0;
  // Densest region: the maximum-sum run of (best similarity - kRegionCost); an unmatched
  // sentence costs kRegionCost, a match at kRegionCost or below adds nothing.
  constexpr float kRegionCost = 0.2f;
  float run = 0, best = -1;
  size_t run_begin = 0, rb = 0, re = 0;
  for (size_t k = 0; k < n; ++k) {
    if (run <= 0) run = 0, run_begin = k;
    run += best_b[k].second - kRegionCost;
    if (run > best) best = run, rb = run_begin, re = k + 1;
  }
  // Grow a short region to kMinRegionSentences, towards the better-matched side.
  while (re - rb < std::min<size_t>(kMinRegionSentences, n)) {
    float left = rb > 0 ? best_b[rb - 1].second : -1, right = re < n ? best_b[re].second : -1;
    if (left >= right) --rb;
    else ++re;
  }
  uint32_t matched = 0;
  float sum = 0;
  std::vector<bool> cov_a(A.s.size(), false);
  for (size_t k = rb; k < re; ++k)
    if (best_b[k].first >= 0) ++matched, sum += best_b[k].second, cov_a[best_b[k].first] = true;
  out->region_begin = b_index[rb];
  out->region_end = b_index[re - 1] + 1;
  out->region = static_cast<float>(re - rb) / n;
  out->region_frac = static_cast<float>(matched) / (re - rb);
  out->region_sim = matched ? sum / matched : 0;
  out->region_cov_a = content_a ? static_cast<float>(std::count(cov_a.begin(), cov_a.end(), true)) / content_a : 0;
}
}  // namespace

std::span<const AlignmentFeature> alignment_features() {
  using A = SentenceAlignment;
  static const AlignmentFeature table[] = {
      {"frac_a", &A::frac_a},           {"frac_b", &A::frac_b},
      {"mean_sim", &A::mean_sim},       {"order", &A::order},
      {"path", &A::path_score},         {"char_sim", &A::char_sim},
      {"lis", &A::lis},                 {"detail", &A::detail},
      {"diag", &A::diag},               {"lede", &A::lede},
      {"steps", &A::steps},             {"margin", &A::margin},
      {"back_detail", &A::back_detail}, {"best_q50", &A::best_q50},
      {"best_q75", &A::best_q75},       {"strong_b", &A::strong_b},
      {"strong_a", &A::strong_a},       {"local_order", &A::local_order},
      {"region", &A::region},           {"region_frac", &A::region_frac},
      {"region_sim", &A::region_sim},   {"region_cov_a", &A::region_cov_a},
      {"general", &A::general},         {"log_pairs", &A::log_pairs},     {"log_content_a", &A::log_content_a},
      {"log_content_b", &A::log_content_b}, {"novel_specific", &A::novel_specific},
      {"novel_general", &A::novel_general}, {"kept_specific", &A::kept_specific},
      {"passage_cos", &A::passage_cos},   {"passage_dice", &A::passage_dice},
      {"passage_sim", &A::passage_sim},
  };
  return table;
}

SentenceAlignment align_sentences(const DocSentences& A, const DocSentences& B_as_given,
                                  const SentenceAlignmentOptions& opt) {
  SentenceAlignment out;
  // The copy's words in the source's words where WordNet makes them synonyms ("purchase" for
  // "buy"), so that rewording is seen through.
  std::vector<SentenceVector> remapped;
  const std::vector<const SentenceVector*> Bs = synonym_view(A, B_as_given, &remapped);
  const size_t na = A.s.size(), nb = Bs.size();
  if (na == 0 || nb == 0) return out;
  if (static_cast<uint64_t>(na) * nb > opt.max_cells) {
    out.too_long = true;
    return out;
  }
  std::vector<float> sim(na * nb, 0.0f);
  for (size_t i = 0; i < na; ++i)
    for (size_t j = 0; j < nb; ++j) sim[i * nb + j] = cosine(A.s[i], *Bs[j]);
  if (opt.min_frac_b > 0) {
    uint32_t content = 0, touched = 0;
    for (size_t j = 0; j < nb; ++j) {
      if (Bs[j]->headline || Bs[j]->quote_only) continue;
      ++content;
      for (size_t i = 0; i < na; ++i)
        if (sim[i * nb + j] >= kMinCosine) { ++touched; break; }
    }
    if (content == 0 || touched < opt.min_frac_b * content) return out;
  }
  // Blend in letter-level likeness: a reworded sentence keeps more of its source's letters
  // than another outlet's sentence stating the same fact. Pairs sharing (almost) no evidence
  // stay at 0, and their letters are not compared.
  for (size_t i = 0; i < na; ++i)
    for (size_t j = 0; j < nb; ++j) {
      float& c = sim[i * nb + j];
      c = c >= kMinCosine ? (1.0f - opt.char_weight) * c + opt.char_weight * char_dice(A.s[i].grams, B_as_given.s[j].grams) : 0.0f;
    }
  auto S = [&](size_t i, size_t j) { return sim[i * nb + j]; };
  auto gain = [&](size_t i, size_t j) { return S(i, j) >= opt.min_sim ? S(i, j) : -1.0f; };
  // Monotone path: dp[i][j] best score of A[0..i), B[0..j).
  std::vector<float> dp((na + 1) * (nb + 1), 0.0f);
  std::vector<uint8_t> mv((na + 1) * (nb + 1), 0);  // 1 skip a, 2 skip b, 3 match
  auto D = [&](size_t i, size_t j) -> float& { return dp[i * (nb + 1) + j]; };
  for (size_t i = 0; i <= na; ++i)
    for (size_t j = 0; j <= nb; ++j) {
      if (i == 0 && j == 0) continue;
      float best = -1e9f;
      uint8_t m = 0;
      if (i > 0 && D(i - 1, j) > best) best = D(i - 1, j), m = 1;
      if (j > 0 && D(i, j - 1) > best) best = D(i, j - 1), m = 2;
      if (i > 0 && j > 0 && gain(i - 1, j - 1) > 0 && D(i - 1, j - 1) + gain(i - 1, j - 1) > best)
        best = D(i - 1, j - 1) + gain(i - 1, j - 1), m = 3;
      D(i, j) = best;
      mv[i * (nb + 1) + j] = m;
    }
  std::vector<int> match_b(nb, -1);
  for (size_t i = na, j = nb; i > 0 || j > 0;) {
    uint8_t m = mv[i * (nb + 1) + j];
    if (m == 3) {
      match_b[j - 1] = static_cast<int>(i - 1);
      --i, --j;
    } else if (m == 1) {
      --i;
    } else {
      --j;
    }
  }
  float path = 0;
  for (size_t j = 0; j < nb; ++j)
    if (match_b[j] >= 0) {
      path += S(match_b[j], j);
      out.pairs.push_back({static_cast<uint32_t>(match_b[j]), static_cast<uint32_t>(j), S(match_b[j], j), true});
    }
  // Splits and merges: an unaligned b sentence may join a source sentence between the source
  // sentences its aligned neighbours use.
  for (size_t j = 0; j < nb; ++j) {
    if (match_b[j] >= 0 || Bs[j]->quote_only) continue;
    int lo = 0, hi = static_cast<int>(na) - 1;
    for (int k = static_cast<int>(j) - 1; k >= 0; --k)
      if (match_b[k] >= 0) { lo = match_b[k]; break; }
    for (size_t k = j + 1; k < nb; ++k)
      if (match_b[k] >= 0) { hi = match_b[k]; break; }
    int best = -1;
    float bs = 0;
    for (int i = lo; i <= hi; ++i)
      if (S(i, j) >= opt.min_sim && S(i, j) > bs) bs = S(i, j), best = i;
    if (best >= 0) out.pairs.push_back({static_cast<uint32_t>(best), static_cast<uint32_t>(j), bs, false});
  }
  std::sort(out.pairs.begin(), out.pairs.end(), [](const SentencePair& x, const SentencePair& y) { return x.b < y.b; });
  // Features.
  float free = 0, margin_sum = 0;
  std::vector<int> best_of_b;  // best source sentence of each b sentence that has one
  std::vector<std::pair<int, float>> best_b;  // per content b sentence: (best a or -1, its similarity)
  std::vector<uint32_t> content_b_index;      // b sentence of each entry of best_b
  for (size_t j = 0; j < nb; ++j) {
    if (Bs[j]->headline || Bs[j]->quote_only) continue;
    ++out.content_b;
    float best = 0, second = 0;
    int arg = -1;
    for (size_t i = 0; i < na; ++i) {
      if (S(i, j) > best) second = best, best = S(i, j), arg = static_cast<int>(i);
      else if (S(i, j) > second) second = S(i, j);
    }
    content_b_index.push_back(static_cast<uint32_t>(j));
    if (best >= opt.min_sim) {
      free += best;
      best_of_b.push_back(arg);
      margin_sum += best - second;
      best_b.emplace_back(arg, best);
    } else {
      best_b.emplace_back(-1, 0.0f);
    }
  }
  order_free_features(best_b, content_b_index, A, &out);
  {
    WordOverlap wo = word_overlap(A, B_as_given, out.region_begin, out.region_end);
    out.novel_specific = wo.novel_specific;
    out.novel_general = wo.novel_general;
    out.kept_specific = wo.kept_specific;
  }
  {
    float g = 0;
    uint32_t m = 0;
    for (size_t k = 0; k < best_b.size(); ++k) {
      uint32_t j = content_b_index[k];
      if (j < out.region_begin || j >= out.region_end || best_b[k].first < 0) continue;
      g += general_cosine(A.s[best_b[k].first], *Bs[j]);
      ++m;
    }
    out.general = m ? g / m : 0;
  }
  {  // longest non-decreasing subsequence of best matches (patience sorting)
    std::vector<int> tails;
    for (int v : best_of_b) {
      auto it = std::upper_bound(tails.begin(), tails.end(), v);
      if (it == tails.end()) tails.push_back(v);
      else *it = v;
    }
    out.lis = best_of_b.empty() ? 0 : static_cast<float>(tails.size()) / best_of_b.size();
    out.margin = best_of_b.empty() ? 0 : margin_sum / best_of_b.size();
  }
  for (size_t i = 0; i < na; ++i)
    if (!A.s[i].headline && !A.s[i].quote_only) ++out.content_a;
  std::vector<bool> used_a(na, false);
  uint32_t aligned_b = 0;
  float sum = 0, chars = 0, details = 0, back_details = 0;
  for (auto& p : out.pairs) {
    if (Bs[p.b]->headline) continue;
    ++aligned_b;
    sum += p.sim;
    chars += char_dice(A.s[p.a].grams, B_as_given.s[p.b].grams);
    details += weight_kept(A.s[p.a], *Bs[p.b]);
    back_details += weight_kept(*Bs[p.b], A.s[p.a]);
    if (!A.s[p.a].headline) used_a[p.a] = true;
  }
  uint32_t aligned_a = static_cast<uint32_t>(std::count(used_a.begin(), used_a.end(), true));
  out.frac_b = out.content_b ? static_cast<float>(aligned_b) / out.content_b : 0;
  out.frac_a = out.content_a ? static_cast<float>(aligned_a) / out.content_a : 0;
  out.mean_sim = aligned_b ? sum / aligned_b : 0;
  out.char_sim = aligned_b ? chars / aligned_b : 0;
  out.detail = aligned_b ? details / aligned_b : 0;
  out.back_detail = aligned_b ? back_details / aligned_b : 0;
  {
    float d = 0;
    uint32_t n = 0, tight = 0, consecutive = 0;
    const SentencePair* prev = nullptr;
    for (auto& p : out.pairs) {
      if (Bs[p.b]->headline) continue;
      d += std::fabs(static_cast<float>(p.a) / na - static_cast<float>(p.b) / nb);
      ++n;
      if (prev && p.b == prev->b + 1) {
        ++consecutive;
        if (p.a == prev->a + 1 || p.a == prev->a) ++tight;
      }
      prev = &p;
    }
    out.diag = n ? d / n : 1;
    out.steps = consecutive ? static_cast<float>(tight) / consecutive : 0;
    int fa = -1, fb = -1;
    for (size_t i = 0; i < na && fa < 0; ++i)
      if (!A.s[i].headline && !A.s[i].quote_only) fa = static_cast<int>(i);
    for (size_t j = 0; j < nb && fb < 0; ++j)
      if (!Bs[j]->headline && !Bs[j]->quote_only) fb = static_cast<int>(j);
    out.lede = fa >= 0 && fb >= 0 ? S(fa, fb) : 0;
  }
  out.order = free > 0 ? path / free : 0;
  out.log_pairs = std::log1p(static_cast<float>(aligned_b));
  out.log_content_a = std::log1p(static_cast<float>(out.content_a));
  out.log_content_b = std::log1p(static_cast<float>(out.content_b));
  out.path_score = out.content_b ? path / out.content_b : 0;
  if (is_passage_pair(out)) {
    std::vector<const SentenceVector*> As(na);
    for (size_t i = 0; i < na; ++i) As[i] = &A.s[i];
    WholeText pa = passage_of(As, A), pb = passage_of(Bs, B_as_given);
    out.passage_cos = cross_cosine(pa.v.terms, pa.v.qterms, pa.v.norm, pb.v.terms, pb.v.qterms, pb.v.norm);
    out.passage_dice = char_dice(pa.grams, pb.grams);
    out.passage_sim = (1.0f - opt.char_weight) * out.passage_cos + opt.char_weight * out.passage_dice;
  }
  return out;
}

SentenceAlignment reversed(SentenceAlignment al) {
  for (auto& p : al.pairs) std::swap(p.a, p.b);
  std::sort(al.pairs.begin(), al.pairs.end(),
            [](const SentencePair& x, const SentencePair& y) { return x.b != y.b ? x.b < y.b : x.a < y.a; });
  std::swap(al.content_a, al.content_b);
  std::swap(al.frac_a, al.frac_b);
  std::swap(al.log_content_a, al.log_content_b);
  al.reversed = !al.reversed;
  return al;
}

}  // namespace retrace
