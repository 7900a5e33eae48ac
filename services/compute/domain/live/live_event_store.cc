#include "services/compute/domain/live/live_event_store.h"

#include <pqxx/pqxx>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/live/live_relations.h"
#include "common/pg/copy_text.h"
#include "common/pg/copy_writer.h"
#include "common/results/data_version.h"
#include "services/compute/domain/live/event_time.h"
#include "services/compute/domain/live/window_sql.h"

namespace opmon::compute::live {
namespace {

using opmon::live::EventKindName;

constexpr absl::string_view kBatchTable = "live_batch";
constexpr absl::string_view kCreateBatchSql =
    "CREATE TEMP TABLE IF NOT EXISTS live_batch (LIKE opmon.live_events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";

void AppendCopyLine(pg::CopyLine& line, std::string& time_text, const LiveEvent& e) {
  line.Clear();
  line.Add(e.event_id);
  time_text.clear();
  AppendCopyTime(time_text, e.submission_timestamp);
  line.AddUnescaped(time_text);
  line.Add(e.client_id);
  line.Add(e.app);
  line.Add(e.channel);
  line.Add(e.experiment);
  if (e.branch) {
    line.Add(*e.branch);
  } else {
    line.AddNull();
  }
  if (e.kind) {
    line.AddUnescaped(EventKindName(*e.kind));
    for (int i = 0; i < 3; ++i) line.AddNull();
  } else {
    line.AddNull();
    line.AddUnescaped(absl::StrCat(e.search.search_count));
    line.AddUnescaped(absl::StrCat(e.search.search_with_ads_count));
    line.AddUnescaped(absl::StrCat(e.search.ad_clicks_count));
  }
}

// One statement: the events new to live_events (ON CONFLICT DO NOTHING
// also drops an id repeated inside the batch) and only those feed the
// windows and daily clients, so nothing is counted twice.
const std::string& StoreSql() {
  static const std::string* const kSql = new std::string(absl::StrCat(
      "WITH stored AS (INSERT INTO ", Sql(opmon::live::kEventsTable), " (", kEventColumns, ") SELECT ", kEventColumns,
      " FROM ", kBatchTable, " ORDER BY event_id ON CONFLICT (event_id) DO NOTHING RETURNING ", kWindowInputColumns,
      "), ",
      AddToWindowsSql("stored")));
  return *kSql;
}

}  // namespace

StoreCounts StoreLiveEvents(pqxx::transaction_base& tx, const std::vector<LiveEvent>& events) {
  StoreCounts counts;
  if (events.empty()) return counts;
  // Once per connection; ON COMMIT DELETE ROWS (and any rollback) leaves
  // it empty for the next batch.
  tx.exec(std::string(kCreateBatchSql));
  {
    pg::CopyWriter writer(tx, absl::StrCat(kBatchTable, " (", kEventColumns, ")"));
    pg::CopyLine line;
    std::string time_text;
    for (const LiveEvent& e : events) {
      AppendCopyLine(line, time_text, e);
      writer.Write(line.text());
    }
    writer.Complete();
  }
  const pqxx::row r = tx.exec_params1(StoreSql(), WindowInterval());
  counts.stored = r[0].as<int64_t>();
  counts.duplicates = static_cast<int64_t>(events.size()) - counts.stored;
  counts.windows = r[1].as<int64_t>();
  if (counts.stored > 0) results::BumpDataVersion(tx, std::string(opmon::live::kDataVersionKey));
  return counts;
}

}  // namespace opmon::compute::live
