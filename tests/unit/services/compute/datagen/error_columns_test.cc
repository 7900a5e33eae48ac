// The columns the crash and error aggregation reads, measured on generated
// rows in memory against docs/datagen.md: their distributions, the crash-
// regressed release build, the held release, the release adoption curve, the
// pings made to fail each reject reason, and that none of it moved a column
// the daily path reads.
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "common/errors/error_aggregates.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/compute/datagen/builds.h"
#include "services/compute/datagen/client_profile.h"
#include "services/compute/datagen/day_generator.h"
#include "services/compute/datagen/error_columns.h"
#include "services/compute/datagen/injected_effects.h"
#include "services/compute/datagen/warehouse_generation.h"
#include "tests/unit/services/compute/datagen/test_sinks.h"

namespace opmon::datagen {
namespace {

using errors::RejectReason;

GenerationParams Params(double reject_rate) {
  return {.seed = 15, .clients = 6000, .pings_per_client_mean = 5, .heavy_clients = 0, .reject_rate = reject_rate};
}

// Generated once: 6000 clients over 2024-02-06..02-20 without rejects.
const RecordingSink& Generated() {
  static const RecordingSink* sink = [] {
    auto* s = new RecordingSink();
    GenerateRows(Params(0), absl::CivilDay(2024, 2, 6), 15, *s);
    return s;
  }();
  return *sink;
}

// Sum of one key of a counts column over the pings.
int64_t SumOf(const std::vector<OwnedMainPing>& pings, std::optional<std::string> OwnedMainPing::*column,
              const std::string& key) {
  int64_t total = 0;
  for (const OwnedMainPing& p : pings) {
    if (!(p.*column)) continue;
    const nlohmann::json counts = nlohmann::json::parse(*(p.*column));
    if (counts.contains(key)) total += counts[key].get<int64_t>();
  }
  return total;
}

TEST(ErrorColumns, MainPingsCarryTheApplicationDisplayVersionAndArchitecture) {
  const std::map<std::string, std::set<std::string>> architectures = {
      {"Windows_NT", {"x86-64", "x86", "aarch64"}}, {"Darwin", {"x86-64", "aarch64"}}, {"Linux", {"x86-64", "aarch64"}}};
  std::set<std::string> betas;
  for (const OwnedMainPing& p : Generated().pings) {
    ASSERT_EQ(p.app_name, "Firefox");
    ASSERT_TRUE(p.architecture && architectures.at(p.os).count(*p.architecture)) << p.os;
    ASSERT_TRUE(p.app_display_version);
    if (p.channel == "beta") {
      ASSERT_EQ(p.app_display_version->substr(0, p.app_version.size() + 1), p.app_version + "b");
      betas.insert(*p.app_display_version);
    } else {
      ASSERT_EQ(*p.app_display_version, p.app_version);
    }
  }
  EXPECT_TRUE(betas.count("123.0b7")) << "the build of Thursday 2024-02-15, the 7th beta of 123";
}

TEST(ErrorColumns, SubsessionLengthsAreMostlyAnHourWithNullsAndOutliersForTheClamps) {
  int64_t n = 0, nulls = 0, negative = 0, overlong = 0;
  std::vector<int> ordinary;
  for (const OwnedMainPing& p : Generated().pings) {
    ++n;
    if (!p.subsession_length) {
      ++nulls;
    } else if (*p.subsession_length < 0) {
      ++negative;
    } else if (*p.subsession_length > 25 * 3600) {
      ++overlong;
      EXPECT_LE(*p.subsession_length, 72 * 3600);
    } else {
      ordinary.push_back(*p.subsession_length);
      ASSERT_GE(*p.subsession_length, 5 * p.active_ticks) << "a subsession lasts at least its active time";
      ASSERT_LE(*p.subsession_length, 24 * 3600);
    }
  }
  ASSERT_GT(n, 300000);
  EXPECT_NEAR(static_cast<double>(nulls) / n, kNullSubsessionShare, 0.002);
  EXPECT_NEAR(static_cast<double>(negative) / n, kNegativeSubsessionShare, 0.0005);
  EXPECT_NEAR(static_cast<double>(overlong) / n, kOverlongSubsessionShare, 0.0005);
  std::nth_element(ordinary.begin(), ordinary.begin() + ordinary.size() / 2, ordinary.end());
  EXPECT_NEAR(ordinary[ordinary.size() / 2], 3600, 250);  // the active time lifts the median a little
}

TEST(ErrorColumns, SubprocessAndErrorCountsFollowTheirPerPingRates) {
  const auto& pings = Generated().pings;
  const double n = static_cast<double>(pings.size());
  for (const OwnedMainPing& p : pings) {
    for (const auto* column : {&p.subprocess_crashes, &p.error_counts}) {
      if (!*column) continue;
      const nlohmann::json counts = nlohmann::json::parse(**column);
      ASSERT_FALSE(counts.empty()) << "an empty keyed histogram is NULL";
      for (const nlohmann::json& value : counts) ASSERT_GT(value.get<int64_t>(), 0) << **column;
    }
  }
  EXPECT_NEAR(SumOf(pings, &OwnedMainPing::subprocess_crashes, "gpu") / n, kGpuCrashesPerPing, 0.0003);
  EXPECT_NEAR(SumOf(pings, &OwnedMainPing::subprocess_crashes, "plugin") / n, kPluginCrashesPerPing, 0.0001);
  EXPECT_NEAR(SumOf(pings, &OwnedMainPing::subprocess_crashes, "gmplugin") / n, kGmpluginCrashesPerPing, 0.0002);
  // Content crashes carry the fission effect, as the crash pings do: between the two rates.
  const double content = SumOf(pings, &OwnedMainPing::subprocess_crashes, "content") / n;
  EXPECT_GT(content, kContentCrashesPerPing * 1.1);
  EXPECT_LT(content, kContentCrashesPerPing * kContentCrashFissionMultiplier);
  for (const ErrorCountRate& e : kErrorCountRates) {
    const double rate = SumOf(pings, &OwnedMainPing::error_counts, std::string(e.histogram)) / n;
    EXPECT_NEAR(rate, e.per_ping, 0.15 * e.per_ping + 0.0001) << e.histogram;
  }
}

TEST(ErrorColumns, CrashPingsCarryTheirProcessTypesStartupAndShutdownKills) {
  std::map<std::string, int64_t> by_type, startup, shutdown_kill;
  for (const OwnedCrash& c : Generated().crashes) {
    ++by_type[c.process_type];
    if (c.startup_crash) ++startup[c.process_type];
    if (c.ipc_channel_error) {
      ASSERT_EQ(*c.ipc_channel_error, "ShutDownKill");
      ++shutdown_kill[c.process_type];
    }
    ASSERT_EQ(c.app_name, "Firefox");
    ASSERT_TRUE(c.build_id && c.app_version && c.app_display_version && c.os_version && c.architecture && c.country);
  }
  EXPECT_EQ(by_type.size(), 5u);
  for (const char* type : {"main", "content", "gpu", "plugin", "gmplugin"}) EXPECT_GT(by_type[type], 0) << type;
  EXPECT_EQ(startup.size(), 1u) << "only main crashes are startup crashes";
  EXPECT_NEAR(static_cast<double>(startup["main"]) / by_type["main"], kStartupShareOfMainCrashes, 0.02);
  EXPECT_EQ(shutdown_kill.size(), 1u) << "only content crashes are shutdown kills";
  EXPECT_NEAR(static_cast<double>(shutdown_kill["content"]) / by_type["content"],
              kShutdownKillShareOfContentCrashes, 0.02);
}

TEST(ErrorColumns, CrashPingsCarryTheirClientsDayIdentity) {
  // client|date -> the identity its main pings carry.
  std::map<std::string, std::string> identity;
  auto key = [](const auto& r) { return r.client_id + "|" + r.submission_date; };
  for (const OwnedMainPing& p : Generated().pings) {
    identity[key(p)] = p.channel + p.build_id + p.app_version + *p.app_display_version + p.os_version +
                       *p.architecture + p.country + p.experiments;
  }
  for (const OwnedCrash& c : Generated().crashes) {
    ASSERT_EQ(identity[key(c)], c.channel + *c.build_id + *c.app_version + *c.app_display_version + *c.os_version +
                                    *c.architecture + *c.country + c.experiments);
  }
}

TEST(ErrorColumns, TheCrashRegressedReleaseBuildTriplesMainCrashesPerPing) {
  const std::string crashy = "20240202142208";
  std::map<bool, double> pings, main_crashes;  // release pings by "on the crashy build"
  for (const OwnedMainPing& p : Generated().pings) {
    if (p.channel == "release") pings[p.build_id == crashy] += 1;
  }
  for (const OwnedCrash& c : Generated().crashes) {
    if (c.channel == "release" && c.process_type == "main") main_crashes[*c.build_id == crashy] += 1;
  }
  ASSERT_GT(pings[true], 50000);
  ASSERT_GT(pings[false], 50000);
  const double crashy_rate = main_crashes[true] / pings[true];
  EXPECT_NEAR(crashy_rate / (main_crashes[false] / pings[false]), kMainCrashRegressedBuildMultiplier, 0.45);
  EXPECT_NEAR(crashy_rate, kMainCrashRegressedBuildMultiplier * kMainCrashesPerPing, 0.0008);
}

TEST(ErrorColumns, TheHeldReleaseHasNoUsageBeforeItsRolloutStarts) {
  std::map<std::string, int64_t> first_122;  // date -> release pings of 122
  for (const OwnedMainPing& p : Generated().pings) {
    if (p.channel == "release" && p.app_version.substr(0, 4) == "122.") ++first_122[p.submission_date];
  }
  ASSERT_FALSE(first_122.empty());
  EXPECT_EQ(first_122.begin()->first, "2024-02-09");  // built 2024-02-02, held 7 days
  EXPECT_EQ(BuildFor(Channel::kRelease, absl::CivilDay(2024, 2, 8), 0, false).app_version, "121.0.1");
  EXPECT_EQ(BuildFor(Channel::kRelease, absl::CivilDay(2024, 2, 9), 0, false).build_id, "20240202142208");
}

// The share of release clients running a build on each day after it is
// built: an S curve over about ten days (staged rollout then update lag),
// while the previous build decays.
TEST(ErrorColumns, ReleaseAdoptionRisesOverDaysAndThePreviousBuildDecays) {
  GenerationParams params = Params(0);
  params.clients = 20000;
  std::vector<ClientProfile> release;
  for (int64_t i = 0; i < params.clients; ++i) {
    ClientProfile p = MakeClientProfile(params, i);
    if (p.channel == Channel::kRelease) release.push_back(std::move(p));
  }
  const absl::CivilDay built(2024, 3, 1);  // 123.0, after 122.0.1 of 2024-02-16
  auto share_on = [&](int days_after, absl::CivilDay build) {
    double n = 0;
    for (const ClientProfile& p : release) {
      n += BuildFor(p.channel, built + days_after, p.BuildLagDays(), false).build_date == build ? 1 : 0;
    }
    return n / static_cast<double>(release.size());
  };
  // P(rollout U{0..6} + lag Geometric(1/2) capped at 6 <= k).
  EXPECT_NEAR(share_on(0, built), 0.5 / 7, 0.01);
  EXPECT_NEAR(share_on(3, built), 3.0625 / 7, 0.02);
  EXPECT_NEAR(share_on(6, built), 6.015625 / 7, 0.02);
  EXPECT_GT(share_on(10, built), 0.99);
  EXPECT_NEAR(share_on(3, built - 14), 1 - 3.0625 / 7, 0.02);
  EXPECT_EQ(share_on(13, built - 14), 0);
}

// A count that is not a non-negative integer.
bool HasBadCount(const std::optional<std::string>& counts) {
  if (!counts) return false;
  const nlohmann::json parsed = nlohmann::json::parse(*counts);
  for (const nlohmann::json& value : parsed) {
    if (!value.is_number_integer() || value.get<int64_t>() < 0) return true;
  }
  return false;
}

TEST(ErrorColumns, RejectedPingsFailExactlyTheirReason) {
  RecordingSink sink;
  GenerationParams params = Params(0.1);
  params.clients = 4000;
  GenerateRows(params, absl::CivilDay(2024, 2, 20), 3, sink);
  std::map<int, int64_t> main_rejects, crash_rejects;
  int64_t main_ok = 0;
  for (const OwnedMainPing& p : sink.pings) {
    if (p.reject_reason < 0) {
      ++main_ok;
      ASSERT_EQ(p.app_name, "Firefox");
      continue;
    }
    ++main_rejects[p.reject_reason];
    const auto reason = static_cast<RejectReason>(p.reject_reason);
    if (reason == RejectReason::kUnknownApplication) {
      EXPECT_EQ(p.app_name, "Thunderbird");
    } else {
      ASSERT_EQ(reason, RejectReason::kBadCounts);
      EXPECT_TRUE(HasBadCount(p.subprocess_crashes) || HasBadCount(p.error_counts));
    }
  }
  for (const OwnedCrash& c : sink.crashes) {
    if (c.reject_reason < 0) continue;
    ++crash_rejects[c.reject_reason];
    const int year = c.build_id && c.build_id->size() == 14 ? std::stoi(c.build_id->substr(0, 4)) : 0;
    switch (static_cast<RejectReason>(c.reject_reason)) {
      case RejectReason::kUnknownApplication: EXPECT_EQ(c.app_name, "Thunderbird"); break;
      case RejectReason::kUnknownChannel: EXPECT_EQ(c.channel, "Other"); break;
      case RejectReason::kBadBuildId: EXPECT_TRUE(!c.build_id || c.build_id->size() == 10); break;
      case RejectReason::kBuildTooOld: EXPECT_TRUE(year == 2023 || *c.build_id > "20240220") << *c.build_id; break;
      case RejectReason::kMissingVersion: EXPECT_TRUE(!c.app_version && !c.app_display_version); break;
      case RejectReason::kBadExperiments: EXPECT_EQ(c.experiments, R"({"pref-flip-study": "treatment"})"); break;
      case RejectReason::kBadCounts: ADD_FAILURE() << "bad counts is a main-ping reason"; break;
    }
  }
  EXPECT_EQ(main_rejects.size(), 2u);
  EXPECT_EQ(crash_rejects.size(), 6u);
  int64_t main_rejected = 0, crash_rejected = 0;
  for (const auto& [r, n] : main_rejects) main_rejected += n;
  for (const auto& [r, n] : crash_rejects) crash_rejected += n;
  EXPECT_NEAR(static_cast<double>(main_rejected) / static_cast<double>(sink.pings.size()), 0.1, 0.01);
  EXPECT_NEAR(static_cast<double>(crash_rejected) / static_cast<double>(sink.crashes.size()), 0.1, 0.025);
  EXPECT_GT(main_ok, 0);
}

// The error columns have their own streams: with or without rejects, every
// column the daily path reads is the same, and so are the error columns of
// the pings not rejected.
TEST(ErrorColumns, LeaveEveryColumnTheDailyPathReadsUnchanged) {
  GenerationParams params = Params(0);
  params.clients = 500;
  RecordingSink none, many;
  GenerateRows(params, absl::CivilDay(2024, 2, 19), 2, none);
  params.reject_rate = 0.5;
  GenerateRows(params, absl::CivilDay(2024, 2, 19), 2, many);
  ASSERT_EQ(none.pings.size(), many.pings.size());
  for (size_t i = 0; i < none.pings.size(); ++i) {
    const OwnedMainPing &a = none.pings[i], &b = many.pings[i];
    ASSERT_EQ(std::tie(a.client_id, a.micros_of_day, a.channel, a.build_id, a.app_version, a.experiments,
                       a.histograms, a.active_ticks, a.search_count, a.pref_fission_enabled, a.subsession_length),
              std::tie(b.client_id, b.micros_of_day, b.channel, b.build_id, b.app_version, b.experiments,
                       b.histograms, b.active_ticks, b.search_count, b.pref_fission_enabled, b.subsession_length));
    if (b.reject_reason < 0) {
      ASSERT_EQ(a.subprocess_crashes, b.subprocess_crashes);
    }
  }
  ASSERT_EQ(none.events.size(), many.events.size());
  ASSERT_EQ(none.crashes.size(), many.crashes.size());
  for (size_t i = 0; i < none.crashes.size(); ++i) {
    const OwnedCrash &a = none.crashes[i], &b = many.crashes[i];
    ASSERT_EQ(std::tie(a.client_id, a.micros_of_day, a.process_type, a.startup_crash, a.ipc_channel_error),
              std::tie(b.client_id, b.micros_of_day, b.process_type, b.startup_crash, b.ipc_channel_error));
    if (b.reject_reason < 0) {
      ASSERT_EQ(std::tie(a.channel, a.build_id, a.experiments), std::tie(b.channel, b.build_id, b.experiments));
    }
  }
}

}  // namespace
}  // namespace opmon::datagen
