#pragma once
// The experiments registry (opmon.experiments): metadata a project
// monitoring an experiment or rollout may omit. One row per slug; Put
// replaces it. The registry has no channel or boolean_pref columns, so
// entries read back without them.
//
// Thread-safe; every call may block on the pool.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/experiment.h"
#include "common/pg/pg_fwd.h"

namespace opmon::config {

struct RegisteredExperiment {
  Experiment experiment;
  std::string name;  // a human name; may be empty
  // Planned ratio of each branch (Experimenter's `ratio`), parallel to
  // experiment.branches; empty: equal ratios.
  std::vector<int> ratios;
  bool operator==(const RegisteredExperiment&) const = default;
};

class ExperimentStore {
 public:
  explicit ExperimentStore(pg::Pool& pool) : pool_(pool) {}

  // Inserts or replaces the entry for entry.experiment.slug.
  absl::Status Put(const RegisteredExperiment& entry);

  // Entries of `platform` (the experiment's app_name), every entry when
  // empty; by slug.
  absl::StatusOr<std::vector<RegisteredExperiment>> List(std::string_view platform);

 private:
  pg::Pool& pool_;
};

}  // namespace opmon::config
