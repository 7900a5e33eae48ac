#include "clients/opmonctl/shared_options.h"

#include "CLI/CLI.hpp"

namespace opmon::ctl {

void AddSlugArgument(CLI::App& command, std::string& slug) {
  command.add_option("slug", slug, "project slug")->required();
}

void AddDateOption(CLI::App& command, std::string& date) {
  command.add_option("--date", date, "submission date, YYYY-MM-DD")->required();
}

void AddWaitTimeoutOption(CLI::App& command, double& seconds, const std::string& help) {
  command.add_option("--wait-timeout", seconds, help)->capture_default_str();
}

}  // namespace opmon::ctl
