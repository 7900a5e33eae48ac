#pragma once
// Positional parameters ($1, $2, ...) for generated SQL: each named value is
// bound once, in order of first use, with an explicit cast so PostgreSQL
// never has to guess a type. Values never enter SQL text.

#include <string>
#include <string_view>
#include <vector>

namespace opmon::compute {

class SqlParams {
 public:
  // "$n::cast" for `name` (the same n for every use of one name; the first
  // use's value and cast win).
  std::string Use(std::string_view name, std::string value, std::string_view cast);

  const std::vector<std::string>& values() const { return values_; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::vector<std::string> values_;
  std::vector<std::string> casts_;
};

}  // namespace opmon::compute
