#include "read/line_source.h"

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
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
  std::string_view peek() override {
    if (pos_ >= buf_.size() && !eof_) {
      buf_.resize(1 << 20);
      size_t n = fill(buf_.data(), buf_.size());
      buf_.resize(n);
      pos_ = 0;
      if (n == 0) eof_ = true;
    }
    return std::string_view(buf_.data() + pos_, buf_.size() - pos_);
  }

  bool next(std::string& line) override {
    line.clear();
    size_t total = 0;  // bytes of the line, kept or not
    auto append = [&](const char* p, size_t n) {
      total += n;
      if (line.size() < max_line_) line.append(p, std::min(n, max_line_ - line.size()));
    };
    auto finish = [&] {
      cut_ = total > max_line_ ? total : 0;
      if (!cut_ && !line.empty() && line.back() == '\r') line.pop_back();
    };
    for (;;) {
      if (pos_ < buf_.size()) {
        const char* start = buf_.data() + pos_;
        const char* nl = static_cast<const char*>(std::memchr(start, '\n', buf_.size() - pos_));
        if (nl) {
          append(start, nl - start);
          pos_ += (nl - start) + 1;
          finish();
          return true;
        }
        append(start, buf_.size() - pos_);
        pos_ = buf_.size();
      }
      if (eof_) {
        // A last line without a newline is still a line, once.
        bool had = total > 0 || pending_;
        pending_ = false;
        finish();
        return had;
      }
      buf_.resize(1 << 20);
      size_t n = fill(buf_.data(), buf_.size());
      buf_.resize(n);
      pos_ = 0;
      pending_ = total > 0;
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

// A file or standard input, read from the start: the bytes read to sniff the format come back
// first.
class RawInput {
 public:
  RawInput(FILE* f, std::string name, bool owned, std::string head)
      : f_(f), name_(std::move(name)), owned_(owned), head_(std::move(head)) {}
  ~RawInput() { if (owned_ && f_) std::fclose(f_); }
  RawInput(const RawInput&) = delete;
  RawInput& operator=(const RawInput&) = delete;
  size_t read(char* dst, size_t cap) {
    if (head_pos_ < head_.size()) {
      size_t n = std::min(cap, head_.size() - head_pos_);
      std::memcpy(dst, head_.data() + head_pos_, n);
      head_pos_ += n;
      return n;
    }
    size_t n = std::fread(dst, 1, cap, f_);
    if (n == 0 && std::ferror(f_)) throw InputError(name_ + ": read error: " + std::strerror(errno));
    return n;
  }
  const std::string& name() const { return name_; }

 private:
  FILE* f_;
  std::string name_;
  bool owned_;
  std::string head_;
  size_t head_pos_ = 0;
};

class PlainLines : public ChunkedLines {
 public:
  explicit PlainLines(std::unique_ptr<RawInput> in) : in_(std::move(in)) {}
 protected:
  size_t fill(char* dst, size_t cap) override { return in_->read(dst, cap); }
 private:
  std::unique_ptr<RawInput> in_;
};

// A compressed input: raw bytes in through in_buf_, decoded bytes out through decode().
class DecodedLines : public ChunkedLines {
 public:
  DecodedLines(std::unique_ptr<RawInput> in, const char* format) : in_(std::move(in)), format_(format) {
    in_buf_.resize(1 << 17);
  }
 protected:
  // Refills the input buffer when it is used up; false at the end of the raw input.
  bool refill() {
    if (in_pos_ < in_len_) return true;
    in_len_ = in_->read(in_buf_.data(), in_buf_.size());
    in_pos_ = 0;
    return in_len_ > 0;
  }
  [[noreturn]] void error(const std::string& what) {
    throw InputError(in_->name() + ": " + format_ + " error: " + what);
  }
  std::unique_ptr<RawInput> in_;
  const char* format_;
  std::vector<char> in_buf_;
  size_t in_pos_ = 0, in_len_ = 0;
};

class GzipLines : public DecodedLines {
 public:
  explicit GzipLines(std::unique_ptr<RawInput> in) : DecodedLines(std::move(in), "gzip") {
    if (inflateInit2(&z_, 15 + 32) != Z_OK) error("cannot start the decoder");
  }
  ~GzipLines() override { inflateEnd(&z_); }
 protected:
  size_t fill(char* dst, size_t cap) override {
    z_.next_out = reinterpret_cast<Bytef*>(dst);
    z_.avail_out = static_cast<uInt>(cap);
    while (z_.avail_out == cap) {
      if (!refill()) {
        if (in_stream_) error("truncated stream");
        return 0;
      }
      if (!in_stream_) {  // another member of a multi-member file
        inflateReset(&z_);
        in_stream_ = true;
      }
      z_.next_in = reinterpret_cast<Bytef*>(in_buf_.data() + in_pos_);
      z_.avail_in = static_cast<uInt>(in_len_ - in_pos_);
      int ret = inflate(&z_, Z_NO_FLUSH);
      in_pos_ = in_len_ - z_.avail_in;
      if (ret == Z_STREAM_END) in_stream_ = false;
      else if (ret != Z_OK && ret != Z_BUF_ERROR) error(z_.msg ? z_.msg : "corrupt stream");
    }
    return cap - z_.avail_out;
  }
 private:
  z_stream z_{};
  bool in_stream_ = true;
};

class ZstdLines : public DecodedLines {
 public:
  explicit ZstdLines(std::unique_ptr<RawInput> in) : DecodedLines(std::move(in), "zstd") { ctx_ = ZSTD_createDCtx(); }
  ~ZstdLines() override { ZSTD_freeDCtx(ctx_); }
 protected:
  size_t fill(char* dst, size_t cap) override {
    ZSTD_outBuffer out{dst, cap, 0};
    while (out.pos == 0) {
      if (!refill()) {
        if (last_ret_ != 0) error("truncated stream");
        return 0;
      }
      ZSTD_inBuffer zin{in_buf_.data(), in_len_, in_pos_};
      size_t ret = ZSTD_decompressStream(ctx_, &out, &zin);
      in_pos_ = zin.pos;
      if (ZSTD_isError(ret)) error(ZSTD_getErrorName(ret));
      last_ret_ = ret;
    }
    return out.pos;
  }
 private:
  ZSTD_DCtx* ctx_ = nullptr;
  size_t last_ret_ = 0;
};

class Bzip2Lines : public DecodedLines {
 public:
  explicit Bzip2Lines(std::unique_ptr<RawInput> in) : DecodedLines(std::move(in), "bzip2") { start(); }
  ~Bzip2Lines() override { BZ2_bzDecompressEnd(&bz_); }
 protected:
  size_t fill(char* dst, size_t cap) override {
    bz_.next_out = dst;
    bz_.avail_out = static_cast<unsigned>(cap);
    while (bz_.avail_out == cap) {
      if (!refill()) {
        if (in_stream_) error("truncated stream");
        return 0;
      }
      if (!in_stream_) {  // concatenated streams (pbzip2)
        char* next_out = bz_.next_out;
        unsigned avail_out = bz_.avail_out;
        BZ2_bzDecompressEnd(&bz_);
        start();
        bz_.next_out = next_out;
        bz_.avail_out = avail_out;
      }
      bz_.next_in = in_buf_.data() + in_pos_;
      bz_.avail_in = static_cast<unsigned>(in_len_ - in_pos_);
      int ret = BZ2_bzDecompress(&bz_);
      in_pos_ = in_len_ - bz_.avail_in;
      if (ret == BZ_STREAM_END) in_stream_ = false;
      else if (ret != BZ_OK) error("corrupt stream (code " + std::to_string(ret) + ")");
    }
    return cap - bz_.avail_out;
  }
 private:
  void start() {
    bz_ = bz_stream{};
    if (BZ2_bzDecompressInit(&bz_, 0, 0) != BZ_OK) error("cannot start the decoder");
    in_stream_ = true;
  }
  bz_stream bz_{};
  bool in_stream_ = true;
};

class XzLines : public DecodedLines {
 public:
  explicit XzLines(std::unique_ptr<RawInput> in) : DecodedLines(std::move(in), "xz") {
    if (lzma_stream_decoder(&xz_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) error("cannot start the decoder");
  }
  ~XzLines() override { lzma_end(&xz_); }
 protected:
  size_t fill(char* dst, size_t cap) override {
    if (done_) return 0;
    xz_.next_out = reinterpret_cast<uint8_t*>(dst);
    xz_.avail_out = cap;
    while (xz_.avail_out == cap && !done_) {
      lzma_action action = LZMA_RUN;
      if (xz_.avail_in == 0) {
        if (refill()) {
          xz_.next_in = reinterpret_cast<const uint8_t*>(in_buf_.data() + in_pos_);
          xz_.avail_in = in_len_ - in_pos_;
        } else {
          action = LZMA_FINISH;
        }
      }
      lzma_ret ret = lzma_code(&xz_, action);
      in_pos_ = in_len_ - xz_.avail_in;
      if (ret == LZMA_STREAM_END) done_ = true;
      else if (ret == LZMA_BUF_ERROR && action == LZMA_FINISH) error("truncated stream");
      else if (ret != LZMA_OK) error(ret == LZMA_DATA_ERROR ? "corrupt stream" : "decoder error " + std::to_string(ret));
    }
    return cap - xz_.avail_out;
  }
 private:
  lzma_stream xz_ = LZMA_STREAM_INIT;
  bool done_ = false;
};

}  // namespace

Compression sniff_compression(std::string_view head) {
  auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b")) return Compression::kGzip;
  if (starts("\x28\xb5\x2f\xfd")) return Compression::kZstd;
  if (starts("BZh") && head.size() >= 4 && head[3] >= '1' && head[3] <= '9') return Compression::kBzip2;
  if (starts(std::string_view("\xfd" "7zXZ\0", 6))) return Compression::kXz;
  return Compression::kNone;
}

std::unique_ptr<LineSource> open_lines(const std::string& path) {
  FILE* f = stdin;
  std::string name = "<stdin>";
  if (path != "-") {
    f = std::fopen(path.c_str(), "rb");
    if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
    name = path;
  }
  // The format comes from the first bytes, for files and standard input alike (not from the
  // name: a zstd file called .gz is read as zstd).
  std::string head(6, '\0');
  size_t n = 0;
  while (n < head.size()) {
    size_t k = std::fread(head.data() + n, 1, head.size() - n, f);
    if (k == 0) break;
    n += k;
  }
  head.resize(n);
  if (n < 6 && std::ferror(f)) {
    if (path != "-") std::fclose(f);
    throw InputError(name + ": read error: " + std::strerror(errno));
  }
  Compression c = sniff_compression(head);
  auto in = std::make_unique<RawInput>(f, name, path != "-", std::move(head));
  switch (c) {
    case Compression::kGzip: return std::make_unique<GzipLines>(std::move(in));
    case Compression::kZstd: return std::make_unique<ZstdLines>(std::move(in));
    case Compression::kBzip2: return std::make_unique<Bzip2Lines>(std::move(in));
    case Compression::kXz: return std::make_unique<XzLines>(std::move(in));
    case Compression::kNone: break;
  }
  return std::make_unique<PlainLines>(std::move(in));
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
