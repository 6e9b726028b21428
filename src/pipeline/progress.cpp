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

namespace {

// The stages of `retrace detect`, in order, for the "[k/n]" counter.
constexpr const char* kStages[] = {"read", "statistics", "fingerprint", "candidates", "align"};

}  // namespace

std::string format_progress(const std::string& name, uint64_t done, uint64_t total, double secs, bool final) {
  std::string stage = name;
  constexpr size_t n = sizeof kStages / sizeof kStages[0];
  for (size_t i = 0; i < n; ++i)
    if (name == kStages[i]) stage = "[" + std::to_string(i + 1) + "/" + std::to_string(n) + "] " + name;
  double rate = secs > 0 ? done / secs : 0;
  char line[256];
  if (final) {
    if (done > 0)
      std::snprintf(line, sizeof line, "%-18s %llu done in %.1fs (%.0f/s)", stage.c_str(),
                    static_cast<unsigned long long>(done), secs, rate);
    else
      std::snprintf(line, sizeof line, "%-18s done in %.1fs", stage.c_str(), secs);
  } else if (total > 0) {
    // No ETA before there is a rate to go by (the first second, or nothing done yet).
    char eta[48] = "ETA --";
    if (done > 0 && secs >= 1 && done < total) std::snprintf(eta, sizeof eta, "ETA %.0fs", (total - done) / rate);
    std::snprintf(line, sizeof line, "%-18s %llu/%llu (%.0f%%)  %.0f/s  %.0fs elapsed, %s", stage.c_str(),
                  static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                  100.0 * done / total, rate, secs, eta);
  } else if (done > 0) {
    std::snprintf(line, sizeof line, "%-18s %llu  %.0f/s  %.0fs elapsed", stage.c_str(),
                  static_cast<unsigned long long>(done), rate, secs);
  } else {
    // A stage that counts nothing as it goes: say it is working, not "0 0/s".
    std::snprintf(line, sizeof line, "%-18s working, %.0fs elapsed", stage.c_str(), secs);
  }
  return line;
}

void Progress::draw(bool final) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string line = "\r" + format_progress(name_, done_.load(), total_, secs, final) + "\x1b[K";  // clear the rest
  std::fputs(line.c_str(), stderr);
  if (final) std::fputs("\n", stderr);
  std::fflush(stderr);
}

uint64_t peak_rss_bytes() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;
}

}  // namespace retrace
