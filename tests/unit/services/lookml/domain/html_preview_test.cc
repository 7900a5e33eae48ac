// The HTML preview page: self-contained, one figure per dashboard tile, the
// selectors the dashboard has, rows embedded safely, alerts as a table.
// (Rendering in a browser is tested in tests/integration/lookml/.)

#include <limits>
#include <optional>
#include <regex>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/lookml/domain/dashboard_plan.h"
#include "services/lookml/domain/html_preview.h"
#include "tests/unit/services/lookml/domain/example_projects.h"

namespace opmon::lookml {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

PreviewData SomeRows() {
  PreviewData data;
  data.dimension_names = {"os", "country"};
  data.rows.push_back({"2024-03-01", {"Mac", "US"}, "active", "gc_ms", "percentile", "50", 10, 9, 11});
  data.rows.push_back({"2024-03-02", {"Mac", "US"}, "active", "gc_ms", "percentile", "50", 12, 11, 13});
  data.rows.push_back({"2024-03-02", {"</script><b>", "US"}, "active", "gc_ms", "percentile", "50", 1, 0, 2});
  data.alerts.push_back({"2024-03-02", {"Mac", "US"}, "active", "gc_ms", "percentile", "50", "avg_diff",
                         "changed by <50%> & more"});
  return data;
}

TEST(HtmlPreview, HasAFigurePerTileAndNoExternalAssets) {
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("desktop-health"));
  const std::string html = RenderHtmlPreview(input, SomeRows(), {});
  const DashboardPlan plan = PlanDashboard(input, {});
  EXPECT_EQ(Count(html, "<figure class=\"tile\""), static_cast<int>(plan.tiles.size()));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("href=")));
  EXPECT_THAT(html, Not(HasSubstr("url(")));
  EXPECT_THAT(html, Not(HasSubstr("@import")));
  EXPECT_THAT(html, HasSubstr("<select id=\"percentile\">"));
  // group_by_dimension os: checkboxes; country: a dropdown defaulting to the most frequent value.
  EXPECT_THAT(html, HasSubstr("<fieldset data-dimension=\"os\">"));
  EXPECT_THAT(html, HasSubstr("<option value=\"US\" selected>US</option>"));
}

TEST(HtmlPreview, EmbedsRowsThatCannotCloseTheScriptElement) {
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("desktop-health"));
  const std::string html = RenderHtmlPreview(input, SomeRows(), {});
  EXPECT_EQ(Count(html, "</script>"), 2);  // the data and the code, nothing from the rows
  const std::string open = "<script id=\"opmon-data\" type=\"application/json\">";
  const size_t start = html.find(open) + open.size();
  const nlohmann::json data = nlohmann::json::parse(html.substr(start, html.find("</script>", start) - start));
  ASSERT_EQ(data["rows"].size(), 3u);
  EXPECT_EQ(data["rows"][2][1], "</script><b>");
  EXPECT_EQ(data["rows"][0][7], 10.0);
  EXPECT_EQ(data["columns"][1], "dimension:os");
  EXPECT_EQ(data["colours"]["active"], "#0072B2");
}

TEST(HtmlPreview, WritesAnUnboundedSideAsAStringTheChartDrawsToItsEdge) {
  // p95 of few clients: [2096, Infinity) (docs/kernels.md). JSON has no
  // infinity; "no interval" stays null.
  PreviewData data = SomeRows();
  data.rows.push_back({"2024-03-03", {"Mac", "US"}, "active", "gc_ms", "percentile", "50", 12, 11,
                       std::numeric_limits<double>::infinity()});
  data.rows.push_back({"2024-03-04", {"Mac", "US"}, "active", "gc_ms", "percentile", "50", 12,
                       -std::numeric_limits<double>::infinity(), std::nullopt});
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("desktop-health"));
  const std::string html = RenderHtmlPreview(input, data, {});
  const std::string open = "<script id=\"opmon-data\" type=\"application/json\">";
  const size_t start = html.find(open) + open.size();
  const nlohmann::json parsed = nlohmann::json::parse(html.substr(start, html.find("</script>", start) - start));
  ASSERT_EQ(parsed["rows"].size(), 5u);
  EXPECT_EQ(parsed["rows"][3][8], 11.0);
  EXPECT_EQ(parsed["rows"][3][9], "Infinity");
  EXPECT_EQ(parsed["rows"][4][8], "-Infinity");
  EXPECT_TRUE(parsed["rows"][4][9].is_null());
}

TEST(HtmlPreview, ListsAlertsEscaped) {
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("desktop-health"));
  const std::string html = RenderHtmlPreview(input, SomeRows(), {});
  EXPECT_THAT(html, HasSubstr("<table class=\"alerts\">"));
  EXPECT_THAT(html, HasSubstr("changed by &lt;50%&gt; &amp; more"));
}

TEST(HtmlPreview, CompactProjectsGetMetricAndStatisticSelectors) {
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("nightly-build-over-build"));
  const std::string html = RenderHtmlPreview(input, {}, {});
  EXPECT_THAT(html, HasSubstr("<select id=\"metric\">"));
  EXPECT_THAT(html, HasSubstr("<select id=\"statistic\">"));
  EXPECT_EQ(Count(html, "<figure class=\"tile\""), 1);
  EXPECT_THAT(html, Not(HasSubstr("id=\"alerts\"")));  // alerting off
}

TEST(HtmlPreview, IsDeterministic) {
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("engagement-statistics"));
  EXPECT_EQ(RenderHtmlPreview(input, SomeRows(), {}), RenderHtmlPreview(input, SomeRows(), {}));
}

}  // namespace
}  // namespace opmon::lookml
