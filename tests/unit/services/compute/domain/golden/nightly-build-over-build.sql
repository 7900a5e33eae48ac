-- params: 2
-- $1 day = 2024-02-10
-- $2 channel = nightly
WITH population_days AS (
  SELECT (submission_date)::date AS day,
         (client_id)::text AS client_id,
         (build_id)::text AS build_id,
         min((normalized_os)::text) AS "os",
         'active'::text AS branch,
         SUM(COUNT(*)) OVER (PARTITION BY (submission_date)::date, (client_id)::text) AS day_rows
    FROM telemetry.main AS population_rows
     WHERE (submission_date)::date BETWEEN $1::date - 13 AND $1::date
       AND normalized_channel = $2::text
   GROUP BY 1, 2, 3
),
population AS (
  SELECT $1::date AS submission_date,
         build_id,
         client_id,
         min("os") AS "os",
         min(branch) AS branch
    FROM population_days
   WHERE build_id IS NOT NULL
     AND left(build_id, 8) >= to_char($1::date - 13, 'YYYYMMDD')
   GROUP BY build_id, client_id
  HAVING max(day_rows) <= 10000
),
source_1 AS (
  SELECT (client_id)::text AS client_id,
         (build_id)::text AS build_id,
         (array_to_json(array_agg(gc_ms) FILTER (WHERE gc_ms IS NOT NULL))) AS "gc_ms",
         (array_to_json(array_agg(perf_first_contentful_paint_ms) FILTER (WHERE perf_first_contentful_paint_ms IS NOT NULL))) AS "perf_first_contentful_paint_ms"
    FROM telemetry.main AS source_1_rows
   WHERE (submission_date)::date BETWEEN $1::date - 13 AND $1::date
   GROUP BY 1, 2
)
SELECT p.submission_date, p.build_id, p.client_id, p."os", p.branch, source_1."gc_ms", source_1."perf_first_contentful_paint_ms"
  FROM population AS p
  LEFT JOIN source_1 ON source_1.client_id = p.client_id AND source_1.build_id = p.build_id
