#include "core/relation.h"

namespace retrace {

const char* to_string(RelationKind k) {
  switch (k) {
    case RelationKind::kDuplicate: return "duplicate";
    case RelationKind::kReprint: return "reprint";
    case RelationKind::kExcerpt: return "excerpt";
    case RelationKind::kRewrite: return "rewrite";
    case RelationKind::kSameStory: return "same_story";
  }
  return "?";
}
bool relation_kind_from(std::string_view name, RelationKind* k) {
  for (RelationKind x : {RelationKind::kDuplicate, RelationKind::kReprint, RelationKind::kExcerpt, RelationKind::kRewrite,
                         RelationKind::kSameStory})
    if (name == to_string(x)) {
      *k = x;
      return true;
    }
  return false;
}
const char* to_string(Direction d) {
  switch (d) {
    case Direction::kDated: return "dated";
    case Direction::kInferred: return "inferred";
    case Direction::kUnknown: return "unknown";
  }
  return "?";
}
const char* to_string(PassageKind k) {
  switch (k) {
    case PassageKind::kVerbatim: return "verbatim";
    case PassageKind::kNoisy: return "noisy";
    case PassageKind::kParaphrase: return "paraphrase";
  }
  return "?";
}
const char* to_string(RewriteForm f) {
  switch (f) {
    case RewriteForm::kWhole: return "whole";
    case RewriteForm::kSummary: return "summary";
    case RewriteForm::kEmbedded: return "embedded";
  }
  return "?";
}
const char* to_string(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAlteredQuote: return "altered_quote";
    case ChangeKind::kChangedNumber: return "changed_number";
    case ChangeKind::kChangedClaim: return "changed_claim";
    case ChangeKind::kAdded: return "added";
    case ChangeKind::kDropped: return "dropped";
  }
  return "?";
}
bool parse_relation_kind(const std::string& s, RelationKind* out) {
  for (auto k : {RelationKind::kDuplicate, RelationKind::kReprint, RelationKind::kExcerpt,
                 RelationKind::kRewrite, RelationKind::kSameStory})
    if (s == to_string(k)) { *out = k; return true; }
  return false;
}
bool parse_change_kind(const std::string& s, ChangeKind* out) {
  for (auto k : {ChangeKind::kAlteredQuote, ChangeKind::kChangedNumber, ChangeKind::kChangedClaim,
                 ChangeKind::kAdded, ChangeKind::kDropped})
    if (s == to_string(k)) { *out = k; return true; }
  return false;
}

}  // namespace retrace
