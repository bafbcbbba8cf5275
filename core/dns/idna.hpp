#pragma once
// Names with non-ASCII labels in their ASCII form (RFC 3490/5891 "xn--" labels), as
// Designate's central turns the names its sink formats from display names: Python's
// idna codec. libidn2 with UTS 46 transitional processing gives the same labels.

#include "core/util/result.hpp"

#include <string>
#include <string_view>

namespace dnsctl::dns {

// A name (UTF-8, absolute or not) with every non-ASCII label in its xn-- form; a name
// that is all ASCII comes back as it is. The error says why a name has no ASCII form.
Result<std::string> to_ascii(std::string_view name);

} // namespace dnsctl::dns
