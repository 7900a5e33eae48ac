#pragma once
// The experiments and rollouts the synthetic population is enrolled in: the
// ones the example projects (deploy/examples/projects/) monitor, plus a decoy
// with the same branch names so a query that ignores the slug is caught.
// deploy/examples/experiments.yaml is RenderExperimentsYaml()'s output (a
// unit test keeps them equal), for `opmonctl experiments put`.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"

namespace opmon::datagen {

enum class Channel { kRelease, kBeta, kNightly };
std::string_view ChannelName(Channel channel);  // "release" | "beta" | "nightly"

struct CatalogExperiment {
  std::string_view slug;
  std::string_view name;
  std::optional<Channel> channel;  // nullopt: clients of every channel may enrol
  absl::CivilDay start_date;
  std::optional<absl::CivilDay> end_date;  // nullopt: still running
  std::string_view reference_branch;
  bool is_rollout = false;
  std::vector<std::string_view> branches;  // equal shares
  double enrolled_fraction = 0;            // of the channel's clients
};

// Indexes into ExperimentCatalog().
inline constexpr int kFissionExperiment = 0;
inline constexpr int kFissionRollout = 1;
inline constexpr int kEngagementExperiment = 2;
inline constexpr int kDecoyExperiment = 3;
inline constexpr int kCatalogSize = 4;

const std::vector<CatalogExperiment>& ExperimentCatalog();

// Days after start_date over which a client's enrolment day is spread
// (uniformly): clients enrol during the first week.
inline constexpr int kEnrollmentSpreadDays = 7;

// The registry entries as YAML (experiments: [{slug, name, platform,
// start_date, end_date (omitted while running), reference_branch,
// is_rollout, branches}]), the form `opmonctl experiments put --file` reads.
std::string RenderExperimentsYaml();

}  // namespace opmon::datagen
