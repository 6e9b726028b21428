#include "index/segment.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/file_io.h"
#include "read/reader.h"
#include "write/output_file.h"

namespace retrace {
namespace {
constexpr char kMagic[8] = {'R', 'T', 'S', 'E', 'G', '0', '0', '1'};
constexpr uint32_t kVersion = 2;
constexpr size_t kHeader = 8 + 4 + 4 + 8 * kKeyKinds + 8;

bool less_posting(const IndexPosting& a, const IndexPosting& b) { return a.key != b.key ? a.key < b.key : a.doc < b.doc; }

}  // namespace

void write_segment(const std::string& path, PostingLists lists) {
  std::array<std::vector<uint64_t>, kKeyKinds> fences;
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  for (size_t k = 0; k < kKeyKinds; ++k) {
    auto& l = lists[k];
    std::sort(l.begin(), l.end(), less_posting);
    for (size_t i = 0; i < l.size(); i += kBlockPostings) fences[k].push_back(l[i].key);
    XXH3_64bits_update(st, l.data(), l.size() * sizeof(IndexPosting));
  }
  for (auto& f : fences) XXH3_64bits_update(st, f.data(), f.size() * sizeof(uint64_t));
  uint64_t sum = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  std::string head(kMagic, sizeof kMagic);
  auto put = [&](auto v) { head.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(kVersion);
  put(kBlockPostings);
  for (auto& l : lists) put(static_cast<uint64_t>(l.size()));
  put(sum);
  OutputFile out(path);
  out.write(head);
  for (auto& l : lists) out.write(std::string_view(reinterpret_cast<const char*>(l.data()), l.size() * sizeof(IndexPosting)));
  for (auto& f : fences) out.write(std::string_view(reinterpret_cast<const char*>(f.data()), f.size() * sizeof(uint64_t)));
  out.commit();
}

std::unique_ptr<Segment> Segment::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path + ": cannot open the index segment: " + std::strerror(errno));
  std::unique_ptr<Segment> s(new Segment());
  s->fd_ = fd;  // closed by the destructor from here on
  s->path_ = path;
  struct stat sb;
  if (fstat(fd, &sb) != 0) throw InputError(path + ": cannot read the index segment");
  s->size_ = static_cast<uint64_t>(sb.st_size);
  auto bad = [&](const std::string& why) { return InputError(path + ": not a whole index segment: " + why); };
  char head[kHeader];
  if (s->size_ < kHeader || !pread_all(fd, head, kHeader, 0)) throw bad("too short");
  if (std::memcmp(head, kMagic, sizeof kMagic) != 0) throw bad("no segment header");
  uint32_t block = 0;
  std::memcpy(&s->version_, head + 8, 4);
  std::memcpy(&block, head + 12, 4);
  if (s->version_ != 1 && s->version_ != 2) throw bad("format version " + std::to_string(s->version_));
  if (s->version_ == 2 && (block == 0 || block > kMaxBlockPostings || (block & (block - 1))))
    throw bad("block of " + std::to_string(block) + " postings");
  if (s->version_ == 2) s->block_ = block;
  std::memcpy(s->n_.data(), head + 16, sizeof(uint64_t) * kKeyKinds);
  std::memcpy(&s->sum_, head + 16 + sizeof(uint64_t) * kKeyKinds, 8);
  uint64_t total = 0, fence_total = 0;
  for (size_t k = 0; k < kKeyKinds; ++k) {
    if (s->n_[k] > (s->size_ - kHeader) / sizeof(IndexPosting)) throw bad("truncated");
    s->offset_[k] = kHeader + total * sizeof(IndexPosting);
    total += s->n_[k];
    if (s->version_ == 2) fence_total += (s->n_[k] + s->block_ - 1) / s->block_;
  }
  if (s->size_ != kHeader + total * sizeof(IndexPosting) + fence_total * sizeof(uint64_t)) throw bad("truncated");
  if (s->version_ == 2) {
    uint64_t off = kHeader + total * sizeof(IndexPosting);
    for (size_t k = 0; k < kKeyKinds; ++k) {
      auto& f = s->fences_[k];
      f.resize((s->n_[k] + s->block_ - 1) / s->block_);
      if (!pread_all(fd, f.data(), f.size() * sizeof(uint64_t), off)) throw bad("truncated block index");
      off += f.size() * sizeof(uint64_t);
    }
  }
  return s;
}

Segment::~Segment() {
  if (fd_ >= 0) ::close(fd_);
}

void Segment::read(KeyKind kind, uint64_t begin, uint64_t end, std::vector<IndexPosting>* out) const {
  const size_t k = static_cast<size_t>(kind);
  if (begin >= end) return;
  if (end > n_[k]) throw InputError(path_ + ": read past a postings list");
  const size_t at = out->size();
  out->resize(at + (end - begin));
  read_into(kind, begin, end, out->data() + at);
}

void Segment::read_into(KeyKind kind, uint64_t begin, uint64_t end, IndexPosting* out) const {
  const size_t k = static_cast<size_t>(kind);
  if (begin >= end) return;
  if (end > n_[k]) throw InputError(path_ + ": read past a postings list");
  if (!pread_all(fd_, out, (end - begin) * sizeof(IndexPosting), offset_[k] + begin * sizeof(IndexPosting)))
    throw InputError(path_ + ": cannot read the index segment: " + std::strerror(errno));
}

IndexPosting Segment::at(KeyKind kind, uint64_t pos) const {
  std::vector<IndexPosting> one;
  read(kind, pos, pos + 1, &one);
  return one[0];
}

// The first position whose key is >= key (upper: > key). With `before_bound`: the postings of
// the block read that lie before the bound and hold the key (the end of the key's run).
uint64_t Segment::bound(KeyKind kind, uint64_t key, bool upper, std::vector<IndexPosting>* before_bound) const {
  const size_t k = static_cast<size_t>(kind);
  const uint64_t n = n_[k];
  auto before = [&](uint64_t x) { return upper ? x <= key : x < key; };  // x sorts before the bound
  if (version_ == 1) {
    uint64_t lo = 0, hi = n;
    while (lo < hi) {
      uint64_t mid = lo + (hi - lo) / 2;
      if (before(at(kind, mid).key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  const auto& f = fences_[k];
  // The first block whose first key is past the bound; the bound is in the block before it or
  // at its start.
  const uint64_t j = static_cast<uint64_t>(
      std::partition_point(f.begin(), f.end(), [&](uint64_t x) { return before(x); }) - f.begin());
  if (j == 0) return 0;
  const uint64_t b0 = (j - 1) * block_, b1 = std::min<uint64_t>(j * block_, n);
  IndexPosting block[kMaxBlockPostings];
  read_into(kind, b0, b1, block);
  auto it = std::partition_point(block, block + (b1 - b0), [&](const IndexPosting& p) { return before(p.key); });
  if (before_bound) {
    auto from = std::partition_point(block, it, [&](const IndexPosting& p) { return p.key < key; });
    before_bound->assign(from, it);
  }
  return b0 + static_cast<uint64_t>(it - block);
}

Segment::Range Segment::find(KeyKind kind, uint64_t key, std::vector<IndexPosting>* run) const {
  if (run) run->clear();
  Range r;
  const size_t k = static_cast<size_t>(kind);
  const auto& f = fences_[k];
  if (version_ == 2) {
    // One block read where the run starts; it ends there too unless the next block starts
    // with the key.
    const uint64_t n = n_[k];
    const uint64_t j = static_cast<uint64_t>(std::lower_bound(f.begin(), f.end(), key) - f.begin());
    if (j == 0) {
      if (f.empty() || f[0] != key) return r;  // every key is larger (or the list is empty)
      r.begin = 0;
      r.end = bound(kind, key, true);
      if (run) read(kind, r.begin, r.end, run);  // a run from the list's start: rare
      return r;
    }
    const uint64_t b0 = (j - 1) * block_, b1 = std::min<uint64_t>(j * block_, n);
    IndexPosting block[kMaxBlockPostings];
    read_into(kind, b0, b1, block);
    const IndexPosting* e = block + (b1 - b0);
    const IndexPosting* lo = std::partition_point(static_cast<const IndexPosting*>(block), e, [&](const IndexPosting& p) { return p.key < key; });
    const IndexPosting* hi = std::partition_point(lo, e, [&](const IndexPosting& p) { return p.key <= key; });
    r.begin = b0 + static_cast<uint64_t>(lo - block);
    if (hi < e || j >= f.size() || f[j] != key) {
      r.end = b0 + static_cast<uint64_t>(hi - block);
      if (run) run->assign(lo, hi);
    } else {
      r.end = bound(kind, key, true, run);  // runs on into the next blocks: *run gets its end
    }
    return r;
  }
  r.begin = bound(kind, key, false);
  r.end = bound(kind, key, true);
  return r;
}

void Segment::for_each(KeyKind kind, const std::function<void(std::span<const IndexPosting>)>& f) const {
  constexpr uint64_t kChunk = uint64_t{1} << 16;
  std::vector<IndexPosting> buf;
  for (uint64_t at = 0; at < n_[static_cast<size_t>(kind)]; at += kChunk) {
    buf.clear();
    read(kind, at, std::min(n_[static_cast<size_t>(kind)], at + kChunk), &buf);
    f(buf);
  }
}

bool Segment::verify() const {
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  std::vector<char> buf(1 << 20);
  bool ok = true;
  for (uint64_t off = kHeader; off < size_ && ok; off += buf.size()) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(buf.size(), size_ - off));
    ok = pread_all(fd_, buf.data(), n, off);
    if (ok) XXH3_64bits_update(st, buf.data(), n);
  }
  const bool same = ok && XXH3_64bits_digest(st) == sum_;
  XXH3_freeState(st);
  return same;
}

}  // namespace retrace
