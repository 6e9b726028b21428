// libFuzzer target: the read stage (read/reader.h, read/line_source.h) on arbitrary bytes.
// The first byte picks how the bytes are named and read: JSON Lines / JSON array (any
// compression), or the same with dotted field paths and a date format. Build with
// -DRETRACE_FUZZ=ON (clang); run: build-fuzz/fuzz_reader -max_total_time=60 fuzz/corpus/reader
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_support.h"
#include "read/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string path = fuzz::temp_path("input.jsonl");
  fuzz::write(path, data + 1, size - 1);
  retrace::ReadOptions opt;
  opt.quiet = true;
  opt.max_text_bytes = 1 << 16;
  if (data[0] & 1) {
    opt.id_field = "meta.id";
    opt.text_field = "body.text";
    opt.date_field = "d";
    opt.date_format = "%d/%m/%Y";
  }
  retrace::ReadReport report;
  try {
    retrace::read_corpus({path}, opt, &report, [](const retrace::Problem&) {});
  } catch (const retrace::InputError&) {
    // A corrupt compressed stream: an error the CLI reports; anything else is a bug.
  }
  return 0;
}
