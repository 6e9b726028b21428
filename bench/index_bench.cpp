// bench/index_bench.cpp — query latency against a retrace index: each article of the inputs
// queried on its own (one Index::query call per article, as a server would), after the index is
// opened; prints the count and the latency percentiles in milliseconds, and the peak memory.
// Usage: retrace_index_bench DIR INPUT [--limit N] [--threads T]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/parallel.h"
#include "index/index.h"
#include "pipeline/detect.h"
#include "pipeline/progress.h"
#include "read/reader.h"

using namespace retrace;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: retrace_index_bench DIR INPUT [--limit N] [--threads T]\n");
    return 64;
  }
  size_t limit = 1000;
  int threads = 1;
  for (int i = 3; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--limit")) limit = std::stoul(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::stoi(argv[i + 1]);
  }
  try {
    IndexOptions opt;
    opt.threads = threads;
    auto t0 = std::chrono::steady_clock::now();
    auto ix = Index::open(argv[1], false, opt);
    double open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ReadReport rr;
    ReadOptions ro;
    ro.quiet = true;
    Corpus c = read_corpus({argv[2]}, ro, &rr, [](const Problem&) {});
    if (c.docs.size() > limit) c.docs.resize(limit);
    std::vector<double> ms;
    size_t relations = 0;
    for (auto& d : c.docs) {
      Corpus one;
      one.docs.push_back(std::move(d));
      auto t = std::chrono::steady_clock::now();
      BatchResult r = ix->query(std::move(one));
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
      relations += r.relations.size();
    }
    std::sort(ms.begin(), ms.end());
    auto q = [&](double p) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))]; };
    std::printf("queries %zu relations %zu open_ms %.1f p50_ms %.2f p90_ms %.2f p99_ms %.2f max_ms %.2f peak_mb %.1f\n", ms.size(),
                relations, open_ms, q(0.5), q(0.9), q(0.99), ms.empty() ? 0.0 : ms.back(), peak_rss_bytes() / 1048576.0);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "retrace_index_bench: %s\n", e.what());
    return 2;
  }
  return 0;
}
