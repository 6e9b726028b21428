#include "candidates/candidates.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <xxhash.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "core/parallel.h"
#include "write/spill_file.h"

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

enum Pass { kSurfacePass, kTermPass, kPairPass, kPasses };
constexpr unsigned kBucketBits = 8;
constexpr size_t kBuckets = size_t{1} << kBucketBits;
constexpr size_t kChunk = 1024;  // postings a worker gathers per bucket before writing them (16 KiB)
size_t bucket_of(uint64_t key) { return static_cast<size_t>(key >> (64 - kBucketBits)); }

}  // namespace

// The postings of one pass are spilled by key bucket (the key's top bits) in chunks; a bucket
// is read back whole, sorted and reduced to its groups of two or more documents: one entry per
// posting, its document with two flags (kMore: the next entry holds the same key; kCapped: a
// group over df_cap), in key order over all buckets. The key itself is not kept: the vote only
// needs who shares a key with whom.
struct CandidateIndex::Impl {
  struct ChunkRef {
    uint64_t off;
    uint32_t n;
  };
  CandidateOptions opt;
  size_t ndocs;
  SpillFile file;
  std::mutex mu;
  std::vector<ChunkRef> chunks[kPasses][kBuckets];
  std::vector<std::vector<std::vector<Posting>>> buf;  // [worker][pass * kBuckets + bucket]
  std::vector<uint32_t> surface_keys;
  std::vector<float> term_mass;
  uint64_t capped_keys = 0;

  Impl(size_t n, const CandidateOptions& o)
      : opt(o), ndocs(n), file(o.temp_dir), buf(std::max(1, o.threads)), surface_keys(n, 0), term_mass(n, 0.0f) {
    for (auto& w : buf) w.resize(kPasses * kBuckets);
  }

  void write(int pass, size_t bucket, std::vector<Posting>& v) {
    if (v.empty()) return;
    const uint64_t off = file.append(v.data(), v.size() * sizeof(Posting));
    {
      std::lock_guard<std::mutex> l(mu);
      chunks[pass][bucket].push_back({off, static_cast<uint32_t>(v.size())});
    }
    v.clear();
  }
  void push(int worker, int pass, const Posting& p) {
    const size_t b = bucket_of(p.key);
    auto& v = buf[worker][pass * kBuckets + b];
    if (v.capacity() == 0) v.reserve(kChunk);
    v.push_back(p);
    if (v.size() == kChunk) write(pass, b, v);
  }
  void flush() {
    for (auto& w : buf) {
      for (size_t k = 0; k < w.size(); ++k) write(static_cast<int>(k / kBuckets), k % kBuckets, w[k]);
      std::vector<std::vector<Posting>>().swap(w);
    }
  }

  template <typename T>
  std::vector<Candidate> vote_with(int pass, const std::vector<DocId>& owner, uint64_t* postings, const Bar& bar);
  std::vector<Candidate> vote(int pass, const std::vector<DocId>& owner, uint64_t* postings, const Bar& bar) {
    uint64_t total = 0;
    for (const auto& b : chunks[pass])
      for (const auto& c : b) total += c.n;
    // Entries carry two flags in their top bits, positions none: 32 bits hold both below 2^30
    // documents and 2^32 postings; 64 bits hold any corpus.
    if (ndocs < (size_t{1} << 30) && total < opt.narrow_positions_below && total < (uint64_t{1} << 32))
      return vote_with<uint32_t>(pass, owner, postings, bar);
    return vote_with<uint64_t>(pass, owner, postings, bar);
  }
};

// Every key group votes: all pairs in groups of at most df_cap documents, a chain in larger
// ones (each holder with the next). The votes of a pair are summed and the pairs that clear
// the bar are returned. No vote is stored: each document gets the list of its entries (a
// forward index), and each document `a` in turn sums the votes of the documents after it in its
// groups into an accumulator (dense, per worker, touched entries reset), then keeps those that
// clear the bar. Memory: 8 bytes per posting in a group of two or more (the entry and its place
// in the forward index), 4 more where postings have weights; time: one sort per bucket plus one
// accumulator update per vote.
template <typename T>
std::vector<Candidate> CandidateIndex::Impl::vote_with(int pass, const std::vector<DocId>& owner, uint64_t* postings,
                                                       const Bar& bar) {
  constexpr T kMore = T{1} << (8 * sizeof(T) - 1), kCapped = T{1} << (8 * sizeof(T) - 2);
  constexpr T kDoc = kCapped - 1;
  const bool weighted = pass != kSurfacePass;
  const int threads = std::max(1, opt.threads);
  std::vector<std::vector<T>> ents(kBuckets);
  std::vector<std::vector<float>> wts(kBuckets);
  std::vector<uint64_t> kept(kBuckets, 0), capped(kBuckets, 0);
  parallel_for(kBuckets, threads, [&](size_t b, int) {
    std::vector<Posting> v;
    {
      uint64_t n = 0;
      for (const auto& c : chunks[pass][b]) n += c.n;
      v.resize(n);
    }
    size_t at = 0;
    for (const auto& c : chunks[pass][b]) {
      file.read(c.off, v.data() + at, c.n * sizeof(Posting));
      at += c.n;
    }
    std::vector<ChunkRef>().swap(chunks[pass][b]);
    if (!owner.empty()) {
      size_t out = 0;
      for (const Posting& p : v)
        if (owner[p.doc] != kNoOwner) v[out++] = {p.key, owner[p.doc], p.w};
      v.resize(out);
    }
    kept[b] = v.size();
    std::sort(v.begin(), v.end());
    size_t shared = 0;  // postings in groups of two or more: reserved exactly
    for (size_t i = 0; i < v.size(); ++i)
      shared += (i > 0 && v[i - 1].key == v[i].key) || (i + 1 < v.size() && v[i + 1].key == v[i].key);
    ents[b].reserve(shared);
    if (weighted) wts[b].reserve(shared);
    for (size_t i = 0; i < v.size();) {
      size_t j = i + 1;
      while (j < v.size() && v[j].key == v[i].key) ++j;
      if (j - i > 1) {
        const bool chain = j - i > opt.df_cap;
        if (chain) ++capped[b];
        for (size_t x = i; x < j; ++x) {
          ents[b].push_back(static_cast<T>(v[x].doc) | (x + 1 < j ? kMore : 0) | (chain ? kCapped : 0));
          if (weighted) wts[b].push_back(v[x].w);
        }
      }
      i = j;
    }
  }, 1);
  size_t total = 0;
  for (size_t b = 0; b < kBuckets; ++b) {
    *postings += kept[b];
    capped_keys += capped[b];
    total += ents[b].size();
  }
  // One array in key order (buckets are key ranges), each bucket freed as it is copied.
  std::vector<T> E;
  std::vector<float> W;
  E.reserve(total);
  if (weighted) W.reserve(total);
  for (size_t b = 0; b < kBuckets; ++b) {
    E.insert(E.end(), ents[b].begin(), ents[b].end());
    std::vector<T>().swap(ents[b]);
    W.insert(W.end(), wts[b].begin(), wts[b].end());
    std::vector<float>().swap(wts[b]);
  }
  // For each document, its entries (CSR: doc -> positions).
  std::vector<T> per_doc(ndocs + 1, 0);
  for (T e : E) ++per_doc[(e & kDoc) + 1];
  for (size_t d = 0; d < ndocs; ++d) per_doc[d + 1] += per_doc[d];
  std::vector<T> fwd(per_doc[ndocs]);
  {
    std::vector<T> fill(per_doc.begin(), per_doc.end() - 1);
    for (size_t x = 0; x < E.size(); ++x) fwd[fill[E[x] & kDoc]++] = static_cast<T>(x);
  }
  struct Acc {
    std::vector<float> w;
    std::vector<uint32_t> n;
    std::vector<DocId> touched;
  };
  std::vector<Acc> accs(threads);
  std::vector<std::vector<Candidate>> found(threads);
  // Document a collects the votes of the documents after it in its groups (entries are in
  // document order within a key, so every such b > a).
  parallel_for(ndocs, threads, [&](size_t a, int t) {
    Acc& acc = accs[t];
    if (acc.w.empty()) {
      acc.w.assign(ndocs, 0.0f);
      acc.n.assign(ndocs, 0);
    }
    constexpr T kAhead = 8;  // the groups are far apart in memory: ask for them early
    for (T k = per_doc[a]; k < per_doc[a + 1]; ++k) {
      if (k + kAhead < per_doc[a + 1]) __builtin_prefetch(&E[fwd[k + kAhead]]);
      const T x = fwd[k];
      if (!(E[x] & kMore)) continue;  // the last of its group: nobody after it
      const float wx = weighted ? W[x] : 1.0f;
      for (T y = x + 1;; ++y) {
        const DocId b = static_cast<DocId>(E[y] & kDoc);
        if (acc.n[b]++ == 0) acc.touched.push_back(b);
        acc.w[b] += std::min(wx, weighted ? W[y] : 1.0f);
        if ((E[x] & kCapped) || !(E[y] & kMore)) break;  // a chain takes the next holder alone
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
  std::vector<Candidate> pairs;
  for (auto& f : found) pairs.insert(pairs.end(), f.begin(), f.end());
  // In (a, b) order, as top_k expects (its ties are broken by input order).
  std::sort(pairs.begin(), pairs.end(), [](const Candidate& x, const Candidate& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return pairs;
}

namespace {

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

CandidateIndex::CandidateIndex(size_t ndocs, const CandidateOptions& opt) {
  if (ndocs >= std::numeric_limits<DocId>::max())
    throw std::length_error("the candidate stage takes at most " + std::to_string(std::numeric_limits<DocId>::max() - 1) +
                            " documents (32-bit document numbers)");
  impl_ = std::make_unique<Impl>(ndocs, opt);
}

CandidateIndex::~CandidateIndex() = default;

void CandidateIndex::add(DocId d, const Fingerprint& fp, int worker) {
  Impl& I = *impl_;
  I.surface_keys[d] = static_cast<uint32_t>(fp.surface.size());
  for (uint64_t h : fp.surface) I.push(worker, kSurfacePass, {h, d, 1.0f});
  for (size_t k = 0; k < fp.terms.size(); ++k) {
    I.push(worker, kTermPass, {fp.terms[k], d, fp.term_idf[k]});
    I.term_mass[d] += fp.term_idf[k];
  }
  if (I.opt.term_pair_terms >= 2)
    for (auto [key, w] : term_pair_keys(fp, I.opt.term_pair_terms)) I.push(worker, kPairPass, {key, d, w});
}

std::vector<Candidate> CandidateIndex::find(CandidateStats* stats, const std::vector<DocId>& owner) {
  Impl& I = *impl_;
  I.flush();
  const CandidateOptions& opt = I.opt;
  const size_t n = I.ndocs;
  if (!owner.empty())
    for (DocId d = 0; d < n; ++d)
      if (owner[d] != d && owner[d] != kNoOwner) {
        I.surface_keys[owner[d]] = I.surface_keys[d];
        I.term_mass[owner[d]] = I.term_mass[d];
      }
  Bar surface_bar;
  surface_bar.min_count = opt.surface_min_shared;
  surface_bar.keys_of = [&](DocId d) { return I.surface_keys[d]; };
  surface_bar.min_share = opt.surface_min_share;
  surface_bar.passage_count = opt.surface_passage_shared;
  surface_bar.from = Candidate::kSurface;
  surface_bar.progress = &opt.progress;
  auto surface = top_k(I.vote(kSurfacePass, owner, &stats->surface_postings, surface_bar), opt.surface_top_k, n);
  stats->surface_pairs = surface.size();

  Bar term_bar;
  term_bar.min_count = opt.terms_min_shared;
  term_bar.norm_of = [&](DocId d) { return std::max(1.0f, I.term_mass[d]); };
  term_bar.min_score = opt.terms_min_norm;
  term_bar.from = Candidate::kTerms;
  term_bar.progress = &opt.progress;
  auto terms = top_k(I.vote(kTermPass, owner, &stats->term_postings, term_bar), opt.terms_top_k, n);
  stats->term_pairs = terms.size();

  // Pairs of rare terms. In a large corpus a single name or figure is held by hundreds of
  // documents (over df_cap: it only chains them), but two of them together are rare again:
  // a rewrite keeps most of its source's rarest terms, so the two share several pairs.
  std::vector<Candidate> combos;
  if (opt.term_pair_terms >= 2) {
    Bar pair_bar;
    pair_bar.min_count = opt.term_pairs_min_shared;
    pair_bar.from = Candidate::kTerms;
    pair_bar.progress = &opt.progress;
    combos = top_k(I.vote(kPairPass, owner, &stats->term_pair_postings, pair_bar), opt.term_pairs_top_k, n);
    stats->term_combo_pairs = combos.size();
  }
  stats->capped_keys += I.capped_keys;
  std::vector<Candidate> all = std::move(surface);
  all.insert(all.end(), terms.begin(), terms.end());
  all.insert(all.end(), combos.begin(), combos.end());
  return merge_candidates(std::move(all));
}

std::vector<Candidate> find_candidates(const std::vector<Fingerprint>& fps, const CandidateOptions& opt,
                                       CandidateStats* stats) {
  CandidateIndex index(fps.size(), opt);
  parallel_for(fps.size(), opt.threads, [&](size_t d, int w) { index.add(static_cast<DocId>(d), fps[d], w); });
  return index.find(stats);
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
