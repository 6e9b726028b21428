#include <cctype>
#include <cstdlib>

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
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
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

}  // namespace retrace
