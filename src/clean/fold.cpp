#include "clean/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

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

std::string fold_words(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool gap = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c = utf8_next(s, i);
    if (is_word_char(c)) {
      if (gap && !out.empty()) out.push_back(' ');
      gap = false;
      fold_letter(c, out);
    } else if (is_ignorable(c)) {
      continue;
    } else {
      gap = true;
    }
  }
  return out;
}

}  // namespace retrace
