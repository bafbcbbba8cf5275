#include "backends/backend.hpp"

#include "core/util/text.hpp"

namespace dnsctl::backends {

std::string to_string(ZoneOp op) {
  switch (op) {
  case ZoneOp::add:
    return "add";
  case ZoneOp::remove:
    return "remove";
  case ZoneOp::reconfigure:
    return "reconfigure";
  }
  return "?";
}

std::vector<OpResult> Backend::apply_batch(const std::vector<ZoneJob>& jobs,
                                           std::chrono::milliseconds timeout) {
  std::vector<OpResult> out;
  out.reserve(jobs.size());
  for (const auto& j : jobs) {
    out.push_back(apply(j.op, j.zone, timeout));
  }
  return out;
}

Result<Holding> Backend::list_zones(std::chrono::milliseconds /*timeout*/) {
  return make_error(Errc::internal, m_target.type + " targets cannot list their zones");
}

std::vector<std::string> Backend::transfer_sources() const {
  std::vector<std::string> out;
  if (auto e = notify_endpoint()) {
    out.push_back(e->host);
  }
  return out;
}

std::string Backend::label() const {
  std::string loc = location();
  return m_target.type + (loc.empty() ? "" : " " + loc) + " ("
         + (m_target.description.empty() ? m_target.uuid : m_target.description) + ")";
}

std::optional<Endpoint> Backend::endpoint_from(const char* host_key, const char* port_key) const {
  const std::string* host = m_target.option(host_key);
  if (host == nullptr || !text::is_ip(*host)) {
    return std::nullopt;
  }
  Endpoint e{*host, 53};
  if (const std::string* port = m_target.option(port_key)) {
    auto p = text::parse_uint(*port, 1, 65535);
    if (!p) {
      return std::nullopt;
    }
    e.port = static_cast<uint16_t>(*p);
  }
  return e;
}

std::string Backend::where(const char* host_key, const char* port_key) const {
  const std::string* host = m_target.option(host_key);
  const std::string* port = m_target.option(port_key);
  std::string w = host != nullptr ? *host : "";
  if (port != nullptr) {
    w += ":" + *port;
  }
  return w;
}

} // namespace dnsctl::backends
