// serve/json.h — writing JSON strings (the server builds its answers as text).
#pragma once
#include <string>
#include <string_view>

#include "core/utf8.h"

namespace retrace::serve::json {

// Appends `s` as a JSON string: quotes, backslashes and control characters escaped, and
// U+2028/U+2029 and '<' '>' '&' as \u escapes too, so that the text is safe wherever it lands.
inline void str(std::string& out, std::string_view s) { json_escape(out, s, true); }

}  // namespace retrace::serve::json
