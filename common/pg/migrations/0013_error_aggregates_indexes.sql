-- Error aggregates (issue 15): cheaper indexes for the writer.
--
-- Every writer of opmon.error_aggregates holds one advisory lock and
-- replaces whole windows (services/compute/domain/errors/window_store.h),
-- summing each key once in memory, so a key cannot appear twice. The unique
-- constraint over twelve text columns guarded nothing the lock does not and
-- cost more than half of a day's aggregation (docs/performance.md, Error
-- aggregation). What remains serves the readers:
--  - window_start: replacing windows and time-range queries (QueryErrorAggregates);
--  - (channel, window_start) on the population rows: crash summaries and
--    crash_rate alerts, which read only experiment_id IS NULL per channel.
ALTER TABLE opmon.error_aggregates DROP CONSTRAINT error_aggregates_key;
DROP INDEX opmon.error_aggregates_channel_time_idx;
CREATE INDEX error_aggregates_window_idx ON opmon.error_aggregates (window_start);
CREATE INDEX error_aggregates_population_idx ON opmon.error_aggregates (channel, window_start)
  WHERE experiment_id IS NULL;
