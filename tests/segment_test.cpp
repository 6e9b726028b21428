// Tests of the index's postings segments (index/segment.h): every key is found, with exactly
// its postings, whether it sits inside a block, at a block's edge or runs over many blocks;
// files of the first format version are still read; a damaged file is refused by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include <xxhash.h>

#include "index/segment.h"
#include "read/reader.h"
#include "test_support.h"

namespace retrace {
namespace {

using rtest::TempDir;

bool by_key_doc(const IndexPosting& a, const IndexPosting& b) { return a.key != b.key ? a.key < b.key : a.doc < b.doc; }

// Postings with keys 10, 20, 30, ...: most held by one to five documents, key 5000 by 3,000
// (over many blocks), and keys 2550..2570 placed around a block edge.
PostingLists sample_lists() {
  PostingLists lists;
  std::mt19937 rng(7);
  uint32_t doc = 0;
  for (uint64_t key = 10; key <= 20000; key += 10) {
    const uint32_t holders = key == 5000 ? 3000 : 1 + rng() % 5;
    for (uint32_t h = 0; h < holders; ++h) lists[1].push_back({key, doc++ % 100000, 1.5f});
  }
  for (uint64_t key = 7; key < 4000; key += 3) lists[0].push_back({key, static_cast<uint32_t>(key % 91), 1.0f});
  // lists[2] stays empty: a kind no document has keys of.
  std::shuffle(lists[1].begin(), lists[1].end(), rng);
  return lists;
}

void expect_same_lookups(const Segment& seg, const PostingLists& lists) {
  for (size_t k = 0; k < kKeyKinds; ++k) {
    std::vector<IndexPosting> sorted = lists[k];
    std::sort(sorted.begin(), sorted.end(), by_key_doc);
    const auto kind = static_cast<KeyKind>(k);
    ASSERT_EQ(seg.size(kind), sorted.size());
    std::vector<uint64_t> keys;
    for (const auto& p : sorted) keys.push_back(p.key);
    for (uint64_t extra : {0ull, 1ull, 9ull, 5001ull, 99999ull}) keys.push_back(extra);  // missing keys too
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (uint64_t key : keys) {
      auto [lo, hi] = std::equal_range(sorted.begin(), sorted.end(), IndexPosting{key, 0, 0},
                                       [](const IndexPosting& a, const IndexPosting& b) { return a.key < b.key; });
      Segment::Range r = seg.find(kind, key);
      ASSERT_EQ(r.begin, static_cast<uint64_t>(lo - sorted.begin())) << "kind " << k << " key " << key;
      ASSERT_EQ(r.end, static_cast<uint64_t>(hi - sorted.begin())) << "kind " << k << " key " << key;
      std::vector<IndexPosting> got;
      seg.read(kind, r.begin, r.end, &got);
      ASSERT_EQ(got.size(), static_cast<size_t>(hi - lo));
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].key, key);
        EXPECT_EQ(got[i].doc, lo[i].doc);
      }
    }
    uint64_t seen = 0;
    seg.for_each(kind, [&](std::span<const IndexPosting> chunk) { seen += chunk.size(); });
    EXPECT_EQ(seen, sorted.size());
  }
}

TEST(Segment, FindsEveryKeyWithExactlyItsPostings) {
  TempDir dir;
  const PostingLists lists = sample_lists();
  ASSERT_GT(lists[1].size(), 20u * kBlockPostings);  // the test spans many blocks
  write_segment(dir.file("seg.post"), lists);
  auto seg = Segment::open(dir.file("seg.post"));
  EXPECT_EQ(seg->version(), 2u);
  EXPECT_TRUE(seg->verify());
  expect_same_lookups(*seg, lists);
  // The key of 3,000 holders is found as one range over many blocks.
  std::vector<IndexPosting> tail;
  Segment::Range common = seg->find(KeyKind::kTerm, 5000, &tail);
  EXPECT_EQ(common.size(), 3000u);
  // The lookup hands back the run's last postings, from the block where it ends, so that a
  // query reading a common key's newest holders needs no second read of that block.
  ASSERT_FALSE(tail.empty());
  ASSERT_LT(tail.size(), common.size());
  std::vector<IndexPosting> last;
  seg->read(KeyKind::kTerm, common.end - tail.size(), common.end, &last);
  ASSERT_EQ(last.size(), tail.size());
  for (size_t i = 0; i < tail.size(); ++i) {
    EXPECT_EQ(tail[i].key, 5000u);
    EXPECT_EQ(tail[i].doc, last[i].doc);
  }
}

// A segment written by an earlier retrace (format version 1: no block indexes) is read the
// same: an index made then keeps working.
TEST(Segment, ReadsTheFirstFormatVersion) {
  TempDir dir;
  PostingLists lists = sample_lists();
  for (auto& l : lists) std::sort(l.begin(), l.end(), by_key_doc);
  std::string bytes("RTSEG001", 8);
  auto put = [&](auto v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(uint32_t{1});
  put(uint32_t{0});
  for (auto& l : lists) put(static_cast<uint64_t>(l.size()));
  std::string body;
  for (auto& l : lists) body.append(reinterpret_cast<const char*>(l.data()), l.size() * sizeof(IndexPosting));
  put(static_cast<uint64_t>(XXH3_64bits(body.data(), body.size())));
  rtest::write_file(dir.file("old.post"), bytes + body);
  auto seg = Segment::open(dir.file("old.post"));
  EXPECT_EQ(seg->version(), 1u);
  EXPECT_TRUE(seg->verify());
  expect_same_lookups(*seg, lists);
}

TEST(Segment, ADamagedFileIsRefusedByName) {
  TempDir dir;
  write_segment(dir.file("seg.post"), sample_lists());
  std::string bytes;
  {
    std::ifstream in(dir.file("seg.post"), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  rtest::write_file(dir.file("short.post"), bytes.substr(0, bytes.size() - 100));
  try {
    Segment::open(dir.file("short.post"));
    FAIL() << "a truncated segment opened";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("short.post"), std::string::npos) << e.what();
  }
  bytes[bytes.size() / 2] ^= 0x5a;  // one byte flipped inside the postings
  rtest::write_file(dir.file("flipped.post"), bytes);
  EXPECT_FALSE(Segment::open(dir.file("flipped.post"))->verify());
}

}  // namespace
}  // namespace retrace
