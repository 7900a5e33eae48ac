#pragma once
// SQL identifiers from names opmon does not control (results tables named
// after project slugs, dimension and metric columns). Everything that writes
// an identifier into SQL text goes through QuoteIdent; values are bound as
// parameters instead (STYLE.md §9).

#include <cstddef>
#include <string>
#include <string_view>

namespace opmon::sql {

// `name` as a PostgreSQL delimited identifier: wrapped in double quotes with
// every embedded double quote doubled ("a\"b" → "\"a\"\"b\""). Case is kept.
// A NUL byte cannot occur in an identifier; it is dropped.
std::string QuoteIdent(std::string_view name);

// PostgreSQL's NAMEDATALEN - 1: it keeps this many bytes of an identifier and
// drops the rest without an error, so longer names are refused or shortened
// before they reach SQL (docs/data-layout.md).
inline constexpr std::size_t kMaxIdentifierBytes = 63;

// The identifier PostgreSQL keeps of `name`: its first kMaxIdentifierBytes
// bytes (opmon's identifiers are ASCII, so no character is split). Two names
// denote one column or relation when these are equal. A view into `name`.
std::string_view KeptIdentifier(std::string_view name);

// "schema"."name", both parts quoted.
std::string QualifiedName(std::string_view schema, std::string_view name);

}  // namespace opmon::sql
