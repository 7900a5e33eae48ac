-- Legacy telemetry aggregates imported from mozaggregator (issue 16): the
-- reference's tables build_id_<channel>_<version>_<YYYYMMDD> and
-- submission_date_<channel>_<version>_<YYYYMMDD> held one row per dimension
-- object with a bigint histogram whose last two elements are the sum and the
-- count. Here they are one relation in the reference's (mozaggregator2bq's)
-- schema; its osVersion is os_version. A day of one aggregate type is
-- replaced in one transaction (re-importing it is idempotent), which also
-- records the import in opmon.legacy_imports and bumps the data version named
-- by common/legacy/legacy_aggregates.h so caches see the change.
CREATE TABLE opmon.legacy_aggregates (
  ingest_date    date     NOT NULL DEFAULT current_date,
  aggregate_type text     NOT NULL CHECK (aggregate_type IN ('build_id', 'submission_date')),
  ds_nodash      text     NOT NULL CHECK (ds_nodash ~ '^[0-9]{8}$'),
  channel        text     NOT NULL,
  version        text     NOT NULL,
  os             text,
  child          text,
  label          text,
  metric         text     NOT NULL,
  os_version     text,
  application    text,
  architecture   text,
  aggregate      bigint[] NOT NULL
);

-- Replacing a day deletes by (aggregate_type, ds_nodash); queries select by
-- channel, version, metric and a range of days.
CREATE INDEX legacy_aggregates_day_idx ON opmon.legacy_aggregates (aggregate_type, ds_nodash);
CREATE INDEX legacy_aggregates_query_idx
  ON opmon.legacy_aggregates (channel, version, metric, aggregate_type, ds_nodash);

-- One row per imported (aggregate type, day): where it came from and what it held.
CREATE TABLE opmon.legacy_imports (
  aggregate_type text        NOT NULL CHECK (aggregate_type IN ('build_id', 'submission_date')),
  ds_nodash      text        NOT NULL CHECK (ds_nodash ~ '^[0-9]{8}$'),
  source         text        NOT NULL,
  tables         integer     NOT NULL,
  rows           bigint      NOT NULL,
  imported_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (aggregate_type, ds_nodash)
);
