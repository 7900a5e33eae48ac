// ConfigStore, ProjectStore, DefinitionsStore and ExperimentStore against a
// real PostgreSQL: versions only when the resolved content changes, hashes
// that SQL computes the same way, soft delete with history, the registry.
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_replace.h"
#include "common/config/canonical_json.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/config/storage/config_store.h"
#include "tests/testing/example_files.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using config::ConfigStore;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ConfigStoreTest : public PgTest {
 protected:
  void SetUp() override {
    pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = dsn(), .size = 4});
    store_ = std::make_unique<ConfigStore>(*pool_);
    for (const std::string& file : ExampleDefinitionFiles(".yaml")) {
      auto r = store_->ApplyDefinitions("", ExampleSource(file), config::ValidationMode::kStrict);
      ASSERT_THAT(r, IsOk()) << file << ": " << r.status();
    }
  }

  // One value from SQL, as text.
  std::string Sql(const std::string& sql) {
    auto r = pool_->RunFor<std::string>("test query", [&](pqxx::connection& c) -> absl::StatusOr<std::string> {
      pqxx::read_transaction tx(c);
      return tx.exec1(sql)[0].as<std::string>();
    });
    EXPECT_THAT(r, IsOk());
    return r.ok() ? *r : "";
  }

  // The example resolved independently of the store, from the same files.
  std::string ResolveLocally(const std::string& example, const std::string& slug) {
    absl::StatusOr<config::ResolvedProject> r = ResolveExample(example, slug);
    EXPECT_THAT(r, IsOk());
    return r.ok() ? config::ToCanonicalJson(*r) : "";
  }

  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<ConfigStore> store_;
};

TEST_F(ConfigStoreTest, StoresANewVersionOnlyWhenTheResolvedContentChanges) {
  const std::string slug = "store-versions";
  auto first = store_->ApplyProject({ExampleSource("projects/fission-experiment.yaml"), slug, "first", {}});
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->slug, slug);
  EXPECT_EQ(first->outcome.version, 1);
  EXPECT_TRUE(first->outcome.changed);
  EXPECT_THAT(first->outcome.diff_summary, ElementsAre("project: created"));

  // The TOML form resolves to the same project: nothing new is stored.
  auto same = store_->ApplyProject({ExampleSource("projects/fission-experiment.toml"), slug, "toml", {}});
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->outcome.version, 1);
  EXPECT_FALSE(same->outcome.changed);
  EXPECT_TRUE(same->outcome.diff_summary.empty());

  config::SourceFile edited = ExampleSource("projects/fission-experiment.yaml");
  edited.text = absl::StrReplaceAll(edited.text, {{"method: bootstrap", "method: jackknife"},
                                                  {"end_date: 2024-03-31", "end_date: 2024-04-30"}});
  auto second = store_->ApplyProject({edited, slug, "jackknife", {}});
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->outcome.version, 2);
  EXPECT_TRUE(second->outcome.changed);
  EXPECT_THAT(second->outcome.diff_summary,
              ElementsAre("project.end_date: 2024-03-31 -> 2024-04-30", "metrics.memory_total: statistics changed"));

  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.project_versions WHERE slug = 'store-versions'"), "2");
  EXPECT_EQ(Sql("SELECT latest_version FROM opmon.projects WHERE slug = 'store-versions'"), "2");
  EXPECT_EQ(Sql("SELECT string_agg(message, ',' ORDER BY version) FROM opmon.project_versions "
                "WHERE slug = 'store-versions'"),
            "first,jackknife");
}

TEST_F(ConfigStoreTest, GetReturnsTheCanonicalJsonWhoseHashSqlComputesTheSame) {
  const std::string slug = "store-get";
  ASSERT_THAT(store_->ApplyProject({ExampleSource("projects/engagement-statistics.yaml"), slug, "", {}}), IsOk());
  auto got = store_->projects().Get(slug, 0);
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->resolved_json, ResolveLocally("engagement-statistics", slug));
  EXPECT_EQ(got->source.text, ExampleText("projects/engagement-statistics.yaml"));
  EXPECT_EQ(got->source.path, "deploy/examples/projects/engagement-statistics.yaml");
  EXPECT_EQ(got->source.format, config::SourceFormat::kYaml);
  pqxx::connection conn(dsn());
  pqxx::read_transaction tx(conn);
  const std::string sql_hash =
      tx.exec_params1("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", got->resolved_json)[0]
          .as<std::string>();
  EXPECT_EQ(got->content_hash, sql_hash);
  EXPECT_EQ(tx.exec1("SELECT content_hash FROM opmon.project_versions WHERE slug = 'store-get'")[0]
                .as<std::string>(),
            sql_hash);
  EXPECT_THAT(got->created_at, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z"));
}

TEST_F(ConfigStoreTest, DeleteIsSoftAndKeepsHistory) {
  const std::string slug = "store-delete";
  ASSERT_THAT(store_->ApplyProject({ExampleSource("projects/desktop-health.yaml"), slug, "v1", {}}), IsOk());
  auto deleted = store_->projects().Delete(slug, "retired");
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->version, 2);

  auto latest = store_->projects().Get(slug, 0);
  EXPECT_THAT(latest, StatusIs(absl::StatusCode::kNotFound, HasSubstr("was deleted (version 2)")));
  auto v1 = store_->projects().Get(slug, 1);
  ASSERT_THAT(v1, IsOk());
  EXPECT_FALSE(v1->deleted);
  auto again = store_->projects().Delete(slug, "");
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kNotFound));

  auto listed = store_->projects().List(false);
  ASSERT_THAT(listed, IsOk());
  for (const auto& p : *listed) EXPECT_NE(p.slug, slug);
  auto all = store_->projects().List(true);
  ASSERT_THAT(all, IsOk());
  bool found = false;
  for (const auto& p : *all) {
    if (p.slug != slug) continue;
    found = true;
    EXPECT_TRUE(p.deleted);
    EXPECT_EQ(p.version, 2);
    EXPECT_EQ(p.name, "Desktop health");
  }
  EXPECT_TRUE(found);

  auto reapplied = store_->ApplyProject({ExampleSource("projects/desktop-health.yaml"), slug, "back", {}});
  ASSERT_THAT(reapplied, IsOk());
  EXPECT_EQ(reapplied->outcome.version, 3);
  EXPECT_TRUE(reapplied->outcome.changed);

  auto history = store_->projects().History(slug);
  ASSERT_THAT(history, IsOk());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].version, 3);
  EXPECT_EQ((*history)[1].version, 2);
  EXPECT_TRUE((*history)[1].deleted);
  EXPECT_EQ((*history)[1].message, "retired");
  EXPECT_EQ((*history)[2].message, "v1");
  EXPECT_EQ((*history)[0].content_hash, (*history)[2].content_hash);
  EXPECT_TRUE((*history)[0].resolved_json.empty());
}

TEST_F(ConfigStoreTest, ProjectErrorsComeBackAsInvalidArgumentWithCompilerStyleLines) {
  config::SourceFile bad{"projects/bad.yaml", "project:\n  metrics: [gc_mss]\n  platform: firefox_desktop\n"};
  auto r = store_->ApplyProject({bad, "", "", {}});
  EXPECT_THAT(r, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(r.status().message(), HasSubstr("project \"bad\" (projects/bad.yaml) has 1 error"));
  EXPECT_THAT(r.status().message(), HasSubstr("projects/bad.yaml:2:13: error: project.metrics[0]: unknown metric \"gc_mss\""));
  EXPECT_THAT(r.status().message(), HasSubstr("did you mean \"gc_ms\"?"));
  EXPECT_EQ(Sql("SELECT count(*) FROM opmon.projects WHERE slug = 'bad'"), "0");
}

TEST_F(ConfigStoreTest, DefinitionsAreStoredUnderTheirNameAndVersionedOnChange) {
  auto got = store_->definitions().Get("firefox_desktop_defaults");
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->source.text, ExampleText("definitions/firefox_desktop_defaults.yaml"));
  ASSERT_THAT(store_->definitions().Get("rollout_defaults"), IsOk());
  ASSERT_THAT(store_->definitions().Get("functions"), IsOk());

  auto same = store_->ApplyDefinitions("", ExampleSource("definitions/firefox_desktop.yaml"),
                                       config::ValidationMode::kStrict);
  ASSERT_THAT(same, IsOk());
  EXPECT_EQ(same->name, "firefox_desktop");
  EXPECT_FALSE(same->outcome.changed);
  EXPECT_EQ(same->outcome.version, 1);

  auto missing = store_->definitions().Get("firefox_mobile");
  EXPECT_THAT(missing, StatusIs(absl::StatusCode::kNotFound,
                                HasSubstr("platform: no definitions named \"firefox_mobile\" (stored: firefox_desktop, "
                                          "firefox_desktop_defaults, functions, rollout_defaults)")));
  EXPECT_EQ(Sql("SELECT resolved->>'platform' FROM opmon.definitions WHERE platform = 'rollout_defaults'"),
            "rollout");
}

TEST_F(ConfigStoreTest, ExperimentsRoundTripThroughTheRegistry) {
  config::RegisteredExperiment e;
  e.name = "Store experiment";
  e.experiment.slug = "store-experiment";
  e.experiment.app_name = "firefox_desktop";
  e.experiment.start_date = absl::CivilDay(2024, 2, 1);
  e.experiment.reference_branch = "control";
  e.experiment.branches = {"control", "treatment-a"};
  e.ratios = {55, 45};
  ASSERT_THAT(store_->experiments().Put(e), IsOk());
  e.experiment.end_date = absl::CivilDay(2024, 3, 1);
  ASSERT_THAT(store_->experiments().Put(e), IsOk());  // replaces
  auto listed = store_->experiments().List("firefox_desktop");
  ASSERT_THAT(listed, IsOk());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0], e);
  EXPECT_EQ(Sql("SELECT array_to_string(branches, '|') || ' ' || end_date::text FROM opmon.experiments"),
            "control|treatment-a 2024-03-01");
  EXPECT_EQ(Sql("SELECT array_to_string(ratios, ':') FROM opmon.experiments"), "55:45");
  auto other = store_->experiments().List("fenix");
  ASSERT_THAT(other, IsOk());
  EXPECT_TRUE(other->empty());
}

}  // namespace
}  // namespace opmon::testing
