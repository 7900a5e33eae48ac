#pragma once
// Bound parameters of a statement built as text (the statistics and error
// aggregates queries): each value becomes the next "$n", passed as text and
// cast in SQL, so no value is ever written into SQL text (STYLE.md §9).

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace opmon::statistics {

class ParamList {
 public:
  // "$n" for a new parameter holding `value`.
  std::string Add(std::string value) {
    params_.push_back(std::move(value));
    return absl::StrCat("$", params_.size());
  }
  // "IN ($n, $n+1, ...)", one parameter per value.
  std::string In(const std::vector<std::string>& values) {
    std::vector<std::string> placeholders;
    for (const std::string& v : values) placeholders.push_back(Add(v));
    return absl::StrCat("IN (", absl::StrJoin(placeholders, ", "), ")");
  }
  std::vector<std::string> Take() { return std::move(params_); }

 private:
  std::vector<std::string> params_;
};

}  // namespace opmon::statistics
