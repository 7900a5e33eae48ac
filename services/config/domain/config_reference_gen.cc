// Writes the Markdown key reference (config_reference.h) to the file named by
// the first argument, or to stdout without one:
//   opmon_config_reference_gen docs/config-reference.md

#include <fstream>
#include <iostream>
#include <string>

#include "services/config/domain/config_reference.h"

int main(int argc, char** argv) {
  const std::string markdown = opmon::config::RenderConfigReferenceMarkdown();
  if (argc < 2) {
    std::cout << markdown;
    return 0;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << markdown;
  out.close();
  if (!out) {
    std::cerr << "cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
