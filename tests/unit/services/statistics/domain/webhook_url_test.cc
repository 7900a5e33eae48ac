// Webhook URLs and the JSON an alert is sent as.
#include "services/statistics/domain/alert_json.h"
#include "services/statistics/domain/http_post.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace opmon::statistics {
namespace {

TEST(ParseHttpUrl, AcceptsHostPortAndPath) {
  auto url = ParseHttpUrl("http://127.0.0.1:8080/hooks/opmon");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, "8080");
  EXPECT_EQ(url->path, "/hooks/opmon");
  url = ParseHttpUrl("http://[::1]:9/");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "::1");
  url = ParseHttpUrl("http://example.org");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->port, "80");
  EXPECT_EQ(url->path, "/");
}

TEST(ParseHttpUrl, RejectsOtherSchemesAndBadPortsNamingTheFlag) {
  for (const char* bad : {"https://example.org/", "example.org", "http://:80/", "http://host:0/", "http://h:x/"}) {
    auto url = ParseHttpUrl(bad, "webhook-url");
    ASSERT_FALSE(url.ok()) << bad;
    EXPECT_THAT(std::string(url.status().message()), ::testing::HasSubstr("webhook-url: \""));
  }
}

TEST(AlertToJson, WritesEveryFieldAndNullForMissingValues) {
  AlertRecord a;
  a.submission_date = absl::CivilDay(2024, 3, 1);
  a.dimensions = {{"os", "Windows"}};
  a.metric = "gc_ms";
  a.statistic = "percentile";
  a.parameter = "50";
  a.branch = "treatment";
  a.alert_name = "overlap";
  a.alert_type = config::AlertType::kCiOverlap;
  a.message = kDifferenceBetweenBranches;
  a.point = 1.5;
  a.raised_at = "2024-03-02T00:00:00.000000Z";
  auto doc = nlohmann::json::parse(AlertToJson("fission", a));
  EXPECT_EQ(doc["slug"], "fission");
  EXPECT_EQ(doc["submission_date"], "2024-03-01");
  EXPECT_EQ(doc["dimensions"]["os"], "Windows");
  EXPECT_EQ(doc["alert_type"], "ci_overlap");
  EXPECT_EQ(doc["message"], "Significant difference between branches");
  EXPECT_EQ(doc["point"], 1.5);
  EXPECT_TRUE(doc["lower"].is_null());
  EXPECT_EQ(doc["raised_at"], "2024-03-02T00:00:00.000000Z");
}

}  // namespace
}  // namespace opmon::statistics
