// libFuzzer target: date parsing (core/document.h parse_date) on arbitrary text; a first line
// ending in '\n' is used as a --date-format. Run: build-fuzz/fuzz_dates -max_total_time=60
#include <cstdint>
#include <string>

#include "core/document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string s(reinterpret_cast<const char*>(data), size), format;
  size_t nl = s.find('\n');
  if (nl != std::string::npos) {
    format = s.substr(0, nl);
    s = s.substr(nl + 1);
  }
  int64_t t = 0;
  retrace::parse_date(s, &t, format);
  retrace::parse_iso_date(s, &t);
  return 0;
}
