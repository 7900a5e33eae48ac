#include "common/http/http_url.h"

#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace opmon::http {
namespace {

TEST(CheckHttpUrl, AcceptsHttpAndHttpsWithPortsPathsAndQueries) {
  for (const char* good : {"http://127.0.0.1:8080/hooks/opmon", "https://hooks.example.com/services/T0/B1?x=1",
                           "http://[::1]:9/", "HTTPS://Example.org", "http://user:secret@hooks.example.com/a"}) {
    EXPECT_THAT(CheckHttpUrl(good), IsOk()) << good << ": " << CheckHttpUrl(good);
  }
}

TEST(CheckHttpUrl, RejectsOtherSchemesAndSchemelessText) {
  for (const std::string url : {"ftp://hooks.example.com/x", "hooks.example.com/x", "http:/hooks.example.com"}) {
    EXPECT_EQ(CheckHttpUrl(url).message(), "\"" + url + "\" is not an http:// or https:// URL");
  }
  EXPECT_EQ(CheckHttpUrl("").code(), absl::StatusCode::kInvalidArgument);
}

TEST(CheckHttpUrl, RejectsMalformedHostsAndPortsWithTheReason) {
  const std::pair<std::string, std::string> kRejected[] = {
      {"http://", "no host part in the URL"},
      {"http://exa mple.com/", "bad hostname"},
      {"http://h:70000/", "port number was not a decimal number between 0 and 65535"},
      {"http://h:0/", "port 0 is not between 1 and 65535"},
  };
  for (const auto& [url, reason] : kRejected) {
    EXPECT_EQ(CheckHttpUrl(url).message(), "\"" + url + "\" is not a valid URL: " + reason);
  }
  EXPECT_EQ(CheckHttpUrl("http://h/a b").code(), absl::StatusCode::kInvalidArgument);
}

TEST(UrlOrigin, KeepsSchemeHostAndPortOnly) {
  EXPECT_EQ(UrlOrigin("https://user:secret@hooks.example.com/services/T0/secret?token=x"),
            "https://hooks.example.com:443");
  EXPECT_EQ(UrlOrigin("http://127.0.0.1:8080/hook"), "http://127.0.0.1:8080");
  EXPECT_EQ(UrlOrigin("ftp://secret@x/"), "(invalid URL)");
}

}  // namespace
}  // namespace opmon::http
