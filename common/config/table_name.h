#pragma once
// Results relations are named after the project slug: `opmon_results.<name>`,
// `<name>_statistics`, `<name>_alerts`.

#include <string>
#include <string_view>

namespace opmon::config {

// The slug with every character outside [A-Za-z0-9_] replaced by '_'
// ("fission-rollout.v2" → "fission_rollout_v2"). Two slugs with the same
// result would share tables; the config service rejects the second.
std::string ResultsTableName(std::string_view slug);

}  // namespace opmon::config
