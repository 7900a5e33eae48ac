#include "clients/opmonctl/json_output.h"

#include <iostream>

namespace opmon::ctl {

int PrintJson(const nlohmann::json& value) {
  std::cout << value.dump(2) << "\n";
  return 0;
}

}  // namespace opmon::ctl
