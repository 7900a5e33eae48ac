// LocateConfigPath: the config paths compute's dry run reports, pointed back
// at the line and column of a YAML or TOML project file.
#include "services/config/domain/config_path_locator.h"

#include <gtest/gtest.h>

#include <string>

namespace opmon::config {
namespace {

constexpr char kYaml[] = R"(project:
  platform: firefox_desktop
  metrics: [gc_ms, bad_metric]
  population:
    data_source: main
    dimensions: [os]
metrics:
  bad_metric:
    select_expression: SUM(no_such_column)
    data_source: events
data_sources:
  events:
    from_expression: telemetry.no_such_table
)";

constexpr char kToml[] = R"toml([project]
platform = "firefox_desktop"
metrics = ["gc_ms", "bad_metric"]

[metrics.bad_metric]
select_expression = "SUM(no_such_column)"
data_source = "main"
)toml";

struct Where {
  int line;
  int column;
};

Where Locate(const std::string& path, const std::string& text, const std::string& config_path) {
  const SourceLocation at = LocateConfigPath({path, text}, config_path);
  EXPECT_EQ(at.file, path);
  EXPECT_EQ(at.path, config_path);
  return {at.line, at.column};
}

void ExpectAt(Where where, int line, int column) {
  EXPECT_EQ(where.line, line);
  EXPECT_EQ(where.column, column);
}

TEST(LocateConfigPath, FindsTheValueOfAKeyTheFileWrites) {
  ExpectAt(Locate("p.yaml", kYaml, "metrics.bad_metric.select_expression"), 9, 24);
  ExpectAt(Locate("p.yaml", kYaml, "data_sources.events.from_expression"), 13, 22);
  ExpectAt(Locate("p.toml", kToml, "metrics.bad_metric.select_expression"), 6, 21);
}

TEST(LocateConfigPath, FallsBackToTheEntryWhenTheKeyComesFromTheDefinitions) {
  // from_expression of data source events is in the file, but not this key.
  ExpectAt(Locate("p.yaml", kYaml, "metrics.bad_metric.statistics"), 8, 3);
}

TEST(LocateConfigPath, PointsAtTheReferenceToAnEntryDefinedByThePlatform) {
  ExpectAt(Locate("p.yaml", kYaml, "metrics.gc_ms.select_expression"), 3, 13);
  ExpectAt(Locate("p.toml", kToml, "metrics.gc_ms.select_expression"), 3, 12);
  ExpectAt(Locate("p.yaml", kYaml, "data_sources.main.from_expression"), 5, 18);
  ExpectAt(Locate("p.yaml", kYaml, "dimensions.os.select_expression"), 6, 18);
  ExpectAt(Locate("p.toml", kToml, "data_sources.main.from_expression"), 7, 15);
}

TEST(LocateConfigPath, UsesTheNearestAncestorOrTheTopOfTheFile) {
  ExpectAt(Locate("p.yaml", kYaml, "metrics.uri_count.select_expression"), 7, 1);
  ExpectAt(Locate("p.yaml", kYaml, "project.population"), 4, 3);
  ExpectAt(Locate("p.yaml", "project: {platform: firefox_desktop}\n", "dimensions.os.select_expression"), 1, 1);
}

TEST(LocateConfigPath, TriesEachPathComputeNames) {
  // Compute names the population and, in parentheses, its data source.
  ExpectAt(Locate("p.yaml", kYaml, "project.population (data_sources.main.from_expression)"), 4, 3);
  ExpectAt(Locate("p.yaml", kYaml, "metrics.gc_ms.select_expression (or data_sources.events.from_expression)"),
           13, 22);
}

TEST(LocateConfigPath, GivesNoPositionInAFileThatDoesNotParse) {
  ExpectAt(Locate("p.yaml", "project: [unclosed\n", "metrics.m.select_expression"), 0, 0);
}

}  // namespace
}  // namespace opmon::config
