// core/utf8.h — small UTF-8 helpers used on hot paths (no allocation).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace retrace {

// Decodes the code point at s[i] (valid UTF-8 assumed) and advances i.
inline char32_t utf8_next(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { ++i; return c; }
  if ((c >> 5) == 0x6 && i + 1 < s.size()) {
    char32_t cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
    i += 2; return cp;
  }
  if ((c >> 4) == 0xE && i + 2 < s.size()) {
    char32_t cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                  (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    i += 3; return cp;
  }
  if ((c >> 3) == 0x1E && i + 3 < s.size()) {
    char32_t cp = ((c & 0x07) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 12) |
                  ((static_cast<unsigned char>(s[i + 2]) & 0x3F) << 6) |
                  (static_cast<unsigned char>(s[i + 3]) & 0x3F);
    i += 4; return cp;
  }
  ++i;
  return 0xFFFD;
}

inline void utf8_append(std::string& out, char32_t cp) {
  if (cp < 0x80) out.push_back(static_cast<char>(cp));
  else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// True if s is well-formed UTF-8 (no overlongs, surrogates or out-of-range code points).
bool utf8_valid(std::string_view s, size_t* bad_offset = nullptr);

// Maps byte offsets of one text to code point offsets. Build once per text, O(n) memory/8.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text);
  uint32_t to_cp(uint32_t byte_offset) const;
 private:
  std::string_view text_;
  std::vector<uint32_t> block_;  // code points before each 64-byte block
};

// Appends s to out as a JSON string literal (with quotes), escaping as RFC 8259 requires.
// With script_safe, also '<', '>', '&' and U+2028/U+2029 as \u escapes, so that the string is
// safe inside HTML and a <script> as well as in JSON.
void json_escape(std::string& out, std::string_view s, bool script_safe = false);

}  // namespace retrace
