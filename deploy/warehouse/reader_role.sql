-- The role compute's project SQL logs in as (opmon-compute --warehouse-user;
-- docs/operations.md "Security: project SQL and the warehouse role"): it may
-- log in and read the warehouse schema `telemetry`, nothing else. Run it in
-- the warehouse database as the role that owns (and later creates) the
-- telemetry tables; it is idempotent.
-- The local stack (deploy/local/stack.sh) and the test harness
-- (tests/testing/pg_cluster.cc) run it; a production warehouse gives the
-- role a password or certificate as its authentication requires.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'opmon_warehouse_reader') THEN
    CREATE ROLE opmon_warehouse_reader LOGIN;
  END IF;
END $$;
CREATE SCHEMA IF NOT EXISTS telemetry;
GRANT USAGE ON SCHEMA telemetry TO opmon_warehouse_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA telemetry TO opmon_warehouse_reader;
-- Tables this role creates in telemetry later (opmon-datagen, loaders).
ALTER DEFAULT PRIVILEGES IN SCHEMA telemetry GRANT SELECT ON TABLES TO opmon_warehouse_reader;
