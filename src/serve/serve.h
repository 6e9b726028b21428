// serve/serve.h — `retrace serve`: an HTTP/1.1 JSON API (/v1/) and a browser app (/) over an
// index, built on the public API (include/retrace/retrace.h) and cpp-httplib (docs/server.md).
//
// Threads: cpp-httplib's accept loop hands each connection to a pool of `threads` workers.
// Queries, lookups and searches run on a pool of read-only Index handles (one thread each at a
// time); writes (POST /v1/documents) go to the one writable Index under a mutex, and the
// readers re-read the manifest after each write. Nothing here is global: several servers may
// run in one process (the tests do).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "retrace/retrace.h"

namespace retrace::serve {

struct ServeOptions {
  std::string dir;                // the index folder
  std::string host = "127.0.0.1";
  int port = 8080;                // 0: any free port (see Server::port)
  std::string token;              // bearer token of writes; empty: writes refused (403)
  int threads = 0;                // connection workers; 0: max(8, cores)
  int readers = 0;                // read-only Index handles; 0: min(threads, cores)
  size_t max_body_bytes = 16u << 20;  // larger bodies: 413
  int request_timeout_ms = 10000;     // a request's header and body must arrive within this
  int idle_timeout_s = 5;             // keep-alive: a connection idle this long is closed
  size_t max_queue = 256;             // connections waiting for a worker beyond this: 503
  double rate = 50;                   // requests per second per client address (0: no limit)
  double burst = 200;                 // ... with this many at once
  size_t max_documents_per_post = 10000;
  std::string search_db;          // the full-text search database; empty: DIR/search.db
  bool quiet = false;             // no request log on standard error
};

class Server {
 public:
  // Opens the index (writable if a token is set) and the search database, and binds the port.
  static api::Result<std::unique_ptr<Server>> open(const ServeOptions& options);
  ~Server();
  int port() const;
  // Serves until stop(); in-flight requests finish before it returns.
  api::Status run();
  // Safe from any thread (not from a signal handler: see run_until_signal).
  void stop();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Serves until SIGTERM or SIGINT, then stops gracefully; returns the process exit code.
int run_until_signal(const ServeOptions& options);

}  // namespace retrace::serve
