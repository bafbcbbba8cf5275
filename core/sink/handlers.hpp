#pragma once
// designate-sink's two handlers, with its names, events and format keys
// (../shared/reference/designate-backends.md §4):
//   nova_fixed:          compute.instance.create.end -> A/AAAA per fixed IP and format;
//                        compute.instance.delete.start -> the instance's records go.
//   neutron_floatingip:  floatingip.update.end with a fixed IP -> A/AAAA for the
//                        floating IP; without one (disassociated) and
//                        floatingip.delete.start -> the floating IP's records go.
// Unlike Designate, the neutron handler takes IPv6 floating IPs (its ip_version is
// the address's), and either handler can add a PTR (create_ptr).

#include "core/model/managed.hpp"
#include "core/model/settings.hpp"
#include "core/sink/event.hpp"
#include "core/util/result.hpp"

#include <string>
#include <vector>

namespace dnsctl::sink {

const std::vector<std::string>& handler_names(); // nova_fixed neutron_floatingip

// The handler that takes `event_type`, or "" when none does.
std::string handler_for(std::string_view event_type);

// What `handler` (configured as `config`, its zone named `zone`) makes of `event`.
// Kind::none: the event is not one the handler acts on. An error: the payload lacks
// what the handler needs, or a format names a key the event does not have.
Result<model::ManagedChange> handle(const std::string& handler,
                                    const model::SinkHandler& config,
                                    const std::string& zone,
                                    const Event& event);

// %(key)s formatting as Python's % operator does it for designate-sink's formats.
Result<std::string> expand_format(std::string_view format,
                                  const std::vector<std::pair<std::string, std::string>>& keys);

// "4.3.2.1.in-addr.arpa." / the ip6.arpa nibble name; "" for a bad address.
std::string reverse_name(const std::string& address);

} // namespace dnsctl::sink
