#include "services/config/domain/definitions.h"

#include <string>
#include <string_view>
#include <utility>

#include "services/config/domain/document.h"
#include "services/config/domain/schema.h"
#include "services/config/domain/spec_reader.h"

namespace opmon::config {

std::string FileStem(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  const size_t dot = path.rfind('.');
  if (dot != std::string_view::npos && dot > 0) path = path.substr(0, dot);
  return std::string(path);
}

ParseDefinitionsResult ParseDefinitions(const SourceFile& file, ValidationMode mode) {
  DiagnosticSink sink;
  Document document;
  ParseDefinitionsResult result;
  if (ParseSource(file, document, sink)) {
    const Node cleaned = ValidateAgainstSchema(document, kDefinitionsFileSection, mode, sink);
    if (!sink.has_errors()) {
      PlatformDefinitions defs;
      defs.path = file.path;
      defs.layer = ReadLayer(file.path, cleaned);
      defs.platform =
          defs.layer.platform ? defs.layer.platform->value : FileStem(file.path);
      defs.is_defaults = defs.layer.project.has_value();
      result.definitions = std::move(defs);
    }
  }
  result.diagnostics = sink.Take();
  SortDiagnostics(result.diagnostics);
  return result;
}

}  // namespace opmon::config
