#include "services/compute/datagen/error_columns.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors/error_aggregates.h"
#include "services/compute/datagen/catalog.h"
#include "services/compute/datagen/day_generator.h"
#include "services/compute/datagen/injected_effects.h"

namespace opmon::datagen {
namespace {

using errors::RejectReason;

constexpr uint64_t kErrorStream = 0x657272;   // "err"
constexpr uint64_t kRejectStream = 0x72656a;  // "rej"
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;
constexpr int kSecondsPerHour = 3600;

// What a rejected ping carries instead (docs/datagen.md, "Rejected pings").
constexpr std::string_view kUnknownApplication = "Thunderbird";
constexpr std::string_view kUnknownChannel = "Other";
constexpr std::string_view kBadExperiments = R"({"pref-flip-study": "treatment"})";
constexpr int kTooOldBuildMinDays = 200;  // the reference keeps builds of the last 6 months
constexpr int kTooOldBuildSpreadDays = 200;

constexpr RejectReason kMainPingRejects[] = {RejectReason::kUnknownApplication, RejectReason::kBadCounts};
constexpr RejectReason kCrashPingRejects[] = {
    RejectReason::kUnknownApplication, RejectReason::kUnknownChannel, RejectReason::kBadBuildId,
    RejectReason::kBuildTooOld,        RejectReason::kMissingVersion, RejectReason::kBadExperiments};

}  // namespace

ErrorColumns::ErrorColumns(const GenerationParams& params) : params_(params) {
  subprocess_json_.reserve(128);
  error_json_.reserve(256);
}

void ErrorColumns::StartDay(const ClientProfile& profile, absl::CivilDay day, const Build& build, bool fission_on,
                            std::string_view experiments) {
  const auto client = static_cast<uint64_t>(profile.index);
  const auto days = static_cast<uint64_t>(DaysSinceEpoch(day));
  rng_ = Rng(HashKey({params_.seed, kErrorStream, client, days}));
  reject_rng_ = Rng(HashKey({params_.seed, kRejectStream, client, days}));
  profile_ = &profile;
  build_ = &build;
  day_ = day;
  experiments_ = experiments;
  content_crashes_per_ping_ = kContentCrashesPerPing * (fission_on ? kContentCrashFissionMultiplier : 1.0);
}

void ErrorColumns::AppendCounts(std::string& out, std::string_view key, int64_t count) {
  if (count == 0) return;  // Firefox writes only the keys it accumulated
  out += out.empty() ? "{\"" : ", \"";
  out.append(key);
  absl::StrAppend(&out, "\": ", count);
}

void ErrorColumns::FillMainPing(MainPingRow& row) {
  row.app_name = kApplicationName;
  row.app_display_version = build_->display_version;
  row.architecture = profile_->architecture;

  const double u = rng_.Uniform();
  if (u < kNullSubsessionShare) {
    row.subsession_length.reset();
  } else if (u < kNullSubsessionShare + kNegativeSubsessionShare) {
    row.subsession_length = -1 - static_cast<int>(rng_.Below(kMaxOrdinarySubsessionSeconds));
  } else if (u < kNullSubsessionShare + kNegativeSubsessionShare + kOverlongSubsessionShare) {
    row.subsession_length = 25 * kSecondsPerHour + 1 + static_cast<int>(rng_.Below(47 * kSecondsPerHour));
  } else {
    const double drawn = kSubsessionMedianSeconds * std::exp(kSubsessionSigma * rng_.Normal());
    const double active = 5.0 * row.active_ticks;  // a tick is 5 s of activity
    row.subsession_length =
        static_cast<int>(std::lround(std::min<double>(std::max(drawn, active), kMaxOrdinarySubsessionSeconds)));
  }

  subprocess_json_.clear();
  AppendCounts(subprocess_json_, "content", rng_.Poisson(content_crashes_per_ping_));
  AppendCounts(subprocess_json_, "gpu", rng_.Poisson(kGpuCrashesPerPing));
  AppendCounts(subprocess_json_, "plugin", rng_.Poisson(kPluginCrashesPerPing));
  AppendCounts(subprocess_json_, "gmplugin", rng_.Poisson(kGmpluginCrashesPerPing));
  error_json_.clear();
  for (const ErrorCountRate& e : kErrorCountRates) AppendCounts(error_json_, e.histogram, rng_.Poisson(e.per_ping));
  // An empty keyed histogram is absent from the ping: NULL.
  row.subprocess_crashes = subprocess_json_.empty() ? std::string_view() : (subprocess_json_ += '}');
  row.error_counts = error_json_.empty() ? std::string_view() : (error_json_ += '}');

  row.reject_reason = -1;
  if (params_.reject_rate <= 0 || !reject_rng_.Bernoulli(params_.reject_rate)) return;
  const RejectReason reason = kMainPingRejects[reject_rng_.Below(std::size(kMainPingRejects))];
  row.reject_reason = static_cast<int>(reason);
  if (reason == RejectReason::kUnknownApplication) {
    row.app_name = kUnknownApplication;
  } else {
    MakeBadCounts(row);
  }
}

// A count that is not a non-negative integer: negative, a string, a
// fraction (subprocess crashes), or a negative error count.
void ErrorColumns::MakeBadCounts(MainPingRow& row) {
  switch (reject_rng_.Below(4)) {
    case 0:
      subprocess_json_ = R"({"content": -1})";
      break;
    case 1:
      subprocess_json_ = R"({"gpu": "1"})";
      break;
    case 2:
      subprocess_json_ = R"({"gmplugin": 0.5})";
      break;
    default:
      error_json_ = R"({"SLOW_SCRIPT_NOTICE_COUNT": -2})";
      row.error_counts = error_json_;
      return;
  }
  row.subprocess_crashes = subprocess_json_;
}

void ErrorColumns::FillCrash(CrashRow& row) {
  row.normalized_channel = ChannelName(profile_->channel);
  row.build_id = build_->build_id;
  row.experiments = experiments_;
  row.app_name = kApplicationName;
  row.app_version = build_->app_version;
  row.app_display_version = build_->display_version;
  row.normalized_os_version = profile_->os_version;
  row.architecture = profile_->architecture;
  row.country = profile_->country;
  row.startup_crash = row.process_type == "main" && rng_.Bernoulli(kStartupShareOfMainCrashes);
  row.ipc_channel_error = row.process_type == "content" && rng_.Bernoulli(kShutdownKillShareOfContentCrashes)
                              ? std::string_view("ShutDownKill")
                              : std::string_view();
  row.reject_reason = -1;
  if (params_.reject_rate > 0 && reject_rng_.Bernoulli(params_.reject_rate)) MakeRejectedCrash(row);
}

void ErrorColumns::MakeRejectedCrash(CrashRow& row) {
  const RejectReason reason = kCrashPingRejects[reject_rng_.Below(std::size(kCrashPingRejects))];
  row.reject_reason = static_cast<int>(reason);
  switch (reason) {
    case RejectReason::kUnknownApplication:
      row.app_name = kUnknownApplication;
      break;
    case RejectReason::kUnknownChannel:
      row.normalized_channel = kUnknownChannel;
      break;
    case RejectReason::kBadBuildId:
      // Missing, or cut to its date and hour.
      row.build_id = reject_rng_.Bernoulli(0.5) ? std::string_view() : row.build_id.substr(0, 10);
      break;
    case RejectReason::kBuildTooOld: {
      // Mostly older than 6 months; one in five from the future.
      const absl::CivilDay date =
          reject_rng_.Bernoulli(0.2) ? day_ + 1 + static_cast<int>(reject_rng_.Below(5))
                              : day_ - kTooOldBuildMinDays - static_cast<int>(reject_rng_.Below(kTooOldBuildSpreadDays));
      bad_build_id_ = absl::StrFormat("%04d%02d%02d%s", date.year(), date.month(), date.day(), row.build_id.substr(8));
      row.build_id = bad_build_id_;
      break;
    }
    case RejectReason::kMissingVersion:
      row.app_version = {};
      row.app_display_version = {};
      break;
    case RejectReason::kBadExperiments:
      row.experiments = kBadExperiments;
      break;
    case RejectReason::kBadCounts:
      break;  // main pings only
  }
}

void ErrorColumns::EmitOwnCrashes(int64_t pings, CrashRow& row, RowSink& sink) {
  const double n = static_cast<double>(pings);
  const struct {
    std::string_view type;
    double rate;
  } kinds[] = {
      {"plugin", kPluginCrashesPerPing * n},
      {"gmplugin", kGmpluginCrashesPerPing * n},
      {"main", build_->crash_regressed ? (kMainCrashRegressedBuildMultiplier - 1) * kMainCrashesPerPing * n : 0.0},
  };
  for (const auto& kind : kinds) {
    const int64_t count = rng_.Poisson(kind.rate);
    row.process_type = kind.type;
    for (int64_t i = 0; i < count; ++i) {
      row.micros_of_day = static_cast<int64_t>(rng_.Below(kMicrosPerDay));
      FillCrash(row);
      sink.OnCrash(row);
    }
  }
}

}  // namespace opmon::datagen
