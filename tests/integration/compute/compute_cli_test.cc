// ComputePercentileCI through gRPC (same rows as the kernel library, argument
// errors naming the field) and the opmonctl compute commands against the
// real binary: kernel percentile-ci, run, jobs, preview, dry-run.

#include <cmath>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/compute/kernels/percentile_ci.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/integration/compute/small_warehouse.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::compute::testing {
namespace {

using ::testing::HasSubstr;

class ComputeCliTest : public ComputeTest {
 protected:
  static void SetUpTestSuite() {
    ComputeTest::SetUpTestSuite();
    service_ = StartCompute().release();
  }
  static void TearDownTestSuite() {
    delete service_;
    service_ = nullptr;
  }
  static opmon::testing::CommandResult Ctl(const std::vector<std::string>& args) { return Opmonctl(*service_, args); }
  static opmon::testing::ServiceProcess* service_;
};

opmon::testing::ServiceProcess* ComputeCliTest::service_ = nullptr;

v1::ComputePercentileCIRequest Histogram(v1::PercentileMethod method) {
  v1::ComputePercentileCIRequest request;
  for (auto [k, v] : std::vector<std::pair<double, double>>{{1, 10}, {2, 20}, {3, 30}, {4, 40}}) {
    auto* e = request.add_histogram();
    e->set_key(k);
    e->set_value(v);
  }
  for (double p : {25, 50, 75, 95}) request.add_percentiles(p);
  request.set_method(method);
  return request;
}

TEST_F(ComputeCliTest, PercentileCiRpcReturnsTheKernelsRows) {
  auto stub = Stub(*service_);
  for (auto [method, kernel_method] : std::vector<std::pair<v1::PercentileMethod, CiMethod>>{
           {v1::PERCENTILE_METHOD_BINOMIAL, CiMethod::kBinomial},
           {v1::PERCENTILE_METHOD_JACKKNIFE, CiMethod::kJackknife},
           {v1::PERCENTILE_METHOD_BOOTSTRAP, CiMethod::kBootstrap},
           {v1::PERCENTILE_METHOD_BLOCK_JACKKNIFE, CiMethod::kBlockJackknife}}) {
    v1::ComputePercentileCIRequest request = Histogram(method);
    request.set_seed(7);
    v1::ComputePercentileCIResponse response;
    auto ctx = Context();
    ASSERT_TRUE(stub->ComputePercentileCI(ctx.get(), request, &response).ok());
    kernels::PercentileCiRequest direct;
    direct.histogram = {{1, 10}, {2, 20}, {3, 30}, {4, 40}};
    direct.percentiles = {25, 50, 75, 95};
    direct.method = kernel_method;
    direct.seed = 7;
    auto expected = kernels::ComputePercentileCi(direct);
    ASSERT_THAT(expected, IsOk());
    ASSERT_EQ(response.rows_size(), 4);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(response.rows(i).parameter(), (*expected)[i].percentile);
      EXPECT_EQ(response.rows(i).point(), (*expected)[i].point);
      EXPECT_EQ(response.rows(i).lower(), (*expected)[i].lower);
      EXPECT_EQ(response.rows(i).upper(), (*expected)[i].upper);
    }
    // The median of this histogram is bucket 3 (cumulative 10, 30, 60 of 100).
    if (method != v1::PERCENTILE_METHOD_BOOTSTRAP) {  // bootstrap reports bucket midpoints
      EXPECT_DOUBLE_EQ(response.rows(1).point(), 3);
    }
  }
}

TEST_F(ComputeCliTest, PercentileCiRpcNamesTheBadField) {
  auto stub = Stub(*service_);
  auto call = [&](const v1::ComputePercentileCIRequest& r) {
    v1::ComputePercentileCIResponse response;
    auto ctx = Context();
    return stub->ComputePercentileCI(ctx.get(), r, &response);
  };
  v1::ComputePercentileCIRequest empty;
  grpc::Status s = call(empty);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("histogram"));
  v1::ComputePercentileCIRequest bad_p = Histogram(v1::PERCENTILE_METHOD_BINOMIAL);
  bad_p.set_percentiles(1, 150);
  s = call(bad_p);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("percentiles[1]"));
  v1::ComputePercentileCIRequest bad_blocks = Histogram(v1::PERCENTILE_METHOD_BLOCK_JACKKNIFE);
  bad_blocks.set_blocks(1);
  s = call(bad_blocks);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("blocks"));
  v1::ComputePercentileCIRequest negative = Histogram(v1::PERCENTILE_METHOD_BINOMIAL);
  negative.mutable_histogram(2)->set_value(-1);
  s = call(negative);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("histogram[2]"));
}

TEST_F(ComputeCliTest, KernelCommandPrintsTheRpcRowsAsJson) {
  auto result = Ctl({"kernel", "percentile-ci", "--method", "jackknife", "--percentiles", "25,50,75,95",
                     "--histogram", "[[1,10],[2,20],[3,30],[4,40]]"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  nlohmann::json rows = nlohmann::json::parse(result.output);
  ASSERT_TRUE(rows.is_array());
  ASSERT_EQ(rows.size(), 4u);
  auto stub = Stub(*service_);
  v1::ComputePercentileCIResponse response;
  auto ctx = Context();
  ASSERT_TRUE(stub->ComputePercentileCI(ctx.get(), Histogram(v1::PERCENTILE_METHOD_JACKKNIFE), &response).ok());
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(rows[i]["parameter"].get<double>(), response.rows(i).parameter());
    EXPECT_EQ(rows[i]["point"].get<double>(), response.rows(i).point());
    EXPECT_EQ(rows[i]["lower"].get<double>(), response.rows(i).lower());
    EXPECT_EQ(rows[i]["upper"].get<double>(), response.rows(i).upper());
  }
  auto bad = Ctl({"kernel", "percentile-ci", "--method", "jacknife", "--histogram", "[[1,1]]"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.output, HasSubstr("--method"));
  auto bad_rpc = Ctl({"kernel", "percentile-ci", "--percentiles", "101", "--histogram", "[[1,1]]"});
  EXPECT_EQ(bad_rpc.exit_code, 1);
  EXPECT_THAT(bad_rpc.output, HasSubstr("percentiles[0]"));
}

TEST_F(ComputeCliTest, RunJobsPreviewAndDryRunCommands) {
  auto run = Ctl({"--json", "run", "desktop-health", "--date", "2024-02-04"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  nlohmann::json jobs = nlohmann::json::parse(run.output);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["state"], "succeeded");
  EXPECT_EQ(jobs[0]["progress"]["phase"], "done");
  const int64_t id = jobs[0]["id"].get<int64_t>();
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(*) > 0 FROM opmon_results.desktop_health_statistics "
                              "WHERE submission_date = '2024-02-04'"),
            "t");

  auto ls = Ctl({"--json", "jobs", "ls", "--slug", "desktop-health", "--state", "succeeded"});
  ASSERT_EQ(ls.exit_code, 0) << ls.output;
  bool listed = false;
  for (const auto& job : nlohmann::json::parse(ls.output)) listed = listed || job["id"].get<int64_t>() == id;
  EXPECT_TRUE(listed);

  auto get = Ctl({"jobs", "get", std::to_string(id)});
  EXPECT_EQ(get.exit_code, 0);
  EXPECT_THAT(get.output, HasSubstr("succeeded"));
  auto cancel = Ctl({"jobs", "cancel", std::to_string(id)});
  EXPECT_EQ(cancel.exit_code, 1);
  EXPECT_THAT(cancel.output, HasSubstr("already succeeded"));
  auto watch = Ctl({"--json", "jobs", "watch", std::to_string(id)});
  EXPECT_EQ(watch.exit_code, 0);
  EXPECT_THAT(watch.output, HasSubstr("\"state\":\"succeeded\""));

  auto preview = Ctl({"--json", "preview", "desktop-health", "--date", "2024-02-04", "--sample-percent", "50"});
  ASSERT_EQ(preview.exit_code, 0) << preview.output;
  nlohmann::json p = nlohmann::json::parse(preview.output);
  EXPECT_GT(p["clients"].get<int64_t>(), 0);
  EXPECT_FALSE(p["rows"].empty());

  auto dry = Ctl({"dry-run", "desktop-health", "--date", "2024-02-04"});
  EXPECT_EQ(dry.exit_code, 0) << dry.output;
  EXPECT_THAT(dry.output, HasSubstr("dry run ok"));
  EXPECT_THAT(dry.output, HasSubstr("FROM telemetry.main"));

  auto missing = Ctl({"run", "no-such-project", "--date", "2024-02-04"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("no-such-project"));
}

}  // namespace
}  // namespace opmon::compute::testing
