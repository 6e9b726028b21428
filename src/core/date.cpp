#include <date/date.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <locale>
#include <sstream>
#include <strings.h>

#include "core/document.h"

namespace retrace {
namespace {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {  // H. Hinnant's algorithm
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool digits(const std::string& s, size_t pos, size_t n, int* out) {
  if (n == 0) return false;
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool parse_iso_date(const std::string& s, int64_t* out) {
  int y, mo, d;
  if (!digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, &mo) || s[7] != '-' ||
      !digits(s, 8, 2, &d))
    return false;
  if (!date::year_month_day(date::year(y), date::month(mo), date::day(d)).ok()) return false;  // 2025-02-31
  int64_t secs = days_from_civil(y, mo, d) * 86400;
  size_t p = 10;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ')) {
    int hh = 0, mm = 0, ss = 0;
    if (!digits(s, p + 1, 2, &hh) || p + 3 >= s.size() || s[p + 3] != ':' || !digits(s, p + 4, 2, &mm))
      return false;
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!digits(s, p + 1, 2, &ss)) return false;
      p += 3;
      if (p < s.size() && s[p] == '.') {
        ++p;
        while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
      }
    }
    if (hh > 23 || mm > 59 || ss > 60) return false;
    secs += hh * 3600 + mm * 60 + ss;
    if (p < s.size()) {
      if (s[p] == 'Z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        int oh, om = 0;
        if (!digits(s, p + 1, 2, &oh)) return false;
        size_t q = p + 3;
        if (q < s.size() && s[q] == ':') ++q;
        if (q < s.size()) {
          if (!digits(s, q, 2, &om)) return false;
          q += 2;
        }
        int64_t off = oh * 3600 + om * 60;
        secs += s[p] == '+' ? -off : off;
        p = q;
      }
    }
  }
  if (p != s.size()) return false;
  *out = secs;
  return true;
}

namespace {

// Parses all of s with a date::parse format into seconds since the epoch; *rest gets what
// follows if rest is given, else the text must end there.
bool parse_with(const std::string& s, const char* format, int64_t* out, std::string* rest = nullptr) {
  std::istringstream in(s);
  in.imbue(std::locale::classic());
  std::chrono::sys_seconds t;
  in >> date::parse(format, t);
  if (in.fail()) return false;
  std::string tail;
  std::getline(in, tail, '\0');
  size_t b = tail.find_first_not_of(" \t");
  tail = b == std::string::npos ? "" : tail.substr(b);
  while (!tail.empty() && (tail.back() == ' ' || tail.back() == '\t')) tail.pop_back();
  if (rest) *rest = tail;
  else if (!tail.empty()) return false;
  *out = t.time_since_epoch().count();
  return true;
}

// RFC 2822 zone: "+hhmm", "-hhmm", or a name of RFC 822 (GMT, UT, the US zones) or UTC / Z;
// none means UTC. Gives the offset east of UTC in seconds.
bool rfc_zone(const std::string& z, int64_t* offset) {
  if (z.empty()) { *offset = 0; return true; }
  if ((z[0] == '+' || z[0] == '-') && z.size() == 5) {
    int hh = 0, mm = 0;
    if (!digits(z, 1, 2, &hh) || !digits(z, 3, 2, &mm) || mm > 59) return false;
    *offset = (z[0] == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
    return true;
  }
  static const struct { const char* name; int hours; } kZones[] = {
      {"GMT", 0}, {"UT", 0}, {"UTC", 0}, {"Z", 0}, {"EST", -5}, {"EDT", -4}, {"CST", -6},
      {"CDT", -5}, {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
  for (auto& k : kZones)
    if (strcasecmp(z.c_str(), k.name) == 0) {
      *offset = k.hours * 3600;
      return true;
    }
  return false;
}

bool parse_rfc2822(std::string s, int64_t* out) {
  // An optional day name ("Wed, "); not checked against the date, as feeds often get it wrong.
  size_t comma = s.find(',');
  if (comma != std::string::npos) {
    std::string day = s.substr(0, comma);
    static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    bool known = false;
    for (const char* d : kDays) known |= strncasecmp(day.c_str(), d, 3) == 0 && day.size() >= 3;
    if (!known) return false;
    s = s.substr(comma + 1);
  }
  std::string zone;
  int64_t t, off;
  if (!parse_with(s, " %d %b %Y %H:%M:%S", &t, &zone) && !parse_with(s, " %d %b %Y %H:%M", &t, &zone)) return false;
  if (!rfc_zone(zone, &off)) return false;
  *out = t - off;
  return true;
}

// Seconds since the epoch: 9 to 11 digits (1973 to 5138), so that "2025" or "20250903" are
// not taken for seconds.
bool parse_epoch(const std::string& s, int64_t* out) {
  if (s.size() < 9 || s.size() > 11) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool parse_date(const std::string& s, int64_t* out, const std::string& format) {
  if (!format.empty() && parse_with(s, format.c_str(), out)) return true;
  return parse_iso_date(s, out) || parse_rfc2822(s, out) || parse_epoch(s, out);
}

}  // namespace retrace
