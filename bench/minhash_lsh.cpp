// bench/minhash_lsh.cpp — the baseline retrace is compared with: MinHash + LSH.
//
//   minhash_lsh INPUT... [--out pairs.jsonl] [--threads N] [--threshold 0.45]
//                        [--bands 51] [--rows 5] [--quiet]
//
// Reads the input with retrace's own reader (retrace::read_inputs: same formats, same
// checks, same cost), computes a 256-value MinHash signature of each text's word 2-gram
// shingles (minhash.h), puts each signature's values 0..bands*rows-1 into `bands` LSH
// bands of `rows` values, takes every two documents that share a band as a candidate pair,
// and writes the candidates whose estimated Jaccard similarity (all 256 values) is at
// least the threshold as JSON Lines:
//   {"source": id, "copy": id, "relation": "near_duplicate", "score": 0.8125}
// "source" is the earlier-dated document (input order when a date is missing or equal).
//
// Bands and rows: b*r = 256 has no split near 0.45 ((1/64)^(1/4) = 0.35, (1/32)^(1/8) =
// 0.65), so the default uses 255 of the 256 values: b = 51, r = 5, (1/51)^(1/5) = 0.456.
// A pair of Jaccard 0.45 becomes a candidate with probability 0.61, 0.5 -> 0.80,
// 0.6 -> 0.98, 0.3 -> 0.12. (datasketch's optimiser, equal weights for false positives
// and negatives, picks b = 47, r = 5 for this threshold: nearly the same curve.)
//
// Work is spread over --threads workers: the main thread reads and hands out batches of
// 512 documents; the workers compute signatures; then the bands and the candidate checks
// are split among them. Texts are dropped once signed; memory is ~1 KB per document
// (the signatures) plus the candidate pairs.
//
// The summary on stderr ends with wall time, CPU time (user + system) and peak memory
// (getrusage).
#include <CLI/CLI.hpp>
#include <sys/resource.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "minhash.h"
#include "read/reader.h"

namespace {

using minhash::kPerms;
using Clock = std::chrono::steady_clock;

constexpr size_t kBatch = 512;  // documents per work item and per signature chunk

// Signatures of kBatch consecutive documents.
struct Chunk {
  uint32_t sig[kBatch * kPerms];
  bool empty[kBatch];  // no words: no signature, never a candidate
};

// A batch of documents to sign into `chunk`.
struct Job {
  std::vector<retrace::Document> docs;
  Chunk* chunk;
};

// A bounded queue of jobs: the reader blocks when the workers fall behind.
class JobQueue {
 public:
  explicit JobQueue(size_t capacity) : capacity_(capacity) {}

  void push(Job&& job) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return jobs_.size() < capacity_; });
    jobs_.push_back(std::move(job));
    not_empty_.notify_one();
  }

  // Next job; false once the queue is closed and drained.
  bool pop(Job* job) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !jobs_.empty() || closed_; });
    if (jobs_.empty()) return false;
    *job = std::move(jobs_.front());
    jobs_.pop_front();
    not_full_.notify_one();
    return true;
  }

  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }

 private:
  size_t capacity_;
  std::deque<Job> jobs_;
  bool closed_ = false;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
};

// What is kept of each document.
struct Store {
  std::vector<std::string> ids;
  std::vector<int64_t> times;
  std::vector<std::unique_ptr<Chunk>> chunks;

  size_t size() const { return ids.size(); }
  const uint32_t* sig(size_t i) const { return chunks[i / kBatch]->sig + (i % kBatch) * kPerms; }
  bool empty(size_t i) const { return chunks[i / kBatch]->empty[i % kBatch]; }
};

struct Options {
  std::vector<std::string> inputs;
  std::string out = "-";
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  double threshold = 0.45;
  int bands = 51;
  int rows = 5;
  bool quiet = false;
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Runs fn(worker index) on `n` threads and waits for them.
template <class Fn>
void run_parallel(unsigned n, Fn fn) {
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < n; ++w) pool.emplace_back(fn, w);
  for (auto& t : pool) t.join();
}

// Phase 1: read (this thread) and sign (the workers).
void read_and_sign(const Options& opt, const minhash::Hasher& hasher, Store* store,
                   retrace::ReadReport* report) {
  JobQueue queue(2 * opt.threads);
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < opt.threads; ++w) {
    workers.emplace_back([&] {
      Job job;
      std::vector<uint64_t> sh;
      while (queue.pop(&job)) {
        for (size_t k = 0; k < job.docs.size(); ++k) {
          sh.clear();
          minhash::shingles(job.docs[k].text, sh);
          job.chunk->empty[k] = sh.empty();
          if (!sh.empty()) hasher.signature(sh, job.chunk->sig + k * kPerms);
        }
        job.docs.clear();  // the texts are not kept
      }
    });
  }

  Job job;
  auto hand_out = [&] {
    store->chunks.push_back(std::make_unique_for_overwrite<Chunk>());
    job.chunk = store->chunks.back().get();
    queue.push(std::move(job));
    job = Job{};
  };
  try {
    retrace::read_inputs(opt.inputs, retrace::ReadOptions{}, [&](retrace::Document&& d) {
      store->ids.push_back(d.id);
      store->times.push_back(d.time);
      job.docs.push_back(std::move(d));
      if (job.docs.size() == kBatch) hand_out();
      if (!opt.quiet && store->size() % 100000 == 0)
        std::fprintf(stderr, "minhash_lsh: %zu documents read\n", store->size());
    }, report);
  } catch (...) {
    queue.close();
    for (auto& t : workers) t.join();
    throw;
  }
  if (!job.docs.empty()) hand_out();
  queue.close();
  for (auto& t : workers) t.join();
}

// Phase 2: candidate pairs (i < j, packed as i << 32 | j), sorted, without repeats.
std::vector<uint64_t> candidates(const Options& opt, const Store& store) {
  std::atomic<int> next_band{0};
  std::vector<std::vector<uint64_t>> found(opt.threads);
  run_parallel(opt.threads, [&](unsigned w) {
    std::vector<std::pair<uint64_t, uint32_t>> keys;  // (band hash, document)
    auto& out = found[w];
    for (int b; (b = next_band++) < opt.bands;) {
      keys.clear();
      for (size_t i = 0; i < store.size(); ++i) {
        if (store.empty(i)) continue;
        const uint32_t* band = store.sig(i) + static_cast<size_t>(b) * opt.rows;
        keys.emplace_back(XXH3_64bits_withSeed(band, opt.rows * sizeof(uint32_t), b),
                          static_cast<uint32_t>(i));
      }
      std::sort(keys.begin(), keys.end());
      for (size_t s = 0, e; s < keys.size(); s = e) {
        for (e = s + 1; e < keys.size() && keys[e].first == keys[s].first;) ++e;
        for (size_t x = s; x < e; ++x)
          for (size_t y = x + 1; y < e; ++y)
            out.push_back(uint64_t{keys[x].second} << 32 | keys[y].second);
      }
      // Keep the per-thread list compact: a pair can be found again in every band.
      if (out.size() > (8u << 20)) {
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
      }
    }
  });
  std::vector<uint64_t> all;
  for (auto& f : found) {
    all.insert(all.end(), f.begin(), f.end());
    std::vector<uint64_t>().swap(f);
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

// Phase 3: the candidates whose estimated Jaccard reaches the threshold, with that estimate.
std::vector<std::pair<uint64_t, double>> verify(const Options& opt, const Store& store,
                                                const std::vector<uint64_t>& cand) {
  constexpr size_t kSlice = 4096;
  std::atomic<size_t> next{0};
  std::vector<std::vector<std::pair<uint64_t, double>>> kept(opt.threads);
  run_parallel(opt.threads, [&](unsigned w) {
    for (size_t s; (s = next.fetch_add(kSlice)) < cand.size();) {
      for (size_t k = s; k < std::min(cand.size(), s + kSlice); ++k) {
        double j = minhash::estimate_jaccard(store.sig(cand[k] >> 32), store.sig(cand[k] & 0xffffffff));
        if (j >= opt.threshold) kept[w].emplace_back(cand[k], j);
      }
    }
  });
  std::vector<std::pair<uint64_t, double>> all;
  for (auto& k : kept) all.insert(all.end(), k.begin(), k.end());
  std::sort(all.begin(), all.end());
  return all;
}

void put_json_string(std::FILE* f, const std::string& s) {
  std::fputc('"', f);
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      std::fputc('\\', f);
      std::fputc(c, f);
    } else if (c < 0x20) {
      std::fprintf(f, "\\u%04x", c);
    } else {
      std::fputc(c, f);
    }
  }
  std::fputc('"', f);
}

void write_pairs(const Options& opt, const Store& store,
                 const std::vector<std::pair<uint64_t, double>>& pairs) {
  std::FILE* f = opt.out == "-" ? stdout : std::fopen(opt.out.c_str(), "w");
  if (!f) throw std::runtime_error(opt.out + ": cannot write");
  static char buffer[1 << 20];
  std::setvbuf(f, buffer, _IOFBF, sizeof buffer);
  for (const auto& [p, score] : pairs) {
    size_t a = p >> 32, b = p & 0xffffffff;
    const int64_t ta = store.times[a], tb = store.times[b];
    if (ta != retrace::Document::kNoTime && tb != retrace::Document::kNoTime && tb < ta)
      std::swap(a, b);  // the earlier-dated one is the source
    std::fputs("{\"source\": ", f);
    put_json_string(f, store.ids[a]);
    std::fputs(", \"copy\": ", f);
    put_json_string(f, store.ids[b]);
    std::fprintf(f, ", \"relation\": \"near_duplicate\", \"score\": %.4f}\n", score);
  }
  if (std::fflush(f) != 0 || (f != stdout && std::fclose(f) != 0))
    throw std::runtime_error(opt.out + ": write failed");
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  CLI::App app{"MinHash + LSH near-duplicate detection (the retrace benchmark baseline)"};
  app.add_option("inputs", opt.inputs, "JSON Lines files (.gz/.zst), text folders, or -")
      ->required();
  app.add_option("-o,--out", opt.out, "output JSON Lines file (- = stdout)");
  app.add_option("-t,--threads", opt.threads, "worker threads")->check(CLI::Range(1u, 1024u));
  app.add_option("--threshold", opt.threshold, "minimum estimated Jaccard similarity")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--bands", opt.bands, "LSH bands")->check(CLI::Range(1, kPerms));
  app.add_option("--rows", opt.rows, "signature values per band")->check(CLI::Range(1, kPerms));
  app.add_flag("-q,--quiet", opt.quiet, "no progress messages (the summary is still printed)");
  CLI11_PARSE(app, argc, argv);
  if (opt.bands * opt.rows > kPerms) {
    std::fprintf(stderr, "minhash_lsh: error: bands x rows must be at most %d\n", kPerms);
    return 2;
  }

  const auto t0 = Clock::now();
  try {
    retrace::check_inputs(opt.inputs);
    const minhash::Hasher hasher;
    Store store;
    retrace::ReadReport report;
    read_and_sign(opt, hasher, &store, &report);
    const double t_sign = seconds_since(t0);
    if (store.size() > 0xffffffffu) throw std::runtime_error("too many documents");

    const auto t1 = Clock::now();
    const std::vector<uint64_t> cand = candidates(opt, store);
    const double t_lsh = seconds_since(t1);

    const auto t2 = Clock::now();
    const auto pairs = verify(opt, store, cand);
    write_pairs(opt, store, pairs);
    const double t_verify = seconds_since(t2);

    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    const double user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
    const double sys = ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    const double wall = seconds_since(t0);
    std::fprintf(stderr,
                 "minhash_lsh: %llu documents (%.1f MB of text) read, %llu skipped\n"
                 "minhash_lsh: %d bands x %d rows, threshold %.2f: %zu candidate pairs, "
                 "%zu near-duplicate pairs written\n"
                 "minhash_lsh: read+sign %.2f s, lsh %.2f s, verify+write %.2f s; threads %u, "
                 "%.0f documents/s/thread\n"
                 "minhash_lsh: wall %.2f s, cpu %.2f s (user %.2f + sys %.2f), peak memory %.1f MB\n",
                 static_cast<unsigned long long>(report.documents), report.bytes / 1e6,
                 static_cast<unsigned long long>(report.total_skipped()), opt.bands, opt.rows,
                 opt.threshold, cand.size(), pairs.size(), t_sign, t_lsh, t_verify, opt.threads,
                 store.size() / wall / opt.threads, wall, user + sys, user, sys,
                 ru.ru_maxrss / 1024.0);
  } catch (const retrace::InputError& e) {
    std::fprintf(stderr, "minhash_lsh: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "minhash_lsh: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
