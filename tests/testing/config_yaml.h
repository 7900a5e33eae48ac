#pragma once
// Small config files as YAML text, for tests of resolving, storing and
// re-resolving projects against their platform definitions. Header only:
// unit tests use it too.

#include <string>
#include <vector>

namespace opmon::testing {

// Definitions of `platform` with one data source, main (FROM
// `from_expression`), and a metric per name in `metrics`: SUM(<name>) over
// main, statistic sum. Each metric is written as
//   "  <name>:\n    select_expression: SUM(<name>)\n" ...
// so that tests can edit one by text replacement.
inline std::string SumMetricDefinitionsYaml(const std::string& platform, const std::vector<std::string>& metrics,
                                            const std::string& from_expression = "telemetry.main") {
  std::string yaml = "platform: " + platform + "\nmetrics:\n";
  for (const std::string& name : metrics) {
    yaml += "  " + name + ":\n    select_expression: SUM(" + name +
            ")\n    data_source: main\n    statistics: {sum: {}}\n";
  }
  return yaml + "data_sources:\n  main:\n    from_expression: " + from_expression + "\n";
}

// A project on `platform` monitoring the entire population of `data_source`
// with the one metric `metric`, which stands on line 3, column 13.
inline std::string OneMetricProjectYaml(const std::string& platform, const std::string& metric,
                                        const std::string& data_source = "main") {
  return "project:\n  platform: " + platform + "\n  metrics: [" + metric + "]\n  population: {data_source: " +
         data_source + ", monitor_entire_population: true}\n";
}

}  // namespace opmon::testing
