#include "services/config/domain/document.h"

#include <string_view>

namespace opmon::config {

const Node* Node::Find(std::string_view key) const {
  for (const MapEntry& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

const char* DescribeKind(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::kNull: return "null";
    case Node::Kind::kBool: return "a boolean";
    case Node::Kind::kInt: return "an integer";
    case Node::Kind::kDouble: return "a number";
    case Node::Kind::kString: return "a string";
    case Node::Kind::kList: return "a list";
    case Node::Kind::kMap: return "a table";
  }
  return "a value";
}

Document EmptyDocument(std::string_view path) {
  Document document{.file = std::string(path), .root = Node{}};
  document.root.kind = Node::Kind::kMap;
  document.root.position = {1, 1};
  return document;
}

}  // namespace opmon::config
