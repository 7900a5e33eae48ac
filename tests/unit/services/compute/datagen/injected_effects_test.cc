// The injected effects and the enrolment shares of docs/datagen.md, measured
// on generated rows in memory: histogram medians (clients weighted equally,
// as compute weighs them), per-ping rates, shares.
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "gtest/gtest.h"
#include "services/compute/datagen/builds.h"
#include "services/compute/datagen/probes.h"
#include "services/compute/datagen/warehouse_generation.h"
#include "services/compute/kernels/histogram_parse.h"
#include "simdjson.h"
#include "tests/testing/status_matchers.h"

namespace opmon::datagen {
namespace {

using BucketMass = std::map<double, double>;

struct ClientAgg {
  std::string channel;
  std::optional<std::string> fission, rollout, engagement, decoy;
  bool pref = false;
  int64_t pings = 0, searches = 0, uris = 0, main_crashes = 0, content_crashes = 0;
  std::array<BucketMass, 4> histograms;  // gc_ms, cc max pause, fcp, memory_total
  BucketMass gc_regressed, gc_normal;    // nightly gc_ms by build
};

std::optional<std::string> BranchOf(simdjson::dom::parser& parser, std::string_view experiments,
                                    const char* slug) {
  simdjson::dom::element doc;
  if (parser.parse(experiments).get(doc) != simdjson::SUCCESS) return std::nullopt;
  std::string_view branch;
  if (doc[slug]["branch"].get_string().get(branch) != simdjson::SUCCESS) return std::nullopt;
  return std::string(branch);
}

// Aggregates per (client, day); rows of one client-day arrive together.
class AggregatingSink final : public RowSink {
 public:
  void OnMainPing(const MainPingRow& row) override {
    ClientAgg& c = At(row.client_id, row.submission_date);
    if (c.pings == 0) {
      c.channel = std::string(row.normalized_channel);
      c.fission = BranchOf(json_, row.experiments, "fission-experiment");
      c.rollout = BranchOf(json_, row.experiments, "fission-rollout");
      c.engagement = BranchOf(json_, row.experiments, "engagement-statistics");
      c.decoy = BranchOf(json_, row.experiments, "new-tab-layout-v2");
      c.pref = row.pref_fission_enabled;
    }
    EXPECT_EQ(c.pref, row.pref_fission_enabled) << "the pref is constant over a client's day";
    ++c.pings;
    c.searches += row.search_count;
    c.uris += row.uri_count;
    for (int i = 0; i < 4; ++i) {
      if (row.histograms[i].data() == nullptr) continue;
      ASSERT_THAT(parser_.Parse(row.histograms[i], h_), IsOk());
      for (const auto& b : h_.values) c.histograms[i][b.key] += b.value;
    }
    if (row.normalized_channel == "nightly" && row.histograms[0].data() != nullptr) {
      const std::string build(row.build_id);
      const absl::CivilDay build_day(std::stoi(build.substr(0, 4)), std::stoi(build.substr(4, 2)),
                                     std::stoi(build.substr(6, 2)));
      BucketMass& target = IsRegressedBuildDate(build_day) ? c.gc_regressed : c.gc_normal;
      ASSERT_THAT(parser_.Parse(row.histograms[0], h_), IsOk());
      for (const auto& b : h_.values) target[b.key] += b.value;
    }
  }
  void OnCrash(const CrashRow& row) override {
    ClientAgg& c = At(row.client_id, row.submission_date);
    if (row.process_type == "main") ++c.main_crashes;
    if (row.process_type == "content") ++c.content_crashes;
  }
  void OnEvent(const EventRow&) override {}

  std::unordered_map<std::string, ClientAgg> clients;  // key: client_id|date

 private:
  ClientAgg& At(std::string_view client, std::string_view date) {
    return clients[std::string(client) + "|" + std::string(date)];
  }
  kernels::HistogramParser parser_;
  kernels::Histogram h_;
  simdjson::dom::parser json_;
};

// The median bucket of the mixture where every client weighs 1.
double MedianBucket(const std::vector<const BucketMass*>& clients) {
  BucketMass total;
  double weight = 0;
  for (const BucketMass* m : clients) {
    double n = 0;
    for (const auto& [k, v] : *m) n += v;
    if (n <= 0) continue;
    for (const auto& [k, v] : *m) total[k] += v / n;
    weight += 1;
  }
  double cumulative = 0;
  for (const auto& [k, v] : total) {
    cumulative += v;
    if (cumulative >= 0.5 * weight) return k;
  }
  return -1;
}

class InjectedEffects : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    GenerationParams params{
        .seed = 2024, .clients = 40000, .pings_per_client_mean = 4, .heavy_clients = 0, .malformed_rate = 0};
    late_ = new AggregatingSink();
    GenerateRows(params, absl::CivilDay(2024, 2, 20), 1, *late_);  // every enrolment complete
    regressed_day_ = new AggregatingSink();
    params.clients = 10000;
    GenerateRows(params, absl::CivilDay(2024, 2, 14), 1, *regressed_day_);  // a regressed nightly build day
  }
  static void TearDownTestSuite() {
    delete late_;
    delete regressed_day_;
  }

  template <typename Pred>
  static std::vector<const ClientAgg*> Where(const AggregatingSink& sink, Pred pred) {
    std::vector<const ClientAgg*> out;
    for (const auto& [key, c] : sink.clients) {
      if (c.pings > 0 && pred(c)) out.push_back(&c);
    }
    return out;
  }
  static double Median(const std::vector<const ClientAgg*>& clients, int histogram) {
    std::vector<const BucketMass*> m;
    for (const ClientAgg* c : clients) m.push_back(&c->histograms[histogram]);
    return MedianBucket(m);
  }
  static double PerPing(const std::vector<const ClientAgg*>& clients, int64_t ClientAgg::*field) {
    double num = 0, pings = 0;
    for (const ClientAgg* c : clients) {
      num += static_cast<double>(c->*field);
      pings += static_cast<double>(c->pings);
    }
    return num / pings;
  }

  static AggregatingSink* late_;
  static AggregatingSink* regressed_day_;
};
AggregatingSink* InjectedEffects::late_ = nullptr;
AggregatingSink* InjectedEffects::regressed_day_ = nullptr;

constexpr int kGc = 0, kCc = 1, kFcp = 2, kMemory = 3;

TEST_F(InjectedEffects, FissionTreatmentRaisesTheFcpMedianByOneBucketOfTenPercent) {
  const auto control = Where(*late_, [](const ClientAgg& c) { return c.fission == "control"; });
  const auto treatment = Where(*late_, [](const ClientAgg& c) { return c.fission == "treatment"; });
  ASSERT_GT(control.size(), 2000u);
  ASSERT_GT(treatment.size(), 2000u);
  EXPECT_EQ(Median(control, kFcp), 1009);
  EXPECT_EQ(Median(treatment, kFcp), 1120);
}

TEST_F(InjectedEffects, FissionTreatmentLeavesGcAndCycleCollectionUnchanged) {
  const auto control = Where(*late_, [](const ClientAgg& c) { return c.fission == "control"; });
  const auto treatment = Where(*late_, [](const ClientAgg& c) { return c.fission == "treatment"; });
  EXPECT_EQ(Median(control, kGc), 29);
  EXPECT_EQ(Median(treatment, kGc), 29);
  EXPECT_EQ(Median(control, kCc), 8);
  EXPECT_EQ(Median(treatment, kCc), 8);
  EXPECT_NEAR(PerPing(treatment, &ClientAgg::uris) / PerPing(control, &ClientAgg::uris), 1.0, 0.1);
}

TEST_F(InjectedEffects, FissionPrefRaisesMemoryTotalByFifteenPercent) {
  const auto fission_control = Where(*late_, [](const ClientAgg& c) { return c.fission == "control"; });
  const auto fission_treatment = Where(*late_, [](const ClientAgg& c) { return c.fission == "treatment"; });
  EXPECT_EQ(Median(fission_control, kMemory), 2485143);
  EXPECT_EQ(Median(fission_treatment, kMemory), 2822556);
  const auto disabled = Where(*late_, [](const ClientAgg& c) { return c.rollout == "disabled"; });
  const auto enabled = Where(*late_, [](const ClientAgg& c) { return c.rollout == "enabled"; });
  EXPECT_EQ(Median(disabled, kMemory), 2485143);
  EXPECT_EQ(Median(enabled, kMemory), 2822556);
}

TEST_F(InjectedEffects, RolloutEnabledDoublesContentCrashesButNotMainCrashes) {
  const auto disabled = Where(*late_, [](const ClientAgg& c) { return c.rollout == "disabled"; });
  const auto enabled = Where(*late_, [](const ClientAgg& c) { return c.rollout == "enabled"; });
  const double content =
      PerPing(enabled, &ClientAgg::content_crashes) / PerPing(disabled, &ClientAgg::content_crashes);
  const double main = PerPing(enabled, &ClientAgg::main_crashes) / PerPing(disabled, &ClientAgg::main_crashes);
  EXPECT_NEAR(content, 2.0, 0.35);
  EXPECT_NEAR(main, 1.0, 0.35);
  EXPECT_NEAR(PerPing(disabled, &ClientAgg::content_crashes), 0.008, 0.0015);
}

TEST_F(InjectedEffects, EngagementTreatmentRaisesSearchesByTwentyPercent) {
  const auto control = Where(*late_, [](const ClientAgg& c) { return c.engagement == "control"; });
  const auto treatment = Where(*late_, [](const ClientAgg& c) { return c.engagement == "treatment"; });
  ASSERT_GT(control.size(), 1500u);
  const double ratio = PerPing(treatment, &ClientAgg::searches) / PerPing(control, &ClientAgg::searches);
  EXPECT_NEAR(ratio, 1.2, 0.1);
  EXPECT_NEAR(PerPing(treatment, &ClientAgg::uris) / PerPing(control, &ClientAgg::uris), 1.0, 0.1);
}

TEST_F(InjectedEffects, RegressedNightlyBuildsRaiseTheGcMedian) {
  std::vector<const BucketMass*> regressed, normal;
  for (const auto& [key, c] : regressed_day_->clients) {
    if (!c.gc_regressed.empty()) regressed.push_back(&c.gc_regressed);
    if (!c.gc_normal.empty()) normal.push_back(&c.gc_normal);
  }
  ASSERT_GT(regressed.size(), 300u);
  ASSERT_GT(normal.size(), 300u);
  EXPECT_EQ(MedianBucket(normal), 29);
  EXPECT_EQ(MedianBucket(regressed), 40);
}

TEST_F(InjectedEffects, EnrolmentSharesAndPrefsFollowTheCatalog) {
  const auto nightly = Where(*late_, [](const ClientAgg& c) { return c.channel == "nightly"; });
  const auto release = Where(*late_, [](const ClientAgg& c) { return c.channel == "release"; });
  const auto all = Where(*late_, [](const ClientAgg&) { return true; });
  auto share = [](const std::vector<const ClientAgg*>& of, auto pred) {
    double n = 0;
    for (const ClientAgg* c : of) n += pred(*c) ? 1 : 0;
    return n / static_cast<double>(of.size());
  };
  EXPECT_NEAR(static_cast<double>(nightly.size()) / all.size(), 0.20, 0.015);
  EXPECT_NEAR(static_cast<double>(release.size()) / all.size(), 0.65, 0.015);
  EXPECT_NEAR(share(nightly, [](const ClientAgg& c) { return c.fission.has_value(); }), 0.8, 0.03);
  EXPECT_NEAR(share(nightly, [](const ClientAgg& c) { return c.fission == "treatment"; }), 0.4, 0.03);
  EXPECT_NEAR(share(release, [](const ClientAgg& c) { return c.rollout == "enabled"; }), 0.5, 0.03);
  EXPECT_EQ(share(release, [](const ClientAgg& c) { return !c.rollout.has_value(); }), 0.0);
  EXPECT_NEAR(share(all, [](const ClientAgg& c) { return c.decoy.has_value(); }), 0.2, 0.02);
  EXPECT_EQ(share(all, [](const ClientAgg& c) { return c.fission && c.channel != "nightly"; }), 0.0);
  for (const ClientAgg* c : all) {
    if (c->fission) {
      EXPECT_EQ(c->pref, c->fission == "treatment");
    }
    if (c->rollout) {
      EXPECT_EQ(c->pref, c->rollout == "enabled");
    }
  }
}

TEST(Enrolment, NoPingCarriesAnExperimentBeforeItsStartDate) {
  const GenerationParams params{.clients = 3000, .pings_per_client_mean = 2, .heavy_clients = 0, .malformed_rate = 0};
  AggregatingSink sink;
  GenerateRows(params, absl::CivilDay(2024, 1, 7), 1, sink);  // fission-experiment starts 2024-01-08
  ASSERT_GT(sink.clients.size(), 1000u);
  for (const auto& [key, c] : sink.clients) {
    EXPECT_FALSE(c.fission.has_value()) << key;
    EXPECT_FALSE(c.rollout.has_value()) << key;  // starts 2024-02-01
    EXPECT_FALSE(c.pref && c.channel == "release") << key;
  }
}

}  // namespace
}  // namespace opmon::datagen
