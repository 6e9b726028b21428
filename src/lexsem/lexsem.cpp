#include "lexsem/lexsem.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <unordered_map>

#include "clean/lexicon.h"

// The table generated at build time (CMakeLists.txt), linked in as bytes.
extern "C" const char retrace_wordnet_begin[];
extern "C" const char retrace_wordnet_end[];

namespace retrace {
namespace {
constexpr size_t kMaxSynsets = 8;  // per stem (the lemmas' first senses, most frequent first)

uint32_t parse_u32(std::string_view s) {
  uint32_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}
}  // namespace

Semantics::Semantics(std::string_view table) {
  // Several lemmas share a stem ("courageous", "courageously"): their counts add up and their
  // synsets are merged, first senses first.
  std::unordered_map<uint64_t, std::pair<uint32_t, std::vector<uint32_t>>> merged;
  uint64_t total = 0;
  size_t pos = 0;
  while (pos < table.size()) {
    size_t eol = table.find('\n', pos);
    if (eol == std::string_view::npos) eol = table.size();
    std::string_view line = table.substr(pos, eol - pos);
    pos = eol + 1;
    size_t t1 = line.find('\t');
    if (t1 == std::string_view::npos) continue;
    size_t t2 = line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) continue;
    std::string word(line.substr(0, t1));
    uint32_t count = parse_u32(line.substr(t1 + 1, t2 - t1 - 1));
    total += count;
    by_word_[word_id(word)] = count + 1;
    auto& [c, syn] = merged[word_id(stem(word))];
    c += count;
    std::string_view ids = line.substr(t2 + 1);
    for (size_t i = 0; i < ids.size();) {
      size_t sp = ids.find(' ', i);
      if (sp == std::string_view::npos) sp = ids.size();
      uint32_t id = parse_u32(ids.substr(i, sp - i));
      if (syn.size() < kMaxSynsets && std::find(syn.begin(), syn.end(), id) == syn.end()) syn.push_back(id);
      i = sp + 1;
    }
  }
  for (auto& [stem_id, e] : merged) {
    Entry& out = by_stem_[stem_id];
    out.count = e.first;
    out.syn_begin = static_cast<uint32_t>(synsets_.size());
    synsets_.insert(synsets_.end(), e.second.begin(), e.second.end());
    out.syn_end = static_cast<uint32_t>(synsets_.size());
  }
  log_total_ = std::log(static_cast<double>(total) + 1.0);  // log(T + 1)
}

const Semantics& Semantics::builtin() {
  static const Semantics s(std::string_view(retrace_wordnet_begin, retrace_wordnet_end - retrace_wordnet_begin));
  return s;
}

bool Semantics::known_word(std::string_view w, uint32_t* count) const {
  auto probe = [&](std::string_view x) {
    if (x.size() < 2) return false;
    const uint32_t* c = by_word_.find(word_id(x));
    if (c && count) *count = *c - 1;
    return c != nullptr;
  };
  if (probe(w)) return true;
  auto ends = [&](std::string_view suf) { return w.size() > suf.size() + 2 && w.substr(w.size() - suf.size()) == suf; };
  auto cut = [&](size_t n) { return w.substr(0, w.size() - n); };
  std::string tmp;
  if (ends("ies")) {
    tmp = std::string(cut(3)) + "y";
    if (probe(tmp)) return true;
  }
  if (ends("s") && probe(cut(1))) return true;
  if (ends("es") && probe(cut(2))) return true;
  if (ends("ed") && (probe(cut(2)) || probe(cut(1)))) return true;
  if (ends("ing")) {
    if (probe(cut(3))) return true;
    tmp = std::string(cut(3)) + "e";
    if (probe(tmp)) return true;
  }
  // A doubled final consonant: "stopped", "running".
  if ((ends("ed") || ends("ing")) && w.size() > 5) {
    size_t n = ends("ed") ? 2 : 3;
    std::string_view stemmed = cut(n);
    if (stemmed.size() >= 3 && stemmed[stemmed.size() - 1] == stemmed[stemmed.size() - 2] &&
        probe(stemmed.substr(0, stemmed.size() - 1)))
      return true;
  }
  return false;
}

float Semantics::rarity(uint64_t stem_id) const {
  const Entry* e = find(stem_id);
  uint32_t c = e ? e->count : 0;
  return static_cast<float>((log_total_ - std::log(c + 1.0)) / log_total_);
}

}  // namespace retrace
