#include "backends/pdns4/pdns4_backend.hpp"

#include "backends/pdns4/api.hpp"
#include "backends/pdns4/config_text.hpp"
#include "core/util/text.hpp"

#include <nlohmann/json.hpp>

#include <mutex>

namespace dnsctl::backends::pdns4 {
namespace {

// Designate's multiple-pools sample still carries the database driver's options
// (`connection`): such a file applies, and sync says what is missing.
constexpr const char* k_no_endpoint =
    "pdns4 target has no api_endpoint: dnsctl drives PowerDNS through its HTTP API "
    "(Designate's old `connection` option is not used); set api_endpoint and api_token";

class Pdns4 final : public Backend {
public:
  Pdns4(const model::Target& t, const ClientOptions& o)
      : Backend(t)
      , m_base(o.base)
      , m_client(o) {
    for (const auto& m : t.masters) {
      m_masters.push_back(master_text(m));
    }
  }

  OpResult apply(ZoneOp op, const ZoneArgs& zone, std::chrono::milliseconds timeout) override {
    std::lock_guard lock(m_mutex); // one connection, one request at a time
    OpResult res;
    if (m_base.empty()) {
      res.message = k_no_endpoint;
      return res;
    }
    switch (op) {
    case ZoneOp::add:
      add(zone, timeout, res);
      break;
    case ZoneOp::remove:
      remove(zone, timeout, res);
      break;
    case ZoneOp::reconfigure:
      reconfigure(zone, timeout, res);
      break;
    }
    return res;
  }

  std::vector<std::string> describe(ZoneOp op, const ZoneArgs& zone) const override {
    std::string z = m_base + "/zones/" + zone_id(zone.name);
    switch (op) {
    case ZoneOp::add:
      return {"POST " + m_base + "/zones " + create_body(zone), "PUT " + z + "/axfr-retrieve"};
    case ZoneOp::remove:
      return {"DELETE " + z};
    case ZoneOp::reconfigure:
      return {"PUT " + z + " " + masters_body()};
    }
    return {};
  }

  Result<bool> holds(const ZoneArgs& zone, std::chrono::milliseconds timeout) override {
    std::lock_guard lock(m_mutex);
    if (m_base.empty()) {
      return make_error(Errc::invalid_input, k_no_endpoint);
    }
    HttpReply r = m_client.request("GET", "/zones/" + zone_id(zone.name), "", timeout);
    switch (on_get(r)) {
    case Verdict::exists:
      return true;
    case Verdict::missing:
      return false;
    default:
      return make_error(Errc::peer, error_text(r));
    }
  }

  Result<Holding> list_zones(std::chrono::milliseconds timeout) override {
    std::lock_guard lock(m_mutex);
    if (m_base.empty()) {
      return make_error(Errc::invalid_input, k_no_endpoint);
    }
    HttpReply r = m_client.request("GET", "/zones", "", timeout);
    if (r.status != 200) {
      return make_error(Errc::peer, error_text(r));
    }
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (!j.is_array()) {
      return make_error(Errc::peer, "GET /zones: not a JSON list");
    }
    Holding h;
    for (const auto& z : j) {
      if (z.is_object() && z.contains("name") && z["name"].is_string()) {
        h.zones.push_back(text::lower(z["name"].get<std::string>()));
      }
    }
    return h;
  }

  std::optional<Endpoint> notify_endpoint() const override {
    if (target().option("host") != nullptr) {
      return endpoint_from("host", "port");
    }
    // Without host, the API's host is the server's.
    const std::string* ep = target().option("api_endpoint");
    std::string host = ep != nullptr ? url_host(*ep) : "";
    if (!text::is_ip(host)) {
      return std::nullopt;
    }
    uint16_t port = 53;
    if (const std::string* p = target().option("port")) {
      port = static_cast<uint16_t>(text::parse_uint(*p, 1, 65535).value_or(53));
    }
    return Endpoint{host, port};
  }

  std::vector<std::string> transfer_sources() const override {
    std::vector<std::string> out;
    if (auto e = notify_endpoint()) {
      out.push_back(e->host);
    }
    const std::string* ep = target().option("api_endpoint");
    std::string api = ep != nullptr ? url_host(*ep) : "";
    if (text::is_ip(api)) {
      out.push_back(api);
    }
    return out;
  }

  std::string verb(ZoneOp op) const override {
    return op == ZoneOp::add ? "POST" : op == ZoneOp::remove ? "DELETE" : "PUT masters";
  }

  Capabilities caps() const override { return Capabilities{true, true, true}; }

protected:
  std::string location() const override { return m_base.substr(0, m_base.find("/api/")); }

private:
  std::string create_body(const ZoneArgs& zone) const {
    nlohmann::json j{{"name", zone.name}, {"kind", "Secondary"}, {"masters", m_masters}};
    if (const std::string* k = target().option("tsigkey_name")) {
      j["slave_tsig_key_ids"] = nlohmann::json::array({*k});
    }
    return j.dump();
  }
  std::string masters_body() const { return nlohmann::json{{"masters", m_masters}}.dump(); }

  HttpReply send(OpResult& res,
                 const std::string& method,
                 const std::string& path,
                 const std::string& body,
                 std::chrono::milliseconds timeout) {
    res.commands.push_back(method + " " + m_base + path + (body.empty() ? "" : " " + body));
    return m_client.request(method, path, body, timeout);
  }

  void add(const ZoneArgs& zone, std::chrono::milliseconds timeout, OpResult& res) {
    std::string z = "/zones/" + zone_id(zone.name);
    HttpReply r = send(res, "POST", "/zones", create_body(zone), timeout);
    Verdict v = on_create(r);
    if (v == Verdict::failed) {
      res.message = "POST " + zone.name + ": " + error_text(r);
      return;
    }
    if (v == Verdict::exists) {
      // Ours from an earlier run, or somebody else's: the masters tell. Designate
      // deleted and re-created it, wiping whatever was there.
      HttpReply got = send(res, "GET", z, "", timeout);
      if (on_get(got) != Verdict::exists) {
        res.message = "POST: already exists; GET: " + error_text(got);
        return;
      }
      if (!same_masters(got.body, m_masters)) {
        res.kind = OpResult::Kind::conflict;
        res.message = "zone already exists on the target with other masters, left alone";
        return;
      }
      res.existed = true;
    }
    // A new secondary is otherwise fetched only at the next xfr-cycle-interval.
    HttpReply fetch = send(res, "PUT", z + "/axfr-retrieve", "", timeout);
    if (fetch.status != 200 && fetch.status != 204) {
      res.message = "PUT axfr-retrieve " + zone.name + ": " + error_text(fetch);
      return;
    }
    res.kind = OpResult::Kind::done;
  }

  void remove(const ZoneArgs& zone, std::chrono::milliseconds timeout, OpResult& res) {
    HttpReply r = send(res, "DELETE", "/zones/" + zone_id(zone.name), "", timeout);
    if (on_delete(r) == Verdict::failed) {
      res.message = "DELETE " + zone.name + ": " + error_text(r);
      return;
    }
    res.kind = OpResult::Kind::done;
  }

  void reconfigure(const ZoneArgs& zone, std::chrono::milliseconds timeout, OpResult& res) {
    HttpReply r = send(res, "PUT", "/zones/" + zone_id(zone.name), masters_body(), timeout);
    switch (on_update(r)) {
    case Verdict::done:
      res.kind = OpResult::Kind::done;
      return;
    case Verdict::missing:
      add(zone, timeout, res); // the server lost it: Designate never re-created it
      return;
    default:
      res.message = "PUT " + zone.name + ": " + error_text(r);
    }
  }

  std::string m_base;
  std::vector<std::string> m_masters;
  std::mutex m_mutex;
  Client m_client;
};

Result<std::unique_ptr<Backend>> make(const model::Target& t) {
  ClientOptions o;
  const std::string* ep = t.option("api_endpoint");
  if (ep != nullptr) {
    o.base = api_base(*ep);
  }
  if (ep != nullptr && o.base.empty()) {
    return make_error(
        Errc::invalid_input, "no host in " + text::quote(*ep), "options.api_endpoint");
  }
  for (const auto& m : t.masters) {
    if (!text::is_ip(m.host)) {
      return make_error(Errc::invalid_input,
                        "master " + m.host + " is not an IP address (PowerDNS needs one)",
                        "masters");
    }
  }
  if (const std::string* k = t.option("api_token")) {
    o.token = *k;
  }
  // Designate's "changeme" placeholder means no CA, as there.
  if (const std::string* ca = t.option("api_ca_cert"); ca != nullptr && *ca != "changeme") {
    o.ca_cert = *ca;
  }
  return std::unique_ptr<Backend>(std::make_unique<Pdns4>(t, std::move(o)));
}

} // namespace

const BackendInfo& info() {
  static const BackendInfo k_info{
      .type = "pdns4",
      .summary = "PowerDNS Authoritative 4 through its HTTP API",
      .options =
          {
              {"api_endpoint",
               OptionKind::url,
               "",
               "http(s)://HOST:PORT of the API (path ignored)"},
              {"api_token", OptionKind::secret, "", "X-API-Key (never printed)"},
              {"api_ca_cert", OptionKind::file, "", "CA file for an https endpoint"},
              {"tsigkey_name", OptionKind::token, "", "TSIG key PowerDNS signs its transfers with"},
              {"host", OptionKind::host, "", "address NOTIFY goes to (default: the API's host)"},
              {"connection",
               OptionKind::secret,
               "",
               "Designate's old database driver option: accepted, not used"},
              {"port", OptionKind::port, "53", "port NOTIFY goes to"},
          },
      .make = make,
      .aliases = {},
      .server = "pdns",
      .identity_keys = {"api_endpoint", "host", "port"},
      .unsupported = false,
      .hint = {},
      .consumer_config = consumer_config,
  };
  return k_info;
}

} // namespace dnsctl::backends::pdns4
