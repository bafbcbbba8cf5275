#pragma once
#include <string>
#include <string_view>

namespace dnsctl::uuid {

// A random (version 4) UUID in its lower-case 36-character form.
std::string generate();

// A name-based UUID (version 8, RFC 9562): the same text always gives the same
// id. For things the store keys by name, such as a recordset (zone, owner, type),
// which need an id the OpenStack client's way of working can hold on to.
std::string from_name(std::string_view text);

// True for the 8-4-4-4-12 hex form, any case (Designate's is_uuid_like).
bool is_valid(std::string_view text);

} // namespace dnsctl::uuid
