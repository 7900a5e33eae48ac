#pragma once
// PostgreSQL text[] literals for binding a list of strings as one parameter
// ($1::text[]), so lists never become SQL text.

#include <string>
#include <vector>

namespace opmon::results {

// {"a","b \"c\""}: every element double-quoted, '"' and '\' backslash-escaped.
std::string TextArrayLiteral(const std::vector<std::string>& values);

}  // namespace opmon::results
