#pragma once
// SQL identifiers from names opmon does not control (results tables named
// after project slugs, dimension and metric columns). Everything that writes
// an identifier into SQL text goes through QuoteIdent; values are bound as
// parameters instead (STYLE.md §9).

#include <string>
#include <string_view>

namespace opmon::sql {

// `name` as a PostgreSQL delimited identifier: wrapped in double quotes with
// every embedded double quote doubled ("a\"b" → "\"a\"\"b\""). Case is kept.
// A NUL byte cannot occur in an identifier; it is dropped.
std::string QuoteIdent(std::string_view name);

// "schema"."name", both parts quoted.
std::string QualifiedName(std::string_view schema, std::string_view name);

}  // namespace opmon::sql
