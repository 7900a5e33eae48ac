#pragma once
// Row sinks for the datagen unit tests: owning copies of generated rows.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "services/compute/datagen/rows.h"

namespace opmon::datagen {

struct OwnedMainPing {
  std::string client_id, submission_date, channel, os, os_version, country, app_version, build_id, experiments;
  int sample_id = 0;
  int64_t micros_of_day = 0;
  std::array<std::optional<std::string>, kProbeCount> histograms;
  int active_ticks = 0, uri_count = 0, search_count = 0;
  bool pref_fission_enabled = false;
  int malformed_probe = -1;
  std::optional<std::string> app_name, app_display_version, architecture, subprocess_crashes, error_counts;
  std::optional<int> subsession_length;
  int reject_reason = -1;
};

struct OwnedCrash {
  std::string client_id, submission_date, channel, os, experiments, process_type;
  int64_t micros_of_day = 0;
  // NULL when the generator wrote none.
  std::optional<std::string> build_id, app_name, app_version, app_display_version, os_version, architecture, country,
      ipc_channel_error;
  bool startup_crash = false;
  int reject_reason = -1;
};

struct OwnedEvent {
  std::string client_id, submission_date, category, method, object, experiment, branch;
};

class RecordingSink final : public RowSink {
 public:
  void OnMainPing(const MainPingRow& row) override;
  void OnCrash(const CrashRow& row) override;
  void OnEvent(const EventRow& row) override;

  std::vector<OwnedMainPing> pings;
  std::vector<OwnedCrash> crashes;
  std::vector<OwnedEvent> events;
};

}  // namespace opmon::datagen
