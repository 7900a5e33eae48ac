#pragma once
// Explores, the datagroup and the model file of the generated Looker project.
// Includes are absolute from the Looker project root ("/views/x.view.lkml").

#include <string>
#include <vector>

#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

// explores/<S>.explore.lkml: hidden, always filtered on the project's
// branches, cached with the project's datagroup.
std::string RenderExplore(const ProjectLookmlInput& input);

// explores/<S>_alerts.explore.lkml (alerting only).
std::string RenderAlertsExplore(const ProjectLookmlInput& input);

// datagroups/<S>_last_updated.datagroup.lkml: the cache is invalidated when
// the project's row in opmon.data_versions changes (compute bumps it in the
// transaction that replaces results) and, with alerting, when its alerts in
// opmon.alerts change (the statistics service stores them after compute's
// commit, so the data version alone could let Looker cache the alerts of a
// half-published day).
std::string RenderDatagroup(const ProjectLookmlInput& input);

// operational_monitoring.model.lkml: the connection and an include per
// explore and dashboard file in `paths` (every other path is ignored).
std::string RenderModel(const std::string& connection, const std::vector<std::string>& paths);

}  // namespace opmon::lookml
