// clean/fold.h — Unicode folding of single code points (ICU), the basis of every comparison.
//
// fold_letter() gives the comparison form of a letter or digit: compatibility-decomposed
// (NFKD), combining marks dropped, case-folded. "É" -> "e", "ﬁ" -> "fi", "２" -> "2".
// Other code points (spaces, punctuation, symbols) are not word characters.
#pragma once
#include <string>

namespace retrace {

bool is_word_char_slow(char32_t c);

// True for letters and digits (any script).
inline bool is_word_char(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return is_word_char_slow(c);
}

// Appends the folded UTF-8 form of c (a word char) to out.
void fold_letter(char32_t c, std::string& out);

// True for upper-case letters (any script).
bool is_upper(char32_t c);

// Invisible format characters that never separate words: soft hyphen, zero-width space and
// joiners, word joiner, byte order mark.
inline bool is_ignorable(char32_t c) {
  return c == 0xAD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

// Quote marks: 0 none, 1 neutral ("), 2 opening (“ « „), 3 closing (” »).
int quote_mark(char32_t c);

// Folds a whole string: word chars folded, every run of other chars turned into one space,
// trimmed. "“Courageously,” he said" -> "courageously he said".
std::string fold_words(std::string_view s);
// Into `out` (replaced), reusing its storage.
void fold_words(std::string_view s, std::string& out);

// XXH3 of fold_words(s): equal for texts with the same words up to case, accents and
// punctuation.
uint64_t words_hash(std::string_view s);

}  // namespace retrace
