#include "services/compute/domain/client_histograms.h"

#include "absl/strings/str_cat.h"

namespace opmon::compute {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

size_t SkipSpace(std::string_view text, size_t i) {
  while (i < text.size() && IsSpace(text[i])) ++i;
  return i;
}

// Decodes the JSON string `quoted` (quotes included) into `out`.
// \uXXXX escapes are decoded for the ASCII range only: the histogram forms
// are ASCII, anything else is malformed.
bool UnescapeJsonString(std::string_view quoted, std::string& out) {
  out.clear();
  for (size_t i = 1; i + 1 < quoted.size(); ++i) {
    char c = quoted[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    ++i;
    if (i + 1 >= quoted.size()) return false;  // the closing quote is not escapable
    switch (quoted[i]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        if (i + 4 >= quoted.size() - 1) return false;
        unsigned value = 0;
        for (int k = 1; k <= 4; ++k) {
          char h = quoted[i + k];
          value <<= 4;
          if (h >= '0' && h <= '9') value |= h - '0';
          else if (h >= 'a' && h <= 'f') value |= h - 'a' + 10;
          else if (h >= 'A' && h <= 'F') value |= h - 'A' + 10;
          else return false;
        }
        if (value >= 0x80) return false;
        out.push_back(static_cast<char>(value));
        i += 4;
        break;
      }
      default: return false;
    }
  }
  return true;
}

}  // namespace

size_t JsonValueEnd(std::string_view text, size_t begin) {
  if (begin >= text.size()) return std::string_view::npos;
  if (text[begin] == '"') {
    for (size_t i = begin + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        return i + 1;
      }
    }
    return std::string_view::npos;
  }
  int depth = 0;
  for (size_t i = begin; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      size_t end = JsonValueEnd(text, i);
      if (end == std::string_view::npos) return end;
      i = end - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

absl::Status ClientHistogramParser::ParseOne(std::string_view element, size_t index,
                                             std::vector<kernels::Bucket>& out) {
  std::string_view text = element;
  if (!element.empty() && element.front() == '"') {
    if (!UnescapeJsonString(element, unescaped_)) {
      return absl::InvalidArgumentError(absl::StrCat("histogram ", index, ": bad JSON string"));
    }
    text = unescaped_;
  }
  absl::Status status = parser_.Parse(text, histogram_);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("histogram ", index, ": ", status.message()));
  }
  out.insert(out.end(), histogram_.values.begin(), histogram_.values.end());
  return absl::OkStatus();
}

absl::Status ClientHistogramParser::Parse(std::string_view text, std::vector<kernels::Bucket>& out) {
  size_t i = SkipSpace(text, 0);
  if (i == text.size()) return absl::InvalidArgumentError("empty histogram value");
  if (text[i] != '[') {
    size_t end = text.size();
    while (end > i && IsSpace(text[end - 1])) --end;
    return ParseOne(text.substr(i, end - i), 0, out);
  }
  ++i;
  size_t index = 0;
  i = SkipSpace(text, i);
  if (i < text.size() && text[i] == ']') return absl::OkStatus();
  while (i < text.size()) {
    i = SkipSpace(text, i);
    if (text.compare(i, 4, "null") == 0) {
      i += 4;
    } else if (i < text.size() && (text[i] == '{' || text[i] == '"')) {
      size_t end = JsonValueEnd(text, i);
      if (end == std::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat("histogram ", index, ": unterminated JSON"));
      }
      absl::Status status = ParseOne(text.substr(i, end - i), index, out);
      if (!status.ok()) return status;
      i = end;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("histogram ", index, ": expected a JSON object or string at offset ", i));
    }
    ++index;
    i = SkipSpace(text, i);
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (i < text.size() && text[i] == ']') {
      i = SkipSpace(text, i + 1);
      if (i != text.size()) return absl::InvalidArgumentError("trailing text after the histogram array");
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat("histogram array: expected ',' or ']' at offset ", i));
  }
  return absl::InvalidArgumentError("unterminated histogram array");
}

}  // namespace opmon::compute
