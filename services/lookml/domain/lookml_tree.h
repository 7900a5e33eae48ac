#pragma once
// The generated Looker project: per project a view, an explore, a datagroup
// and a dashboard (plus the alerts view and explore with alerting), and one
// model file including every explore and dashboard. Deterministic: the same
// inputs give the same paths, order and bytes.

#include <string>
#include <vector>

#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

inline constexpr char kModelPath[] = "operational_monitoring.model.lkml";

// The files of one project, sorted by path:
//   views/<S>.view.lkml, explores/<S>.explore.lkml,
//   datagroups/<S>_last_updated.datagroup.lkml, dashboards/<S>.dashboard.lookml
//   and with alerting views/<S>_alerts.view.lkml, explores/<S>_alerts.explore.lkml.
std::vector<GeneratedFile> GenerateProjectFiles(const ProjectLookmlInput& input, const GenerationOptions& options);

// False when the project's end date is before options.today.
bool IsActive(const config::ResolvedProject& project, const GenerationOptions& options);

struct GeneratedTree {
  std::vector<GeneratedFile> files;   // sorted by path, model included
  std::vector<std::string> problems;  // ValidateTree findings and name clashes
  std::vector<std::string> skipped;   // slugs left out (ended, or a name clash)
};

// Every active project's files plus the model, validated. Projects are taken
// in slug order; a project whose LookML name equals an earlier one's is
// skipped with a problem.
GeneratedTree GenerateTree(const std::vector<ProjectLookmlInput>& inputs, const GenerationOptions& options);

}  // namespace opmon::lookml
