#include "services/compute/datagen/copy_text.h"

#include "absl/strings/str_cat.h"
#include "common/pg/copy_text.h"

namespace opmon::datagen {
namespace {

void AppendPadded(std::string& out, int64_t value, int width) {
  char digits[20];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, width);
}

void Field(std::string& out, std::string_view text) {
  pg::AppendCopyEscaped(out, text);
  out += '\t';
}

// Each text as one column, in order.
template <typename... Texts>
void Fields(std::string& out, const Texts&... texts) {
  (Field(out, texts), ...);
}

// The timestamp column.
void TimestampField(std::string& out, std::string_view date, int64_t micros_of_day) {
  AppendTimestamp(out, date, micros_of_day);
  out += '\t';
}

void NullableField(std::string& out, std::string_view text) {
  if (text.data() == nullptr) {
    out += pg::kCopyNull;
    out += '\t';
  } else {
    Field(out, text);
  }
}

template <typename... Texts>
void NullableFields(std::string& out, const Texts&... texts) {
  (NullableField(out, texts), ...);
}

void EndRow(std::string& out) { out.back() = '\n'; }

}  // namespace

void AppendTimestamp(std::string& out, std::string_view date, int64_t micros_of_day) {
  out.append(date);
  out += ' ';
  const int64_t seconds = micros_of_day / 1000000;
  AppendPadded(out, seconds / 3600, 2);
  out += ':';
  AppendPadded(out, seconds / 60 % 60, 2);
  out += ':';
  AppendPadded(out, seconds % 60, 2);
  out += '.';
  AppendPadded(out, micros_of_day % 1000000, 6);
  out += "+00";
}

void CopyTextSink::OnMainPing(const MainPingRow& row) {
  std::string& out = buffer(WarehouseTable::kMain);
  Field(out, row.client_id);
  absl::StrAppend(&out, row.sample_id, "\t");
  TimestampField(out, row.submission_date, row.micros_of_day);
  Fields(out, row.submission_date, row.normalized_channel, row.normalized_os, row.normalized_os_version, row.country,
         row.app_version, row.build_id, row.experiments);
  for (std::string_view h : row.histograms) NullableField(out, h);
  absl::StrAppend(&out, row.active_ticks, "\t", row.uri_count, "\t", row.search_count, "\t",
                  row.pref_fission_enabled ? "t" : "f", "\t");
  NullableFields(out, row.app_name, row.app_display_version, row.architecture);
  if (row.subsession_length) {
    absl::StrAppend(&out, *row.subsession_length, "\t");
  } else {
    NullableField(out, {});
  }
  NullableFields(out, row.subprocess_crashes, row.error_counts);
  EndRow(out);
  ++rows_[static_cast<int>(WarehouseTable::kMain)];
  if (row.malformed_probe >= 0) ++malformed_pings_;
  CountReject(row.reject_reason);
}

void CopyTextSink::OnCrash(const CrashRow& row) {
  std::string& out = buffer(WarehouseTable::kCrash);
  Fields(out, row.client_id, row.submission_date);
  TimestampField(out, row.submission_date, row.micros_of_day);
  Fields(out, row.normalized_channel, row.normalized_os);
  NullableField(out, row.build_id);
  Fields(out, row.experiments, row.process_type);
  NullableFields(out, row.app_name, row.app_version, row.app_display_version, row.normalized_os_version,
                 row.architecture, row.country);
  out += row.startup_crash ? "t\t" : "f\t";
  NullableField(out, row.ipc_channel_error);
  EndRow(out);
  ++rows_[static_cast<int>(WarehouseTable::kCrash)];
  CountReject(row.reject_reason);
}

void CopyTextSink::CountReject(int reason) {
  if (reason >= 0) ++rejected_pings_[reason];
}

void CopyTextSink::OnEvent(const EventRow& row) {
  std::string& out = buffer(WarehouseTable::kEvents);
  Field(out, row.client_id);
  TimestampField(out, row.submission_date, row.micros_of_day);
  Fields(out, row.submission_date, row.event_category, row.event_method, row.event_object, row.experiment, row.branch);
  EndRow(out);
  ++rows_[static_cast<int>(WarehouseTable::kEvents)];
}

void CopyTextSink::Clear() {
  for (auto& b : buffers_) b.clear();
  rows_.fill(0);
  malformed_pings_ = 0;
  rejected_pings_.fill(0);
}

}  // namespace opmon::datagen
