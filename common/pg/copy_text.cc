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

void CopyLine::AddEscaped(std::string_view field) {
  Separate();
  text_.append(field);
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

void CopyLine::AddInt(int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  AddUnescaped(std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

}  // namespace opmon::pg

namespace opmon::pg {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

// Decodes the escape at text[i] == '\\' into `out`; returns the index after it.
size_t DecodeEscape(std::string_view text, size_t i, std::string& out) {
  const char c = text[i + 1];
  switch (c) {
    case 'b': out.push_back('\b'); return i + 2;
    case 'f': out.push_back('\f'); return i + 2;
    case 'n': out.push_back('\n'); return i + 2;
    case 'r': out.push_back('\r'); return i + 2;
    case 't': out.push_back('\t'); return i + 2;
    case 'v': out.push_back('\v'); return i + 2;
    default: break;
  }
  // As PostgreSQL's CopyReadAttributesText: up to three octal digits, or
  // 'x' and up to two hex digits; anything else stands for itself.
  if (IsOctal(c)) {
    int value = 0;
    size_t j = i + 1;
    for (; j < text.size() && j < i + 4 && IsOctal(text[j]); ++j) value = value * 8 + (text[j] - '0');
    out.push_back(static_cast<char>(value & 0xff));
    return j;
  }
  if (c == 'x' && i + 2 < text.size() && HexValue(text[i + 2]) >= 0) {
    int value = HexValue(text[i + 2]);
    size_t j = i + 3;
    if (j < text.size() && HexValue(text[j]) >= 0) value = value * 16 + HexValue(text[j++]);
    out.push_back(static_cast<char>(value));
    return j;
  }
  out.push_back(c);
  return i + 2;
}

}  // namespace

absl::Status CopyLineFields::Decode(std::string_view line) {
  fields_.clear();
  size_t start = 0;
  while (true) {
    size_t end = line.find('\t', start);
    if (end == std::string_view::npos) end = line.size();
    const std::string_view raw = line.substr(start, end - start);
    size_t escape = raw.find('\\');
    if (raw == kCopyNull) {
      fields_.emplace_back();
    } else if (escape == std::string_view::npos) {
      fields_.emplace_back(raw);
    } else {
      while (unescaped_.size() <= fields_.size()) unescaped_.emplace_back();  // references stay valid
      std::string& field = unescaped_[fields_.size()];
      field.clear();
      size_t run = 0;
      for (; escape != std::string_view::npos; escape = raw.find('\\', run)) {
        if (escape + 1 >= raw.size()) {
          fields_.clear();
          return absl::InvalidArgumentError("COPY text: a field ends in a lone backslash");
        }
        field.append(raw.data() + run, escape - run);
        run = DecodeEscape(raw, escape, field);
      }
      field.append(raw.data() + run, raw.size() - run);
      fields_.emplace_back(field);
    }
    if (end == line.size()) break;
    start = end + 1;
  }
  return absl::OkStatus();
}

}  // namespace opmon::pg
