#pragma once
// Roles of access tokens. Each role includes the ones below it: an admin may
// do what an operator may, an operator what a reader may.
//   reader   queries, lists, gets, watches, previews
//   operator runs, backfills, cancels, publishes, imports
//   admin    applies and deletes projects, definitions, experiments, tokens

#include <string_view>

#include "absl/status/statusor.h"
#include "common/enums/enum_names.h"

namespace opmon::auth {

enum class Role { kReader, kOperator, kAdmin };

inline constexpr EnumNames<Role, 3> kRoleNames = {{
    {Role::kReader, "reader"},
    {Role::kOperator, "operator"},
    {Role::kAdmin, "admin"},
}};

inline std::string_view RoleName(Role role) { return NameIn(kRoleNames, role); }

// INVALID_ARGUMENT naming the three roles for any other text.
absl::StatusOr<Role> ParseRole(std::string_view text);

// True when a caller holding `held` may call an RPC that needs `needed`.
constexpr bool Grants(Role held, Role needed) { return static_cast<int>(held) >= static_cast<int>(needed); }

}  // namespace opmon::auth
