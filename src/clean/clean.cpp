#include "clean/clean.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "clean/fold.h"
#include "core/utf8.h"

namespace retrace {
namespace {

bool is_abbreviation(const std::string& w) {
  static const std::unordered_set<std::string> abbr = {
      "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "gov", "sen", "rep", "rev", "jr",
      "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "capt", "maj", "cmdr", "adm", "fr", "jan", "feb",
      "aug", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "op", "cf", "al"};
  if (w.size() == 1 && !(w[0] >= '0' && w[0] <= '9')) return true;  // initials: "J. K.", "U.S."
  return abbr.count(w) > 0;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == 0xA0 || c == 0x2009 || c == 0x202F; }
bool is_apostrophe(char32_t c) { return c == '\'' || c == 0x2019; }
bool is_terminal(char32_t c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }

class Cleaner {
 public:
  Cleaner(const Document& d, const CleanContext& ctx) : text_(d.text), ctx_(ctx) {
    out_.furniture = find_furniture(text_, d.source, ctx.boilerplate);
  }

  CleanDoc run() {
    size_t f = 0;  // next furniture span
    size_t i = 0;
    const size_t n = text_.size();
    // The skeleton has about one byte per text byte (folding may lengthen a character, so
    // both paths below check and grow): sized once, written by index.
    out_.skel.resize(n);
    out_.skel_pos.resize(n);
    skel_len_ = 0;
    while (i < n) {
      if (f < out_.furniture.size() && i >= out_.furniture[f].begin) {
        finish_token();
        para_break_ = true;
        close_quote(last_token_end_);
        i = std::max<size_t>(i, out_.furniture[f].end);
        ++f;
        continue;
      }
      size_t at = i;
      unsigned char b = static_cast<unsigned char>(text_[i]);
      if (b < 0x80 && in_token_ && ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z'))) {
        // ASCII letter or digit inside a word: the common case, folded inline.
        ++i;
        char l = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
        tok_.end = static_cast<uint32_t>(i);
        tok_.word.push_back(l);
        if (skel_len_ == out_.skel.size()) {  // earlier folds lengthened the skeleton past the text
          out_.skel.resize(out_.skel.size() * 2 + 1);
          out_.skel_pos.resize(out_.skel.size());
        }
        out_.skel[skel_len_] = l;
        out_.skel_pos[skel_len_++] = static_cast<uint32_t>(at);
        continue;
      }
      char32_t c = utf8_next(text_, i);
      if (is_word_char(c)) {
        if (!in_token_) start_token(at, c);
        tok_.end = static_cast<uint32_t>(i);
        size_t before = tok_.word.size();
        fold_letter(c, tok_.word);
        size_t added = tok_.word.size() - before;
        if (skel_len_ + added > out_.skel.size()) {
          out_.skel.resize(out_.skel.size() * 2 + added);
          out_.skel_pos.resize(out_.skel.size());
        }
        for (size_t k = before; k < tok_.word.size(); ++k) {
          out_.skel[skel_len_] = tok_.word[k];
          out_.skel_pos[skel_len_++] = static_cast<uint32_t>(at);
        }
        continue;
      }
      if (in_token_) {
        char32_t next = peek(i);
        bool last_digit = !tok_.word.empty() && tok_.word.back() >= '0' && tok_.word.back() <= '9';
        if (is_apostrophe(c) && is_word_char(next) && !(next >= '0' && next <= '9')) {
          tok_.word.push_back('\'');
          continue;
        }
        if ((c == '.' || c == ',') && last_digit && next >= '0' && next <= '9') {
          if (c == '.') tok_.word.push_back('.');
          continue;
        }
        if (c == '-' || c == 0xAD) {  // hyphenated line break: "produc-\ntion"
          size_t j = i;
          while (j < n && is_space(peek(j))) utf8_next(text_, j);
          if (j < n && text_[j] == '\n') {
            ++j;
            while (j < n && is_space(peek(j))) utf8_next(text_, j);
            size_t k = j;
            char32_t d = j < n ? utf8_next(text_, k) : 0;
            if (d && is_word_char(d) && !is_upper(d) && !(d >= '0' && d <= '9') && !in_furniture(j, f)) {
              tok_.flags |= Token::kJoined;
              ++out_.joined_breaks;
              i = j;
              continue;
            }
          }
        }
        if (is_ignorable(c)) continue;  // a soft hyphen or zero-width character inside a word
        finish_token();
      }
      if (is_ignorable(c)) continue;
      // Between tokens.
      if (c == '\n') {
        // A short line without end punctuation, then a capital: a headline or a caption
        // standing on its own line, even where no blank line follows (PDF text).
        if (!terminal_ && at - line_start_ < 70 && !out_.tokens.empty() && out_.tokens.back().begin >= line_start_)
          soft_break_ = true;
        line_start_ = i;
        if (newline_seen_) {
          para_break_ = true;
          close_quote(last_token_end_);  // quotes do not run across paragraphs unclosed
        }
        newline_seen_ = true;
        continue;
      }
      if (is_space(c)) continue;
      newline_seen_ = false;
      if (is_terminal(c)) terminal_ = true;
      int q = quote_mark(c);
      // A straight quote inside a quote, with a space before it and a word after it, opens
      // the next quoted run (a speaker's quote resumed: ...rights. "There is...).
      bool reopens = q == 1 && in_quote_ && at > 0 && (text_[at - 1] == ' ' || text_[at - 1] == '\n') &&
                     is_word_char(peek(i));
      if (q == 2 || (q == 1 && !in_quote_) || reopens) {
        if (in_quote_) close_quote(last_token_end_);
        in_quote_ = true;
        quote_begin_ = static_cast<uint32_t>(i);
        if (terminal_) open_after_terminal_ = true;
      } else if (q == 3 || q == 1) {
        close_quote(static_cast<uint32_t>(at));
      }
    }
    finish_token();
    out_.skel.resize(skel_len_);
    out_.skel_pos.resize(skel_len_);
    close_quote(last_token_end_);
    if (!out_.sentences.empty()) out_.sentences.back().tok_end = static_cast<uint32_t>(out_.tokens.size());
    finish_sentences();
    return std::move(out_);
  }

 private:
  char32_t peek(size_t i) const {
    if (i >= text_.size()) return 0;
    return utf8_next(text_, i);
  }

  bool in_furniture(size_t pos, size_t f) const {
    return f < out_.furniture.size() && pos >= out_.furniture[f].begin && pos < out_.furniture[f].end;
  }

  void start_token(size_t at, char32_t c) {
    // Paragraph and sentence boundaries are decided when the next token starts.
    if (soft_break_ && is_upper(c) && !out_.tokens.empty() && !is_abbreviation(out_.tokens.back().word))
      para_break_ = true;
    // A blank line (or a furniture line set aside) inside a sentence: the text before it ends
    // without end punctuation and the text after it goes on in lower case. PDF text breaks
    // columns and pages like this; it is one sentence, one paragraph.
    if (para_break_ && !terminal_ && !out_.tokens.empty() && is_word_char(c) && !is_upper(c) && !(c >= '0' && c <= '9'))
      para_break_ = false;
    soft_break_ = false;
    bool new_sentence = out_.tokens.empty() || para_break_;
    if (!new_sentence && terminal_ && !out_.tokens.empty() && !is_abbreviation(out_.tokens.back().word)) {
      bool next_starts = is_upper(c) || (c >= '0' && c <= '9') || open_after_terminal_;
      new_sentence = next_starts;
    }
    if (para_break_ && !out_.tokens.empty()) ++paragraph_;
    if (new_sentence) {
      if (!out_.sentences.empty()) out_.sentences.back().tok_end = static_cast<uint32_t>(out_.tokens.size());
      Sentence s;
      s.tok_begin = static_cast<uint32_t>(out_.tokens.size());
      s.paragraph = paragraph_;
      out_.sentences.push_back(s);
    }
    para_break_ = terminal_ = open_after_terminal_ = newline_seen_ = false;
    in_token_ = true;
    tok_ = Token();
    tok_.begin = tok_.end = static_cast<uint32_t>(at);
    if (is_upper(c)) tok_.flags |= Token::kCap;
    if (c >= '0' && c <= '9') tok_.flags |= Token::kNumber;
    if (in_quote_) tok_.flags |= Token::kQuote;
  }

  void finish_token() {
    if (!in_token_) return;
    in_token_ = false;
    last_token_end_ = tok_.end;
    tok_.sentence = static_cast<uint32_t>(out_.sentences.size() - 1);
    tok_.id = word_id(tok_.word);
    const Lexicon* lex = ctx_.lexicon;
    if (lex) tok_.entry = lex->word(tok_.id);
    pieces_.clear();
    auto& pieces = pieces_;
    if (lex && !(tok_.flags & Token::kJoined) && tok_.end - tok_.begin == tok_.word.size() &&
        lex->split(tok_.word, tok_.entry, &pieces, !(tok_.flags & Token::kCap))) {
      ++out_.repaired_words;
      for (size_t p = 0; p < pieces.size(); ++p) {
        Token t;
        t.begin = tok_.begin + pieces[p].first;
        t.end = tok_.begin + pieces[p].second;
        t.sentence = tok_.sentence;
        t.flags = static_cast<uint8_t>((tok_.flags & Token::kQuote) | Token::kRepaired |
                                       (p == 0 ? (tok_.flags & Token::kCap) : 0));
        t.word = tok_.word.substr(pieces[p].first, pieces[p].second - pieces[p].first);
        t.id = word_id(t.word);
        t.entry = lex->word(t.id);
        out_.tokens.push_back(std::move(t));
      }
      return;
    }
    out_.tokens.push_back(std::move(tok_));
  }

  void close_quote(uint32_t end) {
    if (!in_quote_) return;
    in_quote_ = false;
    if (end > quote_begin_) out_.quotes.push_back(Span{quote_begin_, end});
  }

  // Sentence spans: from the first token to the last, plus trailing punctuation and quotes.
  void finish_sentences() {
    auto& ss = out_.sentences;
    ss.erase(std::remove_if(ss.begin(), ss.end(), [](const Sentence& s) { return s.tok_end <= s.tok_begin; }),
             ss.end());
    for (uint32_t k = 0; k < ss.size(); ++k) {
      Sentence& s = ss[k];
      for (uint32_t t = s.tok_begin; t < s.tok_end; ++t) out_.tokens[t].sentence = k;
      // From the first token to the last, with the symbols attached to them on either side
      // (an opening quote or bracket, "$", "%", the full stop, a closing quote).
      size_t b = out_.tokens[s.tok_begin].begin;
      size_t floor = s.tok_begin > 0 ? out_.tokens[s.tok_begin - 1].end : 0;
      while (b > floor) {
        size_t j = b - 1;
        while (j > floor && (static_cast<unsigned char>(text_[j]) & 0xC0) == 0x80) --j;
        size_t k = j;
        char32_t c = utf8_next(text_, k);
        if (is_space(c) || c == '\n' || is_word_char(c) || is_terminal(c)) break;
        b = j;
      }
      s.begin = static_cast<uint32_t>(b);
      size_t e = out_.tokens[s.tok_end - 1].end;
      size_t limit = s.tok_end < out_.tokens.size() ? out_.tokens[s.tok_end].begin : text_.size();
      while (e < limit) {
        size_t j = e;
        char32_t c = utf8_next(text_, j);
        if (is_space(c) || c == '\n' || is_word_char(c)) break;
        e = j;
      }
      // Do not swallow the next sentence's opening quote in run-together text ("end."He).
      while (e > out_.tokens[s.tok_end - 1].end) {
        size_t j = e - 1;
        while (j > 0 && (static_cast<unsigned char>(text_[j]) & 0xC0) == 0x80) --j;
        size_t k = j;
        char32_t c = utf8_next(text_, k);
        if (!(quote_mark(c) == 2 || c == '(' || c == '[') || e != limit) break;
        e = j;
      }
      s.end = static_cast<uint32_t>(e);
      // A headline: the first line of the text, standing alone as its paragraph.
      s.headline = k == 0 && s.paragraph == 0 && (ss.size() == 1 || ss[1].paragraph > 0) &&
                   !is_terminal(text_[s.end - 1]);
    }
  }

  std::string_view text_;
  const CleanContext& ctx_;
  CleanDoc out_;
  Token tok_;
  std::vector<std::pair<uint32_t, uint32_t>> pieces_;  // reused by finish_token
  bool in_token_ = false;
  bool para_break_ = false, newline_seen_ = false, terminal_ = false, open_after_terminal_ = false;
  bool in_quote_ = false, soft_break_ = false;
  size_t line_start_ = 0;
  size_t skel_len_ = 0;  // bytes of out_.skel written
  uint32_t quote_begin_ = 0, last_token_end_ = 0, paragraph_ = 0;
};

}  // namespace

uint32_t CleanDoc::skel_end(const std::string& text, uint32_t i) const {
  if (i >= skel_pos.size()) return static_cast<uint32_t>(text.size());
  size_t p = skel_pos[i];
  utf8_next(text, p);
  return static_cast<uint32_t>(p);
}

CleanDoc clean_document(const Document& doc, const CleanContext& ctx) { return Cleaner(doc, ctx).run(); }

}  // namespace retrace
