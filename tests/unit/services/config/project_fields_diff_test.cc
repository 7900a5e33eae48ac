// DiffProjects reports a change of each declared field (project_fields.h),
// each on its own: no field can change without a line in the diff summary.
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

#include "absl/strings/str_cat.h"
#include "common/config/project_fields.h"
#include "services/config/domain/project_diff.h"
#include "tests/testing/every_field_project.h"

namespace opmon::config {
namespace {

using ::opmon::testing::EveryFieldSet;
using ::testing::Contains;
using ::testing::StartsWith;

// A field set back to its default alone.
template <typename Field>
ResolvedProject WithDefault(const Field& field, const ResolvedProject& project) {
  ResolvedProject changed = project;
  field.Of(changed) = field.Of(ResolvedProject{});
  return changed;
}

TEST(ProjectFieldsDiff, ReportsEachProjectField) {
  const ResolvedProject before = EveryFieldSet();
  ForEachField<ResolvedProject>([&](const auto& field) {
    using Value = typename std::decay_t<decltype(field)>::Value;
    if (field.traits.identity) return;
    const std::vector<std::string> lines = DiffProjects(before, WithDefault(field, before));
    const std::string key(field.key);
    if constexpr (kIsVector<Value>) {
      const std::string name = field.Of(before)[0].name;
      EXPECT_THAT(lines, Contains(absl::StrCat(key, ".", name, ": removed"))) << key;
    } else if constexpr (std::is_same_v<Value, std::optional<Experiment>>) {
      EXPECT_THAT(lines, Contains(StartsWith(absl::StrCat(key, ": ")))) << key;
    } else if constexpr (!HasFields<Value>) {
      EXPECT_THAT(lines, Contains(StartsWith(absl::StrCat("project.", key, ": ")))) << key;
    }
  });
}

TEST(ProjectFieldsDiff, ReportsEachPopulationField) {
  const ResolvedProject before = EveryFieldSet();
  ForEachField<Population>([&](const auto& field) {
    ResolvedProject after = before;
    field.Of(after.population) = field.Of(Population{});
    EXPECT_THAT(DiffProjects(before, after),
                Contains(StartsWith(absl::StrCat("project.population.", std::string(field.key),
                                                 ": "))))
        << field.key;
  });
}

template <HasFields Item>
void ExpectEachItemFieldReported(std::vector<Item> ResolvedProject::*items,
                                 const std::string& section) {
  const ResolvedProject before = EveryFieldSet();
  const std::string name = (before.*items)[0].name;
  ForEachField<Item>([&](const auto& field) {
    if (field.traits.identity) return;
    ResolvedProject after = before;
    field.Of((after.*items)[0]) = field.Of(Item{});
    EXPECT_THAT(DiffProjects(before, after),
                Contains(absl::StrCat(section, ".", name, ": ", std::string(field.key),
                                      " changed")))
        << field.key;
  });
}

TEST(ProjectFieldsDiff, ReportsEachFieldOfEachItem) {
  ExpectEachItemFieldReported(&ResolvedProject::metrics, "metrics");
  ExpectEachItemFieldReported(&ResolvedProject::data_sources, "data_sources");
  ExpectEachItemFieldReported(&ResolvedProject::dimensions, "dimensions");
  ExpectEachItemFieldReported(&ResolvedProject::alerts, "alerts");
  ExpectEachItemFieldReported(&ResolvedProject::metric_groups, "metric_groups");
}

}  // namespace
}  // namespace opmon::config
