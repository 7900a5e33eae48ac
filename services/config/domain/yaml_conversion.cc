#include "services/config/domain/yaml_conversion.h"

#include <yaml-cpp/yaml.h>

#include <string_view>

#include "absl/strings/str_cat.h"
#include "services/config/domain/schema.h"
#include "services/config/domain/schema_validator.h"

namespace opmon::config {
namespace {

void Emit(YAML::Emitter& out, const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      out << YAML::Null;
      break;
    case Node::Kind::kBool:
      out << YAML::TrueFalseBool << node.bool_value;
      break;
    case Node::Kind::kInt:
      out << node.int_value;
      break;
    case Node::Kind::kDouble:
      // The source text when it has one, so 0.1 stays 0.1.
      if (!node.text.empty()) {
        out << node.text;
      } else {
        out << node.double_value;
      }
      break;
    case Node::Kind::kString:
      // Double quotes keep every string exact (yaml-cpp's literal blocks do
      // not round-trip trailing newlines or leading spaces).
      out << YAML::DoubleQuoted << node.text;
      break;
    case Node::Kind::kList:
      out << YAML::BeginSeq;
      for (const Node& item : node.items) Emit(out, item);
      out << YAML::EndSeq;
      break;
    case Node::Kind::kMap:
      out << YAML::BeginMap;
      for (const MapEntry& entry : node.entries) {
        out << YAML::Key << entry.key << YAML::Value;
        Emit(out, entry.value);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

std::string WriteYaml(const Node& root) {
  YAML::Emitter out;
  out.SetIndent(2);
  Emit(out, root);
  return absl::StrCat(out.c_str(), "\n");
}

YamlConversion ConvertToYaml(const SourceFile& file, FileKind kind) {
  DiagnosticSink sink;
  Document document;
  YamlConversion result;
  if (ParseSource(file, document, sink)) {
    const Node checked = ValidateAgainstSchema(
        document, kind == FileKind::kProject ? kProjectFileSection : kDefinitionsFileSection,
        ValidationMode::kCompat, sink);
    if (!sink.has_errors()) result.yaml = WriteYaml(checked);
  }
  result.diagnostics = sink.Take();
  SortDiagnostics(result.diagnostics);
  return result;
}

}  // namespace opmon::config
