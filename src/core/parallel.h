// core/parallel.h — the little threading retrace needs: a parallel for over an index range.
// Workers take indexes from a shared atomic counter in small chunks, so uneven items (long and
// short documents) balance themselves.
#pragma once
#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace retrace {

// Number of worker threads for a --threads value (0 = all cores).
inline int resolve_threads(int requested) {
  if (requested > 0) return requested;
  unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(n) : 1;
}

// Calls f(i, worker) for every i in [0, n), on `threads` workers. If f throws, the other
// workers stop taking work, all are joined, and the first exception is rethrown here (an
// exception must not escape a thread: that would end the process). Callers that must go on
// past a bad item catch inside f.
inline void parallel_for(size_t n, int threads, const std::function<void(size_t, int)>& f, size_t chunk = 16) {
  threads = std::max(1, threads);
  if (threads == 1 || n <= chunk) {
    for (size_t i = 0; i < n; ++i) f(i, 0);
    return;
  }
  std::atomic<size_t> next{0};
  std::mutex error_mu;
  std::exception_ptr error;
  auto work = [&](int w) {
    try {
      for (;;) {
        size_t b = next.fetch_add(chunk);
        if (b >= n) return;
        size_t e = std::min(n, b + chunk);
        for (size_t i = b; i < e; ++i) f(i, w);
      }
    } catch (...) {
      std::lock_guard<std::mutex> l(error_mu);
      if (!error) error = std::current_exception();
      next.store(n);
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace retrace
