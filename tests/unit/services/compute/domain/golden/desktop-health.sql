-- params: 2
-- $1 day = 2024-02-10
-- $2 channel = release
WITH population AS (
  SELECT * FROM (
    SELECT (submission_date)::date AS submission_date,
           NULL::text AS build_id,
           (client_id)::text AS client_id,
           min((normalized_os)::text) AS "os",
           min((country)::text) AS "country",
           'active'::text AS branch,
           (COALESCE(SUM(active_ticks), 0)) AS "active_ticks",
           (COALESCE(SUM(uri_count), 0)) AS "uri_count",
           (array_to_json(array_agg(gc_ms) FILTER (WHERE gc_ms IS NOT NULL))) AS "gc_ms",
           (COALESCE(SUM(search_count), 0)) AS "search_count"
      FROM telemetry.main AS population_rows
     WHERE (submission_date)::date = $1::date
       AND normalized_channel = $2::text
     GROUP BY 1, 3
    HAVING COUNT(*) <= 10000
  ) AS clients
),
source_1 AS (
  SELECT (submission_date)::date AS submission_date,
         (client_id)::text AS client_id,
         (COUNT(*) FILTER (WHERE process_type = 'main')) AS "main_crashes"
    FROM telemetry.crash AS source_1_rows
   WHERE (submission_date)::date = $1::date
   GROUP BY 1, 2
)
SELECT p.submission_date, p.build_id, p.client_id, p."os", p."country", p.branch, p."active_ticks", p."uri_count", p."gc_ms", p."search_count", source_1."main_crashes"
  FROM population AS p
  LEFT JOIN source_1 ON source_1.submission_date = p.submission_date AND source_1.client_id = p.client_id
