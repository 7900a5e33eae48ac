#include "services/lookml/lookml_proto.h"

#include <algorithm>

namespace opmon::lookml {
namespace {

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void ToProto(const GeneratedFile& f, v1::GeneratedFile* out) {
  out->set_path(f.path);
  out->set_content(f.content);
}

}  // namespace

void AddFiles(const std::vector<GeneratedFile>& files, google::protobuf::RepeatedPtrField<v1::GeneratedFile>* out) {
  out->Reserve(out->size() + static_cast<int>(files.size()));
  for (const GeneratedFile& f : files) ToProto(f, out->Add());
}

std::vector<v1::GenerateAllResponse> GenerateAllMessages(const GeneratedTree& tree, std::size_t budget) {
  std::vector<v1::GenerateAllResponse> messages(1);
  for (const std::string& p : tree.problems) messages.front().add_problems(p);
  std::size_t used = 0;
  for (const GeneratedFile& f : tree.files) {
    const std::size_t size = f.path.size() + f.content.size();
    if (used > 0 && used + size > budget) {
      messages.emplace_back();
      used = 0;
    }
    ToProto(f, messages.back().add_files());
    used += size;
  }
  return messages;
}

std::vector<v1::RenderPreviewResponse> PreviewMessages(const std::string& html, std::size_t budget) {
  std::vector<v1::RenderPreviewResponse> messages;
  std::size_t at = 0;
  do {
    std::size_t end = std::min(html.size(), at + budget);
    // Back off to a character boundary (a UTF-8 sequence is at most 4 bytes).
    while (end < html.size() && end > at && IsUtf8Continuation(html[end])) --end;
    messages.emplace_back().set_html(html.substr(at, end - at));
    at = end;
  } while (at < html.size());
  return messages;
}

}  // namespace opmon::lookml
