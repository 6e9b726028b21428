// bench/micro_bench.cpp — Google Benchmark micro-benchmarks.
//
//   build/bench/retrace_micro [--benchmark_filter=REGEX]
//
// Per-stage costs on synthetic text (deterministic pseudo-words, news-article length), so
// that a change in a stage shows up without running a whole corpus:
//   BM_ReadInputs   retrace's reader (JSON Lines parse + checks), bytes/s
//   BM_Shingles     the baseline's word 2-gram shingling, bytes/s
//   BM_Signature    the baseline's 256-value MinHash signature, documents/s
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "minhash.h"
#include "read/reader.h"

namespace {

// A deterministic article-like text of about `words` words: pseudo-words of 1-4 syllables
// from a 3,000-word vocabulary, sentences of 8-30 words, paragraphs of 1-4 sentences.
std::string synthetic_text(size_t words, uint32_t seed) {
  static const char* syllables[] = {"ka", "lo", "mer", "sta", "tion", "pre", "vi", "ous", "ran",
                                    "de", "gu", "lar", "con", "fi", "ment", "ter", "al", "no",
                                    "pro", "bus", "in", "ness", "ex", "port", "re", "ly"};
  std::mt19937 vocab_rng(12345);
  std::vector<std::string> vocab(3000);
  for (auto& w : vocab) {
    int n = 1 + static_cast<int>(vocab_rng() % 4);
    for (int k = 0; k < n; ++k) w += syllables[vocab_rng() % std::size(syllables)];
  }
  std::mt19937 rng(seed);
  std::string text;
  size_t in_sentence = 0, sentence_len = 8 + rng() % 23, sentences_in_para = 0;
  for (size_t i = 0; i < words; ++i) {
    std::string w = vocab[rng() % vocab.size()];
    if (in_sentence == 0) w[0] = static_cast<char>(w[0] - 32);
    text += w;
    if (++in_sentence == sentence_len) {
      text += '.';
      in_sentence = 0;
      sentence_len = 8 + rng() % 23;
      text += (++sentences_in_para >= 1 + rng() % 4) ? "\n\n" : " ";
      if (text.back() == '\n') sentences_in_para = 0;
    } else {
      text += (rng() % 12 == 0) ? ", " : " ";
    }
  }
  return text;
}

void BM_Shingles(benchmark::State& state) {
  const std::string text = synthetic_text(400, 1);
  std::vector<uint64_t> sh;
  for (auto _ : state) {
    sh.clear();
    minhash::shingles(text, sh);
    benchmark::DoNotOptimize(sh.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Shingles);

void BM_Signature(benchmark::State& state) {
  const std::string text = synthetic_text(static_cast<size_t>(state.range(0)), 2);
  std::vector<uint64_t> sh;
  minhash::shingles(text, sh);
  const minhash::Hasher hasher;
  std::vector<uint32_t> sig(minhash::kPerms);
  for (auto _ : state) {
    hasher.signature(sh, sig.data());
    benchmark::DoNotOptimize(sig.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["shingles"] = static_cast<double>(sh.size());
}
BENCHMARK(BM_Signature)->Arg(100)->Arg(400)->Arg(1600);

// A temporary JSON Lines file of `n` synthetic articles, removed at exit.
class TempCorpus {
 public:
  explicit TempCorpus(size_t n) {
    path_ = (std::filesystem::temp_directory_path() /
             ("retrace_micro_" + std::to_string(getpid()) + ".jsonl")).string();
    std::FILE* f = std::fopen(path_.c_str(), "w");
    if (!f) throw std::runtime_error(path_ + ": cannot write");
    for (size_t i = 0; i < n; ++i) {
      std::string text = synthetic_text(400, static_cast<uint32_t>(i + 10));
      std::string escaped;
      for (char c : text) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
      bytes_ += text.size();
      std::fprintf(f,
                   "{\"id\": \"doc%zu\", \"title\": \"Title %zu\", \"date\": \"2023-05-%02zuT10:00:00Z\", "
                   "\"source\": \"Outlet %zu\", \"text\": \"%s\"}\n",
                   i, i, 1 + i % 28, i % 30, escaped.c_str());
    }
    std::fclose(f);
  }
  ~TempCorpus() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }
  size_t text_bytes() const { return bytes_; }

 private:
  std::string path_;
  size_t bytes_ = 0;
};

void BM_ReadInputs(benchmark::State& state) {
  static const TempCorpus corpus(2000);
  for (auto _ : state) {
    retrace::ReadReport report;
    size_t docs = 0;
    retrace::read_inputs({corpus.path()}, retrace::ReadOptions{},
                         [&](retrace::Document&& d) { docs += !d.text.empty(); }, &report);
    benchmark::DoNotOptimize(docs);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.text_bytes()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 2000));
}
BENCHMARK(BM_ReadInputs)->Unit(benchmark::kMillisecond)->UseRealTime();  // the reader may use helper threads

}  // namespace

BENCHMARK_MAIN();
