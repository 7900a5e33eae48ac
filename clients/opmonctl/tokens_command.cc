#include "clients/opmonctl/tokens_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/config_command.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/table.h"
#include "opmon/v1/tokens.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct TokensOptions {
  std::string name;
  std::string role;
};

int RunCreate(const GlobalOptions& g, const TokensOptions& o) {
  v1::CreateTokenRequest request;
  request.set_name(o.name);
  request.set_role(o.role);
  return PrintAnswer(g, "tokens create " + o.name, Call(g, &v1::TokenService::Stub::CreateToken, request),
                     ProtoToJson, [](const v1::CreateTokenResponse& r) {
                       std::cout << r.token() << "\n";
                       std::cerr << "opmonctl: token \"" << r.name() << "\" (" << r.role()
                                 << ") created; it is shown only this once\n";
                     });
}

std::vector<std::string> TokenRow(const v1::TokenInfo& t) {
  return {t.name(), t.role(), t.created_at(), t.last_used_at().empty() ? "-" : t.last_used_at(),
          t.revoked_at().empty() ? "-" : t.revoked_at()};
}

int RunList(const GlobalOptions& g) {
  return PrintListing(g, "tokens ls", Call(g, &v1::TokenService::Stub::ListTokens, v1::ListTokensRequest()),
                      &v1::ListTokensResponse::tokens,
                      {"NAME", "ROLE", "CREATED", "LAST USED", "REVOKED"}, TokenRow);
}

int RunRevoke(const GlobalOptions& g, const TokensOptions& o) {
  v1::RevokeTokenRequest request;
  request.set_name(o.name);
  absl::StatusOr<v1::RevokeTokenResponse> revoked = Call(g, &v1::TokenService::Stub::RevokeToken, request);
  if (!revoked.ok()) return ReportRpcFailure(std::cerr, "tokens revoke " + o.name, revoked.status());
  std::cout << o.name << ": revoked\n";
  return 0;
}

}  // namespace

void AddTokensCommand(const Commands& commands) {
  auto o = std::make_shared<TokensOptions>();
  const Commands tokens = commands.Group("tokens", "access tokens (admin)");

  CLI::App* create = tokens.Add("create", "create a token and print it once", o, RunCreate);
  create->add_option("name", o->name, "unique name, e.g. ci-nightly")->required();
  create->add_option("--role", o->role, "reader | operator | admin")
      ->required()
      ->check(CLI::IsMember({"reader", "operator", "admin"}));

  tokens.Add("ls", "list tokens (names, roles, times; never the tokens)", RunList);

  CLI::App* revoke = tokens.Add("revoke", "revoke a token by name", o, RunRevoke);
  revoke->add_option("name", o->name, "the token's name")->required();
}

}  // namespace opmon::ctl
