#include "pipeline/detect.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <list>
#include <memory>
#include <mutex>
#include <optional>

#include "align/sentences.h"
#include "align/surface.h"
#include "clean/clean.h"
#include "clean/furniture.h"
#include "clean/lexicon.h"
#include "core/parallel.h"
#include "core/utf8.h"
#include "pipeline/prepared.h"
#include "pipeline/progress.h"
#include "index/model.h"
#include "relate/select.h"
#include "write/output_file.h"
#include "write/text_spill.h"

namespace retrace {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Failures of single documents or pairs, from any worker: counted, the first few kept.
class FailureLog {
 public:
  // Runs body; if it throws, records "stage: who(): what" and returns false.
  template <typename Who, typename Body>
  bool guard(const char* stage, Who&& who, Body&& body) {
    try {
      body();
      return true;
    } catch (const std::exception& e) {
      add(stage, who(), e.what());
    } catch (...) {
      add(stage, who(), "unknown error");
    }
    return false;
  }
  void into(DetectStats& st) {
    st.failures += count_;
    for (auto& m : messages_) st.failure_messages.push_back(std::move(m));
  }

 private:
  void add(const char* stage, const std::string& who, const std::string& what) {
    std::lock_guard<std::mutex> l(mu_);
    ++count_;
    if (messages_.size() < kKept) messages_.push_back(std::string(stage) + ": " + who + ": " + what);
  }
  static constexpr size_t kKept = 20;
  std::mutex mu_;
  uint64_t count_ = 0;
  std::vector<std::string> messages_;
};

std::string describe(const Document& d) {
  return "document " + d.id + (d.origin.empty() || d.origin == d.id ? "" : " (" + d.origin + ")");
}

}  // namespace

DetectResult detect(const std::vector<std::string>& inputs, const DetectOptions& opt) {
  check_inputs(inputs);
  auto t0 = Clock::now();
  Progress progress(opt.progress);
  progress.stage("read", 0);
  ReadReport report;
  Corpus corpus;
  std::shared_ptr<TextSpill> spill;
  if (opt.texts_on_disk) spill = std::make_shared<TextSpill>(opt.temp_dir);
  read_inputs(inputs, opt.read, [&](Document&& d) {
    if (spill) spill->put(&d);
    corpus.docs.push_back(std::move(d));
    progress.add();
  }, &report);
  if (spill) {
    spill->finish();
    corpus.store = std::move(spill);
  }
  progress.done();
  double read_secs = since(t0);
  if (opt.strict && report.total_skipped() > 0)
    throw StrictError("--strict: " + std::to_string(report.total_skipped()) + " bad record" +
                      (report.total_skipped() == 1 ? "" : "s") + " (first: " + report.first_problem +
                      "); nothing written");
  DetectResult r = detect_corpus(std::move(corpus), opt);
  r.stats.read = report;
  r.stats.seconds_read = read_secs;
  r.stats.seconds_total = since(t0);
  return r;
}

DetectResult detect_corpus(Corpus corpus, const DetectOptions& opt) {
  DetectResult res;
  auto& st = res.stats;
  auto t_start = Clock::now();
  const int threads = resolve_threads(opt.threads);
  st.threads = threads;
  st.documents = corpus.docs.size();
  st.read.documents = corpus.docs.size();
  Progress progress(opt.progress);
  const size_t n = corpus.docs.size();
  if (n >= std::numeric_limits<DocId>::max())
    throw InputError("one run takes at most " + std::to_string(std::numeric_limits<DocId>::max() - 1) +
                     " documents (32-bit document numbers); read " + std::to_string(n) + ": split the inputs, or add them to an index");

  // Corpus statistics: word frequencies and stem document frequencies (Lexicon), and the
  // lines outlets repeat (Boilerplate).
  // Texts repeated byte for byte are cleaned and fingerprinted once (and counted once in the
  // statistics): a story reprinted a thousand times costs as much as once.
  const std::vector<DocId> first_of = same_text_firsts(corpus, threads);  // the first document with the same text
  // Corpus statistics (index/model.h): those of a given model, or of the inputs.
  auto t = Clock::now();
  FailureLog failures;
  std::shared_ptr<const CorpusModel> model = opt.model;
  if (!model) {
    progress.stage("statistics", n);
    model = train_model(corpus, threads, [&] { progress.add(); }, &first_of);
    progress.done();
  }
  const Lexicon& lex = model->lex;
  const Boilerplate& bp = model->bp;
  st.seconds_stats = since(t);

  // Clean and fingerprint.
  t = Clock::now();
  progress.stage("fingerprint", n);
  CleanContext ctx{&lex, &bp};
  std::vector<Fingerprint> fps(n);
  std::vector<uint64_t> repaired(threads), joined(threads), furniture(threads);
  std::vector<char> failed(n, 0);  // documents left out after a failure (one writer per index)
  std::vector<Document> bufs(threads);
  // The candidate stage takes each document's keys as soon as they are made (they wait on
  // disk), so the fingerprints keep only what alignment reads.
  CandidateOptions copt = opt.candidates;
  copt.threads = threads;
  if (copt.temp_dir.empty()) copt.temp_dir = opt.temp_dir;
  copt.progress = [&progress](uint64_t n) { progress.add(n); };  // counts the vote, below
  CandidateIndex candidates(n, copt);
  parallel_for(n, threads, [&](size_t i, int w) {
    // A document that fails here keeps an empty fingerprint and is left out of every pair.
    if (first_of[i] != i) {  // takes its first's fingerprint below
      progress.add();
      return;
    }
    Fingerprint fp;
    failed[i] = !failures.guard("fingerprint", [&] { return describe(corpus.docs[i]); }, [&] {
      const Document& doc = corpus.full(static_cast<DocId>(i), &bufs[w]);
      if (opt.inspect) opt.inspect("fingerprint", doc);
      CleanDoc c = clean_document(doc, ctx);
      repaired[w] += c.repaired_words;
      joined[w] += c.joined_breaks;
      furniture[w] += c.furniture.size();
      fp = fingerprint(doc, c, lex, opt.fingerprint);
    });
    if (!failed[i]) {
      candidates.add(static_cast<DocId>(i), fp, w);  // a full disk here stops the run
      fps[i].words_hash = fp.words_hash;
      fps[i].skel_len = fp.skel_len;
      fps[i].damage = fp.damage;
    }
    progress.add();
  });
  for (DocId i = 0; i < n; ++i)
    if (first_of[i] != i) {
      const Fingerprint& f = fps[first_of[i]];
      fps[i].words_hash = f.words_hash;
      fps[i].skel_len = f.skel_len;
      fps[i].damage = f.damage;
      failed[i] = failed[first_of[i]];
    }
  for (int w = 0; w < threads; ++w) {
    st.repaired_words += repaired[w];
    st.joined_breaks += joined[w];
    st.furniture_lines += furniture[w];
  }
  progress.done();
  st.seconds_fingerprint = since(t);

  // Candidates.
  t = Clock::now();
  progress.stage("candidates", static_cast<uint64_t>(fps.size()) * copt.vote_passes());
  // Exact duplicates are collapsed before any alignment: each group's source (the earliest
  // dated, then one without extraction damage, then the first given) stands for the group in
  // the candidate stage, and every other member is related to it alone.
  const std::vector<DocId> dup_source = duplicate_sources(fps, corpus.docs);
  auto dups = duplicate_pairs(dup_source);
  st.duplicate_pairs = dups.size();
  // Only the sources take part. A source whose text is byte for byte another's was not
  // fingerprinted itself: the keys of that first document count as the source's.
  std::vector<DocId> owner(n, CandidateIndex::kNoOwner);
  for (DocId d = 0; d < n; ++d)
    if (dup_source[d] == d) owner[d] = d;
    else if (first_of[dup_source[d]] == d) owner[d] = dup_source[d];
  auto cands = candidates.find(&st.candidates, owner);
  cands.insert(cands.end(), dups.begin(), dups.end());
  if (fps.size() <= copt.all_pairs_below) {
    // A handful of documents: every pair is aligned, so that a pair's verdict does not hang on
    // corpus statistics that a few documents cannot give.
    for (DocId a = 0; a < fps.size(); ++a)
      for (DocId b = a + 1; b < fps.size(); ++b)
        if (dup_source[a] == a && dup_source[b] == b) cands.push_back({a, b, 0.0f, Candidate::kTerms});
  }
  cands = merge_candidates(std::move(cands));
  st.candidate_pairs = cands.size();
  progress.done();
  st.seconds_candidates = since(t);

  // Align, relate, audit.
  t = Clock::now();
  progress.stage("align", cands.size());
  std::vector<std::vector<Relation>> found(threads);
  std::vector<uint64_t> too_long(threads, 0);
  std::vector<std::unique_ptr<PreparedCache>> caches;
  for (int w = 0; w < threads; ++w) caches.push_back(std::make_unique<PreparedCache>(corpus, ctx, lex));
  std::mutex features_mu;
  std::unique_ptr<OutputFile> features_file;
  std::ostream* features = opt.features_out;
  if (!features && !opt.features_path.empty()) {
    features_file = std::make_unique<OutputFile>(opt.features_path);
    features = &features_file->stream();
  }
  // Contiguous blocks per worker keep each worker's cache warm.
  std::vector<Document> abufs(threads), bbufs(threads);
  auto align_pair = [&](size_t k, int w) {
    const Candidate& c = cands[k];
    if (opt.inspect) {
      opt.inspect("align", corpus.full(c.a, &abufs[w]));
      opt.inspect("align", corpus.full(c.b, &bbufs[w]));
    }
    SentenceAlignment al;
    std::optional<Relation> rel;
    std::shared_ptr<Prepared> pa, pb;
    DocView va, vb;
    const bool same_text = (dup_source[c.a] == c.b || dup_source[c.b] == c.a) && first_of[c.a] == first_of[c.b];
    if (same_text) {
      // The same text twice: nothing to clean or align.
      rel = same_text_relation(DocView{c.a, &corpus.full(c.a, &abufs[w]), nullptr, {}, &fps[c.a], {}},
                               DocView{c.b, &corpus.full(c.b, &bbufs[w]), nullptr, {}, &fps[c.b], {}});
    } else {
      pa = caches[w]->get(c.a);
      pb = caches[w]->get(c.b);
      va = caches[w]->view(c.a, pa, &fps[c.a]);
      vb = caches[w]->view(c.b, pb, &fps[c.b]);
      rel = relate_pair(va, vb, opt.relate, &al);
    }
    too_long[w] += al.too_long;
    if (features) {
      std::string line = "{\"a\":";
      json_escape(line, corpus.docs[c.a].id);
      line += ",\"b\":";
      json_escape(line, corpus.docs[c.b].id);
      line += fmt::format(",\"surface\":{},\"relation\":\"{}\",\"score\":{:.3f},\"content_a\":{},\"content_b\":{},\"pairs\":{}",
                          static_cast<int>(c.from), rel ? to_string(rel->kind) : "none", rel ? rel->score : 0.0f,
                          al.content_a, al.content_b, al.pairs.size());
      for (const auto& f : alignment_features()) line += fmt::format(",\"{}\":{:.3f}", f.name, al.*f.field);
      if (al.reversed) line += ",\"reversed\":true";
      line += fmt::format(",\"rewrite_score\":{:.3f}}}\n", rewrite_score(al));
      std::lock_guard<std::mutex> l(features_mu);
      *features << line;
    }
    if (rel && same_text) {
      found[w].push_back(std::move(*rel));
    } else if (rel) {
      complete_relation(&*rel, va, vb, al, opt.audit);
      found[w].push_back(std::move(*rel));
    }
  };
  parallel_for(cands.size(), threads, [&](size_t k, int w) {
    // A pair that fails is left out, named by its documents.
    const Candidate& c = cands[k];
    auto who = [&] { return describe(corpus.docs[c.a]) + " and " + describe(corpus.docs[c.b]); };
    if (!failed[c.a] && !failed[c.b]) failures.guard("align", who, [&] { align_pair(k, w); });
    progress.add();
  }, 64);
  failures.into(st);
  for (uint64_t n : too_long) st.pairs_too_long += n;
  progress.done();
  if (features_file) features_file->commit();
  st.seconds_align = since(t);

  for (auto& v : found)
    for (auto& r : v) res.relations.push_back(std::move(r));
  // In (copy, source) order before choosing among tied sources, so that the choice does not
  // depend on which worker found which relation first.
  std::sort(res.relations.begin(), res.relations.end(), [&](const Relation& x, const Relation& y) {
    return x.copy != y.copy ? x.copy < y.copy : x.source < y.source;
  });
  drop_redundant_sources(res.relations, [&](DocId d) { return content_words(*caches[0], d); });
  for (auto& r : res.relations) ++st.relations[to_string(r.kind)];
  res.corpus = std::move(corpus);
  st.seconds_total = since(t_start);
  st.peak_rss = peak_rss_bytes();
  return res;
}

std::string format_summary(const DetectStats& s) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf, "documents: %llu read, %llu skipped\n", static_cast<unsigned long long>(s.read.documents),
                static_cast<unsigned long long>(s.read.total_skipped()));
  out += buf;
  for (auto& [reason, count] : s.read.skipped) {
    std::snprintf(buf, sizeof buf, "  skipped (%s): %llu\n", reason.c_str(), static_cast<unsigned long long>(count));
    out += buf;
  }
  for (auto& [what, count] : s.read.warnings) {
    std::snprintf(buf, sizeof buf, "  kept with a note (%s): %llu\n", what.c_str(), static_cast<unsigned long long>(count));
    out += buf;
  }
  if (s.failures > 0) {
    std::snprintf(buf, sizeof buf, "failed: %llu documents or pairs left out after an internal error (see above)\n",
                  static_cast<unsigned long long>(s.failures));
    out += buf;
  }
  if (s.pairs_too_long > 0) {
    std::snprintf(buf, sizeof buf,
                  "too long: %llu pairs with more sentence pairs than the sentence alignment takes, judged on their "
                  "shared text only, without a change report\n",
                  static_cast<unsigned long long>(s.pairs_too_long));
    out += buf;
  }
  std::snprintf(buf, sizeof buf,
                "repair: %llu run-together words split, %llu hyphenated breaks joined, %llu furniture lines set aside\n",
                static_cast<unsigned long long>(s.repaired_words), static_cast<unsigned long long>(s.joined_breaks),
                static_cast<unsigned long long>(s.furniture_lines));
  out += buf;
  std::snprintf(buf, sizeof buf,
                "candidates: %llu pairs aligned (%llu from shared text, %llu from shared rare terms, %llu from shared pairs of rare terms, %llu same words), from %llu + %llu + %llu postings\n",
                static_cast<unsigned long long>(s.candidate_pairs), static_cast<unsigned long long>(s.candidates.surface_pairs),
                static_cast<unsigned long long>(s.candidates.term_pairs),
                static_cast<unsigned long long>(s.candidates.term_combo_pairs), static_cast<unsigned long long>(s.duplicate_pairs),
                static_cast<unsigned long long>(s.candidates.surface_postings),
                static_cast<unsigned long long>(s.candidates.term_postings),
                static_cast<unsigned long long>(s.candidates.term_pair_postings));
  out += buf;
  out += "relations:";
  uint64_t total = 0;
  for (const char* k : {"duplicate", "reprint", "excerpt", "rewrite", "same_story"}) {
    auto it = s.relations.find(k);
    uint64_t v = it == s.relations.end() ? 0 : it->second;
    total += v;
    std::snprintf(buf, sizeof buf, " %s %llu,", k, static_cast<unsigned long long>(v));
    out += buf;
  }
  std::snprintf(buf, sizeof buf, " total %llu\n", static_cast<unsigned long long>(total));
  out += buf;
  std::snprintf(buf, sizeof buf,
                "time: %.2f s wall (read %.2f, statistics %.2f, fingerprint %.2f, candidates %.2f, align %.2f) on %d threads; "
                "peak memory %.1f MB\n",
                s.seconds_total, s.seconds_read, s.seconds_stats, s.seconds_fingerprint, s.seconds_candidates,
                s.seconds_align, s.threads, s.peak_rss / 1048576.0);
  out += buf;
  return out;
}

std::string format_summary_json(const DetectStats& s) {
  auto counts = [](const std::map<std::string, uint64_t>& m) {
    std::string out = "{";
    for (auto& [k, v] : m) {
      if (out.size() > 1) out += ',';
      json_escape(out, k);
      out += ':' + std::to_string(v);
    }
    return out + "}";
  };
  return fmt::format(
      "{{\"level\":\"summary\",\"documents\":{},\"skipped\":{},\"notes\":{},\"failures\":{},"
      "\"repaired_words\":{},\"joined_breaks\":{},\"furniture_lines\":{},\"candidate_pairs\":{},"
      "\"relations\":{},\"seconds\":{{\"total\":{:.3f},\"read\":{:.3f},\"statistics\":{:.3f},"
      "\"fingerprint\":{:.3f},\"candidates\":{:.3f},\"align\":{:.3f}}},\"threads\":{},\"peak_memory_bytes\":{}}}",
      s.read.documents, counts(s.read.skipped), counts(s.read.warnings), s.failures, s.repaired_words, s.joined_breaks,
      s.furniture_lines, s.candidate_pairs, counts(s.relations), s.seconds_total, s.seconds_read, s.seconds_stats,
      s.seconds_fingerprint, s.seconds_candidates, s.seconds_align, s.threads, s.peak_rss);
}

}  // namespace retrace
