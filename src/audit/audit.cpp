#include "audit/audit.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "clean/fold.h"
#include "clean/lexicon.h"
#include "clean/numbers.h"
#include "core/utf8.h"

namespace retrace {
namespace {

std::string skeleton(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    char32_t c = utf8_next(s, i);
    if (is_word_char(c)) fold_letter(c, out);
  }
  return out;
}

// The part of span s of text holding skeleton characters [w0, w1) of it, widened to whole words.
Span skeleton_window(const std::string& text, Span s, size_t w0, size_t w1) {
  size_t i = s.begin, count = 0, word_start = s.begin;
  uint32_t begin = s.begin, end = s.end;
  bool started = false, in_word = false;
  std::string tmp;
  while (i < s.end) {
    size_t at = i;
    char32_t c = utf8_next(text, i);
    if (!is_word_char(c)) {
      if (started && count >= w1) break;  // the word holding the last character is complete
      in_word = false;
      continue;
    }
    if (!in_word) word_start = at, in_word = true;
    if (!started && count >= w0) begin = static_cast<uint32_t>(word_start), started = true;
    tmp.clear();
    fold_letter(c, tmp);
    count += tmp.size();
    end = static_cast<uint32_t>(i);
  }
  return Span{begin, end};
}

std::string_view slice(const Document& d, Span s) { return std::string_view(d.text).substr(s.begin, s.size()); }

// --- claims ---------------------------------------------------------------------------------
//
// A claim changed where a word that sets a claim's strength (a hedge, a quantifier, a bound on a
// figure, negation) or a name differs between a copy sentence and its source in otherwise
// corresponding context: the two sentences are matched word by word (stems, in order) and only
// the small gaps between matched words ("hunks") are read. Rewording changes whole stretches of a
// sentence; a planted change sits in a small gap between words the copy kept.

enum ClaimClass : int { kApprox, kModal, kReport, kIntent, kQuant, kNeg, kCertain, kLower, kUpper, kClasses };

const char* class_name(int c) {
  switch (c) {
    case kApprox: return "approximation";
    case kModal: return "modality";
    case kReport: return "reported/alleged";
    case kIntent: return "intention";
    case kQuant: return "quantifier";
    case kNeg: return "negation";
    case kCertain: return "certainty";
    case kLower: return "lower bound";
    case kUpper: return "upper bound";
  }
  return "?";
}

struct ClaimWord {
  int cls = -1;
  int rank = 0;       // order on the quantifier scale (few < some < many < most < all)
  bool soft = false;  // says the class's kind of thing without hedging ("can", "able to", "should",
                      // "planned to", "is seen to"): on the other side of a hedge of its class it
                      // makes the pair a rewording, and it is never reported itself
};

bool is_number_token(const Token& t) { return t.number() || (!t.word.empty() && t.word[0] >= '0' && t.word[0] <= '9'); }

// The claim word starting at token t, if any.
ClaimWord claim_word(const std::vector<Token>& T, uint32_t t, uint32_t end) {
  static const std::unordered_map<std::string, int> single = {
      {"approximately", kApprox}, {"roughly", kApprox}, {"nearly", kApprox}, {"almost", kApprox},
      {"estimated", kApprox}, {"may", kModal}, {"might", kModal}, {"could", kModal}, {"possibly", kModal},
      {"probably", kModal}, {"likely", kModal}, {"unlikely", kModal}, {"perhaps", kModal},
      {"potentially", kModal}, {"reportedly", kReport}, {"alleged", kReport}, {"allegedly", kReport},
      {"apparently", kReport}, {"seemingly", kReport}, {"seems", kReport}, {"seemed", kReport},
      {"rumoured", kReport}, {"considering", kIntent}, {"hopeful", kIntent}, {"hopes", kIntent},
      {"hoped", kIntent}, {"planning", kIntent}, {"intends", kIntent}, {"intended", kIntent},
      {"not", kNeg}, {"no", kNeg}, {"never", kNeg}, {"none", kNeg}, {"without", kNeg}, {"nothing", kNeg},
      {"nobody", kNeg}, {"neither", kNeg}, {"nor", kNeg}, {"definitely", kCertain}, {"certainly", kCertain},
      {"clearly", kCertain}, {"undoubtedly", kCertain}, {"proven", kCertain}};
  static const std::unordered_map<std::string, int> quant = {
      {"few", 1},     {"hardly", 1}, {"barely", 1}, {"scarcely", 1}, {"some", 2},
      {"several", 2}, {"many", 3},   {"most", 4},   {"all", 5},      {"every", 5}};
  const std::string& w = T[t].word;
  const std::string* next = t + 1 < end ? &T[t + 1].word : nullptr;
  const std::string* prev = t > 0 ? &T[t - 1].word : nullptr;
  bool num_next = t + 1 < end && is_number_token(T[t + 1]);
  auto prev_within = [&](uint32_t k, std::initializer_list<const char*> words) {
    for (uint32_t i = t; i-- > 0 && t - i <= k;)
      for (const char* x : words)
        if (T[i].word == x) return true;
    return false;
  };
  ClaimWord soft_modal{kModal, 0, true}, soft_intent{kIntent, 0, true}, soft_report{kReport, 0, true};
  // Ability, obligation and the plain future of a plan name the same kind of thing as a modal or
  // an intention without hedging: "can win" / "could deliver", "being able to" / "may", "is
  // hoped ... will" / "should", "planned to" / "intended to".
  if (w == "can" || w == "cannot" || w == "able" || w == "unable" || w == "should" || w == "possible" ||
      w == "must")
    return soft_modal;
  if ((w == "planned" || w == "plans" || w == "plan" || w == "aims" || w == "aimed" || w == "aim" ||
       w == "wanted" || w == "wants" || w == "want" || w == "going" || w == "set" || w == "due") &&
      next && *next == "to")
    return soft_intent;
  if ((w == "seen" || w == "looked" || w == "looks" || w == "thought" || w == "believed" || w == "said") && next &&
      *next == "to" && prev && (*prev == "is" || *prev == "are" || *prev == "was" || *prev == "were" || w == "looked" || w == "looks"))
    return soft_report;  // "is seen to be" / "appears to be", "looked to have" / "seemed to"
  if (w == "just" && next && *next == "about") return {kApprox, 0, true};  // "just about everything" / "almost"
  // "could" that is not a hedge on the claim: a perception ("could be heard", "could see"), a
  // comparison ("as many players as they could" / "as possible"), a condition ("unless she could
  // prove" / "unless she proved").
  if (w == "could" || w == "can" || w == "might") {
    static const std::unordered_set<std::string> perceive = {"see", "seen", "hear", "heard", "feel", "felt",
                                                             "watch", "watched", "sense", "tell"};
    uint32_t k = t + 1;
    if (k < end && (T[k].word == "be" || T[k].word == "not" || T[k].word == "now" || T[k].word == "still")) ++k;
    if (k < end && T[k].word == "be") ++k;
    if (k < end && perceive.count(T[k].word)) return {};
    if (prev_within(4, {"as"}) && prev_within(6, {"many", "much", "soon", "far", "long", "quickly", "well"}))
      return {};
    if (prev_within(3, {"unless", "if", "whether", "until", "than", "so"})) return w == "could" ? ClaimWord{} : soft_modal;
  }
  if ((w == "about" || w == "around" || w == "some") && num_next) return {kApprox, 0};  // "about 2,000"
  // Bounds on a figure: "more than 40,000", "over 100", "up to £500", "as much as $1bn".
  bool num_after2 = t + 2 < end && is_number_token(T[t + 2]);
  if (w == "over" && num_next) return {kLower, 0};
  if (next && w == "more" && *next == "than" && num_after2) return {kLower, 0};
  if (next && w == "at" && *next == "least" && num_after2) return {kLower, 0};
  if (next && ((w == "less" || w == "fewer") && *next == "than") && num_after2) return {kUpper, 0};
  if (next &&
      ((w == "up" && *next == "to" && t + 2 < end && is_number_token(T[t + 2])) || (w == "at" && *next == "most")))
    return {kUpper, 0};
  if (next && w == "as" && t + 3 < end && T[t + 2].word == "as" && is_number_token(T[t + 3]))
    return {kUpper, 0};  // "as many as 300", "as high as 70%" / "up to 70 percent"
  if (next && w == "as" && (*next == "much" || *next == "many") && t + 2 < end && T[t + 2].word == "as")
    return {kUpper, 0};
  if (next && w == "ruled" && *next == "out") return {kCertain, 0};
  if (w == "may" && num_next) return {};  // "May 27": the month
  static const std::unordered_set<std::string> passive = {"was", "were", "is", "are", "been", "being"};
  if (w == "reported" && t > 0 && passive.count(T[t - 1].word)) return {kReport, 0};  // "was reported in June to"
  if ((w == "appeared" || w == "appears" || w == "reported" || w == "expected") && next &&
      (*next == "to" || (w == "reported" && *next == "that")))
    return {w == "expected" ? kIntent : kReport, 0};  // "appeared to", not "appeared before a tribunal"
  if ((w == "hardly" || w == "barely" || w == "scarcely") &&
      !(next && (*next == "any" || *next == "anyone" || *next == "anything")))
    return {};  // "hardly any orders" is a quantity; "hardly more than" is not
  // "a third in as many months", "as many players as possible": a comparison, not a quantity.
  if ((w == "many" || w == "much") && prev && (*prev == "as" || *prev == "so" || *prev == "too" || *prev == "how"))
    return {};
  if (auto q = quant.find(w); q != quant.end()) return {kQuant, q->second};
  if (auto it = single.find(w); it != single.end()) return {it->second, 0};
  if (w.size() > 3 && w.compare(w.size() - 3, 3, "n't") == 0) return {kNeg, 0};
  return {};
}

bool is_speech_verb(const std::string& w) {
  static const std::unordered_set<std::string> v = {
      "say", "says", "said", "told", "tells", "insisted", "insists", "warned", "warns", "warn", "added",
      "claimed", "stated", "argued", "argues", "according", "noted", "explained", "explains", "announced",
      "acknowledged", "admitted", "suggested", "confirmed", "denied", "believe", "believes", "maintained"};
  return v.count(w) > 0;
}

bool is_auxiliary(const std::string& w) {
  static const std::unordered_set<std::string> v = {"do", "does", "did", "is", "are", "was", "were", "be", "been",
                                                    "has", "have", "had", "will", "would", "can", "yet"};
  return v.count(w) > 0;
}

// A stretch of tokens (indexes into one CleanDoc), not necessarily contiguous: a copy
// sentence with the fragments after it, or the source sentences it draws on.
struct Side {
  const Document* doc;
  const CleanDoc* clean;
  std::vector<uint32_t> toks;
  std::vector<uint64_t> keys;  // word_id of the stems (numbers as written): compared in the LCS
  std::set<uint32_t> sentence_starts;
};

Side make_side(const Document& d, const CleanDoc& c, const std::vector<uint32_t>& sentences) {
  Side s{&d, &c, {}, {}, {}};
  for (uint32_t si : sentences) {
    const Sentence& x = c.sentences[si];
    s.sentence_starts.insert(x.tok_begin);
    for (uint32_t t = x.tok_begin; t < x.tok_end; ++t) {
      s.toks.push_back(t);
      const Token& tok = c.tokens[t];
      s.keys.push_back(is_number_token(tok) ? tok.id : stem_id(tok.word));
    }
  }
  return s;
}

// Gaps between the words two sides share in order: [s0, s1) of a and [c0, c1) of b (positions in
// Side::toks), between matched words or a side's end.
struct Hunk {
  uint32_t s0, s1, c0, c1;
};

std::vector<Hunk> hunks(const Side& a, const Side& b) {
  const size_t n = a.keys.size(), m = b.keys.size();
  // Longest common subsequence, a content word weighing more than a stop word (so that a
  // "to" does not win over "remittances" where the two cross).
  std::vector<uint32_t> weight(n);
  std::vector<bool> stop(n);
  for (size_t i = 0; i < n; ++i) {
    stop[i] = is_stopword(a.clean->tokens[a.toks[i]].word);
    weight[i] = stop[i] ? 1 : 4;
  }
  std::vector<uint32_t> L((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return L[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;) {
      uint32_t best = std::max(at(i + 1, j), at(i, j + 1));
      if (a.keys[i] == b.keys[j]) best = std::max(best, at(i + 1, j + 1) + weight[i]);
      at(i, j) = best;
    }
  std::vector<std::pair<uint32_t, uint32_t>> match;
  for (size_t i = 0, j = 0; i < n && j < m;) {
    if (a.keys[i] == b.keys[j] && at(i, j) == at(i + 1, j + 1) + weight[i])
      match.push_back({static_cast<uint32_t>(i++), static_cast<uint32_t>(j++)});
    else if (at(i + 1, j) >= at(i, j + 1)) ++i;
    else ++j;
  }
  // A stop word matched alone, far from any other match, is chance ("the" ... "the"), not
  // corresponding context.
  std::vector<std::pair<uint32_t, uint32_t>> kept;
  for (size_t k = 0; k < match.size(); ++k) {
    auto [i, j] = match[k];
    bool prev = k > 0 && match[k - 1].first + 1 == i && match[k - 1].second + 1 == j;
    bool next = k + 1 < match.size() && match[k + 1].first == i + 1 && match[k + 1].second == j + 1;
    if (!stop[i] || prev || next) kept.push_back(match[k]);
  }
  std::vector<Hunk> out;
  uint32_t pi = 0, pj = 0;
  for (auto [i, j] : kept) {
    if (i > pi || j > pj) out.push_back({pi, i, pj, j});
    pi = i + 1, pj = j + 1;
  }
  if (pi < n || pj < m) out.push_back({pi, static_cast<uint32_t>(n), pj, static_cast<uint32_t>(m)});
  return out;
}

struct ClaimWords {
  std::vector<std::pair<ClaimWord, uint32_t>> words;  // with position in the side
  std::string skel;                                   // the hunk's letters, to see run-together words
};

// The strength words of positions [p0, p1) of a side; inside quotes only if `quoted` (a claim
// inside a quote is the quote's: the quote comparison reports it).
ClaimWords claim_words(const Side& s, uint32_t p0, uint32_t p1, bool quoted) {
  ClaimWords out;
  const auto& T = s.clean->tokens;
  for (uint32_t p = p0; p < p1; ++p) {
    out.skel += T[s.toks[p]].word;
    if (T[s.toks[p]].quoted() && !quoted) continue;
    ClaimWord cw = claim_word(T, s.toks[p], s.toks.back() + 1);
    if (cw.cls >= 0) out.words.push_back({cw, p});
    if (T[s.toks[p]].word == "cannot") out.words.push_back({ClaimWord{kNeg, 0, false}, p});  // "can" + "not"
  }
  return out;
}

int month_of(const Token& t);

// A capitalised word that is not the first of its sentence, nor a month: part of a name.
bool is_name(const Side& s, uint32_t p) {
  const Token& t = s.clean->tokens[s.toks[p]];
  return t.cap() && !s.sentence_starts.count(s.toks[p]) && !t.quoted() && !is_stopword(t.word) && !is_number_token(t) &&
         !month_of(t);
}

std::string word_at(const Side& s, uint32_t p) {
  const Token& t = s.clean->tokens[s.toks[p]];
  return s.doc->text.substr(t.begin, t.end - t.begin);
}

struct ClaimOptions {
  uint32_t max_hunk = 8;         // longest gap (tokens, either side) read for a strength word
  uint32_t max_other_words = 1;  // content words in a gap besides the strength word
  uint32_t max_name_hunk = 4;    // longest gap read for a name
};

// Content words in [p0, p1) of a side: not stop words, auxiliaries or strength words.
uint32_t content_words(const Side& s, uint32_t p0, uint32_t p1) {
  uint32_t n = 0;
  for (uint32_t p = p0; p < p1; ++p) {
    const std::string& w = s.clean->tokens[s.toks[p]].word;
    if (is_stopword(w) || is_auxiliary(w) || is_speech_verb(w) ||
        claim_word(s.clean->tokens, s.toks[p], s.toks.back() + 1).cls >= 0)
      continue;
    ++n;
  }
  return n;
}

// Levenshtein distance of two short strings (bytes).
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// "US" / "American", "Cuba" / "Cuban", "Associated Press" / "AP", a misspelling: the same
// name written another way, not another name.
bool same_name(const std::string& a_text, const std::string& b_text, const std::string& a, const std::string& b,
               const std::string& a_hunk, const std::string& b_hunk) {
  auto abbrev = [](std::string w) {  // "US", "AP", "AFP", "UK's": written out elsewhere
    if (w.size() > 2 && (w.compare(w.size() - 2, 2, "'s") == 0 || w.compare(w.size() - 2, 2, "s'") == 0))
      w.resize(w.size() - 2);
    return w.size() >= 2 && w.size() <= 4 &&
           std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
  };
  if (a.size() >= 6 && b.size() >= 6 && edit_distance(a, b) <= std::min(a.size(), b.size()) / 4 + 1)
    return true;  // misspelt
  if (abbrev(a_text) || abbrev(b_text)) return true;
  size_t k = 0;
  while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
  if (k >= 4 || (k >= 3 && std::min(a.size(), b.size()) <= 5)) return true;
  return char_dice(a_hunk, b_hunk) >= 0.5f;
}

// Why the copy side states the claim differently from the source side, or "".
std::string claim_difference(const Side& src, const Side& cp, const std::set<std::string>& copy_doc_words,
                             const std::set<std::string>& src_doc_words, const ClaimOptions& opt) {
  std::vector<std::string> items;
  auto add = [&](const std::string& s) {
    if (std::find(items.begin(), items.end(), s) == items.end()) items.push_back(s);
  };
  // Classes of strength words anywhere in each side: a word moved elsewhere is not dropped.
  std::vector<int> src_any(kClasses, 0), cp_any(kClasses, 0);
  const ClaimWords src_all = claim_words(src, 0, src.toks.size(), true),
                   cp_all = claim_words(cp, 0, cp.toks.size(), true);
  for (auto& [cw, p] : src_all.words) src_any[cw.cls]++;
  for (auto& [cw, p] : cp_all.words) cp_any[cw.cls]++;
  const std::string& src_skel = src_all.skel;
  const std::string& cp_skel = cp_all.skel;
  bool neg_added = false, neg_dropped = false;  // in some gap: both is negation moved ("seek no" / "not seek")
  for (const Hunk& h : hunks(src, cp)) {
    uint32_t ns = h.s1 - h.s0, nc = h.c1 - h.c0;
    if (ns > opt.max_hunk || nc > opt.max_hunk) continue;
    // A word inside a quote is left to the quote comparison, where the other side has the
    // place quoted too: a copy that lost a closing quote mark runs its quote on over reporting.
    auto quoted_at = [](const Side& x, uint32_t p0, uint32_t p1) {
      if (p0 > 0) return x.clean->tokens[x.toks[p0 - 1]].quoted();
      return p1 < x.toks.size() && x.clean->tokens[x.toks[p1]].quoted();
    };
    ClaimWords a = claim_words(src, h.s0, h.s1, !quoted_at(cp, h.c0, h.c1)),
               b = claim_words(cp, h.c0, h.c1, !quoted_at(src, h.s0, h.s1));
    if (a.skel == b.skel) continue;  // the same letters: spacing or extraction damage
    for (int c = 0; c < kClasses; ++c) {
      std::vector<std::pair<ClaimWord, uint32_t>> wa, wb;
      for (auto& x : a.words)
        if (x.first.cls == c) wa.push_back(x);
      for (auto& x : b.words)
        if (x.first.cls == c) wb.push_back(x);
      if (wa.empty() && wb.empty()) continue;
      auto all_soft = [](const std::vector<std::pair<ClaimWord, uint32_t>>& w) {
        return std::all_of(w.begin(), w.end(), [](const auto& x) { return x.first.soft; });
      };
      if ((wb.empty() && all_soft(wa)) || (wa.empty() && all_soft(wb))) continue;  // never reported itself
      // A hedge of one kind in place of another ("expected to" / "likely to", "it is hoped" /
      // "should", "reportedly" / "may have"): the claim is still hedged, in other words.
      auto hedge_family = [](int k) { return k == kModal || k == kReport || k == kIntent; };
      if (hedge_family(c)) {
        const ClaimWords& other = wa.empty() ? a : b;
        if (std::any_of(other.words.begin(), other.words.end(),
                        [&](const auto& x) { return x.first.cls != c && hedge_family(x.first.cls); }))
          continue;
      }
      // A strength word whose letters are inside the other side's run-together word
      // ("processesaround") is still there.
      auto hidden = [](const Side& s, uint32_t p, const std::string& other_skel) {
        std::string w = stem(s.clean->tokens[s.toks[p]].word);
        return w.size() >= 3 && other_skel.find(w) != std::string::npos;
      };
      // A longer stem run together anywhere in the other side ("allegesthat").
      auto hidden_long = [&](const Side& s, uint32_t p, const std::string& other_skel) {
        std::string w = stem(s.clean->tokens[s.toks[p]].word);
        return w.size() >= 5 && hidden(s, p, other_skel);
      };
      if (wa.size() == 1 && wb.empty() &&
          (hidden(src, wa[0].second, b.skel) || hidden_long(src, wa[0].second, cp_skel)))
        continue;
      if (wb.size() == 1 && wa.empty() && (hidden(cp, wb[0].second, a.skel) || hidden_long(cp, wb[0].second, src_skel)))
        continue;
      if (c == kNeg) {
        // Negation flipped with the rest the same: the gap holds nothing but the negation and
        // auxiliaries ("has opened" / "has not opened"), not a rewording ("lost power" /
        // "without electricity", "not known" / "unclear").
        if (!wa.empty() && !wb.empty()) continue;
        if (src_any[kNeg] == cp_any[kNeg]) continue;  // moved, not flipped ("to seek no" / "not to seek")
        auto bare = [&](const Side& s, uint32_t p0, uint32_t p1) {
          for (uint32_t p = p0; p < p1; ++p) {
            const std::string& w = s.clean->tokens[s.toks[p]].word;
            if (claim_word(s.clean->tokens, s.toks[p], s.toks.back() + 1).cls != kNeg && !is_auxiliary(w)) return false;
          }
          return true;
        };
        if (!bare(src, h.s0, h.s1) || !bare(cp, h.c0, h.c1)) continue;
        add(std::string("negation ") +
            (wa.empty() ? "added ('" + word_at(cp, wb[0].second) : "dropped ('" + word_at(src, wa[0].second)) + "')");
        (wa.empty() ? neg_added : neg_dropped) = true;
        continue;
      }
      if (c == kQuant) {
        int ra = 0, rb = 0;
        for (auto& x : wa) ra = std::max(ra, x.first.rank);
        for (auto& x : wb) rb = std::max(rb, x.first.rank);
        if (ra == rb) continue;
        if (!wa.empty() && !wb.empty()) {
          add("quantifier '" + word_at(src, wa[0].second) + "' -> '" + word_at(cp, wb[0].second) + "'");
          continue;
        }
        // "all four" / "the four": a universal quantifier dropped or added is style.
        if (std::max(ra, rb) >= 5) continue;
      }
      if (!wa.empty() && !wb.empty()) continue;  // the same kind of word on both sides
      // Dropped or added in otherwise corresponding context: around the word, each side's gap
      // holds at most one other content word ("could leave" / "would leave", "Some wardens" /
      // "Wardens", "was unlikely" / -), not a reworded stretch.
      if (content_words(src, h.s0, h.s1) > opt.max_other_words + (wa.empty() ? 0 : 1) ||
          content_words(cp, h.c0, h.c1) > opt.max_other_words + (wb.empty() ? 0 : 1))
        continue;
      if (!wa.empty() && cp_any[c] > 0) continue;   // the copy says it elsewhere
      if (!wb.empty() && src_any[c] > 0) continue;
      add(std::string(class_name(c)) +
          (wa.empty() ? " added ('" + word_at(cp, wb[0].second) : " dropped ('" + word_at(src, wa[0].second)) + "')");
    }
    // A name replaced by another in corresponding context: who said it, which paper, which firm.
    if (ns == 0 || nc == 0 || ns > opt.max_name_hunk || nc > opt.max_name_hunk) continue;
    std::vector<uint32_t> na, nb;
    for (uint32_t p = h.s0; p < h.s1; ++p)
      if (is_name(src, p) && !copy_doc_words.count(src.clean->tokens[src.toks[p]].word)) na.push_back(p);
    for (uint32_t p = h.c0; p < h.c1; ++p)
      if (is_name(cp, p) && !src_doc_words.count(cp.clean->tokens[cp.toks[p]].word)) nb.push_back(p);
    if (nb.empty()) continue;
    if (na.empty()) {
      // A description replaced by a name in the same place ("the independent member" / "the
      // Liberal Democrat member"): the copy's gap is all new names, the source's one or two
      // words that are not names, with matched words on both sides.
      bool inside = h.s0 > 0 && h.c0 > 0 && h.s1 < src.toks.size() && h.c1 < cp.toks.size();
      uint32_t words = content_words(src, h.s0, h.s1);
      bool all_names = nb.size() == content_words(cp, h.c0, h.c1);
      bool src_names_any = false;
      for (uint32_t p = h.s0; p < h.s1; ++p) src_names_any |= is_name(src, p);
      if (!inside || words == 0 || words > 2 || !all_names || src_names_any) continue;
      add("name changed ('" + word_at(src, h.s0) + "' -> '" + word_at(cp, nb[0]) + "')");
      continue;
    }
    {
      std::string ha, hb;
      for (uint32_t p : na) ha += src.clean->tokens[src.toks[p]].word;
      for (uint32_t p : nb) hb += cp.clean->tokens[cp.toks[p]].word;
      if (same_name(word_at(src, na[0]), word_at(cp, nb[0]), src.clean->tokens[src.toks[na[0]]].word,
                    cp.clean->tokens[cp.toks[nb[0]]].word, ha, hb))
        continue;
    }
    bool speech = false;
    for (uint32_t p = h.c0 >= 3 ? h.c0 - 3 : 0; p < std::min<uint32_t>(h.c1 + 3, cp.toks.size()); ++p)
      speech |= is_speech_verb(cp.clean->tokens[cp.toks[p]].word);
    add(std::string(speech ? "attribution changed" : "name changed") + " ('" + word_at(src, na[0]) + "' -> '" +
        word_at(cp, nb[0]) + "')");
  }
  std::string why;
  for (const auto& x : items) {
    if (neg_added && neg_dropped && x.rfind("negation", 0) == 0) continue;
    why += (why.empty() ? "" : "; ") + x;
  }
  return why;
}

// Words a document writes with a capital: a name the other document does not carry is new.
// A hedge of the source sentence (report, modality, approximation, intention) that the copy
// sentence, closely aligned to it, has nowhere: the claim stated more firmly ("was reported to
// have attended" / "sat in on"), however reworded.
std::string hedge_removed(const Document& S, const CleanDoc& cs, int a, const Side& cp, float sim,
                          const AuditOptions& opt) {
  if (a < 0 || sim < opt.firmer_min_sim) return "";
  Side src = make_side(S, cs, {static_cast<uint32_t>(a)});
  std::vector<int> have(kClasses, 0);
  for (auto& [cw, p] : claim_words(cp, 0, cp.toks.size(), true).words) have[cw.cls]++;
  ClaimWords sw = claim_words(src, 0, src.toks.size(), false);
  std::string all_copy;
  for (uint32_t t : cp.toks) all_copy += cp.clean->tokens[t].word;
  const bool hedged = have[kModal] || have[kReport] || have[kIntent];  // in other words (claim_difference)
  for (int c : {kReport, kModal, kApprox, kIntent}) {
    if (have[c] || (c != kApprox && hedged)) continue;
    for (auto& [cw, p] : sw.words) {
      if (cw.cls != c || cw.soft) continue;
      std::string st = stem(src.clean->tokens[src.toks[p]].word);
      if (st.size() >= 3 && all_copy.find(st) != std::string::npos) continue;  // run together in the copy
      return std::string(class_name(c)) + " dropped ('" + word_at(src, p) + "'): stated more firmly";
    }
  }
  return "";
}

std::set<std::string> doc_names(const CleanDoc& c) {
  std::set<std::string> out;
  for (const auto& t : c.tokens)
    if (t.cap()) out.insert(t.word);
  return out;
}

// Two figures of one kind that one could have been changed into the other: the same
// unit, both ordinals or neither, both years or neither, of comparable size.
bool comparable(const NumberMention& a, const NumberMention& b) {
  if (a.unit != b.unit || a.ordinal != b.ordinal || a.year_like != b.year_like) return false;
  double hi = std::max(std::fabs(a.value), std::fabs(b.value)), lo = std::min(std::fabs(a.value), std::fabs(b.value));
  return !(hi > 100 && hi > 10 * lo);
}

std::string number_detail(const NumberMention& s, const NumberMention& c) {
  char detail[96];
  std::snprintf(detail, sizeof detail, "%g -> %g", s.value, c.value);
  return detail;
}

int month_of(const Token& t) {
  static const std::unordered_map<std::string, int> m = {
      {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6}, {"july", 7},
      {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12}};
  if (!t.cap()) return 0;
  auto it = m.find(t.word);
  return it == m.end() ? 0 : it->second;
}

// Where a figure sits: the content words just before and after tokens [b, e) of a sentence
// (stop words skipped, two at most: "six [executives]", "on 22 [December]"), and the two words
// on each side as written ("[his first] four games", "third [in League] One").
struct Anchors {
  std::string before, after, before2, after2;
  bool pins(const Anchors& o, bool* both) const {
    bool b = !before.empty() && before == o.before, a = !after.empty() && after == o.after;
    bool b2 = !before2.empty() && before2 == o.before2, a2 = !after2.empty() && after2 == o.after2;
    *both = (a && b) || a2 || b2;
    return a || b || a2 || b2;
  }
};

Anchors anchors(const CleanDoc& c, uint32_t b, uint32_t e) {
  const auto& T = c.tokens;
  const Sentence& s = c.sentences[T[b].sentence];
  Anchors x;
  for (int k = static_cast<int>(b) - 1, n = 0; k >= static_cast<int>(s.tok_begin) && n < 3; --k, ++n) {
    if (is_stopword(T[k].word)) continue;
    if (!is_number_token(T[k])) x.before = stem(T[k].word);
    break;
  }
  for (uint32_t k = e, n = 0; k < s.tok_end && n < 3; ++k, ++n) {
    if (is_stopword(T[k].word)) continue;
    x.after = stem(T[k].word);
    break;
  }
  if (b >= s.tok_begin + 2 && !is_number_token(T[b - 1]) && !is_number_token(T[b - 2]))
    x.before2 = stem(T[b - 2].word) + " " + stem(T[b - 1].word);
  if (e + 2 <= s.tok_end && !is_number_token(T[e]) && !is_number_token(T[e + 1]))
    x.after2 = stem(T[e].word) + " " + stem(T[e + 1].word);
  return x;
}

// The relative date in positions [p0, p1) of a side, as "last month", "this week", "yesterday";
// "" if none.
std::string relative_date(const Side& s, uint32_t p0, uint32_t p1) {
  static const std::unordered_set<std::string> period = {"week", "month", "year", "weekend", "season"};
  static const std::unordered_set<std::string> day = {"yesterday", "today", "tomorrow", "tonight"};
  static const std::unordered_set<std::string> which = {"last", "this", "next", "past", "coming"};
  const auto& T = s.clean->tokens;
  for (uint32_t p = p0; p < p1; ++p) {
    const std::string& w = T[s.toks[p]].word;
    if (day.count(w)) return w;
    if (period.count(w) && p > p0 && which.count(T[s.toks[p - 1]].word)) return T[s.toks[p - 1]].word + " " + w;
  }
  return "";
}

// Figures and months the copy side replaced in corresponding context (a small gap between
// words both sides share): "five executives" / "six executives", "on 20 December" / "on 22
// December", "in November" / "in October". Figures `done` already reports are left out.
std::vector<Change> changed_figures(const Side& src, const Side& cp, const std::vector<Change>* done,
                                    uint32_t max_hunk) {
  std::vector<Change> out;
  auto mentions = [](const Side& s) {
    std::vector<NumberMention> all;
    for (uint32_t st : s.sentence_starts) {
      uint32_t e = st;
      while (e < s.clean->tokens.size() && s.clean->tokens[e].sentence == s.clean->tokens[st].sentence) ++e;
      auto v = find_numbers(s.doc->text, *s.clean, st, e);
      all.insert(all.end(), v.begin(), v.end());
    }
    return all;
  };
  auto sm = mentions(src), cm = mentions(cp);
  auto in_hunk = [](const Side& s, uint32_t p0, uint32_t p1, uint32_t tok) {
    for (uint32_t p = p0; p < p1; ++p)
      if (s.toks[p] == tok) return true;
    return false;
  };
  for (const Hunk& h : hunks(src, cp)) {
    if (h.s1 == h.s0 || h.c1 == h.c0 || h.s1 - h.s0 > max_hunk || h.c1 - h.c0 > max_hunk) continue;
    for (const auto& m : cm) {
      if (!in_hunk(cp, h.c0, h.c1, m.tok_begin)) continue;
      if (std::any_of(sm.begin(), sm.end(), [&](const NumberMention& x) { return same_number(x, m); })) continue;
      if (done && std::any_of(done->begin(), done->end(), [&](const Change& c) {
            return c.kind == ChangeKind::kChangedNumber && c.copy.begin < m.span.end && m.span.begin < c.copy.end;
          }))
        continue;
      for (const auto& x : sm) {
        if (!in_hunk(src, h.s0, h.s1, x.tok_begin) || !comparable(x, m)) continue;
        out.push_back({ChangeKind::kChangedNumber, m.span, x.span, number_detail(x, m)});
        break;
      }
    }
    // A relative date replaced: "last month" / "earlier this week".
    {
      std::string a = relative_date(src, h.s0, h.s1), b = relative_date(cp, h.c0, h.c1);
      if (!a.empty() && !b.empty() && a != b) {
        const Token& sa = src.clean->tokens[src.toks[h.s0]];
        const Token& sb = src.clean->tokens[src.toks[h.s1 - 1]];
        const Token& ca = cp.clean->tokens[cp.toks[h.c0]];
        const Token& cb = cp.clean->tokens[cp.toks[h.c1 - 1]];
        Span ss{sa.begin, sb.end}, cs{ca.begin, cb.end};
        out.push_back(
            {ChangeKind::kChangedNumber, cs, ss,
             "date: " + src.doc->text.substr(ss.begin, ss.size()) + " -> " + cp.doc->text.substr(cs.begin, cs.size())});
      }
    }
    for (uint32_t q = h.c0; q < h.c1; ++q) {
      const Token& ct = cp.clean->tokens[cp.toks[q]];
      int mc = month_of(ct);
      if (!mc) continue;
      bool known = false;
      for (uint32_t t : src.toks) known |= month_of(src.clean->tokens[t]) == mc;
      if (known) continue;
      for (uint32_t p = h.s0; p < h.s1; ++p) {
        const Token& st = src.clean->tokens[src.toks[p]];
        if (month_of(st)) {
          out.push_back({ChangeKind::kChangedNumber, Span{ct.begin, ct.end}, Span{st.begin, st.end},
                         "date: " + src.doc->text.substr(st.begin, st.end - st.begin) + " -> " +
                             cp.doc->text.substr(ct.begin, ct.end - ct.begin)});
          break;
        }
      }
    }
  }
  return out;
}

size_t shared_terms(const SentenceVector& x, const SentenceVector& y) {
  size_t n = 0;
  for_each_shared_term(x, y, [&](float, float) { ++n; });
  return n;
}

}  // namespace

float skeleton_similarity(std::string_view x, std::string_view y) { return char_dice(skeleton(x), skeleton(y)); }

std::vector<Passage> kept_quote_passages(const AuditInput& in) {
  std::vector<Passage> out;
  const Document& S = *in.source;
  const Document& C = *in.copy;
  const CleanDoc& cs = *in.source_clean;
  const CleanDoc& cc = *in.copy_clean;
  constexpr size_t kMinLetters = 15;  // a word or two quoted is not a passage
  auto source_span = [&](size_t pos, size_t len) {
    return Span{cs.skel_pos[pos], cs.skel_end(S.text, static_cast<uint32_t>(pos + len - 1))};
  };
  for (Span q : cc.quotes) {
    std::string k = skeleton(slice(C, q));
    if (k.size() < kMinLetters) continue;
    if (size_t pos = cs.skel.find(k); pos != std::string::npos) {
      out.push_back({source_span(pos, k.size()), q, PassageKind::kVerbatim, 1.0f});
      continue;
    }
    // Run on past a lost closing mark: the source quotes it begins with or holds.
    for (Span sq : cs.quotes) {
      std::string ks = skeleton(slice(S, sq));
      size_t at = ks.size() >= kMinLetters ? k.find(ks) : std::string::npos;
      if (at == std::string::npos) continue;
      out.push_back({sq, skeleton_window(C.text, q, at, at + ks.size()), PassageKind::kVerbatim, 1.0f});
    }
  }
  std::sort(out.begin(), out.end(), [](const Passage& a, const Passage& b) { return a.copy.begin < b.copy.begin; });
  return out;
}

std::vector<Change> audit_changes(const AuditInput& in, const Relation& rel, const SentenceAlignment& al,
                                  const AuditOptions& opt) {
  std::vector<Change> out;
  if (rel.kind == RelationKind::kDuplicate || rel.kind == RelationKind::kSameStory) return out;
  const Document& S = *in.source;
  const Document& C = *in.copy;
  const CleanDoc& cs = *in.source_clean;
  const CleanDoc& cc = *in.copy_clean;

  // Quotes.
  std::vector<std::string> src_q;
  for (auto q : cs.quotes) src_q.push_back(skeleton(slice(S, q)));
  auto stems_of = [](std::string_view s) {
    std::string out, w = fold_words(s);
    size_t i = 0;
    while (i < w.size()) {
      size_t j = w.find(' ', i);
      if (j == std::string::npos) j = w.size();
      out += stem(w.substr(i, j - i)) + " ";
      i = j + 1;
    }
    return out;
  };
  // Sentence pairs the alignment matched: a quote in a copy sentence aligned to the source
  // sentence of a quote is that quote, however much reworded (a re-translation).
  std::set<std::pair<uint32_t, uint32_t>> aligned_pairs;
  for (const auto& p : al.pairs) aligned_pairs.insert({p.a, p.b});
  auto sentence_at = [](const CleanDoc& c, uint32_t byte) {
    auto it = std::upper_bound(c.sentences.begin(), c.sentences.end(), byte,
                               [](uint32_t b, const Sentence& x) { return b < x.begin; });
    return static_cast<uint32_t>(it == c.sentences.begin() ? 0 : it - c.sentences.begin() - 1);
  };
  // A copy sentence in the place of a source sentence: aligned to it, or (a sentence of
  // quotation alone has no evidence to align) next to a sentence aligned to its neighbour.
  auto in_place = [&](uint32_t a, uint32_t b) {
    if (aligned_pairs.count({a, b})) return true;
    for (int da = -1; da <= 1; ++da)
      for (int db = -1; db <= 1; ++db)
        if ((da || db) && static_cast<int>(a) + da >= 0 && static_cast<int>(b) + db >= 0 &&
            aligned_pairs.count({a + da, b + db}))
          return true;
    return false;
  };
  for (auto q : cc.quotes) {
    std::string k = skeleton(slice(C, q));
    if (k.size() < 3) continue;
    if (cs.skel.find(k) != std::string::npos) continue;  // kept (perhaps shortened)
    if (k.size() < 15) {
      // A short quote (a word or two, "rammed"): altered if a source quote has the same
      // stems in another form ("ramming").
      std::string ks = stems_of(slice(C, q));
      for (auto sq : cs.quotes) {
        if (skeleton(slice(S, sq)).size() < 15 && stems_of(slice(S, sq)) == ks) {
          out.push_back({ChangeKind::kAlteredQuote, q, sq, "quoted word changed form"});
          break;
        }
      }
      continue;
    }
    // A copy quote longer than a source quote (it lost its closing mark and runs on, "...case
    // here,  he insisted, adding...", or it joins two of the source's quotes) is compared by
    // its stretch most like the source quote, as long as that quote.
    struct Candidate {
      size_t src;
      float sim;
      size_t w0, w1;  // skeleton offsets in k
      bool aligned;
    };
    std::vector<Candidate> cands;
    bool kept = false;
    for (size_t i = 0; i < src_q.size() && !kept; ++i) {
      const std::string& sq = src_q[i];
      if (sq.size() < 3) continue;
      if (sq.find(k) != std::string::npos) { kept = true; break; }
      if (k.find(sq) != std::string::npos) continue;  // that source quote kept inside this one
      bool aligned = false;
      Candidate c{i, 0, 0, k.size(), false};
      if (sq.size() > k.size() * 13 / 10 + 10) {
        // The copy quotes a part of a longer source quote: against its stretch most like it.
        size_t len = k.size() * 23 / 20 + 5;
        for (size_t w = 0; w + len / 2 < sq.size(); w += 8)
          c.sim = std::max(c.sim, char_dice(k, std::string_view(sq).substr(w, std::min(sq.size(), w + len) - w)));
      } else if (k.size() <= sq.size() * 13 / 10 + 10) {
        c.sim = char_dice(k, sq);
      } else {
        size_t len = sq.size() * 23 / 20 + 5;
        for (size_t w = 0; w + len / 2 < k.size(); w += 8) {
          size_t e = std::min(k.size(), w + len);
          float sim = char_dice(std::string_view(k).substr(w, e - w), sq);
          if (sim > c.sim) c.sim = sim, c.w0 = w, c.w1 = e;
        }
        if (cs.skel.find(k.substr(c.w0, c.w1 - c.w0)) != std::string::npos) continue;  // a kept stretch
      }
      Span at = skeleton_window(C.text, q, c.w0, c.w1);
      aligned = in_place(sentence_at(cs, cs.quotes[i].begin), sentence_at(cc, at.begin));
      c.aligned = aligned;
      if (c.sim >= opt.quote_min_sim || (aligned && c.sim >= opt.quote_aligned_min_sim)) cands.push_back(c);
    }
    if (kept) continue;
    // The best candidates whose stretches do not overlap, each source quote once; a quote no
    // longer than the source's has one.
    std::sort(cands.begin(), cands.end(), [](const Candidate& x, const Candidate& y) { return x.sim > y.sim; });
    std::vector<Candidate> taken;
    for (const auto& c : cands) {
      bool clash = std::any_of(taken.begin(), taken.end(), [&](const Candidate& t) {
        return t.src == c.src || (c.w0 < t.w1 && t.w0 < c.w1);
      });
      if (clash) continue;
      taken.push_back(c);
      out.push_back({ChangeKind::kAlteredQuote, skeleton_window(C.text, q, c.w0, c.w1), cs.quotes[c.src],
                     c.sim >= opt.quote_min_sim ? "quote differs from the source's" : "quote reworded"});
    }
  }

  // Sentences holding the two ends of an altered quote: the copy's has a source (the quote),
  // and the source's is in the copy (altered); neither is added or dropped.
  std::set<uint32_t> quote_copy_sentences, quote_source_sentences;
  for (const Change& c : out) {
    if (c.kind != ChangeKind::kAlteredQuote) continue;
    for (uint32_t k = sentence_at(cc, c.copy.begin); k < cc.sentences.size() && cc.sentences[k].begin < c.copy.end; ++k)
      quote_copy_sentences.insert(k);
    for (uint32_t k = sentence_at(cs, c.source.begin); k < cs.sentences.size() && cs.sentences[k].begin < c.source.end;
         ++k)
      quote_source_sentences.insert(k);
  }

  // Numbers and claims, on aligned sentence pairs.
  const auto& SS = cs.sentences;
  const auto& CS = cc.sentences;
  const auto& SV = in.source_sentences->s;
  const auto& CV = in.copy_sentences->s;
  std::vector<bool> copy_aligned(CS.size(), false), src_aligned(SS.size(), false);
  std::set<int> aligned_src;
  std::vector<std::vector<uint32_t>> sources_of(CS.size());
  for (const auto& p : al.pairs) {
    aligned_src.insert(static_cast<int>(p.a));
    copy_aligned[p.b] = true;
    src_aligned[p.a] = true;
    if (p.sim >= opt.claim_min_sim) sources_of[p.b].push_back(p.a);
  }
  for (const auto& p : al.pairs) {
    if (p.sim < opt.claim_min_sim) continue;
    auto cn = find_numbers(C.text, cc, CS[p.b].tok_begin, CS[p.b].tok_end);
    uint32_t wa = p.a > 0 ? p.a - 1 : 0, wb = std::min<uint32_t>(p.a + 2, SS.size());
    auto sw = find_numbers(S.text, cs, SS[wa].tok_begin, SS[wb - 1].tok_end);
    auto sn = find_numbers(S.text, cs, SS[p.a].tok_begin, SS[p.a].tok_end);
    std::vector<bool> used(sn.size(), false);
    for (auto& m : cn)
      for (size_t i = 0; i < sn.size(); ++i)
        if (!used[i] && same_number(m, sn[i])) { used[i] = true; break; }
    for (auto& m : cn) {
      bool known = std::any_of(sw.begin(), sw.end(), [&](const NumberMention& x) { return same_number(x, m); });
      if (known) continue;
      for (size_t i = 0; i < sn.size(); ++i) {
        if (used[i] || sn[i].year_like != m.year_like || sn[i].ordinal != m.ordinal) continue;
        // The same kind of figure ("45,000 people" / "50,000 people"), of comparable size.
        if (sn[i].unit != m.unit) continue;
        if (!comparable(sn[i], m)) continue;
        used[i] = true;
        out.push_back({ChangeKind::kChangedNumber, m.span, sn[i].span, number_detail(sn[i], m)});
        break;
      }
    }
  }
  // Per copy sentence, against the source sentences it draws on: the aligned ones and an
  // unaligned neighbour it also matches (two source sentences merged into one); an unaligned
  // copy sentence against the source sentence it matches best. Fragments a damaged line break
  // cut off ("...in the High Court" / "on 22 December.") belong to the sentence before.
  const auto copy_names = doc_names(cc), src_names = doc_names(cs);
  // The source sentence each copy sentence is aligned to best, and how well.
  std::vector<int> best_pair(CS.size(), -1);
  std::vector<float> best_sim(CS.size(), 0);
  for (const auto& p : al.pairs)
    if (p.sim > best_sim[p.b]) best_sim[p.b] = p.sim, best_pair[p.b] = static_cast<int>(p.a);
  ClaimOptions copt;
  for (size_t j = 0; j < CS.size(); ++j) {
    std::vector<uint32_t> srcs = sources_of[j];
    if (CV[j].headline) continue;
    if (srcs.empty() && !copy_aligned[j]) {
      if (CS[j].tok_end - CS[j].tok_begin < 4) continue;
      int best = -1;
      float bs = 0;
      for (size_t i = 0; i < SV.size(); ++i)
        if (float x = cosine(CV[j], SV[i]); x > bs) bs = x, best = static_cast<int>(i);
      if (best < 0 || bs < opt.added_max_sim || shared_terms(CV[j], SV[best]) < 2) continue;
      srcs.push_back(best);
    }
    if (srcs.empty()) continue;
    std::sort(srcs.begin(), srcs.end());
    srcs.erase(std::unique(srcs.begin(), srcs.end()), srcs.end());
    for (int a : {static_cast<int>(srcs.front()) - 1, static_cast<int>(srcs.back()) + 1}) {
      if (a < 0 || a >= static_cast<int>(SS.size()) || aligned_src.count(a)) continue;
      if (cosine(SV[a], CV[j]) >= opt.claim_min_sim) srcs.push_back(a);
    }
    std::sort(srcs.begin(), srcs.end());
    std::vector<uint32_t> cps = {static_cast<uint32_t>(j)};
    for (size_t k = j + 1; k < CS.size() && !copy_aligned[k] && CS[k].tok_end - CS[k].tok_begin < 5; ++k)
      cps.push_back(static_cast<uint32_t>(k));
    Side src = make_side(S, cs, srcs), cp = make_side(C, cc, cps);
    std::string why = claim_difference(src, cp, copy_names, src_names, copt);
    if (why.empty()) why = hedge_removed(S, cs, best_pair[j], cp, best_sim[j], opt);
    Span cspan{CS[j].begin, CS[cps.back()].end}, sspan{SS[srcs.front()].begin, SS[srcs.back()].end};
    if (!why.empty()) out.push_back({ChangeKind::kChangedClaim, cspan, sspan, why});
    // Figures (and months) replaced in corresponding context, where the pair-wise comparison
    // above did not look.
    for (auto& ch : changed_figures(src, cp, &out, copt.max_hunk)) out.push_back(ch);
  }

  // Added: copy sentences nothing in the source explains.
  for (size_t j = 0; j < CS.size(); ++j) {
    if (copy_aligned[j] || CV[j].headline || CS[j].tok_end - CS[j].tok_begin < 4 || quote_copy_sentences.count(j))
      continue;
    int best_src = -1;
    float bs = 0;
    for (size_t i = 0; i < SV.size(); ++i)
      if (float c = cosine(CV[j], SV[i]); c > bs) bs = c, best_src = static_cast<int>(i);
    // Explained only by a source sentence it shares two or more terms with: one shared word
    // ("capital") is not a source.
    if (bs >= opt.added_max_sim && shared_terms(CV[j], SV[best_src]) >= 2) continue;
    std::string k = skeleton(slice(C, Span{CS[j].begin, CS[j].end}));
    if (k.size() >= 20 && cs.skel.find(k.substr(0, std::min<size_t>(k.size(), 40))) != std::string::npos) continue;
    out.push_back({ChangeKind::kAdded, Span{CS[j].begin, CS[j].end}, Span{}, "no source sentence"});
  }
  // Figures and months no source sentence has, wherever the copy put them: against a source
  // figure of the same kind in the same context ("five executives" / "six executives") in a
  // source sentence on the same subject. Not for excerpts: outside the shared passage the two
  // texts tell other things.
  if (rel.kind != RelationKind::kExcerpt) {
    auto overlaps_reported = [&](Span sp) {
      return std::any_of(out.begin(), out.end(), [&](const Change& c) {
        return (c.kind == ChangeKind::kChangedNumber || c.kind == ChangeKind::kChangedClaim) && c.copy.begin < sp.end &&
               sp.begin < c.copy.end && c.copy.size() < 4 * sp.size() + 40;
      });
    };
    // Source sentence i and copy sentence j are on the same subject: aligned, or similar, or j
    // a fragment cut off the sentence before it.
    std::unordered_map<uint64_t, bool> related_memo;
    std::vector<std::vector<uint32_t>> src_grams(SS.size()), copy_grams(CS.size());  // built on first use
    auto grams_of = [](std::vector<std::vector<uint32_t>>& cache, const Document& d, const Sentence& x,
                       size_t k) -> const std::vector<uint32_t>& {
      if (cache[k].empty()) cache[k] = char_grams(skeleton(slice(d, Span{x.begin, x.end})));
      return cache[k];
    };
    auto related_one = [&](uint32_t i, uint32_t k) {
      if (std::find(sources_of[k].begin(), sources_of[k].end(), i) != sources_of[k].end()) return true;
      if (cosine(SV[i], CV[k]) >= opt.figure_min_sim) return true;
      // By letters too: a sentence whose words the clean stage took for a quote has no
      // evidence vector.
      return char_dice(grams_of(src_grams, S, SS[i], i), grams_of(copy_grams, C, CS[k], k)) >= 0.3f;
    };
    auto related = [&](uint32_t i, uint32_t j) {
      uint64_t key = (static_cast<uint64_t>(i) << 32) | j;
      if (auto it = related_memo.find(key); it != related_memo.end()) return it->second;
      bool r = false;
      for (uint32_t k = j; !r; --k) {
        r = related_one(i, k);
        if (k == 0 || k < j || CS[k].tok_end - CS[k].tok_begin >= 5 || copy_aligned[k]) break;
      }
      related_memo[key] = r;
      return r;
    };
    auto sm = find_numbers(S.text, cs, 0, static_cast<uint32_t>(cs.tokens.size()));
    auto cm = find_numbers(C.text, cc, 0, static_cast<uint32_t>(cc.tokens.size()));
    for (const auto& m : cm) {
      uint32_t j = cc.tokens[m.tok_begin].sentence;
      if (CV[j].headline) continue;
      // Known: the value is in a source sentence on the same subject (a figure moved to
      // another sentence is not a change; one in an unrelated sentence says nothing).
      bool known_near = false, known_anywhere = false;
      for (const auto& x : sm) {
        if (!same_number(x, m)) continue;
        known_anywhere = true;
        known_near |= related(cs.tokens[x.tok_begin].sentence, j);
      }
      if (known_near || overlaps_reported(m.span)) continue;
      Anchors ac = anchors(cc, m.tok_begin, m.tok_end);
      for (const auto& x : sm) {
        if (!comparable(x, m)) continue;
        uint32_t i = cs.tokens[x.tok_begin].sentence;
        if (SV[i].headline) continue;
        bool both = false;
        if (!ac.pins(anchors(cs, x.tok_begin, x.tok_end), &both)) continue;
        // Outside a related sentence only in a context that pins the figure down (the words on
        // both sides, two words on one side as written, or one and a unit: "more than 150
        // games are in development" / "More than 120 games are in development"), for a value
        // the source has nowhere.
        if (!related(i, j) && (known_anywhere || !(both || !m.unit.empty()))) continue;
        out.push_back({ChangeKind::kChangedNumber, m.span, x.span, number_detail(x, m)});
        break;
      }
    }
    std::set<int> src_months;
    for (const auto& t : cs.tokens) src_months.insert(month_of(t));
    for (uint32_t t = 0; t < cc.tokens.size(); ++t) {
      int mc = month_of(cc.tokens[t]);
      if (!mc || src_months.count(mc) || cc.tokens[t].quoted()) continue;
      uint32_t j = cc.tokens[t].sentence;
      Span sp{cc.tokens[t].begin, cc.tokens[t].end};
      if (CV[j].headline || overlaps_reported(sp)) continue;
      Anchors ac = anchors(cc, t, t + 1);
      // Months of a sentence the other document's sentence does not have.
      auto months_in = [](const CleanDoc& d, uint32_t sentence, const CleanDoc& o, uint32_t other) {
        std::set<int> mine, theirs;
        for (uint32_t k = d.sentences[sentence].tok_begin; k < d.sentences[sentence].tok_end; ++k)
          mine.insert(month_of(d.tokens[k]));
        for (uint32_t k = o.sentences[other].tok_begin; k < o.sentences[other].tok_end; ++k)
          theirs.insert(month_of(o.tokens[k]));
        int n = 0;
        for (int x : mine) n += x > 0 && !theirs.count(x);
        return n;
      };
      for (uint32_t u = 0; u < cs.tokens.size(); ++u) {
        if (!month_of(cs.tokens[u])) continue;
        uint32_t i = cs.tokens[u].sentence;
        if (SV[i].headline || !related(i, j)) continue;
        bool both;
        // In the same context, or the one month a sentence on the same subject has in place of
        // another.
        if (!ac.pins(anchors(cs, u, u + 1), &both) && !(months_in(cs, i, cc, j) == 1 && months_in(cc, j, cs, i) == 1))
          continue;
        out.push_back({ChangeKind::kChangedNumber, sp, Span{cs.tokens[u].begin, cs.tokens[u].end},
                       "date: " + std::string(slice(S, Span{cs.tokens[u].begin, cs.tokens[u].end})) + " -> " +
                           std::string(slice(C, sp))});
        break;
      }
    }
  }

  auto best_cos = [&](const SentenceVector& v, const std::vector<SentenceVector>& others) {
    float b = 0;
    for (auto& o : others) b = std::max(b, cosine(v, o));
    return b;
  };
  // Dropped: runs of source sentences the copy left out (not for excerpts, which leave out by nature).
  if (rel.kind != RelationKind::kExcerpt) {
    size_t i = 0;
    while (i < SS.size()) {
      auto dropped = [&](size_t k) {
        return !src_aligned[k] && !SV[k].headline && !quote_source_sentences.count(static_cast<uint32_t>(k)) &&
               best_cos(SV[k], CV) < opt.added_max_sim &&
               cc.skel.find(skeleton(slice(S, Span{SS[k].begin, SS[k].end})).substr(0, 40)) == std::string::npos;
      };
      if (!dropped(i)) { ++i; continue; }
      size_t j = i;
      while (j + 1 < SS.size() && dropped(j + 1) && SS[j + 1].paragraph == SS[i].paragraph) ++j;
      out.push_back({ChangeKind::kDropped, Span{}, Span{SS[i].begin, SS[j].end}, "left out of the copy"});
      i = j + 1;
    }
  }
  std::sort(out.begin(), out.end(), [](const Change& x, const Change& y) {
    uint32_t px = x.copy.empty() ? x.source.begin : x.copy.begin, py = y.copy.empty() ? y.source.begin : y.copy.begin;
    return x.copy.empty() != y.copy.empty() ? !x.copy.empty() : px < py;
  });
  return out;
}

void complete_relation(Relation* rel, const DocView& x, const DocView& y, const SentenceAlignment& al,
                       const AuditOptions& opt) {
  const DocView& vs = rel->source == x.id ? x : y;
  const DocView& vc = rel->source == x.id ? y : x;
  AuditInput in{vs.doc, vs.clean, &vs.sentences(), vc.doc, vc.clean, &vc.sentences()};
  // A pair too long for the sentence alignment gets no change report either: the audit
  // compares sentences, and its cost would grow with their product.
  if (!al.too_long) rel->changes = audit_changes(in, *rel, al, opt);
  if (rel->kind != RelationKind::kRewrite) return;
  // Quotes a rewrite kept word for word are shown as verbatim passages.
  auto kept = kept_quote_passages(in);
  if (rel->form == RewriteForm::kEmbedded) {
    // An embedded rewrite's passages and changes lie in its derived region.
    auto outside = [&](Span s) { return s.end <= rel->region.begin || s.begin >= rel->region.end; };
    std::erase_if(kept, [&](const Passage& p) { return outside(p.copy); });
    std::erase_if(rel->changes, [&](const Change& c) { return c.kind != ChangeKind::kDropped && outside(c.copy); });
  }
  rel->passages.insert(rel->passages.end(), kept.begin(), kept.end());
}

}  // namespace retrace
