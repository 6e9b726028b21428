// bench/minhash.h — MinHash signatures over word 2-gram shingles, for the LSH baseline.
//
// The baseline retrace is measured against (bench/minhash_lsh.cpp): the textbook
// near-duplicate detector. A text becomes the set of its word 2-grams ("shingles"; words
// are maximal runs of ASCII letters/digits or non-ASCII bytes, ASCII-lowercased); each
// shingle is hashed to 64 bits with xxHash (XXH3); a signature keeps, for each of 256
// hash functions h_i(x) = (a_i * x + b_i) mod 2^64 (a_i odd, i.e. a permutation of the
// 64-bit values), the top 32 bits of the minimum over the shingles. The share of equal
// signature values of two texts estimates the Jaccard similarity of their shingle sets.
#pragma once
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace minhash {

constexpr int kPerms = 256;  // signature length (hash functions)

// Appends to `out` the 64-bit hashes of the word 2-gram shingles of `text`, sorted and
// without repeats (a text of one word gives that word's hash; no words give nothing).
void shingles(std::string_view text, std::vector<uint64_t>& out);

class Hasher {
 public:
  explicit Hasher(uint64_t seed = 0x5eed'0000'0001ULL);

  // Writes the kPerms-value signature of a non-empty shingle set to sig[0..kPerms).
  void signature(const std::vector<uint64_t>& shingles, uint32_t* sig) const;

 private:
  std::array<uint64_t, kPerms> a_;  // odd multipliers
  std::array<uint64_t, kPerms> b_;  // addends
};

// Estimated Jaccard similarity: share of positions where the two signatures agree.
double estimate_jaccard(const uint32_t* a, const uint32_t* b);

// Probability that a pair of Jaccard similarity s shares at least one of `bands` bands of
// `rows` rows: 1 - (1 - s^rows)^bands.
double lsh_probability(double s, int bands, int rows);

}  // namespace minhash
