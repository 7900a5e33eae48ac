// libFuzzer target: arbitrary bytes as a TOML project file and as a TOML
// definitions file (config_pipeline.h).

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/config/config_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  opmon::config::fuzz::RunPipeline(opmon::config::SourceFile{
      "fuzz.toml", std::string(reinterpret_cast<const char*>(data), size), opmon::config::SourceFormat::kToml});
  return 0;
}
