#include "services/lookml/domain/lookml_tree.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "services/lookml/domain/dashboard_lookml.h"
#include "services/lookml/domain/dashboard_plan.h"
#include "services/lookml/domain/explore_lkml.h"
#include "services/lookml/domain/project_facts.h"
#include "services/lookml/domain/tree_validation.h"
#include "services/lookml/domain/view_lkml.h"

namespace opmon::lookml {
namespace {

void SortByPath(std::vector<GeneratedFile>& files) {
  std::sort(files.begin(), files.end(),
            [](const GeneratedFile& a, const GeneratedFile& b) { return a.path < b.path; });
}

}  // namespace

std::vector<GeneratedFile> GenerateProjectFiles(const ProjectLookmlInput& input, const GenerationOptions& options) {
  const ProjectNames names = NamesFor(input.project);
  std::vector<GeneratedFile> files;
  files.push_back({absl::StrCat("views/", names.view, ".view.lkml"), RenderStatisticsView(input)});
  files.push_back({absl::StrCat("explores/", names.view, ".explore.lkml"), RenderExplore(input)});
  files.push_back({absl::StrCat("datagroups/", names.datagroup, ".datagroup.lkml"), RenderDatagroup(input)});
  files.push_back({absl::StrCat("dashboards/", names.view, ".dashboard.lookml"),
                   RenderDashboard(input, PlanDashboard(input, options))});
  if (input.alerting) {
    files.push_back({absl::StrCat("views/", names.alerts_view, ".view.lkml"), RenderAlertsView(input)});
    files.push_back({absl::StrCat("explores/", names.alerts_view, ".explore.lkml"), RenderAlertsExplore(input)});
  }
  SortByPath(files);
  return files;
}

bool IsActive(const config::ResolvedProject& project, const GenerationOptions& options) {
  return !options.today || !project.end_date || *project.end_date >= *options.today;
}

GeneratedTree GenerateTree(const std::vector<ProjectLookmlInput>& inputs, const GenerationOptions& options) {
  std::vector<const ProjectLookmlInput*> ordered;
  for (const ProjectLookmlInput& input : inputs) ordered.push_back(&input);
  std::sort(ordered.begin(), ordered.end(), [](const ProjectLookmlInput* a, const ProjectLookmlInput* b) {
    return a->project.slug < b->project.slug;
  });
  GeneratedTree tree;
  std::map<std::string, std::string> slug_of_name;
  for (const ProjectLookmlInput* input : ordered) {
    const config::ResolvedProject& p = input->project;
    if (!IsActive(p, options)) {
      tree.skipped.push_back(p.slug);
      continue;
    }
    const std::string name = NamesFor(p).view;
    auto [it, inserted] = slug_of_name.emplace(name, p.slug);
    // `<a>_alerts` of one project must not be another project's view either.
    bool clash = !inserted || slug_of_name.count(name + "_alerts") > 0;
    if (!clash && name.size() > 7 && name.ends_with("_alerts")) clash = slug_of_name.count(name.substr(0, name.size() - 7)) > 0;
    if (clash) {
      tree.problems.push_back(absl::StrCat("project ", p.slug, ": LookML name ", name,
                                           " is already used by another project; skipped"));
      tree.skipped.push_back(p.slug);
      if (inserted) slug_of_name.erase(it);
      continue;
    }
    std::vector<GeneratedFile> files = GenerateProjectFiles(*input, options);
    for (GeneratedFile& f : files) tree.files.push_back(std::move(f));
  }
  std::vector<std::string> paths;
  for (const GeneratedFile& f : tree.files) paths.push_back(f.path);
  tree.files.push_back({kModelPath, RenderModel(options.connection, paths)});
  SortByPath(tree.files);
  std::vector<std::string> problems = ValidateTree(tree.files);
  tree.problems.insert(tree.problems.end(), problems.begin(), problems.end());
  return tree;
}

}  // namespace opmon::lookml
