// retrace command line: a thin layer over the library (pipeline/detect.h, write/).
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "pipeline/detect.h"
#include "pipeline/progress.h"
#include "read/reader.h"
#include "write/html_report.h"
#include "write/jsonl_writer.h"

using namespace retrace;

namespace {

int run_detect(const std::vector<std::string>& inputs, const std::string& out_path, const std::string& clusters_path,
               const DetectOptions& opt) {
  auto t0 = std::chrono::steady_clock::now();
  try {
    check_inputs(inputs);
  } catch (const InputError& e) {
    std::fprintf(stderr, "retrace: error: %s\n", e.what());
    return 2;
  }
  // Open outputs before the work, so a bad path fails fast.
  std::ofstream out_file, clusters_file;
  if (out_path != "-") {
    out_file.open(out_path);
    if (!out_file) {
      std::fprintf(stderr, "retrace: error: %s: cannot write\n", out_path.c_str());
      return 2;
    }
  }
  if (!clusters_path.empty()) {
    clusters_file.open(clusters_path);
    if (!clusters_file) {
      std::fprintf(stderr, "retrace: error: %s: cannot write\n", clusters_path.c_str());
      return 2;
    }
  }
  DetectResult res;
  try {
    res = detect(inputs, opt);
  } catch (const StrictError& e) {
    std::fprintf(stderr, "retrace: error: %s\n", e.what());
    return 1;
  } catch (const InputError& e) {
    std::fprintf(stderr, "retrace: error: %s\n", e.what());
    return 2;
  }
  std::ostream& out = out_path == "-" ? std::cout : out_file;
  write_relations(res.corpus, res.relations, out);
  out.flush();
  if (!out) {
    std::fprintf(stderr, "retrace: error: %s: write failed\n", out_path.c_str());
    return 2;
  }
  if (!clusters_path.empty()) write_clusters(res.corpus, res.relations, clusters_file);
  res.stats.seconds_total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  res.stats.peak_rss = peak_rss_bytes();
  std::fputs(format_summary(res.stats).c_str(), stderr);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"retrace: finds which news articles are copies or rewrites of which, aligns them passage by "
               "passage, and reports what each copy changed."};
  app.require_subcommand(1);

  auto* det = app.add_subcommand("detect", "Find derived pairs among articles and write relations as JSON Lines");
  std::vector<std::string> inputs;
  std::string out_path = "-", clusters_path;
  DetectOptions opt;
  bool quiet = false;
  det->add_option("INPUT", inputs, "JSON Lines files (.jsonl, .gz, .zst), folders of .txt files, or - for stdin")
      ->required();
  det->add_option("--out,-o", out_path, "relations output (JSON Lines); - for stdout")->capture_default_str();
  det->add_option("--clusters", clusters_path, "also write groups of documents tied by relations (JSON Lines)");
  det->add_option("--threads,-t", opt.threads, "worker threads (0 = all cores)")->capture_default_str();
  det->add_flag("--quiet,-q", quiet, "no progress display");
  det->add_flag("--strict", opt.strict, "any bad input record is an error (exit 1, nothing written)");
  det->add_flag("--same-story", opt.relate.same_story, "also output same_story relations (same event, not derived)");
  det->add_option("--max-text-bytes", opt.read.max_text_bytes, "skip texts longer than this")->capture_default_str();
  det->add_option("--features", opt.features_path, "write the evidence features of every aligned pair (JSONL)");
  det->add_option("--top-k", opt.candidates.surface_top_k, "surface candidates kept per document")->capture_default_str();
  det->add_option("--terms-min-norm", opt.candidates.terms_min_norm, "rewrite candidates: least normalised shared rare-term weight")->capture_default_str();
  det->add_option("--df-cap", opt.candidates.df_cap, "index keys in more documents only chain them")->capture_default_str();

  auto* rep = app.add_subcommand("report", "Write a self-contained HTML report: relations side by side, changes highlighted");
  std::string rel_path, html_path = "report.html";
  std::vector<std::string> corpus_inputs;
  bool rep_quiet = false;
  rep->add_option("RELATIONS", rel_path, "relations file written by retrace detect")->required();
  rep->add_option("--corpus,-c", corpus_inputs, "the inputs given to retrace detect")->required();
  rep->add_option("--out,-o", html_path, "HTML output; - for stdout")->capture_default_str();
  rep->add_flag("--quiet,-q", rep_quiet, "no summary line");

  CLI11_PARSE(app, argc, argv);
  if (*det) {
    opt.progress = !quiet;
    return run_detect(inputs, out_path, clusters_path, opt);
  }
  if (*rep) return run_report(rel_path, corpus_inputs, html_path, rep_quiet);
  return 0;
}
