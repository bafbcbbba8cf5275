#include "core/mdns/settings.hpp"

namespace dnsctl::mdns {

Result<Limits> limits_from(const model::Settings& s, const Overrides& o) {
  Limits l;
  l.udp_payload = static_cast<uint16_t>(o.udp_payload.value_or(s.mdns_udp_payload));
  l.max_message = o.max_message_size.value_or(s.mdns_max_message_size);
  l.tsig_enforce = o.tsig_enforce || s.mdns_tsig_enforce;
  const auto& blocks = o.allow_transfer.empty() ? s.mdns_allow_transfer : o.allow_transfer;
  for (const auto& b : blocks) {
    auto c = net::Cidr::parse(b);
    if (!c) {
      return make_error(Errc::invalid_input, "--allow-transfer: " + c.error().message);
    }
    l.allow_transfer.push_back(*c);
  }
  return l;
}

ServerOptions
server_options(const model::Settings& s, const std::string& store_path, const Overrides& o) {
  ServerOptions opts;
  opts.store_path = store_path;
  opts.listen = o.listen.empty() ? s.mdns_listen : o.listen;
  opts.workers = o.workers.value_or(s.mdns_workers);
  opts.tcp_idle = std::chrono::seconds(o.tcp_idle_timeout.value_or(s.mdns_tcp_idle_timeout));
  opts.tcp_write = std::chrono::seconds(o.tcp_write_timeout.value_or(s.mdns_tcp_write_timeout));
  return opts;
}

} // namespace dnsctl::mdns
