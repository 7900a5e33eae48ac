-- params: 2
-- $1 day = 2024-02-10
-- $2 channel = release
WITH population AS (
  SELECT * FROM (
    SELECT (submission_date)::date AS submission_date,
           NULL::text AS build_id,
           (client_id)::text AS client_id,
           min((normalized_os)::text) AS "os",
           CASE WHEN bool_or((COALESCE(pref_fission_enabled, FALSE))::boolean) THEN 'enabled' WHEN NOT bool_or((COALESCE(pref_fission_enabled, FALSE))::boolean) THEN 'disabled' END AS branch,
           (COALESCE(SUM(active_ticks), 0)) AS "active_ticks",
           (COALESCE(SUM(uri_count), 0)) AS "uri_count",
           (array_to_json(array_agg(memory_total) FILTER (WHERE memory_total IS NOT NULL))) AS "memory_total",
           (COALESCE(MAX(CASE WHEN pref_fission_enabled THEN 1 ELSE 0 END), 0)) AS "fission_enabled"
      FROM telemetry.main AS population_rows
     WHERE (submission_date)::date = $1::date
       AND normalized_channel = $2::text
     GROUP BY 1, 3
    HAVING COUNT(*) <= 10000
  ) AS clients
  WHERE branch IS NOT NULL
),
source_1 AS (
  SELECT (submission_date)::date AS submission_date,
         (client_id)::text AS client_id,
         (COUNT(*) FILTER (WHERE process_type = 'main')) AS "main_crashes",
         (COUNT(*) FILTER (WHERE process_type = 'content')) AS "content_crashes"
    FROM telemetry.crash AS source_1_rows
   WHERE (submission_date)::date = $1::date
   GROUP BY 1, 2
)
SELECT p.submission_date, p.build_id, p.client_id, p."os", p.branch, p."active_ticks", p."uri_count", source_1."main_crashes", source_1."content_crashes", p."memory_total", p."fission_enabled"
  FROM population AS p
  LEFT JOIN source_1 ON source_1.submission_date = p.submission_date AND source_1.client_id = p.client_id
