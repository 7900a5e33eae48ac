-- Live experiment monitoring (issue 14): events and their 5-minute windows.
--
-- Events arrive through IngestEvents (stored here, deduplicated by event id)
-- or are read from the warehouse's normandy / nimbus_events tables. Each
-- window row is (experiment, branch, channel, window_start) with branch NULL
-- as its own group (NULLS NOT DISTINCT). A window is replaced as a whole in
-- the transaction that stores the events touching it, so no window is
-- counted twice or lost; readers (statistics) only read the window tables
-- and opmon.live_daily_clients, and learn of changes through the data
-- version named in common/live/live_relations.h.

-- Events received through IngestEvents: the durable, deduplicated record
-- that windows are aggregated from and recomputed from.
CREATE TABLE opmon.live_events (
  event_id             text        PRIMARY KEY,
  submission_timestamp timestamptz NOT NULL,
  client_id            text        NOT NULL,
  app                  text        NOT NULL,
  channel              text        NOT NULL,
  experiment           text        NOT NULL,
  branch               text,
  -- An enrollment event: the canonical event name (common/live/live_relations.h);
  -- NULL for a search record.
  event                text,
  search_count         bigint,
  search_with_ads_count bigint,
  ad_clicks_count      bigint,
  received_at          timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX live_events_window_idx ON opmon.live_events (experiment, submission_timestamp);

CREATE TABLE opmon.live_enrollment_windows (
  experiment        text        NOT NULL,
  branch            text,
  channel           text        NOT NULL,
  window_start      timestamptz NOT NULL,
  enroll            bigint      NOT NULL DEFAULT 0,
  unenroll          bigint      NOT NULL DEFAULT 0,
  graduate          bigint      NOT NULL DEFAULT 0,
  "update"          bigint      NOT NULL DEFAULT 0,
  enroll_failed     bigint      NOT NULL DEFAULT 0,
  unenroll_failed   bigint      NOT NULL DEFAULT 0,
  update_failed     bigint      NOT NULL DEFAULT 0,
  disqualification  bigint      NOT NULL DEFAULT 0,
  exposure          bigint      NOT NULL DEFAULT 0,
  validation_failed bigint      NOT NULL DEFAULT 0,
  updated_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT live_enrollment_windows_key
    UNIQUE NULLS NOT DISTINCT (experiment, branch, channel, window_start)
);
CREATE INDEX live_enrollment_windows_time_idx ON opmon.live_enrollment_windows (experiment, window_start);

CREATE TABLE opmon.live_search_windows (
  experiment            text        NOT NULL,
  branch                text,
  window_start          timestamptz NOT NULL,
  search_count          bigint      NOT NULL DEFAULT 0,
  search_with_ads_count bigint      NOT NULL DEFAULT 0,
  ad_clicks_count       bigint      NOT NULL DEFAULT 0,
  updated_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT live_search_windows_key UNIQUE NULLS NOT DISTINCT (experiment, branch, window_start)
);
CREATE INDEX live_search_windows_time_idx ON opmon.live_search_windows (experiment, window_start);

-- Distinct clients per experiment, branch and UTC day (any event or search
-- record of the day), for daily_active_population.
CREATE TABLE opmon.live_daily_clients (
  experiment text NOT NULL,
  branch     text,
  day        date NOT NULL,
  client_id  text NOT NULL,
  CONSTRAINT live_daily_clients_key UNIQUE NULLS NOT DISTINCT (experiment, branch, day, client_id)
);

-- How far the warehouse loop has read each source table, so a restart
-- takes only new rows (late rows up to the configured bound are re-read).
CREATE TABLE opmon.live_sources (
  source     text        PRIMARY KEY,
  read_up_to timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
