#pragma once
// The lookml service's work, minus gRPC: load the stored projects and the
// facts of their results from PostgreSQL, then call the pure generator
// (services/lookml/domain). Thread-safe (each call borrows a pooled
// connection).

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/pg/pg_fwd.h"
#include "services/lookml/domain/lookml_input.h"
#include "services/lookml/domain/lookml_tree.h"

namespace opmon::lookml {

struct LookmlGeneratorOptions {
  std::string connection = "opmon";  // default Looker connection of the model
  int max_dimension_options = 10;
  size_t max_preview_rows = 200000;
  // Today, for leaving out ended projects; defaults to the UTC date.
  std::function<absl::CivilDay()> today;
};

class LookmlGenerator {
 public:
  // `pool` must outlive this object.
  LookmlGenerator(pg::Pool& pool, LookmlGeneratorOptions options);

  // The files of one project (also when it has ended). NotFound naming the
  // slug; Unavailable when the database is down.
  absl::StatusOr<std::vector<GeneratedFile>> GenerateProject(const std::string& slug);

  // The whole tree; `connection` empty means the default. Projects whose
  // stored version does not parse are left out and reported as problems.
  absl::StatusOr<GeneratedTree> GenerateAll(const std::string& connection);

  // The HTML preview of one project. NotFound naming the slug.
  absl::StatusOr<std::string> RenderPreview(const std::string& slug);

  // Changes when any project or its results change (see change_fingerprint.h),
  // and when the day changes (projects end).
  absl::StatusOr<std::string> ChangeFingerprint();

 private:
  GenerationOptions Options(const std::string& connection) const;

  pg::Pool& pool_;
  LookmlGeneratorOptions options_;
};

}  // namespace opmon::lookml
