#include "tests/unit/services/compute/datagen/test_sinks.h"

namespace opmon::datagen {

void RecordingSink::OnMainPing(const MainPingRow& r) {
  OwnedMainPing p;
  p.client_id = std::string(r.client_id);
  p.submission_date = std::string(r.submission_date);
  p.channel = std::string(r.normalized_channel);
  p.os = std::string(r.normalized_os);
  p.os_version = std::string(r.normalized_os_version);
  p.country = std::string(r.country);
  p.app_version = std::string(r.app_version);
  p.build_id = std::string(r.build_id);
  p.experiments = std::string(r.experiments);
  p.sample_id = r.sample_id;
  p.micros_of_day = r.micros_of_day;
  for (int i = 0; i < kProbeCount; ++i) {
    if (r.histograms[i].data() != nullptr) p.histograms[i] = std::string(r.histograms[i]);
  }
  p.active_ticks = r.active_ticks;
  p.uri_count = r.uri_count;
  p.search_count = r.search_count;
  p.pref_fission_enabled = r.pref_fission_enabled;
  p.malformed_probe = r.malformed_probe;
  pings.push_back(std::move(p));
}

void RecordingSink::OnCrash(const CrashRow& r) {
  crashes.push_back({std::string(r.client_id), std::string(r.submission_date), std::string(r.normalized_channel),
                     std::string(r.normalized_os), std::string(r.build_id), std::string(r.experiments),
                     std::string(r.process_type)});
}

void RecordingSink::OnEvent(const EventRow& r) {
  events.push_back({std::string(r.client_id), std::string(r.submission_date), std::string(r.event_category),
                    std::string(r.event_method), std::string(r.event_object), std::string(r.experiment),
                    std::string(r.branch)});
}

}  // namespace opmon::datagen
