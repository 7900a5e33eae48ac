#include "common/pg/copy_text.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <system_error>

namespace opmon::pg {

void AppendCopyEscaped(std::string& out, std::string_view text) {
  // Copies runs of plain characters at once: escapes are rare.
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char* escape = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
    if (escape == nullptr) continue;
    out.append(text.data() + run, i - run);
    out += escape;
    run = i + 1;
  }
  out.append(text.data() + run, text.size() - run);
}

void CopyLine::Add(std::string_view value) {
  Separate();
  AppendCopyEscaped(text_, value);
}

void CopyLine::AddUnescaped(std::string_view value) {
  assert(value.find_first_of("\\\t\n\r") == std::string_view::npos);
  Separate();
  text_.append(value);
}

void CopyLine::AddNull() {
  Separate();
  text_ += kCopyNull;
}

void CopyLine::AddDouble(double value) {
  if (std::isnan(value)) {
    AddNull();
    return;
  }
  if (std::isinf(value)) {
    AddUnescaped(value > 0 ? "Infinity" : "-Infinity");
    return;
  }
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (ec != std::errc()) {
    AddNull();
    return;
  }
  AddUnescaped(std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

}  // namespace opmon::pg
