#include "tests/unit/services/compute/kernels/reference_data.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "simdjson.h"

namespace opmon::kernels::testing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "reference data: %s\n", what);
  std::abort();
}

// Copies out of simdjson_result temporaries: iterating `x.value_unsafe()`
// directly would iterate a reference into a destroyed temporary.
simdjson::dom::array Array(simdjson::dom::element e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) Fail("expected an array");
  return a;
}

simdjson::dom::array Array(simdjson::dom::element e, const char* key) {
  simdjson::dom::element child;
  if (e[key].get(child) != simdjson::SUCCESS) Fail(key);
  return Array(child);
}

simdjson::dom::object Object(simdjson::dom::element e, const char* key) {
  simdjson::dom::object o;
  if (e[key].get_object().get(o) != simdjson::SUCCESS) Fail(key);
  return o;
}

simdjson::dom::element At(simdjson::dom::array a, size_t i) {
  simdjson::dom::element e;
  if (a.at(i).get(e) != simdjson::SUCCESS) Fail("index");
  return e;
}

simdjson::dom::element Field(simdjson::dom::element e, const char* key) {
  simdjson::dom::element child;
  if (e[key].get(child) != simdjson::SUCCESS) Fail(key);
  return child;
}

double Number(simdjson::dom::element e) {
  if (e.is_null()) return kNaN;
  double d;
  if (e.get_double().get(d) != simdjson::SUCCESS) Fail("expected a number");
  return d;
}

std::vector<Bucket> Buckets(simdjson::dom::array a) {
  std::vector<Bucket> out;
  for (simdjson::dom::element pair : a) {
    const simdjson::dom::array kv = Array(pair);
    out.push_back({Number(At(kv, 0)), Number(At(kv, 1))});
  }
  return out;
}

ReferenceData Load() {
  const std::string path = std::string(OPMON_KERNELS_TEST_DATA) + "/reference_cases.json";
  static simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.load(path).get(root); error != simdjson::SUCCESS) {
    Fail((path + ": " + simdjson::error_message(error)).c_str());
  }
  ReferenceData data;
  for (auto [name, buckets] : Object(root, "histograms")) {
    data.histograms[std::string(name)] = Buckets(Array(buckets));
  }
  for (simdjson::dom::element c : Array(root, "cases")) {
    ReferenceCase rc;
    std::string_view method;
    if (Field(c, "method").get_string().get(method) != simdjson::SUCCESS) Fail("method");
    rc.method = std::string(method);
    const simdjson::dom::element name = Field(c, "histogram");
    if (name.is_null()) {
      rc.histogram = Buckets(Array(c, "buckets"));
    } else {
      std::string_view histogram_name;
      if (name.get_string().get(histogram_name) != simdjson::SUCCESS) Fail("histogram");
      rc.histogram_name = std::string(histogram_name);
      rc.histogram = data.histograms.at(rc.histogram_name);
    }
    for (simdjson::dom::element p : Array(c, "percentiles")) rc.percentiles.push_back(Number(p));
    simdjson::dom::element seed;
    if (c["seed"].get(seed) == simdjson::SUCCESS) rc.seed = static_cast<uint32_t>(Number(seed));
    const simdjson::dom::element expected = Field(c, "expected");
    if (expected.is_object()) {
      rc.error = true;
    } else {
      for (simdjson::dom::element row : Array(expected)) {
        rc.expected.push_back({Number(Field(row, "parameter")), Number(Field(row, "point")),
                               Number(Field(row, "lower")), Number(Field(row, "upper"))});
      }
    }
    data.cases.push_back(std::move(rc));
  }
  for (simdjson::dom::element q : Array(root, "qbinom")) {
    std::vector<double> row;
    for (simdjson::dom::element v : Array(q)) row.push_back(Number(v));
    data.qbinom.push_back(row);
  }
  for (auto [seed, draws] : Object(root, "mulberry32")) {
    std::vector<double>& out = data.mulberry32[static_cast<uint32_t>(std::stoul(std::string(seed)))];
    for (simdjson::dom::element d : Array(draws)) out.push_back(Number(d));
  }
  for (simdjson::dom::element t : Array(root, "to_fixed_2")) {
    const simdjson::dom::array a = Array(t);
    data.to_fixed_2.push_back({Number(At(a, 0)), Number(At(a, 1))});
  }
  return data;
}

}  // namespace

const ReferenceData& LoadReferenceData() {
  static const ReferenceData data = Load();
  return data;
}

}  // namespace opmon::kernels::testing
