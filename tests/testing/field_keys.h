#pragma once
// FieldKeys<S>(): the keys of model struct S's field declaration
// (common/config/project_fields.h), in declaration order, for tests that
// check them unique or compare them with the schema's. Header only.

#include <string>
#include <vector>

#include "common/config/project_fields.h"

namespace opmon::testing {

template <config::HasFields S>
std::vector<std::string> FieldKeys() {
  std::vector<std::string> keys;
  config::ForEachField<S>([&](const auto& field) { keys.emplace_back(field.key); });
  return keys;
}

}  // namespace opmon::testing
