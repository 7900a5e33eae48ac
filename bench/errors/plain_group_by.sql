-- The error aggregates of one UTC day ($1::date) computed by plain SQL over
-- the warehouse: the same rows, columns and rules as compute's aggregation
-- (docs/errors.md, services/compute/domain/errors/error_ping.h), written
-- independently as the reference's query would be. bench/errors/run.sh times
-- it against compute; tests/integration/compute/error_aggregation_test.cc
-- compares compute's rows with it.
WITH pings AS (
  SELECT submission_timestamp, submission_date, normalized_channel, app_name, app_version, app_display_version,
         build_id, normalized_os, normalized_os_version, architecture, country, experiments,
         true AS is_main, subsession_length, subprocess_crashes, error_counts,
         NULL::text AS process_type, NULL::boolean AS startup_crash, NULL::text AS ipc_channel_error
  FROM telemetry.main WHERE submission_date = $1::date
  UNION ALL
  SELECT submission_timestamp, submission_date, normalized_channel, app_name, app_version, app_display_version,
         build_id, normalized_os, normalized_os_version, architecture, country, experiments,
         false, NULL, NULL, NULL, process_type, startup_crash, ipc_channel_error
  FROM telemetry.crash WHERE submission_date = $1::date
),
checked AS (
  SELECT p.*,
         -- the regular expression first: the casts only run on 14 digits
         CASE WHEN build_id ~ '^[0-9]{14}$' THEN
           CASE WHEN substr(build_id, 1, 4)::int >= 1 AND substr(build_id, 5, 2)::int BETWEEN 1 AND 12
                     AND substr(build_id, 7, 2)::int BETWEEN 1 AND 31 AND substr(build_id, 9, 2)::int <= 23
                     AND substr(build_id, 11, 2)::int <= 59 AND substr(build_id, 13, 2)::int <= 59
                THEN make_date(substr(build_id, 1, 4)::int, substr(build_id, 5, 2)::int, 1)
                     + (substr(build_id, 7, 2)::int - 1) END END AS build_day
  FROM pings p
),
accepted AS (
  SELECT c.*, (submission_timestamp AT TIME ZONE 'UTC')::date AS received_day FROM checked c
  WHERE app_name IN ('Firefox', 'Fennec')
    AND normalized_channel IN ('release', 'beta', 'nightly', 'aurora', 'esr')
    AND app_version <> ''
    -- a day past the month's end rolls over: not the build id's date
    AND build_day IS NOT NULL AND to_char(build_day, 'YYYYMMDD') = substr(build_id, 1, 8)
    AND build_day <= (submission_timestamp AT TIME ZONE 'UTC')::date
    -- whole months between the build's day and the receive day (java.time's ChronoUnit.MONTHS)
    AND (((extract(year FROM (submission_timestamp AT TIME ZONE 'UTC')) * 12
           + extract(month FROM (submission_timestamp AT TIME ZONE 'UTC'))) * 32
          + extract(day FROM (submission_timestamp AT TIME ZONE 'UTC')))
         - ((extract(year FROM build_day) * 12 + extract(month FROM build_day)) * 32 + extract(day FROM build_day)))::int / 32 <= 6
    AND (experiments IS NULL OR (jsonb_typeof(experiments) = 'object' AND NOT EXISTS (
          SELECT 1 FROM jsonb_each(experiments) e
          WHERE e.key = '' OR jsonb_typeof(e.value) <> 'object' OR jsonb_typeof(e.value -> 'branch') IS DISTINCT FROM 'string')))
    AND (subprocess_crashes IS NULL OR (jsonb_typeof(subprocess_crashes) = 'object' AND NOT EXISTS (
          SELECT 1 FROM jsonb_each(subprocess_crashes) e WHERE e.value::text !~ '^[0-9]+$')))
    AND (error_counts IS NULL OR (jsonb_typeof(error_counts) = 'object' AND NOT EXISTS (
          SELECT 1 FROM jsonb_each(error_counts) e WHERE e.value::text !~ '^[0-9]+$')))
)
SELECT date_bin('5 minutes', submission_timestamp, timestamptz 'epoch') AS window_start,
       normalized_channel AS channel, app_version AS version, app_display_version AS display_version, build_id,
       app_name AS application,
       CASE WHEN app_name = 'Fennec' AND normalized_os = 'Linux' THEN 'Android' ELSE normalized_os END AS os_name,
       substring(normalized_os_version FROM '^[0-9]+(?:\.[0-9]+){0,2}') AS os_version,
       architecture, country, x.experiment_id, x.experiment_branch,
       count(*) AS count,
       count(*) FILTER (WHERE is_main) AS subsession_count,
       COALESCE(sum(LEAST(GREATEST(subsession_length / 3600.0, 0), 25)) FILTER (WHERE is_main), 0)::double precision
         AS usage_hours,
       count(*) FILTER (WHERE NOT is_main AND (process_type IS NULL OR process_type = 'main')) AS main_crashes,
       count(*) FILTER (WHERE NOT is_main AND startup_crash) AS startup_crashes,
       count(*) FILTER (WHERE process_type = 'content' AND COALESCE(strpos(ipc_channel_error, 'ShutDownKill'), 0) = 0)
         AS content_crashes,
       count(*) FILTER (WHERE process_type = 'content' AND strpos(ipc_channel_error, 'ShutDownKill') > 0)
         AS content_shutdown_crashes,
       COALESCE(sum((subprocess_crashes ->> 'gpu')::bigint), 0)::bigint AS gpu_crashes,
       COALESCE(sum((subprocess_crashes ->> 'plugin')::bigint), 0)::bigint AS plugin_crashes,
       COALESCE(sum((subprocess_crashes ->> 'gmplugin')::bigint), 0)::bigint AS gmplugin_crashes,
       COALESCE(sum((error_counts ->> 'BROWSER_SHIM_USAGE_BLOCKED')::bigint), 0)::bigint AS browser_shim_usage_blocked,
       COALESCE(sum((error_counts ->> 'PERMISSIONS_SQL_CORRUPTED')::bigint), 0)::bigint AS permissions_sql_corrupted,
       COALESCE(sum((error_counts ->> 'DEFECTIVE_PERMISSIONS_SQL_REMOVED')::bigint), 0)::bigint
         AS defective_permissions_sql_removed,
       COALESCE(sum((error_counts ->> 'SLOW_SCRIPT_NOTICE_COUNT')::bigint), 0)::bigint AS slow_script_notice_count,
       COALESCE(sum((error_counts ->> 'SLOW_SCRIPT_PAGE_COUNT')::bigint), 0)::bigint AS slow_script_page_count
FROM accepted
-- once for the population (no experiment), once per experiment
CROSS JOIN LATERAL (
  SELECT NULL::text AS experiment_id, NULL::text AS experiment_branch
  UNION ALL
  SELECT e.key, e.value ->> 'branch' FROM jsonb_each(COALESCE(accepted.experiments, '{}'::jsonb)) e
) x
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
