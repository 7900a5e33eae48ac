// The webhook outbox and its delivery steps against a real PostgreSQL, with a
// fake HttpClient: rows queued with the alerts, delivered, retried after the
// backoff, given up as dead, left alone when interrupted, never claimed twice
// at once, purged after the retention; and the worker threads woken by a
// publish.
#include "services/statistics/domain/webhook_outbox.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/statistics/domain/alert_store.h"
#include "services/statistics/domain/webhook_delivery.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

using ::opmon::testing::PgTest;
using ::opmon::testing::QueryRows;
using ::testing::ElementsAre;

class FakeHttpClient final : public HttpClient {
 public:
  using Responder = std::function<absl::Status(const HttpPostRequest&, std::stop_token)>;
  explicit FakeHttpClient(Responder responder = nullptr) : responder_(std::move(responder)) {}

  absl::Status PostJson(const HttpPostRequest& request, std::stop_token stop) override {
    {
      absl::MutexLock lock(&mu_);
      requests_.push_back(request);
    }
    return responder_ ? responder_(request, stop) : absl::OkStatus();
  }

  std::vector<HttpPostRequest> requests() const {
    absl::MutexLock lock(&mu_);
    return requests_;
  }
  bool WaitForRequests(std::size_t count, absl::Duration timeout) const {
    absl::MutexLock lock(&mu_);
    auto enough = [this, count]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return requests_.size() >= count; };
    return mu_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  }

 private:
  Responder responder_;
  mutable absl::Mutex mu_;
  std::vector<HttpPostRequest> requests_ ABSL_GUARDED_BY(mu_);
};

class CountingObserver final : public DeliveryObserver {
 public:
  void OnDelivered() override { Add(delivered_); }
  void OnRetry() override { Add(retries_); }
  void OnDead() override { Add(dead_); }
  // Called when a worker went idle.
  void OnOutbox(std::int64_t, std::int64_t) override {
    std::call_once(first_idle_, [this] { idle_.Notify(); });
  }
  int delivered() const { return delivered_.load(); }
  int retries() const { return retries_.load(); }
  int dead() const { return dead_.load(); }
  bool WaitForIdle(absl::Duration timeout) { return idle_.WaitForNotificationWithTimeout(timeout); }

 private:
  static void Add(std::atomic<int>& n) { n.fetch_add(1); }
  std::atomic<int> delivered_{0}, retries_{0}, dead_{0};
  std::once_flag first_idle_;
  absl::Notification idle_;
};

class WebhookOutboxTest : public PgTest {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = dsn(), .size = 4});
    Exec("DELETE FROM opmon.webhook_outbox");
  }

  void Exec(const std::string& sql) {
    pqxx::connection conn(dsn());
    pqxx::nontransaction tx(conn);
    tx.exec(sql);
  }

  // Queues one delivery per body; returns the row ids.
  std::vector<std::int64_t> Queue(const std::vector<std::string>& slugs, const std::string& url) {
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    for (const std::string& slug : slugs) {
      AlertRecord a;
      a.submission_date = absl::CivilDay(2024, 3, 1);
      a.metric = "m";
      a.alert_name = slug + "-alert";
      QueueAlertDeliveries(tx, slug, url, {a});
    }
    tx.commit();
    std::vector<std::int64_t> ids;
    for (const auto& row : QueryRows(dsn(), "SELECT id FROM opmon.webhook_outbox ORDER BY id")) {
      ids.push_back(std::stoll(row[0]));
    }
    return ids;
  }

  // state, attempts, last_error of one row.
  std::vector<std::string> Row(std::int64_t id) {
    auto rows = QueryRows(dsn(), absl::StrCat("SELECT state, attempts::text, last_error FROM "
                                              "opmon.webhook_outbox WHERE id = ",
                                              id));
    return rows.empty() ? std::vector<std::string>{} : rows[0];
  }

  void MakeDue(std::int64_t id) {
    Exec(absl::StrCat("UPDATE opmon.webhook_outbox SET next_attempt_at = now() - interval '1 second' WHERE id = ",
                      id));
  }

  absl::StatusOr<DeliveryResult> Next(HttpClient& client, const DeliveryPolicy& policy = {},
                                      DeliveryObserver* observer = nullptr) {
    return DeliverNext(*pool_, client, policy, observer, std::stop_token());
  }

  std::unique_ptr<pg::Pool> pool_;
};

TEST_F(WebhookOutboxTest, NewAlertsAreQueuedWhenTheyAreStoredAndOnlyThen) {
  config::ResolvedProject project = testing::ResolvedExample("engagement-statistics", "outbox-queue");
  testing::WriteStatistics(dsn(), project, {"2024-03-01"},
                           {testing::StatRow("2024-03-01", "", {"Windows", "beta"}, "control", "search_count", "quantile", "19", 250,
                             210, 290),
                            testing::StatRow("2024-03-01", "", {"Linux", "beta"}, "control", "search_count", "quantile", "19", 250,
                             220, 290)});
  const absl::CivilDay day(2024, 3, 1);
  pqxx::connection conn(dsn());
  AlertEvaluation first = EvaluateAndStoreAlerts(conn, project, {&day, 1}, "http://127.0.0.1:9/hook");
  ASSERT_EQ(first.new_alerts.size(), 2u);
  auto rows = QueryRows(dsn(), "SELECT slug, url, state, attempts::text, body FROM opmon.webhook_outbox ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_THAT(std::vector<std::string>(row.begin(), row.end() - 1),
                ElementsAre("outbox-queue", "http://127.0.0.1:9/hook", "pending", "0"));
    auto body = nlohmann::json::parse(row[4]);
    EXPECT_EQ(body["slug"], "outbox-queue");
    EXPECT_EQ(body["alert_name"], "search_limits");
  }

  // The same alerts again are not new: nothing more is queued.
  AlertEvaluation again = EvaluateAndStoreAlerts(conn, project, {&day, 1}, "http://127.0.0.1:9/hook");
  EXPECT_TRUE(again.new_alerts.empty());
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon.webhook_outbox")[0][0], "2");

  // Without a URL new alerts are stored, not queued.
  config::ResolvedProject other = testing::ResolvedExample("engagement-statistics", "outbox-nourl");
  testing::WriteStatistics(dsn(), other, {"2024-03-01"},
                           {testing::StatRow("2024-03-01", "", {"Windows", "beta"}, "control", "search_count", "quantile", "19", 250,
                             210, 290)});
  AlertEvaluation unsent = EvaluateAndStoreAlerts(conn, other, {&day, 1}, "");
  EXPECT_EQ(unsent.new_alerts.size(), 1u);
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon.webhook_outbox WHERE slug = 'outbox-nourl'")[0][0], "0");
}

TEST_F(WebhookOutboxTest, DeliversADueRowOnceWithItsIdempotencyKey) {
  const std::vector<std::int64_t> ids = Queue({"a"}, "http://127.0.0.1:9/hook");
  FakeHttpClient client;
  CountingObserver observer;
  auto result = Next(client, {}, &observer);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(*result, DeliveryResult::kDelivered);
  EXPECT_THAT(Row(ids[0]), ElementsAre("delivered", "1", ""));
  ASSERT_EQ(client.requests().size(), 1u);
  EXPECT_EQ(client.requests()[0].url, "http://127.0.0.1:9/hook");
  EXPECT_EQ(nlohmann::json::parse(client.requests()[0].body)["alert_name"], "a-alert");
  EXPECT_THAT(client.requests()[0].headers,
              ElementsAre(std::pair<std::string, std::string>("Idempotency-Key", absl::StrCat("opmon-webhook-", ids[0]))));
  EXPECT_EQ(observer.delivered(), 1);
  result = Next(client);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(*result, DeliveryResult::kNone);
  EXPECT_EQ(client.requests().size(), 1u);
}

TEST_F(WebhookOutboxTest, RetriesAFailedAttemptOnlyAfterItsBackoff) {
  const std::vector<std::int64_t> ids = Queue({"a"}, "http://127.0.0.1:9/hook");
  bool fail = true;
  FakeHttpClient client([&](const HttpPostRequest&, std::stop_token) {
    return fail ? absl::UnavailableError("webhook POST to http://127.0.0.1:9: HTTP 503") : absl::OkStatus();
  });
  CountingObserver observer;
  const DeliveryPolicy policy{.initial_backoff = absl::Hours(1), .max_backoff = absl::Hours(2)};
  auto result = Next(client, policy, &observer);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(*result, DeliveryResult::kRetry);
  EXPECT_THAT(Row(ids[0]), ElementsAre("pending", "1", "webhook POST to http://127.0.0.1:9: HTTP 503"));
  EXPECT_EQ(QueryRows(dsn(), "SELECT (next_attempt_at - last_attempt_at)::text FROM opmon.webhook_outbox")[0][0],
            "01:00:00");
  EXPECT_EQ(observer.retries(), 1);
  {
    pqxx::connection conn(dsn());
    pqxx::read_transaction tx(conn);
    OutboxCounts counts = CountOutbox(tx);
    EXPECT_EQ(counts.pending, 1);
    ASSERT_TRUE(counts.next_due_in.has_value());
    EXPECT_GT(*counts.next_due_in, absl::Minutes(59));
    EXPECT_LE(*counts.next_due_in, absl::Hours(1));
  }

  result = Next(client, policy);  // not due for an hour
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(*result, DeliveryResult::kNone);
  EXPECT_EQ(client.requests().size(), 1u);

  MakeDue(ids[0]);
  fail = false;
  result = Next(client, policy);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(*result, DeliveryResult::kDelivered);
  EXPECT_THAT(Row(ids[0]), ElementsAre("delivered", "2", ""));
}

TEST_F(WebhookOutboxTest, GivesUpAfterMaxAttemptsAndKeepsTheRowAsDead) {
  const std::vector<std::int64_t> ids = Queue({"a"}, "http://127.0.0.1:9/hook");
  FakeHttpClient client([](const HttpPostRequest&, std::stop_token) {
    return absl::FailedPreconditionError("webhook POST to http://127.0.0.1:9: HTTP 404");
  });
  CountingObserver observer;
  const DeliveryPolicy policy{.max_attempts = 2, .initial_backoff = absl::Hours(1)};
  ASSERT_EQ(*Next(client, policy, &observer), DeliveryResult::kRetry);
  MakeDue(ids[0]);
  ASSERT_EQ(*Next(client, policy, &observer), DeliveryResult::kDead);
  EXPECT_THAT(Row(ids[0]), ElementsAre("dead", "2", "webhook POST to http://127.0.0.1:9: HTTP 404"));
  EXPECT_EQ(QueryRows(dsn(), "SELECT finished_at IS NOT NULL FROM opmon.webhook_outbox")[0][0], "t");
  EXPECT_EQ(observer.retries(), 1);
  EXPECT_EQ(observer.dead(), 1);
  MakeDue(ids[0]);
  EXPECT_EQ(*Next(client, policy), DeliveryResult::kNone) << "a dead row is never tried again";
  EXPECT_EQ(client.requests().size(), 2u);

  pqxx::connection conn(dsn());
  pqxx::read_transaction tx(conn);
  OutboxCounts counts = CountOutbox(tx);
  EXPECT_EQ(counts.pending, 0);
  EXPECT_EQ(counts.dead, 1);
  EXPECT_FALSE(counts.next_due_in.has_value());
}

TEST_F(WebhookOutboxTest, ARefusedDestinationIsDeadAfterItsFirstAttempt) {
  const std::vector<std::int64_t> ids = Queue({"a"}, "http://127.0.0.1:9/hook");
  FakeHttpClient client([](const HttpPostRequest&, std::stop_token) {
    return absl::PermissionDeniedError("webhook POST to http://127.0.0.1:9: refused: 127.0.0.1 is a loopback address");
  });
  CountingObserver observer;
  ASSERT_EQ(*Next(client, {}, &observer), DeliveryResult::kDead);
  EXPECT_THAT(Row(ids[0]), ElementsAre("dead", "1",
                                       "webhook POST to http://127.0.0.1:9: refused: 127.0.0.1 is a loopback address"));
  EXPECT_EQ(observer.retries(), 0);
  EXPECT_EQ(observer.dead(), 1);
}

TEST_F(WebhookOutboxTest, GivesUpOnARowOlderThanMaxAgeAfterOneMoreAttempt) {
  const std::vector<std::int64_t> ids = Queue({"old", "older"}, "http://127.0.0.1:9/hook");
  Exec("UPDATE opmon.webhook_outbox SET created_at = now() - interval '2 days'");
  bool fail = true;
  FakeHttpClient client([&](const HttpPostRequest&, std::stop_token) {
    return fail ? absl::UnavailableError("down") : absl::OkStatus();
  });
  const DeliveryPolicy policy{.max_age = absl::Hours(24)};
  ASSERT_EQ(*Next(client, policy), DeliveryResult::kDead);
  EXPECT_THAT(Row(ids[0]), ElementsAre("dead", "1", "down"));
  fail = false;
  ASSERT_EQ(*Next(client, policy), DeliveryResult::kDelivered) << "an old row still gets its attempt";
  EXPECT_THAT(Row(ids[1]), ElementsAre("delivered", "1", ""));
}

TEST_F(WebhookOutboxTest, AnInterruptedAttemptLeavesTheRowAsItWas) {
  const std::vector<std::int64_t> ids = Queue({"a"}, "http://127.0.0.1:9/hook");
  FakeHttpClient client([](const HttpPostRequest&, std::stop_token) { return absl::CancelledError("stopping"); });
  ASSERT_EQ(*Next(client), DeliveryResult::kCancelled);
  EXPECT_THAT(Row(ids[0]), ElementsAre("pending", "0", ""));
  std::stop_source stopped;
  stopped.request_stop();
  FakeHttpClient unused;
  auto result = DeliverNext(*pool_, unused, {}, nullptr, stopped.get_token());
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(*result, DeliveryResult::kCancelled);
  EXPECT_TRUE(unused.requests().empty()) << "nothing is claimed once stopping";
}

TEST_F(WebhookOutboxTest, ARowBeingDeliveredIsSkippedByOtherWorkers) {
  const std::vector<std::int64_t> ids = Queue({"first", "second"}, "http://127.0.0.1:9/hook");
  absl::Notification posting, release;
  FakeHttpClient slow([&](const HttpPostRequest&, std::stop_token) {
    posting.Notify();
    release.WaitForNotification();
    return absl::OkStatus();
  });
  absl::StatusOr<DeliveryResult> slow_result = absl::UnknownError("not run");
  std::jthread worker([&] { slow_result = Next(slow); });
  ASSERT_TRUE(posting.WaitForNotificationWithTimeout(absl::Seconds(20)));

  FakeHttpClient fast;
  ASSERT_EQ(*Next(fast), DeliveryResult::kDelivered);
  EXPECT_EQ(*Next(fast), DeliveryResult::kNone) << "the first row is locked by the other worker";
  release.Notify();
  worker.join();
  ASSERT_THAT(slow_result, IsOk());
  EXPECT_EQ(*slow_result, DeliveryResult::kDelivered);

  ASSERT_EQ(slow.requests().size(), 1u);
  ASSERT_EQ(fast.requests().size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(slow.requests()[0].body)["slug"], "first");
  EXPECT_EQ(nlohmann::json::parse(fast.requests()[0].body)["slug"], "second");
  EXPECT_THAT(Row(ids[0]), ElementsAre("delivered", "1", ""));
  EXPECT_THAT(Row(ids[1]), ElementsAre("delivered", "1", ""));
}

TEST_F(WebhookOutboxTest, PurgesDeliveredRowsAfterTheRetentionOnly) {
  const std::vector<std::int64_t> ids = Queue({"old", "recent", "dead", "pending"}, "http://127.0.0.1:9/hook");
  Exec(absl::StrCat("UPDATE opmon.webhook_outbox SET state = 'delivered', finished_at = now() - interval '8 days' "
                    "WHERE id = ",
                    ids[0]));
  Exec(absl::StrCat("UPDATE opmon.webhook_outbox SET state = 'delivered', finished_at = now() - interval '1 day' "
                    "WHERE id = ",
                    ids[1]));
  Exec(absl::StrCat("UPDATE opmon.webhook_outbox SET state = 'dead', finished_at = now() - interval '30 days' "
                    "WHERE id = ",
                    ids[2]));
  pqxx::connection conn(dsn());
  pqxx::work tx(conn);
  EXPECT_EQ(PurgeDelivered(tx, absl::Hours(24 * 7)), 1);
  tx.commit();
  EXPECT_THAT(QueryRows(dsn(), "SELECT slug FROM opmon.webhook_outbox ORDER BY id"),
              ElementsAre(ElementsAre("recent"), ElementsAre("dead"), ElementsAre("pending")));
}

TEST_F(WebhookOutboxTest, WakeDeliversAtOnceDespiteALongPollInterval) {
  FakeHttpClient client;
  CountingObserver observer;
  WebhookDeliveryOptions options;
  options.workers = 1;
  options.poll_interval = absl::Hours(1);
  WebhookDelivery delivery(*pool_, client, &observer, options);
  // Once idle, the worker would sleep for an hour unless woken.
  ASSERT_TRUE(observer.WaitForIdle(absl::Seconds(20)));
  Queue({"woken"}, "http://127.0.0.1:9/hook");
  delivery.Wake();
  ASSERT_TRUE(client.WaitForRequests(1, absl::Seconds(20)));
  EXPECT_EQ(nlohmann::json::parse(client.requests()[0].body)["slug"], "woken");
}

TEST_F(WebhookOutboxTest, StoppingInterruptsAPostAndLeavesTheRowPending) {
  const std::vector<std::int64_t> ids = Queue({"a"}, "http://127.0.0.1:9/hook");
  absl::Notification posting;
  FakeHttpClient hanging([&](const HttpPostRequest&, std::stop_token stop) {
    posting.Notify();
    absl::Notification stopped;
    std::stop_callback on_stop(stop, [&] { stopped.Notify(); });
    stopped.WaitForNotification();
    return absl::CancelledError("stopping");
  });
  {
    WebhookDeliveryOptions options;
    options.workers = 1;
    WebhookDelivery delivery(*pool_, hanging, nullptr, options);
    ASSERT_TRUE(posting.WaitForNotificationWithTimeout(absl::Seconds(20)));
  }  // joins the worker
  EXPECT_THAT(Row(ids[0]), ElementsAre("pending", "0", ""));
}

}  // namespace
}  // namespace opmon::statistics
