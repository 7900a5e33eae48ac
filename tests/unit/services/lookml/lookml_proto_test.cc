// GenerateAll and RenderPreview results split over stream messages: every
// message within the budget, nothing lost or reordered, UTF-8 kept whole.
#include "services/lookml/lookml_proto.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace opmon::lookml {
namespace {

TEST(GenerateAllMessages, SplitsTheTreeBetweenFilesWithinTheBudget) {
  GeneratedTree tree;
  for (int i = 0; i < 10; ++i) tree.files.push_back({"views/v" + std::to_string(i) + ".lkml", std::string(40, 'x')});
  tree.files.push_back({"big.lkml", std::string(500, 'b')});  // larger than the budget: alone
  tree.problems = {"a problem"};
  const std::vector<v1::GenerateAllResponse> messages = GenerateAllMessages(tree, 120);
  ASSERT_EQ(messages.size(), 6u);  // 2 files (2 × 53 bytes) per message, then the big one
  EXPECT_THAT(messages[0].problems(), ::testing::ElementsAre("a problem"));
  std::vector<std::string> paths;
  for (const v1::GenerateAllResponse& m : messages) {
    if (&m != &messages[0]) {
      EXPECT_TRUE(m.problems().empty());
    }
    std::size_t bytes = 0;
    for (const v1::GeneratedFile& f : m.files()) {
      paths.push_back(f.path());
      bytes += f.path().size() + f.content().size();
    }
    if (m.files_size() > 1) {
      EXPECT_LE(bytes, 120u);
    }
  }
  ASSERT_EQ(paths.size(), tree.files.size());
  for (std::size_t i = 0; i < paths.size(); ++i) EXPECT_EQ(paths[i], tree.files[i].path);
  EXPECT_EQ(messages.back().files(0).content(), std::string(500, 'b'));
}

TEST(GenerateAllMessages, AnEmptyTreeIsOneMessage) {
  EXPECT_EQ(GenerateAllMessages(GeneratedTree{}).size(), 1u);
}

TEST(PreviewMessages, CutsThePageBetweenCharactersWithinTheBudget) {
  std::string html;
  for (int i = 0; i < 100; ++i) html += "<p>caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80</p>";
  const std::vector<v1::RenderPreviewResponse> messages = PreviewMessages(html, 7);
  std::string joined;
  for (const v1::RenderPreviewResponse& m : messages) {
    EXPECT_LE(m.html().size(), 7u);
    EXPECT_FALSE(m.html().empty());
    // Starts with a character's first byte: never a continuation byte.
    EXPECT_NE(static_cast<unsigned char>(m.html()[0]) & 0xC0, 0x80) << joined.size();
    joined += m.html();
  }
  EXPECT_EQ(joined, html);
  EXPECT_EQ(PreviewMessages("", 7).size(), 1u);
  EXPECT_EQ(PreviewMessages(html).size(), 1u);
}

}  // namespace
}  // namespace opmon::lookml
