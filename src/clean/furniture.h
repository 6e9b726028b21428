// clean/furniture.h — page furniture: lines that are not the article.
//
// Takes a document's text (and optionally a Boilerplate model of lines an outlet repeats);
// gives the byte spans of furniture lines: URLs, date lines, mastheads and taglines in capitals,
// page markers, and lines the same outlet repeats across many different documents.
// Furniture is kept out of the evidence (fingerprints, alignment) but never out of the text:
// offsets stay offsets into the text as given.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/document.h"
#include "core/flat_map.h"
#include "core/relation.h"

namespace retrace {

// Lines an outlet prints in many different documents ("Follow us on ...", a standing footer).
class Boilerplate {
 public:
  static constexpr int kMinDocs = 5;  // distinct texts carrying the line before it is boilerplate
  // Records the standalone short lines of one document (thread-safe): lines that form a
  // paragraph of their own or open or close the text, where an outlet's standing lines sit.
  // A text seen before (a duplicate) adds nothing, so duplicates do not make boilerplate.
  void add(const Document& d);
  // Freezes the model; after this, is_boilerplate() may be called from any thread.
  void finish();
  bool is_boilerplate(const std::string& outlet, std::string_view line) const;
  size_t size() const { return lines_.size(); }
  // The boilerplate lines found (after finish()) as bytes, and back; false if not such bytes.
  void save(std::string* out) const;
  bool load(std::string_view in);

 private:
  std::mutex mu_;
  FlatMap64<uint32_t> seen_;   // line key -> distinct texts carrying it
  FlatMap64<uint8_t> texts_;   // text hashes seen
  FlatMap64<uint8_t> lines_;   // the boilerplate line keys
};

// The furniture line spans of `text` (sorted, non-overlapping, each a whole line without its
// newline). `outlet` and `bp` may be empty/null.
std::vector<Span> find_furniture(std::string_view text, const std::string& outlet, const Boilerplate* bp);

// True if the single line (no newline) looks like furniture by its form alone.
bool is_furniture_line(std::string_view line);

}  // namespace retrace
