-- Cheaper live ingest (issue 14, Performance; docs/live.md).
--
-- Event ids and client ids are identities, only ever compared for equality:
-- the "C" collation compares their bytes instead of running the database
-- locale's strcoll in every primary-key and daily-clients probe and sort.
ALTER TABLE opmon.live_events ALTER COLUMN event_id TYPE text COLLATE "C";
ALTER TABLE opmon.live_daily_clients ALTER COLUMN client_id TYPE text COLLATE "C";

-- The only reader of opmon.live_events by anything but its id is the day's
-- recompute, by time range; (experiment, submission_timestamp) served no
-- query. Events arrive in about time order, so a BRIN range index finds a
-- day's pages at almost no cost per insert.
DROP INDEX opmon.live_events_window_idx;
CREATE INDEX live_events_time_brin ON opmon.live_events USING brin (submission_timestamp);
