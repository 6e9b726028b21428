#include "write/spill_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/file_io.h"
#include "write/output_file.h"

namespace retrace {

SpillFile::SpillFile(const std::string& dir) : dir_(dir) {
  if (dir_.empty()) {
    const char* t = std::getenv("TMPDIR");
    dir_ = t && *t ? t : "/tmp";
  }
  std::string path = dir_ + "/retrace-spill-XXXXXX";
  fd_ = ::mkstemp(path.data());
  if (fd_ < 0) fail(std::string("cannot create a temporary file: ") + std::strerror(errno));
  ::unlink(path.c_str());  // gone from the folder now; the data goes when the descriptor closes
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillFile::fail(const std::string& what) const { throw OutputError(dir_ + ": " + what); }

uint64_t SpillFile::append(const void* data, size_t n) {
  uint64_t off;
  {
    std::lock_guard<std::mutex> l(mu_);
    off = end_;
    end_ += n;
  }
  errno = 0;
  if (!pwrite_all(fd_, data, n, off))
    fail(std::string("cannot write a temporary file: ") + std::strerror(errno ? errno : EIO));
  return off;
}

void SpillFile::read(uint64_t off, void* out, size_t n) const {
  errno = 0;
  if (!pread_all(fd_, out, n, off))
    fail(std::string("cannot read back a temporary file: ") + std::strerror(errno ? errno : EIO));
}

}  // namespace retrace
