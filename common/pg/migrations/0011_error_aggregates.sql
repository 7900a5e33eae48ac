-- Crash and error monitoring (issue 15): Mission Control's error aggregates.
--
-- One row per 5-minute window (window_start = receive time floored to 5
-- minutes) and combination of the dimensions below, with the measures summed
-- over the accepted main and crash pings of that window. A ping counts once
-- with experiment_id/experiment_branch NULL (the population) and once per
-- experiment it is enrolled in, so population queries filter
-- experiment_id IS NULL. A window is replaced as a whole, in one transaction
-- that also bumps the data version named in common/errors/error_aggregates.h;
-- readers (statistics) only read this table and learn of changes through
-- that version.
CREATE TABLE opmon.error_aggregates (
  window_start             timestamptz      NOT NULL,
  channel                  text             NOT NULL,
  version                  text             NOT NULL,
  display_version          text,
  build_id                 text             NOT NULL,
  application              text             NOT NULL,
  os_name                  text,
  os_version               text,
  architecture             text,
  country                  text,
  experiment_id            text,
  experiment_branch        text,
  count                    bigint           NOT NULL DEFAULT 0,
  subsession_count         bigint           NOT NULL DEFAULT 0,
  usage_hours              double precision NOT NULL DEFAULT 0,
  main_crashes             bigint           NOT NULL DEFAULT 0,
  startup_crashes          bigint           NOT NULL DEFAULT 0,
  content_crashes          bigint           NOT NULL DEFAULT 0,
  content_shutdown_crashes bigint           NOT NULL DEFAULT 0,
  gpu_crashes              bigint           NOT NULL DEFAULT 0,
  plugin_crashes           bigint           NOT NULL DEFAULT 0,
  gmplugin_crashes         bigint           NOT NULL DEFAULT 0,
  browser_shim_usage_blocked        bigint  NOT NULL DEFAULT 0,
  permissions_sql_corrupted         bigint  NOT NULL DEFAULT 0,
  defective_permissions_sql_removed bigint  NOT NULL DEFAULT 0,
  slow_script_notice_count          bigint  NOT NULL DEFAULT 0,
  slow_script_page_count            bigint  NOT NULL DEFAULT 0,
  CONSTRAINT error_aggregates_key UNIQUE NULLS NOT DISTINCT
    (window_start, channel, version, display_version, build_id, application, os_name, os_version,
     architecture, country, experiment_id, experiment_branch)
);
CREATE INDEX error_aggregates_channel_time_idx ON opmon.error_aggregates (channel, window_start);

-- How far each warehouse table has been read (receive time), like
-- opmon.live_sources: the incremental pass takes rows after read_until.
CREATE TABLE opmon.error_sources (
  source     text        PRIMARY KEY,   -- 'telemetry.main' | 'telemetry.crash'
  read_until timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Days replaced by the daily recompute: final, the incremental pass leaves them alone.
CREATE TABLE opmon.error_final_days (
  day           date        PRIMARY KEY,
  pings_read    bigint      NOT NULL,
  recomputed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Pings refused by the acceptance rules or malformed, per window (receive
-- time) and reason (common/errors/error_aggregates.h RejectReason); replaced
-- together with the window they fall in, so never counted twice.
CREATE TABLE opmon.error_rejections (
  window_start timestamptz NOT NULL,
  source       text        NOT NULL,   -- 'telemetry.main' | 'telemetry.crash'
  reason       text        NOT NULL,
  pings        bigint      NOT NULL,
  PRIMARY KEY (window_start, source, reason)
);
