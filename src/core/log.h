// core/log.h — what retrace says on standard error: text for people ("retrace: skipped
// FILE:LINE: REASON: DETAIL"), or, with --log-format json, one JSON object per line for
// machines: {"level": "skipped", "where": "FILE:LINE", "reason": "...", "detail": "..."}.
// Levels: "error", "skipped" (a record left out), "note" (a record kept with a note), "info".
#pragma once
#include <string>

namespace retrace {

enum class LogFormat { kText, kJson };

void set_log_format(LogFormat format);
LogFormat log_format();

// One message; where and reason may be empty. Thread-safe (one write per message).
void log_message(const std::string& level, const std::string& where, const std::string& reason,
                 const std::string& detail);

// log_message("error", "", "", message).
void log_error(const std::string& message);

// A JSON object of its own on one line (the run's summary under --log-format json).
void log_json_line(const std::string& json_object);

}  // namespace retrace
