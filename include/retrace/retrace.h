// retrace/retrace.h — the public API of retrace: find which articles are copies or rewrites of
// which, one corpus at a time (detect) or against a persistent index (Index).
//
// Standard types only; nothing here exposes retrace's internals. Errors are values: every call
// that can fail returns a Status or a Result<T>, never throws (out of memory aside). Thread
// safety: distinct objects may be used from distinct threads; one Index or Model may be used by
// one thread at a time (each call uses `Options::threads` workers inside).
//
//   #include <retrace/retrace.h>
//   auto model = retrace::api::Model::train(archive);            // frozen corpus statistics
//   auto index = retrace::api::Index::create("idx", *model);      // or Index::open("idx")
//   index->add(archive);
//   auto found = index->query({{"q1", text}});                    // where does it come from?
//   for (const auto& r : *found) std::cout << r.source << " -> " << r.copy << " " << r.kind;
//
// Link with the CMake package (find_package(retrace) then target_link_libraries(... retrace::retrace))
// or pkg-config (pkg-config --cflags --libs retrace).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#define RETRACE_API __attribute__((visibility("default")))

namespace retrace::api {

// What went wrong, if anything.
class RETRACE_API Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidInput,  // a file, record or argument that cannot be used (the message names it)
    kIOError,       // reading or writing failed (disk full, permissions)
    kBusy,          // an index another process is writing
    kInternal,      // an error in retrace itself
  };
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }
  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}
  Result(Status status) : status_(std::move(status)) {}
  bool ok() const { return status_.ok() && value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

// An article, keyed by the caller's id (unique within a corpus or an index).
struct Article {
  std::string id;
  std::string text;    // UTF-8
  std::string date;    // optional: ISO 8601 ("2025-09-03", "2025-09-03T10:00:00Z"), RFC 2822 or epoch seconds
  std::string source;  // optional: the outlet
  std::string title;   // optional
  std::string url;     // optional
};

// Offsets are Unicode code points into the article's text, half-open [begin, end).
struct Span {
  uint64_t begin = 0, end = 0;
};

struct Passage {
  Span source, copy;
  std::string kind;  // "verbatim", "noisy" (through extraction damage), "paraphrase"
  double similarity = 1;
};

struct Change {
  std::string kind;  // "altered_quote", "changed_number", "changed_claim", "added", "dropped", ...
  Span copy, source;  // empty for an added (source) or dropped (copy) change
  std::string copy_text, source_text, detail;
};

// One relation between two articles, as `retrace detect` writes it (docs/format.md).
struct Relation {
  std::string source, copy;  // article ids
  std::string kind;          // "duplicate", "reprint", "excerpt", "rewrite", "same_story"
  std::string direction;     // "dated", "inferred", "unknown"
  std::string form;          // for a rewrite: "whole", "summary" or "embedded"; else empty
  double score = 0;
  double coverage_source = 0, coverage_copy = 0;
  std::vector<Passage> passages;
  std::vector<Change> changes;
  std::string json;  // the relation as one JSON object (docs/format.md)
};

struct Options {
  // Worker threads. Default: 0 (all cores).
  int threads = 0;
  // Also report same_story relations (the same event, not derived). Default: false.
  bool same_story = false;
  // Longer texts are left out (counted in Sink::problem). Default: 10 MiB.
  uint64_t max_text_bytes = 10u << 20;
  // Draw the CLI's progress line (stage, items done, rate, ETA) on standard error while
  // detect() runs; nothing is drawn when standard error is not a terminal. Default: false.
  bool progress = false;
  // Where detect() and Model::train() over an ArticleSource keep the texts while they run (a
  // temporary file, removed however the call ends), so that memory does not grow with them.
  // Default: "" ($TMPDIR, else /tmp).
  std::string temp_dir;
};

// Articles pulled one at a time, so that they need not all sit in a std::vector first: each call
// fills the article it is given and returns true, or returns false at the end. It is called on
// the calling thread, in order, before any other work of the call. What it throws leaves the
// call (nothing is detected, trained or added) and reaches the caller unchanged.
using ArticleSource = std::function<bool(Article&)>;

// Where the library reports what it does not return: problems with single records (left out,
// the run goes on) and progress. The library writes nothing to the terminal itself
// (but the progress line of Options::progress).
class RETRACE_API Sink {
 public:
  virtual ~Sink() = default;
  // A record left out: where ("FILE:LINE" or the article id), a short reason, details.
  virtual void problem(const std::string& where, const std::string& reason, const std::string& detail) {}
};

// Frozen corpus statistics (word frequencies, stem document frequencies, outlets' standing
// lines) that cleaning and fingerprints read. Train once, save, load; an index keeps its own.
class RETRACE_API Model {
 public:
  static Result<Model> train(const std::vector<Article>& corpus, const Options& options = {});
  static Result<Model> train(const ArticleSource& corpus, const Options& options = {});
  static Result<Model> load(const std::string& path);
  Status save(const std::string& path) const;
  uint64_t documents() const;  // distinct texts trained on

  struct Impl;
  std::shared_ptr<const Impl> impl;
};

// The relations among the articles of one corpus (retrace detect). With a model, cleaning and
// fingerprints use its statistics instead of the corpus' own.
RETRACE_API Result<std::vector<Relation>> detect(const std::vector<Article>& corpus, const Options& options = {},
                                                 const Model* model = nullptr, Sink* sink = nullptr);
// The same, with the articles pulled from `next` (see ArticleSource): each moves into the
// corpus as it comes, with no second copy of the texts.
RETRACE_API Result<std::vector<Relation>> detect(const ArticleSource& next, const Options& options = {},
                                                 const Model* model = nullptr, Sink* sink = nullptr);

struct IndexStats {
  uint64_t documents = 0, duplicates = 0, relations = 0, segments = 0, postings = 0, disk_bytes = 0;
  std::map<std::string, uint64_t> relations_by_kind;
  uint64_t model_documents = 0;
};

// Which stored relations Index::relations(filter) returns; empty fields and 0 match any.
struct RelationFilter {
  std::string outlet;     // the source's or the copy's outlet
  std::string kind;       // "duplicate", "reprint", "excerpt", "rewrite", "same_story"
  std::string change;     // a kind of change the relation has ("changed_number", ...)
  std::string date_from;  // the copy's date (else the source's) from this day ("2025-09-03"), inclusive
  std::string date_to;    // ... to this day, inclusive
  double min_score = 0;
  uint64_t cursor = 0;    // 0, or RelationPage::next of the page before
  size_t limit = 100;
};

// One page of filtered relations: `next` is the cursor after its last relation (what to pass
// to go on, also later, when more have been added); `more`: there were more at the time.
struct RelationPage {
  std::vector<Relation> relations;
  uint64_t next = 0;
  bool more = false;
};

// One page of held articles in the order they were added; `next` and `more` as in RelationPage.
struct ArticlePage {
  std::vector<Article> articles;
  uint64_t next = 0;
  bool more = false;
};

// A persistent index in a folder (docs/index.md): one writer, any number of readers.
class RETRACE_API Index {
 public:
  static Result<Index> create(const std::string& dir, const Model& model, const Options& options = {});
  static Result<Index> open(const std::string& dir, bool writable, const Options& options = {});
  // Adds articles (ids new to the index; known ids are left out and reported to the sink) and
  // returns their new relations, to indexed articles and to each other.
  Result<std::vector<Relation>> add(const std::vector<Article>& articles, Sink* sink = nullptr);
  Result<std::vector<Relation>> add(const ArticleSource& next, Sink* sink = nullptr);  // pulled (ArticleSource)
  // The relations of each article to the indexed ones; adds nothing.
  Result<std::vector<Relation>> query(const std::vector<Article>& articles);
  Result<IndexStats> stats() const;
  // Every stored relation.
  Result<std::vector<Relation>> relations() const;
  // Removes articles by id (with their relations); returns how many were removed.
  Result<uint64_t> remove(const std::vector<std::string>& ids);
  Status compact();

  // A held article by id; an empty optional if the index holds none.
  Result<std::optional<Article>> document(const std::string& id) const;
  // The stored relations of one article (as source or copy), in the order they were stored.
  Result<std::vector<Relation>> relations_of(const std::string& id) const;
  // The stored relations matching a filter, a page at a time, in the order they were stored.
  Result<RelationPage> relations(const RelationFilter& filter) const;
  // The held articles, a page at a time (cursor 0 first), in the order they were added.
  Result<ArticlePage> articles(uint64_t cursor, size_t limit) const;
  // An index opened for reading sees the batches committed since it was opened (or last
  // refreshed) only after this call.
  Status refresh();

  struct Impl;
  std::shared_ptr<Impl> impl;
};

// The library's version, "MAJOR.MINOR.PATCH".
RETRACE_API const char* version();

}  // namespace retrace::api
