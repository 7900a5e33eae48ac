// LookML for 100 projects (docs/performance.md targets: under 1 s), and the HTML preview of
// one project with a realistic number of statistics rows. Projects are the
// examples under deploy/examples (plus the golden-test variants) cloned under
// distinct slugs, each with canned dimension values.

#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "services/lookml/domain/html_preview.h"
#include "services/lookml/domain/lookml_tree.h"
#include "tests/unit/services/lookml/domain/example_projects.h"

namespace opmon::lookml {
namespace {

std::vector<ProjectLookmlInput> Projects(int n) {
  const std::vector<ProjectLookmlInput> templates = testing::GoldenInputs();
  std::vector<ProjectLookmlInput> out;
  for (int i = 0; i < n; ++i) {
    ProjectLookmlInput input = templates[static_cast<size_t>(i) % templates.size()];
    input.project.slug += "-" + std::to_string(i);
    input.project.table_name += "_" + std::to_string(i);
    input.project.end_date.reset();
    out.push_back(std::move(input));
  }
  return out;
}

void BM_GenerateTree(benchmark::State& state) {
  const std::vector<ProjectLookmlInput> inputs = Projects(static_cast<int>(state.range(0)));
  size_t bytes = 0, files = 0, problems = 0;
  for (auto _ : state) {
    GeneratedTree tree = GenerateTree(inputs, GenerationOptions{});
    files = tree.files.size();
    problems = tree.problems.size();
    bytes = 0;
    for (const GeneratedFile& f : tree.files) bytes += f.content.size();
    benchmark::DoNotOptimize(tree);
  }
  state.counters["files"] = static_cast<double>(files);
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["problems"] = static_cast<double>(problems);
}
BENCHMARK(BM_GenerateTree)->Arg(100)->Unit(benchmark::kMillisecond);

void BM_RenderPreview(benchmark::State& state) {
  const ProjectLookmlInput input = testing::InputFor(testing::ResolvedExample("desktop-health"));
  PreviewData data;
  data.dimension_names = {"os", "country"};
  const int days = static_cast<int>(state.range(0));
  for (int d = 0; d < days; ++d) {
    const std::string date = "2024-" + std::string(d / 28 < 9 ? "0" : "") + std::to_string(d / 28 + 1) + "-" +
                             std::string(d % 28 < 9 ? "0" : "") + std::to_string(d % 28 + 1);
    for (const char* os : {"Windows", "Mac", "Linux"}) {
      for (const char* country : {"US", "DE", "FR"}) {
        for (const char* pct : {"25", "50", "75", "95"}) {
          data.rows.push_back({date, {os, country}, "active", "gc_ms", "percentile", pct, 10.0 + d, 9.0 + d, 11.0 + d});
        }
        data.rows.push_back({date, {os, country}, "active", "search_count", "sum", "", 100.0 + d, {}, {}});
      }
    }
  }
  size_t bytes = 0;
  for (auto _ : state) {
    std::string html = RenderHtmlPreview(input, data, {});
    bytes = html.size();
    benchmark::DoNotOptimize(html);
  }
  state.counters["rows"] = static_cast<double>(data.rows.size());
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderPreview)->Arg(90)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace opmon::lookml

BENCHMARK_MAIN();
