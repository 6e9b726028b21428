#include "relate/select.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace retrace {

size_t drop_redundant_sources(std::vector<Relation>& rels) {
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
  // Derived relations by copy: (source, score).
  std::unordered_map<DocId, std::vector<std::pair<DocId, float>>> sources_of;
  std::set<std::pair<DocId, DocId>> derived;  // (source, copy)
  for (const auto& r : rels)
    if (r.kind != RelationKind::kSameStory) {
      sources_of[r.copy].emplace_back(r.source, r.score);
      derived.insert({r.source, r.copy});
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
