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

std::string_view slice(const Document& d, Span s) { return std::string_view(d.text).substr(s.begin, s.size()); }

// --- claims ---------------------------------------------------------------------------------

enum ClaimClass : uint32_t {
  kApprox = 1, kModal = 2, kReport = 4, kIntent = 8, kWeakQ = 16, kStrongQ = 32, kNeg = 64, kCertain = 128
};

uint32_t claim_class(const std::string& w) {
  static const std::unordered_map<std::string, uint32_t> m = {
      {"about", kApprox}, {"around", kApprox}, {"approximately", kApprox}, {"roughly", kApprox},
      {"nearly", kApprox}, {"almost", kApprox}, {"estimated", kApprox}, {"some", kApprox | kWeakQ},
      {"may", kModal}, {"might", kModal}, {"could", kModal}, {"possibly", kModal}, {"probably", kModal},
      {"likely", kModal}, {"unlikely", kModal}, {"perhaps", kModal}, {"potentially", kModal},
      {"reportedly", kReport}, {"reported", kReport}, {"alleged", kReport}, {"allegedly", kReport},
      {"apparently", kReport}, {"seemingly", kReport}, {"appears", kReport}, {"appeared", kReport},
      {"seems", kReport}, {"seemed", kReport}, {"suggested", kReport}, {"suggests", kReport},
      {"claimed", kReport}, {"claims", kReport}, {"rumoured", kReport}, {"considering", kIntent},
      {"consider", kIntent}, {"hopeful", kIntent}, {"hopes", kIntent}, {"hoped", kIntent},
      {"planning", kIntent}, {"expects", kIntent}, {"expected", kIntent},
      {"several", kWeakQ}, {"few", kWeakQ}, {"many", kStrongQ}, {"most", kStrongQ}, {"all", kStrongQ},
      {"every", kStrongQ}, {"not", kNeg}, {"no", kNeg}, {"never", kNeg}, {"none", kNeg}, {"without", kNeg},
      {"nothing", kNeg}, {"definitely", kCertain}, {"certainly", kCertain}, {"confirmed", kCertain},
      {"clearly", kCertain}, {"openly", kCertain}, {"visibly", kCertain}, {"ruled", kCertain},
      {"refused", kCertain}, {"refusing", kCertain}, {"refuse", kCertain}, {"undoubtedly", kCertain},
      {"proven", kCertain}, {"proved", kCertain}};
  auto it = m.find(w);
  if (it != m.end()) return it->second;
  if (w.size() > 3 && w.compare(w.size() - 3, 3, "n't") == 0) return kNeg;
  return 0;
}

const char* class_name(uint32_t c) {
  switch (c) {
    case kApprox: return "approximation";
    case kModal: return "modality";
    case kReport: return "reported/alleged";
    case kIntent: return "intention";
    case kWeakQ: return "weak quantifier";
    case kStrongQ: return "strong quantifier";
    case kNeg: return "negation";
    case kCertain: return "certainty";
  }
  return "?";
}

bool is_speech_verb(const std::string& w) {
  static const std::unordered_set<std::string> v = {
      "say", "says", "said", "told", "tells", "insisted", "insists", "warned", "warns", "warn", "added",
      "claimed", "stated", "argued", "argues", "according", "noted", "explained", "announced",
      "acknowledged", "admitted", "suggested", "confirmed", "denied", "believe", "believes", "maintained"};
  return v.count(w) > 0;
}

bool is_pronoun(const std::string& w) {
  return w == "he" || w == "she" || w == "they" || w == "it" || w == "we" || w == "i";
}

struct ClaimSignature {
  uint32_t classes = 0;
  std::vector<std::string> class_words[8];
  std::set<std::string> speakers;  // stems of the words naming who said it
  bool has_speech = false;
};

ClaimSignature claim_signature(const std::string& text, const CleanDoc& c, const Sentence& s) {
  ClaimSignature sig;
  const auto& T = c.tokens;
  for (uint32_t t = s.tok_begin; t < s.tok_end; ++t) {
    if (T[t].quoted()) continue;
    uint32_t cl = claim_class(T[t].word);
    // Words that hedge only in some uses: "about"/"around" before a figure ("about 2,000"),
    // not "a play about abuse"; "appeared"/"appears" before "to", not "appeared before a tribunal".
    const std::string* next = t + 1 < s.tok_end ? &T[t + 1].word : nullptr;
    const std::string& w0 = T[t].word;
    if ((w0 == "about" || w0 == "around") && !(next && t + 1 < s.tok_end && T[t + 1].number())) cl = 0;
    if ((w0 == "appeared" || w0 == "appears") && !(next && *next == "to")) cl = 0;
    if (w0 == "some" && next && t + 1 < s.tok_end && T[t + 1].number()) cl = kApprox;
    else if (w0 == "some") cl = kWeakQ;
    sig.classes |= cl;
    for (int b = 0; b < 8; ++b)
      if (cl & (1u << b)) sig.class_words[b].push_back(T[t].word);
    if (!is_speech_verb(T[t].word)) continue;
    sig.has_speech = true;
    // Who: content words just before the verb, or just after it ("said Takashi Yamanaka").
    int taken = 0, named = 0;
    auto clause_break = [&](int k) {  // punctuation between token k and the next ends the clause
      for (uint32_t x = T[k].end; x < T[k + 1].begin; ++x)
        if (text[x] == ',' || text[x] == ';' || text[x] == ':' || text[x] == '(' || text[x] == ')') return true;
      return false;
    };
    for (int k = static_cast<int>(t) - 1; k >= static_cast<int>(s.tok_begin) && taken < 5; --k) {
      const std::string& w = T[k].word;
      if (T[k].quoted() || clause_break(k)) break;
      if (is_pronoun(w) || w == "both" || w == "each") {
        sig.speakers.insert(w);
        ++taken;
        continue;
      }
      if (is_stopword(w) || is_speech_verb(w)) continue;
      sig.speakers.insert(stem(w));
      ++taken;
      ++named;
    }
    // "said Takashi Yamanaka": the speaker follows the verb only when none precedes it.
    for (uint32_t k = t + 1; named == 0 && k < s.tok_end && k <= t + 3; ++k) {
      if (T[k].quoted() || !T[k].cap()) break;
      sig.speakers.insert(stem(T[k].word));
    }
  }
  return sig;
}

// Why two aligned sentences state the claim differently, or "" if they do not.
// Negation is often absorbed by rewording ("no violations" / "prevent breaches"), so a change of
// negation alone is reported only between sentences that are close paraphrases (`close`).
std::string claim_difference(const ClaimSignature& s, const ClaimSignature& c, bool close) {
  std::string why;
  uint32_t diff = s.classes ^ c.classes;
  if (!close && diff == kNeg) diff = 0;
  for (int b = 0; b < 8; ++b) {
    if (!(diff & (1u << b))) continue;
    const auto& words = (s.classes & (1u << b)) ? s.class_words[b] : c.class_words[b];
    if (!why.empty()) why += "; ";
    why += std::string(class_name(1u << b)) + ((s.classes & (1u << b)) ? " dropped ('" : " added ('") +
           (words.empty() ? "" : words[0]) + "')";
  }
  if (s.has_speech && c.has_speech && !s.speakers.empty() && !c.speakers.empty()) {
    bool shared = false;
    for (auto& w : s.speakers) shared |= c.speakers.count(w) > 0;
    auto only_pronoun = [](const std::set<std::string>& x) {
      return std::all_of(x.begin(), x.end(), [](const std::string& w) { return w == "he" || w == "she"; });
    };
    // "he said" against a name is the same speaker, resolved; anything else disjoint is not.
    if (!shared && !only_pronoun(s.speakers) && !only_pronoun(c.speakers)) {
      if (!why.empty()) why += "; ";
      why += "attribution changed";
    }
  }
  return why;
}

size_t shared_terms(const SentenceVector& x, const SentenceVector& y) {
  size_t n = 0;
  for_each_shared_term(x, y, [&](float, float) { ++n; });
  return n;
}

}  // namespace

float skeleton_similarity(std::string_view x, std::string_view y) { return char_dice(skeleton(x), skeleton(y)); }

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
    int best = -1;
    float bs = 0;
    for (size_t i = 0; i < src_q.size(); ++i) {
      if (src_q[i].find(k) != std::string::npos) { best = -2; break; }
      float sim = skeleton_similarity(slice(C, q), slice(S, cs.quotes[i]));
      if (sim > bs) bs = sim, best = static_cast<int>(i);
    }
    if (best >= 0 && bs >= opt.quote_min_sim)
      out.push_back({ChangeKind::kAlteredQuote, q, cs.quotes[best], "quote differs from the source's"});
  }

  // Numbers and claims, on aligned sentence pairs.
  const auto& SS = cs.sentences;
  const auto& CS = cc.sentences;
  std::vector<bool> copy_aligned(CS.size(), false), src_aligned(SS.size(), false);
  std::set<int> aligned_src;
  for (const auto& p : al.pairs) aligned_src.insert(static_cast<int>(p.a));
  for (const auto& p : al.pairs) {
    copy_aligned[p.b] = true;
    src_aligned[p.a] = true;
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
        if (used[i] || sn[i].year_like != m.year_like) continue;
        // The same kind of figure ("45,000 people" / "50,000 people"), of comparable size.
        if (sn[i].unit != m.unit) continue;
        double hi = std::max(std::fabs(m.value), std::fabs(sn[i].value)), lo = std::min(std::fabs(m.value), std::fabs(sn[i].value));
        if (hi > 100 && hi > 10 * lo) continue;
        used[i] = true;
        char detail[96];
        std::snprintf(detail, sizeof detail, "%g -> %g", sn[i].value, m.value);
        out.push_back({ChangeKind::kChangedNumber, m.span, sn[i].span, detail});
        break;
      }
    }
    // The copy sentence against its source sentence, and against an unaligned neighbour it
    // also draws on (two source sentences merged into one).
    ClaimSignature copy_sig = claim_signature(C.text, cc, CS[p.b]);
    for (int a : {static_cast<int>(p.a), static_cast<int>(p.a) - 1, static_cast<int>(p.a) + 1}) {
      if (a < 0 || a >= static_cast<int>(SS.size())) continue;
      if (a != static_cast<int>(p.a) && (aligned_src.count(a) || cosine(in.source_sentences->s[a], in.copy_sentences->s[p.b]) < opt.claim_min_sim))
        continue;
      float sim = a == static_cast<int>(p.a) ? p.sim : cosine(in.source_sentences->s[a], in.copy_sentences->s[p.b]);
      std::string why = claim_difference(claim_signature(S.text, cs, SS[a]), copy_sig, sim >= 0.4f);
      if (!why.empty()) {
        out.push_back({ChangeKind::kChangedClaim, Span{CS[p.b].begin, CS[p.b].end}, Span{SS[a].begin, SS[a].end}, why});
        break;
      }
    }
  }

  // Added: copy sentences nothing in the source explains.
  const auto& SV = in.source_sentences->s;
  const auto& CV = in.copy_sentences->s;
  auto best_cos = [&](const SentenceVector& v, const std::vector<SentenceVector>& others) {
    float b = 0;
    for (auto& o : others) b = std::max(b, cosine(v, o));
    return b;
  };
  for (size_t j = 0; j < CS.size(); ++j) {
    if (copy_aligned[j] || CV[j].headline || CS[j].tok_end - CS[j].tok_begin < 4) continue;
    // An unaligned sentence that still tells a source sentence's content, but with another
    // strength or speaker, is a changed claim.
    int best_src = -1;
    float bs = 0;
    for (size_t i = 0; i < SV.size(); ++i)
      if (float c = cosine(CV[j], SV[i]); c > bs) bs = c, best_src = static_cast<int>(i);
    if (best_src >= 0 && bs >= opt.added_max_sim) {
      std::string why =
          claim_difference(claim_signature(S.text, cs, SS[best_src]), claim_signature(C.text, cc, CS[j]), bs >= 0.4f);
      if (!why.empty()) {
        out.push_back({ChangeKind::kChangedClaim, Span{CS[j].begin, CS[j].end}, Span{SS[best_src].begin, SS[best_src].end}, why});
        continue;
      }
    }
    // Explained only by a source sentence it shares two or more terms with: one shared word
    // ("capital") is not a source.
    if (bs >= opt.added_max_sim && shared_terms(CV[j], SV[best_src]) >= 2) continue;
    std::string k = skeleton(slice(C, Span{CS[j].begin, CS[j].end}));
    if (k.size() >= 20 && cs.skel.find(k.substr(0, std::min<size_t>(k.size(), 40))) != std::string::npos) continue;
    out.push_back({ChangeKind::kAdded, Span{CS[j].begin, CS[j].end}, Span{}, "no source sentence"});
  }
  // Dropped: runs of source sentences the copy left out (not for excerpts, which leave out by nature).
  if (rel.kind != RelationKind::kExcerpt) {
    size_t i = 0;
    while (i < SS.size()) {
      auto dropped = [&](size_t k) {
        return !src_aligned[k] && !SV[k].headline && best_cos(SV[k], CV) < opt.added_max_sim &&
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

}  // namespace retrace
