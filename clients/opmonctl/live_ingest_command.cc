#include "clients/opmonctl/live_ingest_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/live_ndjson.h"
#include "clients/opmonctl/rpc_context.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/status_conversion.h"
#include "grpcpp/channel.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct IngestOptions {
  std::string file;
  int batch_size = 5000;
  int retries = 3;
};

// The file's events in batches, read as they are sent (parsing overlaps the
// server's storing) and kept, with each event's line number, for a resend
// and so server row errors can name the line.
class Batches {
 public:
  Batches(std::istream& in, std::string name, int batch_size)
      : in_(in), name_(std::move(name)), batch_size_(batch_size) {}

  // Batch i, read from the input if not yet read; nullptr past the end.
  const v1::IngestEventsRequest* Get(size_t i) {
    while (i >= requests_.size() && !done_) ReadOne();
    return i < requests_.size() ? &requests_[i] : nullptr;
  }
  // The rest of the input, read (for the lines refused here).
  void ReadAll() {
    while (!done_) ReadOne();
  }
  int64_t Line(int64_t batch, int64_t row) const { return lines_.at(batch).at(row); }
  const std::vector<std::string>& rejected() const { return rejected_; }

 private:
  // Reads lines until a batch is full or the input ends (done_).
  void ReadOne() {
    v1::IngestEventsRequest request;
    std::vector<int64_t> lines;
    std::string line;
    while (request.events_size() < batch_size_ && std::getline(in_, line)) {
      ++number_;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      absl::StatusOr<v1::LiveEvent> event = ParseLiveEventLine(line);
      if (!event.ok()) {
        rejected_.push_back(absl::StrCat(name_, ":", number_, ": ", event.status().message()));
        continue;
      }
      *request.add_events() = *std::move(event);
      lines.push_back(number_);
    }
    if (request.events_size() < batch_size_) done_ = true;
    if (request.events_size() > 0) {
      requests_.push_back(std::move(request));
      lines_.push_back(std::move(lines));
    }
  }

  std::istream& in_;
  std::string name_;
  int batch_size_;
  int64_t number_ = 0;
  bool done_ = false;
  std::vector<v1::IngestEventsRequest> requests_;
  std::vector<std::vector<int64_t>> lines_;
  std::vector<std::string> rejected_;  // "FILE:LINE: message", refused here
};

absl::StatusOr<v1::IngestEventsResponse> Send(const GlobalOptions& g, Batches& batches) {
  v1::ComputeService::Stub stub(grpc_edge::MakeClientChannel(g.compute_addr, g.channel));
  std::unique_ptr<grpc::ClientContext> context = MakeContext(g.timeout_seconds);
  v1::IngestEventsResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::IngestEventsRequest>> writer = stub.IngestEvents(context.get(), &response);
  for (size_t i = 0; const v1::IngestEventsRequest* request = batches.Get(i); ++i) {
    if (!writer->Write(*request)) break;  // the server ended the call: Finish says why
  }
  writer->WritesDone();
  absl::Status status = grpc_edge::FromGrpcStatus(writer->Finish());
  if (!status.ok()) return status;
  return response;
}

int RunIngest(const GlobalOptions& g, const IngestOptions& o) {
  std::ifstream file;
  if (o.file != "-") {
    file.open(o.file);
    if (!file) {
      std::cerr << "opmonctl: cannot read " << o.file << "\n";
      return 2;
    }
  }
  Batches batches(o.file == "-" ? std::cin : file, o.file, o.batch_size);
  absl::StatusOr<v1::IngestEventsResponse> response = Send(g, batches);
  for (int attempt = 0; attempt < o.retries && response.status().code() == absl::StatusCode::kUnavailable; ++attempt) {
    std::cerr << "opmonctl: " << response.status().message() << "; sending again (event ids make it safe)\n";
    response = Send(g, batches);
  }
  if (!response.ok()) return RpcFailed(response.status());
  batches.ReadAll();  // Send read it all, unless the server ended the call early
  std::vector<std::string> rejected = batches.rejected();
  for (const v1::LiveRowError& e : response->errors()) {
    rejected.push_back(absl::StrCat(o.file, ":", batches.Line(e.batch(), e.row()), ": ", e.message()));
  }
  const int64_t rejected_count = static_cast<int64_t>(batches.rejected().size()) + response->rejected();
  if (g.json) {
    return PrintJson({{"batches", response->batches()},     {"stored", response->stored()},
                      {"duplicates", response->duplicates()}, {"rejected", rejected_count},
                      {"errors", rejected}});
  }
  std::cout << absl::StrCat(o.file, ": ", response->batches(), " batches, ", response->stored(), " stored, ",
                            response->duplicates(), " duplicates, ", rejected_count, " rejected\n");
  for (const std::string& r : rejected) std::cout << r << "\n";
  if (response->rejected() > response->errors_size()) {
    std::cout << "(" << response->rejected() - response->errors_size() << " more rejected by the server, not listed)\n";
  }
  return 0;
}

int RunAggregate(const GlobalOptions& g, const std::string& day) {
  v1::RunLiveAggregationRequest request;
  request.set_recompute_day(day);
  absl::StatusOr<v1::RunLiveAggregationResponse> response =
      Call(g, &v1::ComputeService::Stub::RunLiveAggregation, request);
  if (!response.ok()) return RpcFailed(response.status());
  if (g.json) {
    return PrintJson({{"rows_read", response->rows_read()},   {"stored", response->stored()},
                      {"duplicates", response->duplicates()}, {"rejected", response->rejected()},
                      {"windows_written", response->windows_written()},
                      {"watermark", response->watermark()}});
  }
  if (day.empty()) {
    std::cout << absl::StrCat("warehouse pass: ", response->rows_read(), " rows read, ", response->stored(),
                              " stored, ", response->duplicates(), " duplicates, ", response->rejected(),
                              " rejected; read up to ", response->watermark().empty() ? "-" : response->watermark(),
                              "\n");
  } else {
    std::cout << absl::StrCat(day, " recomputed: ", response->rows_read(), " events, ", response->windows_written(),
                              " windows\n");
  }
  return 0;
}

}  // namespace

void AddLiveIngestCommand(const Commands& live) {
  auto o = std::make_shared<IngestOptions>();
  CLI::App* ingest = live.Add("ingest", "send NDJSON live events to compute (IngestEvents)", o, RunIngest);
  ingest->add_option("FILE", o->file, "NDJSON file, one event per line (-: stdin)")->required();
  ingest->add_option("--batch-size", o->batch_size, "events per batch (one transaction each)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  ingest->add_option("--retries", o->retries, "send again this many times when compute is unavailable")
      ->check(CLI::Range(0, 100))
      ->capture_default_str();

  auto day = std::make_shared<std::string>();
  CLI::App* aggregate =
      live.Add("aggregate", "one warehouse pass now (RunLiveAggregation), or --day's final recompute", day, RunAggregate);
  aggregate->add_option("--day", *day, "YYYY-MM-DD: replace the day's windows by a recompute from stored events");
}

}  // namespace opmon::ctl
