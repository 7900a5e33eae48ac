-- Live experiment health (issue 14): planned branch ratios in the
-- experiments registry, and the two alert types live monitoring raises.

-- Experimenter's per-branch `ratio`, parallel to branches (same length) or
-- empty: equal ratios. Relative weights, e.g. {1,1} or {55,45}.
ALTER TABLE opmon.experiments ADD COLUMN ratios integer[] NOT NULL DEFAULT '{}';

-- srm: enrollments per branch do not match the planned ratios (chi-square);
-- too_few_enrollments: fewer enrollments than expected after a day or two.
-- Both are stored under the experiment's slug, once per experiment and day.
ALTER TABLE opmon.alerts DROP CONSTRAINT alerts_alert_type_check;
ALTER TABLE opmon.alerts ADD CONSTRAINT alerts_alert_type_check
  CHECK (alert_type IN ('threshold', 'ci_overlap', 'avg_diff', 'srm', 'too_few_enrollments'));
