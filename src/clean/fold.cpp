#include "clean/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <xxhash.h>

#include <algorithm>
#include <array>

#include "core/utf8.h"

namespace retrace {

bool is_word_char_slow(char32_t c) {
  return u_isalnum(static_cast<UChar32>(c)) || u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC);
}

bool is_upper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return u_isupper(static_cast<UChar32>(c));
}

void fold_letter(char32_t c, std::string& out) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  static thread_local const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  icu::UnicodeString decomposed;
  if (nfkd && nfkd->getDecomposition(static_cast<UChar32>(c), decomposed)) {
    for (int32_t i = 0; i < decomposed.length();) {
      UChar32 d = decomposed.char32At(i);
      i += U16_LENGTH(d);
      if (u_charType(d) == U_NON_SPACING_MARK || u_charType(d) == U_ENCLOSING_MARK ||
          u_charType(d) == U_COMBINING_SPACING_MARK)
        continue;
      if (!is_word_char(static_cast<char32_t>(d))) continue;
      utf8_append(out, static_cast<char32_t>(u_foldCase(d, U_FOLD_CASE_DEFAULT)));
    }
    return;
  }
  utf8_append(out, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
}

int quote_mark(char32_t c) {
  switch (c) {
    case U'"': return 1;
    case U'\u201C': case U'\u00AB': case U'\u201E': case U'\u201F': return 2;
    case U'\u201D': case U'\u00BB': return 3;
    default: return 0;
  }
}

namespace {
// ASCII letters and digits folded (lower case), 0 for every other byte.
constexpr auto kAsciiFold = [] {
  std::array<unsigned char, 128> t{};
  for (int c = 0; c < 128; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : (c >= 'A' && c <= 'Z') ? c + 32 : 0;
  return t;
}();
}  // namespace

void fold_words(std::string_view s, std::string& out) {
  // Written by index into a buffer sized for the ASCII case (one byte out per byte in, or
  // fewer), grown only when folding lengthens a character.
  out.resize(s.size() + 8);
  size_t len = 0;
  bool gap = false;
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {  // ASCII fast path, without branches on the character
      ++i;
      const unsigned char folded = kAsciiFold[b];  // 0 for a non-word byte
      const bool word = folded != 0;
      out[len] = ' ';
      len += word & gap & (len > 0);
      out[len] = static_cast<char>(folded);
      len += word;
      gap = !word;
      continue;
    }
    char32_t c = utf8_next(s, i);
    if (is_word_char(c)) {
      out.resize(len);
      if (gap && len) out.push_back(' ');
      gap = false;
      fold_letter(c, out);
      len = out.size();
      out.resize(std::max(out.size(), len + (s.size() - i) + 8));
    } else if (!is_ignorable(c)) {
      gap = true;
    }
  }
  out.resize(len);
}

std::string fold_words(std::string_view s) {
  std::string out;
  fold_words(s, out);
  return out;
}

uint64_t words_hash(std::string_view s) {
  thread_local std::string buf;
  fold_words(s, buf);
  return XXH3_64bits(buf.data(), buf.size());
}

}  // namespace retrace
