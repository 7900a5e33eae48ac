// ParseCanonicalJson: the reading half of canonical_json.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/config/canonical_json.h"
#include "common/status/status_macros.h"

namespace opmon::config {
namespace {

using Json = nlohmann::json;

absl::Status TypeError(std::string_view path, std::string_view expected) {
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(path), ": expected ", std::string(expected)));
}

// Reads the members of one JSON object; a missing or null member leaves the
// output at its default.
class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string path)
      : object_(object), path_(std::move(path)) {}

  static absl::StatusOr<ObjectReader> Of(const Json& value, std::string path) {
    if (!value.is_object()) return TypeError(path, "an object");
    return ObjectReader(value, std::move(path));
  }

  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", std::string(key));
  }

  const Json* Get(std::string_view key) const {
    auto it = object_.find(key);
    return (it == object_.end() || it->is_null()) ? nullptr : &*it;
  }

  absl::Status String(std::string_view key, std::string& out) const {
    const Json* v = Get(key);
    if (v == nullptr) return absl::OkStatus();
    if (!v->is_string()) return TypeError(Path(key), "a string");
    out = v->get_ref<const std::string&>();
    return absl::OkStatus();
  }

  absl::Status OptString(std::string_view key, std::optional<std::string>& out) const {
    if (Get(key) == nullptr) return absl::OkStatus();
    std::string s;
    OPMON_RETURN_IF_ERROR(String(key, s));
    out = std::move(s);
    return absl::OkStatus();
  }

  absl::Status Bool(std::string_view key, bool& out) const {
    const Json* v = Get(key);
    if (v == nullptr) return absl::OkStatus();
    if (!v->is_boolean()) return TypeError(Path(key), "a boolean");
    out = v->get<bool>();
    return absl::OkStatus();
  }

  absl::Status Int(std::string_view key, int& out) const {
    const Json* v = Get(key);
    if (v == nullptr) return absl::OkStatus();
    // Unsigned is nlohmann's type for non-negative integers beyond int64.
    const bool fits = v->is_number_unsigned()
                          ? v->get<uint64_t>() <= INT32_MAX
                          : v->is_number_integer() && v->get<int64_t>() >= INT32_MIN &&
                                v->get<int64_t>() <= INT32_MAX;
    if (!fits) return TypeError(Path(key), "an integer");
    out = v->get<int>();
    return absl::OkStatus();
  }

  absl::Status OptInt(std::string_view key, std::optional<int>& out) const {
    if (Get(key) == nullptr) return absl::OkStatus();
    int i = 0;
    OPMON_RETURN_IF_ERROR(Int(key, i));
    out = i;
    return absl::OkStatus();
  }

  absl::Status OptDouble(std::string_view key, std::optional<double>& out) const {
    const Json* v = Get(key);
    if (v == nullptr) return absl::OkStatus();
    if (!v->is_number()) return TypeError(Path(key), "a number");
    out = v->get<double>();
    return absl::OkStatus();
  }

  absl::Status Strings(std::string_view key, std::vector<std::string>& out) const {
    return Array(key, out, [](const Json& item, const std::string& path,
                              std::string& s) -> absl::Status {
      if (!item.is_string()) return TypeError(path, "a string");
      s = item.get_ref<const std::string&>();
      return absl::OkStatus();
    });
  }

  absl::Status Doubles(std::string_view key, std::vector<double>& out) const {
    return Array(key, out,
                 [](const Json& item, const std::string& path, double& d) -> absl::Status {
                   if (!item.is_number()) return TypeError(path, "a number");
                   d = item.get<double>();
                   return absl::OkStatus();
                 });
  }

  absl::Status Date(std::string_view key, std::optional<absl::CivilDay>& out) const {
    const Json* v = Get(key);
    if (v == nullptr) return absl::OkStatus();
    absl::CivilDay day;
    if (!v->is_string() || v->get_ref<const std::string&>().size() != 10 ||
        !absl::ParseCivilTime(v->get_ref<const std::string&>(), &day)) {
      return TypeError(Path(key), "a date YYYY-MM-DD");
    }
    out = day;
    return absl::OkStatus();
  }

  template <typename E, typename ParseFn>
  absl::Status Enum(std::string_view key, E& out, ParseFn parse) const {
    std::string text;
    if (Get(key) == nullptr) return absl::OkStatus();
    OPMON_RETURN_IF_ERROR(String(key, text));
    std::optional<E> value = parse(text);
    if (!value) {
      return absl::InvalidArgumentError(
          absl::StrCat(Path(key), ": unknown value \"", text, "\""));
    }
    out = *value;
    return absl::OkStatus();
  }

  template <typename E, typename ParseFn>
  absl::Status OptEnum(std::string_view key, std::optional<E>& out, ParseFn parse) const {
    if (Get(key) == nullptr) return absl::OkStatus();
    E value{};
    OPMON_RETURN_IF_ERROR(Enum(key, value, parse));
    out = value;
    return absl::OkStatus();
  }

  // read(item, item_path, T&) -> Status for each element.
  template <typename T, typename ReadFn>
  absl::Status Array(std::string_view key, std::vector<T>& out, ReadFn read) const {
    const Json* v = Get(key);
    if (v == nullptr) return absl::OkStatus();
    if (!v->is_array()) return TypeError(Path(key), "an array");
    out.clear();
    for (size_t i = 0; i < v->size(); ++i) {
      T item{};
      OPMON_RETURN_IF_ERROR(read((*v)[i], absl::StrCat(Path(key), "[", i, "]"), item));
      out.push_back(std::move(item));
    }
    return absl::OkStatus();
  }

  template <typename T, typename ReadFn>
  absl::Status Objects(std::string_view key, std::vector<T>& out, ReadFn read) const {
    return Array(key, out,
                 [&read](const Json& item, const std::string& path, T& t) -> absl::Status {
                   OPMON_ASSIGN_OR_RETURN(ObjectReader r, ObjectReader::Of(item, path));
                   return read(r, t);
                 });
  }

 private:
  const Json& object_;
  std::string path_;
};

absl::Status ReadStatistic(const ObjectReader& r, Statistic& s) {
  OPMON_RETURN_IF_ERROR(r.Enum("kind", s.kind, ParseStatisticKind));
  const Json* params = r.Get("params");
  if (params == nullptr) return absl::OkStatus();
  OPMON_ASSIGN_OR_RETURN(ObjectReader p, ObjectReader::Of(*params, r.Path("params")));
  OPMON_RETURN_IF_ERROR(p.Doubles("percentiles", s.percentile.percentiles));
  OPMON_RETURN_IF_ERROR(p.Bool("remove_nulls", s.percentile.remove_nulls));
  OPMON_RETURN_IF_ERROR(p.Enum("method", s.percentile.method, ParseCiMethod));
  OPMON_RETURN_IF_ERROR(p.Bool("reference_buckets", s.percentile.reference_buckets));
  OPMON_RETURN_IF_ERROR(p.Int("number_of_quantiles", s.quantile.number_of_quantiles));
  OPMON_RETURN_IF_ERROR(p.Int("quantile", s.quantile.quantile));
  return p.String("denominator_metric", s.total_ratio.denominator_metric);
}

absl::Status ReadMetric(const ObjectReader& r, Metric& m) {
  OPMON_RETURN_IF_ERROR(r.String("name", m.name));
  OPMON_RETURN_IF_ERROR(r.String("select_expression", m.select_expression));
  OPMON_RETURN_IF_ERROR(r.String("data_source", m.data_source));
  OPMON_RETURN_IF_ERROR(r.Enum("type", m.type, ParseMetricType));
  OPMON_RETURN_IF_ERROR(r.Objects("statistics", m.statistics, ReadStatistic));
  OPMON_RETURN_IF_ERROR(r.String("friendly_name", m.friendly_name));
  OPMON_RETURN_IF_ERROR(r.String("description", m.description));
  OPMON_RETURN_IF_ERROR(r.String("category", m.category));
  OPMON_RETURN_IF_ERROR(r.Strings("owners", m.owners));
  OPMON_RETURN_IF_ERROR(r.Bool("deprecated", m.deprecated));
  return r.Bool("bigger_is_better", m.bigger_is_better);
}

absl::Status ReadDataSource(const ObjectReader& r, DataSource& d) {
  OPMON_RETURN_IF_ERROR(r.String("name", d.name));
  OPMON_RETURN_IF_ERROR(r.String("from_expression", d.from_expression));
  OPMON_RETURN_IF_ERROR(r.String("submission_date_column", d.submission_date_column));
  OPMON_RETURN_IF_ERROR(r.String("client_id_column", d.client_id_column));
  OPMON_RETURN_IF_ERROR(r.String("build_id_column", d.build_id_column));
  OPMON_RETURN_IF_ERROR(r.String("experiments_column", d.experiments_column));
  OPMON_RETURN_IF_ERROR(r.String("default_dataset", d.default_dataset));
  OPMON_RETURN_IF_ERROR(r.String("friendly_name", d.friendly_name));
  return r.String("description", d.description);
}

absl::Status ReadDimension(const ObjectReader& r, Dimension& d) {
  OPMON_RETURN_IF_ERROR(r.String("name", d.name));
  OPMON_RETURN_IF_ERROR(r.String("select_expression", d.select_expression));
  OPMON_RETURN_IF_ERROR(r.String("data_source", d.data_source));
  OPMON_RETURN_IF_ERROR(r.String("friendly_name", d.friendly_name));
  return r.String("description", d.description);
}

absl::Status ReadAlert(const ObjectReader& r, Alert& a) {
  OPMON_RETURN_IF_ERROR(r.String("name", a.name));
  OPMON_RETURN_IF_ERROR(r.Enum("type", a.type, ParseAlertType));
  OPMON_RETURN_IF_ERROR(r.Strings("metrics", a.metrics));
  OPMON_RETURN_IF_ERROR(r.String("friendly_name", a.friendly_name));
  OPMON_RETURN_IF_ERROR(r.String("description", a.description));
  OPMON_RETURN_IF_ERROR(r.Doubles("parameters", a.parameters));
  OPMON_RETURN_IF_ERROR(r.Doubles("min", a.min));
  OPMON_RETURN_IF_ERROR(r.Doubles("max", a.max));
  std::vector<std::string> statistics;
  OPMON_RETURN_IF_ERROR(r.Strings("statistics", statistics));
  a.statistics.clear();
  for (size_t i = 0; i < statistics.size(); ++i) {
    std::optional<StatisticKind> kind = ParseStatisticKind(statistics[i]);
    if (!kind) {
      return absl::InvalidArgumentError(absl::StrCat(r.Path("statistics"), "[", i,
                                                     "]: unknown value \"", statistics[i], "\""));
    }
    a.statistics.push_back(*kind);
  }
  OPMON_RETURN_IF_ERROR(r.OptInt("window_size", a.window_size));
  return r.OptDouble("max_relative_change", a.max_relative_change);
}

absl::Status ReadMetricGroup(const ObjectReader& r, MetricGroup& g) {
  OPMON_RETURN_IF_ERROR(r.String("name", g.name));
  OPMON_RETURN_IF_ERROR(r.String("friendly_name", g.friendly_name));
  OPMON_RETURN_IF_ERROR(r.String("description", g.description));
  return r.Strings("metrics", g.metrics);
}

absl::Status ReadExperiment(const ObjectReader& r, Experiment& e) {
  OPMON_RETURN_IF_ERROR(r.String("slug", e.slug));
  OPMON_RETURN_IF_ERROR(r.Date("start_date", e.start_date));
  OPMON_RETURN_IF_ERROR(r.Date("end_date", e.end_date));
  OPMON_RETURN_IF_ERROR(r.String("reference_branch", e.reference_branch));
  OPMON_RETURN_IF_ERROR(r.Bool("is_rollout", e.is_rollout));
  OPMON_RETURN_IF_ERROR(r.Strings("branches", e.branches));
  OPMON_RETURN_IF_ERROR(r.String("app_name", e.app_name));
  OPMON_RETURN_IF_ERROR(r.OptEnum("channel", e.channel, ParseChannel));
  return r.OptString("boolean_pref", e.boolean_pref);
}

absl::Status ReadPopulation(const ObjectReader& r, Population& p) {
  OPMON_RETURN_IF_ERROR(r.String("data_source", p.data_source));
  OPMON_RETURN_IF_ERROR(r.OptEnum("channel", p.channel, ParseChannel));
  OPMON_RETURN_IF_ERROR(r.Strings("branches", p.branches));
  OPMON_RETURN_IF_ERROR(r.OptString("boolean_pref", p.boolean_pref));
  OPMON_RETURN_IF_ERROR(r.Bool("monitor_entire_population", p.monitor_entire_population));
  OPMON_RETURN_IF_ERROR(r.Strings("dimensions", p.dimensions));
  return r.OptString("group_by_dimension", p.group_by_dimension);
}

// nlohmann's parser is strict RFC 8259 (it also rejects invalid UTF-8 and
// numbers overflowing a double) and iterative, so deep nesting cannot exhaust
// the stack. Its exceptions (parse_error, out_of_range for overflow) are
// caught here so none leaves this file.
absl::StatusOr<Json> ParseJson(std::string_view text) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1,
    // column 6: ..."; the bracketed id means nothing to a reader.
    std::string_view what = e.what();
    if (const size_t id_end = what.find("] "); id_end != std::string_view::npos) {
      what.remove_prefix(id_end + 2);
    }
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON: ", std::string(what)));
  }
}

}  // namespace

absl::StatusOr<ResolvedProject> ParseCanonicalJson(std::string_view json) {
  OPMON_ASSIGN_OR_RETURN(Json root, ParseJson(json));
  OPMON_ASSIGN_OR_RETURN(ObjectReader r, ObjectReader::Of(root, ""));
  int version = kCanonicalJsonFormatVersion;
  OPMON_RETURN_IF_ERROR(r.Int("format_version", version));
  if (version > kCanonicalJsonFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("format_version ", version, " is newer than this reader (",
                     kCanonicalJsonFormatVersion, ")"));
  }
  ResolvedProject p;
  OPMON_RETURN_IF_ERROR(r.String("slug", p.slug));
  OPMON_RETURN_IF_ERROR(r.String("table_name", p.table_name));
  OPMON_RETURN_IF_ERROR(r.String("name", p.name));
  OPMON_RETURN_IF_ERROR(r.String("platform", p.platform));
  OPMON_RETURN_IF_ERROR(r.Enum("xaxis", p.xaxis, ParseXAxis));
  OPMON_RETURN_IF_ERROR(r.Date("start_date", p.start_date));
  OPMON_RETURN_IF_ERROR(r.Date("end_date", p.end_date));
  OPMON_RETURN_IF_ERROR(r.Bool("skip", p.skip));
  OPMON_RETURN_IF_ERROR(r.Bool("is_rollout", p.is_rollout));
  OPMON_RETURN_IF_ERROR(r.String("reference_branch", p.reference_branch));
  OPMON_RETURN_IF_ERROR(r.Bool("compact_visualization", p.compact_visualization));
  OPMON_RETURN_IF_ERROR(r.Bool("skip_default_metrics", p.skip_default_metrics));
  OPMON_RETURN_IF_ERROR(r.String("alert_webhook_url", p.alert_webhook_url));
  if (const Json* pop = r.Get("population")) {
    OPMON_ASSIGN_OR_RETURN(ObjectReader pr, ObjectReader::Of(*pop, "population"));
    OPMON_RETURN_IF_ERROR(ReadPopulation(pr, p.population));
  }
  OPMON_RETURN_IF_ERROR(r.Objects("metrics", p.metrics, ReadMetric));
  OPMON_RETURN_IF_ERROR(r.Objects("data_sources", p.data_sources, ReadDataSource));
  OPMON_RETURN_IF_ERROR(r.Objects("dimensions", p.dimensions, ReadDimension));
  OPMON_RETURN_IF_ERROR(r.Objects("alerts", p.alerts, ReadAlert));
  OPMON_RETURN_IF_ERROR(r.Objects("metric_groups", p.metric_groups, ReadMetricGroup));
  if (const Json* e = r.Get("experiment")) {
    OPMON_ASSIGN_OR_RETURN(ObjectReader er, ObjectReader::Of(*e, "experiment"));
    Experiment experiment;
    OPMON_RETURN_IF_ERROR(ReadExperiment(er, experiment));
    p.experiment = std::move(experiment);
  }
  return p;
}

}  // namespace opmon::config
