#include "common/auth/role.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace opmon::auth {

absl::StatusOr<Role> ParseRole(std::string_view text) {
  if (std::optional<Role> role = ValueIn(kRoleNames, text)) return *role;
  return absl::InvalidArgumentError(absl::StrCat("role: \"", std::string(text), "\" is not reader|operator|admin"));
}

}  // namespace opmon::auth
