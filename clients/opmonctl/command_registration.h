#pragma once
// How opmonctl's commands are registered. A command keeps its options in one
// struct that its CLI::App binds to and its callback holds; once the command
// line is parsed, the named command's Run function gets the global options
// and that struct, and what it returns is opmonctl's exit code.
//
//   auto o = std::make_shared<ProjectsOptions>();
//   const Commands projects = parent.Group("projects", "stored projects: list, show, history, delete");
//   CLI::App* ls = projects.Add("ls", "list projects and their latest versions", o, RunList);
//   ls->add_flag("--all", o->all, "include deleted projects");

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace CLI {
class App;
}

namespace opmon::ctl {

struct GlobalOptions;

// A command's work: its exit code (0 done, 1 failed, 2 a usage error found
// after parsing).
template <typename Options>
using RunFunction = int (*)(const GlobalOptions& global, const Options& options);

// The subcommands of one CLI::App: opmonctl itself, or a command that has
// subcommands (`projects`, `live`).
class Commands {
 public:
  // The commands of `app`: they run with `global` and leave their result in
  // `exit_code`. All three must outlive the parse.
  Commands(CLI::App& app, const GlobalOptions& global, int& exit_code)
      : app_(app), global_(global), exit_code_(exit_code) {}

  CLI::App& app() const { return app_; }

  // Subcommand `name`, itself only a parent: exactly one of its subcommands
  // must be named.
  Commands Group(const std::string& name, const std::string& description) const;

  // Subcommand `name`, a parent that may also run itself (Run): `live
  // EXPERIMENT` and `live ingest FILE`.
  Commands Parent(const std::string& name, const std::string& description) const;

  // Subcommand `name`, which runs run(global, *options); returned for its own
  // options and arguments, which are bound to *options.
  template <typename Options>
  CLI::App* Add(const std::string& name, const std::string& description, std::shared_ptr<Options> options,
                std::type_identity_t<RunFunction<Options>> run) const {
    CLI::App* command = AddSubcommand(name, description);
    Commands(*command, global_, exit_code_).Run(std::move(options), run);
    return command;
  }

  // Subcommand `name` without options of its own (`status`, `tokens ls`).
  CLI::App* Add(const std::string& name, const std::string& description, int (*run)(const GlobalOptions&)) const;

  // app() itself runs run(global, *options) when none of its subcommands is
  // named (`errors -m count`, not `errors aggregate`).
  template <typename Options>
  void Run(std::shared_ptr<Options> options, std::type_identity_t<RunFunction<Options>> run) const {
    OnRun(app_, [options = std::move(options), run](const GlobalOptions& global) { return run(global, *options); });
  }

  // Once the command line is parsed, `command` (app() or one of its
  // subcommands) runs `run` unless one of its own subcommands was named; the
  // result is the exit code. For a command whose callback does more than
  // Add's (a check CLI11 cannot express, thrown as a CLI::ParseError).
  void OnRun(CLI::App& command, std::function<int(const GlobalOptions&)> run) const;

 private:
  // app_.add_subcommand, out of line: this header does not include CLI11.
  CLI::App* AddSubcommand(const std::string& name, const std::string& description) const;

  CLI::App& app_;
  const GlobalOptions& global_;
  int& exit_code_;
};

}  // namespace opmon::ctl
