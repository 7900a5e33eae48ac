#pragma once
// Escaping for every value the generator writes into LookML, dashboard YAML,
// Looker filter expressions and PostgreSQL text, plus the names and titles
// derived from slugs. Everything user-supplied goes through one of these.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace opmon::lookml {

// A LookML double-quoted string: `a "b" \c` → `"a \"b\" \\c"`. Line breaks
// and other control characters become spaces (LookML labels are one line).
std::string LookmlString(absl::string_view text);

// A YAML single-quoted scalar: `it's` → `'it''s'`; control characters
// become spaces. Always quoted, so values like `yes`, `50`, `#x` or `a: b`
// keep their text.
std::string YamlScalar(absl::string_view text);

// One value of a Looker string filter expression, escaped with `^` so that
// commas, `%`, `_`, `^` and a leading `-` match literally.
std::string LookerFilterValue(absl::string_view value);

// Several values joined into one Looker filter expression (any of them).
std::string LookerFilterList(const std::vector<std::string>& values);

// A PostgreSQL quoted identifier: `my"col` → `"my""col"` (sql::QuoteIdent).
std::string PgIdentifier(absl::string_view name);

// A PostgreSQL string literal: `it's` → `'it''s'`.
std::string PgStringLiteral(absl::string_view text);

// A LookML object name from any text: lower case, every character outside
// [a-z0-9_] replaced by '_' ("Fission-Rollout.v2" → "fission_rollout_v2").
std::string LookmlName(absl::string_view text);

// A title from a slug: words split at '_', '-' and ' ', capitalised, common
// initialisms upper-cased ("gc_ms" → "GC Ms", "os" → "OS").
std::string SlugToTitle(absl::string_view slug);

// Shortest text of a number as people write it: 50 → "50", 99.5 → "99.5".
std::string FormatNumber(double value);

}  // namespace opmon::lookml
