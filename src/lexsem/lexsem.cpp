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

float Semantics::rarity(uint64_t stem_id) const {
  const Entry* e = find(stem_id);
  uint32_t c = e ? e->count : 0;
  return static_cast<float>((log_total_ - std::log(c + 1.0)) / log_total_);
}

}  // namespace retrace
