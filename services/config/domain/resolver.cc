#include "services/config/domain/resolver.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/config/table_name.h"
#include "common/results/relation_name.h"
#include "common/sql/quote.h"
#include "services/config/domain/alert_resolver.h"
#include "services/config/domain/copied_keys.h"
#include "services/config/domain/suggest.h"
#include "services/config/domain/template_expander.h"

namespace opmon::config {
namespace {

// Columns every results table has; dimensions become columns beside them.
constexpr std::string_view kResultsColumns[] = {
    "submission_date", "build_id", "client_id", "branch", "metric",
    "statistic",       "point",    "lower",     "upper",  "parameter"};

template <typename Map>
std::vector<std::string> Keys(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : map) keys.push_back(k);
  return keys;
}

std::string Child(const std::string& path, std::string_view key) {
  return absl::StrCat(path, ".", std::string(key));
}

SourceLocation WithPath(SourceLocation loc, std::string path) {
  loc.path = std::move(path);
  return loc;
}

// textwrap.dedent, as the reference applies to metric names and
// descriptions: drops the whitespace prefix common to all non-blank lines.
std::string Dedent(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  std::optional<std::string> prefix;
  for (const std::string& line : lines) {
    const size_t indent = line.find_first_not_of(" \t");
    if (indent == std::string::npos) continue;
    const std::string lead = line.substr(0, indent);
    if (!prefix) {
      prefix = lead;
      continue;
    }
    size_t common = 0;
    while (common < prefix->size() && common < lead.size() && (*prefix)[common] == lead[common]) {
      ++common;
    }
    prefix->resize(common);
  }
  for (std::string& line : lines) {
    if (line.find_first_not_of(" \t") == std::string::npos) {
      line.clear();
    } else if (prefix) {
      line.erase(0, prefix->size());
    }
  }
  return absl::StrJoin(lines, "\n");
}

bool IsColumnSlug(std::string_view slug) {
  if (slug.empty() || (slug[0] >= '0' && slug[0] <= '9')) return false;
  return ResultsTableName(slug) == slug;
}

// Why a metric or dimension slug cannot name a results column because
// PostgreSQL would cut it, or nullopt when it fits.
std::optional<std::string> ColumnSlugTooLong(std::string_view kind, std::string_view slug) {
  if (slug.size() <= sql::kMaxIdentifierBytes) return std::nullopt;
  return absl::StrCat(std::string(kind), " slug \"", std::string(slug), "\" is ", slug.size(),
                      " bytes; it names a results column and PostgreSQL keeps only ",
                      sql::kMaxIdentifierBytes, " bytes of an identifier");
}

class Resolver {
 public:
  Resolver(const ResolveInput& input, DiagnosticSink& sink)
      : in_(input), layer_(*input.merged), sink_(sink) {}

  std::optional<ResolvedProject> Run() {
    ResolvedProject p;
    CheckSlug();
    p.slug = in_.slug;
    p.table_name = ResultsTableName(in_.slug);
    p.platform = in_.platform;
    const ProjectSpec project = layer_.project.value_or(ProjectSpec{});
    project_location_ = project.location;
    if (project_location_.file.empty()) project_location_ = {in_.project_file, 0, 0, "project"};
    ResolveProjectFields(project, p);
    ResolvePopulation(project.population, p);
    ResolveMetrics(project.metrics, p);
    ResolveDimensions(project.population, p);
    AlertContext context{layer_, p, sink_};
    ResolveAlerts(project.alerts, context);
    ResolveMetricGroups(project.metric_groups, context);
    for (const std::string& name : used_sources_) {
      if (std::optional<DataSource> d = ResolveDataSource(name)) p.data_sources.push_back(*d);
    }
    if (sink_.has_errors()) return std::nullopt;
    return p;
  }

 private:
  void CheckSlug() {
    const SourceLocation loc{in_.project_file, 0, 0, ""};
    if (in_.slug.empty()) {
      sink_.Error(loc, "project slug is empty; name the file after the project");
      return;
    }
    if (in_.slug[0] >= '0' && in_.slug[0] <= '9') {
      sink_.Error(loc, absl::StrCat("project slug \"", in_.slug,
                                    "\" starts with a digit; slugs name results tables and must "
                                    "start with a letter or underscore"));
    }
    const std::string table = ResultsTableName(in_.slug);
    if (table.size() > results::kMaxTableBaseBytes) {
      sink_.Error(loc, absl::StrCat("project slug \"", in_.slug, "\" is ", table.size(),
                                    " bytes; its results table \"", table, std::string(results::kStatisticsSuffix),
                                    "\" would pass PostgreSQL's ", sql::kMaxIdentifierBytes,
                                    "-byte identifier limit, so slugs may have at most ",
                                    results::kMaxTableBaseBytes, " bytes"));
    }
    for (const std::string& other : in_.other_project_slugs) {
      if (other == in_.slug) continue;
      if (std::optional<std::string> shared =
              results::SharedRelationName(table, ResultsTableName(other))) {
        sink_.Error(loc, absl::StrCat("project slug \"", in_.slug, "\" uses results table \"",
                                      *shared, "\", already used by project \"", other,
                                      "\"; rename one of them"));
      }
    }
  }

  void ResolveProjectFields(const ProjectSpec& s, ResolvedProject& p) {
    // The registry entry fills what the project files do not set.
    const Experiment* e = in_.experiment;
    p.name = e != nullptr ? e->slug : in_.slug;
    if (e != nullptr) {
      p.start_date = e->start_date;
      p.end_date = e->end_date;
      p.is_rollout = e->is_rollout;
      p.reference_branch = e->reference_branch;
      p.experiment = *e;
    }
    ApplyCopiedKeys(s, p);
    if (p.start_date && p.end_date && *p.end_date < *p.start_date) {
      const auto& end_date = Copied<&ResolvedProject::end_date>(s);
      const SourceLocation loc =
          end_date ? end_date->location : WithPath(project_location_, "project.end_date");
      sink_.Error(loc, absl::StrCat("end date ", absl::FormatCivilTime(*p.end_date),
                                    " is before start date ",
                                    absl::FormatCivilTime(*p.start_date)));
    }
    if (!p.start_date) {
      sink_.Warning(WithPath(project_location_, "project.start_date"),
                    absl::StrCat("not set and no experiment \"", in_.slug,
                                 "\" in the registry; the project is not computed until it has "
                                 "a start date"));
    }
  }

  void ResolvePopulation(const PopulationSpec& s, ResolvedProject& p) {
    const Experiment* e = in_.experiment;
    Population& pop = p.population;
    const std::string path = "project.population";
    if (!s.data_source) {
      sink_.Error(WithPath(project_location_, path),
                  "missing data_source; expected the name of a data source (here or in the "
                  "platform defaults)");
    } else if (UseDataSource(*s.data_source)) {
      pop.data_source = s.data_source->value;
    }
    if (e != nullptr) {
      pop.channel = e->channel;
      pop.boolean_pref = e->boolean_pref;
    }
    ApplyCopiedKeys(s, pop);
    if (s.branches) {
      for (const LocatedString& b : *s.branches) pop.branches.push_back(b.value);
    } else if (e != nullptr && !p.is_rollout && !pop.boolean_pref &&
               !pop.monitor_entire_population) {
      pop.branches = e->branches;
    }
  }

  // Records a data source reference; false (with an error) if undefined.
  bool UseDataSource(const LocatedString& ref) {
    if (layer_.data_sources.count(ref.value) == 0) {
      sink_.Error(ref.location, absl::StrCat("unknown data source \"", ref.value, "\"",
                                             DidYouMean(ref.value, Keys(layer_.data_sources))));
      return false;
    }
    used_sources_.insert(ref.value);
    return true;
  }

  std::optional<std::string> Expand(const LocatedString& expression) {
    return ExpandTemplates(expression.value, layer_.functions, layer_.parameters,
                           expression.location, sink_);
  }

  void ResolveMetrics(const LocatedNames& refs, ResolvedProject& p) {
    std::set<std::string> seen;
    std::vector<const MetricSpec*> specs;
    std::vector<std::string> names;
    for (const LocatedString& ref : refs) {
      if (!seen.insert(ref.value).second) continue;
      auto it = layer_.metrics.find(ref.value);
      if (it == layer_.metrics.end()) {
        std::string hint = DidYouMean(ref.value, Keys(layer_.metrics));
        if (hint.empty()) hint = "; define it under metrics or in the platform definitions";
        sink_.Error(ref.location, absl::StrCat("unknown metric \"", ref.value, "\"", hint));
        continue;
      }
      names.push_back(ref.value);
      specs.push_back(&it->second);
    }
    for (size_t i = 0; i < specs.size(); ++i) {
      if (std::optional<Metric> m = ResolveMetric(names[i], *specs[i])) {
        p.metrics.push_back(std::move(*m));
      }
    }
    for (Metric& m : p.metrics) CheckDenominators(m, p);
  }

  std::optional<Metric> ResolveMetric(const std::string& name, const MetricSpec& s) {
    const std::string path = absl::StrCat("metrics.", name);
    const SourceLocation here = WithPath(s.location, path);
    bool ok = true;
    if (!IsColumnSlug(name)) {
      sink_.Error(here, absl::StrCat("metric slug \"", name,
                                     "\" must contain only letters, digits and underscores and "
                                     "not start with a digit (it names a results column)"));
      ok = false;
    } else if (std::optional<std::string> too_long = ColumnSlugTooLong("metric", name)) {
      sink_.Error(here, *too_long);
      ok = false;
    }
    Metric m;
    m.name = name;
    ApplyCopiedKeys(s, m);
    m.friendly_name = Dedent(m.friendly_name);
    m.description = Dedent(m.description);
    if (!s.select_expression) {
      sink_.Error(here, "missing select_expression; expected a SQL expression (here or in the "
                        "platform definitions)");
      ok = false;
    } else if (std::optional<std::string> expr = Expand(*s.select_expression)) {
      m.select_expression = *expr;
    } else {
      ok = false;
    }
    if (!s.data_source) {
      sink_.Error(here, "missing data_source; expected the name of a data source (here or in "
                        "the platform definitions)");
      ok = false;
    } else if (UseDataSource(*s.data_source)) {
      m.data_source = s.data_source->value;
    } else {
      ok = false;
    }
    if (!s.statistics || s.statistics->value.empty()) {
      const SourceLocation loc = s.statistics ? s.statistics->location : here;
      sink_.Error(WithPath(loc, Child(path, "statistics")),
                  "missing statistics; expected at least one of count, sum, mean, quantile, "
                  "percentile, total_ratio");
      ok = false;
    } else {
      for (const StatisticSpec& st : s.statistics->value) {
        if (!CheckStatistic(st, m.type, Child(Child(path, "statistics"),
                                              ToString(st.statistic.kind)))) {
          ok = false;
        }
        m.statistics.push_back(st.statistic);
        denominator_locations_[name].push_back(st.denominator_location);
      }
    }
    if (!ok) return std::nullopt;
    return m;
  }

  bool CheckStatistic(const StatisticSpec& st, MetricType type, const std::string& path) {
    const SourceLocation loc = WithPath(st.location, path);
    const StatisticKind kind = st.statistic.kind;
    if (!StatisticAppliesTo(kind, type)) {
      std::vector<std::string> applicable;
      for (StatisticKind k : kAllStatisticKinds) {
        if (StatisticAppliesTo(k, type)) applicable.emplace_back(ToString(k));
      }
      sink_.Error(loc, absl::StrCat("statistic \"", std::string(ToString(kind)),
                                    "\" does not apply to ", std::string(ToString(type)),
                                    " metrics; expected ", absl::StrJoin(applicable, ", ")));
      return false;
    }
    if (kind == StatisticKind::kPercentile && st.statistic.percentile.percentiles.empty()) {
      sink_.Error(WithPath(loc, Child(path, "percentiles")),
                  "empty; expected at least one percentile");
      return false;
    }
    const PercentileParams& pct = st.statistic.percentile;
    if (kind == StatisticKind::kPercentile && pct.point == PercentilePoint::kInterpolated &&
        (pct.method == CiMethod::kJackknife || pct.method == CiMethod::kBootstrap)) {
      sink_.Error(WithPath(loc, Child(path, "point")),
                  absl::StrCat("interpolated applies to binomial and block_jackknife; method \"",
                               std::string(ToString(pct.method)),
                               "\" keeps the reference's output"));
      return false;
    }
    const QuantileParams& q = st.statistic.quantile;
    if (kind == StatisticKind::kQuantile && q.quantile > q.number_of_quantiles) {
      sink_.Error(WithPath(loc, Child(path, "quantile")),
                  absl::StrCat(q.quantile, " is larger than number_of_quantiles ",
                               q.number_of_quantiles));
      return false;
    }
    return true;
  }

  void CheckDenominators(const Metric& m, const ResolvedProject& p) {
    const std::vector<SourceLocation>& locations = denominator_locations_[m.name];
    for (size_t i = 0; i < m.statistics.size(); ++i) {
      const Statistic& st = m.statistics[i];
      if (st.kind != StatisticKind::kTotalRatio) continue;
      const std::string path =
          absl::StrCat("metrics.", m.name, ".statistics.total_ratio.denominator_metric");
      const SourceLocation loc = WithPath(locations[i], path);
      const std::string& denominator = st.total_ratio.denominator_metric;
      std::vector<std::string> names;
      const Metric* found = nullptr;
      for (const Metric& other : p.metrics) {
        names.push_back(other.name);
        if (other.name == denominator) found = &other;
      }
      if (denominator.empty()) {
        sink_.Error(loc, "missing denominator_metric; expected a metric of this project");
      } else if (found == nullptr) {
        sink_.Error(loc, absl::StrCat("\"", denominator, "\" is not a metric of this project",
                                      DidYouMean(denominator, names)));
      } else if (found->type != MetricType::kScalar) {
        sink_.Error(loc, absl::StrCat("\"", denominator,
                                      "\" is a histogram metric; expected a scalar metric"));
      }
    }
  }

  void ResolveDimensions(const PopulationSpec& s, ResolvedProject& p) {
    std::set<std::string> seen;
    for (const LocatedString& ref : s.dimensions) {
      if (!seen.insert(ref.value).second) continue;
      auto it = layer_.dimensions.find(ref.value);
      if (it == layer_.dimensions.end()) {
        sink_.Error(ref.location, absl::StrCat("unknown dimension \"", ref.value, "\"",
                                               DidYouMean(ref.value, Keys(layer_.dimensions))));
        continue;
      }
      const DimensionSpec& d = it->second;
      const SourceLocation here = WithPath(d.location, absl::StrCat("dimensions.", ref.value));
      Dimension dim;
      dim.name = ref.value;
      ApplyCopiedKeys(d, dim);
      bool ok = true;
      if (!IsColumnSlug(ref.value)) {
        sink_.Error(here, absl::StrCat("dimension slug \"", ref.value,
                                       "\" must contain only letters, digits and underscores "
                                       "and not start with a digit (it names a results column)"));
        ok = false;
      } else if (std::optional<std::string> too_long = ColumnSlugTooLong("dimension", ref.value)) {
        sink_.Error(here, *too_long);
        ok = false;
      }
      for (std::string_view column : kResultsColumns) {
        if (column == ref.value) {
          sink_.Error(here, absl::StrCat("dimension \"", ref.value,
                                         "\" collides with a results column; rename it"));
          ok = false;
        }
      }
      if (!d.select_expression) {
        sink_.Error(here, "missing select_expression; expected a SQL expression");
        ok = false;
      } else if (std::optional<std::string> expr = Expand(*d.select_expression)) {
        dim.select_expression = *expr;
      } else {
        ok = false;
      }
      if (!d.data_source) {
        sink_.Error(here, "missing data_source; expected the name of a data source");
        ok = false;
      } else if (UseDataSource(*d.data_source)) {
        dim.data_source = d.data_source->value;
      } else {
        ok = false;
      }
      if (ok) p.dimensions.push_back(std::move(dim));
      p.population.dimensions.push_back(ref.value);
    }
    if (s.group_by_dimension) {
      const std::string& g = s.group_by_dimension->value;
      if (seen.count(g) == 0) {
        std::vector<std::string> names(seen.begin(), seen.end());
        sink_.Error(s.group_by_dimension->location,
                    absl::StrCat("\"", g, "\" is not one of the project's dimensions (",
                                 names.empty() ? "none" : absl::StrJoin(names, ", "),
                                 "); add it to population.dimensions",
                                 DidYouMean(g, names)));
      } else {
        p.population.group_by_dimension = g;
      }
    }
  }

  std::optional<DataSource> ResolveDataSource(const std::string& name) {
    const DataSourceSpec& s = layer_.data_sources.at(name);
    const std::string path = absl::StrCat("data_sources.", name);
    DataSource d;
    d.name = name;
    ApplyCopiedKeys(s, d);
    // metric-hub's way of saying the source has no experiments column.
    if (!Copied<&DataSource::experiments_column>(s) && s.experiments_column_type == "none") {
      d.experiments_column.clear();
    }
    if (!s.from_expression) {
      sink_.Error(WithPath(s.location, path),
                  "missing from_expression; expected a table name or (subquery)");
      return std::nullopt;
    }
    d.from_expression = s.from_expression->value;
    if (d.from_expression.find("{dataset}") != std::string::npos) {
      if (d.default_dataset.empty()) {
        sink_.Error(s.from_expression->location,
                    "contains {dataset} but default_dataset is not set");
        return std::nullopt;
      }
      d.from_expression =
          absl::StrReplaceAll(d.from_expression, {{"{dataset}", d.default_dataset}});
    }
    return d;
  }

  const ResolveInput& in_;
  const Layer& layer_;
  DiagnosticSink& sink_;
  SourceLocation project_location_;
  std::set<std::string> used_sources_;
  std::map<std::string, std::vector<SourceLocation>> denominator_locations_;
};

}  // namespace

std::optional<ResolvedProject> ResolveProject(const ResolveInput& input, DiagnosticSink& sink) {
  if (input.merged == nullptr) return std::nullopt;
  return Resolver(input, sink).Run();
}

}  // namespace opmon::config
