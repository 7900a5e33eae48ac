-- crash_rate alerts of the statistics service (issue 15, docs/errors.md
-- "Crash summaries and alerts"): a build whose crash rate is above a
-- threshold, or above the previous version's at the same age. Stored under
-- the slug '@crash_rate' with the channel and application as dimensions.
ALTER TABLE opmon.alerts DROP CONSTRAINT alerts_alert_type_check;
ALTER TABLE opmon.alerts ADD CONSTRAINT alerts_alert_type_check
  CHECK (alert_type IN ('threshold', 'ci_overlap', 'avg_diff', 'srm', 'too_few_enrollments', 'crash_rate'));

-- Never twice for the same build and measure (metric), whichever rule raised
-- it first and however many statistics replicas evaluate: the insert is
-- ON CONFLICT DO NOTHING against this index.
CREATE UNIQUE INDEX alerts_crash_rate_once_idx ON opmon.alerts (build_id, metric)
  WHERE alert_type = 'crash_rate';
