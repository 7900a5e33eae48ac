// The model's field declarations are complete: every member is declared, and
// canonical JSON and the project diff (services/config/domain/project_diff.h,
// tested there) carry every declared field.
#include "common/config/project_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/config/canonical_json.h"
#include "tests/testing/every_field_project.h"
#include "tests/testing/field_keys.h"
#include "tests/testing/member_count.h"

namespace opmon::config {
namespace {

using ::opmon::testing::EveryFieldSet;
using ::opmon::testing::FieldKeys;
using ::opmon::testing::MemberCount;
using ::testing::IsEmpty;

struct ThreeMembers {
  int a = 0;
  std::string b;
  std::vector<double> c;
};
static_assert(MemberCount<ThreeMembers>() == 3);

// Adding a member to a model struct without declaring it fails here; the
// assertion sits in a template so that its error names the struct.
template <typename S>
constexpr bool EveryMemberDeclared() {
  static_assert(MemberCount<S>() == kFieldCount<S>, "a member of S is missing from its field declaration");
  return true;
}
template <typename... S>
constexpr bool EveryMemberDeclaredIn() {
  return (EveryMemberDeclared<S>() && ...);
}
static_assert(EveryMemberDeclaredIn<PercentileParams, QuantileParams, TotalRatioParams, Statistic, DataSource, Dimension,
                                    Metric, MetricGroup, Alert, Population, Experiment, ResolvedProject>());

template <HasFields S>
bool KeysAreUnique() {
  const std::vector<std::string> keys = FieldKeys<S>();
  return std::set<std::string>(keys.begin(), keys.end()).size() == keys.size();
}

TEST(ProjectFields, KeysAreUniquePerStruct) {
  EXPECT_TRUE(KeysAreUnique<PercentileParams>());
  EXPECT_TRUE(KeysAreUnique<QuantileParams>());
  EXPECT_TRUE(KeysAreUnique<Statistic>());
  EXPECT_TRUE(KeysAreUnique<DataSource>());
  EXPECT_TRUE(KeysAreUnique<Dimension>());
  EXPECT_TRUE(KeysAreUnique<Metric>());
  EXPECT_TRUE(KeysAreUnique<MetricGroup>());
  EXPECT_TRUE(KeysAreUnique<Alert>());
  EXPECT_TRUE(KeysAreUnique<Population>());
  EXPECT_TRUE(KeysAreUnique<Experiment>());
  EXPECT_TRUE(KeysAreUnique<ResolvedProject>());
}

// Statistic's params members are keyed by the kind they belong to.
TEST(ProjectFields, StatisticParamsAreKeyedByTheirKind) {
  ForEachField<Statistic>([](const auto& field) {
    using Value = typename std::decay_t<decltype(field)>::Value;
    if constexpr (HasFields<Value>) {
      EXPECT_TRUE(ParseStatisticKind(field.key).has_value()) << field.key;
    }
  });
}

// The paths of declared fields no instance sets to a non-default value.
template <HasFields S>
void FieldsLeftAtDefault(const std::vector<const S*>& instances, const std::string& path,
                         std::vector<std::string>& out) {
  ForEachField<S>([&](const auto& field) {
    using Value = typename std::decay_t<decltype(field)>::Value;
    const std::string field_path = absl::StrCat(path, std::string(field.key));
    const S defaults{};
    bool set = false;
    for (const S* s : instances) set = set || !(field.Of(*s) == field.Of(defaults));
    if (!set) out.push_back(field_path);
    if constexpr (HasFields<Value>) {
      std::vector<const Value*> nested;
      for (const S* s : instances) nested.push_back(&field.Of(*s));
      FieldsLeftAtDefault(nested, field_path + ".", out);
    } else if constexpr (kIsVector<Value> || kIsOptional<Value>) {
      using Item = typename Value::value_type;
      if constexpr (HasFields<Item>) {
        std::vector<const Item*> nested;
        for (const S* s : instances) {
          if constexpr (kIsVector<Value>) {
            for (const Item& item : field.Of(*s)) nested.push_back(&item);
          } else if (field.Of(*s)) {
            nested.push_back(&*field.Of(*s));
          }
        }
        FieldsLeftAtDefault(nested, field_path + "[].", out);
      }
    }
  });
}

TEST(ProjectFields, TheFixtureSetsEveryDeclaredField) {
  const ResolvedProject p = EveryFieldSet();
  std::vector<std::string> unset;
  FieldsLeftAtDefault<ResolvedProject>({&p}, "", unset);
  EXPECT_THAT(unset, IsEmpty());
}

// Each field, on its own, changes the canonical form (and so the hash).
TEST(ProjectFields, CanonicalJsonChangesWithEachProjectField) {
  const ResolvedProject full = EveryFieldSet();
  const std::string full_json = ToCanonicalJson(full);
  ForEachField<ResolvedProject>([&](const auto& field) {
    ResolvedProject changed = full;
    field.Of(changed) = field.Of(ResolvedProject{});
    EXPECT_NE(ToCanonicalJson(changed), full_json) << field.key;
  });
}

}  // namespace
}  // namespace opmon::config
