#include "services/statistics/domain/crash_summary.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace opmon::statistics {
namespace {

constexpr char kDefaultApplication[] = "Firefox";

// A major version's span on one platform, as the reference bounds it.
struct VersionSpan {
  int major = 0;
  absl::Time first;     // its first window
  absl::Time start;     // first, or a day later when the first 24 hours are skipped
  absl::Duration field;
  absl::Duration adjusted;
};

// The reference's spans: each version ends where the next one starts, the
// newest at its last window; the adjusted interval is the newest's age.
std::vector<VersionSpan> VersionSpans(const std::map<int, std::pair<absl::Time, absl::Time>>& first_last) {
  std::vector<VersionSpan> out;
  if (first_last.empty()) return out;
  const auto& [newest_first, newest_last] = first_last.rbegin()->second;
  const absl::Duration newest_age = newest_last - newest_first;
  for (auto it = first_last.begin(); it != first_last.end(); ++it) {
    const auto next = std::next(it);
    const absl::Time first = it->second.first;
    const absl::Time end = next != first_last.end() ? next->second.first : it->second.second;
    VersionSpan span;
    span.major = it->first;
    span.first = first;
    span.start = first;
    span.field = end - first;
    span.adjusted = newest_age > absl::ZeroDuration() ? newest_age : span.field;
    // The first day is noisy: skipped once the newest version has been out
    // more than a day, for versions out more than two.
    if (newest_age > absl::Hours(24) && span.field > absl::Hours(48)) span.start = first + absl::Hours(24);
    if (span.start >= end) continue;  // too short lived to summarise
    out.push_back(span);
  }
  return out;
}

TrimmedRate RateBetween(const std::vector<const CrashWindow*>& windows, int major, std::size_t measure,
                        absl::Time from, absl::Time to) {
  std::vector<WindowEvents> selected;
  for (const CrashWindow* w : windows) {
    if (w->major != major || w->window_start < from || w->window_start > to) continue;
    selected.push_back({w->events[measure], w->usage_hours});
  }
  return RateOfWindows(selected);
}

std::optional<double> CurrentAdjustedRate(const PlatformSummary& platform, errors::Measure measure) {
  for (const MeasureSummary& m : platform.measures) {
    if (m.measure == measure && !m.versions.empty()) return m.versions.front().adjusted.rate;
  }
  return std::nullopt;
}

PlatformSummary SummarizePlatform(const CrashSummaryQuery& query, const std::string& platform,
                                  const std::vector<const CrashWindow*>& windows) {
  PlatformSummary out;
  out.platform = platform;
  std::map<int, std::pair<absl::Time, absl::Time>> first_last;
  for (const CrashWindow* w : windows) {
    auto [it, inserted] = first_last.try_emplace(w->major, w->window_start, w->window_start);
    if (!inserted) {
      it->second.first = std::min(it->second.first, w->window_start);
      it->second.second = std::max(it->second.second, w->window_start);
    }
  }
  const std::vector<VersionSpan> spans = VersionSpans(first_last);
  const std::vector<errors::Measure>& all = EventMeasures();
  for (errors::Measure measure : query.measures) {
    const auto column = static_cast<std::size_t>(std::find(all.begin(), all.end(), measure) - all.begin());
    MeasureSummary summary;
    summary.measure = measure;
    for (auto span = spans.rbegin(); span != spans.rend(); ++span) {
      summary.versions.push_back(
          {.version = std::to_string(span->major),
           .first_window = span->first,
           .field = span->field,
           .rate = RateBetween(windows, span->major, column, span->start, span->start + span->field),
           .adjusted = RateBetween(windows, span->major, column, span->start, span->start + span->adjusted)});
    }
    if (summary.versions.size() >= 2) {
      std::tie(summary.change_percent, summary.change) =
          CompareRates(summary.versions[0].adjusted.rate, summary.versions[1].adjusted.rate);
    }
    out.measures.push_back(std::move(summary));
  }
  std::optional<double> main = CurrentAdjustedRate(out, errors::Measure::kMainCrashes);
  std::optional<double> content = CurrentAdjustedRate(out, errors::Measure::kContentCrashes);
  if (main && content) out.summary_rate = *main + *content;
  return out;
}

}  // namespace

std::string CrashSummaryQuery::CanonicalKey() const {
  std::vector<std::string> names;
  for (errors::Measure m : measures) names.emplace_back(errors::MeasureName(m));
  return absl::StrCat("crash_summary|", channel.size(), ":", channel, "|", platform.size(), ":", platform, "|",
                      application.size(), ":", application, "|", absl::StrJoin(names, ","));
}

absl::StatusOr<CrashSummaryQuery> ValidateCrashSummary(const CrashSummaryRequest& request) {
  if (request.channel.empty()) return absl::InvalidArgumentError("channel: required, e.g. release");
  CrashSummaryQuery query;
  query.channel = request.channel;
  query.platform = request.platform;
  query.application = request.application.empty() ? kDefaultApplication : request.application;
  const std::vector<errors::Measure>& all = EventMeasures();
  std::set<errors::Measure> wanted;
  for (std::size_t i = 0; i < request.measures.size(); ++i) {
    std::optional<errors::Measure> m = errors::ParseMeasure(request.measures[i]);
    if (!m || std::find(all.begin(), all.end(), *m) == all.end()) {
      std::vector<std::string> names;
      for (errors::Measure e : all) names.emplace_back(errors::MeasureName(e));
      return absl::InvalidArgumentError(absl::StrCat("measures[", i, "]: \"", request.measures[i],
                                                     "\" is not an event measure; expected one of ",
                                                     absl::StrJoin(names, "|")));
    }
    wanted.insert(*m);
  }
  for (errors::Measure m : all) {
    if (wanted.empty() || wanted.contains(m)) query.measures.push_back(m);
  }
  return query;
}

std::pair<std::optional<double>, RateChange> CompareRates(std::optional<double> current,
                                                          std::optional<double> previous) {
  if (!current || !previous || *previous <= 0) return {std::nullopt, RateChange::kUnknown};
  const double percent = (*current - *previous) / *previous * 100.0;
  if (percent > kFlaggedChangePercent) return {percent, RateChange::kIncrease};
  if (percent < -kFlaggedChangePercent) return {percent, RateChange::kDecrease};
  return {percent, RateChange::kNone};
}

CrashSummary SummarizeCrashes(const CrashSummaryQuery& query, const CrashWindows& windows) {
  CrashSummary out;
  out.channel = query.channel;
  out.application = query.application;
  out.data_version = windows.data_version;
  for (const CrashWindow& w : windows.windows) {
    if (!out.current_major || w.major > *out.current_major) out.current_major = w.major;
    if (!out.last_window || w.window_start > *out.last_window) out.last_window = w.window_start;
  }
  if (!out.current_major) return out;
  const int oldest = *out.current_major - kPreviousVersionsSummarised;
  std::map<std::string, std::vector<const CrashWindow*>> by_platform;
  for (const CrashWindow& w : windows.windows) {
    if (w.major < oldest) continue;
    if (!query.platform.empty() && w.platform != query.platform) continue;
    by_platform[w.platform].push_back(&w);
  }
  for (const auto& [platform, platform_windows] : by_platform) {
    out.platforms.push_back(SummarizePlatform(query, platform, platform_windows));
  }
  return out;
}

std::size_t ApproximateBytes(const CrashSummary& summary) {
  std::size_t bytes = sizeof(CrashSummary);
  for (const PlatformSummary& p : summary.platforms) {
    bytes += sizeof(PlatformSummary) + p.platform.size();
    for (const MeasureSummary& m : p.measures) bytes += sizeof(MeasureSummary) + m.versions.size() * sizeof(VersionRate);
  }
  return bytes;
}

}  // namespace opmon::statistics
