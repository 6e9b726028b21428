// read/line_source.h — lines of a plain, gzip or zstd file, or of standard input.
#pragma once
#include <memory>
#include <string>

namespace retrace {

class LineSource {
 public:
  virtual ~LineSource() = default;
  // Reads the next line (without the trailing '\n' / "\r\n") into line. False at end.
  // Throws InputError on a read or decompression error.
  virtual bool next(std::string& line) = 0;
};

// Chooses the decoder by extension (.gz, .zst) or by magic bytes; "-" is standard input.
std::unique_ptr<LineSource> open_lines(const std::string& path);

// Reads a whole (small) file. Throws InputError.
std::string read_file(const std::string& path);

}  // namespace retrace
