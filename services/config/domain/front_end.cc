#include "services/config/domain/front_end.h"

#include <string_view>

namespace opmon::config {

SourceFormat DetectFormat(std::string_view path) {
  constexpr std::string_view kToml = ".toml";
  if (path.size() >= kToml.size() && path.substr(path.size() - kToml.size()) == kToml) {
    return SourceFormat::kToml;
  }
  return SourceFormat::kYaml;
}

bool ParseSource(const SourceFile& file, Document& out, DiagnosticSink& sink) {
  SourceFormat format =
      file.format == SourceFormat::kAuto ? DetectFormat(file.path) : file.format;
  if (format == SourceFormat::kToml) return ParseToml(file.path, file.text, out, sink);
  return ParseYaml(file.path, file.text, out, sink);
}

}  // namespace opmon::config
