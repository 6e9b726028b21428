// clean/clean.h — the clean stage: a Document's text in, comparable evidence out.
//
// Takes a Document (and the corpus-wide Lexicon and Boilerplate, both optional). Gives a
// CleanDoc holding, with a map back to byte offsets of the original text for everything:
//  - skel: the skeleton, every letter and digit of the evidence text folded (NFKD, marks
//    dropped, case-folded), with all spaces and punctuation removed. Run-together words,
//    hyphenated line breaks and re-spacing leave it unchanged, which is what surface
//    fingerprints and character alignment need.
//  - tokens: words with hyphenated breaks joined and run-together words split (Lexicon),
//    each marked if inside a direct quote or capitalised;
//  - sentences (token ranges, sentence splitting that survives hard-wrapped PDF lines),
//  - quotes: the spans of direct quotations.
// Page furniture lines (clean/furniture.h) are excluded from all of it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "clean/fold.h"
#include "clean/furniture.h"
#include "clean/lexicon.h"
#include "core/document.h"
#include "core/relation.h"
#include "core/utf8.h"

namespace retrace {

struct Token {
  enum Flags : uint8_t { kCap = 1, kNumber = 2, kQuote = 4, kRepaired = 8, kJoined = 16 };
  uint32_t begin = 0, end = 0;  // bytes in the original text
  uint32_t sentence = 0;        // index into CleanDoc::sentences
  uint8_t flags = 0;
  std::string word;  // folded form
  uint64_t id = 0;   // word_id(word): the key of Lexicon lookups
  const Lexicon::Word* entry = nullptr;  // the Lexicon's entry of the word, if it has one
  bool cap() const { return flags & kCap; }
  bool number() const { return flags & kNumber; }
  bool quoted() const { return flags & kQuote; }
};

struct Sentence {
  uint32_t begin = 0, end = 0;          // bytes in the original text (first to last token)
  uint32_t tok_begin = 0, tok_end = 0;  // token range
  uint32_t paragraph = 0;
  bool headline = false;  // the first line of the text, standing alone
};

struct CleanDoc {
  std::vector<Span> furniture;
  std::string skel;                // folded letters and digits of the evidence text
  std::vector<uint32_t> skel_pos;  // byte offset in the text of each skel byte's character
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<Span> quotes;        // direct quotations (text between the marks)
  uint32_t repaired_words = 0;     // run-together tokens split
  uint32_t joined_breaks = 0;      // hyphenated line breaks joined

  // Byte offset in the text just after the skeleton character at skel index i.
  uint32_t skel_end(const std::string& text, uint32_t i) const;
};

struct CleanContext {
  const Lexicon* lexicon = nullptr;        // enables run-together repair
  const Boilerplate* boilerplate = nullptr;  // enables outlet boilerplate removal
};

CleanDoc clean_document(const Document& doc, const CleanContext& ctx);

// The folded words of a text, for building a Lexicon: each passed to f(std::string_view)
// (valid during the call only), without building strings. The words as the Cleaner reads them
// (letters and digits, inner apostrophes, decimal points of figures), without sentences,
// quotes or repair. This runs over the whole corpus once.
template <typename F>
void for_each_folded_word(std::string_view t, F f) {
  std::string w;
  w.reserve(64);
  auto flush = [&] {
    if (!w.empty()) f(std::string_view(w));
    w.clear();
  };
  for (size_t i = 0; i < t.size();) {
    unsigned char b = static_cast<unsigned char>(t[i]);
    if (b < 0x80) {  // ASCII fast path
      char c = static_cast<char>(b);
      ++i;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) { w.push_back(c); continue; }
      if (c >= 'A' && c <= 'Z') { w.push_back(static_cast<char>(c + 32)); continue; }
      char next = i < t.size() ? t[i] : 0;
      bool next_alnum = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9');
      if (!w.empty() && c == '\'' && next_alnum && !(next >= '0' && next <= '9')) { w.push_back('\''); continue; }
      if (!w.empty() && (c == '.' || c == ',') && w.back() >= '0' && w.back() <= '9' && next >= '0' && next <= '9') {
        if (c == '.') w.push_back('.');
        continue;
      }
      flush();
      continue;
    }
    char32_t c = utf8_next(t, i);
    if (is_ignorable(c)) continue;
    if (is_word_char(c)) fold_letter(c, w);
    else if (c == 0x2019 && !w.empty() && i < t.size() && is_word_char(static_cast<unsigned char>(t[i]) < 0x80 ? t[i] : 'a')) w.push_back('\'');
    else flush();
  }
  flush();
}

}  // namespace retrace
