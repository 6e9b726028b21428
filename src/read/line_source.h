// read/line_source.h — lines of a plain, gzip, zstd, bzip2 or xz file, or of standard input.
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace retrace {

class LineSource {
 public:
  virtual ~LineSource() = default;
  // Reads the next line (without the trailing '\n' / "\r\n") into line. False at end.
  // Throws InputError on a read or decompression error.
  virtual bool next(std::string& line) = 0;
};

enum class Compression { kNone, kGzip, kZstd, kBzip2, kXz };

// The compression of a stream from its first bytes (magic numbers; up to 6 bytes are looked at).
Compression sniff_compression(std::string_view head);

// Chooses the decoder by the first bytes (magic numbers), for files and "-" (standard input)
// alike; the file name does not matter. Concatenated streams (pigz, pbzip2, xz -T) are read
// whole; a stream cut short is an InputError.
std::unique_ptr<LineSource> open_lines(const std::string& path);

// Reads a whole (small) file. Throws InputError.
std::string read_file(const std::string& path);

}  // namespace retrace
