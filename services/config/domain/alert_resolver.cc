#include "services/config/domain/alert_resolver.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/config/domain/copied_keys.h"
#include "services/config/domain/suggest.h"

namespace opmon::config {
namespace {

SourceLocation WithPath(SourceLocation loc, std::string path) {
  loc.path = std::move(path);
  return loc;
}

std::vector<std::string> ProjectMetricNames(const ResolvedProject& p) {
  std::vector<std::string> names;
  for (const Metric& m : p.metrics) names.push_back(m.name);
  return names;
}

// Checks each name is a project metric; returns those that are.
std::vector<std::string> ProjectMetrics(const LocatedNames& refs, AlertContext& c) {
  const std::vector<std::string> names = ProjectMetricNames(c.project);
  const std::set<std::string> known(names.begin(), names.end());
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const LocatedString& ref : refs) {
    if (known.count(ref.value) == 0) {
      c.sink.Error(ref.location, absl::StrCat("\"", ref.value,
                                              "\" is not a metric of this project",
                                              DidYouMean(ref.value, names)));
    } else if (seen.insert(ref.value).second) {
      out.push_back(ref.value);
    }
  }
  return out;
}

template <typename T>
void MustNotBeSet(const std::optional<Located<T>>& field, std::string_view key,
                  AlertType type, const std::string& path, AlertContext& c) {
  if (!field) return;
  c.sink.Error(WithPath(field->location, absl::StrCat(path, ".", std::string(key))),
               absl::StrCat("not allowed for ", std::string(ToString(type)), " alerts"));
}

void CheckBoundsCount(const std::optional<Located<std::vector<double>>>& bounds,
                      std::string_view key, const AlertSpec& s, const std::string& path,
                      AlertContext& c) {
  const auto& parameters = Copied<&Alert::parameters>(s);
  if (!bounds || !parameters || bounds->value.size() == parameters->value.size()) return;
  c.sink.Error(WithPath(bounds->location, absl::StrCat(path, ".", std::string(key))),
               absl::StrCat("has ", bounds->value.size(), " values but parameters has ",
                            parameters->value.size(), "; expected one ", std::string(key),
                            " per parameter"));
}

// The keys only some types take: `min`/`max` (threshold) and
// `window_size`/`max_relative_change` (avg_diff); another type setting them
// is an error at each key.
void RefuseKeysOfOtherTypes(const AlertSpec& s, AlertType type, bool takes_bounds, bool takes_window,
                            const std::string& path, AlertContext& c) {
  if (!takes_bounds) {
    MustNotBeSet(Copied<&Alert::min>(s), "min", type, path, c);
    MustNotBeSet(Copied<&Alert::max>(s), "max", type, path, c);
  }
  if (!takes_window) {
    MustNotBeSet(Copied<&Alert::window_size>(s), "window_size", type, path, c);
    MustNotBeSet(Copied<&Alert::max_relative_change>(s), "max_relative_change", type, path, c);
  }
}

// The per-type rules of the reference's AlertDefinition.
bool CheckTypeRules(const AlertSpec& s, AlertType type, const std::string& path,
                    AlertContext& c) {
  const size_t errors_before = c.sink.diagnostics().size();
  const SourceLocation here = WithPath(s.location, path);
  switch (type) {
    case AlertType::kThreshold: {
      const auto& min = Copied<&Alert::min>(s);
      const auto& max = Copied<&Alert::max>(s);
      if (!min && !max) c.sink.Error(here, "threshold alert needs min or max");
      CheckBoundsCount(min, "min", s, path, c);
      CheckBoundsCount(max, "max", s, path, c);
      RefuseKeysOfOtherTypes(s, type, /*takes_bounds=*/true, /*takes_window=*/false, path, c);
      break;
    }
    case AlertType::kCiOverlap:
      RefuseKeysOfOtherTypes(s, type, /*takes_bounds=*/false, /*takes_window=*/false, path, c);
      break;
    case AlertType::kAvgDiff:
      RefuseKeysOfOtherTypes(s, type, /*takes_bounds=*/false, /*takes_window=*/true, path, c);
      if (!Copied<&Alert::window_size>(s)) c.sink.Error(here, "avg_diff alert needs window_size");
      if (!Copied<&Alert::max_relative_change>(s)) {
        c.sink.Error(here, "avg_diff alert needs max_relative_change");
      }
      break;
    case AlertType::kSrm:
    case AlertType::kTooFewEnrollments:
    case AlertType::kCrashRate:
      c.sink.Error(here, absl::StrCat(std::string(ToString(type)), " alerts are raised by live experiment or crash "
                                      "monitoring, not configured; expected threshold|ci_overlap|avg_diff"));
      break;
  }
  return c.sink.diagnostics().size() == errors_before;
}

std::vector<std::string> AlertNames(const Layer& layer) {
  std::vector<std::string> names;
  for (const auto& [name, spec] : layer.alerts) names.push_back(name);
  return names;
}

}  // namespace

void ResolveAlerts(const LocatedNames& refs, AlertContext& c) {
  std::set<std::string> seen;
  for (const LocatedString& ref : refs) {
    if (!seen.insert(ref.value).second) continue;
    auto it = c.layer.alerts.find(ref.value);
    if (it == c.layer.alerts.end()) {
      c.sink.Error(ref.location, absl::StrCat("unknown alert \"", ref.value, "\"",
                                              DidYouMean(ref.value, AlertNames(c.layer))));
      continue;
    }
    const AlertSpec& s = it->second;
    const std::string path = absl::StrCat("alerts.", ref.value);
    const SourceLocation here = WithPath(s.location, path);
    Alert a;
    a.name = ref.value;
    ApplyCopiedKeys(s, a);
    bool ok = true;
    if (!Copied<&Alert::type>(s)) {
      c.sink.Error(here, "missing type; expected threshold|ci_overlap|avg_diff");
      ok = false;
    } else {
      ok = CheckTypeRules(s, a.type, path, c) && ok;
    }
    if (s.metrics.empty()) {
      c.sink.Error(here, "missing metrics; expected at least one project metric");
      ok = false;
    }
    a.metrics = ProjectMetrics(s.metrics, c);
    if (ok) c.project.alerts.push_back(std::move(a));
  }
}

void ResolveMetricGroups(const std::map<std::string, MetricGroupSpec>& groups,
                         AlertContext& c) {
  for (const auto& [name, s] : groups) {
    const std::string path = absl::StrCat("project.metric_groups.", name);
    MetricGroup g;
    g.name = name;
    ApplyCopiedKeys(s, g);
    if (!s.metrics || s.metrics->empty()) {
      c.sink.Error(WithPath(s.location, path),
                   "missing metrics; expected at least one project metric");
      continue;
    }
    g.metrics = ProjectMetrics(*s.metrics, c);
    c.project.metric_groups.push_back(std::move(g));
  }
}

}  // namespace opmon::config
