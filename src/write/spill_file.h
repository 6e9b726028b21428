// write/spill_file.h — an unlinked temporary file that a run writes its intermediate data to
// (the texts of a large corpus, the postings of the candidate stage) and reads back at offsets,
// so that memory does not grow with the corpus. The file is unlinked as soon as it is created:
// the kernel removes it when the process ends, however it ends. Thread-safe: appends reserve
// their range under a lock and write outside it; reads are pread(2).
#pragma once
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace retrace {

class SpillFile {
 public:
  // Creates the file in `dir` (empty: $TMPDIR, else /tmp). OutputError naming the folder if it
  // cannot be created there.
  explicit SpillFile(const std::string& dir = "");
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Writes n bytes at the end of the file; returns where they start. OutputError on a write
  // error (a full disk), naming the folder.
  uint64_t append(const void* data, size_t n);
  // Reads n bytes at offset off (what append wrote). OutputError if they cannot be read.
  void read(uint64_t off, void* out, size_t n) const;

 private:
  [[noreturn]] void fail(const std::string& what) const;
  int fd_ = -1;
  std::string dir_;
  std::mutex mu_;
  uint64_t end_ = 0;
};

}  // namespace retrace
