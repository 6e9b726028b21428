// bench/stages_bench.cpp — Google Benchmark micro-benchmarks of retrace's hot stages, on real
// text (the BBC corpus beside the repository, ../shared/corpora/bbc/bbc.jsonl, or the file in
// $RETRACE_BBC):
//
//   build/bench/retrace_stages [--benchmark_filter=REGEX]
//
//   BM_Clean            clean_document (folding, furniture, tokens, sentences, quotes, repair), bytes/s
//   BM_Fingerprint      fingerprint of a cleaned document, documents/s
//   BM_Candidates       both inverted indexes over the 2,225 BBC fingerprints, documents/s
//   BM_AlignSurface     character alignment of an article with a damaged copy of it, pairs/s
//   BM_AlignSentences   sentence vectors + order-aware alignment of an article and its copy, pairs/s
//   BM_Detect           the whole pipeline on the BBC corpus (2 threads), documents/s
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "align/sentences.h"
#include "align/surface.h"
#include "candidates/candidates.h"
#include "clean/clean.h"
#include "fingerprint/fingerprint.h"
#include "pipeline/detect.h"
#include "read/reader.h"

using namespace retrace;

namespace {

struct Fixture {
  Corpus corpus;
  Lexicon lex;
  Boilerplate bp;
  std::vector<CleanDoc> clean;
  std::vector<Fingerprint> fps;
  Document damaged;  // a copy of doc 0 as PDF extraction would give it
};

// The first article, with every third line's spaces dropped, a masthead and a URL line.
Document damage(const Document& d) {
  Document out = d;
  out.id = d.id + "-epaper";
  std::string t = "THE DAILY LEDGER\n\nMonday, March 3rd 2026\n\n";
  size_t line = 0, col = 0;
  for (char c : d.text) {
    if (c == '\n') { t += '\n'; col = 0; ++line; continue; }
    if (c == ' ' && col > 80) { t += '\n'; col = 0; ++line; continue; }
    if (c == ' ' && line % 3 == 0) continue;
    t += c;
    ++col;
  }
  t += "\nhttps://dailyledger.example/2026/03/story\n";
  out.text = t;
  return out;
}

const Fixture& fixture() {
  static std::unique_ptr<Fixture> f = [] {
    auto fx = std::make_unique<Fixture>();
    const char* env = std::getenv("RETRACE_BBC");
    std::string path = env ? env : "../shared/corpora/bbc/bbc.jsonl";
    ReadReport rep;
    fx->corpus = read_corpus({path}, {}, &rep, [](const Problem&) {});
    LexiconBuilder b;
    for (auto& d : fx->corpus.docs) {
      b.add_document(d);
      fx->bp.add(d);
    }
    b.merge_into(fx->lex);
    fx->bp.finish();
    CleanContext ctx{&fx->lex, &fx->bp};
    for (auto& d : fx->corpus.docs) {
      fx->clean.push_back(clean_document(d, ctx));
      fx->fps.push_back(fingerprint(d, fx->clean.back(), fx->lex, {}));
    }
    fx->damaged = damage(fx->corpus.docs.at(0));
    return fx;
  }();
  return *f;
}

void BM_Clean(benchmark::State& st) {
  const auto& f = fixture();
  CleanContext ctx{&f.lex, &f.bp};
  size_t i = 0, bytes = 0;
  for (auto _ : st) {
    const auto& d = f.corpus.docs[i++ % f.corpus.docs.size()];
    benchmark::DoNotOptimize(clean_document(d, ctx));
    bytes += d.text.size();
  }
  st.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Clean);

void BM_Fingerprint(benchmark::State& st) {
  const auto& f = fixture();
  size_t i = 0;
  for (auto _ : st) {
    size_t k = i++ % f.corpus.docs.size();
    benchmark::DoNotOptimize(fingerprint(f.corpus.docs[k], f.clean[k], f.lex, {}));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_Fingerprint);

void BM_Candidates(benchmark::State& st) {
  const auto& f = fixture();
  for (auto _ : st) {
    CandidateStats cs;
    benchmark::DoNotOptimize(find_candidates(f.fps, {}, &cs));
  }
  st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(f.fps.size()));
}
BENCHMARK(BM_Candidates)->Unit(benchmark::kMillisecond);

void BM_AlignSurface(benchmark::State& st) {
  const auto& f = fixture();
  CleanContext ctx{&f.lex, &f.bp};
  CleanDoc cd = clean_document(f.damaged, ctx);
  for (auto _ : st) benchmark::DoNotOptimize(align_surface(f.corpus.docs[0], f.clean[0], f.damaged, cd));
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_AlignSurface);

void BM_AlignSentences(benchmark::State& st) {
  const auto& f = fixture();
  CleanContext ctx{&f.lex, &f.bp};
  CleanDoc cd = clean_document(f.damaged, ctx);
  for (auto _ : st) {
    DocSentences a = sentence_vectors(f.corpus.docs[0], f.clean[0], f.lex);
    DocSentences b = sentence_vectors(f.damaged, cd, f.lex);
    benchmark::DoNotOptimize(align_sentences(a, b));
  }
  st.SetItemsProcessed(st.iterations());
}
BENCHMARK(BM_AlignSentences);

void BM_Detect(benchmark::State& st) {
  const auto& f = fixture();
  DetectOptions opt;
  opt.threads = 2;
  opt.progress = false;
  for (auto _ : st) benchmark::DoNotOptimize(detect_corpus(f.corpus, opt));
  st.SetItemsProcessed(st.iterations() * static_cast<int64_t>(f.corpus.docs.size()));
}
BENCHMARK(BM_Detect)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
