-- opmon system schema: config versions, definitions, experiments registry,
-- change feed, job queue and per-project data versions.
CREATE SCHEMA IF NOT EXISTS opmon;
CREATE SCHEMA IF NOT EXISTS opmon_results;

-- Every applied version of every project; rows are never updated.
CREATE TABLE opmon.project_versions (
  slug          text        NOT NULL,
  version       bigint      NOT NULL,
  content_hash  text        NOT NULL,
  source_path   text        NOT NULL DEFAULT '',
  source_format text        NOT NULL DEFAULT '',
  source        text        NOT NULL DEFAULT '',
  resolved      jsonb,
  message       text        NOT NULL DEFAULT '',
  deleted       boolean     NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (slug, version)
);

-- The current version of each project (the row Apply locks).
CREATE TABLE opmon.projects (
  slug           text        PRIMARY KEY,
  latest_version bigint      NOT NULL,
  deleted        boolean     NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE opmon.definitions (
  platform      text        NOT NULL,
  version       bigint      NOT NULL,
  content_hash  text        NOT NULL,
  source_path   text        NOT NULL DEFAULT '',
  source_format text        NOT NULL DEFAULT '',
  source        text        NOT NULL,
  resolved      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, version)
);

CREATE TABLE opmon.experiments (
  slug             text        PRIMARY KEY,
  platform         text        NOT NULL DEFAULT '',
  name             text        NOT NULL DEFAULT '',
  start_date       date,
  end_date         date,
  reference_branch text        NOT NULL DEFAULT 'control',
  is_rollout       boolean     NOT NULL DEFAULT false,
  branches         text[]      NOT NULL DEFAULT '{}',
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Feed for WatchProjects; NOTIFY opmon_project_changes carries the id.
CREATE TABLE opmon.project_changes (
  change_id  bigserial   PRIMARY KEY,
  kind       text        NOT NULL,
  slug       text        NOT NULL,
  version    bigint      NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

-- The compute job queue, claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE opmon.jobs (
  id              bigserial   PRIMARY KEY,
  slug            text        NOT NULL,
  day             date        NOT NULL,
  state           text        NOT NULL DEFAULT 'queued'
                  CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  project_version bigint,
  attempts        integer     NOT NULL DEFAULT 0,
  worker          text        NOT NULL DEFAULT '',
  cancel_requested boolean    NOT NULL DEFAULT false,
  progress        jsonb       NOT NULL DEFAULT '{}',
  malformed       jsonb       NOT NULL DEFAULT '[]',
  error           text        NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  heartbeat_at    timestamptz,
  finished_at     timestamptz
);
CREATE INDEX jobs_claim_idx ON opmon.jobs (state, created_at) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_slug_idx ON opmon.jobs (slug, day);

-- Bumped in the transaction that replaces a project's results; the cache
-- key and the Looker datagroup trigger read it.
CREATE TABLE opmon.data_versions (
  slug       text        PRIMARY KEY,
  version    bigint      NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
