#include "common/log/url_redaction.h"

#include <algorithm>
#include <cctype>

namespace opmon::log {
namespace {

bool EndsUrl(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '"' || c == '\'' || c == '<' || c == '>' ||
         c == '`' || c == '\\';
}

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
}

// One URL without its scheme and "://": authority, path, query, fragment.
std::string RedactAfterScheme(std::string_view rest) {
  std::string out;
  const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  const std::string_view authority = rest.substr(0, authority_end);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    out.append(kRedacted).append(authority.substr(at));
  } else {
    out.append(authority);
  }
  std::string_view tail = rest.substr(authority_end);
  const std::size_t query = tail.find('?');
  if (query == std::string_view::npos) {
    out.append(tail);
    return out;
  }
  out.append(tail.substr(0, query + 1));
  tail = tail.substr(query + 1);
  const std::size_t fragment = std::min(tail.find('#'), tail.size());
  std::string_view params = tail.substr(0, fragment);
  bool first = true;
  while (true) {
    const std::size_t amp = std::min(params.find('&'), params.size());
    const std::string_view param = params.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    const std::size_t eq = param.find('=');
    if (param.empty()) {
      // "a&&b" keeps its shape.
    } else if (eq == std::string_view::npos) {
      out.append(kRedacted);  // a bare value ("?s3cret")
    } else {
      out.append(param.substr(0, eq + 1));
      if (eq + 1 < param.size()) out.append(kRedacted);
    }
    if (amp == params.size()) break;
    params = params.substr(amp + 1);
  }
  out.append(tail.substr(fragment));
  return out;
}

}  // namespace

std::string RedactUrlCredentials(std::string_view text) {
  std::string out;
  std::size_t copied = 0;  // text[0, copied) is in `out`
  std::size_t search = 0;
  while (true) {
    const std::size_t sep = text.find("://", search);
    if (sep == std::string_view::npos) break;
    std::size_t scheme = sep;
    while (scheme > copied && IsSchemeChar(text[scheme - 1])) --scheme;
    std::size_t end = sep + 3;
    while (end < text.size() && !EndsUrl(text[end])) ++end;
    while (scheme < sep && std::isalpha(static_cast<unsigned char>(text[scheme])) == 0) ++scheme;
    if (scheme == sep) {
      search = sep + 3;  // "://" without a scheme before it
      continue;
    }
    out.append(text.substr(copied, sep + 3 - copied));
    out.append(RedactAfterScheme(text.substr(sep + 3, end - sep - 3)));
    copied = end;
    search = end;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace opmon::log
