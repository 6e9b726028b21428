#include "relate/select.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace retrace {

Innovations shared_innovations(const std::vector<uint64_t>& s, const std::vector<uint64_t>& c,
                               const std::vector<uint64_t>& x) {
  auto has = [](const std::vector<uint64_t>& v, uint64_t w) { return std::binary_search(v.begin(), v.end(), w); };
  Innovations in;
  size_t carried = 0;
  for (uint64_t w : c)
    if (!has(s, w)) {
      ++in.innovations;
      carried += has(x, w);
    }
  if (in.innovations) in.carried_innovations = static_cast<double>(carried) / in.innovations;
  carried = 0;
  for (uint64_t w : s)
    if (!has(c, w)) {
      ++in.drops;
      carried += has(x, w);
    }
  if (in.drops) in.carried_drops = static_cast<double>(carried) / in.drops;
  return in;
}

size_t drop_redundant_sources(std::vector<Relation>& rels, const WordsOf& words, const SelectOptions& opt) {
  std::set<std::pair<DocId, DocId>> tied;  // surface relations, both orders
  for (const auto& r : rels)
    if (r.kind == RelationKind::kDuplicate || r.kind == RelationKind::kReprint || r.kind == RelationKind::kExcerpt) {
      tied.insert({r.source, r.copy});
      tied.insert({r.copy, r.source});
    }
  std::unordered_map<DocId, size_t> best;  // copy -> index of its strongest rewrite
  for (size_t i = 0; i < rels.size(); ++i) {
    if (rels[i].kind != RelationKind::kRewrite) continue;
    auto [it, fresh] = best.emplace(rels[i].copy, i);
    if (!fresh && rels[i].score > rels[it->second].score) it->second = i;
  }
  // Derived relations by copy: (source, score), and which of them are dated.
  std::unordered_map<DocId, std::vector<std::pair<DocId, float>>> sources_of;
  std::set<std::pair<DocId, DocId>> dated;
  std::set<std::pair<DocId, DocId>> derived;  // (source, copy)
  for (const auto& r : rels)
    if (r.kind != RelationKind::kSameStory) {
      sources_of[r.copy].emplace_back(r.source, r.score);
      derived.insert({r.source, r.copy});
      if (r.direction == Direction::kDated) dated.insert({r.source, r.copy});
    }
  std::vector<bool> drop(rels.size(), false);
  for (size_t i = 0; i < rels.size(); ++i) {
    const Relation& r = rels[i];
    if (r.kind != RelationKind::kRewrite) continue;
    size_t b = best[r.copy];
    if (b != i && tied.count({r.source, rels[b].source})) drop[i] = true;
    // Siblings: x -> c where some s is the source of both x and c, and c matches s at least as
    // well as it matches x. Two copies of one story resemble each other through it; a copy of a
    // copy matches the copy better than the original and stays.
    for (auto [s, score] : sources_of[r.copy])
      if (s != r.source && score >= r.score && derived.count({s, r.source})) drop[i] = true;
  }
  std::unordered_map<DocId, std::vector<uint64_t>> memo;
  auto words_of = [&](DocId d) -> const std::vector<uint64_t>& {
    auto it = memo.find(d);
    if (it == memo.end()) it = memo.emplace(d, words(d)).first;
    return it->second;
  };
  // Shared innovations: a rewrite c -> x where s -> c, x not carrying more of c's changes than
  // of what c left out of s, resembles c through s. Only where the dates say s, c, x came in
  // that order: an undated pair's direction is a guess, and so would the chain be.
  if (words) {
    for (size_t i = 0; i < rels.size(); ++i) {
      const Relation& r = rels[i];
      if (drop[i] || r.kind != RelationKind::kRewrite || r.direction != Direction::kDated) continue;
      auto it = sources_of.find(r.source);
      if (it == sources_of.end()) continue;
      for (const auto& sc : it->second) {
        if (sc.first == r.copy || !dated.count({sc.first, r.source})) continue;
        Innovations in = shared_innovations(words_of(sc.first), words_of(r.source), words_of(r.copy));
        if (in.innovations >= opt.innovation_min_words && in.drops >= opt.innovation_min_words &&
            in.carried_drops >= in.carried_innovations) {
          drop[i] = true;
          break;
        }
      }
    }
  }
  // Two sources of one copy: x -> c and s -> c, x and s not derived one from the other (two
  // outlets' reports of one event). x stands only if c carries as large a share of x's own words
  // (those s has not) as of s's own words (those x has not): else c took s's text, and resembles
  // x through the facts both report.
  if (words) {
    std::set<std::pair<DocId, DocId>> kept;  // derived relations not dropped above
    for (size_t i = 0; i < rels.size(); ++i)
      if (!drop[i] && rels[i].kind != RelationKind::kSameStory) kept.insert({rels[i].source, rels[i].copy});
    for (size_t i = 0; i < rels.size(); ++i) {
      const Relation& r = rels[i];
      if (drop[i] || r.kind != RelationKind::kRewrite) continue;
      for (auto [s, score] : sources_of[r.copy]) {
        if (s == r.source || !kept.count({s, r.copy}) || derived.count({s, r.source}) || derived.count({r.source, s}))
          continue;
        // shared_innovations(s, x, c): x's own words are its "innovations", s's its "drops".
        const auto &xw = words_of(r.source), &sw = words_of(s);
        Innovations in = shared_innovations(sw, xw, words_of(r.copy));
        if (xw.empty() || sw.empty()) continue;
        const double shared = static_cast<double>(xw.size() - in.innovations);  // words of x that s has
        if (shared < opt.two_sources_min_shared * static_cast<double>(std::max(xw.size(), sw.size()))) continue;
        if (in.innovations >= opt.innovation_min_words && in.drops >= opt.innovation_min_words &&
            in.carried_innovations < in.carried_drops) {
          drop[i] = true;
          break;
        }
      }
    }
  }
  size_t removed = 0, k = 0;
  for (size_t i = 0; i < rels.size(); ++i) {
    if (drop[i]) { ++removed; continue; }
    if (k != i) rels[k] = std::move(rels[i]);
    ++k;
  }
  rels.resize(k);
  return removed;
}

}  // namespace retrace
