#include "common/sql/quote.h"

namespace opmon::sql {

std::string DoubledQuotes(std::string_view text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back(quote);
  for (char c : text) {
    if (c == quote) out.push_back(quote);
    out.push_back(c);
  }
  out.push_back(quote);
  return out;
}

std::string QuoteIdent(std::string_view name) {
  if (name.find('\0') == std::string_view::npos) return DoubledQuotes(name, '"');
  std::string without_nul;
  for (char c : name) {
    if (c != '\0') without_nul.push_back(c);
  }
  return DoubledQuotes(without_nul, '"');
}

std::string QuoteLiteral(std::string_view text) { return DoubledQuotes(text, '\''); }

std::string_view KeptIdentifier(std::string_view name) { return name.substr(0, kMaxIdentifierBytes); }

std::string QualifiedName(std::string_view schema, std::string_view name) {
  return QuoteIdent(schema) + "." + QuoteIdent(name);
}

}  // namespace opmon::sql
