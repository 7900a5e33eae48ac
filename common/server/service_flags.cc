#include "common/server/service_flags.h"

#include "absl/strings/ascii.h"

namespace opmon::server {

std::string FlagEnvName(std::string_view env_prefix, std::string_view flag) {
  if (flag.starts_with("--")) flag.remove_prefix(2);
  std::string name(env_prefix);
  name += '_';
  for (char c : flag) name += c == '-' ? '_' : absl::ascii_toupper(static_cast<unsigned char>(c));
  return name;
}

}  // namespace opmon::server
