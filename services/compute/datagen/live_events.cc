#include "services/compute/datagen/live_events.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "absl/strings/str_format.h"
#include "common/live/live_relations.h"
#include "nlohmann/json.hpp"
#include "services/compute/datagen/random.h"

namespace opmon::datagen {
namespace {

using opmon::live::EventKind;

// The name each source gives a kind (the reference's spellings).
struct SourceNames {
  EventKind kind;
  std::string_view normandy;
  std::string_view nimbus;
};
constexpr std::array<SourceNames, 10> kNames{{
    {EventKind::kEnroll, "enroll", "enrollment"},
    {EventKind::kUnenroll, "unenroll", "unenrollment"},
    {EventKind::kGraduate, "graduate", "graduate"},
    {EventKind::kUpdate, "update", "update"},
    {EventKind::kEnrollFailed, "enrollFailed", "enroll_failed"},
    {EventKind::kUnenrollFailed, "unenrollFailed", "unenroll_failed"},
    {EventKind::kUpdateFailed, "updateFailed", "update_failed"},
    {EventKind::kDisqualification, "disqualification", "disqualification"},
    {EventKind::kExposure, "expose", "exposure"},
    {EventKind::kValidationFailed, "validationFailed", "validation_failed"},
}};

std::string NameIn(LiveSource source, EventKind kind) {
  for (const SourceNames& n : kNames) {
    if (n.kind == kind) return std::string(source == LiveSource::kNormandy ? n.normandy : n.nimbus);
  }
  return "";
}

// Follow-up events of an enrolled client: kind, probability, latest delay.
struct FollowUp {
  EventKind kind;
  double probability;
  absl::Duration within;
};
constexpr std::array<FollowUp, 8> kFollowUps{{
    {EventKind::kExposure, 0.6, absl::Hours(2)},
    {EventKind::kUpdate, 0.05, absl::Hours(6)},
    {EventKind::kUpdateFailed, 0.01, absl::Hours(6)},
    {EventKind::kUnenroll, 0.05, absl::Hours(12)},
    {EventKind::kUnenrollFailed, 0.005, absl::Hours(12)},
    {EventKind::kGraduate, 0.01, absl::Hours(12)},
    {EventKind::kDisqualification, 0.01, absl::Hours(12)},
    {EventKind::kValidationFailed, 0.005, absl::Hours(1)},
}};
constexpr double kEnrollFailedRate = 0.02;
constexpr double kSearchRecordsMean = 2;

std::string Uuid(uint64_t a, uint64_t b) {
  return absl::StrFormat("%08x-%04x-4%03x-%04x-%012x", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                         0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

// Seconds into the day, denser in the (UTC) afternoon: volumes follow the
// day as the reference's do (rejection sampling of 1 + 0.7 sin).
double DiurnalSecond(Rng& rng) {
  while (true) {
    const double s = rng.Uniform() * 86400;
    const double density = 1 + 0.7 * std::sin(2 * std::numbers::pi * (s / 86400 - 10.0 / 24));
    if (rng.Uniform() * 1.7 < density) return s;
  }
}

struct DayBuilder {
  const LiveParams& params;
  const LiveExperiment& experiment;
  absl::Time day_start;
  Rng& rng;
  std::vector<LiveRow>& rows;
  uint64_t next_id;

  LiveRow& Add(const std::string& client, const std::optional<std::string>& branch, absl::Time at) {
    LiveRow& row = rows.emplace_back();
    row.source = experiment.source;
    row.event_id = Uuid(HashKey({params.seed, next_id}), HashKey({next_id, params.seed, 7}));
    ++next_id;
    row.submission_timestamp = absl::FromUnixMillis(absl::ToUnixMillis(at));  // NDJSON keeps milliseconds
    row.arrival = at + absl::Milliseconds(static_cast<int64_t>(rng.Uniform() * 5000));
    if (rng.Bernoulli(params.late_rate)) row.arrival = at + absl::Seconds(60 + rng.Below(19 * 60));
    row.client_id = client;
    row.app = std::string(experiment.app);
    row.channel = std::string(experiment.channel);
    row.experiment = std::string(experiment.slug);
    row.branch = branch;
    return row;
  }

  void AddEvent(const std::string& client, const std::optional<std::string>& branch, absl::Time at, EventKind kind) {
    if (at >= day_start + absl::Hours(24)) return;  // the day's events only
    Add(client, branch, at).event = NameIn(experiment.source, kind);
  }

  void AddSearch(const std::string& client, const std::optional<std::string>& branch, absl::Time at) {
    if (at >= day_start + absl::Hours(24)) return;
    LiveRow& row = Add(client, branch, at);
    const int64_t searches = rng.Poisson(3);
    int64_t with_ads = 0, clicks = 0;
    for (int64_t i = 0; i < searches; ++i) with_ads += rng.Bernoulli(0.4);
    for (int64_t i = 0; i < with_ads; ++i) clicks += rng.Bernoulli(0.2);
    row.search_count = searches;
    row.search_with_ads_count = with_ads;
    row.ad_clicks_count = clicks;
  }

  std::optional<std::string> DrawBranch() {
    if (experiment.branches.empty()) return std::nullopt;
    double u = rng.Uniform();
    for (const LiveBranch& b : experiment.branches) {
      if (u < b.actual_share) return std::string(b.name);
      u -= b.actual_share;
    }
    return std::string(experiment.branches.back().name);
  }

  void Client(int64_t index) {
    const std::string client =
        Uuid(HashKey({params.seed, 0xC11E, static_cast<uint64_t>(index), Fingerprint()}), HashKey({params.seed, static_cast<uint64_t>(index)}));
    const absl::Time enrolled = day_start + absl::Seconds(DiurnalSecond(rng));
    if (rng.Bernoulli(kEnrollFailedRate)) {
      AddEvent(client, std::nullopt, enrolled, EventKind::kEnrollFailed);
      return;
    }
    const std::optional<std::string> branch = DrawBranch();
    AddEvent(client, branch, enrolled, EventKind::kEnroll);
    for (const FollowUp& f : kFollowUps) {
      if (!rng.Bernoulli(f.probability)) continue;
      AddEvent(client, branch, enrolled + absl::Seconds(rng.Uniform() * absl::ToDoubleSeconds(f.within)), f.kind);
    }
    for (int64_t i = rng.Poisson(kSearchRecordsMean); i > 0; --i) {
      AddSearch(client, branch, enrolled + absl::Seconds(rng.Uniform() * 12 * 3600));
    }
  }

  uint64_t Fingerprint() const {
    uint64_t h = 0;
    for (char c : experiment.slug) h = Mix64(h ^ static_cast<unsigned char>(c));
    return h;
  }
};

void Break(LiveRow& row, Rng& rng) {
  switch (rng.Below(4)) {
    case 0: row.client_id.clear(); break;
    case 1: row.event = "enrol"; row.search_count.reset(); row.search_with_ads_count.reset(); row.ad_clicks_count.reset(); break;
    case 2: row.event.reset(); row.search_count = -1; row.search_with_ads_count = 0; row.ad_clicks_count = 0; break;
    default: row.event.reset(); row.search_count = 1; row.search_with_ads_count = 0; row.ad_clicks_count.reset(); break;
  }
}

}  // namespace

std::vector<LiveRow> GenerateLiveDay(const LiveParams& params, absl::CivilDay day) {
  std::vector<LiveRow> rows;
  const absl::Time day_start = absl::FromCivil(day, absl::UTCTimeZone());
  const uint64_t day_key = static_cast<uint64_t>(day - absl::CivilDay(1970, 1, 1));
  for (size_t e = 0; e < LiveCatalog().size(); ++e) {
    const LiveExperiment& experiment = LiveCatalog()[e];
    Rng rng(HashKey({params.seed, 0x11FE, e, day_key}));
    DayBuilder builder{params, experiment, day_start, rng, rows, HashKey({params.seed, e, day_key})};
    const auto enrolling = static_cast<int64_t>(std::llround(params.clients * experiment.enrollments_per_client));
    for (int64_t i = 0; i < enrolling; ++i) builder.Client(static_cast<int64_t>(day_key) * 1'000'000'000 + i);
  }
  Rng defects(HashKey({params.seed, 0xDEFEC7, day_key}));
  const size_t generated = rows.size();
  for (size_t i = 0; i < generated; ++i) {
    if (defects.Bernoulli(params.malformed_rate)) Break(rows[i], defects);
    if (defects.Bernoulli(params.duplicate_rate)) {
      LiveRow copy = rows[i];
      copy.arrival += absl::Seconds(defects.Below(600));
      rows.push_back(std::move(copy));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const LiveRow& a, const LiveRow& b) { return a.arrival < b.arrival; });
  return rows;
}

std::string LiveRowJson(const LiveRow& row) {
  nlohmann::ordered_json j = {
      {"event_id", row.event_id},
      {"submission_timestamp", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", row.submission_timestamp, absl::UTCTimeZone())},
      {"client_id", row.client_id},
      {"app", row.app},
      {"channel", row.channel},
      {"experiment", row.experiment},
      {"branch", row.branch ? nlohmann::ordered_json(*row.branch) : nlohmann::ordered_json(nullptr)},
  };
  if (row.event) {
    j["event"] = *row.event;
  } else {
    for (const auto& [key, value] : {std::pair<const char*, const std::optional<int64_t>&>{"search_count", row.search_count},
                                     {"search_with_ads_count", row.search_with_ads_count},
                                     {"ad_clicks_count", row.ad_clicks_count}}) {
      if (value) j[key] = *value;
    }
  }
  return j.dump();
}

}  // namespace opmon::datagen
