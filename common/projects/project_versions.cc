#include "common/projects/project_versions.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"

namespace opmon::projects {
namespace {

// The leading columns both version reads select, in this order.
constexpr char kVersionColumns[] =
    "version, content_hash, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
    "message, deleted";

ProjectVersionRow VersionFrom(const pqxx::row& row, const std::string& slug) {
  ProjectVersionRow out;
  out.slug = slug;
  out.version = row[0].as<int64_t>();
  out.content_hash = row[1].as<std::string>();
  out.created_at = row[2].as<std::string>();
  out.message = row[3].as<std::string>();
  out.deleted = row[4].as<bool>();
  return out;
}

}  // namespace

std::optional<ProjectHead> ReadProjectHead(pqxx::transaction_base& tx, const std::string& slug) {
  constexpr std::string_view kSql = "SELECT latest_version, deleted FROM opmon.projects WHERE slug = $1";
  const pqxx::result rows = tx.exec_params(std::string(kSql), slug);
  if (rows.empty()) return std::nullopt;
  return ProjectHead{rows[0][0].as<int64_t>(), rows[0][1].as<bool>()};
}

std::optional<ProjectVersionRow> ReadVersionRow(pqxx::transaction_base& tx, const std::string& slug,
                                                int64_t version) {
  const std::string sql = absl::StrCat("SELECT ", kVersionColumns,
                                       ", source_path, source_format, source, resolved::text "
                                       "FROM opmon.project_versions WHERE slug = $1 AND version = $2");
  const pqxx::result rows = tx.exec_params(sql, slug, version);
  if (rows.empty()) return std::nullopt;
  const pqxx::row row = rows[0];
  ProjectVersionRow out = VersionFrom(row, slug);
  out.source_path = row[5].as<std::string>();
  out.source_format = row[6].as<std::string>();
  out.source = row[7].as<std::string>();
  if (!row[8].is_null()) out.resolved_json = row[8].as<std::string>();
  return out;
}

std::string ReadAlertWebhookUrl(pqxx::transaction_base& tx, const std::string& slug, int64_t version) {
  constexpr std::string_view kSql =
      "SELECT COALESCE(resolved->>'alert_webhook_url', '') FROM opmon.project_versions "
      "WHERE slug = $1 AND version = $2";
  const pqxx::result rows = tx.exec_params(std::string(kSql), slug, version);
  return rows.empty() ? std::string() : rows[0][0].as<std::string>();
}

std::vector<ProjectVersionRow> ReadVersionHistory(pqxx::transaction_base& tx, const std::string& slug) {
  const std::string sql = absl::StrCat("SELECT ", kVersionColumns,
                                       " FROM opmon.project_versions WHERE slug = $1 ORDER BY version DESC");
  std::vector<ProjectVersionRow> out;
  for (const pqxx::row& row : tx.exec_params(sql, slug)) out.push_back(VersionFrom(row, slug));
  return out;
}

std::vector<LatestVersionSummary> ReadLatestSummaries(pqxx::transaction_base& tx, bool include_deleted) {
  // The name and dates come from the resolved content; a deletion marker
  // repeats it, so deleted projects list with them too.
  constexpr std::string_view kSql =
      "SELECT p.slug, p.latest_version, p.deleted, "
      "  to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
      "  coalesce(v.resolved->>'name', ''), coalesce(v.resolved->>'platform', ''), "
      "  coalesce(v.resolved->>'start_date', ''), coalesce(v.resolved->>'end_date', '') "
      "FROM opmon.projects p "
      "JOIN opmon.project_versions v ON v.slug = p.slug AND v.version = p.latest_version "
      "WHERE $1 OR NOT p.deleted ORDER BY p.slug";
  std::vector<LatestVersionSummary> out;
  for (const auto& row : tx.exec_params(std::string(kSql), include_deleted)) {
    out.push_back({.slug = row[0].as<std::string>(),
                   .name = row[4].as<std::string>(),
                   .platform = row[5].as<std::string>(),
                   .version = row[1].as<int64_t>(),
                   .updated_at = row[3].as<std::string>(),
                   .start_date = row[6].as<std::string>(),
                   .end_date = row[7].as<std::string>(),
                   .deleted = row[2].as<bool>()});
  }
  return out;
}

std::vector<std::string> ReadLiveSlugs(pqxx::transaction_base& tx) {
  constexpr std::string_view kSql = "SELECT slug FROM opmon.projects WHERE NOT deleted ORDER BY slug";
  std::vector<std::string> out;
  for (const auto& row : tx.exec(std::string(kSql))) out.push_back(row[0].as<std::string>());
  return out;
}

}  // namespace opmon::projects
