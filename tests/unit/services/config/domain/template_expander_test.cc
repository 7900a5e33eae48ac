#include "services/config/domain/template_expander.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace opmon::config {
namespace {

class TemplateExpanderTest : public ::testing::Test {
 protected:
  TemplateExpanderTest() {
    functions_["agg_sum"].definition = LocatedString{"COALESCE(SUM({select_expr}), 0)", {}};
    functions_["twice"].definition = LocatedString{"{select_expr} + {select_expr}", {}};
    parameters_["engine"].value = "google";
    parameters_["by_branch"].value_by_branch =
        std::map<std::string, std::string>{{"control", "a"}, {"treatment", "it's"}};
    parameters_["unset"].distinct_by_branch = false;
  }

  std::optional<std::string> Expand(const std::string& expr) {
    return ExpandTemplates(expr, functions_, parameters_, {"f.yaml", 1, 1, "m"}, sink_);
  }

  std::map<std::string, FunctionSpec> functions_;
  std::map<std::string, ParameterSpec> parameters_;
  DiagnosticSink sink_;
};

TEST_F(TemplateExpanderTest, ExpandsQuotedAndBareArguments) {
  EXPECT_EQ(Expand("{{agg_sum(\"active_ticks\")}}"), "COALESCE(SUM(active_ticks), 0)");
  EXPECT_EQ(Expand("{{ agg_sum(a * (b + 1)) }} / 2"), "COALESCE(SUM(a * (b + 1)), 0) / 2");
  EXPECT_EQ(Expand("{{ twice('x') }}"), "x + x");
  EXPECT_EQ(Expand("no templates"), "no templates");
  EXPECT_TRUE(sink_.diagnostics().empty());
}

TEST_F(TemplateExpanderTest, ExpandsParameters) {
  EXPECT_EQ(Expand("engine = '{{ parameters.engine }}'"), "engine = 'google'");
  EXPECT_EQ(Expand("{{parameters.by_branch}}"),
            "CASE branch WHEN 'control' THEN 'a' WHEN 'treatment' THEN 'it''s' END");
}

TEST_F(TemplateExpanderTest, ReportsProblems) {
  EXPECT_EQ(Expand("{{ agg_summ(x) }}"), std::nullopt);
  EXPECT_EQ(Expand("{{ agg_sum(x) "), std::nullopt);
  EXPECT_EQ(Expand("{{ 1 + 2 }}"), std::nullopt);
  EXPECT_EQ(Expand("{{ parameters.engin }}"), std::nullopt);
  EXPECT_EQ(Expand("{{ parameters.unset }}"), std::nullopt);
  ASSERT_EQ(sink_.diagnostics().size(), 5u);
  EXPECT_EQ(sink_.diagnostics()[0].message,
            "unknown function \"agg_summ\"; did you mean \"agg_sum\"?");
  EXPECT_EQ(sink_.diagnostics()[1].message, "unterminated \"{{\"; expected \"}}\" to close it");
  EXPECT_EQ(sink_.diagnostics()[2].message,
            "cannot expand \"{{ 1 + 2 }}\"; expected {{ function(expression) }} or "
            "{{ parameters.name }}");
  EXPECT_EQ(sink_.diagnostics()[3].message,
            "unknown parameter \"engin\"; did you mean \"engine\"?");
  EXPECT_EQ(sink_.diagnostics()[4].message, "parameter \"unset\" has no value or default");
  EXPECT_EQ(sink_.diagnostics()[0].location.path, "m");
}

}  // namespace
}  // namespace opmon::config
