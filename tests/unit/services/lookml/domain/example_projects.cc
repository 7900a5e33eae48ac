#include "tests/unit/services/lookml/domain/example_projects.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "services/config/domain/definitions.h"
#include "services/config/domain/validate_and_resolve.h"

namespace opmon::lookml::testing {
namespace {

config::SourceFile Load(const std::string& relative) {
  std::ifstream in(SourceDir() + "/deploy/examples/" + relative, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(in.good() || in.eof()) << relative;
  return {"deploy/examples/" + relative, text.str()};
}

}  // namespace

std::vector<config::ResolvedProject> ExampleProjects() {
  std::vector<config::PlatformDefinitions> definitions;
  for (const char* name : {"functions", "firefox_desktop", "firefox_desktop_defaults", "rollout"}) {
    config::ParseDefinitionsResult r =
        config::ParseDefinitions(Load(std::string("definitions/") + name + ".yaml"), config::ValidationMode::kStrict);
    for (const config::Diagnostic& d : r.diagnostics) ADD_FAILURE() << config::FormatDiagnostic(d);
    if (r.definitions) definitions.push_back(*r.definitions);
  }
  std::vector<config::ResolvedProject> out;
  for (const char* slug : {"fission-experiment", "fission-rollout", "desktop-health", "nightly-build-over-build",
                           "engagement-statistics"}) {
    const config::ResolveResult r =
        config::ValidateAndResolve(Load(std::string("projects/") + slug + ".yaml"), definitions, {}, {});
    for (const config::Diagnostic& d : r.diagnostics) ADD_FAILURE() << config::FormatDiagnostic(d);
    if (r.project) out.push_back(*r.project);
  }
  return out;
}

config::ResolvedProject ExampleProject(const std::string& slug) {
  for (config::ResolvedProject& p : ExampleProjects()) {
    if (p.slug == slug) return p;
  }
  ADD_FAILURE() << "no example project " << slug;
  return {};
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

  config::ResolvedProject grouped = ExampleProject("engagement-statistics");
  grouped.slug = "engagement-grouped";
  grouped.table_name = "engagement_grouped";
  grouped.name = "Engagement by OS";
  grouped.population.group_by_dimension = "os";
  out.push_back(InputFor(grouped));

  config::ResolvedProject edge = ExampleProject("desktop-health");
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
