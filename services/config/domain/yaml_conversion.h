#pragma once
// Converts a project or definitions file (YAML or TOML, e.g. a metric-hub
// `opmon/*.toml`) into opmon's native YAML form: the file is checked against
// its schema in compat mode and the checked tree is written back as YAML.
// Keys opmon does not know are left out (each reported as a warning), so the
// result loads in strict mode and resolves exactly as the input does.

#include <optional>
#include <string>
#include <vector>

#include "services/config/domain/diagnostic.h"
#include "services/config/domain/document.h"
#include "services/config/domain/front_end.h"

namespace opmon::config {

enum class FileKind { kProject, kDefinitions };

struct YamlConversion {
  std::optional<std::string> yaml;  // unset when the file has errors
  std::vector<Diagnostic> diagnostics;
};

YamlConversion ConvertToYaml(const SourceFile& file, FileKind kind);

// Block-style YAML of a document tree, keys in the tree's order (source
// order for YAML; toml++ gives a TOML table's keys sorted). Strings are
// double-quoted (newlines escaped), so none is read back as another type or
// changed; numbers keep their source text.
std::string WriteYaml(const Node& root);

}  // namespace opmon::config
