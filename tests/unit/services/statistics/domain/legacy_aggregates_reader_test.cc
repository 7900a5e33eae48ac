// The SQL a legacy aggregates query becomes (golden text and parameters).
#include "services/statistics/domain/legacy_aggregates_reader.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

using ::testing::ElementsAre;

TEST(LegacyAggregatesSql, BindsEveryValueAndQuotesEveryColumn) {
  LegacyQueryRequest r;
  r.channel = "nightly";
  r.version = "42";
  r.metric = "GC_MS";
  r.aggregate_type = "build_id";
  r.from = "20150615";
  r.to = "20150616";
  r.filters = {{LegacyDimension::kChild, "true"}, {LegacyDimension::kOsVersion, "6.1"}};
  const SqlStatement sql = BuildLegacyAggregatesSql(*ValidateLegacyQuery(r));
  EXPECT_EQ(sql.text,
            "WITH version AS (SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = $1), 0) AS "
            "data_version) SELECT version.data_version, selected.ds_nodash, selected.label, selected.aggregate::text "
            "FROM version LEFT JOIN LATERAL (SELECT ds_nodash, COALESCE(label, '') AS label, aggregate FROM "
            "opmon.legacy_aggregates WHERE aggregate_type = $2 AND channel = $3 AND version = $4 AND metric = $5 AND "
            "ds_nodash >= $6 AND ds_nodash <= $7 AND COALESCE(\"os_version\", '') = $8 AND "
            "COALESCE(\"child\", '') = $9) AS selected ON TRUE");
  EXPECT_THAT(sql.params, ElementsAre("@legacy_aggregates", "build_id", "nightly", "42", "GC_MS", "20150615",
                                      "20150616", "6.1", "true"));
}

TEST(LegacyAggregatesSql, WithoutDaysOrFiltersSelectsByTypeChannelVersionAndMetricOnly) {
  LegacyQueryRequest r;
  r.channel = "beta";
  r.version = "41";
  r.metric = "CC_MS";
  const SqlStatement sql = BuildLegacyAggregatesSql(*ValidateLegacyQuery(r));
  EXPECT_THAT(sql.text, ::testing::EndsWith("WHERE aggregate_type = $2 AND channel = $3 AND version = $4 AND "
                                            "metric = $5) AS selected ON TRUE"));
  EXPECT_THAT(sql.params, ElementsAre("@legacy_aggregates", "submission_date", "beta", "41", "CC_MS"));
}

}  // namespace
}  // namespace opmon::statistics
