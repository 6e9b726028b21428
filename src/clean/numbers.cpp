#include "clean/numbers.h"

#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "core/flat_map.h"
#include "core/utf8.h"

namespace retrace {
namespace {

const std::unordered_map<std::string, double>& small_numbers() {
  static const std::unordered_map<std::string, double> m = {
      {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8},
      {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14},
      {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
      {"twenty", 20}, {"thirty", 30}, {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70},
      {"eighty", 80}, {"ninety", 90}, {"dozen", 12}};
  return m;
}

const std::unordered_map<std::string, double>& scales() {
  static const std::unordered_map<std::string, double> m = {
      {"hundred", 1e2}, {"thousand", 1e3}, {"k", 1e3}, {"million", 1e6}, {"m", 1e6}, {"mn", 1e6},
      {"billion", 1e9}, {"bn", 1e9}, {"b", 1e9}, {"trillion", 1e12}, {"tn", 1e12}, {"millions", 1e6},
      {"billions", 1e9}, {"thousands", 1e3}, {"hundreds", 1e2}};
  return m;
}

// Unit words after a number, mapped to a canonical unit.
const std::unordered_map<std::string, std::string>& units() {
  static const std::unordered_map<std::string, std::string> m = {
      {"percent", "%"}, {"pc", "%"}, {"per", "%?"}, {"hour", "hour"}, {"hours", "hour"}, {"hrs", "hour"},
      {"minute", "minute"}, {"minutes", "minute"}, {"mins", "minute"}, {"second", "second"},
      {"seconds", "second"}, {"day", "day"}, {"days", "day"}, {"week", "week"}, {"weeks", "week"},
      {"month", "month"}, {"months", "month"}, {"year", "year"}, {"years", "year"}, {"mile", "mile"},
      {"miles", "mile"}, {"km", "km"}, {"kilometres", "km"}, {"kilometers", "km"}, {"metres", "m"},
      {"meters", "m"}, {"kg", "kg"}, {"tonnes", "tonne"}, {"tons", "tonne"}, {"dollars", "$"},
      {"dollar", "$"}, {"pounds", "£"}, {"euros", "€"}, {"euro", "€"}, {"yen", "¥"}, {"points", "point"},
      {"point", "point"}, {"people", "people"}, {"troops", "people"}, {"soldiers", "people"},
      {"jobs", "job"}, {"votes", "vote"}, {"seats", "seat"}, {"goals", "goal"}, {"matches", "match"},
      {"games", "game"}, {"times", "times"}, {"strong", "strong"}, {"member", "member"}, {"members", "member"}};
  return m;
}

// False for a word no number mention can start with (most words): a cheap test before the
// table lookups below. A mention starts with a digit, a number word, "a", "one" or "half".
bool may_start_number(const Token& t) {
  static const FlatMap64<uint8_t> starters = [] {
    FlatMap64<uint8_t> m;
    for (const auto& [w, v] : small_numbers()) m[word_id(w)] = 1;
    for (const char* w : {"a", "one", "half"}) m[word_id(w)] = 1;
    return m;
  }();
  if (t.word.empty()) return false;
  if (t.word[0] >= '0' && t.word[0] <= '9') return true;
  return starters.find(t.id ? t.id : word_id(t.word)) != nullptr;
}

bool parse_digits(const std::string& w, double* value, std::string* suffix) {
  size_t i = 0;
  while (i < w.size() && ((w[i] >= '0' && w[i] <= '9') || w[i] == '.')) ++i;
  if (i == 0 || w[0] == '.') return false;
  std::string num = w.substr(0, i);
  if (num.back() == '.') return false;
  char* end = nullptr;
  *value = std::strtod(num.c_str(), &end);
  if (end != num.c_str() + num.size()) return false;
  *suffix = w.substr(i);
  return true;
}

std::string currency_before(const std::string& text, uint32_t pos) {
  // Up to 4 bytes before the number: $, US$, £, €, ¥.
  size_t b = pos >= 4 ? pos - 4 : 0;
  std::string_view pre(text.data() + b, pos - b);
  if (!pre.empty() && pre.back() == '$') return "$";
  if (pre.size() >= 2 && pre.substr(pre.size() - 2) == "\xC2\xA3") return "£";
  if (pre.size() >= 3 && pre.substr(pre.size() - 3) == "\xE2\x82\xAC") return "€";
  if (pre.size() >= 2 && pre.substr(pre.size() - 2) == "\xC2\xA5") return "¥";
  return "";
}

}  // namespace

bool same_value(double a, double b) {
  return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::max(std::fabs(a), std::fabs(b)));
}

bool same_number(const NumberMention& a, const NumberMention& b) {
  if (same_value(a.value, b.value)) return true;
  if (a.alt >= 0 && same_value(a.alt, b.value)) return true;
  if (b.alt >= 0 && same_value(a.value, b.alt)) return true;
  return a.alt >= 0 && b.alt >= 0 && same_value(a.alt, b.alt);
}

std::string number_key(const NumberMention& m) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g|", m.value);
  return buf + m.unit;
}

std::vector<NumberMention> find_numbers(const std::string& text, const CleanDoc& doc, uint32_t tb, uint32_t te) {
  std::vector<NumberMention> out;
  const auto& T = doc.tokens;
  const auto& small = small_numbers();
  const auto& sc = scales();
  const auto& un = units();
  uint32_t i = tb;
  while (i < te) {
    const std::string& w = T[i].word;
    if (!may_start_number(T[i])) {
      ++i;
      continue;
    }
    double value = 0;
    std::string suffix;
    uint32_t j = i + 1;
    bool found = false;
    if (parse_digits(w, &value, &suffix)) {
      found = true;
      if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
        suffix.clear();  // ordinal: same value
      }
    } else if (small.count(w)) {
      found = true;
      value = small.at(w);
      // "twenty five" / "twenty-five"
      static const std::unordered_map<std::string, double> ordinal_units = {
          {"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4}, {"fifth", 5}, {"sixth", 6},
          {"seventh", 7}, {"eighth", 8}, {"ninth", 9}};
      if (value >= 20 && j < te && small.count(T[j].word) && small.at(T[j].word) < 10) value += small.at(T[j++].word);
      else if (value >= 20 && j < te && ordinal_units.count(T[j].word)) value += ordinal_units.at(T[j++].word);
    } else if (w == "half" && j + 1 < te && (T[j].word == "a" || T[j].word == "an") && sc.count(T[j + 1].word)) {
      found = true;  // "half a million"
      value = 0.5;
      ++j;
    } else if ((w == "one" || w == "a" || w == "half") && j < te) {
      // "one million", "a dozen", "half a million", "one and a half hours"
      if (sc.count(T[j].word) && T[j].word.size() > 2) {
        found = true;
        value = 1;
      } else if (T[j].word == "dozen") {
        found = true;
        value = 12;
        ++j;
      } else if (w == "one" && j + 2 < te && T[j].word == "and" && T[j + 1].word == "a" && T[j + 2].word == "half") {
        found = true;
        value = 1;
      }
    }
    if (!found) {
      ++i;
      continue;
    }
    // Fractions: "three quarters", "two thirds", then "of a million".
    if (j < te) {
      static const std::unordered_map<std::string, double> parts = {
          {"quarter", 4}, {"quarters", 4}, {"third", 3}, {"thirds", 3}, {"fifth", 5}, {"fifths", 5}, {"halves", 2}};
      auto f = parts.find(T[j].word);
      if (f != parts.end() && value < f->second && suffix.empty()) {
        value /= f->second;
        ++j;
        if (j + 2 < te && T[j].word == "of" && (T[j + 1].word == "a" || T[j + 1].word == "an") && sc.count(T[j + 2].word)) {
          value *= sc.at(T[j + 2].word);
          j += 3;
        }
      }
    }
    NumberMention m;
    m.tok_begin = i;
    // Clock times: "07:10", "0710 GMT" are the same time.
    if (suffix.empty() && j < te && T[i].end < text.size() && text[T[i].end] == ':' && T[j].begin == T[i].end + 1 &&
        T[j].number() && T[j].word.size() == 2 && value < 24) {
      value = value * 100 + std::atof(T[j].word.c_str());
      ++j;
    }
    m.unit = currency_before(text, T[i].begin);
    // "and a half", "and three quarters"
    if (j + 2 < te && T[j].word == "and" && T[j + 1].word == "a" && T[j + 2].word == "half") {
      value += 0.5;
      j += 3;
    }
    // scale: attached suffix ("1.13bn", "600m") or the next word ("1.13 billion")
    if (!suffix.empty()) {
      auto s = sc.find(suffix);
      if (suffix == "m" && m.unit.empty()) {  // "200m": metres, or million without a currency
        m.unit = "m";
        m.alt = value * 1e6;
      } else if (s != sc.end()) value *= s->second;
      else if (un.count(suffix)) m.unit = un.at(suffix);
      else if (suffix == "s" && value >= 1000) m.unit = "decade";
    } else if (j < te && sc.count(T[j].word)) {
      value *= sc.at(T[j].word);
      ++j;
    }
    // percent sign right after the number
    uint32_t end = T[j - 1].end;
    if (end < text.size() && text[end] == '%') {
      m.unit = "%";
      ++end;
    } else if (j < te && un.count(T[j].word)) {
      std::string u = un.at(T[j].word);
      if (u == "%?") {  // "per cent"
        if (j + 1 < te && T[j + 1].word == "cent") {
          m.unit = "%";
          j += 2;
        }
      } else if (m.unit.empty() || u == m.unit) {
        m.unit = u;
        ++j;
      }
      end = T[j - 1].end;
    }
    size_t b = T[i].begin;
    if (std::string cur = currency_before(text, T[i].begin); !cur.empty()) b -= cur == "$" ? 1 : cur == "€" ? 3 : 2;
    m.value = value;
    m.tok_end = j;
    m.span = Span{static_cast<uint32_t>(b), end};
    m.year_like = m.unit.empty() && value >= 1800 && value <= 2100 && value == std::floor(value) &&
                  T[i].word.size() == 4;
    out.push_back(std::move(m));
    i = j;
  }
  return out;
}

}  // namespace retrace
