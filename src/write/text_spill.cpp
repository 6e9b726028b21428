#include "write/text_spill.h"

#include <xxhash.h>

#include "core/bytes.h"
#include "write/output_file.h"

namespace retrace {
namespace {
constexpr size_t kFlushBytes = 1u << 20;
}  // namespace

TextSpill::~TextSpill() {
  {
    std::lock_guard<std::mutex> l(mu_);
    done_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TextSpill::put(Document* d) {
  const size_t before = buf_.size();
  put_bytes(&buf_, d->text);
  put_bytes(&buf_, d->title);
  put_bytes(&buf_, d->url);
  put_bytes(&buf_, d->extra_json);
  hashes_.push_back(XXH3_64bits(d->text.data(), d->text.size()));
  offsets_.push_back(offsets_.back() + (buf_.size() - before));
  for (std::string* s : {&d->text, &d->title, &d->url, &d->extra_json}) std::string().swap(*s);
  if (buf_.size() >= kFlushBytes) hand_over();
}

void TextSpill::hand_over() {
  if (!thread_.joinable()) thread_ = std::thread([this] { writer(); });
  std::unique_lock<std::mutex> l(mu_);
  cv_.wait(l, [&] { return queue_.size() < kInFlight || !error_.empty(); });
  if (!error_.empty()) throw OutputError(error_);
  queue_.push_back(std::move(buf_));
  buf_ = std::string();
  buf_.reserve(kFlushBytes + (kFlushBytes >> 2));
  cv_.notify_all();
}

void TextSpill::writer() {
  std::unique_lock<std::mutex> l(mu_);
  for (;;) {
    cv_.wait(l, [&] { return !queue_.empty() || done_; });
    if (queue_.empty()) return;
    std::string b = std::move(queue_.front());
    l.unlock();
    std::string err;
    try {
      file_.append(b.data(), b.size());  // one writer: the offsets follow one another
    } catch (const std::exception& e) {
      err = e.what();
    }
    l.lock();
    queue_.pop_front();
    if (!err.empty() && error_.empty()) error_ = err;
    cv_.notify_all();
  }
}

void TextSpill::finish() {
  if (!buf_.empty()) hand_over();
  std::unique_lock<std::mutex> l(mu_);
  cv_.wait(l, [&] { return queue_.empty(); });
  if (!error_.empty()) throw OutputError(error_);
}

void TextSpill::load(DocId i, Document* d) const {
  const uint64_t off = offsets_[i], n = offsets_[i + 1] - off;
  thread_local std::string rec;
  rec.resize(n);
  file_.read(off, rec.data(), n);
  std::string_view in(rec), f[4];
  for (auto& x : f)
    if (!get_bytes(&in, &x)) throw OutputError("the temporary file of the texts is damaged");
  d->text.assign(f[0]);
  d->title.assign(f[1]);
  d->url.assign(f[2]);
  d->extra_json.assign(f[3]);
}

}  // namespace retrace
