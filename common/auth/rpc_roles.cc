#include "common/auth/rpc_roles.h"

#include <array>

namespace opmon::auth {
namespace {

constexpr Role kReader = Role::kReader;
constexpr Role kOperator = Role::kOperator;
constexpr Role kAdmin = Role::kAdmin;

// Previews and dry runs are reads: they run SQL but store nothing.
constexpr std::array kTable = std::to_array<RpcRole>({
    {"InfoService.GetInfo", kReader},

    {"ConfigService.ValidateProject", kReader},
    {"ConfigService.ApplyProject", kAdmin},
    {"ConfigService.GetProject", kReader},
    {"ConfigService.ListProjects", kReader},
    {"ConfigService.GetProjectHistory", kReader},
    {"ConfigService.DeleteProject", kAdmin},
    {"ConfigService.ApplyDefinitions", kAdmin},
    {"ConfigService.GetDefinitions", kReader},
    {"ConfigService.PutExperiment", kAdmin},
    {"ConfigService.ListExperiments", kReader},
    {"ConfigService.WatchProjects", kReader},

    {"TokenService.CreateToken", kAdmin},
    {"TokenService.ListTokens", kAdmin},
    {"TokenService.RevokeToken", kAdmin},

    {"ComputeService.RunProject", kOperator},
    {"ComputeService.Backfill", kOperator},
    {"ComputeService.Preview", kReader},
    {"ComputeService.DryRun", kReader},
    {"ComputeService.GetJob", kReader},
    {"ComputeService.ListJobs", kReader},
    {"ComputeService.CancelJob", kOperator},
    {"ComputeService.WatchJob", kReader},
    {"ComputeService.ComputePercentileCI", kReader},
    {"ComputeService.IngestEvents", kOperator},
    {"ComputeService.RunLiveAggregation", kOperator},
    {"ComputeService.RunErrorAggregation", kOperator},
    {"ComputeService.ImportLegacyAggregates", kOperator},

    {"StatisticsService.QueryStatistics", kReader},
    {"StatisticsService.GetProjectOverview", kReader},
    {"StatisticsService.PublishResults", kOperator},
    {"StatisticsService.ListAlerts", kReader},
    {"StatisticsService.GetLiveSeries", kReader},
    {"StatisticsService.GetCrashSummary", kReader},
    {"StatisticsService.QueryErrorAggregates", kReader},
    {"StatisticsService.QueryLegacyAggregates", kReader},

    {"LookmlService.GenerateProject", kReader},
    {"LookmlService.GenerateAll", kReader},
    {"LookmlService.RenderPreview", kReader},
});

}  // namespace

std::span<const RpcRole> RpcRoleTable() { return kTable; }

std::optional<Role> RequiredRole(std::string_view rpc) {
  for (const RpcRole& entry : kTable) {
    if (entry.rpc == rpc) return entry.role;
  }
  return std::nullopt;
}

}  // namespace opmon::auth
