#pragma once
// One line of PostgreSQL COPY text format: fields separated by tabs, NULL as
// \N, backslash, tab, newline and carriage return escaped.

#include <string>
#include <string_view>

namespace opmon::compute {

class CopyLine {
 public:
  void Clear() { text_.clear(); fields_ = 0; }
  void Add(std::string_view value);
  // For text opmon writes itself that holds no character COPY escapes
  // (numbers, the merged histogram JSON): appended as it is.
  void AddUnescaped(std::string_view value);
  void AddNull();
  const std::string& text() const { return text_; }

 private:
  void Separate();
  std::string text_;
  int fields_ = 0;
};

}  // namespace opmon::compute
