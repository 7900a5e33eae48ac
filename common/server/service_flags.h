#pragma once
// How a service binary declares its flags: each one falls back to the
// environment variable named after it under the service's prefix
// (opmon-statistics --webhook-workers: OPMON_STATISTICS_WEBHOOK_WORKERS), so
// every flag can be set either way and the names follow one rule.

#include <string>
#include <string_view>

#include "CLI/CLI.hpp"

namespace opmon::server {

// ("OPMON_STATISTICS", "--webhook-workers") -> "OPMON_STATISTICS_WEBHOOK_WORKERS".
std::string FlagEnvName(std::string_view env_prefix, std::string_view flag);

class ServiceFlags {
 public:
  // `app` must outlive this object. `env_prefix`: e.g. "OPMON_CONFIG".
  ServiceFlags(CLI::App& app, std::string env_prefix) : app_(app), env_prefix_(std::move(env_prefix)) {}

  // The option `flag` ("--name") into `value`, read from FlagEnvName when not
  // given on the command line; --help shows its default.
  template <typename T>
  CLI::Option* Option(const std::string& flag, T& value, const std::string& help) {
    return app_.add_option(flag, value, help)->envname(FlagEnvName(env_prefix_, flag))->capture_default_str();
  }
  // A boolean flag, likewise (any non-empty value but false/0/off sets it).
  CLI::Option* Flag(const std::string& flag, bool& value, const std::string& help) {
    return app_.add_flag(flag, value, help)->envname(FlagEnvName(env_prefix_, flag));
  }

  // For what does not follow the rule: shared variables (OPMON_DB_URL,
  // OPMON_CONFIG_ADDR), option functions, hidden test flags.
  CLI::App& app() { return app_; }
  const std::string& env_prefix() const { return env_prefix_; }

 private:
  CLI::App& app_;
  std::string env_prefix_;
};

}  // namespace opmon::server
