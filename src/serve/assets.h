// serve/assets.h — the browser app's files (web/), embedded at build time (cmake/embed.cmake).
#pragma once
#include <cstddef>

namespace retrace::serve {

struct Asset {
  const char* path;  // "/app.js"
  const char* type;  // MIME type
  const unsigned char* data;
  size_t size;
};

extern const Asset kAssets[];
extern const size_t kAssetCount;

}  // namespace retrace::serve
