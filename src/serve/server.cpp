// serve/server.cpp — the HTTP server of `retrace serve` (serve/serve.h, docs/server.md).
#include "serve/serve.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <simdjson.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "serve/assets.h"
#include "serve/json.h"

namespace retrace::serve {

using api::Status;
using Clock = std::chrono::steady_clock;

namespace {

// ---------------------------------------------------------------------------------------------
// Connections: a stream with a deadline for each request, a bounded worker pool.

// The request being read must arrive whole before its deadline: a client that sends a byte a
// second (each read well inside the read timeout) is cut off all the same.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int sock, int read_ms, int write_ms) : sock_(sock), read_ms_(read_ms), write_ms_(write_ms) {}
  void set_deadline(Clock::time_point t) { deadline_ = t; }
  bool buffered() const { return pos_ < len_; }

  bool is_readable() const override { return buffered() || wait(POLLIN, read_ms_) > 0; }
  bool is_writable() const override { return wait(POLLOUT, write_ms_) > 0; }
  ssize_t read(char* ptr, size_t size) override {
    if (buffered()) return take(ptr, size);
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count());
    int ms = std::min(read_ms_, left);
    if (ms <= 0 || wait(POLLIN, ms) <= 0) return -1;
    ssize_t n;
    do n = ::recv(sock_, buf_, sizeof buf_, 0);
    while (n < 0 && errno == EINTR);
    if (n <= 0) return n;
    pos_ = 0;
    len_ = static_cast<size_t>(n);
    return take(ptr, size);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (wait(POLLOUT, write_ms_) <= 0) return -1;
    ssize_t n;
    do n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n;
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage a{};
    socklen_t l = sizeof a;
    if (getpeername(sock_, reinterpret_cast<sockaddr*>(&a), &l) == 0) name(a, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage a{};
    socklen_t l = sizeof a;
    if (getsockname(sock_, reinterpret_cast<sockaddr*>(&a), &l) == 0) name(a, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  static void name(const sockaddr_storage& a, std::string& ip, int& port) {
    char b[INET6_ADDRSTRLEN] = {0};
    if (a.ss_family == AF_INET) {
      auto* s = reinterpret_cast<const sockaddr_in*>(&a);
      inet_ntop(AF_INET, &s->sin_addr, b, sizeof b);
      port = ntohs(s->sin_port);
    } else if (a.ss_family == AF_INET6) {
      auto* s = reinterpret_cast<const sockaddr_in6*>(&a);
      inet_ntop(AF_INET6, &s->sin6_addr, b, sizeof b);
      port = ntohs(s->sin6_port);
    }
    ip = b;
  }
  int wait(short events, int ms) const {
    pollfd p{sock_, events, 0};
    int r;
    do r = ::poll(&p, 1, ms);
    while (r < 0 && errno == EINTR);
    return r;
  }
  ssize_t take(char* ptr, size_t size) {
    size_t n = std::min(size, len_ - pos_);
    std::memcpy(ptr, buf_ + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  int sock_;
  int read_ms_, write_ms_;
  Clock::time_point deadline_ = Clock::time_point::max();
  char buf_[4096];
  size_t pos_ = 0, len_ = 0;
};

thread_local bool t_overloaded = false;  // the connection this worker runs waited behind too many

// A fixed pool of workers; a connection queued behind `max_queue` others is answered 503 at once.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(size_t threads, size_t max_queue) : max_queue_(max_queue) {
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    std::lock_guard<std::mutex> g(m_);
    jobs_.push_back({std::move(fn), jobs_.size() >= max_queue_});
    cv_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard<std::mutex> g(m_);
      done_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  struct Job {
    std::function<void()> fn;
    bool overloaded;
  };
  void work() {
    for (;;) {
      Job j;
      {
        std::unique_lock<std::mutex> l(m_);
        cv_.wait(l, [&] { return done_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        j = std::move(jobs_.front());
        jobs_.pop_front();
      }
      t_overloaded = j.overloaded;
      j.fn();
    }
  }
  size_t max_queue_;
  std::vector<std::thread> threads_;
  std::deque<Job> jobs_;
  bool done_ = false;
  std::mutex m_;
  std::condition_variable cv_;
};

// cpp-httplib's server with its connection loop replaced: each request has a deadline
// (DeadlineStream), idle keep-alive connections are closed, an overloaded queue answers 503.
class GuardedServer : public httplib::Server {
 public:
  int request_timeout_ms = 10000;
  int idle_timeout_ms = 5000;
  std::atomic<uint64_t> cut_off{0};  // connections closed at their request deadline

 private:
  bool process_and_close_socket(socket_t sock) override {
    bool ret = false;
    // Answers go out at once: without this, Nagle's algorithm holds the body back behind the
    // header until the client's delayed ACK (40 ms a request).
    int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (t_overloaded) {
      static const char k503[] =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
          "Connection: close\r\nContent-Length: 67\r\n\r\n"
          "{\"error\":{\"code\":\"overloaded\",\"message\":\"too many connections\"}}\n";
      (void)!::send(sock, k503, sizeof k503 - 1, MSG_NOSIGNAL);
    } else {
      DeadlineStream strm(sock, static_cast<int>(read_timeout_sec_ * 1000 + read_timeout_usec_ / 1000),
                          static_cast<int>(write_timeout_sec_ * 1000 + write_timeout_usec_ / 1000));
      size_t count = keep_alive_max_count_;
      while (count > 0 && next_request(strm, sock)) {
        strm.set_deadline(Clock::now() + std::chrono::milliseconds(request_timeout_ms));
        bool close = count == 1 || svr_sock_ == INVALID_SOCKET;
        bool closed = false;
        auto t0 = Clock::now();
        ret = process_request(strm, close, closed, nullptr);
        if (!ret && Clock::now() - t0 >= std::chrono::milliseconds(request_timeout_ms)) ++cut_off;
        if (!ret || closed) break;
        --count;
      }
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ret;
  }
  // Waits for the first byte of the next request, at most the idle timeout; false when the
  // server stops or the client is gone.
  bool next_request(DeadlineStream& strm, int sock) {
    if (strm.buffered()) return true;
    auto until = Clock::now() + std::chrono::milliseconds(idle_timeout_ms);
    while (svr_sock_ != INVALID_SOCKET) {
      pollfd p{sock, POLLIN, 0};
      int r = ::poll(&p, 1, 50);
      if (r > 0) return true;
      if (r < 0 && errno != EINTR) return false;
      if (Clock::now() >= until) return false;
    }
    return false;
  }
};

// ---------------------------------------------------------------------------------------------
// Per-client rate limit: a token bucket per address.

class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(std::max(1.0, burst)) {}
  bool allow(const std::string& who) {
    if (rate_ <= 0) return true;
    auto now = Clock::now();
    std::lock_guard<std::mutex> g(m_);
    if (buckets_.size() > 100000) buckets_.clear();  // a flood of addresses: start again
    auto [it, fresh] = buckets_.try_emplace(who, Bucket{burst_, now});
    Bucket& b = it->second;
    if (!fresh) {
      double dt = std::chrono::duration<double>(now - b.last).count();
      b.tokens = std::min(burst_, b.tokens + dt * rate_);
      b.last = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  double rate_, burst_;
  std::mutex m_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// ---------------------------------------------------------------------------------------------
// Read-only Index handles, one request at a time each; refreshed after a write.

class Readers {
 public:
  struct Slot {
    api::Index index;
    uint64_t gen = 0;
  };
  class Lease {
   public:
    Lease(Readers* p, std::unique_ptr<Slot> s) : p_(p), s_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (s_) p_->put(std::move(s_));
    }
    api::Index* operator->() { return &s_->index; }
    api::Index& operator*() { return s_->index; }

   private:
    Readers* p_;
    std::unique_ptr<Slot> s_;
  };

  Status open(const std::string& dir, int n) {
    api::Options o;
    o.threads = 1;
    for (int i = 0; i < n; ++i) {
      auto ix = api::Index::open(dir, false, o);
      if (!ix.ok()) return ix.status();
      auto s = std::make_unique<Slot>();
      s->index = std::move(*ix);
      free_.push_back(std::move(s));
    }
    return Status::Ok();
  }
  // First come, first served (a ticket each): under load no request waits behind later ones.
  Lease get() {
    std::unique_ptr<Slot> s;
    {
      std::unique_lock<std::mutex> l(m_);
      const uint64_t ticket = next_ticket_++;
      cv_.wait(l, [&] { return ticket == serving_ && !free_.empty(); });
      ++serving_;
      s = std::move(free_.back());
      free_.pop_back();
    }
    cv_.notify_all();
    uint64_t g = gen_.load();
    if (s->gen != g) {
      Status st = s->index.refresh();
      if (st.ok()) s->gen = g;
    }
    return Lease(this, std::move(s));
  }
  void bump() { ++gen_; }
  uint64_t generation() const { return gen_.load(); }

 private:
  void put(std::unique_ptr<Slot> s) {
    {
      std::lock_guard<std::mutex> g(m_);
      free_.push_back(std::move(s));
    }
    cv_.notify_all();
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Slot>> free_;
  uint64_t next_ticket_ = 0, serving_ = 0;
  std::atomic<uint64_t> gen_{1};
};

// ---------------------------------------------------------------------------------------------
// Full-text search: SQLite FTS5 over titles and texts, in a database of the server's own
// (contentless: the texts stay in the index, the search database holds only their terms).

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using SqlitePtr = std::unique_ptr<sqlite3, SqliteCloser>;

bool sql_exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }

class Search {
 public:
  Status open(const std::string& path) {
    path_ = path;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      std::string m = db ? sqlite3_errmsg(db) : "cannot open";
      sqlite3_close(db);
      return Status(Status::Code::kIOError, path + ": " + m);
    }
    w_.reset(db);
    sqlite3_busy_timeout(db, 5000);
    if (!sql_exec(db,
                  "PRAGMA journal_mode=WAL;"
                  "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, text, content='',"
                  " tokenize='unicode61 remove_diacritics 2');"
                  "CREATE TABLE IF NOT EXISTS docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);"
                  "CREATE TABLE IF NOT EXISTS outlets(name TEXT PRIMARY KEY, articles INTEGER NOT NULL);"
                  "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"))
      return Status(Status::Code::kIOError, path + ": " + sqlite3_errmsg(db));
    return Status::Ok();
  }

  // Adds the articles the index added since the last call (by its cursor). Returns how many.
  // Stops between pages once `stop` is set (the server stopping).
  uint64_t sync(api::Index& index, const std::atomic<bool>& stop) {
    std::lock_guard<std::mutex> g(wm_);
    sqlite3* db = w_.get();
    uint64_t cursor = meta("cursor"), added = 0;
    while (!stop) {
      auto page = index.articles(cursor, 500);
      if (!page.ok() || page->articles.empty()) break;
      sql_exec(db, "BEGIN");
      sqlite3_stmt *ins_doc, *ins_fts, *out;
      sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO docs(id) VALUES(?)", -1, &ins_doc, nullptr);
      sqlite3_prepare_v2(db, "INSERT INTO fts(rowid, title, text) VALUES(?,?,?)", -1, &ins_fts, nullptr);
      sqlite3_prepare_v2(db,
                         "INSERT INTO outlets(name, articles) VALUES(?, 1)"
                         " ON CONFLICT(name) DO UPDATE SET articles = articles + 1",
                         -1, &out, nullptr);
      for (const auto& a : page->articles) {
        sqlite3_bind_text(ins_doc, 1, a.id.data(), static_cast<int>(a.id.size()), SQLITE_STATIC);
        sqlite3_step(ins_doc);
        sqlite3_reset(ins_doc);
        if (sqlite3_changes(db) == 0) continue;
        sqlite3_int64 row = sqlite3_last_insert_rowid(db);
        sqlite3_bind_int64(ins_fts, 1, row);
        sqlite3_bind_text(ins_fts, 2, a.title.data(), static_cast<int>(a.title.size()), SQLITE_STATIC);
        sqlite3_bind_text(ins_fts, 3, a.text.data(), static_cast<int>(a.text.size()), SQLITE_STATIC);
        sqlite3_step(ins_fts);
        sqlite3_reset(ins_fts);
        if (!a.source.empty()) {
          sqlite3_bind_text(out, 1, a.source.data(), static_cast<int>(a.source.size()), SQLITE_STATIC);
          sqlite3_step(out);
          sqlite3_reset(out);
        }
        ++added;
      }
      sqlite3_finalize(ins_doc);
      sqlite3_finalize(ins_fts);
      sqlite3_finalize(out);
      cursor = page->next;
      set_meta("cursor", cursor);
      sql_exec(db, "COMMIT");
      if (!page->more) break;
    }
    return added;
  }

  // Ids of the best matches of a query of plain words (each word must occur), best first.
  Status find(const std::string& q, size_t limit, std::vector<std::string>* ids, std::vector<std::string>* words) const {
    std::string match;
    std::istringstream in(q);
    for (std::string w; in >> w;) {
      std::string clean;
      for (char c : w)
        if (c != '"') clean += c;
      if (clean.empty()) continue;
      words->push_back(clean);
      if (!match.empty()) match += ' ';
      match += '"' + clean + '"';
      if (words->size() >= 16) break;
    }
    if (match.empty()) return Status(Status::Code::kInvalidInput, "an empty search");
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      return Status(Status::Code::kIOError, path_ + ": cannot open");
    }
    SqlitePtr hold(db);
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT d.id FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?"
                           " ORDER BY rank LIMIT ?",
                           -1, &st, nullptr) != SQLITE_OK)
      return Status(Status::Code::kInternal, sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, static_cast<sqlite3_int64>(limit));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      ids->emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return Status(Status::Code::kInvalidInput, "search: " + std::string(sqlite3_errmsg(db)));
    return Status::Ok();
  }

  std::map<std::string, uint64_t> outlets() {
    std::lock_guard<std::mutex> g(wm_);
    std::map<std::string, uint64_t> out;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(w_.get(), "SELECT name, articles FROM outlets", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = static_cast<uint64_t>(sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    return out;
  }

 private:
  uint64_t meta(const char* key) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(w_.get(), "SELECT value FROM meta WHERE key=?", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    uint64_t v = sqlite3_step(st) == SQLITE_ROW ? static_cast<uint64_t>(sqlite3_column_int64(st, 0)) : 0;
    sqlite3_finalize(st);
    return v;
  }
  void set_meta(const char* key, uint64_t v) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(w_.get(), "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, static_cast<sqlite3_int64>(v));
    sqlite3_step(st);
    sqlite3_finalize(st);
  }
  std::string path_;
  SqlitePtr w_;
  std::mutex wm_;
};

// ---------------------------------------------------------------------------------------------
// Helpers of the handlers.

void send_json(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  std::string b = "{\"error\":{\"code\":";
  json::str(b, code);
  b += ",\"message\":";
  json::str(b, message);
  b += "}}";
  send_json(res, status, b);
}

int http_status(const Status& st) {
  switch (st.code()) {
    case Status::Code::kInvalidInput: return 400;
    case Status::Code::kBusy: return 503;
    default: return 500;
  }
}

void send_status(httplib::Response& res, const Status& st) {
  int code = http_status(st);
  send_error(res, code, code == 400 ? "invalid_input" : code == 503 ? "busy" : "internal", st.message());
}

void article_json(std::string& o, const api::Article& a, bool with_text) {
  o += "{\"id\":";
  json::str(o, a.id);
  o += ",\"title\":";
  json::str(o, a.title);
  o += ",\"date\":";
  json::str(o, a.date);
  o += ",\"source\":";
  json::str(o, a.source);
  o += ",\"url\":";
  json::str(o, a.url);
  if (with_text) {
    o += ",\"text\":";
    json::str(o, a.text);
  }
  o += '}';
}

void relations_json(std::string& o, const std::vector<api::Relation>& rs) {
  o += '[';
  for (size_t i = 0; i < rs.size(); ++i) {
    if (i) o += ',';
    o += rs[i].json;
  }
  o += ']';
}

// A string field of a JSON object (a number is taken as its text), or "".
bool field(simdjson::dom::object obj, const char* key, std::string* out, std::string* error) {
  simdjson::dom::element e;
  if (obj[key].get(e)) return true;
  if (e.is_string()) {
    *out = std::string(std::string_view(e.get_string().value()));
  } else if (e.is_int64() || e.is_uint64()) {
    *out = e.is_int64() ? std::to_string(int64_t(e.get_int64().value())) : std::to_string(uint64_t(e.get_uint64().value()));
  } else if (e.is_null()) {
    out->clear();
  } else {
    *error = std::string("\"") + key + "\" is neither a string nor an integer";
    return false;
  }
  return true;
}

bool to_article(simdjson::dom::element e, api::Article* a, std::string* error) {
  simdjson::dom::object obj;
  if (e.get_object().get(obj)) {
    *error = "not a JSON object";
    return false;
  }
  return field(obj, "id", &a->id, error) && field(obj, "text", &a->text, error) && field(obj, "date", &a->date, error) &&
         field(obj, "source", &a->source, error) && field(obj, "title", &a->title, error) &&
         field(obj, "url", &a->url, error);
}

// Articles of a body: a JSON array of objects, one object, or JSON Lines.
bool parse_articles(const std::string& body, std::vector<api::Article>* out, std::string* error) {
  simdjson::dom::parser parser;
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) {
    *error = "an empty body";
    return false;
  }
  if (body[start] == '[') {
    simdjson::dom::element doc;
    if (auto err = parser.parse(body).get(doc)) {
      *error = std::string("not JSON: ") + simdjson::error_message(err);
      return false;
    }
    simdjson::dom::array arr;
    if (doc.get_array().get(arr)) {
      *error = "not a JSON array";
      return false;
    }
    size_t i = 0;
    for (auto e : arr) {
      api::Article a;
      if (!to_article(e, &a, error)) {
        *error = "article " + std::to_string(i + 1) + ": " + *error;
        return false;
      }
      out->push_back(std::move(a));
      ++i;
    }
    return true;
  }
  size_t line = 0, pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    std::string_view l(body.data() + pos, end - pos);
    ++line;
    pos = end + 1;
    if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    simdjson::dom::element doc;
    if (auto err = parser.parse(l.data(), l.size()).get(doc)) {
      *error = "line " + std::to_string(line) + ": not JSON: " + simdjson::error_message(err);
      return false;
    }
    api::Article a;
    if (!to_article(doc, &a, error)) {
      *error = "line " + std::to_string(line) + ": " + *error;
      return false;
    }
    out->push_back(std::move(a));
  }
  return true;
}

// Seconds since the epoch of an ISO 8601 date or date-time (UTC assumed); false otherwise.
bool iso_seconds(const std::string& s, int64_t* out) {
  int y, m, d, hh = 0, mm = 0, ss = 0;
  if (s.size() < 10 || std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return false;
  if (s.size() >= 16 && (s[10] == 'T' || s[10] == ' ')) std::sscanf(s.c_str() + 11, "%2d:%2d:%2d", &hh, &mm, &ss);
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  *out = (era * 146097 + static_cast<int64_t>(doe) - 719468) * 86400 + hh * 3600 + mm * 60 + ss;
  return true;
}

std::string get_str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v)) return {};
  return std::string(v);
}

// A window of text around the first occurrence of one of `words` (ASCII case folded).
std::string snippet(const std::string& text, const std::vector<std::string>& words) {
  std::string low = text;
  for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = std::string::npos;
  for (std::string w : words) {
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    at = std::min(at, low.find(w));
  }
  if (at == std::string::npos) at = 0;
  size_t b = at > 80 ? at - 80 : 0, e = std::min(text.size(), at + 160);
  while (b > 0 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
  while (e < text.size() && (static_cast<unsigned char>(text[e]) & 0xC0) == 0x80) ++e;
  std::string s = text.substr(b, e - b);
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return (b > 0 ? "…" : "") + s + (e < text.size() ? "…" : "");
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char d = 0;
  for (size_t i = 0; i < a.size(); ++i) d |= static_cast<unsigned char>(a[i] ^ b[i]);
  return d == 0;
}

struct CollectSink : api::Sink {
  std::vector<std::array<std::string, 3>> problems;
  void problem(const std::string& where, const std::string& reason, const std::string& detail) override {
    if (problems.size() < 100) problems.push_back({where, reason, detail});
  }
};

}  // namespace

// ---------------------------------------------------------------------------------------------

struct Server::Impl {
  ServeOptions opt;
  GuardedServer http;
  int port = 0;
  Readers readers;
  std::unique_ptr<api::Index> writer;
  std::mutex write_mutex;
  Search search;
  std::atomic<bool> search_ready{false};
  RateLimiter limiter;
  std::thread maintenance;
  std::mutex maint_m;
  std::condition_variable maint_cv;
  bool stopping = false;
  std::atomic<bool> stop_sync{false};
  std::mutex stats_m;
  uint64_t stats_gen = 0;
  std::string stats_cache;
  std::atomic<uint64_t> requests{0}, rejected_rate{0};

  explicit Impl(const ServeOptions& o) : opt(o), limiter(o.rate, o.burst) {}

  uint64_t sync_search() {
    auto r = readers.get();
    return search.sync(*r, stop_sync);
  }

  // -- handlers --

  void health(const httplib::Request&, httplib::Response& res) {
    auto r = readers.get();
    auto st = r->stats();
    if (!st.ok()) return send_status(res, st.status());
    std::string b = "{\"status\":\"ok\",\"version\":";
    json::str(b, api::version());
    b += ",\"documents\":" + std::to_string(st->documents) + ",\"relations\":" + std::to_string(st->relations);
    b += std::string(",\"writable\":") + (writer ? "true" : "false");
    b += std::string(",\"search_ready\":") + (search_ready ? "true" : "false") + "}";
    send_json(res, 200, b);
  }

  bool authorized(const httplib::Request& req, httplib::Response& res) {
    if (!writer) {
      send_error(res, 403, "writes_disabled", "this server takes no writes (it was started without --token-file)");
      return false;
    }
    std::string h = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (h.size() <= prefix.size() || h.compare(0, prefix.size(), prefix) != 0 ||
        !constant_time_equal(h.substr(prefix.size()), opt.token)) {
      res.set_header("WWW-Authenticate", "Bearer");
      send_error(res, 401, "unauthorized", "a write needs the header Authorization: Bearer <token>");
      return false;
    }
    return true;
  }

  void add_documents(const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    std::vector<api::Article> articles;
    std::string error;
    if (!parse_articles(req.body, &articles, &error)) return send_error(res, 400, "invalid_input", error);
    if (articles.empty()) return send_error(res, 400, "invalid_input", "no articles");
    if (articles.size() > opt.max_documents_per_post)
      return send_error(res, 413, "too_many_documents",
                        "at most " + std::to_string(opt.max_documents_per_post) + " articles per request");
    for (size_t i = 0; i < articles.size(); ++i)
      if (articles[i].id.empty() || articles[i].text.empty())
        return send_error(res, 400, "invalid_input", "article " + std::to_string(i + 1) + ": needs an id and a text");
    CollectSink sink;
    api::Result<std::vector<api::Relation>> rel = Status();
    {
      std::lock_guard<std::mutex> g(write_mutex);
      rel = writer->add(articles, &sink);
    }
    if (!rel.ok()) return send_status(res, rel.status());
    readers.bump();
    sync_search();
    std::string b = "{\"received\":" + std::to_string(articles.size()) + ",\"relations\":";
    relations_json(b, *rel);
    b += ",\"problems\":[";
    for (size_t i = 0; i < sink.problems.size(); ++i) {
      if (i) b += ',';
      b += "{\"where\":";
      json::str(b, sink.problems[i][0]);
      b += ",\"reason\":";
      json::str(b, sink.problems[i][1]);
      b += ",\"detail\":";
      json::str(b, sink.problems[i][2]);
      b += '}';
    }
    b += "]}";
    send_json(res, 200, b);
  }

  void query(const httplib::Request& req, httplib::Response& res) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto err = parser.parse(req.body).get(doc))
      return send_error(res, 400, "invalid_input", std::string("not JSON: ") + simdjson::error_message(err));
    api::Article a;
    std::string error;
    if (!to_article(doc, &a, &error)) return send_error(res, 400, "invalid_input", error);
    if (a.text.empty()) return send_error(res, 400, "invalid_input", "a query needs a \"text\"");
    if (a.id.empty()) a.id = "query";
    auto r = readers.get();
    auto rel = r->query({a});
    if (!rel.ok()) return send_status(res, rel.status());
    std::string b = "{\"id\":";
    json::str(b, a.id);
    b += ",\"relations\":";
    relations_json(b, *rel);
    b += '}';
    send_json(res, 200, b);
  }

  void document(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    auto r = readers.get();
    auto d = r->document(id);
    if (!d.ok()) return send_status(res, d.status());
    if (!d->has_value()) return send_error(res, 404, "not_found", "no article with this id");
    std::string b;
    article_json(b, **d, true);
    send_json(res, 200, b);
  }

  void document_relations(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    auto r = readers.get();
    auto d = r->document(id);
    if (!d.ok()) return send_status(res, d.status());
    if (!d->has_value()) return send_error(res, 404, "not_found", "no article with this id");
    auto rel = r->relations_of(id);
    if (!rel.ok()) return send_status(res, rel.status());
    std::string b = "{\"id\":";
    json::str(b, id);
    b += ",\"relations\":";
    relations_json(b, *rel);
    b += '}';
    send_json(res, 200, b);
  }

  void relations(const httplib::Request& req, httplib::Response& res) {
    api::RelationFilter f;
    f.outlet = req.get_param_value("outlet");
    f.kind = req.get_param_value("kind");
    f.change = req.get_param_value("change");
    f.date_from = req.get_param_value("from");
    f.date_to = req.get_param_value("to");
    try {
      if (req.has_param("min_score")) f.min_score = std::stod(req.get_param_value("min_score"));
      if (req.has_param("limit")) f.limit = std::stoul(req.get_param_value("limit"));
      if (req.has_param("cursor")) f.cursor = std::stoull(req.get_param_value("cursor"));
    } catch (const std::exception&) {
      return send_error(res, 400, "invalid_input", "min_score, limit and cursor are numbers");
    }
    if (f.limit < 1 || f.limit > 1000) return send_error(res, 400, "invalid_input", "limit is 1 to 1000");
    for (const std::string* d : {&f.date_from, &f.date_to}) {
      int64_t t;
      if (!d->empty() && !iso_seconds(*d, &t)) return send_error(res, 400, "invalid_input", "from and to are ISO dates");
    }
    auto r = readers.get();
    auto page = r->relations(f);
    if (!page.ok()) return send_status(res, page.status());
    std::string b = "{\"relations\":";
    relations_json(b, page->relations);
    b += ",\"next\":";
    if (page->more)
      json::str(b, std::to_string(page->next));
    else
      b += "null";
    b += '}';
    send_json(res, 200, b);
  }

  // The connected group of derived relations around a document (same_story left out).
  void cluster(const httplib::Request& req, httplib::Response& res) {
    const std::string id = req.matches[1];
    const size_t kMax = 300;
    auto r = readers.get();
    auto first = r->document(id);
    if (!first.ok()) return send_status(res, first.status());
    if (!first->has_value()) return send_error(res, 404, "not_found", "no article with this id");
    std::vector<std::string> order{id};
    std::set<std::string> seen{id}, rel_seen;
    std::vector<api::Relation> rels;
    bool truncated = false;
    for (size_t i = 0; i < order.size(); ++i) {
      auto rs = r->relations_of(order[i]);
      if (!rs.ok()) return send_status(res, rs.status());
      for (auto& x : *rs) {
        if (x.kind == "same_story") continue;
        if (!rel_seen.insert(x.source + '\x1f' + x.copy + '\x1f' + x.kind).second) continue;
        for (const std::string* other : {&x.source, &x.copy})
          if (!seen.count(*other)) {
            if (seen.size() >= kMax) {
              truncated = true;
              continue;
            }
            seen.insert(*other);
            order.push_back(*other);
          }
        if (seen.count(x.source) && seen.count(x.copy)) rels.push_back(std::move(x));
      }
    }
    std::string b = "{\"id\":";
    json::str(b, id);
    b += ",\"documents\":[";
    bool firstdoc = true;
    for (const auto& d : order) {
      auto a = r->document(d);
      if (!a.ok() || !a->has_value()) continue;
      if (!firstdoc) b += ',';
      firstdoc = false;
      article_json(b, **a, false);
    }
    b += "],\"relations\":";
    relations_json(b, rels);
    b += std::string(",\"truncated\":") + (truncated ? "true" : "false") + "}";
    send_json(res, 200, b);
  }

  // Per outlet: how many of its articles were copied, by which outlets, the median delay.
  void stats(const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> g(stats_m);
    const uint64_t gen = readers.generation();
    if (stats_gen == gen && !stats_cache.empty()) return send_json(res, 200, stats_cache);
    auto r = readers.get();
    auto st = r->stats();
    if (!st.ok()) return send_status(res, st.status());
    struct Outlet {
      std::set<std::string> copied;
      uint64_t copies = 0;
      std::map<std::string, uint64_t> by;
      std::vector<double> delays;
    };
    std::map<std::string, Outlet> outlets;
    simdjson::dom::parser parser;
    api::RelationFilter f;
    f.limit = 1000;
    for (;;) {
      auto page = r->relations(f);
      if (!page.ok()) return send_status(res, page.status());
      for (const auto& x : page->relations) {
        if (x.kind == "same_story") continue;
        simdjson::dom::element e;
        if (parser.parse(x.json).get(e)) continue;
        std::string so = get_str(e, "source_outlet"), co = get_str(e, "copy_outlet");
        if (so.empty()) so = "(unknown)";
        if (co.empty()) co = "(unknown)";
        Outlet& o = outlets[so];
        o.copied.insert(x.source);
        ++o.copies;
        ++o.by[co];
        int64_t t0, t1;
        if (x.direction == "dated" && iso_seconds(get_str(e, "source_date"), &t0) &&
            iso_seconds(get_str(e, "copy_date"), &t1))
          o.delays.push_back(static_cast<double>(t1 - t0) / 3600.0);
      }
      if (!page->more) break;
      f.cursor = page->next;
    }
    auto articles = search.outlets();
    for (const auto& [name, n] : articles) outlets.try_emplace(name);
    std::vector<std::pair<std::string, Outlet*>> sorted;
    for (auto& [name, o] : outlets) sorted.emplace_back(name, &o);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto& a, const auto& b) { return a.second->copied.size() > b.second->copied.size(); });
    std::string b = "{\"documents\":" + std::to_string(st->documents) + ",\"relations\":" + std::to_string(st->relations);
    b += ",\"disk_bytes\":" + std::to_string(st->disk_bytes) + ",\"relations_by_kind\":{";
    bool first = true;
    for (const auto& [k, n] : st->relations_by_kind) {
      if (!first) b += ',';
      first = false;
      json::str(b, k);
      b += ':' + std::to_string(n);
    }
    b += "},\"outlets\":[";
    first = true;
    for (auto& [name, o] : sorted) {
      if (!first) b += ',';
      first = false;
      b += "{\"outlet\":";
      json::str(b, name);
      auto it = articles.find(name);
      b += ",\"articles\":" + std::to_string(it == articles.end() ? 0 : it->second);
      b += ",\"copied\":" + std::to_string(o->copied.size()) + ",\"copies\":" + std::to_string(o->copies);
      b += ",\"copied_by\":{";
      bool f2 = true;
      for (const auto& [c, n] : o->by) {
        if (!f2) b += ',';
        f2 = false;
        json::str(b, c);
        b += ':' + std::to_string(n);
      }
      b += "},\"median_delay_hours\":";
      if (o->delays.empty()) {
        b += "null";
      } else {
        auto& v = o->delays;
        std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
        char num[32];
        std::snprintf(num, sizeof num, "%.2f", v[v.size() / 2]);
        b += num;
      }
      b += '}';
    }
    b += "]}";
    stats_cache = b;
    stats_gen = gen;
    send_json(res, 200, b);
  }

  void search_docs(const httplib::Request& req, httplib::Response& res) {
    std::string q = req.get_param_value("q");
    size_t limit = 20;
    try {
      if (req.has_param("limit")) limit = std::stoul(req.get_param_value("limit"));
    } catch (const std::exception&) {
      return send_error(res, 400, "invalid_input", "limit is a number");
    }
    if (limit < 1 || limit > 100) return send_error(res, 400, "invalid_input", "limit is 1 to 100");
    std::vector<std::string> ids, words;
    Status st = search.find(q, limit, &ids, &words);
    if (!st.ok()) return send_status(res, st);
    auto r = readers.get();
    std::string b = "{\"q\":";
    json::str(b, q);
    b += ",\"results\":[";
    bool first = true;
    for (const auto& id : ids) {
      auto a = r->document(id);
      if (!a.ok() || !a->has_value()) continue;  // removed since
      if (!first) b += ',';
      first = false;
      std::string one;
      article_json(one, **a, false);
      one.pop_back();
      one += ",\"snippet\":";
      json::str(one, snippet((*a)->text, words));
      one += '}';
      b += one;
    }
    b += std::string("],\"complete\":") + (search_ready ? "true" : "false") + "}";
    send_json(res, 200, b);
  }

  void routes() {
    using namespace std::placeholders;
    auto& s = http;
    s.Get("/v1/health", [this](const auto& q, auto& r) { health(q, r); });
    s.Post("/v1/documents", [this](const auto& q, auto& r) { add_documents(q, r); });
    s.Post("/v1/query", [this](const auto& q, auto& r) { query(q, r); });
    s.Get("/v1/documents/(.+)/relations", [this](const auto& q, auto& r) { document_relations(q, r); });
    s.Get("/v1/documents/(.+)", [this](const auto& q, auto& r) { document(q, r); });
    s.Get("/v1/relations", [this](const auto& q, auto& r) { relations(q, r); });
    s.Get("/v1/clusters/(.+)", [this](const auto& q, auto& r) { cluster(q, r); });
    s.Get("/v1/stats", [this](const auto& q, auto& r) { stats(q, r); });
    s.Get("/v1/search", [this](const auto& q, auto& r) { search_docs(q, r); });
    for (size_t i = 0; i < kAssetCount; ++i) {
      const Asset& a = kAssets[i];
      auto h = [&a](const httplib::Request&, httplib::Response& r) {
        r.set_content(reinterpret_cast<const char*>(a.data), a.size, a.type);
        r.set_header("Cache-Control", "no-cache");
      };
      s.Get(a.path, h);
      if (std::string(a.path) == "/index.html") s.Get("/", h);
      if (std::string(a.path) == "/openapi.json") s.Get("/v1/openapi.json", h);
    }
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      ++requests;
      if (!limiter.allow(req.remote_addr)) {
        ++rejected_rate;
        res.set_header("Retry-After", "1");
        send_error(res, 429, "rate_limited", "too many requests from this address; try again in a second");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      switch (res.status) {
        case 404: send_error(res, 404, "not_found", "no such endpoint"); break;
        case 405: send_error(res, 405, "method_not_allowed", "method not allowed here"); break;
        case 413: send_error(res, 413, "payload_too_large", "the body is larger than the server takes"); break;
        case 414: send_error(res, 414, "uri_too_long", "the request line is too long"); break;
        default: send_error(res, res.status, "bad_request", "the request cannot be read"); break;
      }
    });
    s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string m = "internal error";
      try {
        std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        m = e.what();
      } catch (...) {
      }
      send_error(res, 500, "internal", m);
    });
    if (!opt.quiet)
      s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::fprintf(stderr, "%s %s %s %d\n", req.remote_addr.c_str(), req.method.c_str(), req.path.c_str(), res.status);
      });
    s.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
         " form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Cache-Control", "no-store"},
    });
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  stop();
  if (impl_->maintenance.joinable()) impl_->maintenance.join();
}
int Server::port() const { return impl_->port; }

api::Result<std::unique_ptr<Server>> Server::open(const ServeOptions& o) {
  auto impl = std::make_unique<Impl>(o);
  Impl& I = *impl;
  const int cores = std::max(1u, std::thread::hardware_concurrency());
  int threads = o.threads > 0 ? o.threads : std::max(8, cores);
  int readers = o.readers > 0 ? o.readers : std::max(1, std::min(threads, cores));
  if (!o.token.empty()) {
    auto w = api::Index::open(o.dir, true);
    if (!w.ok()) return w.status();
    I.writer = std::make_unique<api::Index>(std::move(*w));
  }
  Status st = I.readers.open(o.dir, readers);
  if (!st.ok()) return st;
  st = I.search.open(o.search_db.empty() ? o.dir + "/search.db" : o.search_db);
  if (!st.ok()) return st;
  I.http.request_timeout_ms = o.request_timeout_ms;
  I.http.idle_timeout_ms = o.idle_timeout_s * 1000;
  I.http.set_payload_max_length(o.max_body_bytes);
  I.http.set_read_timeout(5, 0);
  I.http.set_write_timeout(5, 0);
  I.http.set_keep_alive_max_count(10000);
  I.http.set_keep_alive_timeout(o.idle_timeout_s);
  const size_t max_queue = o.max_queue;
  I.http.new_task_queue = [threads, max_queue] { return new BoundedPool(static_cast<size_t>(threads), max_queue); };
  I.routes();
  if (o.port == 0) {
    I.port = I.http.bind_to_any_port(o.host);
    if (I.port < 0) return Status(Status::Code::kIOError, "cannot listen on " + o.host);
  } else {
    if (!I.http.bind_to_port(o.host, o.port))
      return Status(Status::Code::kIOError, "cannot listen on " + o.host + ":" + std::to_string(o.port));
    I.port = o.port;
  }
  // The search database catches up in the background (an index opened by an existing
  // server is searched in full once it has); without a writer of our own, another process
  // may add to the index: the readers look again every few seconds.
  Impl* ip = impl.get();
  I.maintenance = std::thread([ip] {
    ip->sync_search();
    ip->search_ready = true;
    std::unique_lock<std::mutex> l(ip->maint_m);
    while (!ip->stopping) {
      ip->maint_cv.wait_for(l, std::chrono::seconds(5));
      if (ip->stopping || ip->writer) continue;
      l.unlock();
      // New articles (another process added a batch): the readers re-read the manifest
      // before their next request. (Removals by another process are seen after a restart.)
      if (ip->sync_search() > 0) ip->readers.bump();
      l.lock();
    }
  });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

api::Status Server::run() {
  if (!impl_->http.listen_after_bind()) {
    if (impl_->stopping) return Status::Ok();
    return Status(Status::Code::kIOError, "the server stopped with an error");
  }
  return Status::Ok();
}

void Server::stop() {
  {
    std::lock_guard<std::mutex> g(impl_->maint_m);
    impl_->stopping = true;
  }
  impl_->stop_sync = true;
  impl_->maint_cv.notify_all();
  impl_->http.stop();
}

int run_until_signal(const ServeOptions& options) {
  // SIGTERM and SIGINT are taken by one thread (sigwait), blocked in all others.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
  auto server = Server::open(options);
  if (!server.ok()) {
    std::fprintf(stderr, "retrace: error: %s\n", server.status().message().c_str());
    return 2;
  }
  Server& s = **server;
  std::fprintf(stderr, "retrace: serving %s on http://%s:%d/ (%s)\n", options.dir.c_str(), options.host.c_str(), s.port(),
               options.token.empty() ? "read-only" : "writes with the token");
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&set, &sig);
    if (done) return;
    std::fprintf(stderr, "retrace: stopping (finishing the requests in flight)\n");
    s.stop();
  });
  Status st = s.run();
  done = true;
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);  // wakes sigwait if no signal came
    waiter.join();
  }
  if (!st.ok()) {
    std::fprintf(stderr, "retrace: error: %s\n", st.message().c_str());
    return 2;
  }
  return 0;
}

}  // namespace retrace::serve
