#include "services/statistics/domain/curl_http_client.h"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/http/http_url.h"
#include "services/statistics/domain/destination_address.h"

namespace opmon::statistics {
namespace {

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

// The answer's body is not used; reading it keeps the connection orderly.
std::size_t DiscardBody(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// Called by libcurl about once a second and on every transfer event: a
// non-zero return aborts the transfer (CURLE_ABORTED_BY_CALLBACK).
int CheckStop(void* stop, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::stop_token*>(stop)->stop_requested() ? 1 : 0;
}

// What the socket callback refused, for the error after the transfer.
struct DestinationGuard {
  bool allow_private = false;
  absl::Status refused;
};

// libcurl's CURLOPT_OPENSOCKETFUNCTION: called with each resolved address
// it is about to connect to, so the address checked is the one used.
curl_socket_t OpenCheckedSocket(void* guard_ptr, curlsocktype, curl_sockaddr* address) {
  auto* guard = static_cast<DestinationGuard*>(guard_ptr);
  if (!guard->allow_private) {
    absl::Status allowed = CheckPublicAddress(&address->addr, static_cast<socklen_t>(address->addrlen));
    if (!allowed.ok()) {
      guard->refused = std::move(allowed);
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

absl::Status TransferError(CURLcode code, const char* detail, const std::string& origin) {
  const std::string what =
      absl::StrCat("webhook POST to ", origin, ": ", (detail != nullptr && detail[0] != '\0') ? detail
                                                                                          : curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return absl::DeadlineExceededError(what);
    case CURLE_ABORTED_BY_CALLBACK:
      return absl::CancelledError(absl::StrCat("webhook POST to ", origin, ": cancelled (shutting down)"));
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return absl::InvalidArgumentError(what);
    default:
      return absl::UnavailableError(what);
  }
}

absl::Status StatusOfAnswer(long http_status, const std::string& origin) {
  if (http_status >= 200 && http_status < 300) return absl::OkStatus();
  const std::string what = absl::StrCat("webhook POST to ", origin, ": HTTP ", http_status);
  if (http_status >= 500 || http_status == 408 || http_status == 429) return absl::UnavailableError(what);
  return absl::FailedPreconditionError(what);
}

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(CurlHttpClientOptions options) : options_(options) {}

  absl::Status PostJson(const HttpPostRequest& request, std::stop_token stop) override {
    const std::string origin = http::UrlOrigin(request.url);
    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (easy == nullptr) return absl::ResourceExhaustedError("webhook: curl_easy_init failed");
    curl_slist* raw = nullptr;
    // An empty "Expect:" stops libcurl from waiting for "100 Continue"
    // before sending larger bodies.
    for (const std::string& header : HeaderLines(request)) raw = curl_slist_append(raw, header.c_str());
    std::unique_ptr<curl_slist, ListDeleter> headers(raw);
    char error[CURL_ERROR_SIZE] = {};
    const long timeout_ms = static_cast<long>(absl::ToInt64Milliseconds(options_.timeout));
    const long connect_ms =
        static_cast<long>(absl::ToInt64Milliseconds(std::min(options_.connect_timeout, options_.timeout)));
    CURL* c = easy.get();
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_USERAGENT, "opmon-statistics");
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    // No signals: several threads deliver at once.
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &DiscardBody);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &CheckStop);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &stop);
    DestinationGuard guard{.allow_private = options_.allow_private_destinations, .refused = absl::OkStatus()};
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &OpenCheckedSocket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
    if (stop.stop_requested()) return TransferError(CURLE_ABORTED_BY_CALLBACK, nullptr, origin);
    if (CURLcode rc = curl_easy_perform(c); rc != CURLE_OK) {
      if (!guard.refused.ok()) {
        return absl::PermissionDeniedError(absl::StrCat("webhook POST to ", origin, ": refused: ",
                                                        guard.refused.message(),
                                                        " (allowed only with --webhook-allow-private)"));
      }
      return TransferError(rc, error, origin);
    }
    long http_status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http_status);
    return StatusOfAnswer(http_status, origin);
  }

 private:
  static std::vector<std::string> HeaderLines(const HttpPostRequest& request) {
    std::vector<std::string> lines = {"Content-Type: application/json", "Expect:"};
    for (const auto& [name, value] : request.headers) lines.push_back(absl::StrCat(name, ": ", value));
    return lines;
  }

  const CurlHttpClientOptions options_;
};

}  // namespace

std::unique_ptr<HttpClient> MakeCurlHttpClient(CurlHttpClientOptions options) {
  // curl_global_init is not thread-safe in every libcurl build: once, here.
  static const CURLcode kInit = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)kInit;
  return std::make_unique<CurlHttpClient>(options);
}

}  // namespace opmon::statistics
