#include "services/lookml/lookml_generator.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "common/projects/stored_projects.h"
#include "services/lookml/change_fingerprint.h"
#include "services/lookml/domain/html_preview.h"
#include "services/lookml/results_reader.h"

namespace opmon::lookml {
namespace {

ProjectLookmlInput InputFrom(pqxx::transaction_base& tx, config::ResolvedProject project, int max_values) {
  ResultsFacts facts = ReadResultsFacts(tx, project, max_values);
  ProjectLookmlInput input;
  input.alerting = HasAlerting(project);
  input.project = std::move(project);
  input.dimension_values = std::move(facts.dimension_values);
  input.observed_branches = std::move(facts.observed_branches);
  return input;
}

// The group_by_dimension dropdown lists every value; others the top few.
constexpr int kMaxValuesRead = 1000;

}  // namespace

LookmlGenerator::LookmlGenerator(pg::Pool& pool, LookmlGeneratorOptions options)
    : pool_(pool), options_(std::move(options)) {
  if (!options_.today) {
    options_.today = [] { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); };
  }
}

GenerationOptions LookmlGenerator::Options(const std::string& connection) const {
  GenerationOptions options;
  options.connection = connection.empty() ? options_.connection : connection;
  options.today = options_.today();
  options.max_dimension_options = options_.max_dimension_options;
  return options;
}

absl::StatusOr<std::vector<GeneratedFile>> LookmlGenerator::GenerateProject(const std::string& slug) {
  absl::StatusOr<ProjectLookmlInput> input =
      pool_.RunFor<ProjectLookmlInput>("lookml.GenerateProject", [&](pqxx::connection& c) -> absl::StatusOr<ProjectLookmlInput> {
        pqxx::read_transaction tx(c);
        absl::StatusOr<projects::StoredProject> stored = projects::ReadLatestProject(tx, slug);
        if (!stored.ok()) return stored.status();
        return InputFrom(tx, std::move(stored->project), kMaxValuesRead);
      });
  if (!input.ok()) return input.status();
  return GenerateProjectFiles(*input, Options(""));
}

absl::StatusOr<GeneratedTree> LookmlGenerator::GenerateAll(const std::string& connection) {
  struct Loaded {
    std::vector<ProjectLookmlInput> inputs;
    std::vector<std::string> problems;
  };
  absl::StatusOr<Loaded> loaded =
      pool_.RunFor<Loaded>("lookml.GenerateAll", [&](pqxx::connection& c) -> absl::StatusOr<Loaded> {
        // One snapshot for every project, so the tree is consistent.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
        projects::LiveProjects live = projects::ReadLiveProjects(tx);
        Loaded out;
        out.problems = std::move(live.problems);
        for (projects::StoredProject& p : live.projects) {
          out.inputs.push_back(InputFrom(tx, std::move(p.project), kMaxValuesRead));
        }
        return out;
      });
  if (!loaded.ok()) return loaded.status();
  GeneratedTree tree = GenerateTree(loaded->inputs, Options(connection));
  tree.problems.insert(tree.problems.begin(), loaded->problems.begin(), loaded->problems.end());
  return tree;
}

absl::StatusOr<std::string> LookmlGenerator::RenderPreview(const std::string& slug) {
  struct Loaded {
    ProjectLookmlInput input;
    PreviewData data;
  };
  absl::StatusOr<Loaded> loaded =
      pool_.RunFor<Loaded>("lookml.RenderPreview", [&](pqxx::connection& c) -> absl::StatusOr<Loaded> {
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
        absl::StatusOr<projects::StoredProject> stored = projects::ReadLatestProject(tx, slug);
        if (!stored.ok()) return stored.status();
        Loaded out;
        out.data = ReadPreviewData(tx, stored->project, options_.max_preview_rows);
        out.input = InputFrom(tx, std::move(stored->project), kMaxValuesRead);
        return out;
      });
  if (!loaded.ok()) return loaded.status();
  return RenderHtmlPreview(loaded->input, loaded->data, Options(""));
}

absl::StatusOr<std::string> LookmlGenerator::ChangeFingerprint() {
  absl::StatusOr<std::string> stored =
      pool_.RunFor<std::string>("lookml.ChangeFingerprint", [](pqxx::connection& c) -> absl::StatusOr<std::string> {
        pqxx::read_transaction tx(c);
        return ReadChangeFingerprint(tx);
      });
  if (!stored.ok()) return stored.status();
  // The day decides which projects have ended and are left out.
  return absl::StrCat(absl::FormatCivilTime(options_.today()), ";", *stored);
}

}  // namespace opmon::lookml
