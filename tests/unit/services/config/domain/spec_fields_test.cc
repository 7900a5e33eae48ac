// The spec keys' declarations are complete and agree with the schema table:
// every spec member is declared, and each section's declared keys are the
// schema's keys, so a key the validator accepts is always read and layered.
#include "services/config/domain/spec_fields.h"

#include <set>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "common/config/project_fields.h"
#include "services/config/domain/schema.h"
#include "tests/testing/member_count.h"

namespace opmon::config {
namespace {

using ::opmon::testing::MemberCount;

template <typename S>
inline constexpr size_t kSpecFieldCount = std::tuple_size_v<decltype(SpecFieldsOf<S>::kFields)>;

// Adding a member to a spec struct without declaring it fails here; `+ 1`
// is the entry's location.
static_assert(MemberCount<MetricSpec>() == kSpecFieldCount<MetricSpec> + 1);
static_assert(MemberCount<DataSourceSpec>() == kSpecFieldCount<DataSourceSpec> + 1);
static_assert(MemberCount<DimensionSpec>() == kSpecFieldCount<DimensionSpec> + 1);
static_assert(MemberCount<AlertSpec>() == kSpecFieldCount<AlertSpec> + 1);
static_assert(MemberCount<FunctionSpec>() == kSpecFieldCount<FunctionSpec> + 1);
static_assert(MemberCount<MetricGroupSpec>() == kSpecFieldCount<MetricGroupSpec> + 1);
static_assert(MemberCount<PopulationSpec>() == kSpecFieldCount<PopulationSpec>);
static_assert(MemberCount<ProjectSpec>() == kSpecFieldCount<ProjectSpec> + 1);

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
  std::set<std::string> keys;
  ForEachField<S>([&](const auto& field) { keys.emplace(field.key); });
  return keys;
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

// Statistic parameters are read through the model's declaration.
TEST(SpecFields, StatisticParamsAreTheSchemaKeysOfEachStatistic) {
  EXPECT_EQ(ModelKeys<PercentileParams>(), SchemaKeys("percentile"));
  EXPECT_EQ(ModelKeys<QuantileParams>(), SchemaKeys("quantile"));
  EXPECT_EQ(ModelKeys<TotalRatioParams>(), SchemaKeys("total_ratio"));
}

TEST(SpecFields, ApplySetKeysCopiesOnlyWhatASpecSets) {
  MetricSpec spec;
  spec.category = "perf";
  spec.bigger_is_better = false;
  spec.select_expression = LocatedString{"SUM(x)", {}};  // resolved by hand
  Metric metric;
  metric.description = "kept";
  ApplySetKeys(spec, metric);
  EXPECT_EQ(metric.category, "perf");
  EXPECT_FALSE(metric.bigger_is_better);
  EXPECT_EQ(metric.description, "kept");
  EXPECT_EQ(metric.select_expression, "");
}

TEST(SpecFields, ApplySetKeysUnwrapsLocatedValues) {
  AlertSpec spec;
  spec.type = Located<AlertType>{AlertType::kAvgDiff, {}};
  spec.window_size = Located<int>{7, {}};
  spec.max = Located<std::vector<double>>{{1, 2}, {}};
  Alert alert;
  ApplySetKeys(spec, alert);
  EXPECT_EQ(alert.type, AlertType::kAvgDiff);
  EXPECT_EQ(alert.window_size, 7);
  EXPECT_EQ(alert.max, (std::vector<double>{1, 2}));
}

}  // namespace
}  // namespace opmon::config
