#pragma once
// What a project's dashboard shows, decided once and rendered twice: as a
// LookML dashboard (dashboard_lookml.h) and as the HTML preview
// (html_preview.h).
//
// Tiles: one per metric × statistic, in project order; a metric in metric
// groups is shown in one tile per group × statistic (pivoted by metric)
// instead; with group_by_dimension every tile is also pivoted by that
// dimension; compact mode has one tile driven by Metric/Statistic filters.
// Two tiles per row.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/config/project.h"
#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

struct Tile {
  std::string title;
  std::string name;     // unique within the dashboard
  std::string note;     // the statistic's title ("Percentile")
  std::vector<std::string> metrics;  // empty in compact mode (filter-driven)
  std::string statistic;             // e.g. "percentile"; empty in compact mode
  bool confidence_interval = false;  // draw lower/upper
  bool pivot_by_metric = false;      // a metric group tile
  std::optional<std::string> pivot_dimension;  // group_by_dimension
  int row = 0;
  int col = 0;
};

struct DimensionFilter {
  std::string dimension;  // column / view field
  std::string title;      // the filter's name and title, unique
  std::vector<std::string> options;
  std::string default_value;  // a Looker filter expression
  bool multiple = false;      // the group_by_dimension filter
};

struct DashboardPlan {
  std::string name;   // LookML name, also the view and explore
  std::string title;
  config::XAxis xaxis = config::XAxis::kSubmissionDate;
  std::string xaxis_field;
  std::vector<std::pair<std::string, std::string>> branch_colours;
  std::vector<Tile> tiles;
  std::vector<DimensionFilter> dimension_filters;
  std::optional<std::string> percentile_default;  // no Percentile filter without percentiles
  std::vector<std::string> percentile_options;    // every computed percentile
  bool compact = false;
  std::vector<std::string> metric_options;     // compact: Metric filter options
  std::vector<std::string> statistic_options;  // compact: Statistic filter options
  bool alerts = false;
  int alerts_row = 0;
};

// Filter names used by the tiles' listen maps.
inline constexpr char kDateFilter[] = "Date";
inline constexpr char kPercentileFilter[] = "Percentile";
inline constexpr char kMetricFilter[] = "Metric";
inline constexpr char kStatisticFilter[] = "Statistic";

inline constexpr int kTileWidth = 12;
inline constexpr int kTileHeight = 8;

DashboardPlan PlanDashboard(const ProjectLookmlInput& input, const GenerationOptions& options);

}  // namespace opmon::lookml
