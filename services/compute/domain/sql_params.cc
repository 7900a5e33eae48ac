#include "services/compute/domain/sql_params.h"

#include "absl/strings/str_cat.h"

namespace opmon::compute {

std::string SqlParams::Use(std::string_view name, std::string value, std::string_view cast) {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return absl::StrCat("$", i + 1, "::", casts_[i]);
  }
  names_.emplace_back(name);
  values_.push_back(std::move(value));
  casts_.emplace_back(cast);
  return absl::StrCat("$", names_.size(), "::", std::string(cast));
}

}  // namespace opmon::compute
