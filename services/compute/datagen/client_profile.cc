#include "services/compute/datagen/client_profile.h"

#include <algorithm>
#include <cmath>

#include "services/compute/datagen/random.h"

namespace opmon::datagen {
namespace {

constexpr uint64_t kProfileStream = 0x70726f66;  // "prof"

template <typename T>
struct Weighted {
  T value;
  double weight;
};

template <typename T, size_t N>
T Pick(Rng& rng, const Weighted<T> (&table)[N]) {
  double total = 0;
  for (const auto& w : table) total += w.weight;
  double u = rng.Uniform() * total;
  for (const auto& w : table) {
    if (u < w.weight) return w.value;
    u -= w.weight;
  }
  return table[N - 1].value;
}

constexpr Weighted<Channel> kChannels[] = {
    {Channel::kRelease, 0.65}, {Channel::kBeta, 0.15}, {Channel::kNightly, 0.20}};
constexpr Weighted<std::string_view> kOses[] = {{"Windows_NT", 0.75}, {"Darwin", 0.15}, {"Linux", 0.10}};
constexpr Weighted<std::string_view> kWindowsVersions[] = {{"10.0", 0.85}, {"6.3", 0.05}, {"6.1", 0.10}};
constexpr Weighted<std::string_view> kDarwinVersions[] = {{"23.4.0", 0.5}, {"22.6.0", 0.35}, {"21.6.0", 0.15}};
constexpr Weighted<std::string_view> kLinuxVersions[] = {{"6.5", 0.4}, {"6.1", 0.35}, {"5.15", 0.25}};
constexpr Weighted<std::string_view> kCountries[] = {
    {"US", 0.28}, {"DE", 0.12}, {"FR", 0.07}, {"GB", 0.06}, {"BR", 0.06}, {"IN", 0.06}, {"JP", 0.05},
    {"CA", 0.05}, {"PL", 0.05}, {"RU", 0.04}, {"IT", 0.04}, {"ES", 0.04}, {"MX", 0.04}, {"ID", 0.04}};

constexpr Weighted<std::string_view> kWindowsArchitectures[] = {{"x86-64", 0.88}, {"x86", 0.10}, {"aarch64", 0.02}};
constexpr Weighted<std::string_view> kDarwinArchitectures[] = {{"aarch64", 0.6}, {"x86-64", 0.4}};
constexpr Weighted<std::string_view> kLinuxArchitectures[] = {{"x86-64", 0.95}, {"aarch64", 0.05}};
constexpr int kReleaseRolloutSpreadDays = 7;

constexpr char kHex[] = "0123456789abcdef";

std::string UuidV4(uint64_t hi, uint64_t lo) {
  hi = (hi & ~0xF000ULL) | 0x4000ULL;               // version 4
  lo = (lo & ~(0x3ULL << 62)) | (0x2ULL << 62);     // variant 10xx
  std::string out(36, '-');
  int pos = 0;
  auto put = [&](uint64_t word, int shift_from) {
    for (int s = shift_from; s >= 0; s -= 4) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      out[pos++] = kHex[(word >> s) & 0xF];
    }
  };
  put(hi, 60);
  put(lo, 60);
  return out;
}

}  // namespace

int64_t DefaultHeavyClients(int64_t clients) { return std::max<int64_t>(1, clients / 50000); }

int64_t HeavyClientCount(const GenerationParams& params) {
  const int64_t n = params.heavy_clients < 0 ? DefaultHeavyClients(params.clients) : params.heavy_clients;
  return std::min(n, params.clients);
}

bool IsHeavyClient(int64_t clients, int64_t heavy_clients, int64_t index) {
  if (heavy_clients <= 0 || clients <= 0) return false;
  // index == floor((k + 0.5) * clients / n) = floor(((2k + 1) * clients) / (2n)).
  const int64_t k = (2 * index * heavy_clients) / (2 * clients);
  for (int64_t c = std::max<int64_t>(0, k - 1); c <= std::min(heavy_clients - 1, k + 1); ++c) {
    const int64_t at = ((2 * c + 1) * clients) / (2 * heavy_clients);
    if (at == index) return true;
  }
  return false;
}

int ClientProfile::BuildLagDays() const {
  return update_lag_days + (channel == Channel::kRelease ? release_rollout_days : 0);
}

std::optional<int> ClientProfile::BranchOn(int experiment, absl::CivilDay day) const {
  const auto& e = enrollments[experiment];
  if (!e || day < e->day) return std::nullopt;
  const auto& end = ExperimentCatalog()[experiment].end_date;
  if (end && day > *end) return std::nullopt;
  return e->branch;
}

ClientProfile MakeClientProfile(const GenerationParams& params, int64_t index) {
  Rng rng(HashKey({params.seed, kProfileStream, static_cast<uint64_t>(index)}));
  ClientProfile p;
  p.index = index;
  const uint64_t hi = rng.NextU64();
  const uint64_t lo = rng.NextU64();
  p.client_id = UuidV4(hi, lo);
  p.sample_id = static_cast<int>(Mix64(hi ^ lo) % 100);
  p.channel = Pick(rng, kChannels);
  p.os = Pick(rng, kOses);
  p.os_version = p.os == "Windows_NT" ? Pick(rng, kWindowsVersions)
                 : p.os == "Darwin"   ? Pick(rng, kDarwinVersions)
                                      : Pick(rng, kLinuxVersions);
  p.country = Pick(rng, kCountries);
  // Heavy-tailed usage: lognormal rate with sigma 1, mean pings_per_client_mean.
  p.ping_rate = params.pings_per_client_mean * std::exp(rng.Normal() - 0.5);
  p.heavy = IsHeavyClient(params.clients, HeavyClientCount(params), index);
  // Geometric(1/2) update lag, at most 6 days.
  p.update_lag_days = 0;
  while (p.update_lag_days < 6 && rng.Bernoulli(0.5)) ++p.update_lag_days;
  p.gc_offset = 0.25 * rng.Normal();
  p.cc_offset = 0.30 * rng.Normal();
  p.fcp_offset = 0.25 * rng.Normal();
  p.memory_offset = 0.30 * rng.Normal();
  p.ticks_scale = 120.0 * std::exp(0.5 * rng.Normal());
  p.search_rate = 0.4 * std::exp(0.8 * rng.Normal() - 0.32);  // mean 0.4
  p.devtools_user = rng.Bernoulli(0.03);
  switch (p.channel) {
    case Channel::kNightly: p.fission_pref_default = rng.Bernoulli(0.9); break;
    case Channel::kBeta: p.fission_pref_default = rng.Bernoulli(0.5); break;
    case Channel::kRelease: p.fission_pref_default = false; break;
  }
  const auto& catalog = ExperimentCatalog();
  for (int e = 0; e < kCatalogSize; ++e) {
    const CatalogExperiment& exp = catalog[e];
    // Draw every time, so one experiment's draws never shift another's.
    const double u_enrol = rng.Uniform();
    const auto branch = static_cast<int>(rng.Below(exp.branches.size()));
    const auto delay = static_cast<int>(rng.Below(kEnrollmentSpreadDays));
    if (exp.channel && *exp.channel != p.channel) continue;
    if (u_enrol >= exp.enrolled_fraction) continue;
    p.enrollments[e] = Enrollment{branch, exp.start_date + delay};
  }
  p.architecture = p.os == "Windows_NT" ? Pick(rng, kWindowsArchitectures)
                   : p.os == "Darwin"   ? Pick(rng, kDarwinArchitectures)
                                        : Pick(rng, kLinuxArchitectures);
  p.release_rollout_days = static_cast<int>(rng.Below(kReleaseRolloutSpreadDays));
  return p;
}

}  // namespace opmon::datagen
