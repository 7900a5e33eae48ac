#pragma once
// A synthetic Firefox client: who it is (id, channel, OS, country), how much
// it is used, its per-client random effects, and its enrolments. A pure
// function of (seed, client index): the same client on every run and day.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "services/compute/datagen/catalog.h"
#include "services/compute/datagen/generation_params.h"

namespace opmon::datagen {

struct Enrollment {
  int branch = 0;  // index into CatalogExperiment::branches
  absl::CivilDay day;  // enrolled from this day (inclusive)
};

struct ClientProfile {
  int64_t index = 0;
  std::string client_id;  // UUID v4 text
  int sample_id = 0;      // 0..99, a function of client_id
  Channel channel = Channel::kRelease;
  std::string_view os;          // Windows_NT | Darwin | Linux
  std::string_view os_version;
  std::string_view country;     // ISO 3166 alpha-2
  bool heavy = false;           // 10,000-14,999 pings every day
  double ping_rate = 0;         // mean pings a day (ordinary clients)
  int update_lag_days = 0;      // 0..6
  // Per-client log-scale offsets of the histogram samples (mean 0).
  double gc_offset = 0, cc_offset = 0, fcp_offset = 0, memory_offset = 0;
  double ticks_scale = 0;   // median active_ticks of a ping
  double search_rate = 0;   // mean searches per ping
  bool devtools_user = false;
  bool fission_pref_default = false;  // pref_fission_enabled outside the rollout/experiment
  std::array<std::optional<Enrollment>, kCatalogSize> enrollments;
  // Drawn after everything above, so adding them changed none of it.
  std::string_view architecture;  // x86-64 | x86 | aarch64, by OS
  int release_rollout_days = 0;   // 0..6: when a release build is offered to this client, after it is built

  // The days a build of this client's channel waits before the client runs
  // it: the update lag, plus the staged rollout on release.
  int BuildLagDays() const;

  // The branch index of `experiment` on `day`, if enrolled then.
  std::optional<int> BranchOn(int experiment, absl::CivilDay day) const;
};

ClientProfile MakeClientProfile(const GenerationParams& params, int64_t index);

// Heavy clients are spread evenly over the index range: index
// floor((k + 0.5) * clients / n) for k in [0, n).
bool IsHeavyClient(int64_t clients, int64_t heavy_clients, int64_t index);

}  // namespace opmon::datagen
