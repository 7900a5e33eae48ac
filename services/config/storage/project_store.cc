#include "services/config/storage/project_store.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"
#include "common/config/table_name.h"
#include "common/results/relation_name.h"
#include "common/hash/sha256.h"
#include "common/pg/pool.h"
#include "common/projects/project_versions.h"
#include "services/config/domain/project_diff.h"
#include "services/config/storage/change_log.h"
#include "services/config/storage/store_transactions.h"

namespace opmon::config {
namespace {

// jsonb keeps the resolved project queryable (ListProjects reads its name and
// dates) but not byte-exact; the canonical form is rebuilt on read and checked
// against the stored hash.
absl::StatusOr<std::string> CanonicalFromJsonb(absl::string_view slug, int64_t version,
                                               std::string_view jsonb, absl::string_view hash) {
  absl::StatusOr<ResolvedProject> project = ParseCanonicalJson(jsonb);
  if (!project.ok()) {
    return absl::DataLossError(absl::StrCat("project \"", slug, "\" version ", version,
                                            ": stored resolved content does not parse: ",
                                            project.status().message()));
  }
  std::string canonical = ToCanonicalJson(*project);
  if (hash::Sha256Hex(canonical) != hash) {
    return absl::DataLossError(absl::StrCat("project \"", slug, "\" version ", version,
                                            ": stored resolved content does not match its hash ",
                                            hash));
  }
  return canonical;
}

// The row as the API shows it; resolved_json stays empty (the caller checks
// it against the hash first).
StoredProjectVersion FromRow(const projects::ProjectVersionRow& row) {
  StoredProjectVersion out;
  out.slug = row.slug;
  out.version = row.version;
  out.content_hash = row.content_hash;
  out.created_at = row.created_at;
  out.message = row.message;
  out.source.path = row.source_path;
  out.source.format = FormatFromName(row.source_format);
  out.source.text = row.source;
  out.deleted = row.deleted;
  return out;
}

struct LatestRow {
  int64_t version = 0;
  bool deleted = false;
};

}  // namespace

void LockDefinitionsShared(pqxx::work& tx) {
  tx.exec("SELECT pg_advisory_xact_lock_shared(hashtext('opmon.definitions'))");
}

void LockDefinitionsExclusive(pqxx::work& tx) { tx.exec("SELECT pg_advisory_xact_lock(hashtext('opmon.definitions'))"); }

absl::StatusOr<ProjectApplyOutcome> WriteProjectVersion(pqxx::work& tx, const SourceFile& source,
                                                        const ResolvedProject& project, std::string_view message) {
  const std::string canonical = ToCanonicalJson(project);
  const std::string hash = hash::Sha256Hex(canonical);
  const std::string table = ResultsTableName(project.slug);
  // Two slugs sharing a results relation must not both be applied at once:
  // each apply locks every relation name it owns, in one order (no deadlock).
  constexpr std::string_view kTableLock = "SELECT pg_advisory_xact_lock(hashtext('opmon.results_table:' || $1))";
  constexpr std::string_view kEnsureRow =
      "INSERT INTO opmon.projects (slug, latest_version) VALUES ($1, 0) ON CONFLICT (slug) DO NOTHING";
  constexpr std::string_view kLockRow = "SELECT latest_version, deleted FROM opmon.projects WHERE slug = $1 FOR UPDATE";
  constexpr std::string_view kLatest =
      "SELECT content_hash, resolved::text FROM opmon.project_versions WHERE slug = $1 AND version = $2";
  constexpr std::string_view kOthers = "SELECT slug FROM opmon.projects WHERE slug <> $1 AND NOT deleted ORDER BY slug";
  constexpr std::string_view kInsert =
      "INSERT INTO opmon.project_versions "
      "(slug, version, content_hash, source_path, source_format, source, resolved, message) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)";
  constexpr std::string_view kUpdate =
      "UPDATE opmon.projects SET latest_version = $2, deleted = false, updated_at = now() WHERE slug = $1";
  std::vector<std::string> relations = results::RelationNames(table);
  std::sort(relations.begin(), relations.end());
  for (const std::string& relation : relations) tx.exec_params(std::string(kTableLock), relation);
  tx.exec_params(std::string(kEnsureRow), project.slug);
  const pqxx::row locked = tx.exec_params1(std::string(kLockRow), project.slug);
  const LatestRow latest{locked[0].as<int64_t>(), locked[1].as<bool>()};

  std::optional<ResolvedProject> before;
  if (latest.version > 0 && !latest.deleted) {
    const pqxx::row row = tx.exec_params1(std::string(kLatest), project.slug, latest.version);
    if (row[0].as<std::string>() == hash) {
      ProjectApplyOutcome unchanged;
      unchanged.version = latest.version;
      return unchanged;
    }
    absl::StatusOr<ResolvedProject> parsed = ParseCanonicalJson(row[1].c_str());
    if (parsed.ok()) before = std::move(*parsed);
  }
  for (const auto& row : tx.exec_params(std::string(kOthers), project.slug)) {
    const std::string other = row[0].as<std::string>();
    if (std::optional<std::string> shared = results::SharedRelationName(table, ResultsTableName(other))) {
      return absl::AlreadyExistsError(absl::StrCat("slug: project \"", project.slug, "\" uses results table \"",
                                                   *shared, "\", already used by project \"", other,
                                                   "\"; rename one of them"));
    }
  }
  ProjectApplyOutcome outcome;
  outcome.version = latest.version + 1;
  outcome.changed = true;
  outcome.diff_summary = DiffProjects(before, project);
  tx.exec_params(std::string(kInsert), project.slug, outcome.version, hash, source.path,
                 std::string(FormatName(source.format)), source.text, canonical, std::string(message));
  tx.exec_params(std::string(kUpdate), project.slug, outcome.version);
  outcome.change_id = RecordChange(tx, ChangeKind::kApplied, project.slug, outcome.version);
  return outcome;
}

std::vector<LiveProjectSource> LockLiveProjectSources(pqxx::work& tx) {
  constexpr std::string_view kLock =
      "SELECT slug FROM opmon.projects WHERE NOT deleted ORDER BY slug FOR UPDATE";
  constexpr std::string_view kSources =
      "SELECT p.slug, p.latest_version, v.source_path, v.source_format, v.source "
      "FROM opmon.projects p "
      "JOIN opmon.project_versions v ON v.slug = p.slug AND v.version = p.latest_version "
      "WHERE NOT p.deleted ORDER BY p.slug";
  tx.exec(std::string(kLock));
  std::vector<LiveProjectSource> out;
  for (const auto& row : tx.exec(std::string(kSources))) {
    LiveProjectSource p;
    p.slug = row[0].as<std::string>();
    p.version = row[1].as<int64_t>();
    p.source.path = row[2].as<std::string>();
    p.source.format = FormatFromName(row[3].c_str());
    p.source.text = row[4].as<std::string>();
    out.push_back(std::move(p));
  }
  return out;
}

absl::StatusOr<ProjectApplyOutcome> ProjectStore::Apply(const SourceFile& source, const ResolvedProject& project,
                                                        std::string_view message) {
  return pool_.RunFor<ProjectApplyOutcome>(
      "apply project", [&](pqxx::connection& conn) -> absl::StatusOr<ProjectApplyOutcome> {
        pqxx::work tx(conn);
        absl::StatusOr<ProjectApplyOutcome> outcome = WriteProjectVersion(tx, source, project, message);
        if (outcome.ok() && outcome->changed) tx.commit();
        return outcome;
      });
}

absl::StatusOr<StoredProjectVersion> ProjectStore::Get(std::string_view slug_view, int64_t version) {
  const std::string slug(slug_view);
  return pool_.RunFor<StoredProjectVersion>(
      "get project", [&](pqxx::connection& conn) -> absl::StatusOr<StoredProjectVersion> {
        pqxx::read_transaction tx(conn);
        const std::optional<projects::ProjectHead> head = projects::ReadProjectHead(tx, slug);
        if (!head) return absl::NotFoundError(absl::StrCat("slug: no project \"", slug, "\""));
        int64_t wanted = version;
        if (wanted == 0) {
          if (head->deleted) {
            return absl::NotFoundError(absl::StrCat(
                "slug: project \"", slug, "\" was deleted (version ", head->latest_version,
                "); ask for an earlier version to read it"));
          }
          wanted = head->latest_version;
        }
        const std::optional<projects::ProjectVersionRow> row = projects::ReadVersionRow(tx, slug, wanted);
        if (!row) {
          return absl::NotFoundError(absl::StrCat("version: project \"", slug, "\" has no version ", wanted,
                                                  " (latest is ", head->latest_version, ")"));
        }
        StoredProjectVersion out = FromRow(*row);
        if (row->resolved_json) {
          absl::StatusOr<std::string> canonical =
              CanonicalFromJsonb(slug, out.version, *row->resolved_json, out.content_hash);
          if (!canonical.ok()) return canonical.status();
          out.resolved_json = std::move(*canonical);
        }
        return out;
      });
}

absl::StatusOr<std::vector<StoredProjectSummary>> ProjectStore::List(bool include_deleted) {
  using Summaries = std::vector<StoredProjectSummary>;
  return pool_.RunFor<Summaries>("list projects", [&](pqxx::connection& conn) -> absl::StatusOr<Summaries> {
    pqxx::read_transaction tx(conn);
    return projects::ReadLatestSummaries(tx, include_deleted);
  });
}

absl::StatusOr<std::vector<StoredProjectVersion>> ProjectStore::History(std::string_view slug_view) {
  using Versions = std::vector<StoredProjectVersion>;
  const std::string slug(slug_view);
  return pool_.RunFor<Versions>("project history", [&](pqxx::connection& conn) -> absl::StatusOr<Versions> {
    pqxx::read_transaction tx(conn);
    Versions out;
    for (const projects::ProjectVersionRow& row : projects::ReadVersionHistory(tx, slug)) out.push_back(FromRow(row));
    if (out.empty()) return absl::NotFoundError(absl::StrCat("slug: no project \"", slug, "\""));
    return out;
  });
}

absl::StatusOr<ProjectDeleteOutcome> ProjectStore::Delete(std::string_view slug_view,
                                                          std::string_view message) {
  const std::string slug(slug_view);
  return pool_.RunFor<ProjectDeleteOutcome>(
      "delete project", [&](pqxx::connection& conn) -> absl::StatusOr<ProjectDeleteOutcome> {
        constexpr std::string_view kLockRow =
            "SELECT latest_version, deleted FROM opmon.projects WHERE slug = $1 FOR UPDATE";
        // The marker repeats the deleted content, so a deleted project still
        // lists with its name and dates.
        constexpr std::string_view kMarker =
            "INSERT INTO opmon.project_versions "
            "(slug, version, content_hash, source_path, source_format, source, resolved, message, "
            " deleted) "
            "SELECT slug, version + 1, content_hash, source_path, source_format, source, resolved, "
            "  $3, true "
            "FROM opmon.project_versions WHERE slug = $1 AND version = $2";
        constexpr std::string_view kUpdate =
            "UPDATE opmon.projects SET latest_version = $2, deleted = true, updated_at = now() "
            "WHERE slug = $1";
        pqxx::work tx(conn);
        const pqxx::result locked = tx.exec_params(std::string(kLockRow), slug);
        if (locked.empty()) return absl::NotFoundError(absl::StrCat("slug: no project \"", slug, "\""));
        const LatestRow latest{locked[0][0].as<int64_t>(), locked[0][1].as<bool>()};
        if (latest.deleted) {
          return absl::NotFoundError(absl::StrCat("slug: project \"", slug,
                                                  "\" is already deleted (version ", latest.version, ")"));
        }
        ProjectDeleteOutcome outcome;
        outcome.version = latest.version + 1;
        tx.exec_params(std::string(kMarker), slug, latest.version, std::string(message));
        tx.exec_params(std::string(kUpdate), slug, outcome.version);
        outcome.change_id = RecordChange(tx, ChangeKind::kDeleted, slug, outcome.version);
        tx.commit();
        return outcome;
      });
}

absl::StatusOr<std::vector<std::string>> ProjectStore::LiveSlugs() {
  using Slugs = std::vector<std::string>;
  return pool_.RunFor<Slugs>("list project slugs", [](pqxx::connection& conn) -> absl::StatusOr<Slugs> {
    pqxx::read_transaction tx(conn);
    return projects::ReadLiveSlugs(tx);
  });
}

}  // namespace opmon::config
