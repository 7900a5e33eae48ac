#include "common/auth/rpc_roles.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "opmon/v1/common.pb.h"
#include "opmon/v1/compute.pb.h"
#include "opmon/v1/config.pb.h"
#include "opmon/v1/lookml.pb.h"
#include "opmon/v1/statistics.pb.h"
#include "opmon/v1/tokens.pb.h"

namespace opmon::auth {
namespace {

// Links every opmon.v1 descriptor into this binary (opmon_proto is a static
// library); a new .proto file needs a line here, or the walk below fails.
const bool kLinked = v1::GetInfoRequest::descriptor() && v1::RunProjectRequest::descriptor() &&
                     v1::ApplyProjectRequest::descriptor() && v1::GenerateProjectRequest::descriptor() &&
                     v1::QueryStatisticsRequest::descriptor() && v1::CreateTokenRequest::descriptor();

// "Service.Method" of every method of every service in proto/opmon/v1/*.proto
// (the list of files comes from CMake's glob).
std::set<std::string> EveryMethod() {
  std::set<std::string> methods;
  const std::vector<std::string> names = absl::StrSplit(OPMON_V1_PROTO_FILES, ',');
  for (const std::string& name : names) {
    const google::protobuf::FileDescriptor* file =
        google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    EXPECT_NE(file, nullptr) << name << " is not linked into this test; reference one of its messages above";
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.insert(service->name() + "." + service->method(m)->name());
      }
    }
  }
  return methods;
}

TEST(RpcRoleTable, HasEveryMethodOfEveryService) {
  for (const std::string& method : EveryMethod()) {
    EXPECT_TRUE(RequiredRole(method).has_value()) << method << " is missing from the role table";
  }
}

TEST(RpcRoleTable, NamesOnlyMethodsThatExistOnce) {
  const std::set<std::string> methods = EveryMethod();
  std::set<std::string> seen;
  for (const RpcRole& entry : RpcRoleTable()) {
    EXPECT_TRUE(methods.contains(std::string(entry.rpc))) << entry.rpc << " is not a method of any service";
    EXPECT_TRUE(seen.insert(std::string(entry.rpc)).second) << entry.rpc << " is listed twice";
  }
}

TEST(RpcRoleTable, WalksTheServicesOfEveryProtoFile) {
  ASSERT_TRUE(kLinked);
  const std::set<std::string> methods = EveryMethod();
  EXPECT_TRUE(methods.contains("ConfigService.ApplyProject"));
  EXPECT_TRUE(methods.contains("TokenService.RevokeToken"));
  EXPECT_TRUE(methods.contains("InfoService.GetInfo"));
}

TEST(RpcRoleTable, GivesTheIssuesRolesToRepresentativeRpcs) {
  const std::vector<std::pair<Role, std::vector<std::string>>> roles = {
      {Role::kReader, {"ConfigService.GetProject", "ConfigService.WatchProjects", "ComputeService.Preview"}},
      {Role::kOperator, {"ComputeService.RunProject", "ComputeService.CancelJob", "StatisticsService.PublishResults"}},
      {Role::kAdmin, {"ConfigService.ApplyProject", "ConfigService.DeleteProject", "TokenService.CreateToken"}}};
  for (const auto& [role, rpcs] : roles) {
    for (const std::string& rpc : rpcs) EXPECT_EQ(RequiredRole(rpc), role) << rpc;
  }
}

TEST(RpcRoleTable, KnowsNothingElse) {
  EXPECT_EQ(RequiredRole("ConfigService.NoSuchRpc"), std::nullopt);
  EXPECT_EQ(RequiredRole(""), std::nullopt);
}

TEST(Role, EachRoleIncludesTheOnesBelowIt) {
  EXPECT_TRUE(Grants(Role::kAdmin, Role::kOperator));
  EXPECT_TRUE(Grants(Role::kOperator, Role::kReader));
  EXPECT_TRUE(Grants(Role::kReader, Role::kReader));
  EXPECT_FALSE(Grants(Role::kReader, Role::kOperator));
  EXPECT_FALSE(Grants(Role::kOperator, Role::kAdmin));
}

TEST(Role, ParsesItsNamesAndRefusesOthers) {
  EXPECT_EQ(*ParseRole("operator"), Role::kOperator);
  EXPECT_FALSE(ParseRole("root").ok());
}

}  // namespace
}  // namespace opmon::auth
