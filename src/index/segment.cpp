#include "index/segment.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cstring>

#include "read/reader.h"
#include "write/output_file.h"

namespace retrace {
namespace {
constexpr char kMagic[8] = {'R', 'T', 'S', 'E', 'G', '0', '0', '1'};
constexpr uint32_t kVersion = 1;
constexpr size_t kHeader = 8 + 4 + 4 + 8 * kKeyKinds + 8;
}  // namespace

void write_segment(const std::string& path, PostingLists lists) {
  XXH3_state_t* st = XXH3_createState();
  XXH3_64bits_reset(st);
  for (auto& l : lists) {
    std::sort(l.begin(), l.end(), [](const IndexPosting& a, const IndexPosting& b) {
      return a.key != b.key ? a.key < b.key : a.doc < b.doc;
    });
    XXH3_64bits_update(st, l.data(), l.size() * sizeof(IndexPosting));
  }
  uint64_t sum = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  std::string head(kMagic, sizeof kMagic);
  auto put = [&](auto v) { head.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(kVersion);
  put(uint32_t{0});
  for (auto& l : lists) put(static_cast<uint64_t>(l.size()));
  put(sum);
  OutputFile out(path);
  out.write(head);
  for (auto& l : lists) out.write(std::string_view(reinterpret_cast<const char*>(l.data()), l.size() * sizeof(IndexPosting)));
  out.commit();
}

std::unique_ptr<Segment> Segment::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path + ": cannot open the index segment: " + std::strerror(errno));
  struct stat sb;
  if (fstat(fd, &sb) != 0) {
    ::close(fd);
    throw InputError(path + ": cannot read the index segment");
  }
  std::unique_ptr<Segment> s(new Segment());
  s->size_ = static_cast<size_t>(sb.st_size);
  auto bad = [&](const std::string& why) {
    return InputError(path + ": not a whole index segment: " + why);
  };
  if (s->size_ < kHeader) {
    ::close(fd);
    throw bad("too short");
  }
  s->map_ = mmap(nullptr, s->size_, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (s->map_ == MAP_FAILED) {
    s->map_ = nullptr;
    throw InputError(path + ": cannot map the index segment");
  }
  const char* p = static_cast<const char*>(s->map_);
  if (std::memcmp(p, kMagic, sizeof kMagic) != 0) throw bad("no segment header");
  uint32_t version;
  std::memcpy(&version, p + 8, 4);
  if (version != kVersion) throw bad("format version " + std::to_string(version));
  uint64_t n[kKeyKinds];
  std::memcpy(n, p + 16, sizeof n);
  std::memcpy(&s->sum_, p + 16 + sizeof n, 8);
  uint64_t total = 0;
  for (uint64_t x : n) total += x;
  if (s->size_ != kHeader + total * sizeof(IndexPosting)) throw bad("truncated");
  const auto* q = reinterpret_cast<const IndexPosting*>(p + kHeader);
  for (size_t k = 0; k < kKeyKinds; ++k) {
    s->lists_[k] = std::span<const IndexPosting>(q, n[k]);
    q += n[k];
  }
  return s;
}

Segment::~Segment() {
  if (map_) munmap(map_, size_);
}

std::span<const IndexPosting> Segment::find(KeyKind kind, uint64_t key) const {
  auto l = lists_[static_cast<size_t>(kind)];
  auto lo = std::lower_bound(l.begin(), l.end(), key, [](const IndexPosting& x, uint64_t k) { return x.key < k; });
  auto hi = lo;
  while (hi != l.end() && hi->key == key) ++hi;
  return l.subspan(static_cast<size_t>(lo - l.begin()), static_cast<size_t>(hi - lo));
}

bool Segment::verify() const {
  const char* p = static_cast<const char*>(map_);
  return XXH3_64bits(p + kHeader, size_ - kHeader) == sum_;
}

}  // namespace retrace
