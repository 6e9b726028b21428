// The public API (include/retrace/retrace.h) over the pipeline and the index: conversions of
// articles in and relations out, and errors turned into Status values.
#include "retrace/retrace.h"

#include <simdjson.h>

#include <new>
#include <set>
#include <unordered_set>
#include <exception>
#include <sstream>

#include "core/parallel.h"
#include "core/utf8.h"
#include "index/index.h"
#include "index/model.h"
#include "pipeline/detect.h"
#include "read/reader.h"
#include "write/jsonl_writer.h"
#include "write/output_file.h"
#include "write/text_spill.h"

#ifndef RETRACE_VERSION
#define RETRACE_VERSION "0"
#endif

namespace retrace::api {

struct Model::Impl {
  std::shared_ptr<const CorpusModel> model;
};

struct Index::Impl {
  std::unique_ptr<retrace::Index> index;
};

namespace {

// Runs body, turning what it throws into a Status.
template <typename F>
Status guarded(F&& body) {
  try {
    body();
    return Status::Ok();
  } catch (const retrace::IndexError& e) {
    std::string m = e.what();
    return Status(m.find("another process is writing") != std::string::npos ? Status::Code::kBusy
                                                                             : Status::Code::kInvalidInput,
                  m);
  } catch (const retrace::InputError& e) {
    return Status(Status::Code::kInvalidInput, e.what());
  } catch (const retrace::OutputError& e) {
    return Status(Status::Code::kIOError, e.what());
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    return Status(Status::Code::kInternal, e.what());
  }
}

// Thrown past guarded() when an ArticleSource threw: what it threw is rethrown to the caller.
struct SourceThrew {};

// Pulls every article of `next` through `on_doc`, rethrowing (as SourceThrew, with the exception
// kept in *thrown) what next throws.
template <typename F>
void pull(const ArticleSource& next, std::exception_ptr* thrown, F&& on_doc) {
  for (;;) {
    Article a;
    bool more;
    try {
      more = next(a);
    } catch (...) {
      *thrown = std::current_exception();
      throw SourceThrew{};
    }
    if (!more) return;
    on_doc(std::move(a));
  }
}

// The articles as documents: a record without id or text, with invalid UTF-8, too long, or
// with an id seen before is left out and reported.
class CorpusBuilder {
 public:
  // With `spill`, the texts go to a temporary file as they come (write/text_spill.h).
  CorpusBuilder(const Options& opt, Sink* sink, bool spill = false) : opt_(opt), sink_(sink) {
    if (spill) spill_ = std::make_shared<retrace::TextSpill>(opt.temp_dir);
  }
  void add(Article&& a) {
    auto skip = [&](const char* reason, const std::string& detail) {
      if (sink_) sink_->problem(a.id.empty() ? "(no id)" : a.id, reason, detail);
    };
    if (a.id.empty()) return skip("missing id", "an article needs an id");
    if (a.text.find_first_not_of(" \t\r\n") == std::string::npos) return skip("empty text", "");
    if (a.text.size() > std::min<uint64_t>(opt_.max_text_bytes, UINT32_MAX))
      return skip("text too large", std::to_string(a.text.size()) + " bytes");
    size_t bad = 0;
    if (!retrace::utf8_valid(a.text, &bad)) return skip("invalid UTF-8", "at byte " + std::to_string(bad));
    if (!ids_.insert(a.id).second) return skip("duplicate id", "the first article with it is kept");
    retrace::Document d;
    d.id = a.id;
    d.text = std::move(a.text);
    d.title = std::move(a.title);
    d.source = std::move(a.source);
    d.url = std::move(a.url);
    d.extra_json = "{}";
    d.origin = "article " + a.id;
    if (!a.date.empty()) {
      d.date = std::move(a.date);
      if (!retrace::parse_date(d.date, &d.time) && sink_) sink_->problem(a.id, "unreadable date", d.date + " (ignored)");
    }
    if (spill_) spill_->put(&d);
    corpus_.docs.push_back(std::move(d));
  }
  retrace::Corpus take() {
    if (spill_) {
      spill_->finish();
      corpus_.store = std::move(spill_);
    }
    return std::move(corpus_);
  }

 private:
  const Options& opt_;
  Sink* sink_;
  std::unordered_set<std::string> ids_;
  retrace::Corpus corpus_;
  std::shared_ptr<retrace::TextSpill> spill_;
};

retrace::Corpus to_corpus(const std::vector<Article>& in, const Options& opt, Sink* sink) {
  CorpusBuilder b(opt, sink);
  for (const Article& a : in) b.add(Article(a));
  return b.take();
}

// With `spill`, the texts wait in a temporary file (detect and train read them back; an index
// batch is held in memory).
retrace::Corpus to_corpus(const ArticleSource& next, const Options& opt, Sink* sink, std::exception_ptr* thrown,
                          bool spill) {
  CorpusBuilder b(opt, sink, spill);
  pull(next, thrown, [&](Article&& a) { b.add(std::move(a)); });
  return b.take();
}

// Runs call(); if an ArticleSource threw inside it, rethrows what it threw.
template <typename F>
auto passing_source_errors(std::exception_ptr& thrown, F&& call) {
  try {
    return call();
  } catch (const SourceThrew&) {
    std::rethrow_exception(thrown);
  }
}

Span span_of(simdjson::ondemand::array arr) {
  Span s;
  size_t k = 0;
  for (auto v : arr) {
    uint64_t x = v.get_uint64();
    (k++ == 0 ? s.begin : s.end) = x;
  }
  return s;
}

// A relation from its JSON object (the writer's output: the one definition of the schema).
Relation parse_relation(const std::string& json) {
  Relation r;
  r.json = json;
  simdjson::ondemand::parser parser;
  simdjson::padded_string padded(json);
  auto doc = parser.iterate(padded);
  for (auto field : doc.get_object()) {
    std::string_view key = field.unescaped_key();
    auto v = field.value();
    if (key == "source") r.source = std::string(std::string_view(v.get_string()));
    else if (key == "copy") r.copy = std::string(std::string_view(v.get_string()));
    else if (key == "relation") r.kind = std::string(std::string_view(v.get_string()));
    else if (key == "direction") r.direction = std::string(std::string_view(v.get_string()));
    else if (key == "form") r.form = std::string(std::string_view(v.get_string()));
    else if (key == "score") r.score = v.get_double();
    else if (key == "coverage") {
      for (auto c : v.get_object()) {
        std::string_view k = c.unescaped_key();
        if (k == "source") r.coverage_source = c.value().get_double();
        else if (k == "copy") r.coverage_copy = c.value().get_double();
      }
    } else if (key == "passages") {
      for (auto p : v.get_array()) {
        Passage ps;
        for (auto f : p.get_object()) {
          std::string_view k = f.unescaped_key();
          if (k == "source") ps.source = span_of(f.value().get_array());
          else if (k == "copy") ps.copy = span_of(f.value().get_array());
          else if (k == "kind") ps.kind = std::string(std::string_view(f.value().get_string()));
          else if (k == "similarity") ps.similarity = f.value().get_double();
        }
        r.passages.push_back(std::move(ps));
      }
    } else if (key == "changes") {
      for (auto c : v.get_array()) {
        Change ch;
        for (auto f : c.get_object()) {
          std::string_view k = f.unescaped_key();
          if (k == "kind") ch.kind = std::string(std::string_view(f.value().get_string()));
          else if (k == "copy") ch.copy = span_of(f.value().get_array());
          else if (k == "source") ch.source = span_of(f.value().get_array());
          else if (k == "copy_text") ch.copy_text = std::string(std::string_view(f.value().get_string()));
          else if (k == "source_text") ch.source_text = std::string(std::string_view(f.value().get_string()));
          else if (k == "detail") ch.detail = std::string(std::string_view(f.value().get_string()));
        }
        r.changes.push_back(std::move(ch));
      }
    }
  }
  return r;
}

std::vector<Relation> parse_all(const std::vector<std::string>& lines) {
  std::vector<Relation> out;
  out.reserve(lines.size());
  for (const auto& l : lines) out.push_back(parse_relation(l));
  return out;
}

retrace::IndexOptions index_options(const Options& o) {
  retrace::IndexOptions io;
  io.threads = o.threads;
  io.relate.same_story = o.same_story;
  return io;
}

}  // namespace

namespace {

Result<Model> train_on(const std::function<retrace::Corpus()>& make, const Options& options) {
  Model m;
  Status st = guarded([&] {
    retrace::Corpus c = make();
    if (c.docs.empty()) throw retrace::InputError("no usable article to train on");
    auto cm = retrace::train_model(c, retrace::resolve_threads(options.threads));
    cm->provenance = "trained on " + std::to_string(c.docs.size()) + " articles (API)";
    auto impl = std::make_shared<Model::Impl>();
    impl->model = std::move(cm);
    m.impl = std::move(impl);
  });
  if (!st.ok()) return st;
  return m;
}

Result<std::vector<Relation>> detect_in(const std::function<retrace::Corpus()>& make, const Options& options,
                                        const Model* model, Sink* sink) {
  std::vector<Relation> out;
  Status st = guarded([&] {
    retrace::DetectOptions o;
    o.threads = options.threads;
    o.progress = options.progress;
    o.relate.same_story = options.same_story;
    o.temp_dir = options.temp_dir;
    if (model && model->impl) o.model = model->impl->model;
    retrace::DetectResult r = retrace::detect_corpus(make(), o);
    out.reserve(r.relations.size());
    std::string line;
    for (const auto& rel : r.relations) {
      line.clear();
      retrace::relation_to_json(r.corpus, rel, line);
      out.push_back(parse_relation(line));
    }
    if (sink)
      for (const auto& m : r.stats.failure_messages) sink->problem("", "internal error", m);
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace

Result<Model> Model::train(const std::vector<Article>& corpus, const Options& options) {
  return train_on([&] { return to_corpus(corpus, options, nullptr); }, options);
}

Result<Model> Model::train(const ArticleSource& corpus, const Options& options) {
  std::exception_ptr thrown;
  return passing_source_errors(thrown, [&] {
    return train_on([&] { return to_corpus(corpus, options, nullptr, &thrown, true); }, options);
  });
}

Result<Model> Model::load(const std::string& path) {
  Model m;
  Status st = guarded([&] {
    auto impl = std::make_shared<Impl>();
    impl->model = retrace::load_model(path);
    m.impl = std::move(impl);
  });
  if (!st.ok()) return st;
  return m;
}

Status Model::save(const std::string& path) const {
  if (!impl) return Status(Status::Code::kInvalidInput, "an empty model");
  return guarded([&] { retrace::save_model(*impl->model, path); });
}

uint64_t Model::documents() const { return impl ? impl->model->documents : 0; }

Result<std::vector<Relation>> detect(const std::vector<Article>& corpus, const Options& options, const Model* model,
                                     Sink* sink) {
  return detect_in([&] { return to_corpus(corpus, options, sink); }, options, model, sink);
}

Result<std::vector<Relation>> detect(const ArticleSource& next, const Options& options, const Model* model,
                                     Sink* sink) {
  std::exception_ptr thrown;
  return passing_source_errors(thrown, [&] {
    return detect_in([&] { return to_corpus(next, options, sink, &thrown, true); }, options, model, sink);
  });
}

Result<Index> Index::create(const std::string& dir, const Model& model, const Options& options) {
  if (!model.impl) return Status(Status::Code::kInvalidInput, "an empty model");
  Index ix;
  Status st = guarded([&] {
    auto impl = std::make_shared<Impl>();
    impl->index = retrace::Index::create(dir, model.impl->model, index_options(options));
    ix.impl = std::move(impl);
  });
  if (!st.ok()) return st;
  return ix;
}

Result<Index> Index::open(const std::string& dir, bool writable, const Options& options) {
  Index ix;
  Status st = guarded([&] {
    auto impl = std::make_shared<Impl>();
    impl->index = retrace::Index::open(dir, writable, index_options(options));
    ix.impl = std::move(impl);
  });
  if (!st.ok()) return st;
  return ix;
}

namespace {

Result<std::vector<Relation>> add_to(retrace::Index& index, const std::function<retrace::Corpus()>& make, Sink* sink) {
  std::vector<Relation> out;
  Status st = guarded([&] {
    retrace::BatchResult r = index.add(make());
    if (sink && r.known_ids) sink->problem("", "known id", std::to_string(r.known_ids) + " articles already indexed, left out");
    if (sink)
      for (const auto& m : r.failure_messages) sink->problem("", "internal error", m);
    out = parse_all(r.relations);
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace

Result<std::vector<Relation>> Index::add(const std::vector<Article>& articles, Sink* sink) {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  return add_to(*impl->index, [&] { return to_corpus(articles, Options{}, sink); }, sink);
}

Result<std::vector<Relation>> Index::add(const ArticleSource& next, Sink* sink) {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  std::exception_ptr thrown;
  return passing_source_errors(thrown, [&] {
    return add_to(*impl->index, [&] { return to_corpus(next, Options{}, sink, &thrown, false); }, sink);
  });
}

Result<std::vector<Relation>> Index::query(const std::vector<Article>& articles) {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  std::vector<Relation> out;
  Status st = guarded([&] { out = parse_all(impl->index->query(to_corpus(articles, Options{}, nullptr)).relations); });
  if (!st.ok()) return st;
  return out;
}

Result<IndexStats> Index::stats() const {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  IndexStats s;
  Status st = guarded([&] {
    retrace::IndexStats x = impl->index->stats();
    s.documents = x.documents;
    s.duplicates = x.duplicates;
    s.relations = x.relations;
    s.segments = x.segments;
    s.postings = x.postings;
    s.disk_bytes = x.disk_bytes;
    s.relations_by_kind = x.relations_by_kind;
    s.model_documents = x.model_documents;
  });
  if (!st.ok()) return st;
  return s;
}

Result<std::vector<Relation>> Index::relations() const {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  std::vector<Relation> out;
  Status st = guarded([&] {
    std::ostringstream s;
    impl->index->export_relations(s);
    std::istringstream in(s.str());
    for (std::string line; std::getline(in, line);) out.push_back(parse_relation(line));
  });
  if (!st.ok()) return st;
  return out;
}

Result<uint64_t> Index::remove(const std::vector<std::string>& ids) {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  uint64_t n = 0;
  Status st = guarded([&] { n = impl->index->remove(ids, nullptr); });
  if (!st.ok()) return st;
  return n;
}

Status Index::compact() {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  return guarded([&] { impl->index->compact(); });
}

namespace {

Article to_article(const retrace::Document& d) {
  Article a;
  a.id = d.id;
  a.text = d.text;
  a.date = d.date;
  a.source = d.source;
  a.title = d.title;
  a.url = d.url;
  return a;
}

}  // namespace

Result<std::optional<Article>> Index::document(const std::string& id) const {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  std::optional<Article> out;
  Status st = guarded([&] {
    retrace::Document d;
    if (impl->index->document(id, &d)) out = to_article(d);
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<Relation>> Index::relations_of(const std::string& id) const {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  std::vector<Relation> out;
  Status st = guarded([&] { out = parse_all(impl->index->relations_of(id)); });
  if (!st.ok()) return st;
  return out;
}

Result<RelationPage> Index::relations(const RelationFilter& f) const {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  if (f.limit == 0) return Status(Status::Code::kInvalidInput, "a page of 0 relations");
  RelationPage page;
  Status st = guarded([&] {
    retrace::RelationQuery q;
    q.outlet = f.outlet;
    q.kind = f.kind;
    q.change = f.change;
    q.date_from = f.date_from;
    q.date_to = f.date_to;
    q.min_score = f.min_score;
    q.after = static_cast<int64_t>(f.cursor);
    q.limit = f.limit + 1;  // one more: is there a page after?
    auto rows = impl->index->find_relations(q);
    bool more = rows.size() > f.limit;
    if (more) rows.resize(f.limit);
    for (const auto& r : rows) page.relations.push_back(parse_relation(r.second));
    page.more = more;
    page.next = rows.empty() ? f.cursor : static_cast<uint64_t>(rows.back().first);
  });
  if (!st.ok()) return st;
  return page;
}

Result<ArticlePage> Index::articles(uint64_t cursor, size_t limit) const {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  if (limit == 0) return Status(Status::Code::kInvalidInput, "a page of 0 articles");
  ArticlePage page;
  Status st = guarded([&] {
    auto rows = impl->index->documents_from(cursor, limit + 1);
    bool more = rows.size() > limit;
    if (more) rows.resize(limit);
    for (const auto& r : rows) page.articles.push_back(to_article(r.second));
    page.more = more;
    page.next = rows.empty() ? cursor : rows.back().first + 1;
  });
  if (!st.ok()) return st;
  return page;
}

Status Index::refresh() {
  if (!impl) return Status(Status::Code::kInvalidInput, "no index");
  return guarded([&] { impl->index->refresh(); });
}

const char* version() { return RETRACE_VERSION; }

}  // namespace retrace::api
