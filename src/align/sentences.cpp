#include "align/sentences.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "clean/fold.h"
#include "clean/numbers.h"
#include "core/utf8.h"
#include "fingerprint/fingerprint.h"

namespace retrace {

DocSentences sentence_vectors(const Document& doc, const CleanDoc& c, const Lexicon& lex) {
  DocSentences out;
  const size_t n = c.sentences.size();
  out.s.resize(n);
  // Each sentence's raw evidence: (term, weight) of its content words (a term's weight is its
  // idf) and figures (by value; a later mention of the same value overrides an earlier one).
  struct Raw {
    uint64_t term;
    float w;
    uint32_t order;  // figures: mention order (words: 0)
    bool figure;
  };
  std::vector<std::vector<std::pair<uint64_t, float>>> raw(n);
  std::vector<Raw> tmp;
  std::vector<uint64_t> all_terms;
  for (size_t k = 0; k < n; ++k) {
    const Sentence& s = c.sentences[k];
    tmp.clear();
    for (uint32_t t = s.tok_begin; t < s.tok_end; ++t) {
      const Token& tok = c.tokens[t];
      if (tok.quoted()) continue;
      Lexicon::Word info = term_of(tok, lex);
      if (info.term == 0) continue;
      tmp.push_back({info.term, info.idf, 0, false});
    }
    uint32_t order = 0;
    for (const auto& num : find_numbers(doc.text, c, s.tok_begin, s.tok_end)) {
      if (c.tokens[num.tok_begin].quoted()) continue;
      char buf[48];
      std::snprintf(buf, sizeof buf, "#%.6g", num.value);
      tmp.push_back({term_hash(buf), num.year_like ? 2.5f : 5.0f, ++order, true});
    }
    std::sort(tmp.begin(), tmp.end(), [](const Raw& x, const Raw& y) {
      if (x.term != y.term) return x.term < y.term;
      if (x.figure != y.figure) return x.figure < y.figure;
      return x.order < y.order;
    });
    auto& m = raw[k];
    for (size_t i = 0; i < tmp.size();) {
      size_t j = i;
      float w = 0;
      bool figure = false;
      for (; j < tmp.size() && tmp[j].term == tmp[i].term; ++j) {
        if (tmp[j].figure) w = tmp[j].w, figure = true;  // the last mention (sorted by order)
        else if (!figure) w = std::max(w, tmp[j].w);
      }
      m.emplace_back(tmp[i].term, w);
      all_terms.push_back(tmp[i].term);
      i = j;
    }
    out.s[k].headline = s.headline;
    // Letters outside direct quotes: a quote kept verbatim is not evidence of rewording.
    for (uint32_t t = s.tok_begin; t < s.tok_end; ++t)
      if (!c.tokens[t].quoted()) out.s[k].skel += c.tokens[t].word;
    out.s[k].grams = char_grams(out.s[k].skel);
    out.s[k].quote_only = m.empty();
  }
  // Specificity inside the document: terms in many sentences weigh less.
  std::sort(all_terms.begin(), all_terms.end());
  auto sentences_with = [&](uint64_t h) {
    auto r = std::equal_range(all_terms.begin(), all_terms.end(), h);
    return static_cast<uint32_t>(r.second - r.first);
  };
  for (size_t k = 0; k < n; ++k) {
    auto& v = out.s[k];
    v.terms.reserve(raw[k].size());
    for (auto& [h, w] : raw[k]) {
      float spec = std::log(1.0f + static_cast<float>(n) / sentences_with(h));
      v.terms.emplace_back(h, w * spec);
    }
    float sq = 0;
    for (auto& [h, w] : v.terms) sq += w * w;
    v.norm = std::sqrt(sq);
  }
  return out;
}

float cosine(const SentenceVector& x, const SentenceVector& y) {
  if (x.norm == 0 || y.norm == 0) return 0;
  float dot = 0;
  for_each_shared_term(x, y, [&](float wx, float wy) { dot += wx * wy; });
  return dot / (x.norm * y.norm);
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
constexpr float kMinCosine = 0.05f;  // sentence pairs below share too little evidence to align

// Share of x's evidence weight whose terms y has too.
float weight_kept(const SentenceVector& x, const SentenceVector& y) {
  float mass = 0, kept = 0;
  for (auto& [h, w] : x.terms) mass += w;
  for_each_shared_term(x, y, [&](float wx, float) { kept += wx; });
  return mass > 0 ? kept / mass : 0;
}
}  // namespace

SentenceAlignment align_sentences(const DocSentences& A, const DocSentences& B, const SentenceAlignmentOptions& opt) {
  SentenceAlignment out;
  const size_t na = A.s.size(), nb = B.s.size();
  if (na == 0 || nb == 0) return out;
  std::vector<float> sim(na * nb, 0.0f);
  for (size_t i = 0; i < na; ++i)
    for (size_t j = 0; j < nb; ++j) sim[i * nb + j] = cosine(A.s[i], B.s[j]);
  if (opt.min_frac_b > 0) {
    uint32_t content = 0, touched = 0;
    for (size_t j = 0; j < nb; ++j) {
      if (B.s[j].headline || B.s[j].quote_only) continue;
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
      c = c >= kMinCosine ? (1.0f - opt.char_weight) * c + opt.char_weight * char_dice(A.s[i].grams, B.s[j].grams) : 0.0f;
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
    if (match_b[j] >= 0 || B.s[j].quote_only) continue;
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
  for (size_t j = 0; j < nb; ++j) {
    if (B.s[j].headline || B.s[j].quote_only) continue;
    ++out.content_b;
    float best = 0, second = 0;
    int arg = -1;
    for (size_t i = 0; i < na; ++i) {
      if (S(i, j) > best) second = best, best = S(i, j), arg = static_cast<int>(i);
      else if (S(i, j) > second) second = S(i, j);
    }
    if (best >= opt.min_sim) {
      free += best;
      best_of_b.push_back(arg);
      margin_sum += best - second;
    }
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
    if (B.s[p.b].headline) continue;
    ++aligned_b;
    sum += p.sim;
    chars += char_dice(A.s[p.a].grams, B.s[p.b].grams);
    details += weight_kept(A.s[p.a], B.s[p.b]);
    back_details += weight_kept(B.s[p.b], A.s[p.a]);
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
      if (B.s[p.b].headline) continue;
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
      if (!B.s[j].headline && !B.s[j].quote_only) fb = static_cast<int>(j);
    out.lede = fa >= 0 && fb >= 0 ? S(fa, fb) : 0;
  }
  out.order = free > 0 ? path / free : 0;
  out.path_score = out.content_b ? path / out.content_b : 0;
  return out;
}

}  // namespace retrace
