#include "services/compute/kernels/bootstrap.h"

#include <cmath>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/qbinom.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/services/compute/kernels/reference_data.h"

namespace opmon::kernels {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;

bool Same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

TEST(Mulberry32, MatchesJavaScriptDraws) {
  const auto& data = testing::LoadReferenceData();
  ASSERT_FALSE(data.mulberry32.empty());
  for (const auto& [seed, draws] : data.mulberry32) {
    Mulberry32 rng(seed);
    for (size_t i = 0; i < draws.size(); ++i) EXPECT_EQ(rng.Next(), draws[i]) << seed << " " << i;
  }
}

TEST(QBinom, HandWorkedSmallCases) {
  // Binomial(10, 0.5): F(1) = 0.0107, F(2) = 0.0547, F(7) = 0.9453, F(8) = 0.9893.
  EXPECT_EQ(QBinom(0.05, 10, 0.5), 2);
  EXPECT_EQ(QBinom(0.95, 10, 0.5), 8);
  EXPECT_EQ(QBinom(0.0107, 10, 0.5), 1);
  EXPECT_EQ(QBinom(0, 10, 0.5), 0);
  EXPECT_EQ(QBinom(1, 10, 0.5), 10);
  EXPECT_EQ(QBinom(0.3, 10, 1), 10);
  EXPECT_EQ(QBinom(0.3, 0, 0.5), 0);
  EXPECT_TRUE(std::isnan(QBinom(0.3, 2.5, 0.5)));
  EXPECT_TRUE(std::isnan(QBinom(1.5, 10, 0.5)));
  EXPECT_TRUE(std::isnan(QBinom(0.5, INFINITY, 0.5)));
}

TEST(QBinom, MatchesReferenceQbinomInNodeUpToHundredMillionTrials) {
  const auto& data = testing::LoadReferenceData();
  ASSERT_GT(data.qbinom.size(), 1000u);
  int exact = 0;
  for (const auto& q : data.qbinom) {
    if (q[1] > 1e8) continue;
    EXPECT_TRUE(Same(QBinom(q[0], q[1], q[2]), q[3]))
        << "u=" << q[0] << " n=" << q[1] << " p=" << q[2] << " got " << QBinom(q[0], q[1], q[2])
        << " want " << q[3];
    ++exact;
  }
  EXPECT_GT(exact, 2000);
}

// Beyond ~1e8 trials (ceil(1000 x mass): over ~100k clients) the reference's
// incomplete beta loses accuracy: its qbinom(0.5, 1e9, 0.5) is 500000258,
// where the median of Binomial(1e9, 0.5) is exactly 500000000. Ours stays
// exact; the differences are within 0.02 standard deviations.
TEST(QBinom, ReferenceDriftsAtBillionTrialsWhereOursStaysExact) {
  EXPECT_EQ(QBinom(0.5, 1e9, 0.5), 5e8);
  int differ = 0;
  for (const auto& q : testing::LoadReferenceData().qbinom) {
    if (q[1] <= 1e8 || std::isnan(q[3])) continue;
    const double sd = std::sqrt(q[1] * q[2] * (1 - q[2]));
    const double ours = QBinom(q[0], q[1], q[2]);
    EXPECT_LE(std::fabs(ours - q[3]), 0.02 * sd + 1) << "u=" << q[0] << " p=" << q[2];
    differ += ours != q[3];
  }
  EXPECT_GT(differ, 0);
}

TEST(Bootstrap, OneBinAndSevenBinAsTheUdfsOwnTests) {
  const std::vector<double> p = {5, 25, 50, 75, 95};
  const std::vector<Bucket> one_bin = {{0, 0}, {1, 1}, {2, 0}};
  auto rows = BootstrapPercentileCi(one_bin, p, 1);
  ASSERT_THAT(rows, IsOk());
  for (const auto& r : *rows) {
    EXPECT_EQ(r.lower, 1.0);
    EXPECT_EQ(r.point, 1.5);
    EXPECT_EQ(r.upper, 2.0);
  }
  const std::vector<Bucket> seven_bin = {{-4.5, 0},    {-3.5, 0.01}, {-2.5, 0.12},
                                         {-1.5, 0.22}, {-0.5, 0.3},  {0.5, 0.22},
                                         {1.5, 0.12},  {2.5, 0.01},  {3.5, 0}};
  rows = BootstrapPercentileCi(seven_bin, p, 1);
  ASSERT_THAT(rows, IsOk());
  const double lower[] = {-2.5, -1.5, -0.5, 0.5, 1.5};
  const double point[] = {-2, -1, 0, 1, 2};
  const double upper[] = {-1.5, -0.5, 0.5, 1.5, 2.5};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ((*rows)[i].lower, lower[i]) << i;
    EXPECT_EQ((*rows)[i].point, point[i]) << i;
    EXPECT_EQ((*rows)[i].upper, upper[i]) << i;
  }
}

TEST(Bootstrap, AllZeroHistogramGivesNaNWithoutValidatingPercentiles) {
  const std::vector<Bucket> zero = {{0, 0}, {1, 0}};
  const std::vector<double> p = {110};
  auto rows = BootstrapPercentileCi(zero, p, 0);
  ASSERT_THAT(rows, IsOk());
  EXPECT_TRUE(std::isnan((*rows)[0].point));
}

TEST(Bootstrap, ValidationErrors) {
  const std::vector<Bucket> h = {{1, 1}};
  EXPECT_EQ(BootstrapPercentileCi(h, {}, 0).status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<double> bad = {-10};
  EXPECT_THAT(BootstrapPercentileCi(h, bad, 0), StatusIs(absl::StatusCode::kInvalidArgument));
  const std::vector<Bucket> nan_value = {{1, NAN}};
  const std::vector<double> p = {50};
  EXPECT_THAT(BootstrapPercentileCi(nan_value, p, 0), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Bootstrap, MatchesReferenceUdfRunInNodeWithMulberrySeeds) {
  int checked = 0;
  for (const auto& c : testing::LoadReferenceData().cases) {
    if (c.method != "bootstrap") continue;
    auto rows = BootstrapPercentileCi(c.histogram, c.percentiles, c.seed);
    const std::string label = c.histogram_name + " seed " + std::to_string(c.seed);
    if (c.error) {
      EXPECT_FALSE(rows.ok()) << label;
      continue;
    }
    ASSERT_THAT(rows, IsOk()) << label << " " << rows.status();
    ASSERT_EQ(rows->size(), c.expected.size()) << label;
    for (size_t i = 0; i < rows->size(); ++i) {
      EXPECT_TRUE(Same((*rows)[i].point, c.expected[i].point)) << label << " row " << i;
      EXPECT_TRUE(Same((*rows)[i].lower, c.expected[i].lower)) << label << " row " << i;
      EXPECT_TRUE(Same((*rows)[i].upper, c.expected[i].upper)) << label << " row " << i;
    }
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

}  // namespace
}  // namespace opmon::kernels
