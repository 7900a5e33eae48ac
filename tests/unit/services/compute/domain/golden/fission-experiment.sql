-- params: 4
-- $1 day = 2024-02-10
-- $2 branch_path = strict $."fission-experiment".branch ? (@ != null)
-- $3 branches = {"control","treatment"}
-- $4 channel = nightly
WITH population AS (
  SELECT * FROM (
    SELECT (submission_date)::date AS submission_date,
           NULL::text AS build_id,
           (client_id)::text AS client_id,
           min((normalized_os)::text) AS "os",
           (array_agg(jsonb_path_query_first((experiments), $2::jsonpath, '{}', true) ORDER BY jsonb_path_query_first((experiments), $2::jsonpath, '{}', true)))[1] #>> '{}' AS branch,
           (COALESCE(SUM(active_ticks), 0)) AS "active_ticks",
           (COALESCE(SUM(uri_count), 0)) AS "uri_count",
           (array_to_json(array_agg(gc_ms) FILTER (WHERE gc_ms IS NOT NULL))) AS "gc_ms",
           (array_to_json(array_agg(cycle_collector_max_pause) FILTER (WHERE cycle_collector_max_pause IS NOT NULL))) AS "cycle_collector_max_pause",
           (array_to_json(array_agg(perf_first_contentful_paint_ms) FILTER (WHERE perf_first_contentful_paint_ms IS NOT NULL))) AS "perf_first_contentful_paint_ms",
           (array_to_json(array_agg(memory_total) FILTER (WHERE memory_total IS NOT NULL))) AS "memory_total"
      FROM telemetry.main AS population_rows
     WHERE (submission_date)::date = $1::date
       AND normalized_channel = $4::text
     GROUP BY 1, 3
    HAVING COUNT(*) <= 10000
  ) AS clients
  WHERE branch = ANY($3::text[])
)
SELECT p.submission_date, p.build_id, p.client_id, p."os", p.branch, p."active_ticks", p."uri_count", p."gc_ms", p."cycle_collector_max_pause", p."perf_first_contentful_paint_ms", p."memory_total"
  FROM population AS p
