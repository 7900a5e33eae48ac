#include "clients/opmonctl/config_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/opmonctl/global_options.h"
#include "google/protobuf/util/json_util.h"
#include "services/config/config_proto.h"
#include "services/config/domain/config_reference.h"
#include "services/config/domain/diagnostic.h"

namespace opmon::ctl {

absl::StatusOr<v1::SourceFile> ReadSourceFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  v1::SourceFile file;
  file.set_path(path);
  file.set_content(text.str());
  return file;
}

std::string FormatDiagnosticLine(const v1::Diagnostic& diagnostic) {
  return config::FormatDiagnostic(config::FromProto(diagnostic));
}

int ReportRpcFailure(std::ostream& err, const std::string& what, const grpc::Status& status) {
  err << "opmonctl: " << what << ": "
      << absl::StatusCodeToString(static_cast<absl::StatusCode>(status.error_code())) << ": "
      << status.error_message() << "\n";
  return 1;
}

nlohmann::json ProtoToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string text;
  if (!google::protobuf::util::MessageToJsonString(message, &text, options).ok()) return nullptr;
  return nlohmann::json::parse(text);
}

v1::ValidationMode ModeFlag(bool compat) {
  return compat ? v1::VALIDATION_MODE_COMPAT : v1::VALIDATION_MODE_STRICT;
}

void AddConfigCommand(CLI::App& app, const GlobalOptions&, int& exit_code) {
  CLI::App* config = app.add_subcommand("config", "project configuration language");
  config->require_subcommand(1);
  CLI::App* reference = config->add_subcommand(
      "reference", "print the key reference of project and definitions files (markdown)");
  reference->callback([&exit_code] {
    std::cout << config::RenderConfigReferenceMarkdown();
    exit_code = 0;
  });
}

}  // namespace opmon::ctl
