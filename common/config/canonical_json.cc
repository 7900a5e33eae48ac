#include "common/config/canonical_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace opmon::config {
namespace {

// nlohmann::json keeps object members in a std::map, so they come out sorted
// by name (bytewise) whatever the insertion order.
using Json = nlohmann::json;

// ---- writing ----

Json Str(std::string_view s) { return Json(std::string(s)); }

// Integral doubles are written as integers so 50.0 and 50 read the same.
Json Number(double d) {
  if (d == static_cast<double>(static_cast<int64_t>(d)) && d > -9e15 && d < 9e15) {
    return Json(static_cast<int64_t>(d));
  }
  return Json(d);
}

Json Numbers(const std::vector<double>& values) {
  Json array = Json::array();
  for (double v : values) array.push_back(Number(v));
  return array;
}

Json OptString(const std::optional<std::string>& s) { return s ? Json(*s) : Json(); }

Json Date(const std::optional<absl::CivilDay>& day) {
  if (!day) return Json();
  return Json(absl::StrFormat("%04d-%02d-%02d", day->year(), day->month(), day->day()));
}

Json StatisticJson(const Statistic& s) {
  Json o = Json::object();
  o["kind"] = Str(ToString(s.kind));
  Json params = Json::object();
  switch (s.kind) {
    case StatisticKind::kPercentile:
      params["percentiles"] = Numbers(s.percentile.percentiles);
      params["remove_nulls"] = s.percentile.remove_nulls;
      params["method"] = Str(ToString(s.percentile.method));
      params["reference_buckets"] = s.percentile.reference_buckets;
      break;
    case StatisticKind::kQuantile:
      params["number_of_quantiles"] = s.quantile.number_of_quantiles;
      params["quantile"] = s.quantile.quantile;
      break;
    case StatisticKind::kTotalRatio:
      params["denominator_metric"] = s.total_ratio.denominator_metric;
      break;
    default:
      break;
  }
  o["params"] = std::move(params);
  return o;
}

Json ExperimentJson(const Experiment& e) {
  Json o = Json::object();
  o["slug"] = e.slug;
  o["start_date"] = Date(e.start_date);
  o["end_date"] = Date(e.end_date);
  o["reference_branch"] = e.reference_branch;
  o["is_rollout"] = e.is_rollout;
  o["branches"] = Json(e.branches);
  o["app_name"] = e.app_name;
  o["channel"] = e.channel ? Str(ToString(*e.channel)) : Json();
  o["boolean_pref"] = OptString(e.boolean_pref);
  return o;
}

Json ProjectJson(const ResolvedProject& p) {
  Json o = Json::object();
  o["format_version"] = kCanonicalJsonFormatVersion;
  o["slug"] = p.slug;
  o["table_name"] = p.table_name;
  o["name"] = p.name;
  o["platform"] = p.platform;
  o["xaxis"] = Str(ToString(p.xaxis));
  o["start_date"] = Date(p.start_date);
  o["end_date"] = Date(p.end_date);
  o["skip"] = p.skip;
  o["is_rollout"] = p.is_rollout;
  o["reference_branch"] = p.reference_branch;
  o["compact_visualization"] = p.compact_visualization;
  o["skip_default_metrics"] = p.skip_default_metrics;
  // Added after format_version 1: written only when set, so a project that
  // does not use it keeps the bytes (and stored hash) it always had.
  if (!p.alert_webhook_url.empty()) o["alert_webhook_url"] = p.alert_webhook_url;

  const Population& pop = p.population;
  Json population = Json::object();
  population["data_source"] = pop.data_source;
  population["channel"] = pop.channel ? Str(ToString(*pop.channel)) : Json();
  population["branches"] = Json(pop.branches);
  population["boolean_pref"] = OptString(pop.boolean_pref);
  population["monitor_entire_population"] = pop.monitor_entire_population;
  population["dimensions"] = Json(pop.dimensions);
  population["group_by_dimension"] = OptString(pop.group_by_dimension);
  o["population"] = std::move(population);

  Json metrics = Json::array();
  for (const Metric& m : p.metrics) {
    Json j = Json::object();
    j["name"] = m.name;
    j["select_expression"] = m.select_expression;
    j["data_source"] = m.data_source;
    j["type"] = Str(ToString(m.type));
    Json stats = Json::array();
    for (const Statistic& s : m.statistics) stats.push_back(StatisticJson(s));
    j["statistics"] = std::move(stats);
    j["friendly_name"] = m.friendly_name;
    j["description"] = m.description;
    j["category"] = m.category;
    j["owners"] = Json(m.owners);
    j["deprecated"] = m.deprecated;
    j["bigger_is_better"] = m.bigger_is_better;
    metrics.push_back(std::move(j));
  }
  o["metrics"] = std::move(metrics);

  Json sources = Json::array();
  for (const DataSource& d : p.data_sources) {
    Json j = Json::object();
    j["name"] = d.name;
    j["from_expression"] = d.from_expression;
    j["submission_date_column"] = d.submission_date_column;
    j["client_id_column"] = d.client_id_column;
    j["build_id_column"] = d.build_id_column;
    j["experiments_column"] = d.experiments_column;
    j["default_dataset"] = d.default_dataset;
    j["friendly_name"] = d.friendly_name;
    j["description"] = d.description;
    sources.push_back(std::move(j));
  }
  o["data_sources"] = std::move(sources);

  Json dimensions = Json::array();
  for (const Dimension& d : p.dimensions) {
    Json j = Json::object();
    j["name"] = d.name;
    j["select_expression"] = d.select_expression;
    j["data_source"] = d.data_source;
    j["friendly_name"] = d.friendly_name;
    j["description"] = d.description;
    dimensions.push_back(std::move(j));
  }
  o["dimensions"] = std::move(dimensions);

  Json alerts = Json::array();
  for (const Alert& a : p.alerts) {
    Json j = Json::object();
    j["name"] = a.name;
    j["type"] = Str(ToString(a.type));
    j["metrics"] = Json(a.metrics);
    j["friendly_name"] = a.friendly_name;
    j["description"] = a.description;
    j["parameters"] = Numbers(a.parameters);
    j["min"] = Numbers(a.min);
    j["max"] = Numbers(a.max);
    Json stats = Json::array();
    for (StatisticKind k : a.statistics) stats.push_back(Str(ToString(k)));
    j["statistics"] = std::move(stats);
    j["window_size"] = a.window_size ? Json(*a.window_size) : Json();
    j["max_relative_change"] = a.max_relative_change ? Number(*a.max_relative_change) : Json();
    alerts.push_back(std::move(j));
  }
  o["alerts"] = std::move(alerts);

  Json groups = Json::array();
  for (const MetricGroup& g : p.metric_groups) {
    Json j = Json::object();
    j["name"] = g.name;
    j["friendly_name"] = g.friendly_name;
    j["description"] = g.description;
    j["metrics"] = Json(g.metrics);
    groups.push_back(std::move(j));
  }
  o["metric_groups"] = std::move(groups);
  o["experiment"] = p.experiment ? ExperimentJson(*p.experiment) : Json();
  return o;
}

// Compact output as Json::dump(), except doubles: dump() uses Grisu2 and
// switches to exponent notation later (0.0001, not 1e-04), while stored
// hashes were computed over std::to_chars' shortest round-trip form.
void Write(const Json& j, std::string& out) {
  switch (j.type()) {
    case Json::value_t::object: {
      out.push_back('{');
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it != j.begin()) out.push_back(',');
        Write(Json(it.key()), out);
        out.push_back(':');
        Write(it.value(), out);
      }
      out.push_back('}');
      break;
    }
    case Json::value_t::array: {
      out.push_back('[');
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it != j.begin()) out.push_back(',');
        Write(*it, out);
      }
      out.push_back(']');
      break;
    }
    case Json::value_t::number_float: {
      const double d = j.get<double>();
      // JSON has no NaN or infinity; the model never produces them.
      if (!std::isfinite(d)) {
        out += "null";
        break;
      }
      char buf[64];
      out.append(buf, std::to_chars(buf, buf + sizeof(buf), d).ptr);
      break;
    }
    default:
      // Invalid UTF-8 becomes U+FFFD rather than an exception.
      out += j.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
  }
}

}  // namespace

std::string ToCanonicalJson(const ResolvedProject& project) {
  std::string out;
  Write(ProjectJson(project), out);
  return out;
}

}  // namespace opmon::config
