-- Legacy telemetry aggregates as mozaggregator stored them (issue 16), for
-- the demo and the benchmark: one table per (aggregate type, channel,
-- version, day), named build_id_<channel>_<version>_<YYYYMMDD> and
-- submission_date_<channel>_<version>_<YYYYMMDD>, each row a dimensions
-- jsonb object and a bigint[] histogram whose last two elements are the sum
-- and the count; a gin index per table and the reference's bookkeeping table
-- (both skipped by an import). Deterministic (no random()): re-running
-- replaces the tables with the same content.
--
--   psql "$DSN" -v ON_ERROR_STOP=1 -v days=3 -v end_date=2024-02-20 -v rows=2000 -f legacy_tables.sql
--
-- rows: rows per table (rounded to whole dimension combinations).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\o /dev/null
SELECT set_config('opmon.legacy_days', :'days', false),
       set_config('opmon.legacy_end_date', :'end_date', false),
       set_config('opmon.legacy_rows', :'rows', false);
\o

CREATE TABLE IF NOT EXISTS table_update_dates (tablename text PRIMARY KEY, updated timestamptz);

DO $$
DECLARE
  days     int  := current_setting('opmon.legacy_days')::int;
  end_date date := current_setting('opmon.legacy_end_date')::date;
  per_table int := current_setting('opmon.legacy_rows')::int;
  the_day date;
  kind text;
  ch record;
  t text;
BEGIN
  FOR d IN 0 .. days - 1 LOOP
    the_day := end_date - d;
    FOREACH kind IN ARRAY ARRAY['build_id', 'submission_date'] LOOP
      FOR ch IN SELECT * FROM (VALUES ('nightly', 124), ('beta', 123), ('release', 122), ('release', 121)) AS c(name, version) LOOP
        t := format('%s_%s_%s_%s', kind, ch.name, ch.version, to_char(the_day, 'YYYYMMDD'));
        EXECUTE format('DROP TABLE IF EXISTS %I', t);
        EXECUTE format('CREATE TABLE %I (dimensions jsonb, histogram bigint[])', t);
        -- Dimension combinations x metrics; a histogram of 20 buckets with a
        -- log-normal-ish shape that drifts with the day and the version,
        -- then its sum and count.
        EXECUTE format($sql$
          INSERT INTO %I
          SELECT jsonb_build_object('os', os, 'osVersion', os_version, 'child', child, 'application', app,
                                    'architecture', arch, 'metric', metric, 'label', label),
                 buckets || ARRAY[(SELECT sum(b * i) FROM unnest(buckets) WITH ORDINALITY AS u(b, i)),
                                  (SELECT sum(b) FROM unnest(buckets) AS u(b))]::bigint[]
          FROM (
            SELECT os, os_version, child, app, arch, metric, label,
                   ARRAY(SELECT (1000 * exp(-((ln(i) - ln(4 + (n %% 5) + length(metric || os) %% 4 + %s %% 3)) ^ 2) / 0.8))::bigint
                         FROM generate_series(1, 20) AS i) AS buckets
            FROM generate_series(1, greatest(1, %s / 96)) AS n,
                 (VALUES ('Windows_NT', '10.0'), ('Darwin', '23.1'), ('Linux', '6.5')) AS o(os, os_version),
                 (VALUES ('false'), ('true')) AS c(child),
                 (VALUES ('Firefox', 'x86-64'), ('Firefox', 'x86')) AS a(app, arch),
                 (VALUES ('GC_MS', ''), ('CYCLE_COLLECTOR', ''), ('HTTP_PAGELOAD_IS_SSL', ''),
                         ('SEARCH_COUNTS', 'google.urlbar'), ('SEARCH_COUNTS', E'bing.contextmenu'),
                         ('SEARCH_COUNTS', E'duckduckgo\tsearchbar'), ('DEVTOOLS_TOOLBOX_OPENED', E'web\\console'),
                         ('FX_TAB_SWITCH_TOTAL_MS', 'café "quoted"')) AS m(metric, label)
          ) AS rows$sql$, t, extract(day FROM the_day)::int + ch.version, per_table);
        EXECUTE format('CREATE INDEX %I ON %I USING gin (dimensions jsonb_path_ops)', t || '_dimensions_idx', t);
        INSERT INTO table_update_dates VALUES (t, now())
        ON CONFLICT (tablename) DO UPDATE SET updated = EXCLUDED.updated;
      END LOOP;
    END LOOP;
  END LOOP;
END
$$;
