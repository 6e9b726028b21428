#include "pipeline/progress.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

namespace retrace {

Progress::Progress(bool enabled) : enabled_(enabled && isatty(2)) {
  if (enabled_) thread_ = std::thread([this] { loop(); });
}

Progress::~Progress() {
  if (!enabled_) return;
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Progress::stage(const std::string& name, uint64_t total) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> l(mu_);
  name_ = name;
  total_ = total;
  done_ = 0;
  start_ = std::chrono::steady_clock::now();
  active_ = true;
}

void Progress::done() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> l(mu_);
  if (active_) draw(true);
  active_ = false;
}

void Progress::loop() {
  std::unique_lock<std::mutex> l(mu_);
  while (!stop_) {
    cv_.wait_for(l, std::chrono::milliseconds(250));
    if (active_ && !stop_) draw(false);
  }
}

void Progress::draw(bool final) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  uint64_t d = done_.load();
  double rate = secs > 0 ? d / secs : 0;
  char line[256];
  if (total_ > 0) {
    double eta = rate > 0 && d < total_ ? (total_ - d) / rate : 0;
    std::snprintf(line, sizeof line, "\r%-12s %llu/%llu (%.0f%%)  %.0f/s  ETA %.0fs   ", name_.c_str(),
                  static_cast<unsigned long long>(d), static_cast<unsigned long long>(total_),
                  100.0 * d / total_, rate, eta);
  } else {
    std::snprintf(line, sizeof line, "\r%-12s %llu  %.0f/s  %.1fs   ", name_.c_str(),
                  static_cast<unsigned long long>(d), rate, secs);
  }
  std::fputs(line, stderr);
  if (final) std::fputs("\n", stderr);
  std::fflush(stderr);
}

uint64_t peak_rss_bytes() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;
}

}  // namespace retrace
