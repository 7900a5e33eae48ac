#pragma once
// MemberCount<S>(): how many members the aggregate S has, found by
// aggregate-initialising it with ever more values convertible to anything.
// Tests compare it with a field declaration's length (project_fields.h,
// spec_fields.h), so a member added to a struct but not declared fails them.
// Header-only; compile time only.

#include <cstddef>
#include <utility>

namespace opmon::testing {

template <size_t>
struct AnyMember {
  template <typename T>
  operator T() const;  // never called: only used in unevaluated checks
};

template <typename S, size_t... I>
constexpr bool InitializableWith(std::index_sequence<I...> /*indices*/) {
  return requires { S{AnyMember<I>{}...}; };
}

template <typename S, size_t N = 0>
constexpr size_t MemberCount() {
  if constexpr (!InitializableWith<S>(std::make_index_sequence<N + 1>{})) {
    return N;
  } else {
    return MemberCount<S, N + 1>();
  }
}

}  // namespace opmon::testing
