// core/bytes.h — fixed-width values and length-prefixed byte strings in and out of a byte
// buffer (host byte order, little-endian on every machine retrace builds for), for the files
// retrace writes itself (index/model.h, index/index.h).
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace retrace {

template <typename T>
void put_value(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

// Reads a T from the front of *in; false (nothing read) if *in is too short.
template <typename T>
bool get_value(std::string_view* in, T* v) {
  if (in->size() < sizeof *v) return false;
  std::memcpy(v, in->data(), sizeof *v);
  in->remove_prefix(sizeof *v);
  return true;
}

// A u64 length, then the bytes.
inline void put_bytes(std::string* out, std::string_view b) {
  put_value<uint64_t>(out, b.size());
  out->append(b);
}

// The bytes put_bytes() wrote (a view into *in); false if *in is too short.
inline bool get_bytes(std::string_view* in, std::string_view* b) {
  uint64_t n = 0;
  if (!get_value(in, &n) || n > in->size()) return false;
  *b = in->substr(0, n);
  in->remove_prefix(n);
  return true;
}

}  // namespace retrace
