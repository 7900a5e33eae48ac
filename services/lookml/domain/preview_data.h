#pragma once
// Stored results the HTML preview draws: statistics rows and alerts of one
// project, as read from opmon_results.<S>_statistics / <S>_alerts.

#include <optional>
#include <string>
#include <vector>

namespace opmon::lookml {

struct StatisticsRow {
  std::string x;  // submission date (YYYY-MM-DD), or the build id for build_id projects
  std::vector<std::string> dimensions;  // aligned with PreviewData::dimension_names
  std::string branch;
  std::string metric;
  std::string statistic;
  std::string parameter;  // "" when the statistic has none
  std::optional<double> point;
  std::optional<double> lower;
  std::optional<double> upper;
};

struct AlertRow {
  std::string x;
  std::vector<std::string> dimensions;  // aligned with PreviewData::dimension_names
  std::string branch;
  std::string metric;
  std::string statistic;
  std::string parameter;
  std::string alert_type;
  std::string message;
};

struct PreviewData {
  std::vector<std::string> dimension_names;  // the project dimensions present in the rows
  std::vector<StatisticsRow> rows;
  std::vector<AlertRow> alerts;
};

}  // namespace opmon::lookml
