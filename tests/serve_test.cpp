// `retrace serve` (src/serve/) and the lookups of the public API it reads through
// (Index::document, relations_of, relations(filter), articles, refresh): each test starts a
// server in-process on a free loopback port over a fresh index and talks to it with
// cpp-httplib's client, or with a raw socket where a client misbehaves on purpose.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <retrace/retrace.h>
#include <simdjson.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "serve/serve.h"
#include "test_support.h"

namespace {

namespace api = retrace::api;
namespace serve = retrace::serve;
using namespace std::chrono_literals;

const std::string kToken = "s3cret-token-for-tests-0123456789";

std::vector<api::Article> read_jsonl(const std::string& path) {
  std::vector<api::Article> out;
  simdjson::dom::parser p;
  std::istringstream in(rtest::slurp(path));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    simdjson::dom::element e = p.parse(line);
    api::Article a;
    auto get = [&](const char* k, std::string* v) {
      std::string_view s;
      if (!e[k].get_string().get(s)) *v = std::string(s);
    };
    get("id", &a.id);
    get("text", &a.text);
    get("date", &a.date);
    get("source", &a.source);
    get("title", &a.title);
    get("url", &a.url);
    out.push_back(a);
  }
  return out;
}

std::string jsonl(const std::vector<api::Article>& as) {
  std::string out;
  for (const auto& a : as) {
    out += "{\"id\":" + rtest::jstr(a.id) + ",\"text\":" + rtest::jstr(a.text);
    if (!a.date.empty()) out += ",\"date\":" + rtest::jstr(a.date);
    if (!a.source.empty()) out += ",\"source\":" + rtest::jstr(a.source);
    if (!a.title.empty()) out += ",\"title\":" + rtest::jstr(a.title);
    out += "}\n";
  }
  return out;
}

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char b[4];
      std::snprintf(b, sizeof b, "%%%02X", c);
      out += b;
    }
  }
  return out;
}

std::string examples_path() { return std::string(RETRACE_SOURCE_DIR) + "/examples/news.jsonl"; }

// An empty index (model of the example corpus) and a server over it, running on a thread.
class Served {
 public:
  explicit Served(serve::ServeOptions o = {}, bool with_token = true) {
    auto model = api::Model::train(read_jsonl(examples_path()), {});
    EXPECT_TRUE(model.ok());
    auto ix = api::Index::create(dir_.file("idx"), *model);
    EXPECT_TRUE(ix.ok()) << ix.status().message();
    ix = api::Result<api::Index>(api::Status());  // closed: the server is its writer
    o.dir = dir_.file("idx");
    o.port = 0;
    o.quiet = true;
    if (with_token) o.token = kToken;
    auto s = serve::Server::open(o);
    EXPECT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(*s);
    thread_ = std::thread([this] { server_->run(); });
    // Ready when it answers.
    for (int i = 0; i < 200; ++i) {
      httplib::Client c("127.0.0.1", port());
      if (auto r = c.Get("/v1/health"); r && r->status == 200) break;
      std::this_thread::sleep_for(10ms);
    }
  }
  ~Served() { stop(); }
  void stop() {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }
  int port() const { return server_->port(); }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(60, 0);
    return c;
  }
  httplib::Result post_docs(const std::string& body, const std::string& token = kToken) {
    auto c = client();
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return c.Post("/v1/documents", h, body, "application/x-ndjson");
  }
  const rtest::TempDir& dir() const { return dir_; }

 private:
  rtest::TempDir dir_;
  std::unique_ptr<serve::Server> server_;
  std::thread thread_;
};

simdjson::dom::element parse(simdjson::dom::parser& p, const std::string& body) {
  simdjson::dom::element e;
  auto err = p.parse(body).get(e);
  EXPECT_FALSE(err) << body.substr(0, 300);
  return e;
}

std::string error_code(const std::string& body) {
  simdjson::dom::parser p;
  std::string_view code;
  if (p.parse(body)["error"]["code"].get_string().get(code)) return "(no error object: " + body.substr(0, 200) + ")";
  return std::string(code);
}

}  // namespace

TEST(ServeApi, HealthErrorsAndTheOpenApiDescription) {
  Served s;
  auto c = s.client();
  auto h = c.Get("/v1/health");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_NE(h->body.find("\"status\":\"ok\""), std::string::npos);
  EXPECT_EQ(h->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(h->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  auto nf = c.Get("/v1/nothing-here");
  ASSERT_TRUE(nf);
  EXPECT_EQ(nf->status, 404);
  EXPECT_EQ(error_code(nf->body), "not_found");
  auto doc = c.Get("/v1/documents/no-such-id");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->status, 404);
  EXPECT_EQ(error_code(doc->body), "not_found");
  auto oa = c.Get("/v1/openapi.json");
  ASSERT_TRUE(oa);
  EXPECT_EQ(oa->status, 200);
  simdjson::dom::parser p;
  std::string_view v;
  ASSERT_FALSE(p.parse(oa->body)["openapi"].get_string().get(v)) << oa->body.substr(0, 200);
  EXPECT_EQ(v.substr(0, 2), "3.");
  auto app = c.Get("/");
  ASSERT_TRUE(app);
  EXPECT_EQ(app->status, 200);
  EXPECT_NE(app->body.find("app.js"), std::string::npos);
  auto bad = c.Post("/v1/query", "{not json", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(error_code(bad->body), "invalid_input");
}

TEST(ServeApi, WritesNeedTheToken) {
  Served s;
  const std::string body = jsonl(read_jsonl(examples_path()));
  auto none = s.post_docs(body, "");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(error_code(none->body), "unauthorized");
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  auto wrong = s.post_docs(body, kToken + "x");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  auto c = s.client();
  auto h = c.Get("/v1/health");
  EXPECT_NE(h->body.find("\"documents\":0"), std::string::npos) << h->body;
  auto ok = s.post_docs(body);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body.substr(0, 300);
  h = c.Get("/v1/health");
  EXPECT_NE(h->body.find("\"documents\":40"), std::string::npos) << h->body;
}

TEST(ServeApi, WithoutATokenFileWritesAreRefused) {
  Served s({}, false);
  auto r = s.post_docs(jsonl(read_jsonl(examples_path())), kToken);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(error_code(r->body), "writes_disabled");
}

TEST(ServeApi, AddQueryLookUpFilterPageClusterStatsSearch) {
  Served s;
  auto articles = read_jsonl(examples_path());
  // A JSON array body works as JSON Lines do.
  std::string arr = "[";
  for (size_t i = 0; i < articles.size(); ++i) {
    std::string line = jsonl({articles[i]});
    line.pop_back();
    arr += (i ? "," : "") + line;
  }
  arr += "]";
  auto c = s.client();
  auto add = c.Post("/v1/documents", {{"Authorization", "Bearer " + kToken}}, arr, "application/json");
  ASSERT_TRUE(add);
  ASSERT_EQ(add->status, 200) << add->body.substr(0, 300);
  simdjson::dom::parser p;
  auto added = parse(p, add->body);
  size_t n_added = simdjson::dom::array(added["relations"]).size();
  EXPECT_GE(n_added, 10u);

  // The same ids again: left out, reported.
  auto again = s.post_docs(jsonl(articles));
  ASSERT_TRUE(again);
  EXPECT_NE(again->body.find("known id"), std::string::npos) << again->body.substr(0, 300);

  // A query of an indexed text finds it; adds nothing.
  const api::Article& first = articles[0];
  auto q = c.Post("/v1/query", "{\"text\":" + rtest::jstr(first.text) + "}", "application/json");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->status, 200) << q->body.substr(0, 300);
  EXPECT_NE(q->body.find("\"source\":" + rtest::jstr(first.id)), std::string::npos) << q->body.substr(0, 300);
  EXPECT_NE(c.Get("/v1/health")->body.find("\"documents\":40"), std::string::npos);

  // A document, its relations.
  auto d = c.Get("/v1/documents/" + first.id);
  ASSERT_EQ(d->status, 200);
  std::string_view text;
  ASSERT_FALSE(parse(p, d->body)["text"].get_string().get(text));
  EXPECT_EQ(text, first.text);
  auto all = c.Get("/v1/relations?limit=1000");
  ASSERT_EQ(all->status, 200);
  size_t total = simdjson::dom::array(parse(p, all->body)["relations"]).size();
  EXPECT_EQ(total, n_added);

  // Filters: by kind, by outlet, by change kind, by score and dates.
  auto reprints = c.Get("/v1/relations?kind=reprint&limit=1000");
  for (auto r : simdjson::dom::array(parse(p, reprints->body)["relations"]))
    EXPECT_EQ(std::string_view(r["relation"]), "reprint");
  auto outlet = c.Get("/v1/relations?outlet=Continental%20Press%20Agency&limit=1000");
  size_t n_outlet = 0;
  for (auto r : simdjson::dom::array(parse(p, outlet->body)["relations"])) {
    std::string_view so, co;
    if (r["source_outlet"].get_string().get(so)) so = "";
    if (r["copy_outlet"].get_string().get(co)) co = "";
    EXPECT_TRUE(so == "Continental Press Agency" || co == "Continental Press Agency");
    ++n_outlet;
  }
  EXPECT_GE(n_outlet, 1u);
  EXPECT_LT(n_outlet, total);
  auto numbers = c.Get("/v1/relations?change=changed_number&limit=1000");
  for (auto r : simdjson::dom::array(parse(p, numbers->body)["relations"])) {
    bool has = false;
    for (auto ch : simdjson::dom::array(r["changes"])) has |= std::string_view(ch["kind"]) == "changed_number";
    EXPECT_TRUE(has);
  }
  auto high = c.Get("/v1/relations?min_score=0.99&limit=1000");
  for (auto r : simdjson::dom::array(parse(p, high->body)["relations"])) EXPECT_GE(double(r["score"]), 0.99);
  auto none = c.Get("/v1/relations?from=2030-01-01");
  EXPECT_EQ(simdjson::dom::array(parse(p, none->body)["relations"]).size(), 0u);
  EXPECT_EQ(c.Get("/v1/relations?from=yesterday")->status, 400);
  EXPECT_EQ(c.Get("/v1/relations?limit=0")->status, 400);

  // Pages of 4 give all relations once, in order.
  std::vector<std::string> paged;
  std::string cursor;
  for (int guard = 0; guard < 100; ++guard) {
    auto r = c.Get("/v1/relations?limit=4" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r->status, 200);
    auto e = parse(p, r->body);
    for (auto x : simdjson::dom::array(e["relations"]))
      paged.push_back(std::string(std::string_view(x["source"])) + ">" + std::string(std::string_view(x["copy"])));
    std::string_view next;
    if (e["next"].get_string().get(next)) break;
    cursor = std::string(next);
  }
  EXPECT_EQ(paged.size(), total);

  // The cluster around a copy holds its source, with dates for the timeline.
  auto rel0 = parse(p, all->body)["relations"].at(0);
  std::string src{std::string_view(rel0["source"])}, cp{std::string_view(rel0["copy"])};
  auto cl = c.Get("/v1/clusters/" + cp);
  ASSERT_EQ(cl->status, 200);
  auto ce = parse(p, cl->body);
  bool has_src = false;
  for (auto doc : simdjson::dom::array(ce["documents"])) has_src |= std::string_view(doc["id"]) == src;
  EXPECT_TRUE(has_src) << cl->body.substr(0, 400);
  auto dr = c.Get("/v1/documents/" + cp + "/relations");
  ASSERT_EQ(dr->status, 200);
  EXPECT_GE(simdjson::dom::array(parse(p, dr->body)["relations"]).size(), 1u);

  // Per-outlet statistics.
  auto st = c.Get("/v1/stats");
  ASSERT_EQ(st->status, 200);
  auto se = parse(p, st->body);
  EXPECT_EQ(uint64_t(se["documents"]), 40u);
  bool cpa = false;
  for (auto o : simdjson::dom::array(se["outlets"]))
    if (std::string_view(o["outlet"]) == "Continental Press Agency") {
      cpa = true;
      EXPECT_GE(uint64_t(o["copied"]), 1u);
      EXPECT_GE(uint64_t(o["articles"]), uint64_t(o["copied"]));
    }
  EXPECT_TRUE(cpa) << st->body.substr(0, 400);

  // Full-text search over titles and texts.
  auto sr = c.Get("/v1/search?q=storks%20Marsh");
  ASSERT_EQ(sr->status, 200) << sr->body;
  auto results = simdjson::dom::array(parse(p, sr->body)["results"]);
  ASSERT_GE(results.size(), 1u) << sr->body;
  std::string_view title = results.at(0)["title"];
  EXPECT_NE(title.find("storks"), std::string_view::npos);
  EXPECT_EQ(c.Get("/v1/search?q=%22%22")->status, 400);
  auto syntax = c.Get("/v1/search?q=AND%20OR%20NOT%20(%20*");  // FTS5 syntax is taken as words
  EXPECT_EQ(syntax->status, 200) << syntax->body;
}

TEST(ServeApi, HostileIdsAndTextsComeBackAsTheSameStrings) {
  Served s;
  std::vector<api::Article> hostile = {
      {"esc<1>", "Tags <script>alert('x')</script> & \"quotes\" <!-- O'Brien said \u201chi\u201d \U0001F389 done. "
                 "The committee met again on Friday to discuss the harbour plans and the budget for next year.",
       "2025-09-04", "<b>Bold</b> & \"co\"", "A & B <News>"},
      {"esc\"2/../x?y#z", "Tags <script>alert('x')</script> & \"quotes\" <!-- O'Brien said \u201chello\u201d \U0001F389 "
                          "done. The committee met again on Friday to discuss the harbour plans and the budget for "
                          "next year.\u2028",
       "2025-09-05", "</script><i>it</i>", "C'est <la> vie"}};
  auto add = s.post_docs(jsonl(hostile));
  ASSERT_TRUE(add);
  ASSERT_EQ(add->status, 200) << add->body;
  EXPECT_EQ(add->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(add->get_header_value("X-Content-Type-Options"), "nosniff");
  auto c = s.client();
  simdjson::dom::parser p;
  for (const auto& a : hostile) {
    auto r = c.Get("/v1/documents/" + url_encode(a.id));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << a.id << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    auto e = parse(p, r->body);
    EXPECT_EQ(std::string_view(e["id"]), a.id);
    EXPECT_EQ(std::string_view(e["title"]), a.title);
    EXPECT_EQ(std::string_view(e["source"]), a.source);
    EXPECT_EQ(std::string_view(e["text"]), a.text);
  }
}

TEST(ServeLimits, OversizedBodiesGet413) {
  serve::ServeOptions o;
  o.max_body_bytes = 64 * 1024;
  Served s(o);
  std::string big(100 * 1024, 'a');
  auto r = s.post_docs("{\"id\":\"big\",\"text\":\"" + big + "\"}\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(error_code(r->body), "payload_too_large");
  auto q = s.client().Post("/v1/query", "{\"text\":\"" + big + "\"}", "application/json");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->status, 413);
  // The server goes on answering.
  EXPECT_EQ(s.client().Get("/v1/health")->status, 200);
}

TEST(ServeLimits, ClientsOverTheRateGet429) {
  serve::ServeOptions o;
  o.rate = 1;
  o.burst = 5;
  Served s(o);
  std::this_thread::sleep_for(1500ms);  // the readiness probes spent some of the burst
  auto c = s.client();
  int ok = 0, limited = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = c.Get("/v1/health");
    ASSERT_TRUE(r);
    if (r->status == 200) ++ok;
    if (r->status == 429) {
      ++limited;
      EXPECT_EQ(error_code(r->body), "rate_limited");
      EXPECT_EQ(r->get_header_value("Retry-After"), "1");
    }
  }
  EXPECT_LE(ok, 7);
  EXPECT_GE(limited, 5);
}

namespace {

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

// Clients that send their header a byte a second hold a worker each, until the request
// deadline cuts them off; meanwhile and afterwards, other requests are answered.
TEST(ServeLimits, SlowClientsCannotHoldTheServer) {
  serve::ServeOptions o;
  o.threads = 4;
  o.request_timeout_ms = 2500;
  Served s(o);
  const int kSlow = 8;  // twice the workers
  std::atomic<int> cut{0};
  std::vector<std::thread> slow;
  const std::string header = "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kSlow; ++i)
    slow.emplace_back([&] {
      int fd = connect_to(s.port());
      ASSERT_GE(fd, 0);
      for (char ch : header) {
        if (::send(fd, &ch, 1, MSG_NOSIGNAL) != 1) {
          ++cut;
          break;
        }
        std::this_thread::sleep_for(1s);
        if (std::chrono::steady_clock::now() - t0 > 12s) break;
      }
      ::close(fd);
    });
  std::this_thread::sleep_for(1500ms);
  // While the slow ones hold the workers (at most a request deadline), a normal client waits
  // for one and is answered.
  for (int i = 0; i < 3; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto c = s.client();
    c.set_read_timeout(10, 0);
    auto r = c.Get("/v1/health");
    ASSERT_TRUE(r) << "request " << i << " not answered";
    EXPECT_EQ(r->status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 6s);
    std::this_thread::sleep_for(500ms);
  }
  for (auto& t : slow) t.join();
  EXPECT_GE(cut.load(), kSlow / 2) << "slow connections are closed at the request deadline";
}

// stop() (what SIGTERM calls) lets a request in flight finish and answers it.
TEST(ServeLimits, StopFinishesTheRequestsInFlight) {
  rtest::require_shared();
  Served s;
  auto bbc = read_jsonl(rtest::bbc_path());
  bbc.resize(600);
  int status = 0;
  std::thread t([&] {
    auto r = s.post_docs(jsonl(bbc));
    status = r ? r->status : -1;
  });
  std::this_thread::sleep_for(300ms);  // the add is under way
  s.stop();
  t.join();
  EXPECT_EQ(status, 200) << "the request in flight was dropped (-1) or failed";
  auto ix = api::Index::open(s.dir().file("idx"), false);
  ASSERT_TRUE(ix.ok());
  EXPECT_EQ(ix->stats()->documents, 600u);
}

TEST(ApiLookups, DocumentRelationsOfFilterPagesArticlesRefresh) {
  rtest::TempDir dir;
  auto articles = read_jsonl(examples_path());
  auto model = api::Model::train(articles);
  ASSERT_TRUE(model.ok());
  auto w = api::Index::create(dir.file("idx"), *model);
  ASSERT_TRUE(w.ok());
  auto reader = api::Index::open(dir.file("idx"), false);
  ASSERT_TRUE(reader.ok());
  auto rels = w->add(articles);
  ASSERT_TRUE(rels.ok());
  // A reader sees the batch after refresh().
  EXPECT_EQ(reader->stats()->documents, 0u);
  ASSERT_TRUE(reader->refresh().ok());
  EXPECT_EQ(reader->stats()->documents, 40u);
  auto q = reader->query({{"q", articles[0].text}});
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q->empty());

  auto d = reader->document(articles[3].id);
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->has_value());
  EXPECT_EQ((*d)->text, articles[3].text);
  EXPECT_EQ((*d)->source, articles[3].source);
  EXPECT_EQ((*d)->title, articles[3].title);
  EXPECT_FALSE(reader->document("nope")->has_value());

  // relations_of: exactly the stored relations that name the article.
  auto all = reader->relations();
  ASSERT_TRUE(all.ok());
  const std::string id = (*all)[0].copy;
  auto of = reader->relations_of(id);
  ASSERT_TRUE(of.ok());
  size_t expect = 0;
  for (const auto& r : *all) expect += r.source == id || r.copy == id;
  EXPECT_EQ(of->size(), expect);
  for (const auto& r : *of) EXPECT_TRUE(r.source == id || r.copy == id);

  // Pages of 3 give every relation once, in stored order.
  api::RelationFilter f;
  f.limit = 3;
  std::vector<std::string> seen;
  for (;;) {
    auto page = reader->relations(f);
    ASSERT_TRUE(page.ok());
    for (const auto& r : page->relations) seen.push_back(r.json);
    if (!page->more) break;
    f.cursor = page->next;
  }
  ASSERT_EQ(seen.size(), all->size());
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], (*all)[i].json);
  api::RelationFilter k;
  k.kind = "rewrite";
  k.limit = 1000;
  size_t rewrites = 0;
  for (const auto& r : *all) rewrites += r.kind == "rewrite";
  EXPECT_EQ(reader->relations(k)->relations.size(), rewrites);
  api::RelationFilter zero;
  zero.limit = 0;
  EXPECT_FALSE(reader->relations(zero).ok());

  // Articles, a page at a time, in the order added.
  std::vector<std::string> ids;
  uint64_t cursor = 0;
  for (;;) {
    auto page = reader->articles(cursor, 7);
    ASSERT_TRUE(page.ok());
    for (const auto& a : page->articles) ids.push_back(a.id);
    cursor = page->next;
    if (!page->more) break;
  }
  ASSERT_EQ(ids.size(), 40u);
  EXPECT_EQ(ids.front(), articles.front().id);
  EXPECT_EQ(reader->articles(cursor, 7)->articles.size(), 0u);
}

// The command line: usage errors exit 64, an unusable index or token file 2, and a server that
// is another process's writer is refused while that one runs.
TEST(ServeCli, UsageAndStartErrors) {
  rtest::TempDir dir;
  auto model = api::Model::train(read_jsonl(examples_path()));
  ASSERT_TRUE(model.ok());
  ASSERT_TRUE(api::Index::create(dir.file("idx"), *model).ok());
  const std::string ix = rtest::shell_quote(dir.file("idx"));
  EXPECT_EQ(rtest::run_retrace("serve " + ix + " --listen nonsense").code, 64);
  EXPECT_EQ(rtest::run_retrace("serve " + ix + " --listen 127.0.0.1:99999").code, 64);
  EXPECT_EQ(rtest::run_retrace("serve " + rtest::shell_quote(dir.file("missing")) + " --listen 127.0.0.1:0").code, 2);
  rtest::write_file(dir.file("short"), "abc\n");
  auto r = rtest::run_retrace("serve " + ix + " --listen 127.0.0.1:0 --token-file " + rtest::shell_quote(dir.file("short")));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("at least 16 characters"), std::string::npos) << r.err;
  EXPECT_EQ(rtest::run_retrace("serve " + ix + " --token-file " + rtest::shell_quote(dir.file("none"))).code, 2);
  // Another writer holds the index: a server with a token (a writer too) cannot start.
  auto w = api::Index::open(dir.file("idx"), true);
  ASSERT_TRUE(w.ok());
  rtest::write_file(dir.file("tok"), kToken + "\n");
  r = rtest::run_retrace("serve " + ix + " --listen 127.0.0.1:0 --token-file " + rtest::shell_quote(dir.file("tok")));
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("another process is writing"), std::string::npos) << r.err;
}

// A server killed (SIGKILL) while it adds a batch leaves the index as it was before the batch
// or after it, never between: the add is one SQLite transaction after its segment is synced.
TEST(ServeCli, KilledDuringAWriteTheIndexHoldsTheBatchWholeOrNotAtAll) {
  rtest::require_shared();
  rtest::TempDir dir;
  auto bbc = read_jsonl(rtest::bbc_path());
  auto model = api::Model::train(bbc);
  ASSERT_TRUE(model.ok());
  ASSERT_TRUE(api::Index::create(dir.file("idx"), *model).ok());
  rtest::write_file(dir.file("tok"), kToken + "\n");
  for (int delay_ms : {200, 1000, 1700, 5000}) {
    std::string cmd = rtest::shell_quote(RETRACE_BINARY) + " serve " + rtest::shell_quote(dir.file("idx")) +
                      " --listen 127.0.0.1:0 --quiet --token-file " + rtest::shell_quote(dir.file("tok")) + " 2> " +
                      rtest::shell_quote(dir.file("log")) + " & echo $! > " + rtest::shell_quote(dir.file("pid"));
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    int port = 0;
    for (int i = 0; i < 300 && !port; ++i) {
      std::this_thread::sleep_for(20ms);
      std::string log = rtest::slurp(dir.file("log"));
      size_t at = log.find("http://127.0.0.1:");
      if (at != std::string::npos) port = std::atoi(log.c_str() + at + 17);
    }
    ASSERT_GT(port, 0) << rtest::slurp(dir.file("log"));
    const int pid = std::stoi(rtest::slurp(dir.file("pid")));
    std::vector<api::Article> batch(bbc.begin(), bbc.begin() + 1500);
    std::thread post([&] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(60, 0);
      c.Post("/v1/documents", {{"Authorization", "Bearer " + kToken}}, jsonl(batch), "application/x-ndjson");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    post.join();
    for (int i = 0; i < 100 && ::kill(pid, 0) == 0; ++i) std::this_thread::sleep_for(20ms);
    auto ix = api::Index::open(dir.file("idx"), true);
    ASSERT_TRUE(ix.ok()) << ix.status().message();
    uint64_t n = ix->stats()->documents;
    EXPECT_TRUE(n == 0 || n == 1500) << "killed after " << delay_ms << " ms: " << n << " documents";
    std::cout << "killed after " << delay_ms << " ms: " << n << " documents held\n";
    auto q = ix->query({{"q", bbc[10].text}});
    ASSERT_TRUE(q.ok());
    if (n == 1500) EXPECT_FALSE(q->empty());
    if (n) {  // start again from an empty index for the next delay
      std::vector<std::string> ids;
      for (const auto& a : batch) ids.push_back(a.id);
      ASSERT_TRUE(ix->remove(ids).ok());
    }
  }
}
