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

// Votes of every key group: all pairs in small groups, a chain in large ones.
std::vector<PairVote> vote(std::vector<Posting>& postings, uint32_t df_cap, int threads, uint64_t* capped) {
  parallel_sort(postings, threads);
  std::vector<PairVote> votes;
  size_t i = 0;
  while (i < postings.size()) {
    size_t j = i + 1;
    while (j < postings.size() && postings[j].key == postings[i].key) ++j;
    size_t n = j - i;
    if (n > 1) {
      if (n <= df_cap) {
        for (size_t x = i; x < j; ++x)
          for (size_t y = x + 1; y < j; ++y)
            if (postings[x].doc != postings[y].doc)
              votes.push_back({pair_key(postings[x].doc, postings[y].doc), std::min(postings[x].w, postings[y].w)});
      } else {
        ++*capped;
        for (size_t x = i; x + 1 < j; ++x)
          if (postings[x].doc != postings[x + 1].doc)
            votes.push_back({pair_key(postings[x].doc, postings[x + 1].doc),
                             std::min(postings[x].w, postings[x + 1].w)});
      }
    }
    i = j;
  }
  std::vector<Posting>().swap(postings);
  parallel_sort(votes, threads);
  return votes;
}

// Sums the votes of each pair, keeps pairs above the thresholds, then the top_k per document.
// A pair also needs min_share of the smaller document's keys (keys_of), if given. With norm_of,
// pairs are ranked by their shared weight over the geometric mean of the two documents' weights
// (so long documents with many rare terms do not crowd out the true partner).
std::vector<Candidate> select(const std::vector<PairVote>& votes, uint32_t min_count, float min_weight,
                              uint32_t top_k, size_t ndocs, uint8_t from,
                              const std::function<size_t(DocId)>& keys_of = nullptr, float min_share = 0,
                              const std::function<float(DocId)>& norm_of = nullptr, float min_score = 0) {
  std::vector<Candidate> pairs;
  size_t i = 0;
  while (i < votes.size()) {
    size_t j = i;
    float w = 0;
    while (j < votes.size() && votes[j].pair == votes[i].pair) w += votes[j++].w;
    DocId a = static_cast<DocId>(votes[i].pair >> 32), b = static_cast<DocId>(votes[i].pair & 0xffffffffu);
    bool enough = j - i >= min_count && w >= min_weight;
    if (enough && keys_of) enough = (j - i) >= min_share * std::min(keys_of(a), keys_of(b));
    float score = norm_of ? w / std::sqrt(norm_of(a) * norm_of(b)) : w;
    if (enough && score >= min_score) pairs.push_back({a, b, score, from});
    i = j;
  }
  // top_k per document: a pair survives if it is in the top_k of either of its documents.
  std::vector<uint32_t> order(pairs.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return pairs[x].weight > pairs[y].weight; });
  std::vector<uint32_t> taken(ndocs, 0);
  std::vector<Candidate> out;
  for (uint32_t k : order) {
    const Candidate& c = pairs[k];
    if (taken[c.a] < top_k || taken[c.b] < top_k) {
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
  auto votes = vote(post, opt.df_cap, opt.threads, &stats->capped_keys);
  auto surface = select(votes, opt.surface_min_shared, 0.0f, opt.surface_top_k, fps.size(), Candidate::kSurface,
                        [&](DocId d) { return surface_keys[d]; }, opt.surface_min_share);
  std::vector<PairVote>().swap(votes);
  stats->surface_pairs = surface.size();

  for (DocId d = 0; d < fps.size(); ++d)
    for (size_t k = 0; k < fps[d].terms.size(); ++k) post.push_back({fps[d].terms[k], d, fps[d].term_idf[k]});
  stats->term_postings = post.size();
  votes = vote(post, opt.df_cap, opt.threads, &stats->capped_keys);
  std::vector<float> term_mass(fps.size(), 0.0f);
  for (DocId d = 0; d < fps.size(); ++d)
    for (float w : fps[d].term_idf) term_mass[d] += w;
  auto terms = select(votes, opt.terms_min_shared, opt.terms_min_weight, opt.terms_top_k, fps.size(), Candidate::kTerms,
                      nullptr, 0, [&](DocId d) { return std::max(1.0f, term_mass[d]); }, opt.terms_min_norm);
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
