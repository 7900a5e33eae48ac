#include "clients/opmonctl/command_registration.h"

#include "CLI/CLI.hpp"

namespace opmon::ctl {

Commands Commands::Group(const std::string& name, const std::string& description) const {
  CLI::App* group = AddSubcommand(name, description);
  group->require_subcommand(1);
  return Commands(*group, global_, exit_code_);
}

Commands Commands::Parent(const std::string& name, const std::string& description) const {
  return Commands(*AddSubcommand(name, description), global_, exit_code_);
}

CLI::App* Commands::Add(const std::string& name, const std::string& description,
                        int (*run)(const GlobalOptions&)) const {
  CLI::App* command = AddSubcommand(name, description);
  OnRun(*command, run);
  return command;
}

void Commands::OnRun(CLI::App& command, std::function<int(const GlobalOptions&)> run) const {
  command.callback([&command, &global = global_, &exit_code = exit_code_, run = std::move(run)] {
    if (!command.get_subcommands().empty()) return;  // that subcommand runs instead
    exit_code = run(global);
  });
}

CLI::App* Commands::AddSubcommand(const std::string& name, const std::string& description) const {
  return app_.add_subcommand(name, description);
}

}  // namespace opmon::ctl
