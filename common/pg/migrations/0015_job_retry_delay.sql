-- A job that failed transiently (the warehouse or the results database
-- unavailable, a serialization abort) goes back to the queue with a delay
-- that doubles with each attempt (services/compute/domain/attempt_end.h), so
-- that a restart of a few seconds does not use up every attempt at once.
-- NULL: claimable now.
ALTER TABLE opmon.jobs ADD COLUMN not_before timestamptz;
