#include "services/compute/domain/dry_run.h"

#include <pqxx/pqxx>

#include <map>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "services/compute/domain/warehouse_session.h"
#include "services/compute/domain/client_query.h"

namespace opmon::compute {
namespace {

// EXPLAIN's error, empty when the statement plans. SQL errors are the
// answer here, not a failure; lost connections are.
absl::StatusOr<std::string> Explain(pg::Pool& warehouse, const WarehouseLimits& limits, const ClientQuery& query) {
  return warehouse.RunFor<std::string>("explain", [&](pqxx::connection& c) -> absl::StatusOr<std::string> {
    OPMON_RETURN_IF_ERROR(ConfineSession(c, limits));
    try {
      pqxx::read_transaction tx(c);
      tx.exec_params(absl::StrCat("EXPLAIN ", query.sql), pqxx::prepare::make_dynamic_params(query.params));
      return std::string();
    } catch (const pqxx::broken_connection&) {
      throw;
    } catch (const pqxx::sql_error& e) {
      std::string message = e.what();
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
      return message;
    }
  });
}

class DryRunner {
 public:
  DryRunner(pg::Pool& warehouse, const WarehouseLimits& limits, const config::ResolvedProject& project,
            absl::CivilDay day)
      : warehouse_(warehouse), limits_(limits), project_(project), day_(day) {}

  // `null_metrics`: every metric's expression replaced by NULL, to tell a
  // bad data source from bad metric expressions.
  absl::StatusOr<ClientQuery> Query(std::optional<std::vector<std::string>> metrics,
                                    std::optional<std::vector<std::string>> dimensions, bool null_metrics = false) {
    config::ResolvedProject narrowed = project_;
    if (null_metrics) {
      for (auto& m : narrowed.metrics) m.select_expression = "NULL";
    }
    if (dimensions) {
      std::vector<config::Dimension> kept;
      for (const auto& d : project_.dimensions) {
        if (std::find(dimensions->begin(), dimensions->end(), d.name) != dimensions->end()) kept.push_back(d);
      }
      narrowed.dimensions = kept;
    }
    ClientQueryOptions options;
    options.day = day_;
    options.only_metrics = std::move(metrics);
    return BuildClientQuery(narrowed, options);
  }

  // Adds a statement; returns its EXPLAIN error.
  absl::StatusOr<std::string> Check(const std::string& purpose, const ClientQuery& query, std::string config_path,
                                    DryRunReport& report) {
    OPMON_ASSIGN_OR_RETURN(std::string error, Explain(warehouse_, limits_, query));
    DryRunStatement s{purpose, InlineParams(query), error, error.empty() ? "" : std::move(config_path)};
    if (!error.empty()) report.ok = false;
    report.statements.push_back(std::move(s));
    return error;
  }

  absl::StatusOr<std::string> ExplainOnly(const ClientQuery& query) { return Explain(warehouse_, limits_, query); }

 private:
  pg::Pool& warehouse_;
  const WarehouseLimits& limits_;
  const config::ResolvedProject& project_;
  absl::CivilDay day_;
};

}  // namespace

absl::StatusOr<DryRunReport> DryRunProject(pg::Pool& warehouse, const WarehouseLimits& limits,
                                           const config::ResolvedProject& project, absl::CivilDay day) {
  DryRunReport report;
  const WarehouseLimits project_limits = ForProject(limits, project.statement_timeout_seconds);
  DryRunner runner(warehouse, project_limits, project, day);
  const std::string population_path = absl::StrCat("data_sources.", project.population.data_source, ".from_expression");

  // The population, narrowed to a dimension when the dimensions are at fault.
  OPMON_ASSIGN_OR_RETURN(ClientQuery population, runner.Query(std::vector<std::string>{}, std::nullopt));
  OPMON_ASSIGN_OR_RETURN(std::string population_error, runner.ExplainOnly(population));
  std::string population_path_found = "project.population";
  if (!population_error.empty()) {
    OPMON_ASSIGN_OR_RETURN(ClientQuery bare, runner.Query(std::vector<std::string>{}, std::vector<std::string>{}));
    OPMON_ASSIGN_OR_RETURN(std::string bare_error, runner.ExplainOnly(bare));
    if (bare_error.empty()) {
      for (const auto& d : project.dimensions) {
        OPMON_ASSIGN_OR_RETURN(ClientQuery one, runner.Query(std::vector<std::string>{}, std::vector<std::string>{d.name}));
        OPMON_ASSIGN_OR_RETURN(std::string one_error, runner.ExplainOnly(one));
        if (!one_error.empty()) {
          population_path_found = absl::StrCat("dimensions.", d.name, ".select_expression");
          break;
        }
      }
    } else {
      population_path_found = absl::StrCat("project.population (", population_path, ")");
    }
  }
  OPMON_ASSIGN_OR_RETURN(std::string ignored, runner.Check("population", population, population_path_found, report));
  (void)ignored;

  // Each data source with its metrics.
  std::map<std::string, std::vector<std::string>> by_source;
  for (const auto& m : project.metrics) by_source[m.data_source].push_back(m.name);
  for (const auto& [source, metrics] : by_source) {
    OPMON_ASSIGN_OR_RETURN(ClientQuery q, runner.Query(metrics, std::nullopt));
    OPMON_ASSIGN_OR_RETURN(std::string error, runner.ExplainOnly(q));
    std::string path = absl::StrCat("data_sources.", source, ".from_expression");
    if (!error.empty() && population_error.empty()) {
      // The source is at fault when it fails even with every metric's
      // expression replaced by NULL; else the first metric failing alone.
      OPMON_ASSIGN_OR_RETURN(ClientQuery bare, runner.Query(metrics, std::nullopt, /*null_metrics=*/true));
      OPMON_ASSIGN_OR_RETURN(std::string bare_error, runner.ExplainOnly(bare));
      if (bare_error.empty()) {
        for (const std::string& metric : metrics) {
          OPMON_ASSIGN_OR_RETURN(ClientQuery one, runner.Query(std::vector<std::string>{metric}, std::nullopt));
          OPMON_ASSIGN_OR_RETURN(std::string one_error, runner.ExplainOnly(one));
          if (!one_error.empty()) {
            path = absl::StrCat("metrics.", metric, ".select_expression");
            break;
          }
        }
      }
    } else if (!error.empty()) {
      path = population_path_found;
    }
    OPMON_ASSIGN_OR_RETURN(std::string checked, runner.Check(absl::StrCat("data source ", source), q, path, report));
    (void)checked;
  }

  // The statement a run executes.
  OPMON_ASSIGN_OR_RETURN(ClientQuery full, runner.Query(std::nullopt, std::nullopt));
  OPMON_ASSIGN_OR_RETURN(std::string full_error, runner.ExplainOnly(full));
  std::string full_path;
  for (const auto& s : report.statements) {
    if (!s.config_path.empty()) {
      full_path = s.config_path;
      break;
    }
  }
  DryRunStatement run{"run", InlineParams(full), full_error, full_error.empty() ? "" : full_path};
  if (!full_error.empty()) report.ok = false;
  report.statements.push_back(std::move(run));
  return report;
}

}  // namespace opmon::compute
