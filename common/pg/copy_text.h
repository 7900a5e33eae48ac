#pragma once
// PostgreSQL COPY text format, written once for every COPY opmon sends
// (compute's per-client and statistics rows, datagen's warehouse tables):
// fields separated by tabs, lines ended by the caller, NULL as \N, and
// backslash, tab, newline and carriage return backslash-escaped.
//
// Both pieces sit on compute's per-client path (bench/compute measures it):
// escaping copies runs of plain characters at once, and CopyLine reuses its
// buffer across lines. CopyLineFields reads the same format back (compute's
// legacy import reads pg_dump data files and COPY ... TO STDOUT with it).

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace opmon::pg {

// The NULL marker of COPY text format.
inline constexpr std::string_view kCopyNull = "\\N";

// Appends `text` to `out` with COPY's escapes (\\, \t, \n, \r); every other
// byte is copied as it is.
void AppendCopyEscaped(std::string& out, std::string_view text);

// One line of COPY text, built field by field (without the final newline).
class CopyLine {
 public:
  // Empties the line, keeping its capacity.
  void Clear() {
    text_.clear();
    fields_ = 0;
  }
  void Add(std::string_view value);
  // For text opmon writes itself that holds no character COPY escapes
  // (numbers, the merged histogram JSON): appended as it is.
  void AddUnescaped(std::string_view value);
  // A field already in COPY form: AppendCopyEscaped's output or kCopyNull
  // (a value escaped once and written in many lines).
  void AddEscaped(std::string_view field);
  void AddNull();
  // The value, or NULL when there is none.
  void AddOptional(const std::optional<std::string>& value) { value ? Add(*value) : AddNull(); }
  // A double in shortest round-trip form; NaN as NULL, infinities as
  // Infinity / -Infinity (PostgreSQL's spelling).
  void AddDouble(double value);
  void AddInt(int64_t value);
  const std::string& text() const { return text_; }

 private:
  void Separate() {
    if (fields_++ > 0) text_.push_back('\t');
  }
  std::string text_;
  int fields_ = 0;
};

// The terminator line some COPY text ends with (pg_dump's data files).
inline constexpr std::string_view kCopyEndOfData = "\\.";

// The fields of one line of COPY text (without its newline), decoded:
// COPY's escapes undone (\b \f \n \r \t \v \\, \ooo octal, \xhh hex, any
// other escaped character as itself), a field that is exactly \N nullopt.
// A field without escapes is a view into the line; one with escapes views
// a buffer of the decoder's, reused from line to line (the per-ping path of
// the error aggregation reads a million lines without copying a field).
// Views are valid until the next Decode and while the line lives. Not
// thread-safe.
class CopyLineFields {
 public:
  // InvalidArgument when the line ends in a lone backslash.
  absl::Status Decode(std::string_view line);
  size_t size() const { return fields_.size(); }
  const std::optional<std::string_view>& operator[](size_t i) const { return fields_[i]; }

 private:
  std::vector<std::optional<std::string_view>> fields_;
  // By field index; a deque, so growing it moves no string a view points into.
  std::deque<std::string> unescaped_;
};

}  // namespace opmon::pg
