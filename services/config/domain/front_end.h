#pragma once
// Source files and the front ends that turn them into Documents. The YAML and
// TOML adapters (yaml_front_end.cc, toml_front_end.cc) are the only places
// that see yaml-cpp or toml++ and their exceptions; parse errors come out as
// diagnostics with positions.

#include <string>
#include <string_view>

#include "services/config/domain/diagnostic.h"
#include "services/config/domain/document.h"

namespace opmon::config {

enum class SourceFormat { kAuto, kYaml, kToml };

struct SourceFile {
  std::string path;  // shown in diagnostics; its extension picks the format
  std::string text;
  SourceFormat format = SourceFormat::kAuto;
};

// kToml for a ".toml" path, kYaml for anything else.
SourceFormat DetectFormat(std::string_view path);

// Parses `file` into `out` (root always a map, empty on failure). Returns
// false, with at least one error in `sink`, if the file is not valid YAML or
// TOML or its top level is not a map.
bool ParseSource(const SourceFile& file, Document& out, DiagnosticSink& sink);

bool ParseYaml(std::string_view path, std::string_view text, Document& out,
               DiagnosticSink& sink);
bool ParseToml(std::string_view path, std::string_view text, Document& out,
               DiagnosticSink& sink);

}  // namespace opmon::config
