-- Cheaper live ingest (issue 14, Performance; docs/live.md).
--
-- Event ids and client ids are identities, only ever compared for equality:
-- the "C" collation compares their bytes instead of running the database
-- locale's strcoll in every primary-key and daily-clients probe and sort.
ALTER TABLE opmon.live_events ALTER COLUMN event_id TYPE text COLLATE "C";
ALTER TABLE opmon.live_daily_clients ALTER COLUMN client_id TYPE text COLLATE "C";

-- Every stored event probes its day's client key. The client first: most
-- comparisons end at the first column, byte-compared, instead of walking
-- experiment and branch (locale-compared, the nullable branch defeating
-- attribute caching). The series reader and the day's recompute find an
-- experiment's rows through their own index.
ALTER TABLE opmon.live_daily_clients DROP CONSTRAINT live_daily_clients_key;
ALTER TABLE opmon.live_daily_clients
  ADD CONSTRAINT live_daily_clients_key UNIQUE NULLS NOT DISTINCT (client_id, day, experiment, branch);
CREATE INDEX live_daily_clients_experiment_idx ON opmon.live_daily_clients (experiment, day);

-- The only reader of opmon.live_events by anything but its id is the day's
-- recompute, by time range; (experiment, submission_timestamp) served no
-- query. Events arrive in about time order, so a BRIN range index finds a
-- day's pages at almost no cost per insert.
DROP INDEX opmon.live_events_window_idx;
CREATE INDEX live_events_time_brin ON opmon.live_events USING brin (submission_timestamp);
