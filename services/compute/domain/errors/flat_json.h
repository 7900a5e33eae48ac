#pragma once
// The two JSON shapes the error aggregation reads from warehouse columns,
// parsed without building a document (they are on the per-ping path):
// objects of non-negative integer counts ({"gpu": 1, "content": 0}) and
// objects of experiments ({"slug": {"branch": "name", ...}, ...}). Any
// other JSON text, or trailing text, is refused.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opmon::compute::errors {

// Calls `on_count` for each member of the object `text`; false when `text`
// is not an object of non-negative integers (up to INT64_MAX; 1.0, 1e2, -1,
// strings are refused). The key view is valid during the call only.
bool ForEachCount(std::string_view text, const std::function<void(std::string_view key, int64_t count)>& on_count);

// The (key, branch) of each member of the object `text` whose values are
// objects with a string "branch" (other members of any JSON type allowed);
// nullopt for any other text or an empty key.
std::optional<std::vector<std::pair<std::string, std::string>>> ParseExperiments(std::string_view text);

}  // namespace opmon::compute::errors
