#include "services/config/domain/spec_reader.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace opmon::config {
namespace {

// A map node of the cleaned tree plus its config path.
class Reader {
 public:
  Reader(const std::string& file, const Node& node, std::string path)
      : file_(file), node_(node), path_(std::move(path)) {}

  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : absl::StrCat(path_, ".", std::string(key));
  }

  SourceLocation Loc(const Node& n, const std::string& path) const {
    return {file_, n.position.line, n.position.column, path};
  }

  SourceLocation Here() const { return Loc(node_, path_); }

  const Node* Get(std::string_view key) const { return node_.Find(key); }

  std::optional<std::string> String(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    return n->text;
  }

  std::optional<LocatedString> LocString(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    return LocatedString{n->text, Loc(*n, Path(key))};
  }

  std::optional<bool> Bool(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    return n->bool_value;
  }

  std::optional<Located<int>> Int(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    return Located<int>{static_cast<int>(n->int_value), Loc(*n, Path(key))};
  }

  std::optional<Located<double>> Number(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    return Located<double>{n->number(), Loc(*n, Path(key))};
  }

  std::optional<Located<absl::CivilDay>> Date(std::string_view key) const {
    const Node* n = Get(key);
    absl::CivilDay day;
    if (n == nullptr || !absl::ParseCivilTime(n->text, &day)) return std::nullopt;
    return Located<absl::CivilDay>{day, Loc(*n, Path(key))};
  }

  std::optional<LocatedNames> Names(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    LocatedNames names;
    for (size_t i = 0; i < n->items.size(); ++i) {
      names.push_back({n->items[i].text,
                       Loc(n->items[i], absl::StrCat(Path(key), "[", i, "]"))});
    }
    return names;
  }

  std::optional<std::vector<std::string>> Strings(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    if (n->kind == Node::Kind::kString) return std::vector<std::string>{n->text};
    std::vector<std::string> out;
    for (const Node& item : n->items) out.push_back(item.text);
    return out;
  }

  std::optional<Located<std::vector<double>>> Numbers(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    Located<std::vector<double>> out{{}, Loc(*n, Path(key))};
    for (const Node& item : n->items) out.value.push_back(item.number());
    return out;
  }

  // kStringOrStringMap: exactly one of the two outputs is set.
  void StringOrMap(std::string_view key, std::optional<std::string>& text,
                   std::optional<std::map<std::string, std::string>>& map) const {
    const Node* n = Get(key);
    if (n == nullptr) return;
    if (n->kind == Node::Kind::kString) {
      text = n->text;
      return;
    }
    map.emplace();
    for (const MapEntry& e : n->entries) (*map)[e.key] = e.value.text;
  }

  // Calls fn(Reader for entry, entry key) for each entry of a table of
  // named entries.
  template <typename Fn>
  void Entries(std::string_view key, Fn fn) const {
    const Node* n = Get(key);
    if (n == nullptr) return;
    for (const MapEntry& e : n->entries) {
      Reader entry(file_, e.value, Path(key) + "." + e.key);
      fn(entry, e);
    }
  }

  std::optional<Reader> Child(std::string_view key) const {
    const Node* n = Get(key);
    if (n == nullptr) return std::nullopt;
    return Reader(file_, *n, Path(key));
  }

  const Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

 private:
  const std::string& file_;
  const Node& node_;
  std::string path_;
};

SourceLocation KeyLoc(const Reader& r, const MapEntry& e) {
  return {r.file(), e.key_position.line, e.key_position.column, r.path()};
}

StatisticSpec ReadStatistic(const Reader& r, StatisticKind kind, const SourceLocation& loc) {
  StatisticSpec spec;
  spec.location = loc;
  Statistic& s = spec.statistic;
  s.kind = kind;
  if (auto v = r.Get("percentiles")) {
    s.percentile.percentiles.clear();
    for (const Node& item : v->items) s.percentile.percentiles.push_back(item.number());
  }
  if (auto v = r.Bool("remove_nulls")) s.percentile.remove_nulls = *v;
  if (auto v = r.String("method")) {
    s.percentile.method = ParseCiMethod(*v).value_or(CiMethod::kBinomial);
  }
  if (auto v = r.Bool("reference_buckets")) s.percentile.reference_buckets = *v;
  if (auto v = r.Int("number_of_quantiles")) s.quantile.number_of_quantiles = v->value;
  if (auto v = r.Int("quantile")) s.quantile.quantile = v->value;
  spec.denominator_location = loc;
  if (auto v = r.LocString("denominator_metric")) {
    s.total_ratio.denominator_metric = v->value;
    spec.denominator_location = v->location;
  }
  return spec;
}

MetricSpec ReadMetric(const Reader& r, const SourceLocation& loc) {
  MetricSpec m;
  m.location = loc;
  m.select_expression = r.LocString("select_expression");
  m.data_source = r.LocString("data_source");
  if (auto t = r.String("type")) m.type = ParseMetricType(*t);
  if (auto stats = r.Child("statistics")) {
    Located<std::vector<StatisticSpec>> list{{}, stats->Here()};
    for (const MapEntry& e : stats->node().entries) {
      std::optional<StatisticKind> kind = ParseStatisticKind(e.key);
      if (!kind) continue;
      Reader params(r.file(), e.value, stats->Path(e.key));
      list.value.push_back(ReadStatistic(params, *kind, KeyLoc(params, e)));
    }
    // Canonical order whatever the file order (toml++ tables are sorted).
    std::stable_sort(list.value.begin(), list.value.end(),
                     [](const StatisticSpec& a, const StatisticSpec& b) {
                       return a.statistic.kind < b.statistic.kind;
                     });
    m.statistics = std::move(list);
  }
  m.friendly_name = r.String("friendly_name");
  m.description = r.String("description");
  m.category = r.String("category");
  m.owners = r.Strings("owner");
  m.deprecated = r.Bool("deprecated");
  m.bigger_is_better = r.Bool("bigger_is_better");
  return m;
}

DataSourceSpec ReadDataSource(const Reader& r, const SourceLocation& loc) {
  DataSourceSpec d;
  d.location = loc;
  d.from_expression = r.LocString("from_expression");
  d.submission_date_column = r.String("submission_date_column");
  d.client_id_column = r.String("client_id_column");
  d.build_id_column = r.String("build_id_column");
  d.experiments_column = r.String("experiments_column");
  d.experiments_column_type = r.String("experiments_column_type");
  d.default_dataset = r.String("default_dataset");
  d.friendly_name = r.String("friendly_name");
  d.description = r.String("description");
  return d;
}

DimensionSpec ReadDimension(const Reader& r, const SourceLocation& loc) {
  DimensionSpec d;
  d.location = loc;
  d.select_expression = r.LocString("select_expression");
  d.data_source = r.LocString("data_source");
  d.friendly_name = r.String("friendly_name");
  d.description = r.String("description");
  return d;
}

AlertSpec ReadAlert(const Reader& r, const SourceLocation& loc) {
  AlertSpec a;
  a.location = loc;
  if (auto t = r.LocString("type")) {
    if (auto type = ParseAlertType(t->value)) a.type = Located<AlertType>{*type, t->location};
  }
  a.metrics = r.Names("metrics").value_or(LocatedNames{});
  a.friendly_name = r.String("friendly_name");
  a.description = r.String("description");
  a.parameters = r.Numbers("parameters");
  a.min = r.Numbers("min");
  a.max = r.Numbers("max");
  if (auto stats = r.Strings("statistics")) {
    a.statistics.emplace();
    for (const std::string& s : *stats) {
      if (auto kind = ParseStatisticKind(s)) a.statistics->push_back(*kind);
    }
  }
  a.window_size = r.Int("window_size");
  a.max_relative_change = r.Number("max_relative_change");
  return a;
}

PopulationSpec ReadPopulation(const Reader& r) {
  PopulationSpec p;
  p.data_source = r.LocString("data_source");
  if (auto c = r.String("channel")) p.channel = ParseChannel(*c);
  p.branches = r.Names("branches");
  p.boolean_pref = r.LocString("boolean_pref");
  p.monitor_entire_population = r.Bool("monitor_entire_population");
  p.dimensions = r.Names("dimensions").value_or(LocatedNames{});
  p.group_by_dimension = r.LocString("group_by_dimension");
  return p;
}

ProjectSpec ReadProject(const Reader& r) {
  ProjectSpec p;
  p.location = r.Here();
  p.name = r.String("name");
  p.platform = r.LocString("platform");
  if (auto x = r.String("xaxis")) p.xaxis = ParseXAxis(*x);
  p.start_date = r.Date("start_date");
  p.end_date = r.Date("end_date");
  p.skip = r.Bool("skip");
  p.skip_default_metrics = r.Bool("skip_default_metrics");
  p.is_rollout = r.Bool("is_rollout");
  p.compact_visualization = r.Bool("compact_visualization");
  p.metrics = r.Names("metrics").value_or(LocatedNames{});
  p.alerts = r.Names("alerts").value_or(LocatedNames{});
  p.alert_webhook_url = r.String("alert_webhook_url");
  p.reference_branch = r.String("reference_branch");
  if (auto pop = r.Child("population")) p.population = ReadPopulation(*pop);
  r.Entries("metric_groups", [&](const Reader& g, const MapEntry& e) {
    MetricGroupSpec group;
    group.location = KeyLoc(g, e);
    group.friendly_name = g.String("friendly_name");
    group.description = g.String("description");
    group.metrics = g.Names("metrics");
    p.metric_groups[e.key] = std::move(group);
  });
  return p;
}

}  // namespace

Layer ReadLayer(const std::string& file, const Node& cleaned_root) {
  Layer layer;
  layer.file = file;
  Reader root(layer.file, cleaned_root, "");
  layer.platform = root.LocString("platform");
  if (auto project = root.Child("project")) layer.project = ReadProject(*project);
  root.Entries("metrics", [&](const Reader& r, const MapEntry& e) {
    layer.metrics[e.key] = ReadMetric(r, KeyLoc(r, e));
  });
  root.Entries("data_sources", [&](const Reader& r, const MapEntry& e) {
    layer.data_sources[e.key] = ReadDataSource(r, KeyLoc(r, e));
  });
  root.Entries("dimensions", [&](const Reader& r, const MapEntry& e) {
    layer.dimensions[e.key] = ReadDimension(r, KeyLoc(r, e));
  });
  root.Entries("alerts", [&](const Reader& r, const MapEntry& e) {
    layer.alerts[e.key] = ReadAlert(r, KeyLoc(r, e));
  });
  root.Entries("parameters", [&](const Reader& r, const MapEntry& e) {
    ParameterSpec p;
    p.location = KeyLoc(r, e);
    r.StringOrMap("value", p.value, p.value_by_branch);
    r.StringOrMap("default", p.default_value, p.default_by_branch);
    p.distinct_by_branch = r.Bool("distinct_by_branch");
    layer.parameters[e.key] = std::move(p);
  });
  root.Entries("functions", [&](const Reader& r, const MapEntry& e) {
    FunctionSpec f;
    f.location = KeyLoc(r, e);
    f.definition = r.LocString("definition");
    layer.functions[e.key] = std::move(f);
  });
  return layer;
}

}  // namespace opmon::config
