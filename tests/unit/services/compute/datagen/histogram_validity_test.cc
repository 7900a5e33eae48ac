// Every generated histogram is valid JSON in Firefox's form that the
// kernels' parser reads with the probe's metadata; the malformed ones (at the
// configured rate) are valid jsonb that the parser rejects.
#include <cmath>
#include <set>

#include "gtest/gtest.h"
#include "services/compute/datagen/probes.h"
#include "services/compute/datagen/warehouse_generation.h"
#include "services/compute/kernels/histogram_parse.h"
#include "simdjson.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/services/compute/datagen/test_sinks.h"

namespace opmon::datagen {
namespace {

class HistogramValidity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const GenerationParams params{
        .seed = 11, .clients = 1500, .pings_per_client_mean = 4, .heavy_clients = 0, .malformed_rate = 0.02};
    sink_ = new RecordingSink();
    GenerateRows(params, absl::CivilDay(2024, 2, 19), 2, *sink_);
  }
  static void TearDownTestSuite() { delete sink_; }
  static RecordingSink* sink_;
};
RecordingSink* HistogramValidity::sink_ = nullptr;

bool IsValidJson(const std::string& text) {
  static simdjson::dom::parser parser;
  simdjson::dom::element doc;
  return parser.parse(text).get(doc) == simdjson::SUCCESS;
}

TEST_F(HistogramValidity, WellFormedHistogramsParseWithTheirProbesMetadata) {
  kernels::HistogramParser parser;
  kernels::Histogram h;
  std::array<int64_t, kProbeCount> seen{};
  for (const OwnedMainPing& ping : sink_->pings) {
    ASSERT_TRUE(IsValidJson(ping.experiments)) << ping.experiments;
    for (int i = 0; i < kProbeCount; ++i) {
      if (!ping.histograms[i] || ping.malformed_probe == i) continue;
      const std::string& text = *ping.histograms[i];
      const ProbeShape& shape = ProbeShapes()[i];
      ASSERT_TRUE(IsValidJson(text)) << text;
      const absl::Status status = parser.Parse(text, h);
      ASSERT_THAT(status, IsOk()) << shape.column << ": " << status << " in " << text;
      ++seen[i];
      EXPECT_EQ(h.bucket_count, shape.bucket_count) << text;
      EXPECT_EQ(h.histogram_type, HistogramTypeCode(shape.kind)) << text;
      ASSERT_TRUE(h.range.has_value());
      EXPECT_EQ(h.range->first, shape.low);
      EXPECT_EQ(h.range->second, shape.high);
      const std::set<int64_t> bounds(shape.lower_bounds.begin(), shape.lower_bounds.end());
      double total = 0;
      for (const kernels::Bucket& b : h.values) {
        EXPECT_TRUE(bounds.count(static_cast<int64_t>(b.key))) << shape.column << " key " << b.key;
        EXPECT_EQ(b.value, std::floor(b.value));
        total += b.value;
      }
      EXPECT_GT(total, 0) << text;
      if (shape.kind == HistogramKind::kBoolean) {
        ASSERT_EQ(h.values.size(), 3u);
        EXPECT_EQ(h.sum, h.values[1].value);
      }
    }
  }
  for (int i = 0; i < kProbeCount; ++i) {
    EXPECT_GT(seen[i], 20) << "probe " << ProbeShapes()[i].column << " is (nearly) never present";
  }
}

TEST_F(HistogramValidity, MalformedHistogramsAreValidJsonbButRejectedByTheParser) {
  kernels::HistogramParser parser;
  kernels::Histogram h;
  int64_t malformed = 0;
  std::set<char> kinds;  // first character: '"' (string) or '{'
  for (const OwnedMainPing& ping : sink_->pings) {
    if (ping.malformed_probe < 0) continue;
    ++malformed;
    EXPECT_LT(ping.malformed_probe, 4) << "only the four histogram metrics of the examples";
    const std::string& text = *ping.histograms[ping.malformed_probe];
    ASSERT_TRUE(IsValidJson(text)) << text;
    EXPECT_FALSE(parser.Parse(text, h).ok()) << text;
    kinds.insert(text[0]);
    if (text[0] == '"') {
      // A consumer that unwraps the JSON string still finds no histogram.
      simdjson::dom::parser json;
      std::string_view inner;
      ASSERT_EQ(json.parse(text).get_string().get(inner), simdjson::SUCCESS);
      EXPECT_FALSE(parser.Parse(inner, h).ok()) << inner;
    }
  }
  const double n = static_cast<double>(sink_->pings.size());
  const double expected = 0.02 * n;
  EXPECT_NEAR(static_cast<double>(malformed), expected, 4 * std::sqrt(expected));
  EXPECT_EQ(kinds.size(), 2u);
}

}  // namespace
}  // namespace opmon::datagen
