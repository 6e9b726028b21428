// libFuzzer target: the CSV/TSV reader (read/reader.h) on arbitrary bytes; the first byte
// picks CSV or TSV. Run: build-fuzz/fuzz_csv -max_total_time=60 fuzz/corpus/csv
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "read/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string csv = fuzz::temp_path("input.csv"), tsv = fuzz::temp_path("input.tsv");
  const std::string& path = data[0] & 1 ? tsv : csv;
  fuzz::write(path, data + 1, size - 1);
  retrace::ReadOptions opt;
  opt.quiet = true;
  retrace::ReadReport report;
  try {
    retrace::read_corpus({path}, opt, &report, [](const retrace::Problem&) {});
  } catch (const retrace::InputError&) {
  }
  return 0;
}
