// write/output_file.h — an output that is either all there or not there at all.
//
// Every output of retrace (relations, clusters, features, the HTML report) goes through an
// OutputFile: the bytes go to a temporary file beside the target (".NAME.retrace-XXXXXX"), and
// commit() renames it over the target only once everything was written, flushed and closed
// without an error. A run that fails, throws or is killed leaves the previous file as it was.
// Every write is checked: a full disk or an I/O error is an OutputError naming the file.
// "-" is standard output; a path that is not a regular file (/dev/null, /dev/full, a pipe) is
// written in place, since it cannot be replaced by a rename.
//
// check_paths() refuses, before any work, an output that is also an input or another output.
#pragma once
#include <cstdio>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace retrace {

struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class OutputFile {
 public:
  // Opens the temporary file (or the device / standard output). Throws OutputError if the
  // folder does not exist or cannot be written.
  explicit OutputFile(const std::string& path);
  // Removes the temporary file unless commit() succeeded.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // A stream over the file. Write errors are recorded and reported by commit() (and check()).
  std::ostream& stream() { return stream_; }
  void write(std::string_view bytes);
  // Throws OutputError if a write has failed so far (to stop a long run early).
  void check();
  // Flushes, syncs and closes the file. Throws OutputError. Callers with several outputs close
  // them all before committing any, so a failure leaves all the old files.
  void close();
  // close() if not done, then renames the temporary file over the target. Throws OutputError.
  void commit();
  const std::string& path() const { return path_; }

 private:
  class Buf : public std::streambuf {
   public:
    explicit Buf(OutputFile* f) : f_(f) { setp(buf_, buf_ + sizeof buf_); }
    int sync() override;
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;

   private:
    OutputFile* f_;
    char buf_[1 << 16];
  };
  void raw_write(const char* p, size_t n);
  [[noreturn]] void fail(const std::string& what);

  std::string path_;      // as given, for messages
  std::string target_;    // what commit() renames onto (symbolic links followed)
  std::string tmp_;       // the temporary file, "" when writing in place
  int fd_ = -1;
  bool owned_fd_ = false;
  bool closed_ = false;
  bool committed_ = false;
  int errno_ = 0;         // first write error
  Buf buf_{this};
  std::ostream stream_{&buf_};
};

// One path a command reads or writes, with what it is for messages ("--out", "input").
struct PathRole {
  std::string path;
  std::string role;
};

// Throws OutputError if an output is also an input or another output (compared by device
// and inode where the file exists, else by absolute normalised path). "-" as an input is
// standard input and never clashes; two outputs "-" (standard output) do.
void check_paths(const std::vector<PathRole>& inputs, const std::vector<PathRole>& outputs);

}  // namespace retrace
