-- params: 2
-- $1 day = 2024-02-10
-- $2 branch_path = strict $."some-rollout".branch ? (@ != null)
WITH population AS (
  SELECT * FROM (
    SELECT (submission_date)::date AS submission_date,
           NULL::text AS build_id,
           (client_id)::text AS client_id,
           CASE WHEN bool_or(jsonb_path_query_first((experiments), $2::jsonpath, '{}', true) IS NOT NULL) THEN 'enabled' ELSE 'disabled' END AS branch,
           (COALESCE(SUM(uri_count), 0)) AS "uri_count"
      FROM telemetry.main AS population_rows
     WHERE (submission_date)::date = $1::date
     GROUP BY 1, 3
    HAVING COUNT(*) <= 10000
  ) AS clients
),
source_1 AS (
  SELECT (submission_date)::date AS submission_date,
         (client_id)::text AS client_id,
         (COUNT(*) FILTER (WHERE event_category = 'memory_watcher')) AS "memory_events"
    FROM (
  SELECT client_id, submission_date, submission_timestamp,
         event_category, event_method, event_object, experiment, branch
    FROM telemetry.events
) AS source_1_rows
   WHERE (submission_date)::date = $1::date
   GROUP BY 1, 2
)
SELECT p.submission_date, p.build_id, p.client_id, p.branch, p."uri_count", source_1."memory_events"
  FROM population AS p
  LEFT JOIN source_1 ON source_1.submission_date = p.submission_date AND source_1.client_id = p.client_id
