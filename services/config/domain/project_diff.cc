#include "services/config/domain/project_diff.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"

namespace opmon::config {
namespace {

std::string Show(const std::string& value) { return value.empty() ? "\"\"" : value; }
std::string Show(bool value) { return value ? "true" : "false"; }
std::string Show(XAxis value) { return std::string(ToString(value)); }
std::string Show(const std::optional<absl::CivilDay>& day) {
  return day ? absl::FormatCivilTime(*day) : "(unset)";
}
std::string Show(const std::optional<std::string>& value) { return value ? Show(*value) : "(unset)"; }
std::string Show(const std::optional<Channel>& value) {
  return value ? std::string(ToString(*value)) : "(unset)";
}
std::string Show(const std::vector<std::string>& values) {
  return absl::StrCat("[", absl::StrJoin(values, ", "), "]");
}

// Appends "path: old -> new" when the values differ.
template <typename T>
void Field(std::vector<std::string>& out, absl::string_view path, const T& before, const T& after) {
  if (before == after) return;
  out.push_back(absl::StrCat(path, ": ", Show(before), " -> ", Show(after)));
}

// Collects the names of the aspects of an item that differ.
class Aspects {
 public:
  template <typename T>
  void Compare(absl::string_view name, const T& before, const T& after) {
    if (!(before == after)) names_.push_back(std::string(name));
  }
  bool empty() const { return names_.empty(); }
  std::string Line(absl::string_view path) const {
    return absl::StrCat(path, ": ", absl::StrJoin(names_, ", "), " changed");
  }

 private:
  std::vector<std::string> names_;
};

Aspects CompareItems(const Metric& a, const Metric& b) {
  Aspects x;
  x.Compare("select_expression", a.select_expression, b.select_expression);
  x.Compare("data_source", a.data_source, b.data_source);
  x.Compare("type", a.type, b.type);
  x.Compare("statistics", a.statistics, b.statistics);
  x.Compare("friendly_name", a.friendly_name, b.friendly_name);
  x.Compare("description", a.description, b.description);
  x.Compare("category", a.category, b.category);
  x.Compare("owners", a.owners, b.owners);
  x.Compare("deprecated", a.deprecated, b.deprecated);
  x.Compare("bigger_is_better", a.bigger_is_better, b.bigger_is_better);
  return x;
}

Aspects CompareItems(const DataSource& a, const DataSource& b) {
  Aspects x;
  x.Compare("from_expression", a.from_expression, b.from_expression);
  x.Compare("submission_date_column", a.submission_date_column, b.submission_date_column);
  x.Compare("client_id_column", a.client_id_column, b.client_id_column);
  x.Compare("build_id_column", a.build_id_column, b.build_id_column);
  x.Compare("experiments_column", a.experiments_column, b.experiments_column);
  x.Compare("default_dataset", a.default_dataset, b.default_dataset);
  x.Compare("friendly_name", a.friendly_name, b.friendly_name);
  x.Compare("description", a.description, b.description);
  return x;
}

Aspects CompareItems(const Dimension& a, const Dimension& b) {
  Aspects x;
  x.Compare("select_expression", a.select_expression, b.select_expression);
  x.Compare("data_source", a.data_source, b.data_source);
  x.Compare("friendly_name", a.friendly_name, b.friendly_name);
  x.Compare("description", a.description, b.description);
  return x;
}

Aspects CompareItems(const Alert& a, const Alert& b) {
  Aspects x;
  x.Compare("type", a.type, b.type);
  x.Compare("metrics", a.metrics, b.metrics);
  x.Compare("friendly_name", a.friendly_name, b.friendly_name);
  x.Compare("description", a.description, b.description);
  x.Compare("parameters", a.parameters, b.parameters);
  x.Compare("min", a.min, b.min);
  x.Compare("max", a.max, b.max);
  x.Compare("statistics", a.statistics, b.statistics);
  x.Compare("window_size", a.window_size, b.window_size);
  x.Compare("max_relative_change", a.max_relative_change, b.max_relative_change);
  return x;
}

Aspects CompareItems(const MetricGroup& a, const MetricGroup& b) {
  Aspects x;
  x.Compare("friendly_name", a.friendly_name, b.friendly_name);
  x.Compare("description", a.description, b.description);
  x.Compare("metrics", a.metrics, b.metrics);
  return x;
}

// Items are matched by name: added, removed, or changed in named aspects.
template <typename T>
void Section(std::vector<std::string>& out, absl::string_view section, const std::vector<T>& before,
             const std::vector<T>& after) {
  std::map<std::string, const T*> old_items;
  std::map<std::string, const T*> new_items;
  for (const T& item : before) old_items[item.name] = &item;
  for (const T& item : after) new_items[item.name] = &item;
  std::map<std::string, std::string> lines;  // by name, for a stable order
  for (const auto& [name, item] : new_items) {
    const std::string path = absl::StrCat(section, ".", name);
    auto it = old_items.find(name);
    if (it == old_items.end()) {
      lines[name] = absl::StrCat(path, ": added");
      continue;
    }
    Aspects aspects = CompareItems(*it->second, *item);
    if (!aspects.empty()) lines[name] = aspects.Line(path);
  }
  for (const auto& [name, item] : old_items) {
    if (new_items.count(name) == 0) lines[name] = absl::StrCat(section, ".", name, ": removed");
  }
  for (auto& [name, line] : lines) out.push_back(std::move(line));
}

std::vector<std::string> Names(const std::vector<Metric>& metrics) {
  std::vector<std::string> names;
  for (const Metric& m : metrics) names.push_back(m.name);
  return names;
}

}  // namespace

std::vector<std::string> DiffProjects(const std::optional<ResolvedProject>& before,
                                      const ResolvedProject& after) {
  if (!before) return {"project: created"};
  const ResolvedProject& b = *before;
  std::vector<std::string> out;
  Field(out, "project.name", b.name, after.name);
  Field(out, "project.platform", b.platform, after.platform);
  Field(out, "project.xaxis", b.xaxis, after.xaxis);
  Field(out, "project.start_date", b.start_date, after.start_date);
  Field(out, "project.end_date", b.end_date, after.end_date);
  Field(out, "project.skip", b.skip, after.skip);
  Field(out, "project.is_rollout", b.is_rollout, after.is_rollout);
  Field(out, "project.reference_branch", b.reference_branch, after.reference_branch);
  Field(out, "project.compact_visualization", b.compact_visualization, after.compact_visualization);
  // Webhook URLs often carry a token: the summary never shows them.
  if (b.alert_webhook_url != after.alert_webhook_url) out.push_back("project.alert_webhook_url: changed");
  Field(out, "project.skip_default_metrics", b.skip_default_metrics, after.skip_default_metrics);
  const Population& p = b.population;
  const Population& q = after.population;
  Field(out, "project.population.data_source", p.data_source, q.data_source);
  Field(out, "project.population.channel", p.channel, q.channel);
  Field(out, "project.population.branches", p.branches, q.branches);
  Field(out, "project.population.boolean_pref", p.boolean_pref, q.boolean_pref);
  Field(out, "project.population.monitor_entire_population", p.monitor_entire_population,
        q.monitor_entire_population);
  Field(out, "project.population.dimensions", p.dimensions, q.dimensions);
  Field(out, "project.population.group_by_dimension", p.group_by_dimension, q.group_by_dimension);
  // The same metrics in another order change the dashboards' tile order.
  const std::vector<std::string> old_order = Names(b.metrics);
  const std::vector<std::string> new_order = Names(after.metrics);
  std::vector<std::string> old_sorted = old_order;
  std::vector<std::string> new_sorted = new_order;
  std::sort(old_sorted.begin(), old_sorted.end());
  std::sort(new_sorted.begin(), new_sorted.end());
  if (old_sorted == new_sorted) Field(out, "project.metrics", old_order, new_order);
  Section(out, "metrics", b.metrics, after.metrics);
  Section(out, "data_sources", b.data_sources, after.data_sources);
  Section(out, "dimensions", b.dimensions, after.dimensions);
  Section(out, "alerts", b.alerts, after.alerts);
  Section(out, "metric_groups", b.metric_groups, after.metric_groups);
  if (!(b.experiment == after.experiment)) out.push_back("experiment: registry entry changed");
  if (out.empty() && !(b == after)) out.push_back("project: changed");
  return out;
}

}  // namespace opmon::config
