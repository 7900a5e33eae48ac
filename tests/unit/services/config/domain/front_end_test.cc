// The YAML and TOML front ends: one tree, positions, typing, parse errors.

#include <ctime>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/front_end.h"
#include "tests/unit/services/config/domain/test_support.h"

// In the test-support namespace: its helpers are used unqualified.
namespace opmon::config::testing {
namespace {

TEST(FrontEnd, BothFormatsGiveTheSameTree) {
  DiagnosticSink sink;
  Document yaml;
  Document toml;
  ASSERT_TRUE(ParseYaml("a.yaml", "x:\n  s: text\n  n: [1, 2.5, true]\n  d: 2024-01-02\n", yaml,
                        sink));
  ASSERT_TRUE(ParseToml("a.toml", "[x]\ns = \"text\"\nn = [1, 2.5, true]\nd = 2024-01-02\n",
                        toml, sink));
  EXPECT_TRUE(sink.diagnostics().empty());
  for (const Document* doc : {&yaml, &toml}) {
    const Node* x = doc->root.Find("x");
    ASSERT_NE(x, nullptr);
    EXPECT_EQ(x->Find("s")->text, "text");
    const Node* n = x->Find("n");
    ASSERT_EQ(n->items.size(), 3u);
    EXPECT_EQ(n->items[0].kind, Node::Kind::kInt);
    EXPECT_EQ(n->items[1].kind, Node::Kind::kDouble);
    EXPECT_EQ(n->items[2].kind, Node::Kind::kBool);
    EXPECT_EQ(x->Find("d")->kind, Node::Kind::kString);
    EXPECT_EQ(x->Find("d")->text, "2024-01-02");
  }
  EXPECT_EQ(yaml.root.entries[0].value.entries[1].key_position.line, 3);
  EXPECT_EQ(yaml.root.entries[0].value.entries[1].key_position.column, 3);
  EXPECT_EQ(toml.root.entries[0].value.entries[1].key_position.line, 3);
  EXPECT_EQ(toml.root.entries[0].value.entries[1].key_position.column, 1);
}

TEST(FrontEnd, DiagnosticsCarryFileLineAndColumn) {
  const ResolveResult y = ResolveYaml(
      "project:\n  start_date: 2024-01-01\n  population:\n    channel: nigthly\n");
  ExpectOnlyDiagnostic(y,
                       "project.yaml:4:14: error: project.population.channel: \"nigthly\" is not "
                       "release|beta|nightly; did you mean \"nightly\"?");
  const ResolveResult t = ResolveToml(
      "[project]\nstart_date = 2024-01-01\n\n[project.population]\nchannel = \"nigthly\"\n");
  ExpectOnlyDiagnostic(t,
                       "project.toml:5:11: error: project.population.channel: \"nigthly\" is not "
                       "release|beta|nightly; did you mean \"nightly\"?");
}

TEST(FrontEnd, ReportsYamlSyntaxErrorsWithPosition) {
  const ResolveResult r = ResolveYaml("project:\n  metrics: [a, b\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].location.file, "project.yaml");
  EXPECT_GT(r.diagnostics[0].location.line, 0);
  EXPECT_THAT(r.diagnostics[0].message, ::testing::StartsWith("invalid YAML: "));
  EXPECT_FALSE(r.ok());
}

TEST(FrontEnd, ReportsTomlSyntaxErrorsWithPosition) {
  const ResolveResult r = ResolveToml("[project]\nname = \"x\"\nname = \"y\"\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].location.line, 3);
  EXPECT_THAT(r.diagnostics[0].message, ::testing::StartsWith("invalid TOML: "));
}

TEST(FrontEnd, RejectsDuplicateYamlKeys) {
  const ResolveResult r = ResolveYaml("project:\n  name: x\n  name: y\n");
  ExpectOnlyDiagnostic(r, "project.yaml:3:3: error: invalid YAML: duplicate key \"name\" (first defined at line 2)");
}

// Comparing each key with every earlier one costs n²/2 ≈ 1.8·10^10 string
// comparisons on a map this size (tens of CPU seconds); a hash lookup per key
// costs about half a second, most of it yaml-cpp's. The bound is on CPU time,
// which a busy machine does not stretch, and is no benchmark.
TEST(FrontEnd, FindsADuplicateAmongManyYamlKeysInLinearTime) {
  constexpr int kKeys = 190000;  // under the 200000-value bound
  std::string yaml;
  for (int i = 0; i < kKeys; ++i) absl::StrAppend(&yaml, "k", i, ": 1\n");
  yaml += "k0: 2\n";
  DiagnosticSink sink;
  Document doc;
  const std::clock_t start = std::clock();
  EXPECT_FALSE(ParseYaml("wide.yaml", yaml, doc, sink));
  EXPECT_LT(static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC, 5.0);
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(FormatDiagnostic(sink.diagnostics()[0]),
            absl::StrCat("wide.yaml:", kKeys + 1, ":1: error: invalid YAML: duplicate key \"k0\" (first defined at line 1)"));
}

TEST(FrontEnd, BoundsYamlNestingDepth) {
  DiagnosticSink sink;
  Document doc;
  std::string nested = "a: ";
  for (int i = 0; i < 65; ++i) nested += "[";
  for (int i = 0; i < 65; ++i) nested += "]";
  EXPECT_FALSE(ParseYaml("deep.yaml", nested + "\n", doc, sink));
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].message, "invalid YAML: nested deeper than 64 levels");
  // Far deeper input fails with a diagnostic, not a stack overflow in the parser.
  DiagnosticSink deep_sink;
  EXPECT_FALSE(ParseYaml("deeper.yaml", "a: " + std::string(100000, '[') + "\n", doc, deep_sink));
  ASSERT_EQ(deep_sink.diagnostics().size(), 1u);
  EXPECT_THAT(deep_sink.diagnostics()[0].message, ::testing::StartsWith("invalid YAML: "));
}

TEST(FrontEnd, BoundsTomlNestingDepth) {
  std::string toml = "a = ";
  for (int i = 0; i < 70; ++i) toml += "[";
  for (int i = 0; i < 70; ++i) toml += "]";
  DiagnosticSink sink;
  Document doc;
  EXPECT_FALSE(ParseToml("deep.toml", toml + "\n", doc, sink));
  ASSERT_FALSE(sink.diagnostics().empty());
  EXPECT_THAT(sink.diagnostics()[0].message, ::testing::HasSubstr("nested deeper than"));
}

TEST(FrontEnd, RejectsANonMapTopLevel) {
  const ResolveResult r = ResolveYaml("- a\n- b\n");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message,
            "expected a map of sections at the top level, got a list");
}

TEST(FrontEnd, BoundsAliasExpansion) {
  std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'h'; ++c) {
    const char prev = static_cast<char>(c - 1);
    yaml += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  }
  DiagnosticSink sink;
  Document doc;
  EXPECT_FALSE(ParseYaml("bomb.yaml", yaml, doc, sink));
  ASSERT_EQ(sink.diagnostics().size(), 1u);
  EXPECT_EQ(sink.diagnostics()[0].message,
            "invalid YAML: document too large (more than 200000 values)");
}

TEST(FrontEnd, PlainYamlScalarsAreTextWhereTextIsExpected) {
  const ResolveResult r =
      ResolveYaml("project: {start_date: 2024-01-01, reference_branch: 1, name: true}\n");
  ASSERT_TRUE(r.ok()) << Dump(r);
  EXPECT_EQ(r.project->reference_branch, "1");
  EXPECT_EQ(r.project->name, "true");
}

TEST(FrontEnd, EmptyFilesAreEmptyProjects) {
  EXPECT_TRUE(ResolveYaml("").ok());
  EXPECT_TRUE(ResolveToml("").ok());
}

TEST(FrontEnd, DetectsTheFormatFromTheExtension) {
  EXPECT_EQ(DetectFormat("a/b.toml"), SourceFormat::kToml);
  EXPECT_EQ(DetectFormat("a/b.yaml"), SourceFormat::kYaml);
  EXPECT_EQ(DetectFormat("b.yml"), SourceFormat::kYaml);
}

TEST(Diagnostics, SortAndFormat) {
  std::vector<Diagnostic> d = {
      {Severity::kWarning, {"b.yaml", 1, 1, "x"}, "w"},
      {Severity::kError, {"a.yaml", 9, 2, "y"}, "e"},
      {Severity::kError, {"a.yaml", 3, 5, ""}, "f"},
      {Severity::kError, {"a.yaml", 3, 5, ""}, "f"},
  };
  SortDiagnostics(d);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(FormatDiagnostic(d[0]), "a.yaml:3:5: error: f");
  EXPECT_EQ(FormatDiagnostic(d[1]), "a.yaml:9:2: error: y: e");
  EXPECT_EQ(FormatDiagnostic(d[2]), "b.yaml:1:1: warning: x: w");
  EXPECT_EQ(FormatDiagnostic({Severity::kError, {"c.toml", 0, 0, ""}, "m"}), "c.toml: error: m");
  EXPECT_TRUE(HasErrors(d));
}

}  // namespace
}  // namespace opmon::config::testing
