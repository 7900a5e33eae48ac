#pragma once
// SQL identifiers from names opmon does not control (results tables named
// after project slugs, dimension and metric columns). Everything that writes
// an identifier into SQL text goes through QuoteIdent; values are bound as
// parameters instead (STYLE.md §9).

#include <cstddef>
#include <string>
#include <string_view>

namespace opmon::sql {

// `text` between two `quote` characters, every `quote` in it doubled: the
// one escaping of PostgreSQL identifiers ("), string literals (') and CSV
// fields (").
std::string DoubledQuotes(std::string_view text, char quote);

// `name` as a PostgreSQL delimited identifier: wrapped in double quotes with
// every embedded double quote doubled ("a\"b" → "\"a\"\"b\""). Case is kept.
// A NUL byte cannot occur in an identifier; it is dropped.
std::string QuoteIdent(std::string_view name);

// `text` as a PostgreSQL standard string literal ('it''s'), for SQL that is
// written out rather than run with bound parameters (generated LookML,
// test fixtures).
std::string QuoteLiteral(std::string_view text);

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
