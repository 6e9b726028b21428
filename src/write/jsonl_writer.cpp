#include "write/jsonl_writer.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>
#include <unordered_map>

#include "core/utf8.h"

namespace retrace {
namespace {

void span_json(const CodePointIndex& idx, Span s, bool present, std::string& out) {
  if (!present) {
    out += "[]";
    return;
  }
  out += '[';
  out += std::to_string(idx.to_cp(s.begin));
  out += ',';
  out += std::to_string(idx.to_cp(s.end));
  out += ']';
}

void num(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  out += buf;
}

}  // namespace

void relation_to_json(const Corpus& corpus, const Relation& r, std::string& out) {
  Document bs, bc;
  const Document& S = corpus.full(r.source, &bs);
  const Document& C = corpus.full(r.copy, &bc);
  CodePointIndex is(S.text), ic(C.text);
  out += "{\"source\":";
  json_escape(out, S.id);
  out += ",\"copy\":";
  json_escape(out, C.id);
  out += ",\"relation\":\"";
  out += to_string(r.kind);
  out += "\",\"score\":";
  num(out, r.score);
  out += ",\"direction\":\"";
  out += to_string(r.direction);
  out += "\",\"coverage\":{\"source\":";
  num(out, r.coverage_source);
  out += ",\"copy\":";
  num(out, r.coverage_copy);
  if (r.kind == RelationKind::kRewrite && r.form == RewriteForm::kEmbedded) {
    out += ",\"region\":";
    num(out, r.coverage_region);
  }
  out += "}";
  if (r.kind == RelationKind::kRewrite) {
    out += ",\"form\":\"";
    out += to_string(r.form);
    out += '"';
    if (r.form == RewriteForm::kEmbedded) {
      out += ",\"region\":{\"copy\":";
      span_json(ic, r.region, true, out);
      out += '}';
    }
  }
  if (!S.date.empty()) { out += ",\"source_date\":"; json_escape(out, S.date); }
  if (!C.date.empty()) { out += ",\"copy_date\":"; json_escape(out, C.date); }
  if (!S.source.empty()) { out += ",\"source_outlet\":"; json_escape(out, S.source); }
  if (!C.source.empty()) { out += ",\"copy_outlet\":"; json_escape(out, C.source); }
  out += ",\"passages\":[";
  for (size_t i = 0; i < r.passages.size(); ++i) {
    const Passage& p = r.passages[i];
    if (i) out += ',';
    out += "{\"source\":";
    span_json(is, p.source, true, out);
    out += ",\"copy\":";
    span_json(ic, p.copy, true, out);
    out += ",\"kind\":\"";
    out += to_string(p.kind);
    out += "\",\"similarity\":";
    num(out, p.similarity);
    out += '}';
  }
  out += "],\"changes\":[";
  for (size_t i = 0; i < r.changes.size(); ++i) {
    const Change& c = r.changes[i];
    bool has_copy = c.kind != ChangeKind::kDropped, has_src = c.kind != ChangeKind::kAdded;
    if (i) out += ',';
    out += "{\"kind\":\"";
    out += to_string(c.kind);
    out += "\",\"copy\":";
    span_json(ic, c.copy, has_copy, out);
    out += ",\"copy_text\":";
    json_escape(out, has_copy ? std::string_view(C.text).substr(c.copy.begin, c.copy.size()) : std::string_view());
    out += ",\"source\":";
    span_json(is, c.source, has_src, out);
    out += ",\"source_text\":";
    json_escape(out, has_src ? std::string_view(S.text).substr(c.source.begin, c.source.size()) : std::string_view());
    if (!c.detail.empty()) {
      out += ",\"detail\":";
      json_escape(out, c.detail);
    }
    out += '}';
  }
  out += "]}";
}

void write_relations(const Corpus& corpus, const std::vector<Relation>& rels, std::ostream& out) {
  std::string line;
  for (const auto& r : rels) {
    line.clear();
    relation_to_json(corpus, r, line);
    line += '\n';
    out << line;
  }
}

void write_clusters(const Corpus& corpus, const std::vector<Relation>& rels, std::ostream& out) {
  const size_t n = corpus.docs.size();
  std::vector<DocId> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](DocId x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<bool> is_copy(n, false), touched(n, false);
  for (const auto& r : rels) {
    if (r.kind == RelationKind::kSameStory) continue;
    parent[find(r.source)] = find(r.copy);
    if (r.direction != Direction::kUnknown) is_copy[r.copy] = true;
    touched[r.source] = touched[r.copy] = true;
  }
  std::map<DocId, std::vector<DocId>> groups;  // keyed by the smallest member, for a stable order
  std::unordered_map<DocId, DocId> root_min;
  for (DocId d = 0; d < n; ++d) {
    if (!touched[d]) continue;
    DocId root = find(d);
    auto [it, fresh] = root_min.emplace(root, d);
    groups[it->second].push_back(d);
  }
  std::map<DocId, std::map<std::string, int>> kinds;
  for (const auto& r : rels)
    if (r.kind != RelationKind::kSameStory) ++kinds[root_min[find(r.source)]][to_string(r.kind)];
  size_t id = 0;
  std::string line;
  for (auto& [key, members] : groups) {
    DocId root = members[0];
    for (DocId d : members) {
      const Document& a = corpus.docs[d];
      const Document& b = corpus.docs[root];
      bool earlier = a.has_time() && (!b.has_time() || a.time < b.time);
      bool same_time = a.has_time() == b.has_time() && a.time == b.time;
      if (earlier || (same_time && is_copy[root] && !is_copy[d])) root = d;
    }
    line = "{\"cluster\":" + std::to_string(id++) + ",\"size\":" + std::to_string(members.size()) + ",\"root\":";
    json_escape(line, corpus.docs[root].id);
    line += ",\"documents\":[";
    for (size_t i = 0; i < members.size(); ++i) {
      if (i) line += ',';
      json_escape(line, corpus.docs[members[i]].id);
    }
    line += "],\"relations\":{";
    bool first = true;
    for (auto& [k, c] : kinds[key]) {
      if (!first) line += ',';
      first = false;
      json_escape(line, k);
      line += ':' + std::to_string(c);
    }
    line += "}}\n";
    out << line;
  }
}

}  // namespace retrace
