// read/line_source.h — lines of a plain, gzip, zstd, bzip2 or xz file, or of standard input.
#pragma once
#include <cstddef>
#include <cstdint>
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
  // The next bytes, not consumed (at least the start of the next line; empty at the end).
  virtual std::string_view peek() = 0;
  // Lines longer than this keep only their first max bytes (the rest is read past, never held
  // in memory); cut_length() then gives the whole line's length, else 0.
  void set_max_line(size_t max) { max_line_ = max; }
  size_t cut_length() const { return cut_; }

 protected:
  size_t max_line_ = SIZE_MAX;
  size_t cut_ = 0;
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
