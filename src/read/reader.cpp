#include "read/reader.h"

#include <simdjson.h>
#include <unicode/ucnv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unordered_set>

#include "core/utf8.h"
#include "read/line_source.h"

namespace retrace {
namespace fs = std::filesystem;

uint64_t ReadReport::total_skipped() const {
  uint64_t n = 0;
  for (auto& [k, v] : skipped) n += v;
  return n;
}

void ReadReport::hint(const std::string& h) {
  if (hints.size() < 8 && std::find(hints.begin(), hints.end(), h) == hints.end()) hints.push_back(h);
}

std::string nothing_read_message(const ReadReport& report) {
  uint64_t n = report.total_skipped();
  std::string out = "retrace: error: no usable document read (" + std::to_string(n) + (n == 1 ? " record" : " records") +
                    " skipped); nothing written\n";
  if (!report.first_problem.empty()) out += "retrace:   first: " + report.first_problem + "\n";
  for (const auto& h : report.hints) out += "retrace:   hint: " + h + "\n";
  return out;
}

void check_inputs(const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw InputError("no input given");
  for (const auto& p : inputs) {
    if (p == "-") continue;
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) throw InputError(p + ": no such file or folder");
    if (fs::is_directory(st)) {
      if (access(p.c_str(), R_OK | X_OK) != 0) throw InputError(p + ": folder is not readable");
      continue;
    }
    if (access(p.c_str(), R_OK) != 0) throw InputError(p + ": file is not readable");
  }
}

namespace {

class Reader {
 public:
  Reader(const ReadOptions& o, const std::function<void(Document&&)>& on_doc, ReadReport* r,
         std::function<void(const Problem&)> on_problem)
      : opt_(o), on_doc_(on_doc), report_(r), on_problem_(std::move(on_problem)) {}

  void problem(const std::string& where, const std::string& reason, const std::string& detail) {
    uint64_t n = ++report_->skipped[reason];
    Problem p{reason, where, where + ": " + reason + (detail.empty() ? "" : ": " + detail)};
    if (report_->first_problem.empty()) report_->first_problem = p.message;
    if (on_problem_) {
      on_problem_(p);
    } else if (opt_.quiet) {
    } else if (n <= opt_.messages_per_reason) {
      std::fprintf(stderr, "retrace: skipped %s\n", p.message.c_str());
      if (n == opt_.messages_per_reason)
        std::fprintf(stderr, "retrace: (further '%s' messages are only counted)\n", reason.c_str());
    }
  }

  // A record kept, but with a note (counted in ReadReport::warnings).
  void warn(const std::string& where, const std::string& reason, const std::string& detail) {
    uint64_t n = ++report_->warnings[reason];
    if (n <= opt_.messages_per_reason && !on_problem_ && !opt_.quiet) {
      std::fprintf(stderr, "retrace: note: %s: %s: %s\n", where.c_str(), reason.c_str(), detail.c_str());
      if (n == opt_.messages_per_reason)
        std::fprintf(stderr, "retrace: (further '%s' notes are only counted)\n", reason.c_str());
    }
  }

  // For a first record that is not a JSON object: what the file probably is instead.
  void hint_format(const std::string& name, const std::string& line) {
    size_t i = line.find_first_not_of(" \t");
    char c = i == std::string::npos ? ' ' : line[i];
    size_t bad = 0;
    if (!utf8_valid(line, &bad) || line.find('\0') != std::string::npos)
      report_->hint(name + " is not text: compressed in a format retrace does not read? (it reads gzip, zstd, "
                    "bzip2 and xz)");
    else if (c == '[')
      report_->hint(name + " starts with '[': a JSON array, not JSON Lines (one object per line)");
    else if (c != '{' && (line.find(',') != std::string::npos || line.find('\t') != std::string::npos))
      report_->hint(name + " looks like CSV or TSV, not JSON Lines (one object per line)");
  }

  // For a record without a usable id or text: the field that probably holds it.
  void hint_field(simdjson::dom::object obj, const char* missing, const char* option,
                  std::initializer_list<const char*> likely) {
    for (const char* k : likely) {
      simdjson::dom::element v;
      if (obj[k].get(v) == simdjson::SUCCESS) {
        report_->hint(std::string("records have no \"") + missing + "\" field but a \"" + k + "\" one: use " +
                      option + " " + k);
        return;
      }
    }
  }

  static bool decode_windows_1252(const std::string& in, std::string* out) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t cap = static_cast<int32_t>(in.size() * 3 + 4);
    out->assign(static_cast<size_t>(cap), '\0');
    int32_t n = ucnv_convert("UTF-8", "windows-1252", out->data(), cap, in.data(), static_cast<int32_t>(in.size()), &status);
    if (U_FAILURE(status)) return false;
    out->resize(static_cast<size_t>(n));
    return true;
  }

  // Checks a document built by either input kind; hands it on if valid.
  void accept(Document&& d, const std::string& where) {
    size_t bad = 0;
    if (d.text.size() > opt_.max_text_bytes) {
      problem(where, "text too large",
              std::to_string(d.text.size()) + " bytes, limit " + std::to_string(opt_.max_text_bytes));
      return;
    }
    if (!simdjson::validate_utf8(d.text.data(), d.text.size()) && !utf8_valid(d.text, &bad)) {
      problem(where, "invalid UTF-8", "at byte " + std::to_string(bad) + " of the text");
      return;
    }
    if (std::all_of(d.text.begin(), d.text.end(),
                    [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; })) {
      problem(where, "empty text", "id " + d.id);
      return;
    }
    if (!ids_.insert(d.id).second) {
      problem(where, "duplicate id", "'" + d.id + "' was seen before; this record is skipped");
      return;
    }
    if (!d.date.empty()) {
      int64_t t;
      if (parse_iso_date(d.date, &t)) d.time = t;
      else warn(where, "unreadable date", "'" + d.date + "' is not ISO 8601; the date is ignored");
    }
    d.origin = where;
    report_->documents++;
    report_->bytes += d.text.size();
    on_doc_(std::move(d));
  }

  void read_jsonl(const std::string& path) {
    auto src = open_lines(path);
    std::string line;
    uint64_t lineno = 0;
    const std::string name = path == "-" ? "<stdin>" : path;
    bool seen_record = false;
    while (src->next(line)) {
      ++lineno;
      if (lineno == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // byte order mark
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
      std::string where = name + ":" + std::to_string(lineno);
      if (line.size() > opt_.max_text_bytes + (1u << 20)) {
        seen_record = true;
        problem(where, "text too large", std::to_string(line.size()) + " bytes in the record");
        continue;
      }
      size_t bad = 0;
      // simdjson's vectorised check first; ours, which names the offending byte, on failure.
      if (!simdjson::validate_utf8(line.data(), line.size()) && !utf8_valid(line, &bad)) {
        if (!seen_record) hint_format(name, line);
        seen_record = true;
        problem(where, "invalid UTF-8", "at byte " + std::to_string(bad) + " of the line");
        continue;
      }
      simdjson::dom::element el;
      auto err = parser_.parse(line).get(el);
      simdjson::dom::object obj;
      bool first = !seen_record;
      seen_record = true;
      if (err || el.get_object().get(obj)) {
        if (first) hint_format(name, line);
        problem(where, "not JSON", err ? simdjson::error_message(err) : "the line is JSON but not an object");
        continue;
      }
      Document d;
      bool has_id = false, has_text = false;
      std::string extra = "{";
      for (auto field : obj) {
        std::string_view k = field.key;
        auto v = field.value;
        auto str = [&](std::string* out) {
          std::string_view sv;
          if (v.get_string().get(sv) == simdjson::SUCCESS) { out->assign(sv); return true; }
          return false;
        };
        if (k == "id") {
          if (str(&d.id)) has_id = !d.id.empty();
          else if (v.is_int64() || v.is_uint64()) { d.id = simdjson::to_string(v); has_id = true; }
        } else if (k == "text") {
          has_text = str(&d.text);
        } else if (k == "title") {
          str(&d.title);
        } else if (k == "date") {
          str(&d.date);
        } else if (k == "source") {
          str(&d.source);
        } else if (k == "url") {
          str(&d.url);
        } else {
          if (extra.size() > 1) extra.push_back(',');
          json_escape(extra, k);
          extra.push_back(':');
          extra += simdjson::minify(v);
        }
      }
      extra.push_back('}');
      if (!has_id) {
        hint_field(obj, "id", "--id-field", {"guid", "uuid", "_id", "doc_id", "article_id", "url", "link"});
        problem(where, "missing id", "a string or integer \"id\" is required");
        continue;
      }
      if (!has_text) {
        hint_field(obj, "text", "--text-field",
                   {"body", "content", "article", "story", "full_text", "fulltext", "maintext", "description"});
        problem(where, "missing text", "a string \"text\" is required (id " + d.id + ")");
        continue;
      }
      d.extra_json = std::move(extra);
      accept(std::move(d), where);
    }
    if (!seen_record) report_->hint(name + " is empty");
  }

  void read_folder(const std::string& dir) {
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) report_->hint("folder " + dir + " has no .txt files");
    for (auto& f : files) {
      Document d;
      d.id = f.stem().string();
      std::string where = f.string();
      try {
        d.text = read_file(f.string());
      } catch (const InputError& e) {
        problem(where, "unreadable file", e.what());
        continue;
      }
      if (d.text.size() >= 3 && d.text.compare(0, 3, "\xEF\xBB\xBF") == 0) d.text.erase(0, 3);  // BOM
      // Plain text files from older archives are often Windows-1252: decode them rather than
      // lose them (JSON Lines must be UTF-8 and get no such second chance).
      size_t bad = 0;
      if (!utf8_valid(d.text, &bad) && d.text.size() <= opt_.max_text_bytes) {
        std::string converted;
        if (decode_windows_1252(d.text, &converted)) {
          warn(where, "not UTF-8", "invalid byte at " + std::to_string(bad) + "; decoded as Windows-1252");
          d.text = std::move(converted);
        }
      }
      d.extra_json = "{}";
      accept(std::move(d), where);
    }
  }

 private:
  const ReadOptions& opt_;
  const std::function<void(Document&&)>& on_doc_;
  ReadReport* report_;
  std::function<void(const Problem&)> on_problem_;
  std::unordered_set<std::string> ids_;
  simdjson::dom::parser parser_;
};

}  // namespace

void read_inputs(const std::vector<std::string>& inputs, const ReadOptions& options,
                 const std::function<void(Document&&)>& on_doc, ReadReport* report,
                 std::function<void(const Problem&)> on_problem) {
  Reader r(options, on_doc, report, std::move(on_problem));
  for (const auto& p : inputs) {
    std::error_code ec;
    if (p != "-" && fs::is_directory(p, ec)) r.read_folder(p);
    else r.read_jsonl(p);
  }
}

Corpus read_corpus(const std::vector<std::string>& inputs, const ReadOptions& options, ReadReport* report,
                   std::function<void(const Problem&)> on_problem) {
  Corpus c;
  read_inputs(inputs, options, [&](Document&& d) { c.docs.push_back(std::move(d)); }, report,
              std::move(on_problem));
  return c;
}

}  // namespace retrace
