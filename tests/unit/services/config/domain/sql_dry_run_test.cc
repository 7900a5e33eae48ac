// Dry runs of project files without gRPC: which files are sent and for which
// day, EXPLAIN errors as diagnostics at the metric or data source at fault,
// and answers that come later from another thread.
#include "services/config/domain/sql_dry_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace opmon::config {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kProject[] = R"(project:
  metrics: [gc_ms, bad_metric]
metrics:
  bad_metric:
    select_expression: SUM(no_such_column)
    data_source: main
)";

// Keeps every request and its callback, to answer when the test says so.
class FakeRunner final : public SqlDryRunner {
 public:
  void DryRun(const SqlDryRunRequest& request, Done done) override {
    absl::MutexLock lock(&mu_);
    requests_.push_back(request);
    pending_.push_back(std::move(done));
  }

  std::vector<SqlDryRunRequest> requests() {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

  // Answers call `i` with `result`.
  void Answer(size_t i, absl::StatusOr<std::vector<SqlStatementCheck>> result) {
    Done done;
    {
      absl::MutexLock lock(&mu_);
      done = std::move(pending_.at(i));
    }
    done(std::move(result));
  }

 private:
  absl::Mutex mu_;
  std::vector<SqlDryRunRequest> requests_ ABSL_GUARDED_BY(mu_);
  std::vector<Done> pending_ ABSL_GUARDED_BY(mu_);
};

FileValidationResult Resolved(const std::string& path, const std::string& slug,
                              std::optional<absl::CivilDay> start_date = std::nullopt) {
  return {.path = path, .slug = slug, .diagnostics = {}, .resolved_json = "{}", .start_date = start_date};
}

// Collects what DryRunValidatedFiles answers.
struct Answer {
  absl::Notification done;
  std::optional<absl::StatusOr<std::vector<FileValidationResult>>> result;
  DryRunDone Callback() {
    return [this](absl::StatusOr<std::vector<FileValidationResult>> r) {
      result = std::move(r);
      done.Notify();
    };
  }
};

const DryRunOptions kOptions{.mode = ValidationMode::kCompat, .date = std::nullopt,
                             .today = absl::CivilDay(2024, 3, 10), .deadline = absl::InfiniteFuture()};

TEST(DryRunDay, TakesTheRequestedDayThenTheStartDateAtMostTodayThenYesterday) {
  const absl::CivilDay today(2024, 3, 10);
  EXPECT_EQ(DryRunDay(absl::CivilDay(2024, 1, 2), absl::CivilDay(2024, 2, 1), today), absl::CivilDay(2024, 1, 2));
  EXPECT_EQ(DryRunDay(std::nullopt, absl::CivilDay(2024, 2, 1), today), absl::CivilDay(2024, 2, 1));
  EXPECT_EQ(DryRunDay(std::nullopt, absl::CivilDay(2024, 5, 1), today), today);
  EXPECT_EQ(DryRunDay(std::nullopt, std::nullopt, today), absl::CivilDay(2024, 3, 9));
}

TEST(ExplainDiagnostics, PointsEachErrorAtItsConfigPathOnceWithPostgresMessage) {
  const std::vector<SqlStatementCheck> checks = {
      {"population", "", ""},
      {"data source main",
       "ERROR:  column \"no_such_column\" does not exist\nLINE 7:            SUM(no_such_column) AS \"bad\"\n"
       "                       ^\nHINT:  Perhaps you meant to reference the column \"main.no_such_col\".\n",
       "metrics.bad_metric.select_expression"},
      {"run", "ERROR:  column \"no_such_column\" does not exist\nLINE 9: ...\n",
       "metrics.bad_metric.select_expression"},
  };
  const std::vector<Diagnostic> found = ExplainDiagnostics({"p.yaml", kProject}, checks);
  ASSERT_EQ(found.size(), 2u);  // with and without the hint
  std::vector<std::string> lines;
  for (const Diagnostic& d : found) lines.push_back(FormatDiagnostic(d));
  EXPECT_THAT(lines, ElementsAre("p.yaml:5:24: error: metrics.bad_metric.select_expression: dry run: EXPLAIN "
                                 "failed: column \"no_such_column\" does not exist",
                                 "p.yaml:5:24: error: metrics.bad_metric.select_expression: dry run: EXPLAIN "
                                 "failed: column \"no_such_column\" does not exist (hint: Perhaps you meant to "
                                 "reference the column \"main.no_such_col\".)"));
}

TEST(GenerationDiagnostic, TurnsAFailureNamingAConfigPathIntoADiagnostic) {
  const std::optional<Diagnostic> d = GenerationDiagnostic(
      {"p.yaml", kProject},
      absl::FailedPreconditionError("metrics.bad_metric.data_source: \"main\" is not defined"));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(FormatDiagnostic(*d),
            "p.yaml:6:18: error: metrics.bad_metric.data_source: dry run: no SQL can be generated: \"main\" is "
            "not defined");
  EXPECT_FALSE(GenerationDiagnostic({"p.yaml", kProject},
                                    absl::FailedPreconditionError("file: resolving \"p.yaml\" needs the config "
                                                                  "service; start opmon-compute with --config-addr"))
                   .has_value());
  EXPECT_FALSE(GenerationDiagnostic({"p.yaml", kProject}, absl::UnavailableError("metrics.x: down")).has_value());
}

TEST(DryRunValidatedFiles, SendsOnlyResolvedFilesWithoutErrorsForTheirDay) {
  FakeRunner runner;
  FileValidationResult broken = Resolved("broken.yaml", "broken");
  broken.resolved_json.clear();
  broken.diagnostics.push_back({Severity::kError, {"broken.yaml", 1, 1, "project"}, "bad"});
  FileValidationResult warned = Resolved("warned.yaml", "warned", absl::CivilDay(2024, 2, 1));
  warned.diagnostics.push_back({Severity::kWarning, {"warned.yaml", 2, 3, "x"}, "unknown key"});
  Answer answer;
  DryRunValidatedFiles({broken, warned, Resolved("later.yaml", "later", absl::CivilDay(2030, 1, 1))},
                       {{"broken.yaml", "project: {"}, {"warned.yaml", kProject}, {"later.yaml", kProject}},
                       kOptions, runner, answer.Callback());
  const std::vector<SqlDryRunRequest> requests = runner.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].file.path, "warned.yaml");
  EXPECT_EQ(requests[0].slug, "warned");
  EXPECT_EQ(requests[0].day, absl::CivilDay(2024, 2, 1));
  EXPECT_EQ(requests[0].mode, ValidationMode::kCompat);
  EXPECT_EQ(requests[1].file.path, "later.yaml");
  EXPECT_EQ(requests[1].day, absl::CivilDay(2024, 3, 10));
  EXPECT_FALSE(answer.done.HasBeenNotified());

  // Answers arrive later, on other threads, in any order.
  std::thread second([&] { runner.Answer(1, std::vector<SqlStatementCheck>{{"population", "", ""}}); });
  second.join();
  EXPECT_FALSE(answer.done.HasBeenNotified());
  std::thread first([&] {
    runner.Answer(0, std::vector<SqlStatementCheck>{
                         {"data source main", "ERROR:  syntax error at or near \")\"\n",
                          "metrics.bad_metric.select_expression"}});
  });
  first.join();
  ASSERT_TRUE(answer.done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  ASSERT_TRUE(answer.result->ok()) << answer.result->status();
  const std::vector<FileValidationResult>& files = **answer.result;
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].diagnostics.size(), 1u);  // untouched
  ASSERT_EQ(files[1].diagnostics.size(), 2u);
  EXPECT_EQ(FormatDiagnostic(files[1].diagnostics[0]), "warned.yaml:2:3: warning: x: unknown key");
  EXPECT_EQ(FormatDiagnostic(files[1].diagnostics[1]),
            "warned.yaml:5:24: error: metrics.bad_metric.select_expression: dry run: EXPLAIN failed: syntax error "
            "at or near \")\"");
  EXPECT_THAT(files[2].diagnostics, IsEmpty());
}

TEST(DryRunValidatedFiles, AnswersAtOnceWhenNoFileCanBeSent) {
  FakeRunner runner;
  FileValidationResult broken = Resolved("broken.yaml", "broken");
  broken.resolved_json.clear();
  Answer answer;
  DryRunValidatedFiles({broken}, {{"broken.yaml", "project: {"}}, kOptions, runner, answer.Callback());
  EXPECT_THAT(runner.requests(), IsEmpty());
  ASSERT_TRUE(answer.done.HasBeenNotified());
  ASSERT_TRUE(answer.result->ok());
  EXPECT_EQ((*answer.result)->size(), 1u);
}

TEST(DryRunValidatedFiles, FailsWithTheFirstFailureNamingItsFile) {
  FakeRunner runner;
  Answer answer;
  DryRunValidatedFiles({Resolved("a.yaml", "a"), Resolved("b.yaml", "b"), Resolved("c.yaml", "c")},
                       {{"a.yaml", kProject}, {"b.yaml", kProject}, {"c.yaml", kProject}}, kOptions, runner,
                       answer.Callback());
  runner.Answer(2, absl::InternalError("boom"));
  runner.Answer(0, std::vector<SqlStatementCheck>{});
  // A project compute cannot generate SQL for is a diagnostic, not a failure.
  runner.Answer(1, absl::FailedPreconditionError("project.population.data_source: \"x\" is not defined"));
  ASSERT_TRUE(answer.done.HasBeenNotified());
  EXPECT_EQ(answer.result->status(), absl::InternalError("dry run of c.yaml: boom"));

  Answer unavailable;
  DryRunValidatedFiles({Resolved("a.yaml", "a")}, {{"a.yaml", kProject}}, kOptions, runner, unavailable.Callback());
  runner.Answer(3, absl::UnavailableError("compute service at 127.0.0.1:1 (--compute-addr) is unavailable: down"));
  ASSERT_TRUE(unavailable.done.HasBeenNotified());
  EXPECT_EQ(unavailable.result->status(),
            absl::UnavailableError(
                "dry run of a.yaml: compute service at 127.0.0.1:1 (--compute-addr) is unavailable: down"));
}

}  // namespace
}  // namespace opmon::config
