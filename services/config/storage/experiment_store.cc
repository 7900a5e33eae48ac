#include "services/config/storage/experiment_store.h"

#include <optional>
#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "common/pg/pool.h"
#include "common/time/civil_day.h"
#include "nlohmann/json.hpp"
#include "services/config/storage/store_transactions.h"

namespace opmon::config {
namespace {

std::optional<std::string> DayText(const std::optional<absl::CivilDay>& day) {
  if (!day) return std::nullopt;
  return time::FormatCivilDay(*day);
}

const char* OrNull(const std::optional<std::string>& text) { return text ? text->c_str() : nullptr; }

absl::StatusOr<std::optional<absl::CivilDay>> ReadDay(const pqxx::field& field, std::string_view name) {
  if (field.is_null()) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = time::ParseCivilDay(field.c_str(), name);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

}  // namespace

absl::Status ExperimentStore::Put(const RegisteredExperiment& entry) {
  const Experiment& e = entry.experiment;
  const std::string branches = nlohmann::json(e.branches).dump();
  const std::string ratios = nlohmann::json(entry.ratios).dump();
  const std::optional<std::string> start = DayText(e.start_date);
  const std::optional<std::string> end = DayText(e.end_date);
  return pool_.Run("put experiment", [&](pqxx::connection& conn) {
    constexpr std::string_view kUpsert =
        "INSERT INTO opmon.experiments "
        "(slug, platform, name, start_date, end_date, reference_branch, is_rollout, branches, ratios) "
        "VALUES ($1, $2, $3, $4::date, $5::date, $6, $7, "
        "  ARRAY(SELECT jsonb_array_elements_text($8::jsonb)), "
        "  ARRAY(SELECT jsonb_array_elements_text($9::jsonb)::integer)) "
        "ON CONFLICT (slug) DO UPDATE SET platform = EXCLUDED.platform, name = EXCLUDED.name, "
        "  start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date, "
        "  reference_branch = EXCLUDED.reference_branch, is_rollout = EXCLUDED.is_rollout, "
        "  branches = EXCLUDED.branches, ratios = EXCLUDED.ratios, updated_at = now()";
    pqxx::work tx(conn);
    tx.exec_params(std::string(kUpsert), e.slug, e.app_name, entry.name, OrNull(start), OrNull(end),
                   e.reference_branch, e.is_rollout, branches, ratios);
    tx.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<RegisteredExperiment>> ReadExperiments(pqxx::transaction_base& tx,
                                                                  std::string_view platform_view) {
  constexpr std::string_view kSql =
      "SELECT slug, platform, name, to_char(start_date, 'YYYY-MM-DD'), "
      "  to_char(end_date, 'YYYY-MM-DD'), reference_branch, is_rollout, "
      "  array_to_json(branches)::text, array_to_json(ratios)::text "
      "FROM opmon.experiments WHERE $1 = '' OR platform = $1 ORDER BY slug";
  std::vector<RegisteredExperiment> out;
  for (const auto& row : tx.exec_params(std::string(kSql), std::string(platform_view))) {
    RegisteredExperiment entry;
    Experiment& e = entry.experiment;
    e.slug = row[0].as<std::string>();
    e.app_name = row[1].as<std::string>();
    entry.name = row[2].as<std::string>();
    absl::StatusOr<std::optional<absl::CivilDay>> start = ReadDay(row[3], "start_date");
    if (!start.ok()) return start.status();
    absl::StatusOr<std::optional<absl::CivilDay>> end = ReadDay(row[4], "end_date");
    if (!end.ok()) return end.status();
    e.start_date = *start;
    e.end_date = *end;
    e.reference_branch = row[5].as<std::string>();
    e.is_rollout = row[6].as<bool>();
    e.branches = nlohmann::json::parse(row[7].c_str()).get<std::vector<std::string>>();
    entry.ratios = nlohmann::json::parse(row[8].c_str()).get<std::vector<int>>();
    out.push_back(std::move(entry));
  }
  return out;
}

absl::StatusOr<std::vector<RegisteredExperiment>> ExperimentStore::List(std::string_view platform_view) {
  using Entries = std::vector<RegisteredExperiment>;
  return pool_.RunFor<Entries>("list experiments", [&](pqxx::connection& conn) -> absl::StatusOr<Entries> {
    pqxx::read_transaction tx(conn);
    return ReadExperiments(tx, platform_view);
  });
}

}  // namespace opmon::config
