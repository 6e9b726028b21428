#include "lexsem/lexsem.h"

#include <charconv>
#include <cmath>
#include <string>

#include "clean/lexicon.h"

// The table generated at build time (CMakeLists.txt), linked in as bytes.
extern "C" const char retrace_wordnet_begin[];
extern "C" const char retrace_wordnet_end[];

namespace retrace {
namespace {
uint32_t parse_u32(std::string_view s) {
  uint32_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}
}  // namespace

Semantics::Semantics(std::string_view table) {
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
    Entry e;
    e.count = parse_u32(line.substr(t1 + 1, t2 - t1 - 1));
    total += e.count;
    e.syn_begin = static_cast<uint32_t>(synsets_.size());
    std::string_view ids = line.substr(t2 + 1);
    for (size_t i = 0; i < ids.size();) {
      size_t sp = ids.find(' ', i);
      if (sp == std::string_view::npos) sp = ids.size();
      if (sp > i) synsets_.push_back(parse_u32(ids.substr(i, sp - i)));
      i = sp + 1;
    }
    e.syn_end = static_cast<uint32_t>(synsets_.size());
    by_word_[word_id(line.substr(0, t1))] = e;
  }
  log_total_ = std::log(static_cast<double>(total) + 1.0);
}

const Semantics& Semantics::builtin() {
  static const Semantics s(std::string_view(retrace_wordnet_begin, retrace_wordnet_end - retrace_wordnet_begin));
  return s;
}

const Semantics::Entry* Semantics::probe(std::string_view w) const {
  return w.size() < 2 ? nullptr : by_word_.find(word_id(w));
}

const Semantics::Entry* Semantics::find(std::string_view w) const {
  if (const Entry* e = probe(w)) return e;
  // Regular inflections, through their lemma.
  auto ends = [&](std::string_view suf) { return w.size() > suf.size() + 2 && w.substr(w.size() - suf.size()) == suf; };
  auto cut = [&](size_t n) { return w.substr(0, w.size() - n); };
  char buf[64];
  auto with = [&](std::string_view stem, char c) -> std::string_view {
    if (stem.size() + 1 > sizeof buf) return {};
    stem.copy(buf, stem.size());
    buf[stem.size()] = c;
    return std::string_view(buf, stem.size() + 1);
  };
  const Entry* e = nullptr;
  if (ends("ies") && (e = probe(with(cut(3), 'y')))) return e;
  if (ends("s") && (e = probe(cut(1)))) return e;
  if (ends("es") && (e = probe(cut(2)))) return e;
  if (ends("ed") && ((e = probe(cut(2))) || (e = probe(cut(1))))) return e;
  if (ends("ing") && ((e = probe(cut(3))) || (e = probe(with(cut(3), 'e'))))) return e;
  // A doubled final consonant: "stopped", "running".
  if ((ends("ed") || ends("ing")) && w.size() > 5) {
    std::string_view s = cut(ends("ed") ? 2 : 3);
    if (s.size() >= 3 && s[s.size() - 1] == s[s.size() - 2] && (e = probe(s.substr(0, s.size() - 1)))) return e;
  }
  return nullptr;
}

bool Semantics::known_word(std::string_view w, uint32_t* count) const {
  const Entry* e = find(w);
  if (e && count) *count = e->count;
  return e != nullptr;
}

float Semantics::rarity(const Entry* e) const {
  uint32_t c = e ? e->count : 0;
  return static_cast<float>((log_total_ - std::log(c + 1.0)) / log_total_);
}

}  // namespace retrace
