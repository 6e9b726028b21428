#include "core/utf8.h"

#include <simdjson.h>

namespace retrace {

bool utf8_valid(std::string_view s, size_t* bad_offset) {
  if (simdjson::validate_utf8(s.data(), s.size())) return true;
  if (bad_offset) {  // slow path only to locate the problem for the message
    size_t i = 0;
    while (i < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
      if (n == 0 || i + n > s.size() || !simdjson::validate_utf8(s.data() + i, n)) break;
      i += n;
    }
    *bad_offset = i;
  }
  return false;
}

CodePointIndex::CodePointIndex(std::string_view text) : text_(text) {
  block_.reserve(text.size() / 64 + 2);
  uint32_t cps = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i % 64 == 0) block_.push_back(cps);
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++cps;
  }
  if (text.size() % 64 == 0) block_.push_back(cps);
}

uint32_t CodePointIndex::to_cp(uint32_t byte_offset) const {
  if (byte_offset > text_.size()) byte_offset = static_cast<uint32_t>(text_.size());
  size_t b = byte_offset / 64;
  if (b >= block_.size()) b = block_.size() - 1;
  uint32_t cps = block_[b];
  for (size_t i = b * 64; i < byte_offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++cps;
  return cps;
}

void json_escape(std::string& out, std::string_view s, bool script_safe) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (script_safe) {
      if (c == '<' || c == '>' || c == '&') {
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
        continue;
      }
      if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
          (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
        out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
        i += 2;
        continue;
      }
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(hex[c >> 4]);
          out.push_back(hex[c & 15]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

}  // namespace retrace
