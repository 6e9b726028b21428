#include "align/surface.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>

#include "clean/fold.h"

namespace retrace {
namespace {

struct Block {
  uint32_t a, b, len;
};

using Seed = std::pair<uint64_t, uint32_t>;

// Greedy maximal runs of b found in a, in b order.
std::vector<Block> find_blocks(const std::string& sa, const std::vector<Seed>& seeds, const std::string& sb, uint32_t k) {
  std::vector<Block> blocks;
  if (sa.size() < k || sb.size() < k) return blocks;
  uint32_t p = 0;
  uint32_t expect_a = UINT32_MAX;  // where a continuation of the last block would start
  while (p + k <= sb.size()) {
    uint64_t h = XXH3_64bits(sb.data() + p, k);
    auto it = std::lower_bound(seeds.begin(), seeds.end(), Seed{h, 0});
    uint32_t best_len = 0, best_a = 0;
    for (int tries = 0; it != seeds.end() && it->first == h && tries < 32; ++it, ++tries) {
      uint32_t q = it->second;
      uint32_t len = 0;
      while (q + len < sa.size() && p + len < sb.size() && sa[q + len] == sb[p + len]) ++len;
      // prefer the longest run; on ties the one nearest the expected continuation
      bool better = len > best_len ||
                    (len == best_len && expect_a != UINT32_MAX &&
                     (q > expect_a ? q - expect_a : expect_a - q) < (best_a > expect_a ? best_a - expect_a : expect_a - best_a));
      if (better) {
        best_len = len;
        best_a = q;
      }
    }
    if (best_len >= k) {
      blocks.push_back({best_a, p, best_len});
      p += best_len;
      expect_a = best_a + best_len;
    } else {
      ++p;
    }
  }
  return blocks;
}

float union_cover(std::vector<Span> spans, size_t total) {
  if (total == 0) return 0;
  std::sort(spans.begin(), spans.end(), [](const Span& x, const Span& y) { return x.begin < y.begin; });
  uint64_t covered = 0;
  uint32_t cur_b = 0, cur_e = 0;
  bool open = false;
  for (auto& s : spans) {
    if (open && s.begin <= cur_e) {
      cur_e = std::max(cur_e, s.end);
    } else {
      if (open) covered += cur_e - cur_b;
      cur_b = s.begin;
      cur_e = s.end;
      open = true;
    }
  }
  if (open) covered += cur_e - cur_b;
  return static_cast<float>(static_cast<double>(covered) / total);
}

}  // namespace

bool in_spans(const std::vector<Span>& spans, uint32_t pos) {
  auto it = std::upper_bound(spans.begin(), spans.end(), pos, [](uint32_t p, const Span& s) { return p < s.begin; });
  if (it == spans.begin()) return false;
  --it;
  return pos >= it->begin && pos < it->end;
}

SurfaceSeeds surface_seeds(const CleanDoc& c, uint32_t k) {
  SurfaceSeeds s;
  if (c.skel.size() < k) return s;
  s.grams.reserve(c.skel.size() - k + 1);
  for (uint32_t i = 0; i + k <= c.skel.size(); ++i) s.grams.emplace_back(XXH3_64bits(c.skel.data() + i, k), i);
  std::sort(s.grams.begin(), s.grams.end());
  return s;
}

SurfaceAlignment align_surface(const Document& a, const CleanDoc& ca, const Document& b, const CleanDoc& cb,
                               const SurfaceOptions& opt, const SurfaceSeeds* seeds_a) {
  SurfaceAlignment out;
  SurfaceSeeds local;
  if (!seeds_a || opt.seed != SurfaceOptions{}.seed) {
    local = surface_seeds(ca, opt.seed);
    seeds_a = &local;
  }
  auto blocks = find_blocks(ca.skel, seeds_a->grams, cb.skel, opt.seed);
  // Chain blocks into passages: next block follows on both sides within max_gap, roughly on
  // the same diagonal.
  size_t i = 0;
  while (i < blocks.size()) {
    size_t j = i + 1;
    uint32_t a_end = blocks[i].a + blocks[i].len, b_end = blocks[i].b + blocks[i].len;
    uint32_t matched = blocks[i].len;
    while (j < blocks.size()) {
      const Block& n = blocks[j];
      if (n.a < a_end || n.b < b_end) break;
      uint32_t ga = n.a - a_end, gb = n.b - b_end;
      // A gap is bridged when the runs around it are long compared to it: OCR noise or a
      // changed word inside copied text, not a shared name inside reworded text.
      uint32_t around = std::min(blocks[j - 1].len, n.len);
      uint32_t allowed = std::min(opt.max_gap, std::max<uint32_t>(8, around));
      if (ga > allowed || gb > allowed) break;
      if ((ga > gb ? ga - gb : gb - ga) > allowed / 2 + 2) break;
      a_end = n.a + n.len;
      b_end = n.b + n.len;
      matched += n.len;
      ++j;
    }
    // Trim the passage to whole words: a run may start or end inside a word that merely
    // shares its first or last letters ("...MPs." | "s. Mr Howard").
    Span sa{blocks[i].a, a_end}, sb{blocks[i].b, b_end};
    auto joined = [](const CleanDoc& c, const std::string& text, uint32_t k) {  // skel k-1 and k in one word
      uint32_t from = c.skel_end(text, k - 1), to = c.skel_pos[k];
      for (uint32_t x = from; x < to; ++x)
        if (!(static_cast<unsigned char>(text[x]) & 0x80) && !std::isalnum(static_cast<unsigned char>(text[x])))
          return false;
      return true;
    };
    while (sa.size() > 0 && sa.begin > 0 && sb.begin > 0 &&
           (joined(ca, a.text, sa.begin) || joined(cb, b.text, sb.begin)))
      ++sa.begin, ++sb.begin, --matched;
    while (sa.size() > 0 && sa.end < ca.skel.size() && sb.end < cb.skel.size() &&
           (joined(ca, a.text, sa.end) || joined(cb, b.text, sb.end)))
      --sa.end, --sb.end, --matched;
    if (matched >= opt.min_passage && sa.size() > 0) {
      Passage p;
      p.source = Span{ca.skel_pos[sa.begin], ca.skel_end(a.text, sa.end - 1)};
      p.copy = Span{cb.skel_pos[sb.begin], cb.skel_end(b.text, sb.end - 1)};
      std::string wa = fold_words(std::string_view(a.text).substr(p.source.begin, p.source.size()));
      std::string wb = fold_words(std::string_view(b.text).substr(p.copy.begin, p.copy.size()));
      p.kind = (j == i + 1 && wa == wb) ? PassageKind::kVerbatim : PassageKind::kNoisy;
      p.similarity = static_cast<float>(matched) / std::max(sa.size(), sb.size());
      out.passages.push_back(p);
      out.skel_a.push_back(sa);
      out.skel_b.push_back(sb);
      uint32_t unquoted = 0;
      for (uint32_t k = sa.begin; k < sa.end; ++k)
        if (!in_spans(ca.quotes, ca.skel_pos[k])) ++unquoted;
      out.unquoted_a += unquoted;
      if (unquoted > out.longest_unquoted) {
        out.longest_unquoted = unquoted;
        out.longest = sa.size();
      }
    }
    i = j;
  }
  out.cov_a = union_cover(out.skel_a, ca.skel.size());
  out.cov_b = union_cover(out.skel_b, cb.skel.size());
  return out;
}

}  // namespace retrace
