// write/jsonl_writer.h — the write stage: relations out as JSON Lines, clusters as groups.
//
// Offsets become Unicode code point offsets into each document's text, half-open; the
// source and copy texts of every change are included so a reader needs no second lookup.
// The schema is docs/format.md.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/relation.h"

namespace retrace {

// Appends one relation as a JSON object (no newline).
void relation_to_json(const Corpus& corpus, const Relation& r, std::string& out);

// Writes all relations, one per line.
void write_relations(const Corpus& corpus, const std::vector<Relation>& rels, std::ostream& out);

// Groups of documents tied by derived relations (not same_story), one JSON object per line:
// {"cluster": N, "size": K, "root": ID, "documents": [ID...], "relations": {KIND: COUNT}}.
// The root is the earliest dated member, else the member no relation names as a copy.
void write_clusters(const Corpus& corpus, const std::vector<Relation>& rels, std::ostream& out);

}  // namespace retrace
