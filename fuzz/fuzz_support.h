// Helpers of the fuzz targets: a private temporary file rewritten for every input.
#pragma once
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fuzz {

// A path NAME in a fresh temporary folder of this process (removed at exit).
inline std::string temp_path(const std::string& name) {
  static const std::string dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "retrace_fuzz_XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    static std::string keep = tmpl;
    std::atexit([] { std::filesystem::remove_all(keep); });
    return tmpl;
  }();
  return dir + "/" + name;
}

inline void write(const std::string& path, const uint8_t* data, size_t size) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
}

}  // namespace fuzz
