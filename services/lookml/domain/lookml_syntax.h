#pragma once
// A reader for the LookML subset opmon writes (views, explores, datagroups,
// models), used by the built-in validation: `key: value` pairs with quoted
// strings, bare words, lists, `{ ... }` blocks, named blocks
// (`dimension: x { ... }`) and SQL values ending in `;;`. Comments are
// skipped. Not a full LookML parser: the tests also run the npm
// lookml-parser over every generated file.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace opmon::lookml {

struct LookmlNode {
  std::string key;    // "dimension", "sql", "include", ...
  std::string name;   // a named block's name ("submission_date"); else empty
  std::string value;  // scalar text (string contents unescaped, SQL trimmed)
  std::vector<std::string> list;      // list items; `a: "b"` items keep their key `a`
  std::vector<LookmlNode> children;   // block members
  bool block = false;
  int line = 0;
};

// Parses a whole file into its top-level pairs. InvalidArgument naming the
// line on unbalanced brackets, unterminated strings or SQL, or a missing ':'.
absl::StatusOr<std::vector<LookmlNode>> ParseLookml(absl::string_view text);

}  // namespace opmon::lookml
