-- Compute: the projects relation for dashboards, job queue additions.

-- One row per computed project, upserted with each day's results; read by the
-- LookML generator (the reference OpMon's projects_v1).
CREATE TABLE opmon.monitoring_projects (
  slug                  text        PRIMARY KEY,
  name                  text        NOT NULL DEFAULT '',
  xaxis                 text        NOT NULL DEFAULT 'submission_date'
                        CHECK (xaxis IN ('submission_date', 'build_id')),
  branches              text[]      NOT NULL DEFAULT '{}',
  dimensions            text[]      NOT NULL DEFAULT '{}',
  -- [{"metric": "gc_ms", "metric_group": "performance" | null, "statistic": "percentile"}, ...]
  summaries             jsonb       NOT NULL DEFAULT '[]',
  start_date            date,
  end_date              date,
  group_by_dimension    text,
  alerting              boolean     NOT NULL DEFAULT false,
  compact_visualization boolean     NOT NULL DEFAULT false,
  reference_branch      text        NOT NULL DEFAULT 'control',
  results_table         text        NOT NULL,
  project_version       bigint      NOT NULL DEFAULT 0,
  updated_at            timestamptz NOT NULL DEFAULT now()
);

-- At most one live (queued or running) job per project-day: asking again
-- returns the live job instead of queueing a duplicate.
CREATE UNIQUE INDEX jobs_one_live_idx ON opmon.jobs (slug, day) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_created_idx ON opmon.jobs (created_at DESC, id DESC);

-- Wakes WatchJob streams and waiting RunProject calls on any replica.
CREATE FUNCTION opmon.notify_job_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('opmon_job_changes', NEW.id::text);
  RETURN NEW;
END
$$;
CREATE TRIGGER jobs_notify AFTER INSERT OR UPDATE ON opmon.jobs
  FOR EACH ROW EXECUTE FUNCTION opmon.notify_job_change();
