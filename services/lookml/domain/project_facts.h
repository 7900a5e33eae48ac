#pragma once
// Facts about one project that every generated artifact agrees on: LookML
// names, results relations, the x-axis field, the dimensions that have data,
// the branches shown and their colours, titles, the default percentile.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

#include "common/config/project.h"
#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

// The model every explore and dashboard belongs to.
inline constexpr absl::string_view kModelName = "operational_monitoring";

struct ProjectNames {
  std::string view;              // statistics view, explore and dashboard name
  std::string alerts_view;       // `<view>_alerts`
  std::string datagroup;         // `<view>_last_updated`
  std::string statistics_table;  // "opmon_results"."<table>_statistics" (PostgreSQL)
  std::string alerts_table;      // "opmon_results"."<table>_alerts"
};

ProjectNames NamesFor(const config::ResolvedProject& project);

// The view field the dashboards plot against: `submission_date`, or for
// build_id projects `build_time` (the build's timestamp parsed from build_id).
absl::string_view XAxisField(config::XAxis xaxis);

// Dimensions with data, in the project's dimension order.
std::vector<const DimensionValues*> DimensionsWithData(const ProjectLookmlInput& input);

// Branches in dashboard order: the reference branch first, then the
// project's branches as compute labels them (results::ProjectBranches), then
// any other branch seen in the data.
std::vector<std::string> DashboardBranches(const ProjectLookmlInput& input);

// A colour per branch, in DashboardBranches order (the palette repeats after
// eight branches instead of leaving branches uncoloured).
std::vector<std::pair<std::string, std::string>> BranchColours(const std::vector<std::string>& branches);

// The Percentile filter's default: 50 when any percentile statistic computes
// it, otherwise the smallest computed percentile; nullopt without percentiles.
std::optional<double> DefaultPercentile(const config::ResolvedProject& project);

std::string MetricTitle(const config::Metric& metric);
std::string DimensionTitle(const config::ResolvedProject& project, absl::string_view dimension);
std::string StatisticTitle(StatisticKind kind);

// True for statistics whose rows carry a confidence interval worth drawing.
bool HasConfidenceInterval(StatisticKind kind);

}  // namespace opmon::lookml
