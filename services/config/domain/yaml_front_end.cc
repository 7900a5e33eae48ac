// The YAML adapter: yaml-cpp nodes → Document. yaml-cpp exceptions stop here.

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/config/domain/front_end.h"

namespace opmon::config {
namespace {

// Bounds the tree an input can expand to (aliases can repeat a subtree
// exponentially) and the depth of our own recursion.
constexpr int kMaxNodes = 200000;
constexpr int kMaxDepth = 64;

NodePosition PositionOf(const YAML::Mark& mark) {
  if (mark.line < 0) return {};
  return {mark.line + 1, mark.column + 1};
}

bool IsNullText(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

bool IsIntText(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool IsFloatText(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  bool digits = false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits) {
      size_t j = i + 1;
      if (j < s.size() && (s[j] == '-' || s[j] == '+')) ++j;
      if (j == s.size()) return false;
      for (; j < s.size(); ++j) {
        if (s[j] < '0' || s[j] > '9') return false;
      }
      return true;
    } else {
      return false;
    }
  }
  return digits;
}

// YAML 1.2 core schema typing of a plain scalar.
void TypePlainScalar(Node& node) {
  const std::string& s = node.text;
  if (IsNullText(s)) {
    node.kind = Node::Kind::kNull;
  } else if (s == "true" || s == "True" || s == "TRUE") {
    node.kind = Node::Kind::kBool;
    node.bool_value = true;
  } else if (s == "false" || s == "False" || s == "FALSE") {
    node.kind = Node::Kind::kBool;
    node.bool_value = false;
  } else if (IsIntText(s) && absl::SimpleAtoi(s, &node.int_value)) {
    node.kind = Node::Kind::kInt;
  } else if (IsFloatText(s) && absl::SimpleAtod(s, &node.double_value)) {
    node.kind = Node::Kind::kDouble;
  } else {
    node.kind = Node::Kind::kString;
  }
}

class Converter {
 public:
  Converter(std::string_view path, DiagnosticSink& sink) : path_(path), sink_(sink) {}

  bool Convert(const YAML::Node& in, Node& out, int depth) {
    if (++nodes_ > kMaxNodes) {
      return Fail(PositionOf(in.Mark()),
                  absl::StrCat("document too large (more than ", kMaxNodes, " values)"));
    }
    if (depth > kMaxDepth) {
      return Fail(PositionOf(in.Mark()),
                  absl::StrCat("nested deeper than ", kMaxDepth, " levels"));
    }
    out.position = PositionOf(in.Mark());
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = Node::Kind::kNull;
        return true;
      case YAML::NodeType::Scalar:
        out.text = in.Scalar();
        // "?" is the non-specific tag of plain scalars; quoted ones get "!".
        if (in.Tag() == "?") {
          out.plain = true;
          TypePlainScalar(out);
        } else {
          out.kind = Node::Kind::kString;
        }
        return true;
      case YAML::NodeType::Sequence:
        out.kind = Node::Kind::kList;
        for (const YAML::Node& item : in) {
          Node converted;
          if (!Convert(item, converted, depth + 1)) return false;
          out.items.push_back(std::move(converted));
        }
        return true;
      case YAML::NodeType::Map: {
        out.kind = Node::Kind::kMap;
        // Key → line of its first definition: one lookup per key, so a map
        // of n keys costs O(n), not the O(n²) of comparing with each earlier key.
        absl::flat_hash_map<std::string, int> first_line;
        for (auto it = in.begin(); it != in.end(); ++it) {
          const NodePosition key_position = PositionOf(it->first.Mark());
          if (!it->first.IsScalar()) {
            return Fail(key_position, "keys must be plain strings");
          }
          std::string key = it->first.Scalar();
          if (const auto [at, inserted] = first_line.try_emplace(key, key_position.line); !inserted) {
            return Fail(key_position, absl::StrCat("duplicate key \"", key, "\" (first defined at line ",
                                                   at->second, ")"));
          }
          MapEntry entry{std::move(key), key_position, Node{}};
          if (!Convert(it->second, entry.value, depth + 1)) return false;
          out.entries.push_back(std::move(entry));
        }
        return true;
      }
    }
    return true;
  }

 private:
  bool Fail(NodePosition position, std::string message) {
    sink_.Error({std::string(path_), position.line, position.column, ""},
                absl::StrCat("invalid YAML: ", message));
    return false;
  }

  std::string_view path_;
  DiagnosticSink& sink_;
  int nodes_ = 0;
};

}  // namespace

bool ParseYaml(std::string_view path, std::string_view text, Document& out,
               DiagnosticSink& sink) {
  out = EmptyDocument(path);
  Node root;
  try {
    const YAML::Node parsed = YAML::Load(std::string(text));
    Converter converter(path, sink);
    if (!converter.Convert(parsed, root, 0)) return false;
  } catch (const YAML::Exception& e) {
    sink.Error({std::string(path), e.mark.line + 1, e.mark.column + 1, ""},
               absl::StrCat("invalid YAML: ", e.msg));
    return false;
  } catch (const std::exception& e) {
    sink.Error({std::string(path), 0, 0, ""}, absl::StrCat("invalid YAML: ", e.what()));
    return false;
  }
  if (root.kind == Node::Kind::kNull) return true;  // an empty file
  if (root.kind != Node::Kind::kMap) {
    sink.Error({std::string(path), root.position.line, root.position.column, ""},
               absl::StrCat("expected a map of sections at the top level, got ",
                            DescribeKind(root.kind)));
    return false;
  }
  out.root = std::move(root);
  return true;
}

}  // namespace opmon::config
