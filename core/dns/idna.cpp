#include "core/dns/idna.hpp"

#include "core/util/text.hpp"

#include <idn2.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace dnsctl::dns {

Result<std::string> to_ascii(std::string_view name) {
  bool ascii = std::all_of(
      name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) {
    return std::string(name);
  }
  std::string z(name);
  char* out = nullptr;
  int rc = idn2_to_ascii_8z(z.c_str(), &out, IDN2_TRANSITIONAL);
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  if (rc != IDN2_OK || out == nullptr) {
    return make_error(Errc::invalid_input,
                      text::quote(name) + " has no ASCII form: " + idn2_strerror(rc));
  }
  return std::string(out);
}

} // namespace dnsctl::dns
