#pragma once
#include <string>
#include <string_view>

namespace dnsctl::uuid {

// A random (version 4) UUID in its lower-case 36-character form.
std::string generate();

// True for the 8-4-4-4-12 hex form, any case (Designate's is_uuid_like).
bool is_valid(std::string_view text);

} // namespace dnsctl::uuid
