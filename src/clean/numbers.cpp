#include "clean/numbers.h"

#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "core/flat_map.h"
#include "core/utf8.h"

namespace retrace {
namespace {

// Cardinal words below a hundred. "one" is a number only inside a compound or before a scale
// or unit ("one hundred", "fifty-one", "one hour"): alone it is usually a pronoun.
const std::unordered_map<std::string, double>& small_numbers() {
  static const std::unordered_map<std::string, double> m = {
      {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8},
      {"nine", 9}, {"ten", 10}, {"eleven", 11}, {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14},
      {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
      {"twenty", 20}, {"thirty", 30}, {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70},
      {"eighty", 80}, {"ninety", 90}};
  return m;
}

// Ordinal words. "first" and "second" only end a compound ("twenty-first"): alone they are
// too common ("for the first time") and "second" is also a unit.
const std::unordered_map<std::string, double>& ordinal_words() {
  static const std::unordered_map<std::string, double> m = {
      {"first", 1}, {"second", 2}, {"third", 3}, {"fourth", 4}, {"fifth", 5}, {"sixth", 6}, {"seventh", 7},
      {"eighth", 8}, {"ninth", 9}, {"tenth", 10}, {"eleventh", 11}, {"twelfth", 12}, {"thirteenth", 13},
      {"fourteenth", 14}, {"fifteenth", 15}, {"sixteenth", 16}, {"seventeenth", 17}, {"eighteenth", 18},
      {"nineteenth", 19}, {"twentieth", 20}, {"thirtieth", 30}, {"fortieth", 40}, {"fiftieth", 50},
      {"sixtieth", 60}, {"seventieth", 70}, {"eightieth", 80}, {"ninetieth", 90}, {"hundredth", 100}};
  return m;
}

// Denominators of fractions: "a fifth", "two thirds", "three quarters".
const std::unordered_map<std::string, double>& fraction_words() {
  static const std::unordered_map<std::string, double> m = {
      {"half", 2}, {"halves", 2}, {"third", 3}, {"thirds", 3}, {"quarter", 4}, {"quarters", 4},
      {"fifth", 5}, {"fifths", 5}, {"sixth", 6}, {"sixths", 6}, {"seventh", 7}, {"sevenths", 7},
      {"eighth", 8}, {"eighths", 8}, {"ninth", 9}, {"ninths", 9}, {"tenth", 10}, {"tenths", 10}};
  return m;
}

const std::unordered_map<std::string, double>& scales() {
  static const std::unordered_map<std::string, double> m = {
      {"hundred", 1e2}, {"thousand", 1e3}, {"k", 1e3}, {"million", 1e6}, {"m", 1e6}, {"mn", 1e6},
      {"billion", 1e9}, {"bn", 1e9}, {"b", 1e9}, {"trillion", 1e12}, {"tn", 1e12}, {"millions", 1e6},
      {"billions", 1e9}, {"thousands", 1e3}, {"hundreds", 1e2}};
  return m;
}

// Durations in a common measure, to compare "half an hour" with "30 minutes": seconds for
// second..week, years for year and decade (months stand alone). 0 for other units.
double duration_factor(const std::string& unit, int* group) {
  static const std::unordered_map<std::string, std::pair<int, double>> m = {
      {"second", {1, 1}}, {"minute", {1, 60}}, {"hour", {1, 3600}}, {"day", {1, 86400}}, {"week", {1, 604800}},
      {"year", {2, 1}}, {"decade", {2, 10}}};
  auto it = m.find(unit);
  if (it == m.end()) return 0;
  *group = it->second.first;
  return it->second.second;
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
      {"workers", "people"}, {"employees", "people"}, {"staff", "people"}, {"residents", "people"},
      {"civilians", "people"}, {"persons", "people"}, {"individuals", "people"},
      {"jobs", "job"}, {"votes", "vote"}, {"seats", "seat"}, {"goals", "goal"}, {"matches", "match"},
      {"games", "game"}, {"times", "times"}, {"strong", "strong"}, {"member", "member"}, {"members", "member"},
      {"decade", "decade"}, {"decades", "decade"}};
  return m;
}

// False for a word no number mention can start with (most words): a cheap test before the
// table lookups below. A mention starts with a digit, a number or ordinal word, "a", "an" or "half".
bool may_start_number(const Token& t) {
  static const FlatMap64<uint8_t> starters = [] {
    FlatMap64<uint8_t> m;
    for (const auto& [w, v] : small_numbers()) m[word_id(w)] = 1;
    for (const auto& [w, v] : ordinal_words()) m[word_id(w)] = 1;
    for (const char* w : {"a", "an", "half", "hundred", "dozen", "twice", "thrice"}) m[word_id(w)] = 1;
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

bool is_scale_word(const std::string& w) {
  return w == "hundred" || w == "thousand" || w == "million" || w == "billion" || w == "trillion";
}

// A cardinal or ordinal in words from token i: "a hundred and thirty-three", "twenty-five
// thousand", "fifty million", "one hundred and one", "twenty-first", "fourteenth", "half a
// dozen". Sets *end past it. False if none starts at i.
bool parse_number_words(const std::vector<Token>& T, uint32_t i, uint32_t te, double* value, uint32_t* end,
                        bool* ordinal) {
  const auto& small = small_numbers();
  const auto& ords = ordinal_words();
  auto word = [&](uint32_t k) -> const std::string& { return T[k].word; };
  double total = 0, cur = 0;
  bool any = false, after_scale = false;
  *ordinal = false;
  uint32_t k = i;
  if (k + 2 < te && word(k) == "half" && (word(k + 1) == "a" || word(k + 1) == "an") &&
      (word(k + 2) == "dozen" || is_scale_word(word(k + 2)))) {  // "half a dozen", "half a million"
    *value = 0.5 * (word(k + 2) == "dozen" ? 12 : scales().at(word(k + 2)));
    *end = k + 3;
    return true;
  }
  while (k < te) {
    const std::string& w = word(k);
    auto sm = small.find(w);
    if (sm != small.end()) {
      // A new unit word after a unit word is another number ("five six"), except after a scale.
      if (any && !after_scale && std::fmod(cur, 100) != 0) break;
      double v = sm->second;
      bool next_scale = k + 1 < te && (is_scale_word(word(k + 1)) || word(k + 1) == "dozen");
      if (w == "one" && !any && !next_scale && !(k + 1 < te && word(k + 1) == "and")) {
        // "one" alone: a number only before a unit word ("one hour"), decided by the caller.
        if (!(k + 1 < te && units().count(word(k + 1)))) break;
      }
      ++k;
      if (v >= 20 && k < te) {  // "twenty five", "twenty-five", "twenty-first"
        auto u = small.find(word(k));
        auto o = ords.find(word(k));
        if (u != small.end() && u->second < 10) v += u->second, ++k;
        else if (o != ords.end() && o->second < 10) {
          cur += v + o->second;
          *ordinal = true;
          any = true;
          ++k;
          break;
        }
      }
      cur += v;
      any = true;
      after_scale = false;
      continue;
    }
    auto od = ords.find(w);
    if (od != ords.end() && (od->second >= 3 || (any && after_scale)) && (!any || after_scale || od->second == 100)) {
      // "fourteenth", "a hundred and third", "two hundredth"
      if (od->second == 100) cur = std::max(cur, 1.0) * 100;
      else cur += od->second;
      *ordinal = true;
      any = true;
      ++k;
      break;
    }
    if ((w == "a" || w == "an") && !any && k + 1 < te && (is_scale_word(word(k + 1)) || word(k + 1) == "dozen")) {
      cur = 1;  // "a hundred", "a million", "a dozen": the scale follows
      ++k;
      continue;
    }
    if (w == "hundred" && (any || cur > 0)) {
      cur = std::max(cur, 1.0) * 100;
      any = after_scale = true;
      ++k;
      continue;
    }
    if (w == "dozen" && (any || cur > 0)) {
      cur = std::max(cur, 1.0) * 12;
      any = true;
      after_scale = false;
      ++k;
      continue;
    }
    if ((w == "thousand" || w == "million" || w == "billion" || w == "trillion") && (any || cur > 0)) {
      total += std::max(cur, 1.0) * scales().at(w);
      cur = 0;
      any = after_scale = true;
      ++k;
      continue;
    }
    // "a hundred and thirty", "one thousand and one": "and" joins only after a scale.
    if (w == "and" && any && after_scale && k + 1 < te && small.count(word(k + 1))) {
      ++k;
      continue;
    }
    break;
  }
  if (!any) return false;
  *value = total + cur;
  *end = k;
  return true;
}

// "10pm", "10.30am": the clock time as hhmm (2230), the way "22:30" and "2230 GMT" read.
bool clock_suffix(double value, const std::string& suffix, double* hhmm) {
  if (suffix != "pm" && suffix != "am") return false;
  double h = std::floor(value), m = std::round((value - h) * 100);
  if (h < 1 || h > 12 || m >= 60) return false;
  if (suffix == "pm" && h < 12) h += 12;
  if (suffix == "am" && h == 12) h = 0;
  *hhmm = h * 100 + m;
  return true;
}

bool is_hyphen_between(const std::string& text, const Token& a, const Token& b) {
  std::string_view gap(text.data() + a.end, b.begin - a.end);
  return gap == "-" || gap == "\xE2\x80\x93";  // hyphen or en dash, no spaces
}

}  // namespace

bool same_value(double a, double b) {
  return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::max(std::fabs(a), std::fabs(b)));
}

namespace {

// The value in the common measure of its unit group, or the value itself.
double measured(const NumberMention& m, double v, int* group) {
  *group = 0;
  double f = duration_factor(m.unit, group);
  return f > 0 ? v * f : v;
}

bool same_reading(const NumberMention& a, double va, const NumberMention& b, double vb) {
  int ga, gb;
  double ma = measured(a, va, &ga), mb = measured(b, vb, &gb);
  if (ga && ga == gb) return same_value(ma, mb);
  if (same_value(va, vb)) return true;
  // A fraction in words is a rounded share: "two thirds" is "67%".
  if ((a.fraction || b.fraction) && a.unit == b.unit) return std::fabs(va - vb) <= 0.5;
  return false;
}

}  // namespace

bool same_number(const NumberMention& a, const NumberMention& b) {
  if (same_reading(a, a.value, b, b.value)) return true;
  if (a.alt >= 0 && same_reading(a, a.alt, b, b.value)) return true;
  if (b.alt >= 0 && same_reading(a, a.value, b, b.alt)) return true;
  return a.alt >= 0 && b.alt >= 0 && same_reading(a, a.alt, b, b.alt);
}

std::string number_key(const NumberMention& m) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g|", m.value);
  return buf + m.unit;
}

std::vector<NumberMention> find_numbers(const std::string& text, const CleanDoc& doc, uint32_t tb, uint32_t te) {
  std::vector<NumberMention> out;
  const auto& T = doc.tokens;
  const auto& fracs = fraction_words();
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
    bool found = false, ordinal = false, fraction = false, digits = false, clock = false;
    if (parse_digits(w, &value, &suffix)) {
      found = digits = true;
      if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
        suffix.clear();  // "14th": the ordinal of the value
        ordinal = true;
      } else if (double hhmm; clock_suffix(value, suffix, &hhmm)) {
        value = hhmm, suffix.clear(), clock = true;
      } else if (suffix.empty() && j < te && clock_suffix(value, T[j].word, &hhmm)) {
        value = hhmm, clock = true, ++j;  // "10 pm"
      }
    } else if (w == "twice" || w == "thrice") {
      found = true;  // "twice as many" = "two times as many"
      value = w == "twice" ? 2 : 3;
    } else if ((w == "a" || w == "an" || w == "one") && j < te && fracs.count(T[j].word) && T[j].word != "half" &&
               T[j].word != "halves") {
      found = fraction = true;  // "a fifth", "one third"
      value = 1 / fracs.at(T[j].word);
      ++j;
    } else if (w == "half" && j + 1 < te && (T[j].word == "a" || T[j].word == "an") && un.count(T[j + 1].word)) {
      found = true;  // "half an hour", "half a day"
      value = 0.5;
      ++j;
    } else if ((w == "a" || w == "an") && j < te && un.count(T[j].word) && T[j].word != "per") {
      // "a year ago", "for an hour", "in a decade"; not a rate ("£3,000 a year", "2 million
      // tourists a year", "twice a week").
      static const std::unordered_set<std::string> before = {"for",   "in",     "within", "after", "over", "than",
                                                             "about", "nearly", "almost", "just",  "only"};
      static const std::unordered_set<std::string> after = {"ago",   "later", "earlier", "before",
                                                            "after", "long",  "old"};
      bool duration = (i > tb && before.count(T[i - 1].word)) || (j + 1 < te && after.count(T[j + 1].word));
      int g;
      if (duration && duration_factor(un.at(T[j].word), &g) > 0) {
        found = true;  // "a year ago", "an hour": one of the unit
        value = 1;
      }
    } else if (parse_number_words(T, i, te, &value, &j, &ordinal)) {
      found = true;
    }
    if (!found) {
      ++i;
      continue;
    }
    // Fractions: "three quarters", "two thirds", then "of a million".
    if (!ordinal && !fraction && j < te && suffix.empty()) {
      auto f = fracs.find(T[j].word);
      if (f != fracs.end() && value < f->second && value == std::floor(value) && T[j].word != "half") {
        value /= f->second;
        fraction = true;
        ++j;
      }
    }
    if (fraction && j + 2 < te && T[j].word == "of" && (T[j + 1].word == "a" || T[j + 1].word == "an") &&
        sc.count(T[j + 2].word)) {
      value *= sc.at(T[j + 2].word);  // "three quarters of a million"
      fraction = false;
      j += 3;
    }
    NumberMention m;
    m.tok_begin = i;
    // Clock times: "07:10", "0710 GMT" are the same time.
    if (digits && suffix.empty() && j < te && T[i].end < text.size() && text[T[i].end] == ':' &&
        T[j].begin == T[i].end + 1 && T[j].number() && T[j].word.size() == 2 && value < 24) {
      value = value * 100 + std::atof(T[j].word.c_str());
      ++j;
    }
    // Scores: "3-0", "three-nil", "2-2", "two-all".
    if (!ordinal && !fraction && !clock && suffix.empty() && j < te && value <= 20 && value == std::floor(value) &&
        is_hyphen_between(text, T[j - 1], T[j])) {
      double other = -1, ov;
      uint32_t oe;
      bool oo;
      const std::string& x = T[j].word;
      if (x == "nil") other = 0;
      else if (x == "all") other = value;
      else if (std::string sfx; parse_digits(x, &ov, &sfx) && sfx.empty()) other = ov;
      else if (x == "one") other = 1;
      else if (parse_number_words(T, j, std::min(j + 1, te), &ov, &oe, &oo) && !oo) other = ov;
      if (other >= 0 && other <= 20 && other == std::floor(other) && !(j + 1 < te && un.count(T[j + 1].word))) {
        m.unit = "score";
        value = value * 1000 + other;
        ++j;
      }
    }
    if (m.unit.empty()) m.unit = currency_before(text, T[i].begin);
    if (digits && suffix.empty() && m.unit.empty() && T[i].word.find('.') != std::string::npos) {
      // "29.603": a thousands point in much of Europe, or a decimal.
      size_t dot = T[i].word.find('.');
      if (T[i].word.size() - dot - 1 == 3 && dot <= 3) m.alt = value * 1000;
    }
    // "and a half", "and three quarters"
    if (!ordinal && !fraction && j + 2 < te && T[j].word == "and" && T[j + 1].word == "a" && T[j + 2].word == "half") {
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
      else if (suffix == "s" && value >= 1000) m.unit = "era";  // "the 1990s"
    } else if (digits && j < te && sc.count(T[j].word)) {
      value *= sc.at(T[j].word);
      ++j;
    }
    // percent sign right after the number
    uint32_t end = T[j - 1].end;
    if (m.unit != "score" && end < text.size() && text[end] == '%') {
      m.unit = "%";
      ++end;
    } else if (m.unit != "score" && !clock && j < te && un.count(T[j].word)) {
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
    if ((w == "twice" || w == "thrice") && m.unit.empty()) m.unit = "times";
    if (fraction && m.unit.empty()) {
      m.unit = "%";  // "a fifth of callers": 20% of them
      value *= 100;
    }
    size_t b = T[i].begin;
    if (std::string cur = currency_before(text, T[i].begin); !cur.empty()) b -= cur == "$" ? 1 : cur == "€" ? 3 : 2;
    m.value = value;
    m.tok_end = j;
    m.span = Span{static_cast<uint32_t>(b), end};
    m.fraction = fraction;
    m.ordinal = ordinal;
    m.year_like = m.unit.empty() && value >= 1800 && value <= 2100 && value == std::floor(value) &&
                  T[i].word.size() == 4;
    out.push_back(std::move(m));
    i = j;
  }
  // Joined readings: "one minute and five seconds" (65 seconds), "five dollars ninety-five".
  std::vector<NumberMention> joined;
  for (size_t k = 0; k < out.size(); ++k) {
    NumberMention m = out[k];
    if (k + 1 < out.size()) {
      const NumberMention& n = out[k + 1];
      int g1 = 0, g2 = 0;
      double f1 = duration_factor(m.unit, &g1), f2 = duration_factor(n.unit, &g2);
      bool word_money = (m.unit == "$" || m.unit == "£" || m.unit == "€") && un.count(T[m.tok_end - 1].word);
      if (g1 && g1 == g2 && f1 > f2 && n.tok_begin == m.tok_end + 1 && T[m.tok_end].word == "and") {
        m.value = m.value * f1 / f2 + n.value;
        m.unit = n.unit;
      } else if (word_money && n.tok_begin == m.tok_end && n.unit.empty() && n.value >= 1 && n.value < 100 &&
                 n.value == std::floor(n.value) && !T[n.tok_begin].number() && n.tok_end - n.tok_begin <= 2) {
        m.value += n.value / 100;
      } else {
        joined.push_back(std::move(m));
        continue;
      }
      m.tok_end = n.tok_end;
      m.span.end = n.span.end;
      ++k;
    }
    joined.push_back(std::move(m));
  }
  return joined;
}

}  // namespace retrace
