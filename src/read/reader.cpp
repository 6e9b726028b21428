#include "read/reader.h"

#include <simdjson.h>
#include <unicode/ucnv.h>
#include <unicode/uchar.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <unordered_set>

#include "core/log.h"
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
  if (log_format() == LogFormat::kJson) {
    std::string out = "{\"level\":\"error\",\"message\":";
    json_escape(out, "no usable document read (" + std::to_string(n) + " skipped); nothing written");
    out += ",\"first\":";
    json_escape(out, report.first_problem);
    out += ",\"hints\":[";
    for (size_t i = 0; i < report.hints.size(); ++i) {
      if (i) out += ',';
      json_escape(out, report.hints[i]);
    }
    return out + "]}\n";
  }
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
      log_message("skipped", where, reason, detail);
      if (n == opt_.messages_per_reason) log_message("info", "", "", "(further '" + reason + "' messages are only counted)");
    }
  }

  // A record kept, but with a note (counted in ReadReport::warnings).
  void warn(const std::string& where, const std::string& reason, const std::string& detail) {
    uint64_t n = ++report_->warnings[reason];
    if (n <= opt_.messages_per_reason && !on_problem_ && !opt_.quiet) {
      log_message("note", where, reason, detail);
      if (n == opt_.messages_per_reason) log_message("info", "", "", "(further '" + reason + "' notes are only counted)");
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
    else if (c != '{' && (line.find(',') != std::string::npos || line.find('\t') != std::string::npos))
      report_->hint(name + " looks like CSV or TSV, not JSON: a name ending .csv or .tsv is read as such");
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

  // True if the text holds nothing but white space (any Unicode white space, and invisible
  // code points such as the zero-width space or a byte order mark).
  static bool blank(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
      char32_t c = utf8_next(text, i);
      if (!u_isUWhiteSpace(static_cast<UChar32>(c)) &&
          !u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
        return false;
    }
    return true;
  }

  // Checks a document built by either input kind; hands it on if valid.
  void accept(Document&& d, const std::string& where) {
    size_t bad = 0;
    // Offsets into a text are 32-bit: no text over 4 GiB, whatever max_text_bytes says.
    if (d.text.size() > std::min<size_t>(opt_.max_text_bytes, UINT32_MAX)) {
      problem(where, "text too large",
              std::to_string(d.text.size()) + " bytes, limit " + std::to_string(opt_.max_text_bytes));
      return;
    }
    if (!simdjson::validate_utf8(d.text.data(), d.text.size()) && !utf8_valid(d.text, &bad)) {
      problem(where, "invalid UTF-8", "at byte " + std::to_string(bad) + " of the text");
      return;
    }
    if (blank(d.text)) {
      problem(where, "empty text", "id " + d.id);
      return;
    }
    if (!ids_.insert(d.id).second) {
      problem(where, "duplicate id", "'" + d.id + "' was seen before; this record is skipped");
      return;
    }
    if (!d.date.empty()) {
      int64_t t;
      if (parse_date(d.date, &t, opt_.date_format)) d.time = t;
      else
        warn(where, "unreadable date",
             "'" + d.date + "' is not a date (ISO 8601, RFC 2822, epoch seconds" +
                 (opt_.date_format.empty() ? "" : ", " + opt_.date_format) + "); the date is ignored");
    }
    d.origin = where;
    report_->documents++;
    report_->bytes += d.text.size();
    on_doc_(std::move(d));
  }

  void read_jsonl(const std::string& path) {
    auto src = open_lines(path);
    // A record longer than this is skipped without holding it in memory (a JSON array or a
    // CSV file is held whole: it is one record of the line source, so it is not cut).
    const size_t max_record = opt_.max_text_bytes + (1u << 20);
    // JSON Lines records are capped from the first line on; a JSON array (first character
    // '[') or a CSV file may have a longer first line and is read whole.
    std::string_view head = src->peek();
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    size_t lead = head.find_first_not_of(" \t\r\n");
    if (!is_csv_name(path) && (lead == std::string_view::npos || head[lead] != '[')) src->set_max_line(max_record);
    std::string line;
    uint64_t lineno = 0;
    const std::string name = path == "-" ? "<stdin>" : path;
    bool seen_record = false;
    while (src->next(line)) {
      ++lineno;
      if (lineno == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // byte order mark
      size_t first_char = line.find_first_not_of(" \t\r");
      if (first_char == std::string::npos) continue;  // blank line
      if (!seen_record && line[first_char] == '[' && !src->cut_length()) {  // a JSON array, not JSON Lines
        read_array(name, line, *src, lineno);
        return;
      }
      if (!seen_record && is_csv_name(name) && !src->cut_length()) {
        read_csv(name, line, *src, lineno);
        return;
      }
      std::string where = name + ":" + std::to_string(lineno);
      size_t length = src->cut_length() ? src->cut_length() : line.size();
      if (length > max_record) {
        seen_record = true;
        problem(where, "text too large", std::to_string(length) + " bytes in the record");
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
      bool first = !seen_record;
      seen_record = true;
      simdjson::dom::element el;
      if (!parse_json(line, where, &el)) {
        if (first) hint_format(name, line);
        continue;
      }
      simdjson::dom::object obj;
      if (el.get_object().get(obj)) {
        if (first) hint_format(name, line);
        problem(where, "not JSON", "the line is JSON but not an object");
        continue;
      }
      from_object(obj, where);
    }
    if (!seen_record) report_->hint(name + " is empty");
  }

  // Parses JSON text; numbers too big for a 64-bit integer or a double are kept as text (a
  // note), rather than losing the record. False, with the problem reported, if not JSON.
  bool parse_json(const std::string& text, const std::string& where, simdjson::dom::element* el) {
    auto err = parser_.parse(text).get(*el);
    if (err == simdjson::NUMBER_ERROR) {
      quoted_ = quote_big_numbers(text);
      if (parser_.parse(quoted_).get(*el) == simdjson::SUCCESS) {
        warn(where, "number kept as text", "a number too large for a 64-bit value is kept as a string");
        return true;
      }
    }
    if (err) {
      problem(where, "not JSON", simdjson::error_message(err));
      return false;
    }
    return true;
  }

  // The text with every number that does not fit a 64-bit integer or a double in quotes.
  static std::string quote_big_numbers(const std::string& in) {
    std::string out;
    out.reserve(in.size() + 16);
    bool in_string = false;
    for (size_t i = 0; i < in.size();) {
      char c = in[i];
      if (in_string) {
        out.push_back(c);
        if (c == '\\' && i + 1 < in.size()) out.push_back(in[++i]);
        else if (c == '"') in_string = false;
        ++i;
        continue;
      }
      if (c == '"') {
        in_string = true;
        out.push_back(c);
        ++i;
        continue;
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        size_t j = i + 1;
        while (j < in.size() && (std::isdigit(static_cast<unsigned char>(in[j])) || (in[j] && std::strchr(".eE+-", in[j])))) ++j;
        std::string tok = in.substr(i, j - i);
        bool integer = tok.find_first_of(".eE") == std::string::npos;
        size_t digits = tok.size() - (tok[0] == '-');
        bool big = integer ? digits > 19 : !std::isfinite(std::strtod(tok.c_str(), nullptr));
        if (big) out += '"' + tok + '"';
        else out += tok;
        i = j;
        continue;
      }
      out.push_back(c);
      ++i;
    }
    return out;
  }

  // The value at a dotted path ("meta.id"): a top-level key of that exact name first, else
  // the path walked through nested objects.
  static bool lookup(simdjson::dom::object obj, const std::string& path, simdjson::dom::element* out) {
    if (obj[path].get(*out) == simdjson::SUCCESS) return true;
    if (path.find('.') == std::string::npos) return false;
    simdjson::dom::object cur = obj;
    size_t b = 0;
    for (;;) {
      size_t e = path.find('.', b);
      std::string key = path.substr(b, e == std::string::npos ? std::string::npos : e - b);
      if (cur[key].get(*out) != simdjson::SUCCESS) return false;
      if (e == std::string::npos) return true;
      if (out->get_object().get(cur) != simdjson::SUCCESS) return false;
      b = e + 1;
    }
  }

  static bool string_or_integer(simdjson::dom::element v, std::string* out) {
    std::string_view sv;
    if (v.get_string().get(sv) == simdjson::SUCCESS) {
      out->assign(sv);
      return true;
    }
    if (v.is_int64() || v.is_uint64()) {
      *out = simdjson::to_string(v);
      return true;
    }
    return false;
  }

  // A record given as a JSON object (a JSON Lines line or an element of a JSON array).
  void from_object(simdjson::dom::object obj, const std::string& where) {
    Document d;
    simdjson::dom::element v;
    std::string_view sv;
    bool has_id = lookup(obj, opt_.id_field, &v) && string_or_integer(v, &d.id) && !d.id.empty();
    bool has_text = lookup(obj, opt_.text_field, &v) && v.get_string().get(sv) == simdjson::SUCCESS;
    if (has_text) d.text.assign(sv);
    if (lookup(obj, opt_.date_field, &v)) string_or_integer(v, &d.date);  // epoch seconds may be a number
    auto str = [&](const char* k, std::string* out) {
      if (obj[k].get(v) == simdjson::SUCCESS && v.get_string().get(sv) == simdjson::SUCCESS) out->assign(sv);
    };
    str("title", &d.title);
    str("source", &d.source);
    str("url", &d.url);
    std::string extra = "{";
    for (auto field : obj) {
      std::string_view k = field.key;
      if (k == opt_.id_field || k == opt_.text_field || k == opt_.date_field || k == "title" || k == "source" ||
          k == "url")
        continue;
      if (extra.size() > 1) extra.push_back(',');
      json_escape(extra, k);
      extra.push_back(':');
      extra += simdjson::minify(field.value);
    }
    extra.push_back('}');
    if (!has_text)
      hint_field(obj, "text", "--text-field",
                 {"body", "content", "article", "story", "full_text", "fulltext", "maintext", "description"});
    if (!has_id) {
      hint_field(obj, "id", "--id-field", {"guid", "uuid", "_id", "doc_id", "article_id", "url", "link"});
      problem(where, "missing id", "a string or integer \"" + opt_.id_field + "\" is required");
      return;
    }
    if (!has_text) {
      problem(where, "missing text", "a string \"" + opt_.text_field + "\" is required (id " + d.id + ")");
      return;
    }
    d.extra_json = std::move(extra);
    accept(std::move(d), where);
  }

  // A JSON array of objects (the whole input, read into memory). Records are named
  // "FILE: element N" (1-based).
  void read_array(const std::string& name, const std::string& first_line, LineSource& src, uint64_t lineno) {
    std::string text = first_line, line;
    while (src.next(line)) {
      text += '\n';
      text += line;
    }
    size_t bad = 0;
    if (!simdjson::validate_utf8(text.data(), text.size()) && !utf8_valid(text, &bad)) {
      problem(name + ":" + std::to_string(lineno), "invalid UTF-8", "at byte " + std::to_string(bad) + " of the array");
      return;
    }
    simdjson::dom::element el;
    if (!parse_json(text, name + ":" + std::to_string(lineno), &el)) return;
    simdjson::dom::array arr;
    if (el.get_array().get(arr)) return;
    size_t i = 0;
    for (auto item : arr) {
      std::string where = name + ": element " + std::to_string(++i);
      simdjson::dom::object obj;
      if (item.get_object().get(obj)) {
        problem(where, "not JSON", "the element is not an object");
        continue;
      }
      from_object(obj, where);
    }
    if (i == 0) report_->hint(name + " is an empty JSON array");
  }

  static bool is_csv_name(const std::string& name) {
    for (const char* ext : {".csv", ".tsv"}) {
      size_t p = name.rfind(ext);
      if (p != std::string::npos && (p + 4 == name.size() || name[p + 4] == '.')) return true;  // .csv, .csv.gz
    }
    return false;
  }

  // CSV (comma) or TSV (tab; by the name .tsv) with a header row naming the columns, quoted
  // fields as in RFC 4180 (with "" for a quote and line breaks inside quotes). Columns named
  // like the fields (--id-field, --text-field, --date-field, title, source, url) fill them;
  // the others are kept as extra fields (strings).
  void read_csv(const std::string& name, const std::string& first_line, LineSource& src, uint64_t lineno) {
    const char sep = name.find(".tsv") != std::string::npos ? '\t' : ',';
    std::string line = first_line;
    bool have_line = true;
    auto next_row = [&](std::vector<std::string>* row, uint64_t* start, bool* ok) {
      row->clear();
      *ok = true;
      while (true) {
        if (!have_line) {
          if (!src.next(line)) return false;
          ++lineno;
        }
        have_line = false;
        if (!line.empty() || !row->empty()) break;  // blank lines between rows
      }
      *start = lineno;
      std::string field;
      bool quoted = false, was_quoted = false;
      size_t i = 0;
      for (;;) {
        if (i == line.size()) {
          if (quoted) {  // a line break inside quotes
            field += '\n';
            if (!src.next(line)) { *ok = false; break; }
            ++lineno;
            i = 0;
            continue;
          }
          break;
        }
        char c = line[i++];
        if (quoted) {
          if (c == '"') {
            if (i < line.size() && line[i] == '"') { field += '"'; ++i; }
            else quoted = false;
          } else {
            field += c;
          }
        } else if (c == '"' && field.empty() && !was_quoted) {
          quoted = was_quoted = true;
        } else if (c == sep) {
          row->push_back(std::move(field));
          field.clear();
          was_quoted = false;
        } else {
          field += c;
        }
      }
      row->push_back(std::move(field));
      return true;
    };
    std::vector<std::string> header, row;
    uint64_t start = 0;
    bool ok = true;
    if (!next_row(&header, &start, &ok)) return;
    auto column = [&](const std::string& f) -> int {
      for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == f) return static_cast<int>(i);
      return -1;
    };
    int id_col = column(opt_.id_field), text_col = column(opt_.text_field), date_col = column(opt_.date_field);
    int title_col = column("title"), source_col = column("source"), url_col = column("url");
    if (id_col < 0 || text_col < 0) {
      for (const char* k : {"body", "content", "article", "story"})
        if (text_col < 0 && column(k) >= 0)
          report_->hint(std::string("CSV has no \"text\" column but a \"") + k + "\" one: use --text-field " + k);
      problem(name + ":" + std::to_string(start), id_col < 0 ? "missing id" : "missing text",
              "the header row names no \"" + (id_col < 0 ? opt_.id_field : opt_.text_field) + "\" column");
      return;
    }
    while (next_row(&row, &start, &ok)) {
      std::string where = name + ":" + std::to_string(start);
      if (!ok) {
        problem(where, "bad CSV row", "a quoted field is not closed");
        break;
      }
      if (row.size() != header.size()) {
        problem(where, "bad CSV row",
                std::to_string(row.size()) + " fields, the header has " + std::to_string(header.size()));
        continue;
      }
      Document d;
      d.id = row[id_col];
      if (d.id.empty()) {
        problem(where, "missing id", "the \"" + opt_.id_field + "\" column is empty");
        continue;
      }
      d.text = row[text_col];
      if (date_col >= 0) d.date = row[date_col];
      if (title_col >= 0) d.title = row[title_col];
      if (source_col >= 0) d.source = row[source_col];
      if (url_col >= 0) d.url = row[url_col];
      std::string extra = "{";
      for (size_t i = 0; i < header.size(); ++i) {
        int c = static_cast<int>(i);
        if (c == id_col || c == text_col || c == date_col || c == title_col || c == source_col || c == url_col) continue;
        if (extra.size() > 1) extra.push_back(',');
        json_escape(extra, header[i]);
        extra.push_back(':');
        json_escape(extra, row[i]);
      }
      extra.push_back('}');
      size_t bad = 0;
      if (!utf8_valid(extra, &bad)) extra = "{}";  // accept() reports the text; extra fields are dropped
      d.extra_json = std::move(extra);
      accept(std::move(d), where);
    }
  }

  // The .txt files of a folder and its sub-folders (symbolic links to folders are not
  // followed, so there are no loops); an entry that cannot be read is skipped with a note.
  void collect_txt(const fs::path& dir, std::vector<fs::path>& files) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      problem(dir.string(), "unreadable entry", "folder cannot be read: " + ec.message());
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        problem(dir.string(), "unreadable entry", ec.message());
        return;
      }
      const fs::path& p = it->path();
      std::error_code sec;
      auto lst = fs::symlink_status(p, sec);
      if (!sec && fs::is_directory(lst)) {
        collect_txt(p, files);
        continue;
      }
      if (p.extension() != ".txt") continue;
      auto st = fs::status(p, sec);  // follows a symbolic link to a file
      if (sec) {
        problem(p.string(), "unreadable entry", sec.message());  // a symbolic link loop, a dangling link
        continue;
      }
      if (fs::is_regular_file(st)) files.push_back(p);
    }
  }

  void read_folder(const std::string& dir) {
    std::vector<fs::path> files;
    collect_txt(dir, files);
    std::sort(files.begin(), files.end());
    if (files.empty()) report_->hint("folder " + dir + " has no .txt files");
    for (auto& f : files) {
      Document d;
      // The path inside the folder, without .txt: a/story.txt and b/story.txt stay apart.
      fs::path rel = f.lexically_relative(dir);
      d.id = (rel.empty() ? f.filename() : rel).replace_extension().generic_string();
      std::string where = f.string();
      std::error_code ec;
      uintmax_t bytes = fs::file_size(f, ec);
      if (!ec && bytes > opt_.max_text_bytes + 3) {  // + a byte order mark; decoding never shrinks
        problem(where, "text too large",
                std::to_string(bytes) + " bytes, limit " + std::to_string(opt_.max_text_bytes) + " (not read)");
        continue;
      }
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
  std::string quoted_;  // a line with its big numbers quoted (the parser's document refers to it)
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
