// The generated Looker project for the example projects equals the files in
// tests/data/lookml/golden/, which were reviewed by hand. After a deliberate
// change, regenerate them with OPMON_UPDATE_GOLDEN=1 and review the diff.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/lookml/domain/lookml_tree.h"
#include "tests/testing/source_tree.h"
#include "tests/unit/services/lookml/domain/example_projects.h"

namespace opmon::lookml {
namespace {

namespace fs = std::filesystem;
using ::testing::IsEmpty;

fs::path GoldenDir() { return fs::path(testing::SourceDir()) / "tests/data/lookml/golden"; }

GenerationOptions GoldenOptions() {
  GenerationOptions options;
  options.today = absl::CivilDay(testing::kGoldenYear, testing::kGoldenMonth, testing::kGoldenDay);
  return options;
}

TEST(LookmlGolden, ExampleTreeMatchesTheReviewedFiles) {
  const GeneratedTree tree = GenerateTree(testing::GoldenInputs(), GoldenOptions());
  EXPECT_THAT(tree.problems, IsEmpty());
  EXPECT_THAT(tree.skipped, IsEmpty());
  if (std::getenv("OPMON_UPDATE_GOLDEN") != nullptr) {
    fs::remove_all(GoldenDir());
    for (const GeneratedFile& f : tree.files) {
      fs::create_directories((GoldenDir() / f.path).parent_path());
      std::ofstream(GoldenDir() / f.path, std::ios::binary) << f.content;
    }
    GTEST_SKIP() << "golden files rewritten under " << GoldenDir();
  }
  std::set<std::string> on_disk;
  for (const auto& entry : fs::recursive_directory_iterator(GoldenDir())) {
    if (entry.is_regular_file()) on_disk.insert(fs::relative(entry.path(), GoldenDir()).generic_string());
  }
  std::set<std::string> generated;
  for (const GeneratedFile& f : tree.files) {
    generated.insert(f.path);
    EXPECT_EQ(f.content, opmon::testing::ReadFile((GoldenDir() / f.path).string())) << f.path;
  }
  EXPECT_EQ(generated, on_disk);
}

TEST(LookmlGolden, OutputDoesNotDependOnInputOrder) {
  std::vector<ProjectLookmlInput> inputs = testing::GoldenInputs();
  const GeneratedTree first = GenerateTree(inputs, GoldenOptions());
  std::mt19937 rng(7);
  std::shuffle(inputs.begin(), inputs.end(), rng);
  const GeneratedTree second = GenerateTree(inputs, GoldenOptions());
  EXPECT_EQ(first.files, second.files);
}

TEST(LookmlGolden, TreeHasTheExpectedFilesPerProject) {
  const GeneratedTree tree = GenerateTree(testing::GoldenInputs(), GoldenOptions());
  std::set<std::string> paths;
  for (const GeneratedFile& f : tree.files) paths.insert(f.path);
  for (const char* name : {"fission_experiment", "fission_rollout", "desktop_health", "nightly_build_over_build",
                           "engagement_statistics", "engagement_grouped", "edge_cases"}) {
    const std::string n = name;
    EXPECT_TRUE(paths.count("views/" + n + ".view.lkml")) << n;
    EXPECT_TRUE(paths.count("explores/" + n + ".explore.lkml")) << n;
    EXPECT_TRUE(paths.count("datagroups/" + n + "_last_updated.datagroup.lkml")) << n;
    EXPECT_TRUE(paths.count("dashboards/" + n + ".dashboard.lookml")) << n;
  }
  // Alerting on: alerts view and explore; nightly-build-over-build has no alerts.
  EXPECT_TRUE(paths.count("views/fission_rollout_alerts.view.lkml"));
  EXPECT_TRUE(paths.count("explores/desktop_health_alerts.explore.lkml"));
  EXPECT_FALSE(paths.count("views/nightly_build_over_build_alerts.view.lkml"));
  EXPECT_FALSE(paths.count("explores/nightly_build_over_build_alerts.explore.lkml"));
  EXPECT_TRUE(paths.count("operational_monitoring.model.lkml"));
  // 7 projects × 4 files, 6 with alerting × 2, one model.
  EXPECT_EQ(tree.files.size(), 7u * 4 + 6 * 2 + 1);
}

}  // namespace
}  // namespace opmon::lookml
