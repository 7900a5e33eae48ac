#pragma once
// Propagation macros for absl::Status / absl::StatusOr (abseil 20220623 has
// none). They mirror later abseil's status_macros.h:
//
//   OPMON_RETURN_IF_ERROR(WriteRows(rows));
//   OPMON_ASSIGN_OR_RETURN(Project project, Resolve(file));
//
// The expression is evaluated once; on error the status is returned as is.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define OPMON_STATUS_CONCAT_INNER_(a, b) a##b
#define OPMON_STATUS_CONCAT_(a, b) OPMON_STATUS_CONCAT_INNER_(a, b)

#define OPMON_RETURN_IF_ERROR(expr)                      \
  do {                                                   \
    ::absl::Status opmon_status_ = (expr);               \
    if (!opmon_status_.ok()) return opmon_status_;       \
  } while (false)

#define OPMON_ASSIGN_OR_RETURN(lhs, expr) \
  OPMON_ASSIGN_OR_RETURN_IMPL_(OPMON_STATUS_CONCAT_(opmon_statusor_, __LINE__), lhs, expr)

#define OPMON_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                 \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()
