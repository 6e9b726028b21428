// core/document.h — the article as retrace sees it.
//
// A Document is what the read stage gives every later stage: the text exactly as given
// (UTF-8), the optional metadata, and where it came from (file and line) for messages.
// Offsets inside retrace are byte offsets into `text`; they become Unicode code point
// offsets only when written out (see core/utf8.h).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace retrace {

struct Document {
  std::string id;
  std::string text;        // as given, valid UTF-8
  std::string title;       // optional
  std::string date;        // optional, as given (see parse_date)
  std::string source;      // optional: the outlet
  std::string url;         // optional
  std::string extra_json;  // other fields of the input object, as a JSON object text ("{}" if none)
  int64_t time = kNoTime;  // `date` as seconds since 1970-01-01 UTC, or kNoTime
  std::string origin;      // "file:line" (or "file" for a text file), for messages

  static constexpr int64_t kNoTime = INT64_MIN;
  bool has_time() const { return time != kNoTime; }
};

using DocId = uint32_t;  // index of a document in a Corpus

// Where a corpus too large to hold in memory keeps its documents' texts (write/text_spill.h):
// their text, title, url and extra_json, moved out of the Document. Thread-safe.
class TextStore {
 public:
  virtual ~TextStore() = default;
  // Reads document i's moved fields back into *d (its other fields are left as they are).
  virtual void load(DocId i, Document* d) const = 0;
  // XXH3-64 of document i's text.
  virtual uint64_t text_hash(DocId i) const = 0;
};

struct Corpus {
  std::vector<Document> docs;
  // If set, docs[i] hold no text, title, url or extra_json: they are read from here.
  std::shared_ptr<const TextStore> store;

  // Document i whole: docs[i] itself, or (with a store) a copy of it in *buf with its text read in.
  const Document& full(DocId i, Document* buf) const {
    if (!store) return docs[i];
    *buf = docs[i];
    store->load(i, buf);
    return *buf;
  }
};

// Parses an ISO 8601 date ("2025-09-03") or date-time ("2025-09-03T10:00:00Z",
// "2025-09-03 10:00", with optional offset) into seconds since the epoch (UTC).
// Returns false if the text is not such a date.
// Checks the calendar: "2025-02-31" is not a date.
bool parse_iso_date(const std::string& s, int64_t* out);

// Parses a date in any form retrace reads, into seconds since the epoch (UTC): with a format
// (date::parse / strftime conversions such as "%d/%m/%Y %H:%M", "%z" for an offset) that one
// first; then ISO 8601 (parse_iso_date); RFC 2822 as in RSS ("Wed, 03 Sep 2025 10:00:00 GMT",
// "+0200" or a US zone name; day name optional); epoch seconds (9 to 11 digits). Every form is
// validated against the calendar. Returns false if the text is none of these.
bool parse_date(const std::string& s, int64_t* out, const std::string& format = "");

}  // namespace retrace
