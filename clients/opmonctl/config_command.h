#pragma once
// `opmonctl config reference` (the project-file key reference, rendered
// locally from the validator's schema, no RPC), `opmonctl config convert`
// (a file rewritten as strict YAML, locally), and what every config
// service command shares: reading project files, printing diagnostics
// compiler-style, protobuf messages as JSON.

#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/table.h"
#include "google/protobuf/message.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/common.pb.h"
#include "opmon/v1/config.pb.h"

namespace opmon::ctl {

class Commands;

void AddConfigCommand(const Commands& commands);

// The file at `path` as a SourceFile named by `path` (its extension picks
// YAML or TOML on the server). NotFound naming the path; InvalidArgument
// "<path>: not valid UTF-8 at byte <offset>" (checked before any RPC).
absl::StatusOr<v1::SourceFile> ReadSourceFile(const std::string& path);

// Every file of `paths`, read before any is sent, or the first failure.
absl::StatusOr<std::vector<v1::SourceFile>> ReadSourceFiles(const std::vector<std::string>& paths);

// `file:line:col: error: path: message`, as the validator formats it.
std::string FormatDiagnosticLine(const v1::Diagnostic& diagnostic);

// A message as JSON with proto field names and default values written.
nlohmann::json ProtoToJson(const google::protobuf::Message& message);

// `json` (ProtoToJson of a message with a SourceFile `source`) with the
// source's content as text: JSON prints the bytes field as base64.
nlohmann::json WithSourceText(nlohmann::json json, const v1::SourceFile& source);

v1::ValidationMode ModeFlag(bool compat);

// What an `ls` command of the config service prints (projects, versions,
// experiments, tokens): a failed call as ReportRpcFailure(what); with --json
// the array of the response's `items` (each ProtoToJson); else a table of
// `header` with one row(item) for each of them. Returns the exit code.
//
//   return PrintListing(g, "tokens ls", Call(g, &v1::TokenService::Stub::ListTokens, request),
//                       &v1::ListTokensResponse::tokens, {"NAME", "ROLE", ...}, TokenRow);
template <typename Response, typename Item>
int PrintListing(const GlobalOptions& g, const std::string& what, const absl::StatusOr<Response>& listed,
                 const google::protobuf::RepeatedPtrField<Item>& (Response::*items)() const,
                 std::vector<std::string> header, std::vector<std::string> (*row)(const Item&)) {
  return PrintAnswer(
      g, what, listed,
      [items](const Response& r) {
        nlohmann::json out = nlohmann::json::array();
        for (const Item& item : (r.*items)()) out.push_back(ProtoToJson(item));
        return out;
      },
      [&](const Response& r) { PrintRows(std::cout, std::move(header), (r.*items)(), row); });
}

// "opmonctl: <message>" on stderr, for a file ReadSourceFile(s) could not
// read; returns 1, the exit code.
int ReadFailed(const absl::Status& status);

}  // namespace opmon::ctl
