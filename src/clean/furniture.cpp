#include "clean/furniture.h"

#include "core/bytes.h"

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
  std::string_view text(d.text);
  std::vector<std::pair<size_t, size_t>> lines;
  for_each_line(text, [&](size_t b, size_t e) { lines.emplace_back(b, e); });
  auto blank = [&](size_t k) { return k >= lines.size() || trim(text.substr(lines[k].first, lines[k].second - lines[k].first)).empty(); };
  size_t first = 0, last = lines.size() ? lines.size() - 1 : 0;
  while (first < lines.size() && blank(first)) ++first;
  while (last > first && blank(last)) --last;
  for (size_t k = first; k <= last && k < lines.size(); ++k) {
    std::string_view line = trim(text.substr(lines[k].first, lines[k].second - lines[k].first));
    if (line.size() < 8 || line.size() > 160) continue;
    bool standalone = k == first || k == last || (blank(k - 1) && blank(k + 1));
    if (standalone) keys.push_back(line_key(d.source, line));
  }
  if (keys.empty()) return;
  uint64_t text_hash = XXH3_64bits(d.text.data(), d.text.size());
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::lock_guard<std::mutex> lock(mu_);
  uint8_t& seen_text = texts_[text_hash];
  if (seen_text) return;
  seen_text = 1;
  for (uint64_t k : keys) ++seen_[k];
}

void Boilerplate::finish() {
  seen_.for_each([&](uint64_t k, uint32_t n) {
    if (n >= static_cast<uint32_t>(kMinDocs)) lines_[k] = 1;
  });
  seen_.clear();
  texts_.clear();
}


void Boilerplate::save(std::string* out) const {
  put_value<uint64_t>(out, lines_.size());
  lines_.for_each([&](uint64_t k, uint8_t) { put_value(out, k); });
}

bool Boilerplate::load(std::string_view in) {
  uint64_t n = 0;
  if (!get_value(&in, &n) || in.size() != n * 8) return false;
  seen_.clear();
  texts_.clear();
  lines_.clear();
  for (uint64_t k = 0; k < n; ++k) {
    uint64_t key = 0;
    get_value(&in, &key);
    lines_[key] = 1;
  }
  return true;
}

bool Boilerplate::is_boilerplate(const std::string& outlet, std::string_view line) const {
  if (lines_.size() == 0) return false;
  std::string_view t = trim(line);
  if (t.size() < 8 || t.size() > 160) return false;
  return lines_.find(line_key(outlet, t)) != nullptr;
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
