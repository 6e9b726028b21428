#include "clean/furniture.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>

#include "clean/fold.h"
#include "core/utf8.h"

namespace retrace {
namespace {

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

bool is_url(std::string_view t) {
  if (t.empty() || t.find(' ') != std::string_view::npos) return false;
  return t.rfind("http://", 0) == 0 || t.rfind("https://", 0) == 0 || t.rfind("www.", 0) == 0 ||
         (t.find('/') != std::string_view::npos && t.find('.') != std::string_view::npos &&
          t.find("://") != std::string_view::npos);
}

const char* const kDateWords[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "wed", "thu", "fri", "sat", "sun", "updated", "published", "posted", "last", "edition", "gmt",
    "utc", "bst", "am", "pm", "st", "nd", "rd", "th", "of", "the", "on", "at"};

bool is_date_word(const std::string& w) {
  if (std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return true;
  // ordinals like 4th, 21st
  size_t d = 0;
  while (d < w.size() && std::isdigit(static_cast<unsigned char>(w[d]))) ++d;
  if (d > 0 && d < w.size()) {
    std::string suf = w.substr(d);
    if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") return true;
  }
  for (const char* k : kDateWords)
    if (w == k) return true;
  return false;
}

std::vector<std::string> words_of(std::string_view line) {
  std::vector<std::string> out;
  std::string f = fold_words(line);
  size_t i = 0;
  while (i < f.size()) {
    size_t j = f.find(' ', i);
    if (j == std::string::npos) j = f.size();
    out.push_back(f.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

uint64_t line_key(const std::string& outlet, std::string_view line) {
  std::string k = outlet;
  k.push_back('\n');
  k += fold_words(line);
  return XXH3_64bits(k.data(), k.size());
}

template <typename F>
void for_each_line(std::string_view text, F f) {
  size_t b = 0;
  while (b <= text.size()) {
    size_t e = text.find('\n', b);
    if (e == std::string_view::npos) e = text.size();
    f(b, e);
    b = e + 1;
  }
}

}  // namespace

bool is_furniture_line(std::string_view raw) {
  std::string_view t = trim(raw);
  if (t.empty()) return false;
  if (is_url(t)) return true;
  if (t.size() > 70) return false;  // every other kind of furniture is a short line
  auto words = words_of(t);
  if (words.empty()) return false;
  // Page markers: "Page 7", "P7", "Continued on page 3", "A4".
  if (words.size() <= 5 && (words[0] == "page" || words[0] == "continued" || words[0] == "see") &&
      std::isdigit(static_cast<unsigned char>(words.back()[0])))
    return true;
  // Date lines: every word a date word, and a number or month among them.
  if (words.size() <= 8 && t.size() <= 60 && std::all_of(words.begin(), words.end(), is_date_word)) {
    bool has_num = std::any_of(words.begin(), words.end(),
                               [](const std::string& w) { return std::isdigit(static_cast<unsigned char>(w[0])); });
    if (has_num || words.size() >= 2) return true;
  }
  // Mastheads and taglines: short, no lower-case letter, not a sentence.
  if (words.size() <= 8 && t.size() <= 70 && t.back() != '.') {
    int letters = 0, lower = 0;
    for (size_t i = 0; i < t.size();) {
      char32_t c = utf8_next(t, i);
      if (is_word_char(c) && !(c >= '0' && c <= '9')) {
        ++letters;
        if (!is_upper(c)) ++lower;
      }
    }
    if (letters >= 3 && lower == 0) return true;
  }
  return false;
}

void Boilerplate::add(const Document& d) {
  std::vector<uint64_t> keys;
  for_each_line(d.text, [&](size_t b, size_t e) {
    std::string_view line = trim(std::string_view(d.text).substr(b, e - b));
    if (line.size() >= 8 && line.size() <= 160) keys.push_back(line_key(d.source, line));
  });
  if (keys.empty()) return;
  uint64_t text_hash = XXH3_64bits(d.text.data(), d.text.size());
  std::lock_guard<std::mutex> lock(mu_);
  for (uint64_t k : keys) {
    Seen& s = seen_[k];
    if (s.n >= kMinDocs) continue;
    if (std::find(s.texts, s.texts + s.n, text_hash) != s.texts + s.n) continue;
    s.texts[s.n++] = text_hash;
  }
}

void Boilerplate::finish() {
  for (auto& [k, s] : seen_)
    if (s.n >= kMinDocs) lines_[k] = true;
  seen_.clear();
}

bool Boilerplate::is_boilerplate(const std::string& outlet, std::string_view line) const {
  if (lines_.empty()) return false;
  std::string_view t = trim(line);
  if (t.size() < 8 || t.size() > 160) return false;
  return lines_.count(line_key(outlet, t)) > 0;
}

std::vector<Span> find_furniture(std::string_view text, const std::string& outlet, const Boilerplate* bp) {
  std::vector<Span> out;
  for_each_line(text, [&](size_t b, size_t e) {
    std::string_view line = text.substr(b, e - b);
    if (is_furniture_line(line) || (bp && bp->is_boilerplate(outlet, line)))
      out.push_back(Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  });
  return out;
}

}  // namespace retrace
