#pragma once
// Where in a project file a config path is written: for errors found after
// resolution (compute's dry run names `metrics.<name>.select_expression`,
// `data_sources.<name>.from_expression`, ...), pointed back at the file.
//
// The path may be one compute wrote with an alternative, e.g.
// `project.population (data_sources.main.from_expression)` or
// `metrics.m.select_expression (or data_sources.s.from_expression)`: each
// named path is tried, first the exact node, then where the project file
// refers to the entry (a platform metric listed in `project.metrics`, the
// population's or a metric's `data_source`, a dimension in
// `population.dimensions`), then the nearest ancestor the file has
// (`metrics`, ...), else the top of the file (1:1).
//
// Pure; safe to call from many threads.

#include <string_view>

#include "services/config/domain/diagnostic.h"
#include "services/config/domain/front_end.h"

namespace opmon::config {

// The location (file, line, column) of `config_path` in `file`; its `path`
// is `config_path` as given. A file that does not parse gives 0:0.
SourceLocation LocateConfigPath(const SourceFile& file, std::string_view config_path);

}  // namespace opmon::config
