#include "services/compute/datagen/warehouse_schema.h"

namespace opmon::datagen {

const std::array<TableSpec, kWarehouseTableCount>& WarehouseTables() {
  static constexpr std::array<TableSpec, kWarehouseTableCount> kTables = {{
      {"telemetry.main",
       R"sql(CREATE TABLE IF NOT EXISTS telemetry.main (
  client_id text NOT NULL,
  sample_id integer NOT NULL,
  submission_timestamp timestamptz NOT NULL,
  submission_date date NOT NULL,
  normalized_channel text,
  normalized_os text,
  normalized_os_version text,
  country text,
  app_version text,
  build_id text,
  experiments jsonb,
  gc_ms json,
  cycle_collector_max_pause json,
  perf_first_contentful_paint_ms json,
  memory_total json,
  cycle_collector_slice_during_idle json,
  gc_is_compartmental json,
  gc_reason_2 json,
  devtools_toolbox_opened_count json,
  active_ticks integer,
  uri_count integer,
  search_count integer,
  pref_fission_enabled boolean,
  app_name text,
  app_display_version text,
  architecture text,
  subsession_length integer,
  subprocess_crashes jsonb,
  error_counts jsonb
))sql",
       "client_id, sample_id, submission_timestamp, submission_date, normalized_channel, normalized_os, "
       "normalized_os_version, country, app_version, build_id, experiments, gc_ms, cycle_collector_max_pause, "
       "perf_first_contentful_paint_ms, memory_total, cycle_collector_slice_during_idle, gc_is_compartmental, "
       "gc_reason_2, devtools_toolbox_opened_count, active_ticks, uri_count, search_count, pref_fission_enabled, app_name, "
       "app_display_version, architecture, subsession_length, subprocess_crashes, error_counts",
       "main_submission_date_idx"},
      {"telemetry.crash",
       R"sql(CREATE TABLE IF NOT EXISTS telemetry.crash (
  client_id text NOT NULL,
  submission_date date NOT NULL,
  submission_timestamp timestamptz NOT NULL,
  normalized_channel text,
  normalized_os text,
  build_id text,
  experiments jsonb,
  process_type text,
  app_name text,
  app_version text,
  app_display_version text,
  normalized_os_version text,
  architecture text,
  country text,
  startup_crash boolean,
  ipc_channel_error text
))sql",
       "client_id, submission_date, submission_timestamp, normalized_channel, normalized_os, build_id, experiments, "
       "process_type, app_name, app_version, app_display_version, normalized_os_version, architecture, country, "
       "startup_crash, ipc_channel_error",
       "crash_submission_date_idx"},
      {"telemetry.events",
       R"sql(CREATE TABLE IF NOT EXISTS telemetry.events (
  client_id text NOT NULL,
  submission_timestamp timestamptz NOT NULL,
  submission_date date NOT NULL,
  event_category text,
  event_method text,
  event_object text,
  experiment text,
  branch text
))sql",
       "client_id, submission_timestamp, submission_date, event_category, event_method, event_object, experiment, "
       "branch",
       "events_submission_date_idx"},
  }};
  return kTables;
}

}  // namespace opmon::datagen
