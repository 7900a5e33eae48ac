#pragma once
// dashboards/<S>.dashboard.lookml: the LookML (YAML) form of a DashboardPlan.
// Every user-supplied text is a quoted YAML scalar; filter values are Looker
// filter expressions escaped with `^`.

#include <string>

#include "services/lookml/domain/dashboard_plan.h"
#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

std::string RenderDashboard(const ProjectLookmlInput& input, const DashboardPlan& plan);

}  // namespace opmon::lookml
