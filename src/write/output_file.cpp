#include "write/output_file.h"

#include "core/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace retrace {
namespace fs = std::filesystem;

namespace {

std::string errno_text(int e) { return std::strerror(e); }

mode_t default_mode() {
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

}  // namespace

OutputFile::OutputFile(const std::string& path) : path_(path) {
  if (path == "-") {
    fd_ = STDOUT_FILENO;
    return;
  }
  std::error_code ec;
  target_ = path;
  if (fs::is_symlink(fs::symlink_status(path, ec))) {
    auto resolved = fs::weakly_canonical(path, ec);
    if (!ec) target_ = resolved.string();
  }
  auto st = fs::status(target_, ec);
  if (!ec && fs::exists(st) && fs::is_directory(st)) throw OutputError(path + ": is a folder");
  if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {
    // A device or a pipe: written in place.
    fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) throw OutputError(path + ": cannot write: " + errno_text(errno));
    owned_fd_ = true;
    return;
  }
  // Replacing a file by rename would succeed even where writing to it is not allowed: refuse
  // as opening it would.
  if (!ec && fs::exists(st) && ::access(target_.c_str(), W_OK) != 0)
    throw OutputError(path + ": cannot write: " + errno_text(errno));
  fs::path abs = fs::absolute(target_, ec);
  fs::path dir = abs.parent_path();
  if (!fs::is_directory(dir, ec))
    throw OutputError(path + ": cannot write here: folder " + dir.string() + " does not exist");
  std::string tmpl = (dir / ("." + abs.filename().string() + ".retrace-XXXXXX")).string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  fd_ = mkostemp(buf.data(), O_CLOEXEC);
  if (fd_ < 0) throw OutputError(path + ": cannot write in " + dir.string() + ": " + errno_text(errno));
  owned_fd_ = true;
  tmp_ = buf.data();
  // mkstemp makes the file private (0600); give it the mode a plain create would, or keep the
  // mode of the file it replaces.
  struct stat old;
  mode_t mode = ::stat(target_.c_str(), &old) == 0 ? (old.st_mode & 07777) : default_mode();
  fchmod(fd_, mode);
}

OutputFile::~OutputFile() {
  if (owned_fd_ && fd_ >= 0) ::close(fd_);
  if (!committed_ && !tmp_.empty()) ::unlink(tmp_.c_str());
}

void OutputFile::fail(const std::string& what) {
  throw OutputError((path_ == "-" ? std::string("standard output") : path_) + ": " + what);
}

void OutputFile::raw_write(const char* p, size_t n) {
  errno = 0;
  if (errno_ == 0 && !write_all(fd_, p, n)) errno_ = errno ? errno : EIO;
}

int OutputFile::Buf::sync() {
  f_->raw_write(pbase(), static_cast<size_t>(pptr() - pbase()));
  setp(buf_, buf_ + sizeof buf_);
  return f_->errno_ == 0 ? 0 : -1;
}

OutputFile::Buf::int_type OutputFile::Buf::overflow(int_type c) {
  if (sync() != 0) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize OutputFile::Buf::xsputn(const char* s, std::streamsize n) {
  if (n >= static_cast<std::streamsize>(sizeof buf_) / 2) {
    if (sync() != 0) return 0;
    f_->raw_write(s, static_cast<size_t>(n));
    return f_->errno_ == 0 ? n : 0;
  }
  std::streamsize done = 0;
  while (done < n) {
    std::streamsize room = epptr() - pptr();
    if (room == 0) {
      if (sync() != 0) return done;
      continue;
    }
    std::streamsize k = std::min(room, n - done);
    std::memcpy(pptr(), s + done, static_cast<size_t>(k));
    pbump(static_cast<int>(k));
    done += k;
  }
  return done;
}

void OutputFile::write(std::string_view bytes) { stream_.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); }

void OutputFile::check() {
  if (errno_ != 0) fail("write failed: " + errno_text(errno_));
}

void OutputFile::close() {
  if (closed_) return;
  stream_.flush();
  check();
  if (!tmp_.empty() && ::fsync(fd_) != 0) fail("write failed: " + errno_text(errno));
  closed_ = true;
  if (owned_fd_) {
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("write failed: " + errno_text(errno));
  }
}

void OutputFile::commit() {
  close();
  if (!tmp_.empty() && ::rename(tmp_.c_str(), target_.c_str()) != 0)
    fail("cannot replace the file: " + errno_text(errno));
  committed_ = true;
}

namespace {

struct Key {
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string abs;  // normalised absolute path
};

Key key_of(const std::string& p) {
  Key k;
  struct stat st;
  if (::stat(p.c_str(), &st) == 0) {
    k.exists = true;
    k.dev = st.st_dev;
    k.ino = st.st_ino;
  }
  std::error_code ec;
  auto w = fs::weakly_canonical(fs::absolute(p, ec), ec);
  k.abs = ec ? fs::absolute(p).lexically_normal().string() : w.string();
  return k;
}

bool same(const Key& a, const Key& b) {
  if (a.exists && b.exists) return a.dev == b.dev && a.ino == b.ino;
  return a.abs == b.abs;
}

bool is_device(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

}  // namespace

void check_paths(const std::vector<PathRole>& inputs, const std::vector<PathRole>& outputs) {
  std::vector<Key> out_keys;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const auto& o = outputs[i];
    if (o.path == "-") {
      for (size_t j = 0; j < i; ++j)
        if (outputs[j].path == "-")
          throw OutputError(outputs[j].role + " and " + o.role + " both write to standard output");
      out_keys.push_back({});
      continue;
    }
    Key k = key_of(o.path);
    for (const auto& in : inputs) {
      if (in.path == "-") continue;
      Key ki = key_of(in.path);
      if (same(k, ki))
        throw OutputError(o.role + " " + o.path + " is also an input (" + in.path +
                          "); writing it would destroy the input. Choose another output file");
      std::error_code ec;
      if (k.exists && fs::is_directory(in.path, ec) && fs::path(o.path).extension() == ".txt") {
        std::string dir = ki.abs + "/";
        if (k.abs.compare(0, dir.size(), dir) == 0)
          throw OutputError(o.role + " " + o.path + " is a .txt file inside the input folder " + in.path +
                            ", so it is also an input. Choose another output file");
      }
    }
    if (!is_device(o.path)) {  // /dev/null twice is fine
      for (size_t j = 0; j < i; ++j)
        if (outputs[j].path != "-" && same(k, out_keys[j]))
          throw OutputError(outputs[j].role + " and " + o.role + " are the same file (" + o.path +
                            "); give each output its own file");
    }
    out_keys.push_back(k);
  }
}

}  // namespace retrace
