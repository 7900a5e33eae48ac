#include "tests/unit/services/compute/datagen/test_sinks.h"

namespace opmon::datagen {
namespace {

std::optional<std::string> Nullable(std::string_view text) {
  if (text.data() == nullptr) return std::nullopt;
  return std::string(text);
}

// The columns main and crash pings share, copied alike.
template <typename Row, typename Owned>
void CopySharedColumns(const Row& r, Owned& owned) {
  owned.client_id = std::string(r.client_id);
  owned.submission_date = std::string(r.submission_date);
  owned.channel = std::string(r.normalized_channel);
  owned.os = std::string(r.normalized_os);
  owned.experiments = std::string(r.experiments);
  owned.micros_of_day = r.micros_of_day;
  owned.app_name = Nullable(r.app_name);
  owned.app_display_version = Nullable(r.app_display_version);
  owned.architecture = Nullable(r.architecture);
  owned.reject_reason = r.reject_reason;
}

}  // namespace

void RecordingSink::OnMainPing(const MainPingRow& r) {
  OwnedMainPing p;
  CopySharedColumns(r, p);
  p.os_version = std::string(r.normalized_os_version);
  p.country = std::string(r.country);
  p.app_version = std::string(r.app_version);
  p.build_id = std::string(r.build_id);
  p.sample_id = r.sample_id;
  for (int i = 0; i < kProbeCount; ++i) {
    if (r.histograms[i].data() != nullptr) p.histograms[i] = std::string(r.histograms[i]);
  }
  p.active_ticks = r.active_ticks;
  p.uri_count = r.uri_count;
  p.search_count = r.search_count;
  p.pref_fission_enabled = r.pref_fission_enabled;
  p.malformed_probe = r.malformed_probe;
  p.subprocess_crashes = Nullable(r.subprocess_crashes);
  p.error_counts = Nullable(r.error_counts);
  p.subsession_length = r.subsession_length;
  pings.push_back(std::move(p));
}

void RecordingSink::OnCrash(const CrashRow& r) {
  OwnedCrash c;
  CopySharedColumns(r, c);
  c.process_type = std::string(r.process_type);
  c.build_id = Nullable(r.build_id);
  c.app_version = Nullable(r.app_version);
  c.os_version = Nullable(r.normalized_os_version);
  c.country = Nullable(r.country);
  c.ipc_channel_error = Nullable(r.ipc_channel_error);
  c.startup_crash = r.startup_crash;
  crashes.push_back(std::move(c));
}

void RecordingSink::OnEvent(const EventRow& r) {
  events.push_back({std::string(r.client_id), std::string(r.submission_date), std::string(r.event_category),
                    std::string(r.event_method), std::string(r.event_object), std::string(r.experiment),
                    std::string(r.branch)});
}

}  // namespace opmon::datagen
