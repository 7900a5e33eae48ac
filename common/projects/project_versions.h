#pragma once
// The rows of opmon.projects (per slug: its latest version and whether it is
// deleted) and opmon.project_versions (every version: the source as applied,
// the resolved project as canonical JSON, deletion markers), as stored. The
// config service is their only writer (services/config/storage/
// project_store.h); every read of them goes through this file or, for
// parsed projects, stored_projects.h.
//
// These functions throw pqxx exceptions: call them inside pg::Pool::Run or
// RunFor (common/pg/pool.h), which converts them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/pg/pg_fwd.h"

namespace opmon::projects {

// A slug's row in opmon.projects.
struct ProjectHead {
  int64_t latest_version = 0;
  bool deleted = false;
};

// One row of opmon.project_versions. Timestamps are RFC 3339 UTC with
// microseconds ("2026-11-22T10:00:00.123456Z"), as the API shows them.
struct ProjectVersionRow {
  std::string slug;
  int64_t version = 0;
  std::string content_hash;  // sha256 hex of the canonical JSON
  std::string created_at;
  std::string message;
  bool deleted = false;  // a deletion marker (it repeats the content it deleted)
  // Empty in history listings (ReadVersionHistory).
  std::string source_path;
  std::string source_format;  // "yaml" | "toml" | "" (auto)
  std::string source;
  std::optional<std::string> resolved_json;  // canonical JSON (jsonb text, not byte-exact)
};

// The latest version of a project, for listings.
struct LatestVersionSummary {
  std::string slug;
  std::string name;
  std::string platform;
  int64_t version = 0;
  std::string updated_at;
  std::string start_date;  // YYYY-MM-DD or empty
  std::string end_date;
  bool deleted = false;
};

// nullopt when the slug was never applied.
std::optional<ProjectHead> ReadProjectHead(pqxx::transaction_base& tx, const std::string& slug);

// Version `version` of `slug` with its source and resolved content; nullopt
// when there is no such version.
std::optional<ProjectVersionRow> ReadVersionRow(pqxx::transaction_base& tx, const std::string& slug,
                                                int64_t version);

// The alert_webhook_url of version `version` of `slug` as stored; "" when it
// has none or there is no such version. Its one reader besides the config
// service: the API redacts it (it may carry a token).
std::string ReadAlertWebhookUrl(pqxx::transaction_base& tx, const std::string& slug, int64_t version);

// Every version of `slug`, newest first, without source and resolved
// content; empty when the slug was never applied.
std::vector<ProjectVersionRow> ReadVersionHistory(pqxx::transaction_base& tx, const std::string& slug);

// The latest version of every project, by slug; deleted ones only when
// `include_deleted`.
std::vector<LatestVersionSummary> ReadLatestSummaries(pqxx::transaction_base& tx, bool include_deleted);

// Slugs of the projects that are not deleted, sorted.
std::vector<std::string> ReadLiveSlugs(pqxx::transaction_base& tx);

}  // namespace opmon::projects
