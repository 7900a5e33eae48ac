// ValidateTree finds each kind of broken tree, and accepts the generated one.

#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/lookml/domain/lookml_syntax.h"
#include "services/lookml/domain/lookml_tree.h"
#include "services/lookml/domain/tree_validation.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/services/lookml/domain/example_projects.h"

namespace opmon::lookml {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<GeneratedFile> Tree() {
  return GenerateTree({testing::InputFor(testing::ResolvedExample("desktop-health"))}, {}).files;
}

// The tree with `from` replaced by `to` in the file at `path`.
std::vector<GeneratedFile> Edited(const std::string& path, const std::string& from, const std::string& to) {
  std::vector<GeneratedFile> files = Tree();
  bool edited = false;
  for (GeneratedFile& f : files) {
    if (f.path != path) continue;
    const std::string before = f.content;
    f.content = absl::StrReplaceAll(f.content, {{from, to}});
    edited = f.content != before;
  }
  EXPECT_TRUE(edited) << path << " has no " << from;
  return files;
}

TEST(ValidateTree, AcceptsTheGeneratedTree) { EXPECT_THAT(ValidateTree(Tree()), IsEmpty()); }

// A tree broken in one place: the file, the text replaced there, and parts of
// the problems ValidateTree must then report.
struct Breakage {
  std::string name;
  std::string path;
  std::string from;
  std::string to;
  std::vector<std::string> problems;
};

void PrintTo(const Breakage& b, std::ostream* os) { *os << b.name; }

class ValidateBrokenTree : public ::testing::TestWithParam<Breakage> {};

TEST_P(ValidateBrokenTree, ReportsTheBreakage) {
  const Breakage& b = GetParam();
  const auto problems = ValidateTree(Edited(b.path, b.from, b.to));
  for (const std::string& problem : b.problems) EXPECT_THAT(problems, Contains(HasSubstr(problem)));
}

INSTANTIATE_TEST_SUITE_P(
    ValidateTree, ValidateBrokenTree,
    ::testing::Values(
        Breakage{"InvalidYaml", "dashboards/desktop_health.dashboard.lookml", "  title: 'Desktop health'",
                 "  title: 'Desktop health", {"dashboards/desktop_health.dashboard.lookml: invalid YAML"}},
        Breakage{"AListenToAnUnknownFilter", "dashboards/desktop_health.dashboard.lookml", "      'Country': ",
                 "      'Land': ", {"listens to unknown filter 'Land'"}},
        Breakage{"AFieldMissingFromItsView", "views/desktop_health.view.lkml", "dimension: country {",
                 "dimension: land {", {"desktop_health.country: no field country in view desktop_health"}},
        Breakage{"DuplicateElementNames", "dashboards/desktop_health.dashboard.lookml",
                 "name: 'URIs visited by Operating system Mean'", "name: 'Active ticks by Operating system Mean'",
                 {"duplicate element name 'Active ticks by Operating system Mean'"}},
        Breakage{"IncludesThatResolveToNothing", "explores/desktop_health.explore.lkml",
                 "/views/desktop_health.view.lkml", "/views/desktop_healht.view.lkml",
                 {"include \"/views/desktop_healht.view.lkml\" matches no file",
                  "explore desktop_health: view desktop_health is not included"}},
        Breakage{"AnUnknownDatagroup", "explores/desktop_health.explore.lkml",
                 "persist_with: desktop_health_last_updated", "persist_with: nope", {"datagroup nope is not included"}},
        Breakage{"DuplicateFields", "views/desktop_health.view.lkml", "dimension: country {", "dimension: os {",
                 {"duplicate field os"}},
        Breakage{"UnbalancedLookml", "views/desktop_health.view.lkml", " ;;\n", "\n",
                 {"views/desktop_health.view.lkml: line"}}),
    [](const ::testing::TestParamInfo<Breakage>& param_info) { return param_info.param.name; });

TEST(LookmlSyntax, ReadsNamedBlocksListsStringsAndSql) {
  auto nodes = ParseLookml(
      "# c\ninclude: \"/a.lkml\"\nview: v {\n  sql_table_name: s.\"t\" ;;\n  dimension: d {\n    label: \"x \\\"y\\\"\"\n"
      "    sql: a ;; # not a comment inside sql? it is after ;;\n  }\n  f: [a.b: \"1,2\", c]\n}\n");
  ASSERT_THAT(nodes, IsOk());
  ASSERT_EQ(nodes->size(), 2u);
  EXPECT_EQ((*nodes)[0].value, "/a.lkml");
  const LookmlNode& view = (*nodes)[1];
  EXPECT_EQ(view.name, "v");
  ASSERT_EQ(view.children.size(), 3u);
  EXPECT_EQ(view.children[0].value, "s.\"t\"");
  EXPECT_EQ(view.children[1].name, "d");
  EXPECT_EQ(view.children[1].children[0].value, "x \"y\"");
  EXPECT_EQ(view.children[2].list, (std::vector<std::string>{"a.b", "c"}));
}

TEST(LookmlSyntax, NamesTheLineOfAnError) {
  auto nodes = ParseLookml("view: v {\n  dimension: d {\n    sql: x\n  }\n}\n");
  EXPECT_THAT(nodes, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(nodes.status().message()), HasSubstr("line 3"));
}

}  // namespace
}  // namespace opmon::lookml
