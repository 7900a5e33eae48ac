#include "services/lookml/domain/html_preview.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "services/lookml/domain/dashboard_plan.h"
#include "services/lookml/domain/preview_assets.h"
#include "services/lookml/domain/project_facts.h"

namespace opmon::lookml {
namespace {

constexpr size_t kMaxAlertRows = 500;

std::string Html(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// JSON that is safe inside <script>: no '<', '>' or '&' survive literally
// (they only occur inside strings, where \u escapes mean the same).
std::string ScriptJson(const nlohmann::json& value) {
  const std::string dumped = value.dump();
  std::string out;
  out.reserve(dumped.size());
  for (char c : dumped) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out.push_back(c);
  }
  return out;
}

nlohmann::json Number(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

// An interval bound: an unbounded side (docs/kernels.md) as the string
// "Infinity" / "-Infinity", which the page draws to the chart's edge.
nlohmann::json Bound(const std::optional<double>& v) {
  if (v && std::isinf(*v)) return *v > 0 ? "Infinity" : "-Infinity";
  return Number(v);
}

nlohmann::json DataJson(const ProjectLookmlInput& input, const DashboardPlan& plan, const PreviewData& data) {
  nlohmann::json columns = nlohmann::json::array({"x"});
  for (const std::string& d : data.dimension_names) columns.push_back("dimension:" + d);
  for (const char* c : {"branch", "metric", "statistic", "parameter", "point", "lower", "upper"}) columns.push_back(c);
  nlohmann::json rows = nlohmann::json::array();
  for (const StatisticsRow& r : data.rows) {
    nlohmann::json row = nlohmann::json::array({r.x});
    for (size_t i = 0; i < data.dimension_names.size(); ++i) {
      row.push_back(i < r.dimensions.size() ? r.dimensions[i] : "");
    }
    row.push_back(r.branch);
    row.push_back(r.metric);
    row.push_back(r.statistic);
    row.push_back(r.parameter);
    row.push_back(Number(r.point));
    row.push_back(Bound(r.lower));
    row.push_back(Bound(r.upper));
    rows.push_back(std::move(row));
  }
  nlohmann::json colours = nlohmann::json::object();
  nlohmann::json branches = nlohmann::json::array();
  for (const auto& [branch, colour] : plan.branch_colours) {
    colours[branch] = colour;
    branches.push_back(branch);
  }
  return {{"slug", input.project.slug},
          {"xaxis", std::string(config::ToString(input.project.xaxis))},
          {"xaxisTitle", input.project.xaxis == config::XAxis::kBuildId ? "Build" : "Submission date"},
          {"branches", branches},
          {"colours", colours},
          {"columns", columns},
          {"rows", rows}};
}

void Select(std::string& out, const std::string& label, const std::string& attributes,
            const std::vector<std::string>& options, const std::string& selected) {
  absl::StrAppend(&out, "<label>", Html(label), " <select ", attributes, ">");
  for (const std::string& o : options) {
    absl::StrAppend(&out, "<option value=\"", Html(o), "\"", o == selected ? " selected" : "", ">", Html(o),
                    "</option>");
  }
  out += "</select></label>\n";
}

void Controls(std::string& out, const DashboardPlan& plan, const ProjectLookmlInput& input) {
  out += "<form id=\"controls\" onsubmit=\"return false\">\n";
  if (plan.percentile_default) {
    Select(out, "Percentile", "id=\"percentile\"", plan.percentile_options, *plan.percentile_default);
  }
  if (plan.compact && !plan.metric_options.empty()) {
    Select(out, "Metric", "id=\"metric\"", plan.metric_options, plan.metric_options.front());
    Select(out, "Statistic", "id=\"statistic\"", plan.statistic_options, plan.statistic_options.front());
  }
  for (const DimensionValues* d : DimensionsWithData(input)) {
    const DimensionFilter* filter = nullptr;
    for (const DimensionFilter& f : plan.dimension_filters) {
      if (f.dimension == d->dimension) filter = &f;
    }
    if (filter == nullptr) continue;
    if (filter->multiple) {
      absl::StrAppend(&out, "<fieldset data-dimension=\"", Html(d->dimension), "\"><legend>", Html(filter->title),
                      "</legend>");
      for (const std::string& o : filter->options) {
        absl::StrAppend(&out, "<label><input type=\"checkbox\" value=\"", Html(o), "\" checked> ", Html(o),
                        "</label> ");
      }
      out += "</fieldset>\n";
    } else {
      Select(out, filter->title, absl::StrCat("data-dimension=\"", Html(d->dimension), "\""), filter->options,
             d->values.front().value);
    }
  }
  out += "</form>\n";
}

void Tiles(std::string& out, const DashboardPlan& plan) {
  out += "<main class=\"tiles\">\n";
  for (size_t i = 0; i < plan.tiles.size(); ++i) {
    const Tile& t = plan.tiles[i];
    absl::StrAppend(&out, "<figure class=\"tile\" id=\"tile-", i, "\"");
    if (!plan.compact) {
      absl::StrAppend(&out, " data-metrics=\"", Html(nlohmann::json(t.metrics).dump()), "\" data-statistic=\"",
                      Html(t.statistic), "\"");
    }
    absl::StrAppend(&out, " data-ci=\"", t.confidence_interval ? "1" : "0", "\" data-pivot-metric=\"",
                    t.pivot_by_metric ? "1" : "0", "\"");
    if (t.pivot_dimension) absl::StrAppend(&out, " data-pivot-dimension=\"", Html(*t.pivot_dimension), "\"");
    absl::StrAppend(&out, "><figcaption>", Html(t.title));
    if (!t.note.empty()) absl::StrAppend(&out, " <small>", Html(t.note), "</small>");
    out += "</figcaption><div class=\"chart-box\"></div></figure>\n";
  }
  if (plan.tiles.empty()) out += "<p class=\"empty\">This project has no metrics.</p>\n";
  out += "</main>\n";
}

void Alerts(std::string& out, const PreviewData& data) {
  out += "<section id=\"alerts\"><h2>Alerts</h2>\n";
  if (data.alerts.empty()) {
    out += "<p class=\"empty\">No alerts.</p></section>\n";
    return;
  }
  std::vector<const AlertRow*> rows;
  for (const AlertRow& a : data.alerts) rows.push_back(&a);
  std::stable_sort(rows.begin(), rows.end(), [](const AlertRow* a, const AlertRow* b) { return a->x > b->x; });
  if (rows.size() > kMaxAlertRows) rows.resize(kMaxAlertRows);
  out += "<table class=\"alerts\"><thead><tr><th>Date</th>";
  for (const std::string& d : data.dimension_names) absl::StrAppend(&out, "<th>", Html(d), "</th>");
  out += "<th>Metric</th><th>Statistic</th><th>Parameter</th><th>Branch</th><th>Type</th><th>Message</th></tr></thead><tbody>\n";
  for (const AlertRow* a : rows) {
    absl::StrAppend(&out, "<tr><td>", Html(a->x), "</td>");
    for (size_t i = 0; i < data.dimension_names.size(); ++i) {
      absl::StrAppend(&out, "<td>", Html(i < a->dimensions.size() ? a->dimensions[i] : ""), "</td>");
    }
    absl::StrAppend(&out, "<td>", Html(a->metric), "</td><td>", Html(a->statistic), "</td><td>", Html(a->parameter),
                    "</td><td>", Html(a->branch), "</td><td>", Html(a->alert_type), "</td><td>", Html(a->message),
                    "</td></tr>\n");
  }
  out += "</tbody></table></section>\n";
}

}  // namespace

std::string RenderHtmlPreview(const ProjectLookmlInput& input, const PreviewData& data,
                              const GenerationOptions& options) {
  const DashboardPlan plan = PlanDashboard(input, options);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  absl::StrAppend(&out, "<title>", Html(plan.title), " · opmon preview</title>\n");
  absl::StrAppend(&out, "<style>", kPreviewCss, "</style>\n</head>\n<body>\n");
  absl::StrAppend(&out, "<header><h1>", Html(plan.title), "</h1><p>Project <code>", Html(input.project.slug),
                  "</code> · x-axis ", Html(std::string(config::ToString(input.project.xaxis))), " · ", data.rows.size(),
                  " statistics rows</p></header>\n");
  Controls(out, plan, input);
  Tiles(out, plan);
  if (input.alerting) Alerts(out, data);
  absl::StrAppend(&out, "<script id=\"opmon-data\" type=\"application/json\">", ScriptJson(DataJson(input, plan, data)),
                  "</script>\n");
  absl::StrAppend(&out, "<script>", kPreviewScript, "</script>\n</body>\n</html>\n");
  return out;
}

}  // namespace opmon::lookml
