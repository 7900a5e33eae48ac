#include "common/http/http_url.h"

#include <curl/curl.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace opmon::http {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlString {
  char* text = nullptr;
  ~CurlString() { curl_free(text); }
};

std::string Part(CURLU* handle, CURLUPart part, unsigned int flags = 0) {
  CurlString out;
  if (curl_url_get(handle, part, &out.text, flags) != CURLUE_OK || out.text == nullptr) return "";
  return out.text;
}

std::string Quoted(std::string_view url) { return absl::StrCat("\"", std::string(url), "\""); }

bool HasHttpScheme(std::string_view url) {
  // libcurl also takes "http:/h" and scheme-less input; a webhook URL spells
  // its scheme out.
  const absl::string_view u(url.data(), url.size());
  return absl::StartsWithIgnoreCase(u, "http://") || absl::StartsWithIgnoreCase(u, "https://");
}

}  // namespace

absl::Status CheckHttpUrl(std::string_view url) {
  if (!HasHttpScheme(url)) {
    return absl::InvalidArgumentError(absl::StrCat(Quoted(url), " is not an http:// or https:// URL"));
  }
  UrlHandle handle(curl_url());
  if (handle == nullptr) return absl::ResourceExhaustedError("curl_url: out of memory");
  // curl_url_set needs a NUL-terminated string.
  const std::string text(url);
  if (CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0); rc != CURLUE_OK) {
    std::string reason = curl_url_strerror(rc);
    if (!reason.empty()) reason[0] = absl::ascii_tolower(static_cast<unsigned char>(reason[0]));
    return absl::InvalidArgumentError(absl::StrCat(Quoted(url), " is not a valid URL: ", reason));
  }
  const std::string port = Part(handle.get(), CURLUPART_PORT);
  if (port == "0") {
    return absl::InvalidArgumentError(
        absl::StrCat(Quoted(url), " is not a valid URL: port 0 is not between 1 and 65535"));
  }
  return absl::OkStatus();
}

std::string UrlOrigin(std::string_view url) {
  if (!CheckHttpUrl(url).ok()) return "(invalid URL)";
  UrlHandle handle(curl_url());
  const std::string text(url);
  if (handle == nullptr || curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return "(invalid URL)";
  }
  return absl::StrCat(Part(handle.get(), CURLUPART_SCHEME), "://", Part(handle.get(), CURLUPART_HOST), ":",
                      Part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT));
}

}  // namespace opmon::http
