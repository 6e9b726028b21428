// write/text_spill.h — the texts of a large corpus kept on disk instead of in memory.
//
// `retrace detect` reads every text three or four times (statistics, fingerprint, the pairs it
// aligns, the relations it writes) but never needs them all at once: the read stage moves each
// document's text, title, url and extra fields into a temporary file (write/spill_file.h) and
// keeps only its id, date, outlet, time and origin in memory; the stages read a document back
// with Corpus::full (one pread). Cost: the texts' size on disk (and in the page cache, which the
// kernel may evict); 16 bytes of memory per document.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/document.h"
#include "write/spill_file.h"

namespace retrace {

class TextSpill : public TextStore {
 public:
  // The file goes in `dir` (empty: $TMPDIR, else /tmp); OutputError if it cannot.
  explicit TextSpill(const std::string& dir = "") : file_(dir) { offsets_.push_back(0); }
  ~TextSpill() override;

  // Moves d's text, title, url and extra_json to the file, as the next document (documents are
  // put in DocId order, by one writer). OutputError on a write error (a full disk).
  void put(Document* d);
  // Writes what put() buffered and waits for every write; call before the first load.
  // OutputError if a write failed.
  void finish();
  size_t size() const { return hashes_.size(); }

  void load(DocId i, Document* d) const override;
  uint64_t text_hash(DocId i) const override { return hashes_[i]; }

 private:
  // Full buffers are written by a thread of their own, so that the reader (one thread, while
  // the workers wait) does not also wait for the disk: at most kInFlight buffers queue.
  void hand_over();
  void writer();
  static constexpr size_t kInFlight = 4;
  SpillFile file_;
  std::string buf_;  // put but not yet handed over
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool done_ = false;
  std::string error_;  // the writer's first error
  std::thread thread_;
  std::vector<uint64_t> offsets_;  // where document i starts; one more at the end
  std::vector<uint64_t> hashes_;
};

}  // namespace retrace
