#include "clients/opmonctl/config_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/file_text.h"
#include "clients/opmonctl/global_options.h"
#include "common/status/status_macros.h"
#include "common/utf8/utf8_check.h"
#include "google/protobuf/util/json_util.h"
#include "services/config/config_proto.h"
#include "services/config/domain/config_reference.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/yaml_conversion.h"

namespace opmon::ctl {

absl::StatusOr<v1::SourceFile> ReadSourceFile(const std::string& path) {
  std::optional<std::string> content = ReadFileText(path);
  if (!content) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  // Protobuf would refuse to send it with a serialization error; say where.
  OPMON_RETURN_IF_ERROR(utf8::CheckUtf8(*content, path));
  v1::SourceFile file;
  file.set_path(path);
  file.set_content(*std::move(content));
  return file;
}

absl::StatusOr<std::vector<v1::SourceFile>> ReadSourceFiles(const std::vector<std::string>& paths) {
  std::vector<v1::SourceFile> files;
  for (const std::string& path : paths) {
    OPMON_ASSIGN_OR_RETURN(v1::SourceFile file, ReadSourceFile(path));
    files.push_back(std::move(file));
  }
  return files;
}

std::string FormatDiagnosticLine(const v1::Diagnostic& diagnostic) {
  return config::FormatDiagnostic(config::FromProto(diagnostic));
}

nlohmann::json ProtoToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string text;
  if (!google::protobuf::util::MessageToJsonString(message, &text, options).ok()) return nullptr;
  return nlohmann::json::parse(text);
}

nlohmann::json WithSourceText(nlohmann::json json, const v1::SourceFile& source) {
  json["source"]["content"] = source.content();
  return json;
}

v1::ValidationMode ModeFlag(bool compat) {
  return compat ? v1::VALIDATION_MODE_COMPAT : v1::VALIDATION_MODE_STRICT;
}

int ReadFailed(const absl::Status& status) {
  std::cerr << "opmonctl: " << status.message() << "\n";
  return 1;
}

namespace {

struct ConvertOptions {
  std::string file;
  std::string out;
  bool definitions = false;
};

// Local, no RPC: the file is checked against the schema in compat mode and
// written back without the keys opmon does not know (each one a warning on
// stderr). Exit 1 with the errors when the file has any.
int RunConvert(const GlobalOptions&, const ConvertOptions& o) {
  absl::StatusOr<v1::SourceFile> file = ReadSourceFile(o.file);
  if (!file.ok()) return ReadFailed(file.status());
  const config::YamlConversion converted =
      config::ConvertToYaml({file->path(), file->content()},
                            o.definitions ? config::FileKind::kDefinitions : config::FileKind::kProject);
  for (const config::Diagnostic& d : converted.diagnostics) std::cerr << config::FormatDiagnostic(d) << "\n";
  if (!converted.yaml) return 1;
  if (o.out.empty()) {
    std::cout << *converted.yaml;
    return 0;
  }
  std::ofstream out(o.out, std::ios::binary | std::ios::trunc);
  out << *converted.yaml;
  if (!out.flush()) {
    std::cerr << "opmonctl: cannot write " << o.out << "\n";
    return 1;
  }
  return 0;
}

int RunReference(const GlobalOptions&) {
  std::cout << config::RenderConfigReferenceMarkdown();
  return 0;
}

}  // namespace

void AddConfigCommand(const Commands& commands) {
  const Commands config = commands.Group("config", "project configuration language");
  config.Add("reference", "print the key reference of project and definitions files (markdown)", RunReference);

  auto options = std::make_shared<ConvertOptions>();
  CLI::App* convert = config.Add(
      "convert", "rewrite a project or definitions file (e.g. metric-hub TOML) as YAML that loads in strict mode",
      options, RunConvert);
  convert->add_option("file", options->file, "YAML or TOML file")->required()->check(CLI::ExistingFile);
  convert->add_option("--out", options->out, "write the YAML here (default: standard output)");
  convert->add_flag("--definitions", options->definitions, "the file is a definitions or defaults file");
}

}  // namespace opmon::ctl
