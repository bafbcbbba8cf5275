#include "core/model/description.hpp"

#include <string>

namespace dnsctl::model {

Status check_description(std::string_view description) {
  constexpr size_t k_max = 160;
  if (description.size() > k_max) {
    return make_error(Errc::invalid_input,
                      "description is " + std::to_string(description.size()) + " bytes; at most "
                          + std::to_string(k_max) + " are allowed");
  }
  for (unsigned char c : description) {
    if (c < 0x20 || c == 0x7f) {
      return make_error(Errc::invalid_input,
                        "description holds a control character (byte " + std::to_string(c)
                            + "); only printable text is allowed");
    }
  }
  return {};
}

} // namespace dnsctl::model
