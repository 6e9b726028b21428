// write/relations_io.h — reading a relations file (JSON Lines written by `retrace detect`)
// back into Relations over a Corpus, for the report stage.
//
// The file has one relation object per line (see docs/report.md for the format). Its
// offsets are Unicode code point offsets, half-open, into each document's text; they come
// back as byte offsets (core/relation.h). A bad line (not JSON, unknown id, offsets outside
// the text, unknown relation kind, ...) is skipped with a message naming file and line;
// reading never stops early because of one.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"
#include "core/relation.h"

namespace retrace {

// Maps code point offsets of one text to byte offsets (the inverse of CodePointIndex).
// Build once per text: O(n / 64) memory; each lookup walks at most 64 code points.
class ByteOffsetIndex {
 public:
  explicit ByteOffsetIndex(std::string_view text);
  // Number of code points in the text.
  uint32_t code_points() const { return code_points_; }
  // Byte offset of code point offset cp (cp == code_points() gives the text's size).
  // Returns false, leaving *byte alone, if cp > code_points().
  bool to_byte(uint32_t cp, uint32_t* byte) const;

 private:
  static constexpr uint32_t kStep = 64;
  std::string_view text_;
  std::vector<uint32_t> byte_at_;  // byte offset of code point k * kStep
  uint32_t code_points_ = 0;
};

struct RelationsReadResult {
  std::vector<Relation> relations;    // the good lines, in file order
  std::vector<std::string> problems;  // one per skipped line: "<file>:<line>: <reason>: <detail>"
  uint64_t lines = 0;                 // non-blank lines seen
};

// Reads the relations file at `path` (plain, .gz or .zst; "-" is standard input) and
// resolves its ids against `corpus`. Takes: the path and the corpus the relations were
// detected on. Gives: the valid relations (byte offsets) and a message per skipped line.
// Throws InputError (read/reader.h) if the file cannot be opened or read at all.
RelationsReadResult read_relations(const std::string& path, const Corpus& corpus);

}  // namespace retrace
