#include "index/index.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>
#include <xxhash.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <set>
#include <unordered_set>

#include "align/surface.h"
#include "clean/clean.h"
#include "core/bytes.h"
#include "core/parallel.h"
#include "fingerprint/fingerprint.h"
#include "index/segment.h"
#include "pipeline/prepared.h"
#include "read/reader.h"
#include "relate/select.h"
#include "write/jsonl_writer.h"
#include "write/output_file.h"

namespace fs = std::filesystem;

namespace retrace {
namespace {

constexpr const char* kFormat = "retrace-index 1";

// ---- SQLite, thinly wrapped ----

class Db {
 public:
  Db(const std::string& path, bool create) : path_(path) {
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string m = db_ ? sqlite3_errmsg(db_) : "cannot open";
      sqlite3_close(db_);
      db_ = nullptr;
      throw IndexError(path + ": " + m);
    }
    sqlite3_busy_timeout(db_, 10000);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
  }
  ~Db() { sqlite3_close(db_); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "error";
      sqlite3_free(err);
      throw IndexError(path_ + ": " + m + " (" + sql.substr(0, 60) + ")");
    }
  }
  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(const Db& db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db.get(), sql, -1, &st_, nullptr) != SQLITE_OK) fail();
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt& bind(int i, int64_t v) { return check(sqlite3_bind_int64(st_, i, v)); }
  Stmt& bind(int i, double v) { return check(sqlite3_bind_double(st_, i, v)); }
  Stmt& bind(int i, const std::string& v) {
    return check(sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& blob(int i, const std::string& v) {
    return check(sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  Stmt& null(int i) { return check(sqlite3_bind_null(st_, i)); }
  // True while there is a row.
  bool step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail();
    return false;
  }
  void run() {
    step();
    reset();
  }
  void reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  int64_t i64(int c) const { return sqlite3_column_int64(st_, c); }
  double real(int c) const { return sqlite3_column_double(st_, c); }
  bool is_null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
  std::string text(int c) const {
    const void* p = sqlite3_column_blob(st_, c);
    return p ? std::string(static_cast<const char*>(p), sqlite3_column_bytes(st_, c)) : std::string();
  }

 private:
  Stmt& check(int rc) {
    if (rc != SQLITE_OK) fail();
    return *this;
  }
  [[noreturn]] void fail() { throw IndexError(db_.path() + ": " + sqlite3_errmsg(db_.get())); }
  const Db& db_;
  sqlite3_stmt* st_ = nullptr;
};

// ---- document records ----

std::string encode_doc(const Document& d) {
  std::string raw;
  for (const std::string* f : {&d.id, &d.text, &d.title, &d.date, &d.source, &d.url, &d.extra_json, &d.origin})
    put_bytes(&raw, *f);
  put_value(&raw, d.time);
  std::string z(ZSTD_compressBound(raw.size()), '\0');
  size_t n = ZSTD_compress(z.data(), z.size(), raw.data(), raw.size(), 3);
  if (ZSTD_isError(n)) throw IndexError(std::string("cannot compress a document: ") + ZSTD_getErrorName(n));
  z.resize(n);
  return z;
}

Document decode_doc(const std::string& z, const std::string& where) {
  unsigned long long n = ZSTD_getFrameContentSize(z.data(), z.size());
  if (n == ZSTD_CONTENTSIZE_ERROR || n == ZSTD_CONTENTSIZE_UNKNOWN) throw IndexError(where + ": damaged document record");
  std::string raw(n, '\0');
  size_t got = ZSTD_decompress(raw.data(), raw.size(), z.data(), z.size());
  if (ZSTD_isError(got) || got != n) throw IndexError(where + ": damaged document record");
  std::string_view in(raw);
  Document d;
  for (std::string* f : {&d.id, &d.text, &d.title, &d.date, &d.source, &d.url, &d.extra_json, &d.origin}) {
    std::string_view b;
    if (!get_bytes(&in, &b)) throw IndexError(where + ": damaged document record");
    f->assign(b);
  }
  if (!get_value(&in, &d.time) || !in.empty()) throw IndexError(where + ": damaged document record");
  return d;
}

// What the index keeps in memory of each document number.
struct DocMeta {
  bool live = false;
  bool member = false;  // an exact duplicate of a group source: no postings
  uint32_t surface_keys = 0;
  float term_mass = 0;
};

float term_mass_of(const Fingerprint& fp) {
  float m = 0;
  for (float w : fp.term_idf) m += w;
  return m;
}

}  // namespace

struct Index::Impl {
  std::string dir;
  bool writable = false;
  int lock_fd = -1;
  IndexOptions opt;
  std::shared_ptr<const CorpusModel> model;
  std::unique_ptr<Db> db;
  struct Seg {
    int64_t segno;
    std::unique_ptr<Segment> seg;
  };
  std::vector<Seg> segs;
  std::vector<DocMeta> meta;  // by docno
  uint64_t live_docs = 0;

  ~Impl() {
    db.reset();
    if (lock_fd >= 0) ::close(lock_fd);
  }

  std::string file(const std::string& name) const { return (fs::path(dir) / name).string(); }
  int threads() const { return resolve_threads(opt.threads); }

  void lock() {
    lock_fd = ::open(file("LOCK").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd < 0) throw IndexError(file("LOCK") + ": cannot open: " + std::strerror(errno));
    if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0)
      throw IndexError(dir + ": another process is writing this index");
  }

  void schema() {
    db->exec(
        "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS docs(docno INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record BLOB NOT NULL,"
        " words_hash INTEGER NOT NULL, skel_len INTEGER NOT NULL, damage INTEGER NOT NULL, surface_keys INTEGER NOT NULL,"
        " term_mass REAL NOT NULL, dup_of INTEGER);"
        "CREATE INDEX IF NOT EXISTS docs_words ON docs(words_hash);"
        "CREATE INDEX IF NOT EXISTS docs_dup ON docs(dup_of);"
        "CREATE TABLE IF NOT EXISTS relations(seq INTEGER PRIMARY KEY, source INTEGER NOT NULL, copy INTEGER NOT NULL,"
        " kind TEXT NOT NULL, score REAL NOT NULL, json TEXT NOT NULL);"
        "CREATE INDEX IF NOT EXISTS relations_source ON relations(source);"
        "CREATE INDEX IF NOT EXISTS relations_copy ON relations(copy);"
        "CREATE TABLE IF NOT EXISTS segments(segno INTEGER PRIMARY KEY, file TEXT NOT NULL, docs INTEGER NOT NULL,"
        " postings INTEGER NOT NULL);");
  }

  void load_state() {
    {
      Stmt q(*db, "SELECT value FROM meta WHERE key='format'");
      if (!q.step()) throw IndexError(dir + ": not a retrace index (no format in index.db)");
      if (q.text(0) != kFormat) throw IndexError(dir + ": index format \"" + q.text(0) + "\", this retrace reads \"" + kFormat + "\"");
    }
    model = load_model(file("model.bin"));
    meta.clear();
    live_docs = 0;
    Stmt q(*db, "SELECT docno, surface_keys, term_mass, dup_of FROM docs");
    while (q.step()) {
      uint64_t d = static_cast<uint64_t>(q.i64(0));
      if (d >= meta.size()) meta.resize(d + 1);
      meta[d] = DocMeta{true, !q.is_null(3), static_cast<uint32_t>(q.i64(1)), static_cast<float>(q.real(2))};
      ++live_docs;
    }
    segs.clear();
    std::unordered_set<std::string> listed;
    Stmt s(*db, "SELECT segno, file FROM segments ORDER BY segno");
    while (s.step()) {
      listed.insert(s.text(1));
      segs.push_back({s.i64(0), Segment::open(file(s.text(1)))});
    }
    if (writable) {
      // A segment written by a batch that was never committed (a killed run) is not listed.
      for (const auto& e : fs::directory_iterator(dir)) {
        std::string name = e.path().filename().string();
        bool seg = name.rfind("seg-", 0) == 0 && !listed.count(name);
        bool tmp = name.find(".retrace-") != std::string::npos;
        if (seg || tmp) fs::remove(e.path());
      }
    }
  }

  // An indexed document, and what the relate stage reads of its fingerprint (words hash,
  // skeleton length, damage), as stored: it is not cleaned or fingerprinted again.
  Document load_doc(uint32_t docno, Fingerprint* fp) const {
    Stmt q(*db, "SELECT record, words_hash, skel_len, damage FROM docs WHERE docno=?");
    q.bind(1, static_cast<int64_t>(docno));
    if (!q.step()) throw IndexError(dir + ": document number " + std::to_string(docno) + " missing");
    fp->words_hash = static_cast<uint64_t>(q.i64(1));
    fp->skel_len = static_cast<uint32_t>(q.i64(2));
    fp->damage = static_cast<uint32_t>(q.i64(3));
    return decode_doc(q.text(0), dir + ": document " + std::to_string(docno));
  }

  // Writes postings as the next segment file, not yet listed in the manifest: its number and name.
  std::pair<int64_t, std::string> write_next_segment(PostingLists lists) {
    int64_t segno = 1;
    {
      Stmt q(*db, "SELECT COALESCE(MAX(segno) + 1, 1) FROM segments");
      q.step();
      segno = q.i64(0);
    }
    char name[32];
    std::snprintf(name, sizeof name, "seg-%06lld.post", static_cast<long long>(segno));
    try {
      write_segment(file(name), std::move(lists));
    } catch (const OutputError& e) {
      throw IndexError(e.what());
    }
    return {segno, name};
  }

  // Runs body in one transaction; if anything fails, rolls it back and removes the segment file
  // `segment` it was to list (a killed run leaves it to load_state() instead).
  template <typename F>
  void transaction(const std::string& segment, F&& body) {
    try {
      db->exec("BEGIN IMMEDIATE");
      body();
      db->exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db->get(), "ROLLBACK", nullptr, nullptr, nullptr);
      std::error_code ec;
      if (!segment.empty()) fs::remove(file(segment), ec);
      throw;
    }
  }

  // The live holders of a key that a vote counts: read from the newest back and no further
  // than tells a common key (df_cap holders with the query's document) from a rare one, so that
  // a key held by a million documents costs as few reads as one held by ten; a common key only
  // chains, to its newest holder. Empty if no live document holds it.
  struct KeyScratch {
    struct Run {
      const Segment* seg;
      Segment::Range r;
      std::vector<IndexPosting> postings;  // the end of the run the lookup read (Segment::find)
    };
    std::vector<Run> runs;
    std::vector<IndexPosting> chunk;
  };
  void key_holders(KeyKind kind, uint64_t key, KeyScratch& sc, std::vector<IndexPosting>* holders) const {
    const CandidateOptions& co = opt.candidates;
    auto live = [&](const IndexPosting& p) { return p.doc < meta.size() && meta[p.doc].live; };
    holders->clear();
    sc.runs.resize(segs.size());
    size_t nruns = 0;
    for (const auto& s : segs) {
      auto& run = sc.runs[nruns];
      run.seg = s.seg.get();
      run.r = s.seg->find(kind, key, &run.postings);
      if (!run.r.empty()) ++nruns;
    }
    std::optional<IndexPosting> newest;
    const size_t common = co.df_cap > 0 ? co.df_cap - 1 : 0;  // holders that make the key common
    for (size_t x = 0; x < nruns; ++x) {
      const auto& run = sc.runs[x];
      const Segment::Range& r = run.r;
      // Backwards (runs are sorted by document number), the segment's newest live holder
      // first: the end of the run that the lookup read, then chunks of df_cap postings.
      bool first = true;
      for (uint64_t end = r.end; end > r.begin && (first || holders->size() <= common);) {
        const bool tail = end == r.end && !run.postings.empty();
        const uint64_t begin = tail ? end - run.postings.size()
                                    : end - std::min<uint64_t>(end - r.begin, std::max<uint32_t>(co.df_cap, 1));
        const std::vector<IndexPosting>* chunk = &run.postings;
        if (!tail) {
          sc.chunk.clear();
          run.seg->read(kind, begin, end, &sc.chunk);
          chunk = &sc.chunk;
        }
        for (size_t k = chunk->size(); k-- > 0;) {
          const IndexPosting& p = (*chunk)[k];
          if (!live(p)) continue;
          if (first) {
            if (!newest || p.doc > newest->doc) newest = p;
            first = false;
          }
          if (holders->size() <= common) holders->push_back(p);
        }
        end = begin;
      }
    }
    if (!newest) holders->clear();
    else if (holders->size() + 1 > co.df_cap) *holders = {*newest};
  }

  // The holders of every key of a batch, looked up once per distinct key (a day's articles
  // share many keys: a syndicated story's, a running story's), in parallel.
  struct BatchHolders {
    std::array<std::vector<uint64_t>, kKeyKinds> keys;   // sorted, distinct
    std::array<std::vector<uint64_t>, kKeyKinds> begin;  // holders of keys[k][i]: [begin[i], begin[i+1])
    std::array<std::vector<IndexPosting>, kKeyKinds> holders;
    const IndexPosting* find(KeyKind kind, uint64_t key, size_t* n) const {
      const size_t k = static_cast<size_t>(kind);
      auto it = std::lower_bound(keys[k].begin(), keys[k].end(), key);
      if (it == keys[k].end() || *it != key) return *n = 0, nullptr;
      const size_t i = static_cast<size_t>(it - keys[k].begin());
      *n = begin[k][i + 1] - begin[k][i];
      return holders[k].data() + begin[k][i];
    }
  };
  template <typename Skip>
  BatchHolders batch_holders(const std::vector<Fingerprint>& fps, size_t b, size_t e, Skip&& skip, int threads) const {
    BatchHolders B;
    for (size_t i = b; i < e; ++i) {
      if (skip(i)) continue;
      const Fingerprint& fp = fps[i];
      B.keys[0].insert(B.keys[0].end(), fp.surface.begin(), fp.surface.end());
      B.keys[1].insert(B.keys[1].end(), fp.terms.begin(), fp.terms.end());
      if (opt.candidates.term_pair_terms >= 2)
        for (auto [key, w] : term_pair_keys(fp, opt.candidates.term_pair_terms)) B.keys[2].push_back(key);
    }
    for (size_t k = 0; k < kKeyKinds; ++k) {
      auto& keys = B.keys[k];
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      std::vector<std::vector<IndexPosting>> found(keys.size());
      std::vector<KeyScratch> scratch(std::max(1, threads));
      parallel_for(keys.size(), threads, [&](size_t i, int w) {
        key_holders(static_cast<KeyKind>(k), keys[i], scratch[w], &found[i]);
      }, 256);
      B.begin[k].assign(1, 0);
      for (auto& f : found) {
        B.holders[k].insert(B.holders[k].end(), f.begin(), f.end());
        B.begin[k].push_back(B.holders[k].size());
      }
    }
    return B;
  }

  // The indexed documents a document's fingerprint proposes, as the batch candidate stage
  // would: per kind of key, the bars of candidates/candidates.h and the top_k strongest. The
  // holders of its keys come from `batch` (batch_holders of a slice holding the document).
  std::vector<uint32_t> probe(const Fingerprint& fp, const BatchHolders& batch) const {
    const CandidateOptions& co = opt.candidates;
    std::vector<uint32_t> out;
    const uint64_t total = live_docs;
    if (total == 0) return out;
    struct Vote {
      uint32_t n = 0;
      float w = 0;
    };
    auto vote = [&](KeyKind kind, const std::vector<std::pair<uint64_t, float>>& keys, auto&& keep, uint32_t top_k) {
      std::unordered_map<uint32_t, Vote> votes;
      for (auto [key, wq] : keys) {
        size_t nh;
        const IndexPosting* holders = batch.find(kind, key, &nh);
        for (size_t h = 0; h < nh; ++h) {
          Vote& v = votes[holders[h].doc];
          ++v.n;
          v.w += std::min(wq, holders[h].w);
        }
      }
      std::vector<std::pair<float, uint32_t>> ranked;
      for (auto& [d, v] : votes) {
        float score;
        if (keep(d, v.n, v.w, &score)) ranked.emplace_back(score, d);
      }
      std::sort(ranked.begin(), ranked.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
      if (ranked.size() > top_k) ranked.resize(top_k);
      for (auto& [s, d] : ranked) out.push_back(d);
    };
    std::vector<std::pair<uint64_t, float>> keys;
    for (uint64_t h : fp.surface) keys.emplace_back(h, 1.0f);
    const size_t q_surface = fp.surface.size();
    vote(KeyKind::kSurface, keys, [&](uint32_t d, uint32_t n, float, float* score) {
      *score = static_cast<float>(n);
      if (n < co.surface_min_shared) return false;
      return n >= co.surface_min_share * std::min<size_t>(q_surface, meta[d].surface_keys) || n >= co.surface_passage_shared;
    }, co.surface_top_k);
    keys.clear();
    for (size_t k = 0; k < fp.terms.size(); ++k) keys.emplace_back(fp.terms[k], fp.term_idf[k]);
    const float q_mass = std::max(1.0f, term_mass_of(fp));
    vote(KeyKind::kTerm, keys, [&](uint32_t d, uint32_t n, float w, float* score) {
      *score = w / std::sqrt(q_mass * std::max(1.0f, meta[d].term_mass));
      return n >= co.terms_min_shared && *score >= co.terms_min_norm;
    }, co.terms_top_k);
    if (co.term_pair_terms >= 2)
      vote(KeyKind::kTermPair, term_pair_keys(fp, co.term_pair_terms), [&](uint32_t, uint32_t n, float w, float* score) {
        *score = w;
        return n >= co.term_pairs_min_shared;
      }, co.term_pairs_top_k);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // The group source of an indexed document with these words, if any.
  std::optional<uint32_t> indexed_duplicate(uint64_t words_hash) const {
    Stmt q(*db, "SELECT docno, dup_of FROM docs WHERE words_hash=? ORDER BY docno LIMIT 1");
    q.bind(1, static_cast<int64_t>(words_hash));
    if (!q.step()) return std::nullopt;
    return static_cast<uint32_t>(q.is_null(1) ? q.i64(0) : q.i64(1));
  }

  // Relates a batch: each document to the indexed ones, and (self_join) to each other.
  struct Related {
    Corpus local;                    // the indexed documents involved, then the batch
    std::vector<uint32_t> docno;     // of local.docs[k] for k < batch_begin (indexed documents)
    size_t batch_begin = 0;          // local id of the first batch document
    std::vector<Relation> relations; // in local ids
    std::vector<int64_t> dup_of;     // per batch document: local id of its group source, or -1
    std::vector<Fingerprint> fps;    // per batch document
    std::vector<char> failed;        // per batch document: left out after an internal error
    uint64_t pairs = 0, failures = 0;
    std::vector<std::string> failure_messages;
  };

  Related relate(Corpus batch, bool self_join) {
    Related R;
    const size_t n = batch.docs.size();
    const int th = threads();
    CleanContext ctx{&model->lex, &model->bp};
    std::mutex mu;
    auto fail = [&](const std::string& m) {
      std::lock_guard<std::mutex> l(mu);
      ++R.failures;
      if (R.failure_messages.size() < 20) R.failure_messages.push_back(m);
    };
    // Fingerprints (the cleaned texts are not kept: the alignment cleans again, in a bounded
    // cache, as detect does).
    std::vector<Fingerprint> fps(n);
    std::vector<char> failed(n, 0);
    parallel_for(n, th, [&](size_t i, int) {
      try {
        CleanDoc c = clean_document(batch.docs[i], ctx);
        fps[i] = fingerprint(batch.docs[i], c, model->lex, FingerprintOptions{});
      } catch (const std::exception& e) {
        failed[i] = 1;
        fail("fingerprint: document " + batch.docs[i].id + ": " + e.what());
      }
    });
    // Candidates against the index, exact duplicates first.
    std::vector<std::optional<uint32_t>> old_dup(n);
    std::vector<std::vector<uint32_t>> old_cands(n);
    const bool all_pairs = live_docs + n <= opt.candidates.all_pairs_below;
    for (size_t i = 0; i < n; ++i)  // one database connection: not from several threads
      if (!failed[i] && fps[i].skel_len > 0) old_dup[i] = indexed_duplicate(fps[i].words_hash);
    if (all_pairs) {
      for (size_t i = 0; i < n; ++i)
        if (!failed[i] && !old_dup[i])
          for (uint32_t d = 0; d < meta.size(); ++d)
            if (meta[d].live && !meta[d].member) old_cands[i].push_back(d);
    } else if (live_docs > 0) {
      // In slices of the batch, so that the holders looked up stay a few MB however large it is.
      constexpr size_t kSlice = 16384;
      for (size_t b = 0; b < n; b += kSlice) {
        const size_t e = std::min(n, b + kSlice);
        const BatchHolders holders = batch_holders(fps, b, e, [&](size_t i) { return failed[i] || old_dup[i]; }, th);
        parallel_for(e - b, th, [&](size_t k, int) {
          if (!failed[b + k] && !old_dup[b + k]) old_cands[b + k] = probe(fps[b + k], holders);
        });
      }
    }
    // Candidates inside the batch.
    std::vector<Candidate> inner;
    std::vector<DocId> src(n);
    for (size_t i = 0; i < n; ++i) src[i] = static_cast<DocId>(i);
    if (self_join) {
      // The batch's own candidate stage, as detect runs it: the documents that take part (not
      // failed, not duplicates of indexed ones) grouped by their words (the summaries suffice),
      // and only each group's source voting.
      std::vector<Fingerprint> words(n);
      std::vector<char> part(n);
      for (size_t i = 0; i < n; ++i)
        if ((part[i] = !failed[i] && !old_dup[i])) {
          words[i].words_hash = fps[i].words_hash;
          words[i].skel_len = fps[i].skel_len;
          words[i].damage = fps[i].damage;
        }
      src = duplicate_sources(words, batch.docs);  // the order detect uses
      CandidateOptions co = opt.candidates;
      co.threads = th;
      CandidateIndex cindex(n, co);
      parallel_for(n, th, [&](size_t i, int w) {
        if (part[i] && src[i] == i) cindex.add(static_cast<DocId>(i), fps[i], w);
      });
      CandidateStats cst;
      inner = cindex.find(&cst);
      auto dups = duplicate_pairs(src);
      inner.insert(inner.end(), dups.begin(), dups.end());
      if (all_pairs)
        for (DocId a = 0; a < n; ++a)
          for (DocId b = a + 1; b < n; ++b)
            if (src[a] == a && src[b] == b && !failed[a] && !failed[b]) inner.push_back({a, b, 0.0f, Candidate::kTerms});
      inner = merge_candidates(std::move(inner));
      for (size_t i = 0; i < n; ++i)
        if (src[i] != i) old_cands[i].clear();  // a batch duplicate relates to its source alone
    }
    // The indexed documents involved. Local ids: the indexed documents first (by document
    // number, the order they were added), then the batch in its order, as one detect run over
    // both would number them (an undated pair without other evidence is ordered by them).
    std::vector<uint32_t> olds;
    for (size_t i = 0; i < n; ++i) {
      if (old_dup[i]) olds.push_back(*old_dup[i]);
      for (uint32_t d : old_cands[i]) olds.push_back(d);
    }
    std::sort(olds.begin(), olds.end());
    olds.erase(std::unique(olds.begin(), olds.end()), olds.end());
    const size_t m = olds.size();
    std::unordered_map<uint32_t, DocId> local_of;
    for (size_t k = 0; k < m; ++k) local_of[olds[k]] = static_cast<DocId>(k);
    auto B = [m](size_t i) { return static_cast<DocId>(m + i); };
    R.local.docs.resize(m + n);
    std::vector<Fingerprint> lfp(m + n);
    for (size_t k = 0; k < m; ++k) R.local.docs[k] = load_doc(olds[k], &lfp[k]);
    for (size_t i = 0; i < n; ++i) {
      R.local.docs[m + i] = std::move(batch.docs[i]);
      lfp[m + i] = fps[i];
    }
    // The pairs, in order of their first document (the caches stay warm).
    std::vector<std::pair<DocId, DocId>> pairs;
    for (size_t i = 0; i < n; ++i) {
      if (old_dup[i]) pairs.emplace_back(local_of[*old_dup[i]], B(i));
      for (uint32_t d : old_cands[i]) pairs.emplace_back(local_of[d], B(i));
    }
    for (const auto& c : inner)
      if (!failed[c.a] && !failed[c.b]) pairs.emplace_back(B(c.a), B(c.b));
    std::sort(pairs.begin(), pairs.end());
    R.pairs = pairs.size();
    std::vector<std::unique_ptr<PreparedCache>> caches;
    for (int w = 0; w < th; ++w) caches.push_back(std::make_unique<PreparedCache>(R.local, ctx, model->lex));
    std::vector<std::vector<Relation>> found(th);
    const Corpus& L = R.local;
    parallel_for(pairs.size(), th, [&](size_t k, int w) {
      auto [a, b] = pairs[k];
      try {
        if (L.docs[a].text == L.docs[b].text && !L.docs[a].text.empty()) {
          found[w].push_back(same_text_relation(DocView{a, &L.docs[a], nullptr, {}, &lfp[a], {}},
                                                DocView{b, &L.docs[b], nullptr, {}, &lfp[b], {}}));
          return;
        }
        auto pa = caches[w]->get(a);
        auto pb = caches[w]->get(b);
        DocView va = caches[w]->view(a, pa, &lfp[a]), vb = caches[w]->view(b, pb, &lfp[b]);
        SentenceAlignment al;
        auto rel = relate_pair(va, vb, opt.relate, &al);
        if (!rel) return;
        complete_relation(&*rel, va, vb, al, opt.audit);
        found[w].push_back(std::move(*rel));
      } catch (const std::exception& e) {
        fail("align: documents " + L.docs[a].id + " and " + L.docs[b].id + ": " + e.what());
      }
    }, 64);
    for (auto& v : found)
      for (auto& r : v) R.relations.push_back(std::move(r));
    std::sort(R.relations.begin(), R.relations.end(), [](const Relation& x, const Relation& y) {
      return x.copy != y.copy ? x.copy < y.copy : x.source < y.source;
    });
    drop_redundant_sources(R.relations, [&](DocId d) { return content_words(*caches[0], d); });
    R.dup_of.assign(n, -1);
    for (size_t i = 0; i < n; ++i) {
      if (old_dup[i]) R.dup_of[i] = local_of[*old_dup[i]];
      else if (src[i] != i) R.dup_of[i] = B(src[i]);
    }
    R.fps = std::move(fps);
    R.failed = failed;
    R.docno = std::move(olds);
    R.batch_begin = m;
    return R;
  }

  BatchResult to_result(const Related& R, size_t n) const {
    BatchResult out;
    out.documents = n;
    out.candidate_pairs = R.pairs;
    out.failures = R.failures;
    out.failure_messages = R.failure_messages;
    for (const auto& r : R.relations) {
      std::string line;
      relation_to_json(R.local, r, line);
      out.relations.push_back(std::move(line));
    }
    return out;
  }
};

Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::~Index() = default;

const CorpusModel& Index::model() const { return *impl_->model; }

std::unique_ptr<Index> Index::create(const std::string& dir, std::shared_ptr<const CorpusModel> model, IndexOptions opt) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw IndexError(dir + ": cannot create the folder: " + ec.message());
  if (fs::exists(fs::path(dir) / "index.db")) throw IndexError(dir + ": already holds an index");
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->writable = true;
  impl->opt = opt;
  impl->lock();
  try {
    save_model(*model, impl->file("model.bin"));
  } catch (const OutputError& e) {
    throw IndexError(e.what());
  }
  impl->db = std::make_unique<Db>(impl->file("index.db"), true);
  impl->schema();
  impl->db->exec("BEGIN IMMEDIATE");
  Stmt m(*impl->db, "INSERT INTO meta(key, value) VALUES(?, ?)");
  m.bind(1, std::string("format")).bind(2, std::string(kFormat)).run();
  impl->db->exec("COMMIT");
  impl->load_state();
  return std::unique_ptr<Index>(new Index(std::move(impl)));
}

std::unique_ptr<Index> Index::open(const std::string& dir, bool write, IndexOptions opt) {
  if (!fs::exists(fs::path(dir) / "index.db")) throw IndexError(dir + ": not a retrace index (no index.db)");
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->writable = write;
  impl->opt = opt;
  if (write) impl->lock();
  impl->db = std::make_unique<Db>(impl->file("index.db"), false);
  try {
    impl->load_state();
  } catch (const InputError& e) {
    throw IndexError(e.what());
  }
  return std::unique_ptr<Index>(new Index(std::move(impl)));
}

BatchResult Index::add(Corpus batch) {
  Impl& I = *impl_;
  if (!I.writable) throw IndexError(I.dir + ": opened for reading only");
  // Ids the index holds already are left out.
  uint64_t known = 0;
  {
    Stmt q(*I.db, "SELECT 1 FROM docs WHERE id=?");
    std::vector<Document> kept;
    for (auto& d : batch.docs) {
      q.bind(1, d.id);
      bool held = q.step();
      q.reset();
      if (held) ++known;
      else kept.push_back(std::move(d));
    }
    batch.docs = std::move(kept);
  }
  const size_t n = batch.docs.size();
  Impl::Related R = I.relate(std::move(batch), true);
  BatchResult out = I.to_result(R, n);
  out.known_ids = known;
  if (n == 0) return out;
  // Document numbers of the batch, after the highest ever given (a removed document's number
  // is never given again: its postings stay in the segments until compact()).
  uint64_t next64 = 0;
  {
    Stmt q(*I.db, "SELECT value FROM meta WHERE key='next_docno'");
    if (q.step()) next64 = std::stoull(q.text(0));
  }
  if (next64 + n > UINT32_MAX) throw IndexError(I.dir + ": full (document numbers are 32-bit: at most 4,294,967,295 documents ever added)");
  const uint32_t next = static_cast<uint32_t>(next64);
  const size_t m = R.batch_begin;
  auto docno_of = [&](DocId local) { return local >= m ? next + static_cast<uint32_t>(local - m) : R.docno[local]; };
  const std::vector<char>& failed = R.failed;
  // Choosing among sources (relate/select.h) over the new relations and the stored ones of the
  // documents they involve, as one detect run over everything would: a new relation may make
  // a stored one redundant, or the other way round.
  std::vector<int64_t> stale;  // stored relations (seq) no longer chosen
  {
    std::set<uint32_t> involved;
    for (const auto& r : R.relations) {
      if (r.source < m) involved.insert(R.docno[r.source]);
      if (r.copy < m) involved.insert(R.docno[r.copy]);
    }
    std::vector<Relation> all;
    std::vector<int64_t> seq;  // per entry of all: stored seq, or -1 - index into R.relations
    for (size_t k = 0; k < R.relations.size(); ++k) {
      Relation x;
      x.kind = R.relations[k].kind;
      x.score = R.relations[k].score;
      x.source = docno_of(R.relations[k].source);
      x.copy = docno_of(R.relations[k].copy);
      x.direction = R.relations[k].direction;
      all.push_back(x);
      seq.push_back(-1 - static_cast<int64_t>(k));
    }
    Stmt q(*I.db,
           "SELECT seq, source, copy, kind, score, json_extract(json, '$.direction') FROM relations"
           " WHERE source=?1 OR copy=?1");
    std::set<int64_t> seen;
    for (uint32_t d : involved) {
      q.bind(1, static_cast<int64_t>(d));
      while (q.step()) {
        if (!seen.insert(q.i64(0)).second) continue;
        Relation x;
        if (!relation_kind_from(q.text(3), &x.kind)) throw IndexError(I.dir + ": damaged relation " + std::to_string(q.i64(0)));
        x.source = static_cast<DocId>(q.i64(1));
        x.copy = static_cast<DocId>(q.i64(2));
        x.score = static_cast<float>(q.real(4));
        if (q.text(5) == "dated") x.direction = Direction::kDated;
        all.push_back(x);
        seq.push_back(q.i64(0));
      }
      q.reset();
    }
    std::vector<size_t> order(all.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      return all[x].copy != all[y].copy ? all[x].copy < all[y].copy : all[x].source < all[y].source;
    });
    std::vector<Relation> sorted;
    for (size_t k : order) sorted.push_back(all[k]);
    // Documents by number: the batch and the indexed ones it touched are at hand, others are
    // read from the store.
    std::unordered_map<uint32_t, DocId> local_of;
    for (DocId l = 0; l < R.local.docs.size(); ++l) local_of[docno_of(l)] = l;
    const CleanContext ctx{&I.model->lex, &I.model->bp};
    drop_redundant_sources(sorted, [&](DocId d) {
      auto it = local_of.find(d);
      if (it != local_of.end()) return content_words(R.local.docs[it->second], ctx, I.model->lex);
      try {
        Fingerprint unused;
        return content_words(I.load_doc(d, &unused), ctx, I.model->lex);
      } catch (const std::exception&) {
        return std::vector<uint64_t>{};  // no words: the test is not made
      }
    });
    std::set<std::pair<DocId, DocId>> kept;
    for (const auto& x : sorted) kept.insert({x.source, x.copy});
    std::vector<Relation> rels;
    std::vector<std::string> lines;
    for (size_t k = 0; k < all.size(); ++k) {
      bool chosen = kept.count({all[k].source, all[k].copy}) > 0;
      if (seq[k] >= 0) {
        if (!chosen) stale.push_back(seq[k]);
      } else if (chosen) {
        size_t j = static_cast<size_t>(-1 - seq[k]);
        rels.push_back(std::move(R.relations[j]));
        lines.push_back(std::move(out.relations[j]));
      }
    }
    R.relations = std::move(rels);
    out.relations = std::move(lines);
  }
  // The batch's postings: one segment.
  PostingLists lists;
  uint64_t postings = 0;
  for (size_t i = 0; i < n; ++i) {
    if (failed[i] || R.dup_of[i] >= 0) continue;
    const Fingerprint& fp = R.fps[i];
    const uint32_t d = next + static_cast<uint32_t>(i);
    for (uint64_t h : fp.surface) lists[0].push_back({h, d, 1.0f});
    for (size_t k = 0; k < fp.terms.size(); ++k) lists[1].push_back({fp.terms[k], d, fp.term_idf[k]});
    for (auto [key, w] : term_pair_keys(fp, I.opt.candidates.term_pair_terms)) lists[2].push_back({key, d, w});
  }
  for (auto& l : lists) postings += l.size();
  const auto written = I.write_next_segment(std::move(lists));
  const int64_t segno = written.first;  // (not a structured binding: lambdas below capture it)
  const std::string& name = written.second;
  // One transaction: documents, relations, the segment in the manifest.
  I.transaction(name, [&] {
    Stmt ins(*I.db,
             "INSERT INTO docs(docno, id, record, words_hash, skel_len, damage, surface_keys, term_mass, dup_of)"
             " VALUES(?,?,?,?,?,?,?,?,?)");
    for (size_t i = 0; i < n; ++i) {
      if (failed[i]) continue;
      const Fingerprint& fp = R.fps[i];
      ins.bind(1, static_cast<int64_t>(next + i)).bind(2, R.local.docs[m + i].id).blob(3, encode_doc(R.local.docs[m + i]));
      ins.bind(4, static_cast<int64_t>(fp.words_hash)).bind(5, static_cast<int64_t>(fp.skel_len));
      ins.bind(6, static_cast<int64_t>(fp.damage)).bind(7, static_cast<int64_t>(fp.surface.size()));
      ins.bind(8, static_cast<double>(term_mass_of(fp)));
      if (R.dup_of[i] >= 0) ins.bind(9, static_cast<int64_t>(docno_of(static_cast<DocId>(R.dup_of[i]))));
      else ins.null(9);
      ins.run();
    }
    Stmt rel(*I.db, "INSERT INTO relations(source, copy, kind, score, json) VALUES(?,?,?,?,?)");
    for (size_t k = 0; k < R.relations.size(); ++k) {
      const Relation& r = R.relations[k];
      rel.bind(1, static_cast<int64_t>(docno_of(r.source))).bind(2, static_cast<int64_t>(docno_of(r.copy)));
      rel.bind(3, std::string(to_string(r.kind))).bind(4, static_cast<double>(r.score)).bind(5, out.relations[k]).run();
    }
    Stmt del(*I.db, "DELETE FROM relations WHERE seq=?");
    for (int64_t q : stale) del.bind(1, q).run();
    Stmt seg(*I.db, "INSERT INTO segments(segno, file, docs, postings) VALUES(?,?,?,?)");
    seg.bind(1, segno).bind(2, std::string(name)).bind(3, static_cast<int64_t>(n)).bind(4, static_cast<int64_t>(postings)).run();
    Stmt nx(*I.db, "INSERT OR REPLACE INTO meta(key, value) VALUES('next_docno', ?)");
    nx.bind(1, std::to_string(next64 + n)).run();
  });
  I.load_state();
  return out;
}

BatchResult Index::query(Corpus docs) {
  const size_t n = docs.docs.size();
  Impl::Related R = impl_->relate(std::move(docs), false);
  return impl_->to_result(R, n);
}

IndexStats Index::stats() const {
  const Impl& I = *impl_;
  IndexStats s;
  s.documents = I.live_docs;
  for (const auto& m : I.meta) s.duplicates += m.live && m.member;
  Stmt q(*I.db, "SELECT kind, COUNT(*) FROM relations GROUP BY kind");
  while (q.step()) {
    s.relations_by_kind[q.text(0)] = static_cast<uint64_t>(q.i64(1));
    s.relations += static_cast<uint64_t>(q.i64(1));
  }
  s.segments = I.segs.size();
  for (const auto& g : I.segs)
    for (size_t k = 0; k < kKeyKinds; ++k) s.postings += g.seg->size(static_cast<KeyKind>(k));
  for (const auto& e : fs::directory_iterator(I.dir))
    if (e.is_regular_file()) s.disk_bytes += e.file_size();
  s.model_documents = I.model->documents;
  s.model_provenance = I.model->provenance;
  return s;
}

void Index::export_relations(std::ostream& out) const {
  Stmt q(*impl_->db, "SELECT json FROM relations ORDER BY seq");
  while (q.step()) out << q.text(0) << '\n';
}

uint64_t Index::remove(const std::vector<std::string>& ids, std::vector<std::string>* missing) {
  Impl& I = *impl_;
  if (!I.writable) throw IndexError(I.dir + ": opened for reading only");
  uint64_t removed = 0;
  I.transaction("", [&] {
    Stmt find(*I.db, "SELECT docno FROM docs WHERE id=?");
    Stmt members(*I.db, "SELECT docno FROM docs WHERE dup_of=?");
    Stmt del_doc(*I.db, "DELETE FROM docs WHERE docno=?");
    Stmt del_rel(*I.db, "DELETE FROM relations WHERE source=? OR copy=?");
    for (const auto& id : ids) {
      find.bind(1, id);
      if (!find.step()) {
        find.reset();
        if (missing) missing->push_back(id);
        continue;
      }
      int64_t d = find.i64(0);
      find.reset();
      std::vector<int64_t> gone{d};
      members.bind(1, d);
      while (members.step()) gone.push_back(members.i64(0));
      members.reset();
      for (int64_t g : gone) {
        del_doc.bind(1, g).run();
        del_rel.bind(1, g).bind(2, g).run();
        ++removed;
      }
    }
  });
  I.load_state();
  return removed;
}

void Index::compact() {
  Impl& I = *impl_;
  if (!I.writable) throw IndexError(I.dir + ": opened for reading only");
  if (I.segs.empty()) return;
  PostingLists lists;
  uint64_t postings = 0;
  for (const auto& g : I.segs)
    for (size_t k = 0; k < kKeyKinds; ++k)
      g.seg->for_each(static_cast<KeyKind>(k), [&](std::span<const IndexPosting> chunk) {
        for (const auto& p : chunk)
          if (p.doc < I.meta.size() && I.meta[p.doc].live) lists[k].push_back(p);
      });
  for (auto& l : lists) postings += l.size();
  std::vector<std::string> old;
  {
    Stmt q(*I.db, "SELECT file FROM segments");
    while (q.step()) old.push_back(q.text(0));
  }
  const auto written = I.write_next_segment(std::move(lists));
  const int64_t segno = written.first;  // (not a structured binding: lambdas below capture it)
  const std::string& name = written.second;
  I.transaction(name, [&] {
    I.db->exec("DELETE FROM segments");
    Stmt seg(*I.db, "INSERT INTO segments(segno, file, docs, postings) VALUES(?,?,?,?)");
    seg.bind(1, segno).bind(2, name).bind(3, static_cast<int64_t>(I.live_docs)).bind(4, static_cast<int64_t>(postings)).run();
  });
  I.segs.clear();  // unmap before removing
  for (const auto& f : old) {
    std::error_code ec;
    fs::remove(I.file(f), ec);
  }
  I.db->exec("VACUUM");
  I.load_state();
}

bool Index::document(const std::string& id, Document* out) const {
  Stmt q(*impl_->db, "SELECT record FROM docs WHERE id=?");
  q.bind(1, id);
  if (!q.step()) return false;
  *out = decode_doc(q.text(0), impl_->dir + ": document " + id);
  return true;
}

std::vector<std::string> Index::relations_of(const std::string& id) const {
  std::vector<std::string> out;
  Stmt q(*impl_->db,
         "SELECT json FROM relations WHERE source=(SELECT docno FROM docs WHERE id=?1)"
         " OR copy=(SELECT docno FROM docs WHERE id=?1) ORDER BY seq");
  q.bind(1, id);
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::vector<std::pair<int64_t, std::string>> Index::find_relations(const RelationQuery& f) const {
  std::vector<std::pair<int64_t, std::string>> out;
  Stmt q(*impl_->db,
         "SELECT seq, json FROM relations WHERE seq > ?1"
         " AND (?2 = '' OR kind = ?2)"
         " AND (?3 = '' OR json_extract(json, '$.source_outlet') = ?3 OR json_extract(json, '$.copy_outlet') = ?3)"
         " AND score >= ?4"
         " AND (?5 = '' OR EXISTS (SELECT 1 FROM json_each(json, '$.changes') WHERE json_extract(value, '$.kind') = ?5))"
         " AND (?6 = '' OR substr(COALESCE(json_extract(json, '$.copy_date'), json_extract(json, '$.source_date'), ''), 1, 10) >= ?6)"
         " AND (?7 = '' OR substr(COALESCE(json_extract(json, '$.copy_date'), json_extract(json, '$.source_date'), ''), 1, 10) <= ?7)"
         " ORDER BY seq LIMIT ?8");
  q.bind(1, f.after).bind(2, f.kind).bind(3, f.outlet).bind(4, f.min_score).bind(5, f.change);
  q.bind(6, f.date_from.substr(0, 10)).bind(7, f.date_to.substr(0, 10)).bind(8, static_cast<int64_t>(f.limit));
  while (q.step()) out.emplace_back(q.i64(0), q.text(1));
  return out;
}

std::vector<std::pair<uint64_t, Document>> Index::documents_from(uint64_t from, size_t limit) const {
  std::vector<std::pair<uint64_t, Document>> out;
  Stmt q(*impl_->db, "SELECT docno, record FROM docs WHERE docno >= ? ORDER BY docno LIMIT ?");
  q.bind(1, static_cast<int64_t>(from)).bind(2, static_cast<int64_t>(limit));
  while (q.step()) {
    uint64_t d = static_cast<uint64_t>(q.i64(0));
    out.emplace_back(d, decode_doc(q.text(1), impl_->dir + ": document " + std::to_string(d)));
  }
  return out;
}

void Index::refresh() {
  Impl& I = *impl_;
  std::vector<DocMeta> meta;
  uint64_t live = 0;
  std::vector<Impl::Seg> segs;
  I.db->exec("BEGIN");  // one snapshot: the documents and the segments of the same batches
  try {
    Stmt q(*I.db, "SELECT docno, surface_keys, term_mass, dup_of FROM docs");
    while (q.step()) {
      uint64_t d = static_cast<uint64_t>(q.i64(0));
      if (d >= meta.size()) meta.resize(d + 1);
      meta[d] = DocMeta{true, !q.is_null(3), static_cast<uint32_t>(q.i64(1)), static_cast<float>(q.real(2))};
      ++live;
    }
    Stmt s(*I.db, "SELECT segno, file FROM segments ORDER BY segno");
    while (s.step()) segs.push_back({s.i64(0), Segment::open(I.file(s.text(1)))});
  } catch (...) {
    sqlite3_exec(I.db->get(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  I.db->exec("COMMIT");
  I.meta = std::move(meta);
  I.live_docs = live;
  I.segs = std::move(segs);
}

}  // namespace retrace
