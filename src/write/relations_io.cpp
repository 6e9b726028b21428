#include "write/relations_io.h"

#include <simdjson.h>

#include <cmath>
#include <memory>
#include <unordered_map>

#include "core/utf8.h"
#include "read/line_source.h"
#include "read/reader.h"

namespace retrace {

ByteOffsetIndex::ByteOffsetIndex(std::string_view text) : text_(text) {
  byte_at_.reserve(text.size() / kStep + 2);
  uint32_t cps = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (cps % kStep == 0) byte_at_.push_back(static_cast<uint32_t>(i));
    ++cps;
  }
  code_points_ = cps;
}

bool ByteOffsetIndex::to_byte(uint32_t cp, uint32_t* byte) const {
  if (cp > code_points_) return false;
  if (cp == code_points_) { *byte = static_cast<uint32_t>(text_.size()); return true; }
  size_t i = byte_at_[cp / kStep];
  for (uint32_t k = cp - cp % kStep; k < cp; ++k) {  // step over whole code points
    ++i;
    while (i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80) ++i;
  }
  *byte = static_cast<uint32_t>(i);
  return true;
}

namespace {

// A reason to skip a line: short key plus detail, as in read/reader.h's Problem.
struct LineError {
  std::string reason, detail;
};

bool parse_passage_kind(std::string_view s, PassageKind* out) {
  for (auto k : {PassageKind::kVerbatim, PassageKind::kNoisy, PassageKind::kParaphrase})
    if (s == to_string(k)) { *out = k; return true; }
  return false;
}

bool parse_direction(std::string_view s, Direction* out) {
  for (auto d : {Direction::kDated, Direction::kInferred, Direction::kUnknown})
    if (s == to_string(d)) { *out = d; return true; }
  return false;
}

// Turns one parsed line into a Relation; resolves ids and converts offsets.
class LineParser {
 public:
  explicit LineParser(const Corpus& corpus) : corpus_(corpus) {
    ids_.reserve(corpus.docs.size());
    for (DocId i = 0; i < corpus.docs.size(); ++i) ids_.emplace(corpus.docs[i].id, i);
  }

  // Takes a parsed JSON value; gives the relation in *rel, or false with *err set.
  bool parse(simdjson::dom::element el, Relation* rel, LineError* err) {
    err_ = err;
    simdjson::dom::object obj;
    if (el.get_object().get(obj)) return fail("not JSON", "the line is JSON but not an object");

    std::string kind;
    if (!doc_field(obj, "source", &rel->source) || !doc_field(obj, "copy", &rel->copy)) return false;
    if (!string_field(obj, "relation", true, &kind)) return false;
    if (!parse_relation_kind(kind, &rel->kind))
      return fail("bad field", "unknown relation kind '" + kind + "'");
    if (rel->source == rel->copy)
      return fail("bad field", "source and copy are the same document '" + corpus_.docs[rel->source].id + "'");

    std::string dir;
    if (!string_field(obj, "direction", false, &dir)) return false;
    if (!dir.empty() && !parse_direction(dir, &rel->direction))
      return fail("bad field", "unknown direction '" + dir + "'");
    if (!number_field(obj, "score", &rel->score)) return false;

    simdjson::dom::element v;
    if (obj["coverage"].get(v) == simdjson::SUCCESS) {
      simdjson::dom::object cov;
      if (v.get_object().get(cov)) return fail("bad field", "\"coverage\" is not an object");
      if (!number_field(cov, "source", &rel->coverage_source) ||
          !number_field(cov, "copy", &rel->coverage_copy))
        return false;
    }
    return passages(obj, rel) && changes(obj, rel);
  }

 private:
  bool fail(std::string reason, std::string detail) {
    *err_ = {std::move(reason), std::move(detail)};
    return false;
  }

  const ByteOffsetIndex& index_of(DocId d) {
    auto it = offsets_.find(d);
    if (it == offsets_.end())
      it = offsets_.emplace(d, std::make_unique<ByteOffsetIndex>(corpus_.docs[d].text)).first;
    return *it->second;
  }

  // A string or integer id naming a corpus document.
  bool doc_field(simdjson::dom::object obj, const char* key, DocId* out) {
    simdjson::dom::element v;
    if (obj[key].get(v)) return fail("bad field", std::string("missing \"") + key + "\"");
    std::string id;
    std::string_view sv;
    if (v.get_string().get(sv) == simdjson::SUCCESS) id.assign(sv);
    else if (v.is_int64() || v.is_uint64()) id = simdjson::to_string(v);
    else return fail("bad field", std::string("\"") + key + "\" is not a string or integer id");
    auto it = ids_.find(id);
    if (it == ids_.end())
      return fail("unknown id", std::string(key) + " id '" + id + "' is not in the corpus");
    *out = it->second;
    return true;
  }

  bool string_field(simdjson::dom::object obj, const char* key, bool required, std::string* out) {
    simdjson::dom::element v;
    if (obj[key].get(v)) {
      if (required) return fail("bad field", std::string("missing \"") + key + "\"");
      return true;
    }
    std::string_view sv;
    if (v.get_string().get(sv)) return fail("bad field", std::string("\"") + key + "\" is not a string");
    out->assign(sv);
    return true;
  }

  // Optional number; leaves *out alone if the key is absent.
  bool number_field(simdjson::dom::object obj, const char* key, float* out) {
    simdjson::dom::element v;
    if (obj[key].get(v)) return true;
    double d;
    if (v.get_double().get(d) != simdjson::SUCCESS) {
      int64_t i;
      if (v.get_int64().get(i) != simdjson::SUCCESS)
        return fail("bad field", std::string("\"") + key + "\" is not a number");
      d = static_cast<double>(i);
    }
    if (!std::isfinite(d)) return fail("bad field", std::string("\"") + key + "\" is not finite");
    *out = static_cast<float>(d);
    return true;
  }

  // `what` names the span in messages ("passages[2].copy"). An empty array gives an empty
  // span when allow_empty; otherwise [BEGIN, END] code points, converted to bytes of doc.
  bool span(simdjson::dom::element v, DocId doc, bool allow_empty, const std::string& what,
            Span* out) {
    simdjson::dom::array a;
    if (v.get_array().get(a)) return fail("bad offsets", what + " is not an array");
    if (a.size() == 0 && allow_empty) { *out = {}; return true; }
    if (a.size() != 2) return fail("bad offsets", what + " is not [BEGIN, END]");
    uint64_t cp[2];
    for (int k = 0; k < 2; ++k)
      if (a.at(k).get_uint64().get(cp[k]))
        return fail("bad offsets", what + " has an offset that is not a non-negative integer");
    const auto& idx = index_of(doc);
    if (cp[0] > cp[1])
      return fail("bad offsets", what + " [" + std::to_string(cp[0]) + ", " + std::to_string(cp[1]) +
                                     "] ends before it begins");
    if (cp[1] > idx.code_points())
      return fail("bad offsets", what + " [" + std::to_string(cp[0]) + ", " + std::to_string(cp[1]) +
                                     "] is outside the text of '" + corpus_.docs[doc].id + "' (" +
                                     std::to_string(idx.code_points()) + " code points)");
    idx.to_byte(static_cast<uint32_t>(cp[0]), &out->begin);
    idx.to_byte(static_cast<uint32_t>(cp[1]), &out->end);
    return true;
  }

  // An optional array of objects under `key`; calls each(object, "key[i]") for every item.
  template <class F>
  bool each_object(simdjson::dom::object obj, const char* key, F each) {
    simdjson::dom::element v;
    if (obj[key].get(v)) return true;
    simdjson::dom::array a;
    if (v.get_array().get(a)) return fail("bad field", std::string("\"") + key + "\" is not an array");
    size_t i = 0;
    for (auto item : a) {
      std::string name = std::string(key) + "[" + std::to_string(i++) + "]";
      simdjson::dom::object o;
      if (item.get_object().get(o)) return fail("bad field", name + " is not an object");
      if (!each(o, name)) return false;
    }
    return true;
  }

  bool passages(simdjson::dom::object obj, Relation* rel) {
    return each_object(obj, "passages", [&](simdjson::dom::object o, const std::string& name) {
      Passage p;
      simdjson::dom::element s, c;
      if (o["source"].get(s) || o["copy"].get(c))
        return fail("bad offsets", name + " needs \"source\" and \"copy\" spans");
      if (!span(s, rel->source, false, name + ".source", &p.source) ||
          !span(c, rel->copy, false, name + ".copy", &p.copy))
        return false;
      std::string kind;
      if (!string_field(o, "kind", false, &kind)) return false;
      if (!kind.empty() && !parse_passage_kind(kind, &p.kind))
        return fail("bad field", name + ": unknown passage kind '" + kind + "'");
      if (!number_field(o, "similarity", &p.similarity)) return false;
      rel->passages.push_back(p);
      return true;
    });
  }

  bool changes(simdjson::dom::object obj, Relation* rel) {
    return each_object(obj, "changes", [&](simdjson::dom::object o, const std::string& name) {
      Change ch{};
      std::string kind;
      if (!string_field(o, "kind", true, &kind)) return false;
      if (!parse_change_kind(kind, &ch.kind))
        return fail("bad field", name + ": unknown change kind '" + kind + "'");
      simdjson::dom::element v;
      if (o["copy"].get(v) == simdjson::SUCCESS && !span(v, rel->copy, true, name + ".copy", &ch.copy))
        return false;
      if (o["source"].get(v) == simdjson::SUCCESS &&
          !span(v, rel->source, true, name + ".source", &ch.source))
        return false;
      if (!string_field(o, "detail", false, &ch.detail)) return false;
      rel->changes.push_back(std::move(ch));
      return true;
    });
  }

  const Corpus& corpus_;
  std::unordered_map<std::string_view, DocId> ids_;
  std::unordered_map<DocId, std::unique_ptr<ByteOffsetIndex>> offsets_;  // built on first use
  LineError* err_ = nullptr;
};

}  // namespace

RelationsReadResult read_relations(const std::string& path, const Corpus& corpus) {
  RelationsReadResult result;
  auto src = open_lines(path);
  const std::string name = path == "-" ? "<stdin>" : path;
  LineParser parser(corpus);
  simdjson::dom::parser json;
  std::string line;
  uint64_t lineno = 0;
  while (src->next(line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++result.lines;
    LineError err;
    Relation rel;
    simdjson::dom::element el;
    bool ok;
    if (!utf8_valid(line)) {
      err = {"not JSON", "invalid UTF-8"};
      ok = false;
    } else if (auto e = json.parse(line).get(el)) {
      err = {"not JSON", simdjson::error_message(e)};
      ok = false;
    } else {
      ok = parser.parse(el, &rel, &err);
    }
    if (ok) result.relations.push_back(std::move(rel));
    else result.problems.push_back(name + ":" + std::to_string(lineno) + ": " + err.reason + ": " + err.detail);
  }
  return result;
}

}  // namespace retrace
