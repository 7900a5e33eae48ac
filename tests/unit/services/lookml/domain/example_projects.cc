#include "tests/unit/services/lookml/domain/example_projects.h"

#include <gtest/gtest.h>

namespace opmon::lookml::testing {

std::vector<config::ResolvedProject> ExampleProjects() {
  std::vector<config::ResolvedProject> out;
  for (const std::string& slug : opmon::testing::ExampleProjectSlugs()) {
    out.push_back(opmon::testing::ResolvedExample(slug));
  }
  return out;
}

std::vector<DimensionValues> CannedDimensionValues(const config::ResolvedProject& project) {
  std::vector<DimensionValues> out;
  for (const config::Dimension& d : project.dimensions) {
    if (d.name == "os") out.push_back({"os", {{"Windows", 700}, {"Mac", 200}, {"Linux", 100}}});
    if (d.name == "country") {
      out.push_back({"country", {{"US", 500}, {"DE", 300}, {"FR", 100}, {"Côte d'Ivoire", 5}}});
    }
    if (d.name == "channel") out.push_back({"channel", {{"beta", 900}}});
  }
  return out;
}

ProjectLookmlInput InputFor(const config::ResolvedProject& project) {
  ProjectLookmlInput input;
  input.project = project;
  input.dimension_values = CannedDimensionValues(project);
  input.alerting = HasAlerting(project);
  return input;
}

std::vector<ProjectLookmlInput> GoldenInputs() {
  std::vector<ProjectLookmlInput> out;
  for (const config::ResolvedProject& p : ExampleProjects()) out.push_back(InputFor(p));

  config::ResolvedProject grouped = ResolvedExample("engagement-statistics");
  grouped.slug = "engagement-grouped";
  grouped.table_name = "engagement_grouped";
  grouped.name = "Engagement by OS";
  grouped.population.group_by_dimension = "os";
  out.push_back(InputFor(grouped));

  config::ResolvedProject edge = ResolvedExample("desktop-health");
  edge.slug = "edge-cases";
  edge.table_name = "edge_cases";
  edge.name = "Edge: \"quotes\", 'apostrophes', #hash & yes: no";
  edge.metrics.clear();
  edge.metric_groups.clear();
  edge.population.monitor_entire_population = false;
  edge.population.branches = {"control", "treat,ment \"B\"", "-minus_%"};
  edge.population.group_by_dimension.reset();
  ProjectLookmlInput edge_input;
  edge_input.project = edge;
  // os has data with awkward values; country has none.
  edge_input.dimension_values = {{"os", {{"Win'dows, 10", 9}, {"yes", 3}, {"#1 \"best\"", 1}}}, {"country", {}}};
  edge_input.alerting = true;
  out.push_back(edge_input);
  return out;
}

}  // namespace opmon::lookml::testing
