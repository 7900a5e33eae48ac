// The libcurl client against a local receiver: how answers, refused
// connections, timeouts, shutdown and TLS failures come back as statuses;
// and a local receiver refused, by address or by name, unless allowed.
#include "services/statistics/domain/curl_http_client.h"

#include <stop_token>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/statistics/webhook_receiver.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

using ::opmon::testing::WebhookReceiver;
using ::opmon::testing::WebhookReceiverOptions;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The receivers listen on loopback.
constexpr CurlHttpClientOptions kLocal{.allow_private_destinations = true};

HttpPostRequest Post(const std::string& url, const std::string& body = R"({"slug":"x"})") {
  return HttpPostRequest{url, body, {{"Idempotency-Key", "opmon-webhook-7"}}};
}

TEST(CurlHttpClient, PostsJsonWithItsHeadersAndSucceedsOn2xx) {
  WebhookReceiver receiver;
  auto client = MakeCurlHttpClient(kLocal);
  // Larger than libcurl's 1 KiB "Expect: 100-continue" threshold.
  const std::string body = absl::StrCat(R"({"slug":")", std::string(5000, 'a'), R"("})");
  absl::Status sent = client->PostJson(Post(receiver.url() + "?token=secret", body), std::stop_token());
  ASSERT_THAT(sent, IsOk());
  ASSERT_EQ(receiver.accepted().size(), 1u);
  EXPECT_EQ(receiver.accepted()[0], body);
  auto headers = receiver.last_headers();
  EXPECT_EQ(headers["content-type"], "application/json");
  EXPECT_EQ(headers["idempotency-key"], "opmon-webhook-7");
  EXPECT_EQ(headers["user-agent"], "opmon-statistics");
  EXPECT_EQ(headers.count("expect"), 0u);
}

TEST(CurlHttpClient, ReportsAServerErrorAsUnavailableNamingOnlyTheOrigin) {
  WebhookReceiver receiver(/*failures=*/1);
  auto client = MakeCurlHttpClient(kLocal);
  absl::Status sent = client->PostJson(Post(receiver.url() + "?token=secret"), std::stop_token());
  EXPECT_THAT(sent, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(sent.message(), absl::StrCat("webhook POST to http://127.0.0.1:", receiver.port(), ": HTTP 500"));
}

TEST(CurlHttpClient, ReportsARefusedConnectionAsUnavailable) {
  WebhookReceiver down(WebhookReceiverOptions{.listening = false});
  auto client = MakeCurlHttpClient(kLocal);
  absl::Status sent = client->PostJson(Post(down.url()), std::stop_token());
  EXPECT_THAT(sent, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(std::string(sent.message()),
              StartsWith(absl::StrCat("webhook POST to http://127.0.0.1:", down.port(), ": Failed to connect")));
}

TEST(CurlHttpClient, ReportsNoAnswerWithinTheTimeoutAsDeadlineExceeded) {
  WebhookReceiver silent(WebhookReceiverOptions{.hang = true});
  auto client = MakeCurlHttpClient({.timeout = absl::Milliseconds(300), .allow_private_destinations = true});
  absl::Status sent = client->PostJson(Post(silent.url()), std::stop_token());
  EXPECT_THAT(sent, StatusIs(absl::StatusCode::kDeadlineExceeded));
  EXPECT_THAT(std::string(sent.message()), HasSubstr("Operation timed out"));
  EXPECT_EQ(silent.requests(), 1);
}

TEST(CurlHttpClient, AStopRequestInterruptsAPostInFlight) {
  WebhookReceiver silent(WebhookReceiverOptions{.hang = true});
  auto client = MakeCurlHttpClient({.timeout = absl::Seconds(120), .allow_private_destinations = true});
  std::stop_source stop;
  absl::Status sent;
  absl::Notification done;
  std::jthread post([&] {
    sent = client->PostJson(Post(silent.url()), stop.get_token());
    done.Notify();
  });
  ASSERT_TRUE(silent.WaitForRequests(1, absl::Seconds(20)));
  stop.request_stop();
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(20))) << "the POST did not stop";
  EXPECT_THAT(sent, StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(sent.message(),
            absl::StrCat("webhook POST to http://127.0.0.1:", silent.port(), ": cancelled (shutting down)"));
}

TEST(CurlHttpClient, SpeaksTlsForHttpsUrls) {
  // The receiver speaks plain HTTP: the TLS handshake fails, which shows
  // https is attempted rather than refused as a protocol.
  WebhookReceiver plain;
  auto client = MakeCurlHttpClient({.timeout = absl::Seconds(10), .allow_private_destinations = true});
  absl::Status sent =
      client->PostJson(Post(absl::StrCat("https://127.0.0.1:", plain.port(), "/hook")), std::stop_token());
  EXPECT_THAT(sent, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(std::string(sent.message()), StartsWith(absl::StrCat("webhook POST to https://127.0.0.1:",
                                                                   plain.port(), ": ")));
  EXPECT_TRUE(plain.accepted().empty());
}

TEST(CurlHttpClient, RefusesOtherProtocols) {
  auto client = MakeCurlHttpClient(kLocal);
  absl::Status sent = client->PostJson(Post("ftp://127.0.0.1:1/x"), std::stop_token());
  EXPECT_THAT(sent, StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(CurlHttpClient, RefusesALoopbackDestinationByAddressAndByNameUnlessAllowed) {
  WebhookReceiver receiver;
  auto client = MakeCurlHttpClient();
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    const std::string url = absl::StrCat("http://", host, ":", receiver.port(), "/hook");
    absl::Status sent = client->PostJson(Post(url), std::stop_token());
    EXPECT_THAT(sent, StatusIs(absl::StatusCode::kPermissionDenied));
    EXPECT_THAT(std::string(sent.message()), StartsWith(absl::StrCat("webhook POST to http://", host, ":",
                                                                     receiver.port(), ": refused: ")));
    EXPECT_THAT(std::string(sent.message()), HasSubstr("is a loopback address"));
    EXPECT_THAT(std::string(sent.message()), HasSubstr("--webhook-allow-private"));
  }
  EXPECT_EQ(receiver.requests(), 0);
  EXPECT_TRUE(MakeCurlHttpClient(kLocal)
                  ->PostJson(Post(absl::StrCat("http://localhost:", receiver.port(), "/hook")), std::stop_token())
                  .ok());
  EXPECT_EQ(receiver.accepted().size(), 1u);
}

}  // namespace
}  // namespace opmon::statistics
