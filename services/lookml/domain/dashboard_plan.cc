#include "services/lookml/domain/dashboard_plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/lookml/domain/project_facts.h"
#include "services/lookml/domain/quoting.h"

namespace opmon::lookml {
namespace {

const config::Metric* FindMetric(const config::ResolvedProject& p, const std::string& name) {
  for (const config::Metric& m : p.metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

bool HasStatistic(const config::Metric& m, StatisticKind kind) {
  return std::any_of(m.statistics.begin(), m.statistics.end(),
                     [&](const config::Statistic& s) { return s.kind == kind; });
}

// Statistic kinds of a metric, in its order, each once.
std::vector<StatisticKind> StatisticKinds(const config::Metric& m) {
  std::vector<StatisticKind> out;
  for (const config::Statistic& s : m.statistics) {
    if (std::find(out.begin(), out.end(), s.kind) == out.end()) out.push_back(s.kind);
  }
  return out;
}

class UniqueNames {
 public:
  std::string Take(const std::string& wanted) {
    std::string name = wanted;
    for (int i = 2; !used_.insert(name).second; ++i) name = absl::StrCat(wanted, " (", i, ")");
    return name;
  }

 private:
  std::set<std::string> used_;
};

void AddTiles(const ProjectLookmlInput& input, const std::optional<std::string>& group_by, DashboardPlan& plan) {
  const config::ResolvedProject& p = input.project;
  std::map<std::string, std::vector<const config::MetricGroup*>> groups_of;
  for (const config::MetricGroup& g : p.metric_groups) {
    for (const std::string& m : g.metrics) groups_of[m].push_back(&g);
  }
  UniqueNames names;
  std::set<std::pair<std::string, StatisticKind>> seen_groups;
  auto add = [&](Tile tile) {
    const int index = static_cast<int>(plan.tiles.size());
    tile.row = (index / 2) * kTileHeight;
    tile.col = (index % 2) * kTileWidth;
    tile.pivot_dimension = group_by;
    if (group_by) tile.title = absl::StrCat(tile.title, " by ", DimensionTitle(p, *group_by));
    tile.name = names.Take(absl::StrCat(tile.title, " ", tile.note));
    plan.tiles.push_back(std::move(tile));
  };
  for (const config::Metric& m : p.metrics) {
    for (StatisticKind kind : StatisticKinds(m)) {
      Tile tile;
      tile.statistic = std::string(ToString(kind));
      tile.note = StatisticTitle(kind);
      tile.confidence_interval = HasConfidenceInterval(kind);
      auto groups = groups_of.find(m.name);
      if (groups == groups_of.end()) {
        tile.title = MetricTitle(m);
        tile.metrics = {m.name};
        add(tile);
        continue;
      }
      for (const config::MetricGroup* g : groups->second) {
        if (!seen_groups.insert({g->name, kind}).second) continue;
        Tile group_tile = tile;
        group_tile.title = g->friendly_name.empty() ? SlugToTitle(g->name) : g->friendly_name;
        group_tile.pivot_by_metric = true;
        for (const std::string& member : g->metrics) {
          const config::Metric* metric = FindMetric(p, member);
          if (metric != nullptr && HasStatistic(*metric, kind)) group_tile.metrics.push_back(member);
        }
        add(group_tile);
      }
    }
  }
}

void AddCompactTile(const ProjectLookmlInput& input, const std::optional<std::string>& group_by,
                    DashboardPlan& plan) {
  std::set<std::string> statistics;
  for (const config::Metric& m : input.project.metrics) {
    plan.metric_options.push_back(m.name);
    for (const config::Statistic& s : m.statistics) statistics.insert(std::string(ToString(s.kind)));
  }
  // Statistic options in the closed set's order, so "percentile" comes where
  // people expect it rather than alphabetically.
  for (StatisticKind kind : kAllStatisticKinds) {
    if (statistics.count(std::string(ToString(kind))) > 0) {
      plan.statistic_options.emplace_back(ToString(kind));
    }
  }
  if (plan.metric_options.empty()) return;
  Tile tile;
  tile.title = group_by ? absl::StrCat("Metric by ", DimensionTitle(input.project, *group_by)) : "Metric";
  tile.name = tile.title;
  tile.confidence_interval = true;
  tile.pivot_dimension = group_by;
  plan.tiles.push_back(std::move(tile));
}

}  // namespace

DashboardPlan PlanDashboard(const ProjectLookmlInput& input, const GenerationOptions& options) {
  const config::ResolvedProject& p = input.project;
  DashboardPlan plan;
  plan.name = NamesFor(p).view;
  plan.title = p.name.empty() ? SlugToTitle(p.slug) : p.name;
  plan.xaxis = p.xaxis;
  plan.xaxis_field = std::string(XAxisField(p.xaxis));
  plan.branch_colours = BranchColours(DashboardBranches(input));
  plan.compact = p.compact_visualization;
  plan.alerts = input.alerting;

  std::optional<std::string> group_by;
  UniqueNames filter_names;
  for (const char* reserved : {kDateFilter, kPercentileFilter, kMetricFilter, kStatisticFilter}) {
    filter_names.Take(reserved);
  }
  for (const DimensionValues* d : DimensionsWithData(input)) {
    DimensionFilter filter;
    filter.dimension = d->dimension;
    filter.title = filter_names.Take(DimensionTitle(p, d->dimension));
    if (p.population.group_by_dimension == d->dimension) {
      group_by = d->dimension;
      filter.multiple = true;
      for (const ValueCount& v : d->values) filter.options.push_back(v.value);
      std::sort(filter.options.begin(), filter.options.end());
      filter.default_value = LookerFilterList(filter.options);
    } else {
      for (const ValueCount& v : d->values) {
        if (static_cast<int>(filter.options.size()) >= options.max_dimension_options) break;
        filter.options.push_back(v.value);
      }
      filter.default_value = LookerFilterValue(d->values.front().value);
    }
    plan.dimension_filters.push_back(std::move(filter));
  }

  if (std::optional<double> pct = DefaultPercentile(p)) {
    plan.percentile_default = FormatNumber(*pct);
    std::set<double> all;
    for (const config::Metric& m : p.metrics) {
      for (const config::Statistic& s : m.statistics) {
        if (s.kind == StatisticKind::kPercentile) all.insert(s.percentile.percentiles.begin(),
                                                                     s.percentile.percentiles.end());
      }
    }
    for (double v : all) plan.percentile_options.push_back(FormatNumber(v));
  }

  if (plan.compact) {
    AddCompactTile(input, group_by, plan);
  } else {
    AddTiles(input, group_by, plan);
  }
  const int rows = (static_cast<int>(plan.tiles.size()) + 1) / 2;
  plan.alerts_row = rows * kTileHeight;
  return plan;
}

}  // namespace opmon::lookml
