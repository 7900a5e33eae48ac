-- params: 4
-- $1 day = 2024-02-10
-- $2 branch_path = strict $."engagement-statistics".branch ? (@ != null)
-- $3 branches = {"control","treatment"}
-- $4 channel = beta
WITH population AS (
  SELECT * FROM (
    SELECT (submission_date)::date AS submission_date,
           NULL::text AS build_id,
           (client_id)::text AS client_id,
           min((normalized_os)::text) AS "os",
           min((normalized_channel)::text) AS "channel",
           (array_agg(jsonb_path_query_first((experiments), $2::jsonpath, '{}', true) ORDER BY jsonb_path_query_first((experiments), $2::jsonpath, '{}', true)))[1] #>> '{}' AS branch,
           (COALESCE(SUM(active_ticks), 0)) AS "active_ticks",
           (COALESCE(SUM(uri_count), 0)) AS "uri_count",
           (COALESCE(SUM(search_count), 0)) AS "searches_per_uri",
           (COALESCE(SUM(search_count), 0)) AS "search_count",
           (array_to_json(array_agg(gc_ms) FILTER (WHERE gc_ms IS NOT NULL))) AS "gc_ms"
      FROM telemetry.main AS population_rows
     WHERE (submission_date)::date = $1::date
       AND normalized_channel = $4::text
     GROUP BY 1, 3
    HAVING COUNT(*) <= 10000
  ) AS clients
  WHERE branch = ANY($3::text[])
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
),
source_2 AS (
  SELECT (submission_date)::date AS submission_date,
         (client_id)::text AS client_id,
         (COUNT(*) FILTER (WHERE country = 'US')) AS "us_sessions"
    FROM (SELECT client_id, submission_date, build_id, experiments, country, sample_id
   FROM telemetry.main) AS source_2_rows
   WHERE (submission_date)::date = $1::date
   GROUP BY 1, 2
)
SELECT p.submission_date, p.build_id, p.client_id, p."os", p."channel", p.branch, p."active_ticks", p."uri_count", p."searches_per_uri", p."search_count", p."gc_ms", source_1."memory_events", source_2."us_sessions"
  FROM population AS p
  LEFT JOIN source_1 ON source_1.submission_date = p.submission_date AND source_1.client_id = p.client_id
  LEFT JOIN source_2 ON source_2.submission_date = p.submission_date AND source_2.client_id = p.client_id
