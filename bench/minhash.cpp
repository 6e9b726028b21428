// bench/minhash.cpp — see minhash.h.
#include "minhash.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace minhash {
namespace {

// SplitMix64: turns a counter into well-spread 64-bit values (for the hash parameters).
uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

bool word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

void shingles(std::string_view text, std::vector<uint64_t>& out) {
  const size_t first = out.size();
  char word[256];  // the current word, lowercased (longer words are hashed by their prefix)
  uint64_t prev = 0;
  bool have_prev = false;
  size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i == n) break;
    size_t len = 0;
    for (; i < n && word_byte(static_cast<unsigned char>(text[i])); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (len < sizeof word) word[len++] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (have_prev) {
      // Shingle "prev word": the word hashed with the previous word's hash as seed.
      out.push_back(XXH3_64bits_withSeed(word, len, prev));
    }
    prev = XXH3_64bits(word, len);
    have_prev = true;
  }
  if (out.size() == first && have_prev) out.push_back(prev);  // a one-word text
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  out.erase(std::unique(out.begin() + static_cast<std::ptrdiff_t>(first), out.end()), out.end());
}

Hasher::Hasher(uint64_t seed) {
  uint64_t state = seed;
  for (int i = 0; i < kPerms; ++i) {
    a_[i] = splitmix64(state) | 1;  // odd: multiplication is a bijection mod 2^64
    b_[i] = splitmix64(state);
  }
}

void Hasher::signature(const std::vector<uint64_t>& sh, uint32_t* sig) const {
  std::fill(sig, sig + kPerms, std::numeric_limits<uint32_t>::max());
  for (uint64_t x : sh) {
    for (int i = 0; i < kPerms; ++i) {
      uint32_t v = static_cast<uint32_t>((a_[i] * x + b_[i]) >> 32);
      sig[i] = std::min(sig[i], v);
    }
  }
}

double estimate_jaccard(const uint32_t* a, const uint32_t* b) {
  int same = 0;
  for (int i = 0; i < kPerms; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / kPerms;
}

double lsh_probability(double s, int bands, int rows) {
  return 1.0 - std::pow(1.0 - std::pow(s, rows), bands);
}

}  // namespace minhash
