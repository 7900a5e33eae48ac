#include "services/statistics/domain/error_aggregates_queries.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/errors/error_aggregates.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "services/statistics/domain/page_token.h"

namespace opmon::statistics {
namespace {

// Error aggregates have no project, hence no project version.
CacheVersions Versions(std::int64_t data_version) { return {.project_version = 0, .data_version = data_version}; }

absl::Status AggregatesChanged(std::int64_t token_version, std::int64_t now) {
  return absl::AbortedError(absl::StrCat("page_token: the error aggregates changed since the first page (data version ",
                                         token_version, " → ", now, "); query again without a page token"));
}

}  // namespace

ErrorAggregatesQueries::ErrorAggregatesQueries(pg::Pool& pool, QueryCache& cache) : pool_(pool), cache_(cache) {}

absl::StatusOr<ErrorAggregatesResult> ErrorAggregatesQueries::Query(const ErrorAggregatesRequest& request) {
  ErrorAggregatesResult result;
  OPMON_ASSIGN_OR_RETURN(result.query, ValidateErrorAggregatesQuery(request));
  const std::string key = result.query.CanonicalKey();
  std::optional<PageToken> token;
  if (!request.page_token.empty()) {
    OPMON_ASSIGN_OR_RETURN(token, DecodePageToken(request.page_token, key));
  }

  OPMON_ASSIGN_OR_RETURN(const std::int64_t data_version, version_reads_.Read(errors::kDataVersionKey, [this] {
    return pool_.RunFor<std::int64_t>("read error aggregates data version", [](pqxx::connection& conn) {
      return absl::StatusOr<std::int64_t>(ReadErrorDataVersion(conn));
    });
  }));
  if (token && token->data_version != data_version) return AggregatesChanged(token->data_version, data_version);
  result.aggregates = cache_.LookupValue<ErrorAggregates>(errors::kDataVersionKey, key, Versions(data_version));
  result.from_cache = result.aggregates != nullptr;
  if (!result.aggregates) {
    OPMON_ASSIGN_OR_RETURN(ErrorAggregates read,
                           pool_.RunFor<ErrorAggregates>("read error aggregates", [&](pqxx::connection& conn) {
                             return ReadErrorAggregates(conn, result.query);
                           }));
    if (token && read.data_version != token->data_version) {
      return AggregatesChanged(token->data_version, read.data_version);
    }
    read.encodings = std::make_shared<EncodedPageSlots>(read.rows.size());
    auto shared = std::make_shared<const ErrorAggregates>(std::move(read));
    // Under the version read with the rows: a pass in between stores it as
    // newer, never as the version looked up above.
    cache_.InsertValue<ErrorAggregates>(errors::kDataVersionKey, key, Versions(shared->data_version), shared,
                                        ApproximateBytes(*shared));
    result.aggregates = std::move(shared);
  }
  const std::size_t total = result.aggregates->rows.size();
  result.begin = std::min(total, token ? static_cast<std::size_t>(token->offset) : std::size_t{0});
  result.end = std::min(total, result.begin + static_cast<std::size_t>(result.query.page_size));
  if (result.end < total) {
    result.next_page_token = EncodePageToken(
        {.data_version = result.aggregates->data_version, .project_version = 0,
         .offset = static_cast<std::int64_t>(result.end)},
        key);
  }
  result.encoding = result.aggregates->encodings->For(result.begin, result.end);
  return result;
}

}  // namespace opmon::statistics
