#pragma once
// gMock matchers for absl::Status and absl::StatusOr<T>, as later abseil has
// them (absl/status/status_matchers.h; abseil 20220623 has none):
//
//   EXPECT_THAT(store.Apply(source, project, ""), IsOk());
//   EXPECT_THAT(Resolve(file), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("metrics.gc_ms")));
//
// A failure prints the status (and, for a StatusOr, not the value). A
// grpc::Status (a finished RPC) matches as the absl::Status of the same code
// and message.

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "grpcpp/support/status.h"

namespace opmon::testing {
namespace status_matchers_internal {

inline absl::Status GetStatus(const absl::Status& status) { return status; }

inline absl::Status GetStatus(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

template <typename T>
absl::Status GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

class IsOkMatcher {
 public:
  template <typename StatusType>
  bool MatchAndExplain(const StatusType& actual, ::testing::MatchResultListener* listener) const {
    const absl::Status status = GetStatus(actual);
    if (!status.ok()) *listener << "which is " << status;
    return status.ok();
  }
  void DescribeTo(std::ostream* os) const { *os << "is OK"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not OK"; }
};

class StatusIsMatcher {
 public:
  StatusIsMatcher(::testing::Matcher<absl::StatusCode> code, ::testing::Matcher<const std::string&> message)
      : code_(std::move(code)), message_(std::move(message)) {}

  template <typename StatusType>
  bool MatchAndExplain(const StatusType& actual, ::testing::MatchResultListener* listener) const {
    const absl::Status status = GetStatus(actual);
    const std::string message(status.message());
    if (code_.Matches(status.code()) && message_.Matches(message)) return true;
    *listener << "which is " << status;
    return false;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has a status code that ";
    code_.DescribeTo(os);
    *os << ", and a message that ";
    message_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "has a status code that ";
    code_.DescribeNegationTo(os);
    *os << ", or a message that ";
    message_.DescribeNegationTo(os);
  }

 private:
  ::testing::Matcher<absl::StatusCode> code_;
  ::testing::Matcher<const std::string&> message_;
};

}  // namespace status_matchers_internal
}  // namespace opmon::testing

// In namespace opmon, as gMock's own matchers are in ::testing: tests anywhere
// under opmon:: use IsOk() and StatusIs() without a using-declaration.
namespace opmon {

// Matches an OK absl::Status, absl::StatusOr<T> or grpc::Status.
inline ::testing::PolymorphicMatcher<::opmon::testing::status_matchers_internal::IsOkMatcher> IsOk() {
  return ::testing::MakePolymorphicMatcher(::opmon::testing::status_matchers_internal::IsOkMatcher());
}

// Matches an absl::Status, absl::StatusOr<T> or grpc::Status whose code matches `code` (a
// StatusCode or a matcher of one) and whose message matches `message` (a
// string, compared for equality, or a string matcher such as HasSubstr).
template <typename CodeMatcher, typename MessageMatcher>
::testing::PolymorphicMatcher<::opmon::testing::status_matchers_internal::StatusIsMatcher> StatusIs(CodeMatcher code,
                                                                                 MessageMatcher message) {
  return ::testing::MakePolymorphicMatcher(::opmon::testing::status_matchers_internal::StatusIsMatcher(
      ::testing::MatcherCast<absl::StatusCode>(code), ::testing::MatcherCast<const std::string&>(message)));
}

// The same, whatever the message.
template <typename CodeMatcher>
::testing::PolymorphicMatcher<::opmon::testing::status_matchers_internal::StatusIsMatcher> StatusIs(CodeMatcher code) {
  return StatusIs(code, ::testing::_);
}

}  // namespace opmon

namespace opmon::testing {
// The older spelling (opmon::testing::IsOk), still used by some tests.
using ::opmon::IsOk;
using ::opmon::StatusIs;
}  // namespace opmon::testing
