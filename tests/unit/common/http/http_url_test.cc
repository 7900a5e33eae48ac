#include "common/http/http_url.h"

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
  EXPECT_EQ(CheckHttpUrl("ftp://hooks.example.com/x").message(),
            "\"ftp://hooks.example.com/x\" is not an http:// or https:// URL");
  EXPECT_EQ(CheckHttpUrl("hooks.example.com/x").message(),
            "\"hooks.example.com/x\" is not an http:// or https:// URL");
  EXPECT_EQ(CheckHttpUrl("http:/hooks.example.com").message(),
            "\"http:/hooks.example.com\" is not an http:// or https:// URL");
  EXPECT_EQ(CheckHttpUrl("").code(), absl::StatusCode::kInvalidArgument);
}

TEST(CheckHttpUrl, RejectsMalformedHostsAndPortsWithTheReason) {
  EXPECT_EQ(CheckHttpUrl("http://").message(), "\"http://\" is not a valid URL: no host part in the URL");
  EXPECT_EQ(CheckHttpUrl("http://exa mple.com/").message(),
            "\"http://exa mple.com/\" is not a valid URL: bad hostname");
  EXPECT_EQ(CheckHttpUrl("http://h:70000/").message(),
            "\"http://h:70000/\" is not a valid URL: port number was not a decimal number between 0 and 65535");
  EXPECT_EQ(CheckHttpUrl("http://h:0/").message(),
            "\"http://h:0/\" is not a valid URL: port 0 is not between 1 and 65535");
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
