// retrace command line: a thin layer over the library (pipeline/detect.h, write/).
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <new>
#include <optional>

#include "core/log.h"
#include "pipeline/detect.h"
#include "pipeline/progress.h"
#include "read/reader.h"
#include "write/html_report.h"
#include "write/jsonl_writer.h"
#include "write/output_file.h"

using namespace retrace;

namespace {

// The options of both commands that say how inputs are read.
void add_read_options(CLI::App* cmd, ReadOptions& r) {
  cmd->add_option("--id-field", r.id_field, "field (or dotted path, e.g. meta.id) holding the id")
      ->capture_default_str();
  cmd->add_option("--text-field", r.text_field, "field (or dotted path) holding the text")->capture_default_str();
  cmd->add_option("--date-field", r.date_field, "field (or dotted path) holding the date")->capture_default_str();
  cmd->add_option("--date-format", r.date_format,
                  "another date format to accept, in strftime conversions (e.g. '%d/%m/%Y %H:%M')");
}

constexpr int kExitUsage = 64;     // EX_USAGE of sysexits.h
constexpr int kExitInternal = 70;  // EX_SOFTWARE: an error in retrace itself, or out of memory

int run_detect(const std::vector<std::string>& inputs, const std::string& out_path, const std::string& clusters_path,
               const std::string& features_path, DetectOptions opt, bool quiet) {
  auto t0 = std::chrono::steady_clock::now();
  DetectResult res;
  try {
    check_inputs(inputs);
    std::vector<PathRole> ins, outs{{out_path, "--out"}};
    for (const auto& p : inputs) ins.push_back({p, "input"});
    if (!clusters_path.empty()) outs.push_back({clusters_path, "--clusters"});
    if (!features_path.empty()) outs.push_back({features_path, "--features"});
    check_paths(ins, outs);
    // Outputs are temporary files until the end (write/output_file.h): a bad folder fails
    // before the work, and a failed run leaves the previous outputs as they were.
    OutputFile out(out_path);
    std::optional<OutputFile> clusters, features;
    if (!clusters_path.empty()) clusters.emplace(clusters_path);
    if (!features_path.empty()) {
      features.emplace(features_path);
      opt.features_out = &features->stream();
    }
    res = detect(inputs, opt);
    if (res.stats.read.documents == 0) {
      std::fputs(nothing_read_message(res.stats.read).c_str(), stderr);
      return kExitNothingRead;
    }
    if (features) features->check();
    write_relations(res.corpus, res.relations, out.stream());
    if (clusters) write_clusters(res.corpus, res.relations, clusters->stream());
    out.close();
    if (clusters) clusters->close();
    if (features) features->close();
    out.commit();
    if (clusters) clusters->commit();
    if (features) features->commit();
  } catch (const StrictError& e) {
    log_error(e.what());
    return 1;
  } catch (const InputError& e) {
    log_error(e.what());
    return 2;
  } catch (const OutputError& e) {
    log_error(std::string(e.what()) + "; nothing written");
    return 2;
  } catch (const std::bad_alloc&) {
    log_error("out of memory; nothing written");
    return kExitInternal;
  } catch (const std::exception& e) {
    log_error(std::string("internal error: ") + e.what() + "; nothing written");
    return kExitInternal;
  }
  // Internal errors on single documents are errors: printed even under -q.
  for (const auto& m : res.stats.failure_messages) log_error(m);
  if (res.stats.failures > res.stats.failure_messages.size())
    log_error("... and " + std::to_string(res.stats.failures - res.stats.failure_messages.size()) + " more failures");
  res.stats.seconds_total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  res.stats.peak_rss = peak_rss_bytes();
  if (!quiet) {
    if (log_format() == LogFormat::kJson) log_json_line(format_summary_json(res.stats));
    else std::fputs(format_summary(res.stats).c_str(), stderr);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"retrace: finds which news articles are copies or rewrites of which, aligns them passage by "
               "passage, and reports what each copy changed."};
  app.require_subcommand(1);
  app.fallthrough();  // --log-format may come after the subcommand too
  app.set_version_flag("--version", "retrace " RETRACE_VERSION);
  app.footer("Exit codes: 0 success, 1 bad records under --strict, 2 unusable input or output, 3 nothing "
             "usable read, 64 usage error. See docs/cli.md.");

  auto* det = app.add_subcommand("detect", "Find derived pairs among articles and write relations as JSON Lines");
  std::vector<std::string> inputs;
  std::string out_path = "-", clusters_path, features_path;
  DetectOptions opt;
  bool quiet = false;
  det->add_option("INPUT", inputs, "JSON Lines or JSON array files, CSV/TSV (.csv, .tsv), any of them gzip, zstd, bzip2 or xz "
                  "compressed; folders of .txt files; - for stdin")
      ->required();
  det->add_option("--out,-o", out_path, "relations output (JSON Lines); - for stdout")->capture_default_str();
  det->add_option("--clusters", clusters_path, "also write groups of documents tied by relations (JSON Lines)");
  det->add_option("--threads,-t", opt.threads, "worker threads, 1 to 256 (default: all cores)")
      ->check(CLI::Range(1, 256));
  det->add_flag("--quiet,-q", quiet, "print nothing but errors (no progress, notes or summary)");
  det->add_flag("--strict", opt.strict, "any bad input record is an error (exit 1, nothing written)");
  det->add_flag("--same-story", opt.relate.same_story, "also output same_story relations (same event, not derived)");
  det->add_option("--max-text-bytes", opt.read.max_text_bytes, "skip texts longer than this")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  add_read_options(det, opt.read);
  det->add_option("--features", features_path, "write the evidence features of every aligned pair (JSONL)");
  det->add_option("--top-k", opt.candidates.surface_top_k, "surface candidates kept per document")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  det->add_option("--terms-min-norm", opt.candidates.terms_min_norm,
                  "rewrite candidates: least normalised shared rare-term weight")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  det->add_option("--df-cap", opt.candidates.df_cap, "index keys in more documents only chain them")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  auto* rep = app.add_subcommand("report", "Write a self-contained HTML report: relations side by side, changes highlighted");
  std::string rel_path, html_path = "report.html";
  std::vector<std::string> corpus_inputs;
  bool rep_quiet = false;
  rep->add_option("RELATIONS", rel_path, "relations file written by retrace detect")->required();
  rep->add_option("--corpus,-c", corpus_inputs, "the inputs given to retrace detect")->required();
  rep->add_option("--out,-o", html_path, "HTML output; - for stdout")->capture_default_str();
  rep->add_flag("--quiet,-q", rep_quiet, "print nothing but errors");
  ReadOptions rep_read;
  add_read_options(rep, rep_read);

  std::string log_fmt = "text";
  app.add_option("--log-format", log_fmt, "messages on standard error: text, or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; every usage error exits 64 (EX_USAGE).
    return app.exit(e) == 0 ? 0 : kExitUsage;
  }
  if (log_fmt == "json") set_log_format(LogFormat::kJson);
  if (*det) {
    opt.progress = !quiet && log_fmt != "json";
    opt.read.quiet = quiet;
    return run_detect(inputs, out_path, clusters_path, features_path, opt, quiet);
  }
  if (*rep) {
    try {
      return run_report(rel_path, corpus_inputs, html_path, rep_quiet, rep_read);
    } catch (const std::exception& e) {
      log_error(std::string("internal error: ") + e.what() + "; nothing written");
      return kExitInternal;
    }
  }
  return 0;
}
