// The branch expression of experiment populations (client_query.cc) means
// what `experiments -> slug ->> 'branch'` meant, on real PostgreSQL, for
// every shape an experiments map can have: the jsonpath form is only there
// so that postgres_fdw ships it (docs/scaling.md).
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/compute/domain/client_query.h"
#include "tests/testing/pg_cluster.h"

namespace opmon::compute {
namespace {

class ExperimentBranchSqlTest : public opmon::testing::PgTest {};

TEST_F(ExperimentBranchSqlTest, JsonPathGivesWhatTheArrowOperatorsGave) {
  const std::vector<std::string> slugs = {"fission-experiment", "odd\"slug\\with quotes"};
  const std::vector<std::string> documents = {
      R"({"%s": {"branch": "treatment"}})",  R"({"%s": {"branch": "control", "enrollment_id": "x"}})",
      R"({"%s": {"branch": null}})",         R"({"%s": {"branch": 3}})",
      R"({"%s": {"branch": {"x": 1}}})",      R"({"%s": [{"branch": "a"}]})",
      R"({"%s": "treatment"})",              R"({"%s": {}})",
      R"({"other": {"branch": "a"}})",       R"({})",
      R"([])",                               R"("text")"};
  pqxx::connection c(dsn());
  pqxx::nontransaction tx(c);
  int compared = 0, enrolled = 0;
  for (const std::string& slug : slugs) {
    std::string json_key;  // the slug as a JSON string's content
    for (char ch : slug) {
      if (ch == '"' || ch == '\\') json_key.push_back('\\');
      json_key.push_back(ch);
    }
    for (std::string doc : documents) {
      if (size_t at = doc.find("%s"); at != std::string::npos) doc.replace(at, 2, json_key);
      SCOPED_TRACE(doc);
      pqxx::row r = tx.exec_params1(
          "SELECT $1::jsonb -> $2::text ->> 'branch', "
          "jsonb_path_query_first($1::jsonb, $3::jsonpath, '{}', true) #>> '{}'",
          doc, slug, ExperimentBranchJsonPath(slug));
      EXPECT_EQ(r[0].is_null(), r[1].is_null()) << slug;
      if (!r[0].is_null() && !r[1].is_null()) {
        EXPECT_EQ(r[0].as<std::string>(), r[1].as<std::string>()) << slug;
        ++enrolled;
      }
      ++compared;
    }
  }
  EXPECT_EQ(compared, 24);
  EXPECT_EQ(enrolled, 8);  // treatment, control, 3, {"x": 1} under each slug
}

}  // namespace
}  // namespace opmon::compute
