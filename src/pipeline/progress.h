// pipeline/progress.h — a one-line progress display on standard error for long runs:
// stage number and name, items done of total, rate, elapsed time and ETA, redrawn a few times
// a second; each finished stage stays as a line saying how long it took. Silent when
// standard error is not a terminal or when disabled (--quiet).
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace retrace {

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  // Starts a stage; total 0 if unknown.
  void stage(const std::string& name, uint64_t total);
  void add(uint64_t n = 1) { done_.fetch_add(n, std::memory_order_relaxed); }
  void done();  // ends the current stage's line
  bool enabled() const { return enabled_; }

 private:
  void loop();
  void draw(bool final);
  bool enabled_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  bool stop_ = false;
  std::string name_;
  uint64_t total_ = 0;
  std::atomic<uint64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  bool active_ = false;
};

// One progress line (without "\r"): "[3/5] fingerprint  1200/2225 (54%)  800/s  1s elapsed,
// ETA 1s" while running; "[3/5] fingerprint  2225 done in 2.8s (795/s)" when final. No ETA
// until there is a rate; a stage with nothing counted yet shows "working" and the time.
std::string format_progress(const std::string& name, uint64_t done, uint64_t total, double secs, bool final);

// Peak resident memory of this process, in bytes.
uint64_t peak_rss_bytes();

}  // namespace retrace
