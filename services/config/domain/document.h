#pragma once
// The one position-carrying document tree both front ends (YAML, TOML)
// produce, so every later stage reports file:line:col the same way.
//
// Scalars keep their source text. YAML plain scalars are typed the YAML 1.2
// core-schema way (null, true/false, integers, floats, else string) and marked
// `plain`, so a string-typed key may still accept `channel: 1`; TOML dates
// become strings "YYYY-MM-DD".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace opmon::config {

struct NodePosition {
  int line = 0;  // 1-based; 0 unknown
  int column = 0;
};

struct MapEntry;

struct Node {
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kList, kMap };

  Kind kind = Kind::kNull;
  NodePosition position;
  bool plain = false;  // an unquoted YAML scalar
  bool bool_value = false;
  int64_t int_value = 0;
  double double_value = 0;
  std::string text;  // scalars: the string value, or the source text
  std::vector<Node> items;  // kList
  std::vector<MapEntry> entries;  // kMap, in source order, keys unique

  bool is_scalar() const { return kind != Kind::kList && kind != Kind::kMap; }
  bool is_number() const { return kind == Kind::kInt || kind == Kind::kDouble; }
  double number() const {
    return kind == Kind::kInt ? static_cast<double>(int_value) : double_value;
  }
  // First entry with this key, or nullptr; valid while the map is unchanged.
  const Node* Find(std::string_view key) const;
};

struct MapEntry {
  std::string key;
  NodePosition key_position;
  Node value;
};

// Human name of a kind for messages: "a string", "a list", "a table/map"...
const char* DescribeKind(Node::Kind kind);

// A parsed source file: its path (as given, used in diagnostics) and root.
struct Document {
  std::string file;
  Node root;  // a kMap on success
};

// `path` with an empty kMap root at 1:1: what a front end's result is before
// it parses (and stays on failure).
Document EmptyDocument(std::string_view path);

}  // namespace opmon::config
