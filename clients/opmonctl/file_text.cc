#include "clients/opmonctl/file_text.h"

#include <fstream>
#include <sstream>

namespace opmon::ctl {

std::optional<std::string> ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace opmon::ctl
