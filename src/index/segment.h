// index/segment.h — an immutable file of postings: the fingerprint keys of a batch of indexed
// documents.
//
// Three sorted lists, one per key kind (sampled surface grams, rare terms, pairs of rare
// terms), of 16-byte postings (key, document number, weight), and for each list a block index:
// the first key of every block of kBlockPostings postings (1 KiB). Opening a segment reads its
// header and block indexes (8 bytes per 64 postings: 20 MB for a million articles) and nothing
// else. Looking a key up is a binary search in the block index (in memory) and one read of the
// block or two where its postings start and end; postings are read with pread(2), so a query
// process holds no page of the file, however many keys it looks up (the kernel's page cache
// keeps the pages other processes and later queries read).
//
// Format (little-endian): "RTSEG001", u32 format version (2), u32 postings per block (64; a
// power of two up to 1024),
// u64 postings per list (three), u64 XXH3-64 of everything after the header, then the three
// lists one after the other, then the three block indexes (u64 first key of each block,
// ceil(postings / block) of them per list). Version 1 files (no block indexes) are still read,
// by binary search over pread single postings. Written to a temporary file, synced and renamed
// into place (write/output_file.h), so a segment file is whole or absent; an index lists its
// segments in its manifest only after that.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
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
constexpr uint32_t kBlockPostings = 64;    // written; a file's own size is in its header
constexpr uint32_t kMaxBlockPostings = 1024;  // read

using PostingLists = std::array<std::vector<IndexPosting>, kKeyKinds>;

// Sorts the lists by (key, doc) and writes them as a segment file. Throws OutputError.
void write_segment(const std::string& path, PostingLists lists);

class Segment {
 public:
  // Opens a segment file. Throws InputError naming the file if it is not a whole segment.
  static std::unique_ptr<Segment> open(const std::string& path);
  ~Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  // The positions [begin, end) of a key's postings in the list of its kind (sorted by
  // document number within the key). Costs one or two block reads.
  struct Range {
    uint64_t begin = 0, end = 0;
    uint64_t size() const { return end - begin; }
    bool empty() const { return begin == end; }
  };
  // With `run`: the postings at the end of the run that the lookup read, so that they need no
  // second read: the whole run where it lies inside one block (a key held by fewer than a
  // block's postings, nearly always), else its last postings, in the block where it ends
  // (*run is then shorter than the range; empty if the run ends at a block's start).
  Range find(KeyKind kind, uint64_t key, std::vector<IndexPosting>* run = nullptr) const;
  // Postings [begin, end) of a list, appended to *out. Throws InputError on a read error.
  void read(KeyKind kind, uint64_t begin, uint64_t end, std::vector<IndexPosting>* out) const;
  uint64_t size(KeyKind kind) const { return n_[static_cast<size_t>(kind)]; }
  // Every posting of a list in order, in chunks.
  void for_each(KeyKind kind, const std::function<void(std::span<const IndexPosting>)>& f) const;
  // Recomputes the checksum (reads the whole file).
  bool verify() const;
  uint32_t version() const { return version_; }

 private:
  Segment() = default;
  IndexPosting at(KeyKind kind, uint64_t pos) const;  // one posting (version 1 searches)
  void read_into(KeyKind kind, uint64_t begin, uint64_t end, IndexPosting* out) const;
  uint64_t bound(KeyKind kind, uint64_t key, bool upper, std::vector<IndexPosting>* before_bound = nullptr) const;
  std::string path_;
  int fd_ = -1;
  uint32_t version_ = 0;
  uint32_t block_ = kBlockPostings;
  uint64_t size_ = 0, sum_ = 0;
  std::array<uint64_t, kKeyKinds> n_{}, offset_{};  // postings and byte offset of each list
  std::array<std::vector<uint64_t>, kKeyKinds> fences_;  // first key of each block (version 2)
};

}  // namespace retrace
