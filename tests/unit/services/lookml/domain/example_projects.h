#pragma once
// Projects for the lookml tests and benchmark: the examples under
// deploy/examples/ resolved by the config domain, two variants that stress
// the generator (metric groups with group_by_dimension; awkward names, no
// metrics, a dimension without data), and canned dimension frequencies.

#include <string>
#include <vector>

#include "common/config/project.h"
#include "services/lookml/domain/lookml_input.h"
#include "tests/testing/example_files.h"
#include "tests/testing/source_tree.h"

namespace opmon::lookml::testing {

using opmon::testing::SourceDir;  // the repository root

// The example with this slug (ResolvedExample, tests/testing/example_files.h).
using opmon::testing::ResolvedExample;

// ResolvedExample of each of ExampleProjectSlugs(): fission-experiment,
// fission-rollout, desktop-health, nightly-build-over-build,
// engagement-statistics.
std::vector<config::ResolvedProject> ExampleProjects();

// Canned values, most frequent first: os Windows 700 / Mac 200 / Linux 100,
// country US 500 / DE 300 / FR 100 / "Côte d'Ivoire" 5, channel beta 900.
std::vector<DimensionValues> CannedDimensionValues(const config::ResolvedProject& project);

// Input with canned dimension values and alerting from the project.
ProjectLookmlInput InputFor(const config::ResolvedProject& project);

// Every golden-test input: the five examples plus
//   engagement-grouped: engagement-statistics with group_by_dimension: os
//   edge-cases: quotes and YAML/Looker specials in names and values, no
//     metrics, a dimension with no data, alerting on.
std::vector<ProjectLookmlInput> GoldenInputs();

// The day the golden trees are generated on (fission-experiment ends 2024-03-31).
inline constexpr int kGoldenYear = 2024, kGoldenMonth = 3, kGoldenDay = 1;

}  // namespace opmon::lookml::testing
