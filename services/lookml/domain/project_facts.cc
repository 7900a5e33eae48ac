#include "services/lookml/domain/project_facts.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/results/branch_labels.h"
#include "common/results/relation_name.h"
#include "services/lookml/domain/quoting.h"

namespace opmon::lookml {

ProjectNames NamesFor(const config::ResolvedProject& project) {
  ProjectNames names;
  names.view = LookmlName(results::TableBase(project));
  names.alerts_view = names.view + "_alerts";
  names.datagroup = names.view + "_last_updated";
  names.statistics_table = results::StatisticsTable(project).Qualified();
  names.alerts_table = results::AlertsTable(project).Qualified();
  return names;
}

absl::string_view XAxisField(config::XAxis xaxis) {
  return xaxis == config::XAxis::kBuildId ? "build_time" : "submission_date";
}

std::vector<const DimensionValues*> DimensionsWithData(const ProjectLookmlInput& input) {
  std::vector<const DimensionValues*> out;
  for (const config::Dimension& d : input.project.dimensions) {
    for (const DimensionValues& values : input.dimension_values) {
      if (values.dimension == d.name && !values.values.empty()) {
        out.push_back(&values);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> DashboardBranches(const ProjectLookmlInput& input) {
  const config::ResolvedProject& p = input.project;
  const std::vector<std::string> configured = results::ProjectBranches(p);
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& b) {
    if (seen.insert(b).second) out.push_back(b);
  };
  const bool reference_known =
      std::find(configured.begin(), configured.end(), p.reference_branch) != configured.end() ||
      std::find(input.observed_branches.begin(), input.observed_branches.end(), p.reference_branch) !=
          input.observed_branches.end();
  if (reference_known) add(p.reference_branch);
  for (const std::string& b : configured) add(b);
  for (const std::string& b : input.observed_branches) add(b);
  if (out.empty()) add(std::string(results::kActiveBranch));
  return out;
}

std::vector<std::pair<std::string, std::string>> BranchColours(const std::vector<std::string>& branches) {
  // Okabe & Ito's colour-blind-safe palette, yellow last (weak on white).
  static constexpr const char* kPalette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                             "#E69F00", "#56B4E9", "#000000", "#F0E442"};
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < branches.size(); ++i) {
    out.emplace_back(branches[i], kPalette[i % std::size(kPalette)]);
  }
  return out;
}

std::optional<double> DefaultPercentile(const config::ResolvedProject& project) {
  std::optional<double> smallest;
  for (const config::Metric& m : project.metrics) {
    for (const config::Statistic& s : m.statistics) {
      if (s.kind != StatisticKind::kPercentile) continue;
      for (double pct : s.percentile.percentiles) {
        if (pct == 50) return 50;
        if (!smallest || pct < *smallest) smallest = pct;
      }
    }
  }
  return smallest;
}

std::string MetricTitle(const config::Metric& metric) {
  return metric.friendly_name.empty() ? SlugToTitle(metric.name) : metric.friendly_name;
}

std::string DimensionTitle(const config::ResolvedProject& project, absl::string_view dimension) {
  for (const config::Dimension& d : project.dimensions) {
    if (d.name == dimension && !d.friendly_name.empty()) return d.friendly_name;
  }
  return SlugToTitle(dimension);
}

std::string StatisticTitle(StatisticKind kind) { return SlugToTitle(std::string(ToString(kind))); }

bool HasConfidenceInterval(StatisticKind kind) {
  return kind == StatisticKind::kPercentile || kind == StatisticKind::kMean ||
         kind == StatisticKind::kTotalRatio;
}

}  // namespace opmon::lookml
