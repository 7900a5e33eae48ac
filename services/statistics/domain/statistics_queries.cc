#include "services/statistics/domain/statistics_queries.h"

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "services/statistics/domain/page_token.h"
#include "services/statistics/domain/statistics_page_reader.h"

namespace opmon::statistics {
namespace {

absl::Status ResultsChanged(const PageToken& token, CacheVersions now) {
  return absl::AbortedError(absl::StrCat(
      "page_token: the results changed since the first page (data version ", token.data_version, " → ",
      now.data_version, ", project version ", token.project_version, " → ", now.project_version,
      "); query again without a page token"));
}

}  // namespace

StatisticsQueries::StatisticsQueries(pg::Pool& pool, StoredProjects& projects, QueryCache& cache,
                                     pg::Pool* read_pool)
    : pool_(pool), read_pool_(read_pool), projects_(projects), cache_(cache) {}

absl::StatusOr<QueryPage> StatisticsQueries::ReadPage(const ProjectSnapshot& snapshot, const StatisticsQuery& query,
                                                      std::int64_t offset) {
  auto read_from = [&](pg::Pool& pool) {
    return pool.RunFor<QueryPage>("read statistics", [&](pqxx::connection& conn) {
      return absl::StatusOr<QueryPage>(ReadStatisticsPage(conn, *snapshot.project, query, offset));
    });
  };
  if (read_pool_ != nullptr) {
    absl::StatusOr<QueryPage> page = read_from(*read_pool_);
    if (page.ok() && page->data_version >= snapshot.versions.data_version) return page;
    // Behind the primary (or unreachable): the primary answers.
  }
  return read_from(pool_);
}

absl::StatusOr<QueryResult> StatisticsQueries::Query(const QueryRequest& request) {
  if (request.slug.empty()) return absl::InvalidArgumentError("slug: required");
  OPMON_ASSIGN_OR_RETURN(ProjectSnapshot snapshot, projects_.Lookup(request.slug));
  OPMON_ASSIGN_OR_RETURN(StatisticsQuery query, ValidateQuery(*snapshot.project, request));
  const std::string key = query.CanonicalKey();

  std::optional<PageToken> token;
  if (!request.page_token.empty()) {
    OPMON_ASSIGN_OR_RETURN(token, DecodePageToken(request.page_token, key));
    if (CacheVersions{token->project_version, token->data_version} != snapshot.versions) {
      return ResultsChanged(*token, snapshot.versions);
    }
  }
  const std::int64_t offset = token ? token->offset : 0;
  const std::string page_key = absl::StrCat(key, "|o", offset);

  QueryResult result;
  result.project = snapshot.project;
  result.page = cache_.Lookup(query.slug, page_key, snapshot.versions);
  result.from_cache = result.page != nullptr;
  if (!result.page) {
    OPMON_ASSIGN_OR_RETURN(QueryPage page, ReadPage(snapshot, query, offset));
    page.project_version = snapshot.versions.project_version;
    if (token && page.data_version != token->data_version) {
      return ResultsChanged(*token, {page.project_version, page.data_version});
    }
    auto shared = std::make_shared<const QueryPage>(std::move(page));
    cache_.Insert(query.slug, page_key, shared);
    result.page = std::move(shared);
  }
  if (result.page->next_offset) {
    result.next_page_token = EncodePageToken(
        {result.page->data_version, result.page->project_version, *result.page->next_offset}, key);
  }
  return result;
}

}  // namespace opmon::statistics
