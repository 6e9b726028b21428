// retrace command line: a thin layer over the library (pipeline/detect.h, write/).
#include <CLI/CLI.hpp>

#include <cctype>
#include <chrono>
#include <fstream>
#include <cstdio>
#include <new>
#include <optional>

#include "core/log.h"
#include "core/parallel.h"
#include "index/index.h"
#include "index/model.h"
#include "pipeline/detect.h"
#include "pipeline/progress.h"
#include "read/reader.h"
#include "serve/serve.h"
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

// Runs a command's body (which returns its exit code), mapping what it throws to exit codes:
// 1 bad records under --strict, 2 an unusable input, output or index, 70 internal errors.
template <typename F>
int guarded(F body) {
  try {
    return body();
  } catch (const StrictError& e) {
    log_error(e.what());
    return 1;
  } catch (const IndexError& e) {
    log_error(e.what());
    return 2;
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
}

int run_detect(const std::vector<std::string>& inputs, const std::string& out_path, const std::string& clusters_path,
               const std::string& features_path, DetectOptions opt, bool quiet) {
  auto t0 = std::chrono::steady_clock::now();
  DetectResult res;
  int rc = guarded([&] {
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
    return 0;
  });
  if (rc != 0) return rc;
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


void log_info(const std::string& m) { log_message("info", "", "", m); }

// Reads the inputs of an index command into a corpus; skipped records are reported as detect
// reports them. Throws InputError.
Corpus read_for_index(const std::vector<std::string>& inputs, const ReadOptions& ro, ReadReport* report) {
  check_inputs(inputs);
  return read_corpus(inputs, ro, report);
}

std::string read_note(const ReadReport& r) {
  std::string out = std::to_string(r.documents) + " documents read";
  if (r.total_skipped()) out += ", " + std::to_string(r.total_skipped()) + " records skipped";
  return out;
}

void report_failures(const BatchResult& r) {
  for (const auto& m : r.failure_messages) log_error(m);
  if (r.failures > r.failure_messages.size())
    log_error("... and " + std::to_string(r.failures - r.failure_messages.size()) + " more failures");
}

void write_lines(OutputFile& out, const std::vector<std::string>& lines) {
  for (const auto& l : lines) {
    out.write(l);
    out.write("\n");
  }
  out.commit();
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
  det->add_option("--temp-dir", opt.temp_dir,
                  "folder where the texts wait on disk during the run (default: $TMPDIR, else /tmp)")
      ->check(CLI::ExistingDirectory);
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

  // retrace model train
  auto* mdl = app.add_subcommand("model", "Train a corpus model (the statistics of cleaning and fingerprints) and save it");
  mdl->require_subcommand(1);
  auto* mtrain = mdl->add_subcommand("train", "Train a model on a corpus");
  std::vector<std::string> m_inputs;
  std::string m_out;
  ReadOptions m_read;
  int m_threads = 0;
  mtrain->add_option("INPUT", m_inputs, "inputs, as for detect")->required();
  mtrain->add_option("--out,-o", m_out, "model file to write")->required();
  mtrain->add_option("--threads,-t", m_threads, "worker threads (default: all cores)")->check(CLI::Range(1, 256));
  add_read_options(mtrain, m_read);
  const char* kQuietHelp = "print nothing but errors (no skipped-record messages, notes or summary)";
  mtrain->add_flag("--quiet,-q", m_read.quiet, kQuietHelp);
  std::string det_model;
  det->add_option("--model", det_model, "clean and fingerprint with this saved model (retrace model train) "
                                        "instead of the statistics of the inputs");

  // retrace index ...
  auto* idx = app.add_subcommand("index", "A persistent index: create it, add to it, inspect it (see docs/index.md)");
  idx->require_subcommand(1);
  std::string dir;
  IndexOptions iopt;
  int i_threads = 0;
  ReadOptions i_read;
  auto* icreate = idx->add_subcommand("create", "Create an index with a corpus model trained on INPUTs or loaded from a file");
  std::vector<std::string> train_inputs;
  std::string model_file;
  icreate->add_option("DIR", dir, "index folder")->required();
  auto* o_train = icreate->add_option("--train", train_inputs, "train the model on these inputs (they are not added)");
  auto* o_model = icreate->add_option("--model", model_file, "use this saved model (retrace model train)");
  o_train->excludes(o_model);
  icreate->add_option("--threads,-t", i_threads, "worker threads")->check(CLI::Range(1, 256));
  add_read_options(icreate, i_read);
  icreate->add_flag("--quiet,-q", i_read.quiet, kQuietHelp);
  auto* iadd = idx->add_subcommand("add", "Add documents: relate them to the index and to each other, store them");
  std::vector<std::string> add_inputs;
  std::string add_out;
  iadd->add_option("DIR", dir, "index folder")->required();
  iadd->add_option("INPUT", add_inputs, "inputs, as for detect")->required();
  iadd->add_option("--out,-o", add_out, "also write the new relations here (JSON Lines)");
  iadd->add_option("--threads,-t", i_threads, "worker threads")->check(CLI::Range(1, 256));
  add_read_options(iadd, i_read);
  iadd->add_flag("--quiet,-q", i_read.quiet, kQuietHelp);
  auto* istats = idx->add_subcommand("stats", "Print what the index holds (JSON)");
  istats->add_option("DIR", dir, "index folder")->required();
  auto* iexport = idx->add_subcommand("export", "Write every stored relation (JSON Lines)");
  std::string exp_out = "-";
  iexport->add_option("DIR", dir, "index folder")->required();
  iexport->add_option("--out,-o", exp_out, "output; - for stdout")->capture_default_str();
  auto* iremove = idx->add_subcommand("remove", "Remove documents (and their relations) by id");
  std::vector<std::string> rm_ids;
  iremove->add_option("DIR", dir, "index folder")->required();
  iremove->add_option("ID", rm_ids, "document ids")->required();
  iremove->add_flag("--quiet,-q", i_read.quiet, kQuietHelp);
  auto* icompact = idx->add_subcommand("compact", "Merge the segments, dropping the postings of removed documents");
  icompact->add_option("DIR", dir, "index folder")->required();

  // retrace query
  auto* qry = app.add_subcommand("query", "Relate documents to an index (which indexed articles each derives from, or was "
                                          "derived into); adds nothing");
  std::vector<std::string> q_inputs;
  std::string q_out = "-", q_text;
  qry->add_option("DIR", dir, "index folder")->required();
  qry->add_option("INPUT", q_inputs, "inputs, as for detect");
  qry->add_option("--text", q_text, "a plain text to query (- for standard input), instead of INPUTs");
  qry->add_option("--out,-o", q_out, "relations output (JSON Lines); - for stdout")->capture_default_str();
  qry->add_option("--threads,-t", i_threads, "worker threads")->check(CLI::Range(1, 256));
  add_read_options(qry, i_read);
  qry->add_flag("--quiet,-q", i_read.quiet, kQuietHelp);

  auto* srv = app.add_subcommand("serve", "Serve an index over HTTP: a JSON API under /v1/ and a browser app at / "
                                          "(see docs/server.md)");
  serve::ServeOptions s_opt;
  std::string s_listen = "127.0.0.1:8080", s_token_file;
  double s_max_body_mb = 16;
  double s_timeout = 10;
  srv->add_option("DIR", s_opt.dir, "index folder")->required();
  srv->add_option("--listen", s_listen, "address and port (port 0: any free one)")->capture_default_str();
  srv->add_option("--token-file", s_token_file,
                  "file holding the bearer token of writes (POST /v1/documents); without it, writes are refused");
  srv->add_option("--threads", s_opt.threads, "connection workers (default: max(8, cores))")->check(CLI::Range(1, 1024));
  srv->add_option("--readers", s_opt.readers, "read-only index handles (default: min(threads, cores))")
      ->check(CLI::Range(1, 256));
  srv->add_option("--max-body-mb", s_max_body_mb, "largest request body, MiB (larger: 413)")->capture_default_str();
  srv->add_option("--request-timeout", s_timeout, "seconds a request's header and body may take to arrive")
      ->capture_default_str();
  srv->add_option("--rate", s_opt.rate, "requests per second per client address (0: no limit; larger: 429)")
      ->capture_default_str();
  srv->add_option("--burst", s_opt.burst, "requests a client may send at once before --rate applies")
      ->capture_default_str();
  srv->add_option("--search-db", s_opt.search_db, "full-text search database (default: DIR/search.db)");
  srv->add_flag("--quiet,-q", s_opt.quiet, "no request log on standard error");

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
  if (*mtrain) {
    return guarded([&] {
      ReadReport rr;
      Corpus c = read_for_index(m_inputs, m_read, &rr);
      if (rr.documents == 0) {
        std::fputs(nothing_read_message(rr).c_str(), stderr);
        return kExitNothingRead;
      }
      auto m = train_model(c, resolve_threads(m_threads));
      m->provenance = "trained on " + std::to_string(c.docs.size()) + " documents";
      save_model(*m, m_out);
      if (!m_read.quiet) log_info("model: " + read_note(rr) + ", " + std::to_string(m->documents) + " distinct texts; written to " + m_out);
      return 0;
    });
  }
  if (*det && !det_model.empty()) {
    int rc = guarded([&] {
      opt.model = load_model(det_model);
      return 0;
    });
    if (rc) return rc;
  }
  iopt.threads = i_threads;
  if (*icreate) {
    return guarded([&] {
      std::shared_ptr<CorpusModel> m;
      if (!model_file.empty()) {
        m = load_model(model_file);
      } else {
        if (train_inputs.empty()) {
          log_error("index create: give --train INPUT... or --model FILE");
          return kExitUsage;
        }
        ReadReport rr;
        Corpus c = read_for_index(train_inputs, i_read, &rr);
        if (rr.documents == 0) {
          std::fputs(nothing_read_message(rr).c_str(), stderr);
          return kExitNothingRead;
        }
        m = train_model(c, resolve_threads(i_threads));
        m->provenance = "trained on " + std::to_string(c.docs.size()) + " documents when the index was created";
      }
      auto index = Index::create(dir, m, iopt);
      if (!i_read.quiet) log_info("index created in " + dir + " (model: " + std::to_string(index->model().documents) + " distinct texts)");
      return 0;
    });
  }
  if (*iadd) {
    return guarded([&] {
      auto index = Index::open(dir, true, iopt);
      if (!add_out.empty()) check_paths({}, {{add_out, "--out"}});
      std::optional<OutputFile> out;
      if (!add_out.empty()) out.emplace(add_out);
      ReadReport rr;
      Corpus c = read_for_index(add_inputs, i_read, &rr);
      BatchResult r = index->add(std::move(c));
      report_failures(r);
      if (out) write_lines(*out, r.relations);
      if (!i_read.quiet) log_info("index add: " + read_note(rr) + ", " + std::to_string(r.documents) + " added, " +
               std::to_string(r.known_ids) + " already indexed (left out), " + std::to_string(r.relations.size()) +
               " new relations from " + std::to_string(r.candidate_pairs) + " pairs aligned");
      return 0;
    });
  }
  if (*istats) {
    return guarded([&] {
      auto index = Index::open(dir, false, iopt);
      IndexStats st = index->stats();
      std::string j = "{\"documents\":" + std::to_string(st.documents) + ",\"duplicates\":" + std::to_string(st.duplicates) +
                      ",\"relations\":" + std::to_string(st.relations) + ",\"relations_by_kind\":{";
      bool first = true;
      for (auto& [k, v] : st.relations_by_kind) {
        j += (first ? "\"" : ",\"") + k + "\":" + std::to_string(v);
        first = false;
      }
      j += "},\"segments\":" + std::to_string(st.segments) + ",\"postings\":" + std::to_string(st.postings) +
           ",\"disk_bytes\":" + std::to_string(st.disk_bytes) + ",\"model_documents\":" + std::to_string(st.model_documents) + "}";
      std::puts(j.c_str());
      return 0;
    });
  }
  if (*iexport) {
    return guarded([&] {
      auto index = Index::open(dir, false, iopt);
      OutputFile out(exp_out);
      index->export_relations(out.stream());
      out.commit();
      return 0;
    });
  }
  if (*iremove) {
    return guarded([&] {
      auto index = Index::open(dir, true, iopt);
      std::vector<std::string> missing;
      uint64_t n = index->remove(rm_ids, &missing);
      for (const auto& id : missing) log_error("index remove: no document " + id);
      if (!i_read.quiet) log_info("index remove: " + std::to_string(n) + " documents removed (with their duplicates and relations)");
      return missing.empty() ? 0 : 1;
    });
  }
  if (*icompact) {
    return guarded([&] {
      auto index = Index::open(dir, true, iopt);
      index->compact();
      return 0;
    });
  }
  if (*qry) {
    return guarded([&] {
      if (q_inputs.empty() == q_text.empty()) {
        log_error("query: give INPUTs or --text (one of them)");
        return kExitUsage;
      }
      auto index = Index::open(dir, false, iopt);
      check_paths({}, {{q_out, "--out"}});
      OutputFile out(q_out);
      Corpus c;
      ReadReport rr;
      if (!q_text.empty()) {
        std::string text;
        if (q_text == "-") {
          char buf[65536];
          size_t got;
          while ((got = std::fread(buf, 1, sizeof buf, stdin)) > 0) text.append(buf, got);
        } else {
          text = q_text;
        }
        Document d;
        d.id = "query";
        d.text = std::move(text);
        d.extra_json = "{}";
        d.origin = "--text";
        c.docs.push_back(std::move(d));
      } else {
        c = read_for_index(q_inputs, i_read, &rr);
      }
      BatchResult r = index->query(std::move(c));
      report_failures(r);
      write_lines(out, r.relations);
      return 0;
    });
  }
  if (*srv) {
    size_t colon = s_listen.rfind(':');
    if (colon == std::string::npos) {
      log_error("--listen: HOST:PORT, e.g. 127.0.0.1:8080");
      return kExitUsage;
    }
    s_opt.host = s_listen.substr(0, colon);
    if (s_opt.host.size() > 2 && s_opt.host.front() == '[' && s_opt.host.back() == ']')
      s_opt.host = s_opt.host.substr(1, s_opt.host.size() - 2);
    try {
      s_opt.port = std::stoi(s_listen.substr(colon + 1));
    } catch (const std::exception&) {
      s_opt.port = -1;
    }
    if (s_opt.port < 0 || s_opt.port > 65535) {
      log_error("--listen: the port is 0 to 65535");
      return kExitUsage;
    }
    if (!s_token_file.empty()) {
      std::ifstream tf(s_token_file);
      if (!tf) {
        log_error(s_token_file + ": cannot read the token file");
        return 2;
      }
      std::string t((std::istreambuf_iterator<char>(tf)), std::istreambuf_iterator<char>());
      while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
      while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(0, 1);
      if (t.size() < 16) {
        log_error(s_token_file + ": the token must have at least 16 characters");
        return 2;
      }
      s_opt.token = t;
    }
    s_opt.max_body_bytes = static_cast<size_t>(s_max_body_mb * 1024 * 1024);
    s_opt.request_timeout_ms = static_cast<int>(s_timeout * 1000);
    return serve::run_until_signal(s_opt);
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
