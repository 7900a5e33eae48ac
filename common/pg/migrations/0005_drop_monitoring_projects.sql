-- opmon.monitoring_projects (0002) had no reader: the LookML generator and
-- statistics read the resolved project from opmon.project_versions
-- (common/projects) and the facts of its results from opmon_results.
DROP TABLE IF EXISTS opmon.monitoring_projects;
