#include "services/lookml/domain/quoting.h"

#include <cctype>
#include <cstdio>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sql/quote.h"

namespace opmon::lookml {
namespace {

bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }

// `text` between `quote`s, `quote` and `escape` each preceded by `escape`,
// control characters as spaces (neither format has a line break inside).
std::string Quoted(absl::string_view text, char quote, char escape) {
  std::string out(1, quote);
  for (char c : text) {
    if (c == quote || c == escape) out.push_back(escape);
    out.push_back(IsControl(c) ? ' ' : c);
  }
  out.push_back(quote);
  return out;
}

}  // namespace

std::string LookmlString(absl::string_view text) { return Quoted(text, '"', '\\'); }

// YAML's single-quoted style escapes only the quote, by doubling it.
std::string YamlScalar(absl::string_view text) { return Quoted(text, '\'', '\''); }

std::string LookerFilterValue(absl::string_view value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '^' || c == ',' || c == '%' || c == '_' || (c == '-' && i == 0)) out.push_back('^');
    out.push_back(IsControl(c) ? ' ' : c);
  }
  return out;
}

std::string LookerFilterList(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out.push_back(',');
    out += LookerFilterValue(v);
  }
  return out;
}

std::string PgIdentifier(absl::string_view name) { return sql::QuoteIdent(std::string(name)); }

std::string PgStringLiteral(absl::string_view text) {
  return sql::QuoteLiteral(std::string_view(text.data(), text.size()));
}

std::string LookmlName(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    char lower = absl::ascii_tolower(static_cast<unsigned char>(c));
    out.push_back((absl::ascii_isalnum(static_cast<unsigned char>(lower)) || lower == '_') ? lower : '_');
  }
  return out;
}

std::string SlugToTitle(absl::string_view slug) {
  static const std::set<std::string>* const kInitialisms = new std::set<std::string>{
      "api", "cpu", "dau", "dom", "gc", "gpu", "html", "http", "id", "ipc", "mau", "os", "ui", "uri", "url", "us"};
  std::string out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out.push_back(' ');
    std::string lower = absl::AsciiStrToLower(word);
    if (kInitialisms->count(lower) > 0) {
      out += absl::AsciiStrToUpper(word);
    } else {
      lower[0] = absl::ascii_toupper(static_cast<unsigned char>(lower[0]));
      out += lower;
    }
    word.clear();
  };
  for (char c : slug) {
    if (c == '_' || c == '-' || c == ' ') {
      flush();
    } else {
      word.push_back(c);
    }
  }
  flush();
  return out;
}

std::string FormatNumber(double value) {
  char buffer[64];
  if (value == static_cast<double>(static_cast<long long>(value)) && value > -1e15 && value < 1e15) {
    std::snprintf(buffer, sizeof(buffer), "%lld", static_cast<long long>(value));
    return buffer;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    double parsed = 0;
    if (std::sscanf(buffer, "%lg", &parsed) == 1 && parsed == value) break;
  }
  return buffer;
}

}  // namespace opmon::lookml
