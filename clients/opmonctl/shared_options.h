#pragma once
// Arguments and options that several opmonctl commands share, each with one
// name and help text.

#include <string>

namespace CLI {
class App;
}

namespace opmon::ctl {

// The required positional `slug`: "project slug".
void AddSlugArgument(CLI::App& command, std::string& slug);

// The required `--date`: "submission date, YYYY-MM-DD".
void AddDateOption(CLI::App& command, std::string& date);

// `--wait-timeout`: how long to follow a job, in seconds; `help` says what
// gives up. Its default is shown.
void AddWaitTimeoutOption(CLI::App& command, double& seconds, const std::string& help);

}  // namespace opmon::ctl
