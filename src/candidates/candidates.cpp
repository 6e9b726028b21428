#include "candidates/candidates.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_map>

#include "core/parallel.h"

namespace retrace {
namespace {

struct Posting {
  uint64_t key;
  DocId doc;
  float w;
  bool operator<(const Posting& o) const { return key != o.key ? key < o.key : doc < o.doc; }
};

struct PairVote {
  uint64_t pair;  // a << 32 | b
  float w;
  bool operator<(const PairVote& o) const { return pair < o.pair; }
};

inline uint64_t pair_key(DocId a, DocId b) {
  if (a > b) std::swap(a, b);
  return (static_cast<uint64_t>(a) << 32) | b;
}

// What a pair needs to become a candidate.
struct Bar {
  uint32_t min_count = 1;   // keys shared
  float min_weight = 0;     // summed weight of the shared keys
  std::function<size_t(DocId)> keys_of;  // if set: shared keys >= min_share * the smaller document's keys
  float min_share = 0;
  std::function<float(DocId)> norm_of;   // if set: rank by weight / sqrt(norm_a * norm_b), >= min_score
  float min_score = 0;
  uint8_t from = 0;
};

// Every key group votes: all pairs in groups of at most df_cap documents, a chain in larger
// ones. The votes are summed per pair and the pairs that clear the bar are returned. To bound
// memory, the votes are produced in as many passes over the sorted postings as needed to keep
// each pass under kMaxVotes (pass p takes the pairs whose first document is p modulo passes).
std::vector<Candidate> vote(std::vector<Posting>& postings, uint32_t df_cap, int threads, uint64_t* capped,
                            const Bar& bar) {
  constexpr uint64_t kMaxVotes = 1ull << 24;  // 16M votes, 256 MB
  parallel_sort(postings, threads);
  std::vector<std::pair<uint32_t, uint32_t>> groups;  // [begin, end) of each key with 2+ documents
  uint64_t total = 0;
  for (size_t i = 0; i < postings.size();) {
    size_t j = i + 1;
    while (j < postings.size() && postings[j].key == postings[i].key) ++j;
    size_t n = j - i;
    if (n > 1) {
      groups.emplace_back(static_cast<uint32_t>(i), static_cast<uint32_t>(j));
      total += n <= df_cap ? n * (n - 1) / 2 : n - 1;
      if (n > df_cap) ++*capped;
    }
    i = j;
  }
  const uint64_t passes = std::max<uint64_t>(1, (total + kMaxVotes - 1) / kMaxVotes);
  std::vector<Candidate> pairs;
  std::vector<PairVote> votes;
  for (uint64_t pass = 0; pass < passes; ++pass) {
    votes.clear();
    auto emit = [&](const Posting& x, const Posting& y) {
      if (x.doc == y.doc) return;
      uint64_t key = pair_key(x.doc, y.doc);
      if ((key >> 32) % passes == pass) votes.push_back({key, std::min(x.w, y.w)});
    };
    for (auto [i, j] : groups) {
      if (j - i <= df_cap) {
        for (size_t x = i; x < j; ++x)
          for (size_t y = x + 1; y < j; ++y) emit(postings[x], postings[y]);
      } else {
        for (size_t x = i; x + 1 < j; ++x) emit(postings[x], postings[x + 1]);
      }
    }
    parallel_sort(votes, threads);
    for (size_t i = 0; i < votes.size();) {
      size_t j = i;
      float w = 0;
      while (j < votes.size() && votes[j].pair == votes[i].pair) w += votes[j++].w;
      DocId a = static_cast<DocId>(votes[i].pair >> 32), b = static_cast<DocId>(votes[i].pair & 0xffffffffu);
      bool enough = j - i >= bar.min_count && w >= bar.min_weight;
      if (enough && bar.keys_of) enough = (j - i) >= bar.min_share * std::min(bar.keys_of(a), bar.keys_of(b));
      float score = bar.norm_of ? w / std::sqrt(bar.norm_of(a) * bar.norm_of(b)) : w;
      if (enough && score >= bar.min_score) pairs.push_back({a, b, score, bar.from});
      i = j;
    }
  }
  std::vector<Posting>().swap(postings);
  return pairs;
}

// The top_k pairs of each document, strongest first: a pair survives if it is in the top_k
// of either of its documents.
std::vector<Candidate> top_k(const std::vector<Candidate>& pairs, uint32_t k_max, size_t ndocs) {
  std::vector<uint32_t> order(pairs.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return pairs[x].weight > pairs[y].weight; });
  std::vector<uint32_t> taken(ndocs, 0);
  std::vector<Candidate> out;
  for (uint32_t k : order) {
    const Candidate& c = pairs[k];
    if (taken[c.a] < k_max || taken[c.b] < k_max) {
      ++taken[c.a];
      ++taken[c.b];
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::vector<Candidate> duplicate_groups(const std::vector<Fingerprint>& fps) {
  std::unordered_map<uint64_t, DocId> first;
  std::vector<Candidate> out;
  for (DocId d = 0; d < fps.size(); ++d) {
    if (fps[d].skel_len == 0) continue;
    auto [it, fresh] = first.emplace(fps[d].words_hash, d);
    if (!fresh) out.push_back({it->second, d, 1.0f, Candidate::kSameWords});
  }
  return out;
}

namespace {

std::vector<Candidate> find_candidates_impl(std::vector<Fingerprint>& fps, const CandidateOptions& opt,
                                            CandidateStats* stats, bool release) {
  std::vector<size_t> surface_keys(fps.size());
  std::vector<Posting> post;
  size_t total = 0;
  for (const auto& f : fps) total += f.surface.size();
  post.reserve(total);
  for (DocId d = 0; d < fps.size(); ++d) {
    surface_keys[d] = fps[d].surface.size();
    for (uint64_t h : fps[d].surface) post.push_back({h, d, 1.0f});
    if (release) std::vector<uint64_t>().swap(fps[d].surface);  // keep the peak down
  }
  stats->surface_postings = post.size();
  Bar surface_bar;
  surface_bar.min_count = opt.surface_min_shared;
  surface_bar.keys_of = [&](DocId d) { return surface_keys[d]; };
  surface_bar.min_share = opt.surface_min_share;
  surface_bar.from = Candidate::kSurface;
  auto surface = top_k(vote(post, opt.df_cap, opt.threads, &stats->capped_keys, surface_bar), opt.surface_top_k,
                       fps.size());
  stats->surface_pairs = surface.size();

  std::vector<float> term_mass(fps.size(), 0.0f);
  for (DocId d = 0; d < fps.size(); ++d)
    for (size_t k = 0; k < fps[d].terms.size(); ++k) {
      post.push_back({fps[d].terms[k], d, fps[d].term_idf[k]});
      term_mass[d] += fps[d].term_idf[k];
    }
  stats->term_postings = post.size();
  Bar term_bar;
  term_bar.min_count = opt.terms_min_shared;
  term_bar.min_weight = opt.terms_min_weight;
  term_bar.norm_of = [&](DocId d) { return std::max(1.0f, term_mass[d]); };
  term_bar.min_score = opt.terms_min_norm;
  term_bar.from = Candidate::kTerms;
  auto terms = top_k(vote(post, opt.df_cap, opt.threads, &stats->capped_keys, term_bar), opt.terms_top_k, fps.size());
  stats->term_pairs = terms.size();
  if (release)
    for (auto& f : fps) {
      std::vector<uint64_t>().swap(f.terms);
      std::vector<float>().swap(f.term_idf);
    }
  std::vector<Candidate> all = std::move(surface);
  all.insert(all.end(), terms.begin(), terms.end());
  return merge_candidates(std::move(all));
}

}  // namespace

std::vector<Candidate> find_candidates(const std::vector<Fingerprint>& fps, const CandidateOptions& opt,
                                       CandidateStats* stats) {
  return find_candidates_impl(const_cast<std::vector<Fingerprint>&>(fps), opt, stats, false);
}

std::vector<Candidate> find_candidates_releasing(std::vector<Fingerprint>& fps, const CandidateOptions& opt,
                                                 CandidateStats* stats) {
  return find_candidates_impl(fps, opt, stats, true);
}

std::vector<Candidate> merge_candidates(std::vector<Candidate> all) {
  std::sort(all.begin(), all.end(), [](const Candidate& x, const Candidate& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  std::vector<Candidate> out;
  for (const auto& c : all) {
    if (!out.empty() && out.back().a == c.a && out.back().b == c.b) {
      out.back().from |= c.from;
      out.back().weight = std::max(out.back().weight, c.weight);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace retrace
