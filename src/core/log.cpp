#include "core/log.h"

#include <atomic>
#include <cstdio>

#include "core/utf8.h"

namespace retrace {
namespace {

std::atomic<LogFormat> g_format{LogFormat::kText};

void put(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stderr);  // stderr is unbuffered: one write, one line
}

}  // namespace

void set_log_format(LogFormat format) { g_format = format; }
LogFormat log_format() { return g_format; }

void log_message(const std::string& level, const std::string& where, const std::string& reason,
                 const std::string& detail) {
  std::string line;
  if (g_format == LogFormat::kJson) {
    line = "{\"level\":";
    json_escape(line, level);
    if (!where.empty()) {
      line += ",\"where\":";
      json_escape(line, where);
    }
    if (!reason.empty()) {
      line += ",\"reason\":";
      json_escape(line, reason);
    }
    line += ",\"message\":";
    json_escape(line, detail);
    line += "}\n";
  } else {
    line = "retrace: ";
    if (level == "skipped") line += "skipped ";
    else if (level != "info") line += level + ": ";
    if (!where.empty()) line += where + ": ";
    if (!reason.empty()) line += reason + (detail.empty() ? "" : ": ");
    line += detail + "\n";
  }
  put(line);
}

void log_error(const std::string& message) { log_message("error", "", "", message); }

void log_json_line(const std::string& json_object) { put(json_object + "\n"); }

}  // namespace retrace
