#pragma once
// Rows of the three warehouse tables as the generator hands them out: views
// into the generator's buffers, valid only during the RowSink call.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "services/compute/datagen/probes.h"

namespace opmon::datagen {

// telemetry.main, one row per main ping.
struct MainPingRow {
  std::string_view client_id;
  int sample_id = 0;
  std::string_view submission_date;  // YYYY-MM-DD (UTC)
  int64_t micros_of_day = 0;         // submission_timestamp = date + this (UTC)
  std::string_view normalized_channel, normalized_os, normalized_os_version, country, app_version, build_id;
  std::string_view experiments;  // jsonb text: {"slug": {"branch": "name"}, ...}
  // jsonb text per probe, indexed by Probe; a default (null data()) view is SQL NULL.
  std::array<std::string_view, kProbeCount> histograms{};
  int active_ticks = 0, uri_count = 0, search_count = 0;
  bool pref_fission_enabled = false;
  int malformed_probe = -1;  // the Probe whose histogram is malformed on purpose, or -1
  // The columns the error aggregation reads (docs/errors.md); a default view is SQL NULL.
  std::string_view app_name, app_display_version, architecture;
  std::optional<int> subsession_length;         // seconds
  std::string_view subprocess_crashes, error_counts;  // jsonb text: {"content": 1, ...}
  int reject_reason = -1;  // the errors::RejectReason this ping was made to fail, or -1
};

// telemetry.crash, one row per crash.
struct CrashRow {
  std::string_view client_id;
  std::string_view submission_date;
  int64_t micros_of_day = 0;
  std::string_view normalized_channel, normalized_os, build_id, experiments;
  std::string_view process_type;  // main | content | gpu | plugin | gmplugin
  // The columns the error aggregation reads (docs/errors.md); a default view is SQL NULL.
  std::string_view app_name, app_version, app_display_version, normalized_os_version, architecture, country;
  bool startup_crash = false;
  std::string_view ipc_channel_error;  // "ShutDownKill" or NULL
  int reject_reason = -1;              // the errors::RejectReason this ping was made to fail, or -1
};

// telemetry.events, one row per event. experiment/branch are '' (not NULL)
// for events of clients enrolled in nothing.
struct EventRow {
  std::string_view client_id;
  std::string_view submission_date;
  int64_t micros_of_day = 0;
  std::string_view event_category, event_method, event_object, experiment, branch;
};

class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void OnMainPing(const MainPingRow& row) = 0;
  virtual void OnCrash(const CrashRow& row) = 0;
  virtual void OnEvent(const EventRow& row) = 0;
};

}  // namespace opmon::datagen
