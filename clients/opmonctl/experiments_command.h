#pragma once
// `opmonctl experiments put --slug S [--platform P] [--start-date D]
// [--end-date D] [--reference-branch B] [--branch B]... [--ratio N]...
// [--rollout] [--name N]` (ratios: Experimenter's planned ratio of each
// branch, in --branch order), or `experiments put --file F.yaml` (one experiment as a map
// with those keys in snake_case, or a list under `experiments:`), and
// `opmonctl experiments ls [--platform P]`: the experiments registry.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "opmon/v1/config.pb.h"

namespace opmon::ctl {

class Commands;

void AddExperimentsCommand(const Commands& commands);

// Parses an experiments file (YAML). InvalidArgument as `file:line:col:
// error: path: message` for unknown keys and wrong types.
absl::StatusOr<std::vector<v1::Experiment>> ParseExperimentsFile(const std::string& path,
                                                                  const std::string& text);

}  // namespace opmon::ctl
