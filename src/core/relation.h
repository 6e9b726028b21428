// core/relation.h — what retrace finds: a derived pair, its aligned passages and changes.
//
// All spans are byte offsets [begin, end) into the documents' original `text`;
// write/ converts them to code point offsets.
#pragma once
#include <string_view>
#include <cstdint>
#include <string>
#include <vector>

#include "core/document.h"

namespace retrace {

enum class RelationKind { kDuplicate, kReprint, kExcerpt, kRewrite, kSameStory };
enum class Direction { kDated, kInferred, kUnknown };
enum class PassageKind { kVerbatim, kNoisy, kParaphrase };
// What shape a rewrite has: the whole copy retold; a summary (a shorter copy that covers part of
// its source, in the source's selection and order); or embedded (one contiguous region of a
// longer piece is the rewrite, the rest is other material).
enum class RewriteForm { kWhole, kSummary, kEmbedded };
enum class ChangeKind { kAlteredQuote, kChangedNumber, kChangedClaim, kAdded, kDropped };

const char* to_string(RelationKind k);
// The kind named by to_string(k); false if the name is none.
bool relation_kind_from(std::string_view name, RelationKind* k);
const char* to_string(Direction d);
const char* to_string(PassageKind k);
const char* to_string(RewriteForm f);
const char* to_string(ChangeKind k);
bool parse_relation_kind(const std::string& s, RelationKind* out);
bool parse_change_kind(const std::string& s, ChangeKind* out);

struct Span {
  uint32_t begin = 0, end = 0;
  bool empty() const { return end <= begin; }
  uint32_t size() const { return end > begin ? end - begin : 0; }
};

struct Passage {
  Span source, copy;
  PassageKind kind = PassageKind::kVerbatim;
  float similarity = 1.0f;  // for paraphrase passages: sentence similarity
};

struct Change {
  ChangeKind kind;
  Span copy;    // empty for kDropped
  Span source;  // empty for kAdded
  std::string detail;  // short human explanation, e.g. "1% -> 2%" or "hedge 'reported' removed"
};

struct Relation {
  DocId source = 0, copy = 0;  // source is the earlier document when direction != kUnknown
  RelationKind kind = RelationKind::kDuplicate;
  Direction direction = Direction::kUnknown;
  float score = 0;             // confidence 0..1
  float coverage_source = 0;   // share of the source's evidence text covered by passages
  float coverage_copy = 0;     // share of the copy's evidence text covered by passages
  RewriteForm form = RewriteForm::kWhole;  // rewrites only
  Span region;                 // embedded rewrites: the copy's derived region (empty otherwise)
  float coverage_region = 0;   // embedded rewrites: share of the region's sentences aligned
  std::vector<Passage> passages;
  std::vector<Change> changes;
};

}  // namespace retrace
