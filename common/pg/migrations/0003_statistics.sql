-- Alerts raised by the statistics service when results are published
-- (issue 6). One row per (project, submission date, build id, dimensions,
-- metric, statistic, parameter, branch, alert, message); re-evaluating a date
-- replaces that date's rows in one transaction. Dimensions are a jsonb array
-- of {"name", "value"} in project order; the unique index also serves
-- lookups by (slug, submission_date). opmon_results.<table>_alerts holds
-- the same rows with the dimensions as columns, for Looker.
CREATE TABLE opmon.alerts (
  id              bigserial        PRIMARY KEY,
  slug            text             NOT NULL,
  submission_date date             NOT NULL,
  build_id        text             NOT NULL DEFAULT '',
  dimensions      jsonb            NOT NULL DEFAULT '[]',
  metric          text             NOT NULL,
  statistic       text             NOT NULL,
  parameter       text             NOT NULL DEFAULT '',
  branch          text             NOT NULL,
  alert_name      text             NOT NULL,
  alert_type      text             NOT NULL
                  CHECK (alert_type IN ('threshold', 'ci_overlap', 'avg_diff')),
  message         text             NOT NULL,
  point           double precision,
  lower           double precision,
  upper           double precision,
  raised_at       timestamptz      NOT NULL DEFAULT now(),
  UNIQUE (slug, submission_date, build_id, dimensions, metric, statistic, parameter, branch, alert_name, message)
);
