#include "services/lookml/domain/dashboard_lookml.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/lookml/domain/project_facts.h"
#include "services/lookml/domain/quoting.h"
#include "services/lookml/domain/view_lkml.h"

namespace opmon::lookml {
namespace {

std::string Field(const std::string& view, absl::string_view field) { return absl::StrCat(view, ".", field); }

std::string List(const std::vector<std::string>& items) { return absl::StrCat("[", absl::StrJoin(items, ", "), "]"); }

// Options are offered as filter values, so they are escaped like default_value.
void Options(std::string& out, const std::vector<std::string>& options, absl::string_view indent) {
  absl::StrAppend(&out, indent, "options:\n");
  for (const std::string& o : options) absl::StrAppend(&out, indent, "- ", YamlScalar(LookerFilterValue(o)), "\n");
}

void RenderTile(std::string& out, const DashboardPlan& plan, const Tile& tile) {
  const std::string& v = plan.name;
  std::vector<std::string> fields = {Field(v, plan.xaxis_field), Field(v, "branch")};
  std::vector<std::string> pivots = {Field(v, "branch")};
  if (tile.pivot_by_metric || plan.compact) fields.push_back(Field(v, "metric"));
  if (tile.pivot_by_metric) pivots.push_back(Field(v, "metric"));
  if (tile.pivot_dimension) {
    fields.push_back(Field(v, LookmlName(*tile.pivot_dimension)));
    pivots.push_back(Field(v, LookmlName(*tile.pivot_dimension)));
  }
  fields.push_back(Field(v, "point"));
  if (tile.confidence_interval) {
    fields.push_back(Field(v, "lower"));
    fields.push_back(Field(v, "upper"));
  }
  absl::StrAppend(&out, "  - title: ", YamlScalar(tile.title), "\n");
  absl::StrAppend(&out, "    name: ", YamlScalar(tile.name), "\n");
  if (!tile.note.empty()) {
    absl::StrAppend(&out, "    note_state: expanded\n    note_display: above\n    note_text: ", YamlScalar(tile.note),
                    "\n");
  }
  absl::StrAppend(&out, "    model: ", kModelName, "\n    explore: ", v, "\n");
  absl::StrAppend(&out, "    type: ", tile.confidence_interval ? "ci-line-chart" : "looker_line", "\n");
  absl::StrAppend(&out, "    fields: ", List(fields), "\n");
  absl::StrAppend(&out, "    pivots: ", List(pivots), "\n");
  if (!plan.compact) {
    absl::StrAppend(&out, "    filters:\n");
    absl::StrAppend(&out, "      ", Field(v, "metric"), ": ", YamlScalar(LookerFilterList(tile.metrics)), "\n");
    absl::StrAppend(&out, "      ", Field(v, "statistic"), ": ", YamlScalar(LookerFilterValue(tile.statistic)), "\n");
  }
  absl::StrAppend(&out, "    sorts: [", Field(v, plan.xaxis_field), "]\n");
  absl::StrAppend(&out, "    row: ", tile.row, "\n    col: ", tile.col, "\n    width: ", kTileWidth,
                  "\n    height: ", kTileHeight, "\n");
  absl::StrAppend(&out, "    field_x: ", Field(v, plan.xaxis_field), "\n    field_y: ", Field(v, "point"), "\n");
  if (tile.confidence_interval) {
    absl::StrAppend(&out, "    ci_lower: ", Field(v, "lower"), "\n    ci_upper: ", Field(v, "upper"), "\n");
  }
  out += "    log_scale: false\n    show_grid: true\n";
  if (!plan.branch_colours.empty()) {
    out += "    series_colors:\n";
    for (const auto& [branch, colour] : plan.branch_colours) {
      absl::StrAppend(&out, "      ", YamlScalar(branch), ": ", YamlScalar(colour), "\n");
    }
  }
  out += "    listen:\n";
  absl::StrAppend(&out, "      ", YamlScalar(kDateFilter), ": ", Field(v, plan.xaxis_field), "\n");
  if (plan.percentile_default) {
    absl::StrAppend(&out, "      ", YamlScalar(kPercentileFilter), ": ", Field(v, "percentile"), "\n");
  }
  if (plan.compact) {
    absl::StrAppend(&out, "      ", YamlScalar(kMetricFilter), ": ", Field(v, "metric"), "\n");
    absl::StrAppend(&out, "      ", YamlScalar(kStatisticFilter), ": ", Field(v, "statistic"), "\n");
  }
  for (const DimensionFilter& f : plan.dimension_filters) {
    absl::StrAppend(&out, "      ", YamlScalar(f.title), ": ", Field(v, LookmlName(f.dimension)), "\n");
  }
  out += "    defaults_version: 0\n";
}

void RenderAlertsTile(std::string& out, const ProjectLookmlInput& input, const DashboardPlan& plan) {
  const std::string a = NamesFor(input.project).alerts_view;
  std::vector<std::string> fields = {Field(a, plan.xaxis_field)};
  if (plan.xaxis == config::XAxis::kBuildId) fields.push_back(Field(a, "build_id"));
  for (const DimensionFilter& f : plan.dimension_filters) fields.push_back(Field(a, LookmlName(f.dimension)));
  for (const char* name : {"metric", "statistic", "parameter", "branch", "alert_type", "message", "alert_count"}) {
    fields.push_back(Field(a, name));
  }
  absl::StrAppend(&out, "  - title: 'Alerts'\n    name: 'Alerts'\n    model: ", kModelName, "\n    explore: ", a,
                  "\n    type: looker_grid\n");
  absl::StrAppend(&out, "    fields: ", List(fields), "\n");
  absl::StrAppend(&out, "    sorts: [", Field(a, plan.xaxis_field), " desc]\n");
  out +=
      "    limit: 500\n"
      "    show_view_names: false\n"
      "    show_row_numbers: true\n"
      "    truncate_text: true\n"
      "    size_to_fit: true\n"
      "    table_theme: white\n";
  absl::StrAppend(&out, "    listen:\n      ", YamlScalar(kDateFilter), ": ", Field(a, plan.xaxis_field), "\n");
  absl::StrAppend(&out, "    row: ", plan.alerts_row, "\n    col: 0\n    width: 24\n    height: 6\n");
}

void FieldFilter(std::string& out, const DashboardPlan& plan, absl::string_view name, absl::string_view field,
                 const std::string* default_value, bool required, absl::string_view ui_type,
                 const std::vector<std::string>& options, std::vector<std::string> listens_to) {
  absl::StrAppend(&out, "  - name: ", YamlScalar(name), "\n    title: ", YamlScalar(name),
                  "\n    type: field_filter\n");
  if (default_value != nullptr) absl::StrAppend(&out, "    default_value: ", YamlScalar(*default_value), "\n");
  absl::StrAppend(&out, "    allow_multiple_values: ", ui_type == "advanced" ? "true" : "false", "\n");
  absl::StrAppend(&out, "    required: ", required ? "true" : "false", "\n");
  absl::StrAppend(&out, "    ui_config:\n      type: ", ui_type, "\n      display: popover\n");
  if (!options.empty()) Options(out, options, "      ");
  absl::StrAppend(&out, "    model: ", kModelName, "\n    explore: ", plan.name, "\n");
  for (std::string& l : listens_to) l = YamlScalar(l);
  absl::StrAppend(&out, "    listens_to_filters: ", List(listens_to), "\n");
  absl::StrAppend(&out, "    field: ", Field(plan.name, field), "\n");
}

void RenderFilters(std::string& out, const DashboardPlan& plan) {
  out += "  filters:\n";
  FieldFilter(out, plan, kDateFilter, plan.xaxis_field, nullptr, false, "advanced", {}, {});
  if (plan.percentile_default) {
    FieldFilter(out, plan, kPercentileFilter, "percentile", &*plan.percentile_default, true, "dropdown_menu",
                plan.percentile_options, {});
  }
  if (plan.compact && !plan.metric_options.empty()) {
    const std::string metric = LookerFilterValue(plan.metric_options.front());
    const std::string statistic = LookerFilterValue(plan.statistic_options.front());
    FieldFilter(out, plan, kMetricFilter, "metric", &metric, true, "dropdown_menu", plan.metric_options, {});
    FieldFilter(out, plan, kStatisticFilter, "statistic", &statistic, true, "dropdown_menu", plan.statistic_options,
                {kMetricFilter});
  }
  for (const DimensionFilter& f : plan.dimension_filters) {
    absl::StrAppend(&out, "  - name: ", YamlScalar(f.title), "\n    title: ", YamlScalar(f.title),
                    "\n    type: string_filter\n");
    absl::StrAppend(&out, "    default_value: ", YamlScalar(f.default_value), "\n");
    absl::StrAppend(&out, "    allow_multiple_values: ", f.multiple ? "true" : "false", "\n    required: true\n");
    absl::StrAppend(&out, "    ui_config:\n      type: ", f.multiple ? "checkboxes" : "dropdown_menu",
                    "\n      display: inline\n");
    Options(out, f.options, "      ");
  }
}

}  // namespace

std::string RenderDashboard(const ProjectLookmlInput& input, const DashboardPlan& plan) {
  std::string out = GeneratedBanner(input.project);
  absl::StrAppend(&out, "- dashboard: ", plan.name, "\n");
  absl::StrAppend(&out, "  title: ", YamlScalar(plan.title), "\n");
  out += "  layout: newspaper\n  preferred_viewer: dashboards-next\n";
  if (plan.tiles.empty() && !plan.alerts) {
    out += "  elements: []\n";
  } else {
    out += "  elements:\n";
    for (const Tile& tile : plan.tiles) RenderTile(out, plan, tile);
    if (plan.alerts) RenderAlertsTile(out, input, plan);
  }
  RenderFilters(out, plan);
  return out;
}

}  // namespace opmon::lookml
