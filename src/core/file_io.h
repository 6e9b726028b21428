// core/file_io.h — whole reads and writes on a file descriptor, retried on EINTR and short
// counts, for the files retrace reads at offsets (index segments, spill files).
#pragma once
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace retrace {

// Reads n bytes at offset off; false on a short read or an error (errno tells which).
inline bool pread_all(int fd, void* buf, size_t n, uint64_t off) {
  char* p = static_cast<char*>(buf);
  while (n > 0) {
    ssize_t got = ::pread(fd, p, n, static_cast<off_t>(off));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got, n -= static_cast<size_t>(got), off += static_cast<uint64_t>(got);
  }
  return true;
}

// Writes n bytes at offset off; false on an error (errno tells which).
inline bool pwrite_all(int fd, const void* buf, size_t n, uint64_t off) {
  const char* p = static_cast<const char*>(buf);
  while (n > 0) {
    ssize_t put = ::pwrite(fd, p, n, static_cast<off_t>(off));
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    p += put, n -= static_cast<size_t>(put), off += static_cast<uint64_t>(put);
  }
  return true;
}

// Writes n bytes at the file position; false on an error (errno tells which).
inline bool write_all(int fd, const void* buf, size_t n) {
  const char* p = static_cast<const char*>(buf);
  while (n > 0) {
    ssize_t put = ::write(fd, p, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    p += put, n -= static_cast<size_t>(put);
  }
  return true;
}

}  // namespace retrace
