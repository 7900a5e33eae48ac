#include "tests/integration/compute/small_warehouse.h"

#include "absl/strings/str_cat.h"
#include "common/sql/quote.h"

namespace opmon::compute::testing {
namespace {

// One Firefox-style histogram from three bucket counts (SQL expressions).
std::string Histogram(const std::string& keys) {
  return absl::StrCat("json_build_object('bucket_count', 10, 'histogram_type', 0, 'sum', 0, 'range', '[1, 1000]'::json, ",
                      "'values', json_build_object(", keys, "))");
}

}  // namespace

std::string SmallWarehouseSql() {
  const std::string gc = Histogram(
      "'1', (c * 13 + p * 7 + dd) % 10, '5', (c * 5 + p * 3 + dd) % 7 + 1, '20', (c * 3 + dd) % 4, "
      "'100', CASE WHEN c % 2 = 1 THEN (c + p) % 5 ELSE 0 END");
  const std::string fcp = Histogram(
      "'100', (c * 7 + p) % 6, '200', (c * 11 + dd) % 5 + 1, '400', CASE WHEN c % 2 = 1 THEN (c + p + dd) % 6 + 1 ELSE (c + p) % 3 END, "
      "'800', (c + dd) % 2");
  const std::string cc = Histogram("'0', (c + p) % 3, '3', (c * 3 + p) % 4 + 1, '9', (c + dd) % 3");
  const std::string mem = Histogram(
      "'1000', (c * 17 + p) % 5, '4000', (c + p * 5 + dd) % 6 + 1, '16000', CASE WHEN c % 2 = 1 THEN 3 ELSE 1 END");
  return absl::StrCat(R"sql(
CREATE SCHEMA IF NOT EXISTS telemetry;  -- the template's, with the warehouse role's grants
DROP TABLE IF EXISTS telemetry.main, telemetry.crash, telemetry.events;
CREATE TABLE telemetry.main (
  client_id text, sample_id int, submission_timestamp timestamptz, submission_date date,
  normalized_channel text, normalized_os text, normalized_os_version text, country text,
  app_version text, build_id text, experiments jsonb,
  gc_ms json, cycle_collector_max_pause json, perf_first_contentful_paint_ms json, memory_total json,
  active_ticks int, uri_count int, search_count int, pref_fission_enabled bool);
CREATE TABLE telemetry.crash (
  client_id text, submission_date date, submission_timestamp timestamptz, normalized_channel text,
  normalized_os text, build_id text, experiments jsonb, process_type text);
CREATE TABLE telemetry.events (
  client_id text, submission_timestamp timestamptz, submission_date date, event_category text,
  event_method text, event_object text, experiment text, branch text);

INSERT INTO telemetry.main
SELECT 'c' || c, c % 100, day + make_interval(secs => p * 60), day,
       (ARRAY['nightly', 'beta', 'release'])[1 + c % 3],
       (ARRAY['Windows', 'Linux', 'Darwin'])[1 + (c / 3) % 3],
       '10.' || (c % 4),
       (ARRAY['US', 'DE', 'FR', 'IN'])[1 + (c / 9) % 4],
       '125.0',
       to_char(day - ((c + p) % 3) - (dd % 2), 'YYYYMMDD') || '0' || (c % 2) || '0000',
       CASE WHEN c % 7 = 0 THEN '{}'::jsonb ELSE jsonb_build_object(
         'fission-experiment', jsonb_build_object('branch', CASE WHEN c % 2 = 0 THEN 'control' ELSE 'treatment' END),
         'engagement-statistics', jsonb_build_object('branch', CASE WHEN (c / 2) % 2 = 0 THEN 'control' ELSE 'treatment' END))
       END,
       )sql", gc, ",\n       ", cc, ",\n       ", fcp, ",\n       ", mem, R"sql(,
       (c * 31 + p * 17 + dd) % 100,
       (c * 11 + p + dd) % 50,
       (c + p + dd) % 7,
       CASE WHEN c % 11 = 0 THEN NULL ELSE c % 2 = 0 END
  FROM generate_series(1, 400) AS c,
       generate_series(date '2024-02-01', date '2024-02-10', interval '1 day') AS g(day_ts),
       LATERAL (SELECT g.day_ts::date AS day, extract(day FROM g.day_ts)::int AS dd) AS d,
       LATERAL generate_series(1, 1 + (c * 7 + d.dd) % 4) AS p
 WHERE (c + d.dd) % 5 <> 0;

-- 10,001 pings in one day: dropped from every statistic.
INSERT INTO telemetry.main (client_id, sample_id, submission_timestamp, submission_date, normalized_channel,
                            normalized_os, country, build_id, experiments, gc_ms, active_ticks, uri_count, search_count)
SELECT 'heavy', 7, date '2024-02-10' + make_interval(secs => p), date '2024-02-10', 'nightly', 'Linux', 'US',
       '20240209000000',
       '{"fission-experiment": {"branch": "control"}, "engagement-statistics": {"branch": "control"}}',
       '{"values": {"1": 1000}}', 1000, 1000, 1000
  FROM generate_series(1, 10001) AS p;

-- A malformed histogram: counted, never fatal.
INSERT INTO telemetry.main (client_id, sample_id, submission_timestamp, submission_date, normalized_channel,
                            normalized_os, country, build_id, experiments, gc_ms, active_ticks, uri_count, search_count)
VALUES ('bad', 8, '2024-02-10 12:00:00+00', '2024-02-10', 'nightly', 'Linux', 'US', '20240209000000',
        '{"fission-experiment": {"branch": "control"}}', '{"values": {"x": 1}}', 5, 5, 5);

INSERT INTO telemetry.crash
SELECT m.client_id, m.submission_date, m.submission_timestamp, m.normalized_channel, m.normalized_os, m.build_id,
       m.experiments, CASE WHEN k % 2 = 0 THEN 'main' ELSE 'content' END
  FROM (SELECT DISTINCT ON (client_id, submission_date) * FROM telemetry.main
         WHERE client_id LIKE 'c%' ORDER BY client_id, submission_date, submission_timestamp) AS m,
       generate_series(1, 1 + (substr(m.client_id, 2)::int % 3)) AS k
 WHERE substr(m.client_id, 2)::int % 4 = 0;

INSERT INTO telemetry.events
SELECT m.client_id, m.submission_timestamp, m.submission_date,
       CASE WHEN k = 1 THEN 'memory_watcher' ELSE 'other' END, 'm', 'o',
       'fission-experiment', m.experiments -> 'fission-experiment' ->> 'branch'
  FROM (SELECT DISTINCT ON (client_id, submission_date) * FROM telemetry.main
         WHERE client_id LIKE 'c%' ORDER BY client_id, submission_date, submission_timestamp) AS m,
       generate_series(1, 2) AS k
 WHERE substr(m.client_id, 2)::int % 5 = 1;
ANALYZE telemetry.main;
ANALYZE telemetry.crash;
ANALYZE telemetry.events;
)sql");
}

std::string StoreProjectSql(const std::string& slug, const std::string& canonical_json, int version) {
  return absl::StrCat(
      "INSERT INTO opmon.project_versions (slug, version, content_hash, resolved) VALUES (", sql::QuoteLiteral(slug), ", ",
      version, ", 'test', ", sql::QuoteLiteral(canonical_json), "::jsonb);\n",
      "INSERT INTO opmon.projects (slug, latest_version) VALUES (", sql::QuoteLiteral(slug), ", ", version,
      ") ON CONFLICT (slug) DO UPDATE SET latest_version = EXCLUDED.latest_version, deleted = false;\n");
}

}  // namespace opmon::compute::testing
