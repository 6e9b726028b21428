#include "read/line_source.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "read/reader.h"

namespace retrace {
namespace {

// Byte chunks in, lines out.
class ChunkedLines : public LineSource {
 public:
  bool next(std::string& line) override {
    line.clear();
    for (;;) {
      if (pos_ < buf_.size()) {
        const char* start = buf_.data() + pos_;
        const char* nl = static_cast<const char*>(std::memchr(start, '\n', buf_.size() - pos_));
        if (nl) {
          line.append(start, nl - start);
          pos_ += (nl - start) + 1;
          if (!line.empty() && line.back() == '\r') line.pop_back();
          return true;
        }
        line.append(start, buf_.size() - pos_);
        pos_ = buf_.size();
      }
      if (eof_) {
        // A last line without a newline is still a line, once.
        bool had = !line.empty() || pending_;
        pending_ = false;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return had;
      }
      buf_.resize(1 << 20);
      size_t n = fill(buf_.data(), buf_.size());
      buf_.resize(n);
      pos_ = 0;
      pending_ = !line.empty();
      if (n == 0) eof_ = true;
    }
  }

 protected:
  virtual size_t fill(char* dst, size_t cap) = 0;  // 0 at end of input
  std::vector<char> buf_;
  size_t pos_ = 0;
  bool eof_ = false;
  bool pending_ = false;
};

class PlainLines : public ChunkedLines {
 public:
  PlainLines(FILE* f, std::string path, bool owned) : f_(f), path_(std::move(path)), owned_(owned) {}
  ~PlainLines() override { if (owned_ && f_) std::fclose(f_); }
 protected:
  size_t fill(char* dst, size_t cap) override {
    size_t n = std::fread(dst, 1, cap, f_);
    if (n == 0 && std::ferror(f_)) throw InputError(path_ + ": read error: " + std::strerror(errno));
    return n;
  }
 private:
  FILE* f_;
  std::string path_;
  bool owned_;
};

class GzipLines : public ChunkedLines {
 public:
  explicit GzipLines(const std::string& path) : path_(path) {
    gz_ = gzopen(path.c_str(), "rb");
    if (!gz_) throw InputError(path + ": cannot open: " + std::strerror(errno));
    gzbuffer(gz_, 1 << 18);
  }
  ~GzipLines() override { if (gz_) gzclose(gz_); }
 protected:
  size_t fill(char* dst, size_t cap) override {
    int n = gzread(gz_, dst, static_cast<unsigned>(cap));
    int err = Z_OK;
    const char* msg = gzerror(gz_, &err);
    // zlib reports a stream cut short as Z_BUF_ERROR at the end, not as a negative count.
    if (n < 0 || (err != Z_OK && err != Z_STREAM_END))
      throw InputError(path_ + ": gzip error: " + (err == Z_BUF_ERROR ? "truncated stream" : msg));
    return static_cast<size_t>(n);
  }
 private:
  std::string path_;
  gzFile gz_ = nullptr;
};

class ZstdLines : public ChunkedLines {
 public:
  explicit ZstdLines(const std::string& path) : path_(path) {
    f_ = std::fopen(path.c_str(), "rb");
    if (!f_) throw InputError(path + ": cannot open: " + std::strerror(errno));
    ctx_ = ZSTD_createDCtx();
    in_buf_.resize(ZSTD_DStreamInSize());
  }
  ~ZstdLines() override {
    if (f_) std::fclose(f_);
    ZSTD_freeDCtx(ctx_);
  }
 protected:
  size_t fill(char* dst, size_t cap) override {
    ZSTD_outBuffer out{dst, cap, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        size_t n = std::fread(in_buf_.data(), 1, in_buf_.size(), f_);
        if (n == 0) {
          if (std::ferror(f_)) throw InputError(path_ + ": read error");
          if (last_ret_ != 0) throw InputError(path_ + ": zstd error: truncated stream");
          return 0;
        }
        in_ = ZSTD_inBuffer{in_buf_.data(), n, 0};
      }
      size_t ret = ZSTD_decompressStream(ctx_, &out, &in_);
      if (ZSTD_isError(ret)) throw InputError(path_ + ": zstd error: " + ZSTD_getErrorName(ret));
      last_ret_ = ret;
    }
    return out.pos;
  }
 private:
  std::string path_;
  FILE* f_ = nullptr;
  ZSTD_DCtx* ctx_ = nullptr;
  std::vector<char> in_buf_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  size_t last_ret_ = 0;
};

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

}  // namespace

std::unique_ptr<LineSource> open_lines(const std::string& path) {
  if (path == "-") return std::make_unique<PlainLines>(stdin, "<stdin>", false);
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  unsigned char magic[4] = {0, 0, 0, 0};
  size_t n = std::fread(magic, 1, 4, f);
  bool gz = ends_with(path, ".gz") || (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b);
  bool zst = ends_with(path, ".zst") ||
             (n == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd);
  if (gz || zst) {
    std::fclose(f);
    if (gz) return std::make_unique<GzipLines>(path);
    return std::make_unique<ZstdLines>(path);
  }
  std::rewind(f);
  return std::make_unique<PlainLines>(f, path, true);
}

std::string read_file(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) throw InputError(path + ": read error");
  return out;
}

}  // namespace retrace
