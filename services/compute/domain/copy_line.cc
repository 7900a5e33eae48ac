#include "services/compute/domain/copy_line.h"

#include <cassert>

namespace opmon::compute {

void CopyLine::Separate() {
  if (fields_++ > 0) text_.push_back('\t');
}

void CopyLine::Add(std::string_view value) {
  Separate();
  // Copies runs of plain characters at once: escapes are rare.
  size_t run = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const char* escape = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
    if (escape == nullptr) continue;
    text_.append(value.data() + run, i - run);
    text_ += escape;
    run = i + 1;
  }
  text_.append(value.data() + run, value.size() - run);
}

void CopyLine::AddUnescaped(std::string_view value) {
  assert(value.find_first_of("\\\t\n\r") == std::string_view::npos);
  Separate();
  text_.append(value);
}

void CopyLine::AddNull() {
  Separate();
  text_ += "\\N";
}

}  // namespace opmon::compute
