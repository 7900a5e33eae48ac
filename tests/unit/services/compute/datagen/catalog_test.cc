// The experiments catalog against the files that depend on it: the registry
// entries in deploy/examples/experiments.yaml and the example projects.
#include "services/compute/datagen/catalog.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/source_tree.h"
#include "yaml-cpp/yaml.h"

namespace opmon::datagen {
namespace {

using opmon::testing::ReadSourceFile;

TEST(ExperimentCatalog, CheckedInRegistryFileIsTheRenderedCatalog) {
  EXPECT_EQ(ReadSourceFile("deploy/examples/experiments.yaml"), RenderExperimentsYaml())
      << "regenerate with: opmon-datagen --print-experiments > deploy/examples/experiments.yaml";
}

TEST(ExperimentCatalog, RenderedYamlHoldsEveryEntry) {
  const YAML::Node root = YAML::Load(RenderExperimentsYaml());
  ASSERT_EQ(root["experiments"].size(), ExperimentCatalog().size());
  const YAML::Node rollout = root["experiments"][kFissionRollout];
  EXPECT_EQ(rollout["slug"].as<std::string>(), "fission-rollout");
  EXPECT_TRUE(rollout["is_rollout"].as<bool>());
  EXPECT_FALSE(rollout["end_date"].IsDefined());  // still running
  EXPECT_EQ(root["experiments"][kFissionExperiment]["end_date"].as<std::string>(), "2024-03-31");
  EXPECT_EQ(root["experiments"][kFissionExperiment]["branches"][1].as<std::string>(), "treatment");
}

// Every example project that monitors branches must find them in the data.
TEST(ExperimentCatalog, MatchesTheExampleProjectsBranchesChannelsAndDates) {
  for (int e : {kFissionExperiment, kEngagementExperiment}) {
    const CatalogExperiment& exp = ExperimentCatalog()[e];
    const YAML::Node project =
        YAML::Load(ReadSourceFile("deploy/examples/projects/" + std::string(exp.slug) + ".yaml"))["project"];
    std::vector<std::string> branches;
    for (const auto& b : project["population"]["branches"]) branches.push_back(b.as<std::string>());
    EXPECT_THAT(branches, ::testing::ElementsAreArray(exp.branches)) << exp.slug;
    EXPECT_EQ(project["population"]["channel"].as<std::string>(), std::string(ChannelName(*exp.channel)))
        << exp.slug;
    if (project["end_date"]) {
      ASSERT_TRUE(exp.end_date.has_value());
      std::ostringstream day;
      day << *exp.end_date;
      EXPECT_EQ(project["end_date"].as<std::string>(), day.str()) << exp.slug;
    }
  }
  const YAML::Node rollout = YAML::Load(ReadSourceFile("deploy/examples/projects/fission-rollout.yaml"))["project"];
  EXPECT_EQ(rollout["population"]["channel"].as<std::string>(), "release");
  EXPECT_EQ(rollout["reference_branch"].as<std::string>(),
            std::string(ExperimentCatalog()[kFissionRollout].reference_branch));
  EXPECT_THAT(rollout["population"]["boolean_pref"].as<std::string>(), ::testing::HasSubstr("pref_fission_enabled"));
}

}  // namespace
}  // namespace opmon::datagen
