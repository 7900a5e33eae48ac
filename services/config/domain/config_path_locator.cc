#include "services/config/domain/config_path_locator.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/config/domain/document.h"

namespace opmon::config {
namespace {

// Maps and lists start on the line after their key in YAML; the key is
// where a person looks.
NodePosition PositionOf(const MapEntry& entry) {
  const bool scalar = entry.value.is_scalar();
  if (!scalar && entry.key_position.line > 0) return entry.key_position;
  return entry.value.position.line > 0 ? entry.value.position : entry.key_position;
}

// The paths a compute config path names, most specific first:
// "a (or b)" and "a (b)" name a and b.
std::vector<std::string> NamedPaths(std::string_view config_path) {
  std::vector<std::string> out;
  const size_t open = config_path.find(" (");
  std::string_view first = config_path.substr(0, open);
  out.emplace_back(absl::StripAsciiWhitespace(absl::string_view(first.data(), first.size())));
  if (open != std::string_view::npos) {
    absl::string_view rest(config_path.data() + open + 2, config_path.size() - open - 2);
    absl::ConsumeSuffix(&rest, ")");
    absl::ConsumePrefix(&rest, "or ");
    rest = absl::StripAsciiWhitespace(rest);
    if (!rest.empty()) out.emplace_back(rest);
  }
  return out;
}

struct Walk {
  int matched = 0;  // segments found
  NodePosition position{1, 1};
};

Walk WalkPath(const Node& root, const std::string& path) {
  Walk walk;
  const Node* node = &root;
  for (absl::string_view segment : absl::StrSplit(path, '.')) {
    if (node->kind != Node::Kind::kMap) break;
    const MapEntry* found = nullptr;
    for (const MapEntry& e : node->entries) {
      if (e.key == segment) found = &e;
    }
    if (found == nullptr) break;
    ++walk.matched;
    walk.position = PositionOf(*found);
    node = &found->value;
  }
  return walk;
}

const Node* Child(const Node* node, std::string_view key) { return node == nullptr ? nullptr : node->Find(key); }

// The item of a list of names equal to `name`, or the string itself.
std::optional<NodePosition> NameIn(const Node* node, const std::string& name) {
  if (node == nullptr) return std::nullopt;
  if (node->kind == Node::Kind::kString && node->text == name) return node->position;
  for (const Node& item : node->items) {
    if (item.kind == Node::Kind::kString && item.text == name) return item.position;
  }
  return std::nullopt;
}

// Where the file refers to `section.name` defined elsewhere (platform
// definitions): metrics in project.metrics, data sources as the
// population's or a metric's data_source, dimensions in population.dimensions.
std::optional<NodePosition> Reference(const Node& root, const std::string& path) {
  const std::vector<std::string> parts = absl::StrSplit(path, '.');
  if (parts.size() < 2) return std::nullopt;
  const std::string& name = parts[1];
  const Node* project = root.Find("project");
  const Node* population = Child(project, "population");
  if (parts[0] == "metrics") return NameIn(Child(project, "metrics"), name);
  if (parts[0] == "dimensions") return NameIn(Child(population, "dimensions"), name);
  if (parts[0] == "data_sources") {
    if (auto at = NameIn(Child(population, "data_source"), name)) return at;
    if (const Node* metrics = root.Find("metrics")) {
      for (const MapEntry& m : metrics->entries) {
        if (auto at = NameIn(m.value.Find("data_source"), name)) return at;
      }
    }
  }
  return std::nullopt;
}

int Segments(const std::string& path) { return static_cast<int>(std::count(path.begin(), path.end(), '.')) + 1; }

}  // namespace

SourceLocation LocateConfigPath(const SourceFile& file, std::string_view config_path) {
  SourceLocation out{file.path, 0, 0, std::string(config_path)};
  Document document;
  DiagnosticSink ignored;
  if (!ParseSource(file, document, ignored)) return out;
  const std::vector<std::string> paths = NamedPaths(config_path);
  // The first path the file has exactly, then an entry defined in the file
  // (metrics.<name>), then a reference to it, then the deepest ancestor.
  for (const std::string& path : paths) {
    const Walk walk = WalkPath(document.root, path);
    if (walk.matched == Segments(path)) {
      out.line = walk.position.line;
      out.column = walk.position.column;
      return out;
    }
  }
  for (const std::string& path : paths) {
    const Walk walk = WalkPath(document.root, path);
    if (walk.matched >= 2) {
      out.line = walk.position.line;
      out.column = walk.position.column;
      return out;
    }
  }
  for (const std::string& path : paths) {
    if (auto at = Reference(document.root, path)) {
      out.line = at->line;
      out.column = at->column;
      return out;
    }
  }
  Walk deepest;
  for (const std::string& path : paths) {
    const Walk walk = WalkPath(document.root, path);
    if (walk.matched > deepest.matched) deepest = walk;
  }
  out.line = deepest.position.line;
  out.column = deepest.position.column;
  return out;
}

}  // namespace opmon::config
