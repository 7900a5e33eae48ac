#pragma once
// The two LookML views of a project: `<S>` over opmon_results."<S>_statistics"
// and, with alerting, `<S>_alerts` over opmon_results."<S>_alerts". SQL is
// PostgreSQL (Looker reads opmon's results database).

#include <string>

#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

// views/<S>.view.lkml. Fields: the x-axis (submission_date, or build_id and
// build_time for build_id projects), branch, metric, statistic, parameter
// (number), each dimension with data, the filter-only field `percentile`,
// and the measures point, lower and upper. A measure is empty when the
// filters leave more than one row per group, instead of summing unrelated
// rows. For build_id projects only each build's latest computation is read.
std::string RenderStatisticsView(const ProjectLookmlInput& input);

// views/<S>_alerts.view.lkml: one row per raised alert, measure alert_count.
std::string RenderAlertsView(const ProjectLookmlInput& input);

// The banner at the top of every generated LookML file.
std::string GeneratedBanner(const config::ResolvedProject& project);

}  // namespace opmon::lookml
