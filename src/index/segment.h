// index/segment.h — an immutable file of postings: the fingerprint keys of a batch of indexed
// documents, read through mmap.
//
// Three sorted lists, one per key kind (sampled surface grams, rare terms, pairs of rare
// terms), of 16-byte postings (key, document number, weight). Lookup of a key is a binary
// search in its list: O(log n) page touches, no parsing, nothing resident but what is read.
//
// Format (little-endian): "RTSEG001", u32 format version (1), u32 0, u64 postings per list
// (three), u64 XXH3-64 of the posting bytes, then the three lists one after the other. Written
// to a temporary file, synced and renamed into place (write/output_file.h), so a segment file
// is whole or absent; an index lists its segments in its manifest only after that.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace retrace {

struct IndexPosting {
  uint64_t key;
  uint32_t doc;  // the index's document number
  float w;       // the key's weight (idf for terms, 1 for surface grams)
};
static_assert(sizeof(IndexPosting) == 16);

enum class KeyKind : uint8_t { kSurface = 0, kTerm = 1, kTermPair = 2 };
constexpr size_t kKeyKinds = 3;

using PostingLists = std::array<std::vector<IndexPosting>, kKeyKinds>;

// Sorts the lists by (key, doc) and writes them as a segment file. Throws OutputError.
void write_segment(const std::string& path, PostingLists lists);

class Segment {
 public:
  // Maps a segment file. Throws InputError naming the file if it is not a whole segment.
  static std::unique_ptr<Segment> open(const std::string& path);
  ~Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;
  // The postings of `key` (sorted by document number).
  std::span<const IndexPosting> find(KeyKind kind, uint64_t key) const;
  std::span<const IndexPosting> all(KeyKind kind) const { return lists_[static_cast<size_t>(kind)]; }
  // Recomputes the checksum of the postings (reads the whole file).
  bool verify() const;

 private:
  Segment() = default;
  void* map_ = nullptr;
  size_t size_ = 0;
  uint64_t sum_ = 0;
  std::array<std::span<const IndexPosting>, kKeyKinds> lists_;
};

}  // namespace retrace
