-- Project-days whose results are committed and whose alerts no statistics
-- replica has evaluated yet (issue 13). Compute inserts a row in the
-- transaction that writes a day's results (next to the data version bump and
-- its NOTIFY opmon_data_versions), so a crash of compute after its commit, or
-- a statistics service that is down, loses no evaluation. A statistics
-- replica claims rows with FOR UPDATE SKIP LOCKED (at start, on NOTIFY, and
-- when a row falls due), evaluates the alerts of their days and deletes them
-- in the transaction that stores the alerts; PublishResults deletes the rows
-- of the days it evaluates. Several rows may name the same day (one per
-- commit): inserting never waits on a row a replica is evaluating.
-- `committed_at` is clock_timestamp() at insert, just before COMMIT, not the
-- start of the (long) results transaction: replicas leave a row alone for a
-- grace period so that compute's own PublishResults normally evaluates it.
CREATE TABLE opmon.alerts_pending (
  id              bigserial   PRIMARY KEY,
  slug            text        NOT NULL,
  submission_date date        NOT NULL,
  committed_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX alerts_pending_due_idx ON opmon.alerts_pending (committed_at, id);
CREATE INDEX alerts_pending_slug_idx ON opmon.alerts_pending (slug, submission_date);
