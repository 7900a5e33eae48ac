// libFuzzer target: arbitrary bytes as a YAML project file and as a YAML
// definitions file (config_pipeline.h).

#include <cstddef>
#include <cstdint>
#include <string>

#include "tests/fuzz/config/config_pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  opmon::config::fuzz::RunPipeline(opmon::config::SourceFile{
      "fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size), opmon::config::SourceFormat::kYaml});
  return 0;
}
