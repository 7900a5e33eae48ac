// On opmon-datagen's warehouse (10,000 clients, one day) the effects it
// injects are found and its null effects are not: the treatment's median
// first contentful paint is one bucket higher with non-overlapping 90%
// intervals while gc_ms intervals overlap; the rollout's memory effect; the
// regressed nightly builds on the build_id axis. docs/datagen.md lists the
// expected buckets.

#include <map>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::compute::testing {
namespace {

constexpr char kDay[] = "2024-02-20";

struct Estimate {
  double point = 0;
  double lower = 0;
  double upper = 0;
};

class ComputeEffectsTest : public opmon::testing::PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    auto generated = opmon::testing::RunCommand(
        {opmon::testing::BuiltBinary("services/compute/datagen/opmon-datagen"), "--warehouse-url", dsn(), "--seed",
         "1", "--clients", "10000", "--days", "1", "--end-date", kDay});
    ASSERT_THAT(generated, IsOk());
    ASSERT_EQ(generated->exit_code, 0) << generated->output;
    for (const char* slug : {"fission-experiment", "fission-rollout", "nightly-build-over-build"}) {
      StoreExampleProject(database(), slug);
    }
    auto service = opmon::testing::ServiceProcess::StartServing("compute", dsn(), {"--workers", "2"});
    ASSERT_THAT(service, IsOk());
    service_ = service->release();
    auto stub = v1::ComputeService::NewStub(service_->channel());
    for (const char* slug : {"fission-experiment", "fission-rollout", "nightly-build-over-build"}) {
      v1::RunProjectResponse response;
      grpc::Status status =
          Rpc(*stub, &v1::ComputeService::Stub::RunProject, RunOf(slug, kDay, /*wait=*/true), &response, 600);
      ASSERT_THAT(status, IsOk());
      ASSERT_EQ(response.job().state(), v1::JOB_STATE_SUCCEEDED) << response.job().error() << service_->Log();
      jobs_->emplace(slug, response.job());
    }
  }
  static void TearDownTestSuite() {
    delete service_;
    service_ = nullptr;
  }

  // The stored estimate of one statistics row.
  static Estimate Get(const std::string& table, const std::string& where) {
    auto rows = Query(dsn(), absl::StrCat("SELECT point, lower, upper FROM opmon_results.", table,
                                          "_statistics WHERE submission_date = '", kDay, "' AND ", where));
    EXPECT_THAT(rows, IsOk());
    EXPECT_EQ(rows.ok() ? rows->size() : 0u, 1u) << where;
    if (!rows.ok() || rows->size() != 1) return {};
    const auto& r = rows->front();
    return {std::stod(r[0].value_or("nan")), std::stod(r[1].value_or("nan")), std::stod(r[2].value_or("nan"))};
  }

  static bool Overlap(const Estimate& a, const Estimate& b) { return a.lower <= b.upper && b.lower <= a.upper; }

  static opmon::testing::ServiceProcess* service_;
  static std::map<std::string, v1::Job>* jobs_;
};

opmon::testing::ServiceProcess* ComputeEffectsTest::service_ = nullptr;
std::map<std::string, v1::Job>* ComputeEffectsTest::jobs_ = new std::map<std::string, v1::Job>();

TEST_F(ComputeEffectsTest, TreatmentPaintRegressionIsFoundAndGcNullEffectIsNot) {
  const std::string base = "os = 'Windows_NT' AND statistic = 'percentile' AND parameter = '50' AND ";
  Estimate control = Get("fission_experiment", base + "metric = 'perf_first_contentful_paint_ms' AND branch = 'control'");
  Estimate treatment =
      Get("fission_experiment", base + "metric = 'perf_first_contentful_paint_ms' AND branch = 'treatment'");
  EXPECT_EQ(control.point, 1009);
  EXPECT_EQ(treatment.point, 1120);
  EXPECT_FALSE(Overlap(control, treatment)) << "control [" << control.lower << ", " << control.upper
                                            << "] treatment [" << treatment.lower << ", " << treatment.upper << "]";

  Estimate gc_control = Get("fission_experiment", base + "metric = 'gc_ms' AND branch = 'control'");
  Estimate gc_treatment = Get("fission_experiment", base + "metric = 'gc_ms' AND branch = 'treatment'");
  EXPECT_EQ(gc_control.point, 29);
  EXPECT_EQ(gc_treatment.point, 29);
  EXPECT_TRUE(Overlap(gc_control, gc_treatment));
}

TEST_F(ComputeEffectsTest, RolloutMemoryEffectIsFound) {
  const std::string base = "os = 'Windows_NT' AND metric = 'memory_total' AND parameter = '50' AND ";
  Estimate disabled = Get("fission_rollout", base + "branch = 'disabled'");
  Estimate enabled = Get("fission_rollout", base + "branch = 'enabled'");
  EXPECT_EQ(disabled.point, 2485143);
  EXPECT_EQ(enabled.point, 2822556);
  EXPECT_FALSE(Overlap(disabled, enabled));
  // The pref that splits the branches, as a mean.
  EXPECT_EQ(Get("fission_rollout", "os = 'Windows_NT' AND metric = 'fission_enabled' AND branch = 'enabled'").point, 1);
  EXPECT_EQ(Get("fission_rollout", "os = 'Windows_NT' AND metric = 'fission_enabled' AND branch = 'disabled'").point, 0);
}

TEST_F(ComputeEffectsTest, RegressedNightlyBuildsStandOutOnTheBuildAxis) {
  // Builds of 2024-02-14 (days since 1970 % 10 == 7) regress gc_ms by 40%.
  auto builds = Query(dsn(), absl::StrCat("SELECT build_id, point FROM opmon_results.nightly_build_over_build_statistics "
                                          "WHERE submission_date = '", kDay, "' AND os = 'Windows_NT' AND metric = 'gc_ms' "
                                          "AND parameter = '50' AND left(build_id, 8) IN ('20240214', '20240218', '20240219')"));
  ASSERT_THAT(builds, IsOk());
  int regressed = 0, normal = 0;
  for (const auto& row : *builds) {
    const std::string build = *row[0];
    const double point = std::stod(*row[1]);
    if (build.rfind("20240214", 0) == 0) {
      EXPECT_EQ(point, 40) << build;
      ++regressed;
    } else {
      EXPECT_EQ(point, 29) << build;
      ++normal;
    }
  }
  EXPECT_GE(regressed, 1);
  EXPECT_GE(normal, 2);
}

TEST_F(ComputeEffectsTest, MalformedHistogramsAreCountedNotFatal) {
  const v1::Job& job = jobs_->at("fission-experiment");
  int64_t total = 0;
  for (const auto& m : job.malformed()) {
    total += m.count();
    EXPECT_FALSE(m.samples().empty()) << m.metric();
  }
  EXPECT_GT(total, 0);
  EXPECT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED);
}

}  // namespace
}  // namespace opmon::compute::testing
