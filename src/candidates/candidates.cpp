#include "candidates/candidates.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <unordered_map>

#include <xxhash.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "core/parallel.h"

namespace retrace {
namespace {

struct Posting {
  uint64_t key;
  DocId doc;
  float w;
  bool operator<(const Posting& o) const { return key != o.key ? key < o.key : doc < o.doc; }
};

// What a pair needs to become a candidate.
struct Bar {
  uint32_t min_count = 1;   // keys shared
  std::function<size_t(DocId)> keys_of;  // if set: shared keys >= min_share * the smaller document's keys
  float min_share = 0;
  uint32_t passage_count = 0;  // if set: this many shared keys pass whatever the share (a passage)
  const std::function<void(uint64_t)>* progress = nullptr;  // told of each document voted
  std::function<float(DocId)> norm_of;   // if set: rank by weight / sqrt(norm_a * norm_b), >= min_score
  float min_score = 0;
  uint8_t from = 0;
};

// Every key group votes: all pairs in groups of at most df_cap documents, a chain in larger
// ones (each holder with the next). The votes of a pair are summed and the pairs that clear
// the bar are returned. No vote is stored: the postings are grouped by key (one sort), each
// document gets the list of its groups (a forward index), and each document `a` in turn sums
// the votes of the documents after it in its groups into an accumulator (dense, per worker,
// touched entries reset), then keeps those that clear the bar. Memory: the postings plus up to
// eight bytes per posting (group ends, forward index); time: one sort plus one accumulator
// update per vote.
// Positions into the postings are Pos: 32-bit below 2^31 postings (the top bit flags a chain),
// 64-bit above, so that no corpus size overflows them (vote() picks).
template <typename Pos>
std::vector<Candidate> vote_with(std::vector<Posting>& postings, size_t ndocs, uint32_t df_cap, int threads,
                                 uint64_t* capped, const Bar& bar) {
  constexpr Pos kChain = Pos{1} << (8 * sizeof(Pos) - 1);  // flag on a group end: a group over df_cap
  parallel_sort(postings, threads);
  // For each posting in a group of two or more documents, the end of its group (0: alone);
  // for each document, its postings in such groups (CSR: doc -> positions).
  std::vector<Pos> group_end(postings.size(), 0);
  std::vector<Pos> per_doc(ndocs + 1, 0);
  for (size_t i = 0; i < postings.size();) {
    size_t j = i + 1;
    while (j < postings.size() && postings[j].key == postings[i].key) ++j;
    if (j - i > 1) {
      bool chain = j - i > df_cap;
      if (chain) ++*capped;
      for (size_t x = i; x < j; ++x) {
        group_end[x] = static_cast<Pos>(j) | (chain ? kChain : 0);
        ++per_doc[postings[x].doc + 1];
      }
    }
    i = j;
  }
  for (size_t d = 0; d < ndocs; ++d) per_doc[d + 1] += per_doc[d];
  std::vector<Pos> fwd(per_doc[ndocs]);
  {
    std::vector<Pos> fill(per_doc.begin(), per_doc.end() - 1);
    for (size_t x = 0; x < postings.size(); ++x)
      if (group_end[x]) fwd[fill[postings[x].doc]++] = static_cast<Pos>(x);
  }
  struct Acc {
    std::vector<float> w;
    std::vector<uint32_t> n;
    std::vector<DocId> touched;
  };
  const int workers = std::max(1, threads);
  std::vector<Acc> accs(workers);
  std::vector<std::vector<Candidate>> found(workers);
  // Document a collects the votes of the documents after it in its groups (postings are
  // sorted by document within a key, so every such b > a).
  parallel_for(ndocs, threads, [&](size_t a, int t) {
    Acc& acc = accs[t];
    if (acc.w.empty()) {
      acc.w.assign(ndocs, 0.0f);
      acc.n.assign(ndocs, 0);
    }
    constexpr Pos kAhead = 8;  // the groups are far apart in memory: ask for them early
    for (Pos k = per_doc[a]; k < per_doc[a + 1]; ++k) {
      if (k + kAhead < per_doc[a + 1]) {
        __builtin_prefetch(&group_end[fwd[k + kAhead]]);
        __builtin_prefetch(&postings[fwd[k + kAhead]]);
      }
      const Pos x = fwd[k];
      const Pos end = group_end[x] & ~kChain;
      const Pos last = (group_end[x] & kChain) ? std::min<Pos>(end, x + 2) : end;
      const float wx = postings[x].w;
      for (Pos y = x + 1; y < last; ++y) {
        const DocId b = postings[y].doc;
        if (acc.n[b]++ == 0) acc.touched.push_back(b);
        acc.w[b] += std::min(wx, postings[y].w);
      }
    }
    for (DocId b : acc.touched) {
      const uint32_t count = acc.n[b];
      const float w = acc.w[b];
      acc.n[b] = 0;
      acc.w[b] = 0;
      const DocId da = static_cast<DocId>(a);  // da < b
      bool enough = count >= bar.min_count;
      if (enough && bar.keys_of)
        enough = count >= bar.min_share * std::min(bar.keys_of(da), bar.keys_of(b)) ||
                 (bar.passage_count > 0 && count >= bar.passage_count);
      float score = bar.norm_of ? w / std::sqrt(bar.norm_of(da) * bar.norm_of(b)) : w;
      if (enough && score >= bar.min_score) found[t].push_back({da, b, score, bar.from});
    }
    acc.touched.clear();
    if (bar.progress && *bar.progress) (*bar.progress)(1);
  }, 256);
  std::vector<Posting>().swap(postings);
  std::vector<Candidate> pairs;
  for (auto& f : found) pairs.insert(pairs.end(), f.begin(), f.end());
  // In (a, b) order, as top_k expects (its ties are broken by input order).
  std::sort(pairs.begin(), pairs.end(), [](const Candidate& x, const Candidate& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return pairs;
}

std::vector<Candidate> vote(std::vector<Posting>& postings, size_t ndocs, const CandidateOptions& opt, uint64_t* capped,
                            const Bar& bar) {
  if (postings.size() < opt.narrow_positions_below && postings.size() < (uint64_t{1} << 31))
    return vote_with<uint32_t>(postings, ndocs, opt.df_cap, opt.threads, capped, bar);
  return vote_with<uint64_t>(postings, ndocs, opt.df_cap, opt.threads, capped, bar);
}

// The top_k pairs of each document, strongest first: a pair survives if it is in the top_k
// of either of its documents.
std::vector<Candidate> top_k(const std::vector<Candidate>& pairs, uint32_t k_max, size_t ndocs) {
  std::vector<size_t> order(pairs.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return pairs[x].weight > pairs[y].weight; });
  std::vector<uint32_t> taken(ndocs, 0);
  std::vector<Candidate> out;
  for (size_t k : order) {
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

std::vector<std::pair<uint64_t, float>> term_pair_keys(const Fingerprint& fp, uint32_t rarest) {
  std::vector<std::pair<uint64_t, float>> out;
  const auto& t = fp.terms;
  const size_t m = std::min<size_t>(t.size(), rarest);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = i + 1; j < m; ++j) {
      uint64_t k[2] = {std::min(t[i], t[j]), std::max(t[i], t[j])};
      out.emplace_back(XXH3_64bits(k, sizeof k), std::min(fp.term_idf[i], fp.term_idf[j]));
    }
  return out;
}

std::vector<DocId> duplicate_sources(const std::vector<Fingerprint>& fps,
                                     const std::function<bool(DocId, DocId)>& before) {
  std::unordered_map<uint64_t, DocId> source;  // words_hash -> the group's source so far
  for (DocId d = 0; d < fps.size(); ++d) {
    if (fps[d].skel_len == 0) continue;
    auto [it, fresh] = source.emplace(fps[d].words_hash, d);
    if (!fresh && before && before(d, it->second)) it->second = d;
  }
  std::vector<DocId> out(fps.size());
  for (DocId d = 0; d < fps.size(); ++d) out[d] = fps[d].skel_len == 0 ? d : source[fps[d].words_hash];
  return out;
}

std::vector<DocId> duplicate_sources(const std::vector<Fingerprint>& fps, const std::vector<Document>& docs) {
  return duplicate_sources(fps, [&](DocId x, DocId y) {
    const Document &dx = docs[x], &dy = docs[y];
    if (dx.has_time() != dy.has_time()) return dx.has_time();
    if (dx.has_time() && dx.time != dy.time) return dx.time < dy.time;
    if ((fps[x].damage == 0) != (fps[y].damage == 0)) return fps[x].damage == 0;
    return x < y;
  });
}

std::vector<Candidate> duplicate_pairs(const std::vector<DocId>& sources) {
  std::vector<Candidate> out;
  for (DocId d = 0; d < sources.size(); ++d)
    if (sources[d] != d) out.push_back({std::min(sources[d], d), std::max(sources[d], d), 1.0f, Candidate::kSameWords});
  return out;
}

namespace {

std::vector<Candidate> find_candidates_impl(std::vector<Fingerprint>& fps, const CandidateOptions& opt,
                                            CandidateStats* stats, bool release) {
  if (fps.size() >= std::numeric_limits<DocId>::max())
    throw std::length_error("the candidate stage takes at most " + std::to_string(std::numeric_limits<DocId>::max() - 1) +
                            " documents (32-bit document numbers)");
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
  surface_bar.passage_count = opt.surface_passage_shared;
  surface_bar.from = Candidate::kSurface;
  surface_bar.progress = &opt.progress;
  auto surface = top_k(vote(post, fps.size(), opt, &stats->capped_keys, surface_bar), opt.surface_top_k,
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
  term_bar.norm_of = [&](DocId d) { return std::max(1.0f, term_mass[d]); };
  term_bar.min_score = opt.terms_min_norm;
  term_bar.from = Candidate::kTerms;
  term_bar.progress = &opt.progress;
  auto terms = top_k(vote(post, fps.size(), opt, &stats->capped_keys, term_bar), opt.terms_top_k, fps.size());
  stats->term_pairs = terms.size();

  // Pairs of rare terms. In a large corpus a single name or figure is held by hundreds of
  // documents (over df_cap: it only chains them), but two of them together are rare again:
  // a rewrite keeps most of its source's rarest terms, so the two share several pairs.
  std::vector<Candidate> combos;
  if (opt.term_pair_terms >= 2) {
    for (DocId d = 0; d < fps.size(); ++d)
      for (auto [key, w] : term_pair_keys(fps[d], opt.term_pair_terms)) post.push_back({key, d, w});
    stats->term_pair_postings = post.size();
    Bar pair_bar;
    pair_bar.min_count = opt.term_pairs_min_shared;
    pair_bar.from = Candidate::kTerms;
    pair_bar.progress = &opt.progress;
    combos = top_k(vote(post, fps.size(), opt, &stats->capped_keys, pair_bar),
                   opt.term_pairs_top_k, fps.size());
    stats->term_combo_pairs = combos.size();
  }
  if (release)
    for (auto& f : fps) {
      std::vector<uint64_t>().swap(f.terms);
      std::vector<float>().swap(f.term_idf);
    }
  std::vector<Candidate> all = std::move(surface);
  all.insert(all.end(), terms.begin(), terms.end());
  all.insert(all.end(), combos.begin(), combos.end());
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
