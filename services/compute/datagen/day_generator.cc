#include "services/compute/datagen/day_generator.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/compute/datagen/builds.h"
#include "services/compute/datagen/catalog.h"
#include "services/compute/datagen/injected_effects.h"

namespace opmon::datagen {
namespace {

constexpr uint64_t kDayStream = 0x646179;  // "day"
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;
constexpr int kMaxSamplesPerPing = 200;

// GC_REASON_2 values (JS::GCReason ids) and their shares.
struct Reason {
  int id;
  double share;
};
constexpr Reason kGcReasons[] = {{7, 0.30}, {12, 0.25}, {17, 0.15}, {20, 0.10},
                                 {27, 0.08}, {32, 0.05}, {42, 0.04}, {55, 0.03}};

constexpr std::string_view kSearchSources[] = {"urlbar", "urlbar", "urlbar", "searchbar", "contextmenu",
                                               "about_home"};

int GcReason(Rng& rng) {
  double u = rng.Uniform();
  for (const Reason& r : kGcReasons) {
    if (u < r.share) return r.id;
    u -= r.share;
  }
  return kGcReasons[0].id;
}

int64_t SamplesFor(Rng& rng, double lambda) {
  return std::min<int64_t>(rng.Poisson(lambda), kMaxSamplesPerPing);
}

}  // namespace

DayGenerator::DayGenerator(const GenerationParams& params) : params_(params), errors_(params) {
  for (auto& s : json_) s.reserve(1024);
  experiments_.reserve(256);
}

// What one client is on one day, decided before any of its rows is emitted.
struct DayGenerator::ClientDay {
  const ClientProfile& profile;
  absl::CivilDay day;
  int64_t pings = 0;
  std::array<std::optional<int>, kCatalogSize> branches{};  // per catalog experiment
  bool fission_on = false;
  Build build{};
  // The client's first non-decoy enrolment, carried by its other events.
  std::string_view primary_slug{}, primary_branch{};
};

void DayGenerator::Generate(const ClientProfile& profile, absl::CivilDay day, RowSink& sink) {
  if (date_text_.empty() || cached_day_ != day) {
    cached_day_ = day;
    date_text_ = absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
  }
  rng_ = Rng(HashKey({params_.seed, kDayStream, static_cast<uint64_t>(profile.index),
                      static_cast<uint64_t>(DaysSinceEpoch(day))}));
  // The order of the steps is the order of the random draws: changing it
  // changes every generated warehouse.
  const ClientDay client = Decide(profile, day);
  errors_.StartDay(profile, day, client.build, client.fission_on, experiments_);
  EmitEnrollments(client, sink);
  EmitPings(client, sink);
  EmitCrashes(client, sink);
}

DayGenerator::ClientDay DayGenerator::Decide(const ClientProfile& profile, absl::CivilDay day) {
  const auto& catalog = ExperimentCatalog();
  ClientDay c{.profile = profile, .day = day};
  c.pings = profile.heavy ? 10000 + static_cast<int64_t>(rng_.Below(5000)) : rng_.Poisson(profile.ping_rate);
  experiments_.clear();
  experiments_ += '{';
  for (int e = 0; e < kCatalogSize; ++e) {
    c.branches[e] = profile.BranchOn(e, day);
    if (!c.branches[e]) continue;
    absl::StrAppend(&experiments_, experiments_.size() > 1 ? ", \"" : "\"", std::string(catalog[e].slug),
                    "\": {\"branch\": \"", std::string(catalog[e].branches[*c.branches[e]]), "\"}");
  }
  experiments_ += '}';

  c.fission_on = profile.fission_pref_default;
  if (profile.channel == Channel::kNightly && c.branches[kFissionExperiment]) {
    c.fission_on = catalog[kFissionExperiment].branches[*c.branches[kFissionExperiment]] == "treatment";
  } else if (profile.channel == Channel::kRelease) {
    c.fission_on = c.branches[kFissionRollout] &&
                   catalog[kFissionRollout].branches[*c.branches[kFissionRollout]] == "enabled";
  }
  c.build = BuildFor(profile.channel, day, profile.BuildLagDays(), rng_.Bernoulli(0.5));

  for (int e : {kFissionExperiment, kFissionRollout, kEngagementExperiment}) {
    if (c.branches[e]) {
      c.primary_slug = catalog[e].slug;
      c.primary_branch = catalog[e].branches[*c.branches[e]];
      break;
    }
  }
  return c;
}

void DayGenerator::EmitEnrollments(const ClientDay& c, RowSink& sink) {
  const auto& catalog = ExperimentCatalog();
  EventRow event;
  event.client_id = c.profile.client_id;
  event.submission_date = date_text_;
  event.event_category = "normandy";
  event.event_method = "enroll";
  for (int e = 0; e < kCatalogSize; ++e) {
    if (!c.profile.enrollments[e] || c.profile.enrollments[e]->day != c.day || !c.branches[e]) continue;
    event.micros_of_day = static_cast<int64_t>(rng_.Below(kMicrosPerDay));
    event.event_object = catalog[e].is_rollout ? "nimbus_rollout" : "nimbus_experiment";
    event.experiment = catalog[e].slug;
    event.branch = catalog[e].branches[*c.branches[e]];
    sink.OnEvent(event);
  }
}

void DayGenerator::EmitPings(const ClientDay& c, RowSink& sink) {
  const auto& catalog = ExperimentCatalog();
  const ClientProfile& profile = c.profile;
  const double search_multiplier =
      c.branches[kEngagementExperiment] &&
              catalog[kEngagementExperiment].branches[*c.branches[kEngagementExperiment]] == "treatment"
          ? kSearchTreatmentMultiplier
          : 1.0;
  EventRow event;
  event.client_id = profile.client_id;
  event.submission_date = date_text_;
  event.experiment = c.primary_slug.data() ? c.primary_slug : std::string_view("");
  event.branch = c.primary_branch.data() ? c.primary_branch : std::string_view("");

  MainPingRow row;
  row.client_id = profile.client_id;
  row.sample_id = profile.sample_id;
  row.submission_date = date_text_;
  row.normalized_channel = ChannelName(profile.channel);
  row.normalized_os = profile.os;
  row.normalized_os_version = profile.os_version;
  row.country = profile.country;
  row.app_version = c.build.app_version;
  row.build_id = c.build.build_id;
  row.experiments = experiments_;
  row.pref_fission_enabled = c.fission_on;
  for (int64_t i = 0; i < c.pings; ++i) {
    row.micros_of_day = static_cast<int64_t>(rng_.Below(kMicrosPerDay));
    row.active_ticks = rng_.Bernoulli(0.05)
                           ? 0
                           : static_cast<int>(std::min(17280.0, std::floor(profile.ticks_scale *
                                                                                std::exp(0.9 * rng_.Normal()) +
                                                                            0.5)));
    row.uri_count = static_cast<int>(rng_.Poisson(row.active_ticks / 12.0));
    row.search_count = static_cast<int>(rng_.Poisson(profile.search_rate * search_multiplier));
    FillHistograms(profile, c.build.regressed, c.fission_on, c.branches[kFissionExperiment], row);
    row.malformed_probe = -1;
    if (params_.malformed_rate > 0 && rng_.Bernoulli(params_.malformed_rate)) {
      MakeMalformed(static_cast<int>(rng_.Below(4)), row);
    }
    errors_.FillMainPing(row);
    sink.OnMainPing(row);

    event.micros_of_day = row.micros_of_day;
    event.event_category = "navigation";
    event.event_method = "search";
    for (int s = 0; s < row.search_count; ++s) {
      event.event_object = kSearchSources[rng_.Below(std::size(kSearchSources))];
      sink.OnEvent(event);
    }
    const int64_t memory_events = rng_.Poisson(kMemoryEventsPerPing);
    event.event_category = "memory_watcher";
    event.event_method = "on_high_memory";
    event.event_object = "tab";
    for (int64_t m = 0; m < memory_events; ++m) sink.OnEvent(event);
  }
}

void DayGenerator::EmitCrashes(const ClientDay& c, RowSink& sink) {
  if (c.pings == 0) return;
  CrashRow crash;
  crash.client_id = c.profile.client_id;
  crash.submission_date = date_text_;
  crash.normalized_os = c.profile.os;
  const double n = static_cast<double>(c.pings);
  const struct {
    std::string_view type;
    double rate;
  } kinds[] = {{"main", kMainCrashesPerPing * n},
               {"content", kContentCrashesPerPing * n * (c.fission_on ? kContentCrashFissionMultiplier : 1.0)},
               {"gpu", kGpuCrashesPerPing * n}};
  for (const auto& kind : kinds) {
    const int64_t count = rng_.Poisson(kind.rate);
    crash.process_type = kind.type;
    for (int64_t i = 0; i < count; ++i) {
      crash.micros_of_day = static_cast<int64_t>(rng_.Below(kMicrosPerDay));
      errors_.FillCrash(crash);
      sink.OnCrash(crash);
    }
  }
  errors_.EmitOwnCrashes(c.pings, crash, sink);
}

void DayGenerator::FillHistograms(const ClientProfile& profile, bool regressed_build, bool fission_on,
                                  std::optional<int> fission_branch, MainPingRow& row) {
  const auto& shapes = ProbeShapes();
  auto finish = [&](Probe probe) {
    const int i = static_cast<int>(probe);
    json_[i].clear();
    if (fills_[i].samples() == 0) {
      row.histograms[i] = {};
      return;
    }
    fills_[i].AppendJson(json_[i]);
    row.histograms[i] = json_[i];
  };
  auto lognormal = [&](Probe probe, int64_t n, double log_median, double sigma) {
    HistogramFill& fill = fills_[static_cast<int>(probe)];
    fill.Reset(shapes[static_cast<int>(probe)]);
    for (int64_t s = 0; s < n; ++s) fill.Record(std::exp(log_median + sigma * rng_.Normal()));
    finish(probe);
  };
  const double ticks = row.active_ticks;

  // One GC count drives gc_ms, gc_is_compartmental and gc_reason_2.
  const int64_t gcs = SamplesFor(rng_, 2 + ticks / 30);
  lognormal(Probe::kGcMs, gcs,
            std::log(kGcMsMedian * (regressed_build ? kGcRegressedBuildMultiplier : 1.0)) + profile.gc_offset,
            kGcMsPingSigma);
  {
    HistogramFill& fill = fills_[static_cast<int>(Probe::kGcIsCompartmental)];
    fill.Reset(ShapeOf(Probe::kGcIsCompartmental));
    int64_t yes = 0;
    for (int64_t g = 0; g < gcs; ++g) yes += rng_.Bernoulli(0.7) ? 1 : 0;
    if (gcs > 0) {
      fill.RecordBucket(0, gcs - yes, 0);
      fill.RecordBucket(1, yes, 1);
    }
    finish(Probe::kGcIsCompartmental);
  }
  {
    HistogramFill& fill = fills_[static_cast<int>(Probe::kGcReason2)];
    fill.Reset(ShapeOf(Probe::kGcReason2));
    for (int64_t g = 0; g < gcs; ++g) {
      const int reason = GcReason(rng_);
      fill.RecordBucket(reason, 1, reason);
    }
    finish(Probe::kGcReason2);
  }

  const int64_t ccs = SamplesFor(rng_, 1 + ticks / 60);
  lognormal(Probe::kCycleCollectorMaxPause, ccs, std::log(kCcMaxPauseMedian) + profile.cc_offset,
            kCcMaxPausePingSigma);
  {
    HistogramFill& fill = fills_[static_cast<int>(Probe::kCycleCollectorSliceDuringIdle)];
    fill.Reset(ShapeOf(Probe::kCycleCollectorSliceDuringIdle));
    for (int64_t c = 0; c < ccs; ++c) fill.Record(1.0 + 99.0 * std::pow(rng_.Uniform(), 0.7));
    finish(Probe::kCycleCollectorSliceDuringIdle);
  }

  const bool fcp_treated =
      fission_branch && ExperimentCatalog()[kFissionExperiment].branches[*fission_branch] == "treatment";
  lognormal(Probe::kPerfFirstContentfulPaintMs, std::min(row.uri_count, kMaxSamplesPerPing / 4),
            std::log(kFcpMedian * (fcp_treated ? kFcpTreatmentMultiplier : 1.0)) + profile.fcp_offset,
            kFcpPingSigma);
  lognormal(Probe::kMemoryTotal, 1 + rng_.Poisson(1.5),
            std::log(kMemoryTotalMedian * (fission_on ? kMemoryFissionMultiplier : 1.0)) + profile.memory_offset,
            kMemoryTotalPingSigma);
  {
    HistogramFill& fill = fills_[static_cast<int>(Probe::kDevtoolsToolboxOpenedCount)];
    fill.Reset(ShapeOf(Probe::kDevtoolsToolboxOpenedCount));
    if (profile.devtools_user && rng_.Bernoulli(0.3)) fill.RecordBucket(0, 1 + rng_.Poisson(1.0), 1);
    finish(Probe::kDevtoolsToolboxOpenedCount);
  }
}

// Three kinds, each a third of the malformed histograms (docs/datagen.md):
// 0: a JSON string holding truncated histogram JSON (unparseable text);
// 1: a bucket count of the wrong type (a JSON string, not a number);
// 2: a bucket key that is not a number.
void DayGenerator::MakeMalformed(int probe, MainPingRow& row) {
  const ProbeShape& shape = ProbeShapes()[probe];
  std::string& out = json_[probe];
  const int kind = static_cast<int>(rng_.Below(3));
  const std::string head = absl::StrCat("{\"bucket_count\":", shape.bucket_count,
                                        ",\"histogram_type\":", HistogramTypeCode(shape.kind));
  out.clear();
  switch (kind) {
    case 0:
      absl::StrAppend(&out, "\"{\\\"bucket_count\\\":", shape.bucket_count,
                      ",\\\"histogram_type\\\":", HistogramTypeCode(shape.kind), ",\\\"values\\\":{\\\"",
                      shape.lower_bounds[1], "\\\":\"");
      break;
    case 1:
      absl::StrAppend(&out, head, ",\"sum\":", shape.lower_bounds[1], ",\"range\":[", shape.low, ",", shape.high,
                      "],\"values\":{\"", shape.lower_bounds[1], "\":\"one\"}}");
      break;
    default:
      absl::StrAppend(&out, head, ",\"sum\":", shape.lower_bounds[1], ",\"range\":[", shape.low, ",", shape.high,
                      "],\"values\":{\"bucket_", shape.lower_bounds[1], "\":1}}");
      break;
  }
  row.histograms[probe] = out;
  row.malformed_probe = probe;
}

}  // namespace opmon::datagen
