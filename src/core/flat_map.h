// core/flat_map.h — an open-addressing hash map from 64-bit keys (already hashes) to small
// values, for the corpus statistics looked up once per token on the hot path. Linear probing
// in one array: one cache miss per lookup instead of the node chase of std::unordered_map.
// Key 0 is reserved (marks an empty slot); callers map a 0 key to 1.
#pragma once
#include <cstdint>
#include <vector>

namespace retrace {

template <typename V>
class FlatMap64 {
 public:
  FlatMap64() { slots_.resize(16); }

  V* find(uint64_t key) {
    key = fix(key);
    for (size_t i = index(key);; i = (i + 1) & mask()) {
      if (slots_[i].key == key) return &slots_[i].value;
      if (slots_[i].key == 0) return nullptr;
    }
  }
  const V* find(uint64_t key) const { return const_cast<FlatMap64*>(this)->find(key); }

  // The value of key, inserted as V{} if absent.
  V& operator[](uint64_t key) {
    key = fix(key);
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    for (size_t i = index(key);; i = (i + 1) & mask()) {
      if (slots_[i].key == key) return slots_[i].value;
      if (slots_[i].key == 0) {
        slots_[i].key = key;
        ++size_;
        return slots_[i].value;
      }
    }
  }

  size_t size() const { return size_; }
  // Room for n keys without growing. Inserting the keys of another map in its slot order into a
  // smaller table piles them into runs (linear probing's primary clustering, quadratic in the
  // worst case); into one at least as large, each lands where it did there.
  void reserve(size_t n) {
    size_t want = slots_.size();
    while ((n + 1) * 4 > want * 3) want *= 2;
    if (want == slots_.size()) return;
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.resize(want);
    size_ = 0;
    for (auto& s : old)
      if (s.key) (*this)[s.key] = s.value;
  }
  void clear() {
    slots_.assign(16, Slot{});
    size_ = 0;
  }
  template <typename F>
  void for_each(F f) const {
    for (const auto& s : slots_)
      if (s.key) f(s.key, s.value);
  }
  template <typename F>
  void for_each_mut(F f) {
    for (auto& s : slots_)
      if (s.key) f(s.key, s.value);
  }

 private:
  struct Slot {
    uint64_t key = 0;
    V value{};
  };
  static uint64_t fix(uint64_t k) { return k ? k : 1; }
  size_t mask() const { return slots_.size() - 1; }
  size_t index(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull >> 20) & mask(); }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.resize(old.size() * 2);
    size_ = 0;
    for (auto& s : old)
      if (s.key) (*this)[s.key] = s.value;
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace retrace
