#include "services/config/domain/config_reference.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "services/config/domain/schema.h"
#include "tests/testing/source_tree.h"

namespace opmon::config {
namespace {

using opmon::testing::SourceDir;

TEST(ConfigReference, CommittedMarkdownIsUpToDate) {
  const std::string path = SourceDir() + "/docs/config-reference.md";
  std::ifstream in(path, std::ios::binary);
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == RenderConfigReferenceMarkdown())
      << path << " is stale (or missing). Regenerate it from the schema table with:\n"
      << "  ninja -C <build-dir> opmon_config_reference_gen && "
         "<build-dir>/services/config/domain/opmon_config_reference_gen "
         "docs/config-reference.md";
}

TEST(ConfigReference, DocumentsEverySectionAndKey) {
  const std::string markdown = RenderConfigReferenceMarkdown();
  for (const SectionSpec& section : ConfigSchema()) {
    EXPECT_NE(markdown.find(std::string(section.title)), std::string::npos) << section.id;
    for (const KeySpec& key : section.keys) {
      EXPECT_NE(markdown.find("| `" + std::string(key.name) + "` |"), std::string::npos)
          << section.id << "." << key.name;
    }
  }
}

TEST(ConfigReference, SchemaSectionReferencesResolve) {
  for (const SectionSpec& section : ConfigSchema()) {
    for (const KeySpec& key : section.keys) {
      if (key.type == ValueType::kSection || key.type == ValueType::kMapOfSection) {
        EXPECT_NE(FindSection(key.section), nullptr) << section.id << "." << key.name;
      }
    }
  }
}

}  // namespace
}  // namespace opmon::config
