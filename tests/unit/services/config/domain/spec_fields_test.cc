// The spec keys' declarations are complete and agree with the schema table:
// every spec member is declared, and each section's keys (declared here or
// copied from the model's `from_files` fields) are the schema's keys, so a key
// the validator accepts is always read and layered.
#include "services/config/domain/spec_fields.h"

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "absl/time/civil_time.h"
#include "common/config/project_fields.h"
#include "services/config/domain/copied_keys.h"
#include "services/config/domain/schema.h"
#include "tests/testing/field_keys.h"
#include "tests/testing/member_count.h"

namespace opmon::config {
namespace {

using ::opmon::testing::FieldKeys;
using ::opmon::testing::MemberCount;

template <typename S>
inline constexpr size_t kSpecFieldCount = std::tuple_size_v<decltype(SpecFieldsOf<S>::kFields)>;

// Adding a member to a spec struct without declaring it fails here; `+ 1`
// is the entry's location, `+ 1` its copied keys (declared by the model).
static_assert(MemberCount<MetricSpec>() == kSpecFieldCount<MetricSpec> + 2);
static_assert(MemberCount<DataSourceSpec>() == kSpecFieldCount<DataSourceSpec> + 2);
static_assert(MemberCount<DimensionSpec>() == kSpecFieldCount<DimensionSpec> + 2);
static_assert(MemberCount<AlertSpec>() == kSpecFieldCount<AlertSpec> + 2);
static_assert(MemberCount<FunctionSpec>() == kSpecFieldCount<FunctionSpec> + 1);
static_assert(MemberCount<MetricGroupSpec>() == kSpecFieldCount<MetricGroupSpec> + 2);
static_assert(MemberCount<PopulationSpec>() == kSpecFieldCount<PopulationSpec> + 1);
static_assert(MemberCount<ProjectSpec>() == kSpecFieldCount<ProjectSpec> + 2);

// A copied key's storage follows from its model field: optional, located,
// the model's own optional dropped.
template <auto member, typename Spec>
using CopiedType = std::remove_cvref_t<decltype(Copied<member>(std::declval<const Spec&>()))>;
static_assert(std::is_same_v<CopiedType<&Metric::bigger_is_better, MetricSpec>,
                             std::optional<Located<bool>>>);
static_assert(std::is_same_v<CopiedType<&Metric::owners, MetricSpec>,
                             std::optional<Located<std::vector<std::string>>>>);
static_assert(std::is_same_v<CopiedType<&Population::channel, PopulationSpec>,
                             std::optional<Located<Channel>>>);
static_assert(std::is_same_v<CopiedType<&ResolvedProject::start_date, ProjectSpec>,
                             std::optional<Located<absl::CivilDay>>>);

std::set<std::string> SchemaKeys(std::string_view section_id) {
  std::set<std::string> keys;
  const SectionSpec* section = FindSection(section_id);
  if (section == nullptr) return {"(no section)"};
  for (const KeySpec& key : section->keys) keys.emplace(key.name);
  return keys;
}

template <HasSpecFields S>
std::set<std::string> DeclaredKeys() {
  std::set<std::string> keys;
  ForEachSpecField<S>([&](const auto& field) { keys.emplace(field.key); });
  return keys;
}

template <HasFields S>
std::set<std::string> ModelKeys() {
  const std::vector<std::string> keys = FieldKeys<S>();
  return {keys.begin(), keys.end()};
}

TEST(SpecFields, DeclareExactlyTheSchemaKeysOfEachSection) {
  EXPECT_EQ(DeclaredKeys<ProjectSpec>(), SchemaKeys("project"));
  EXPECT_EQ(DeclaredKeys<PopulationSpec>(), SchemaKeys("population"));
  EXPECT_EQ(DeclaredKeys<MetricGroupSpec>(), SchemaKeys("metric_group"));
  EXPECT_EQ(DeclaredKeys<MetricSpec>(), SchemaKeys("metric"));
  EXPECT_EQ(DeclaredKeys<DataSourceSpec>(), SchemaKeys("data_source"));
  EXPECT_EQ(DeclaredKeys<DimensionSpec>(), SchemaKeys("dimension"));
  EXPECT_EQ(DeclaredKeys<AlertSpec>(), SchemaKeys("alert"));
}

template <HasSpecFields S>
size_t KeyCount() {
  size_t count = 0;
  ForEachSpecField<S>([&](const auto&) { ++count; });
  return count;
}

// A key declared by hand and copied too, or copied into two model members,
// would be read twice.
TEST(SpecFields, NoKeyIsDeclaredTwice) {
  EXPECT_EQ(KeyCount<ProjectSpec>(), DeclaredKeys<ProjectSpec>().size());
  EXPECT_EQ(KeyCount<PopulationSpec>(), DeclaredKeys<PopulationSpec>().size());
  EXPECT_EQ(KeyCount<MetricGroupSpec>(), DeclaredKeys<MetricGroupSpec>().size());
  EXPECT_EQ(KeyCount<MetricSpec>(), DeclaredKeys<MetricSpec>().size());
  EXPECT_EQ(KeyCount<DataSourceSpec>(), DeclaredKeys<DataSourceSpec>().size());
  EXPECT_EQ(KeyCount<DimensionSpec>(), DeclaredKeys<DimensionSpec>().size());
  EXPECT_EQ(KeyCount<AlertSpec>(), DeclaredKeys<AlertSpec>().size());
}

// Statistic parameters are read through the model's declaration.
TEST(SpecFields, StatisticParamsAreTheSchemaKeysOfEachStatistic) {
  EXPECT_EQ(ModelKeys<PercentileParams>(), SchemaKeys("percentile"));
  EXPECT_EQ(ModelKeys<QuantileParams>(), SchemaKeys("quantile"));
  EXPECT_EQ(ModelKeys<TotalRatioParams>(), SchemaKeys("total_ratio"));
}

TEST(SpecFields, ApplyCopiedKeysCopiesOnlyWhatASpecSets) {
  MetricSpec spec;
  Copied<&Metric::category>(spec) = Located<std::string>{"perf", {}};
  Copied<&Metric::bigger_is_better>(spec) = Located<bool>{false, {}};
  spec.select_expression = LocatedString{"SUM(x)", {}};  // resolved by hand
  Metric metric;
  metric.description = "kept";
  ApplyCopiedKeys(spec, metric);
  EXPECT_EQ(metric.category, "perf");
  EXPECT_FALSE(metric.bigger_is_better);
  EXPECT_EQ(metric.description, "kept");
  EXPECT_EQ(metric.select_expression, "");
}

TEST(SpecFields, ApplyCopiedKeysUnwrapsLocatedValues) {
  AlertSpec spec;
  Copied<&Alert::type>(spec) = Located<AlertType>{AlertType::kAvgDiff, {}};
  Copied<&Alert::window_size>(spec) = Located<int>{7, {}};
  Copied<&Alert::max>(spec) = Located<std::vector<double>>{{1, 2}, {}};
  Alert alert;
  ApplyCopiedKeys(spec, alert);
  EXPECT_EQ(alert.type, AlertType::kAvgDiff);
  EXPECT_EQ(alert.window_size, 7);
  EXPECT_EQ(alert.max, (std::vector<double>{1, 2}));
}

}  // namespace
}  // namespace opmon::config
