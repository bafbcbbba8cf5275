#include "backends/bind9/bind9_backend.hpp"

#include "backends/bind9/commands.hpp"
#include "backends/bind9/config_text.hpp"
#include "backends/bind9/rndc.hpp"
#include "core/util/process.hpp"
#include "core/util/text.hpp"

namespace dnsctl::backends::bind9 {
namespace {

class Bind9 final : public Backend {
public:
  explicit Bind9(const model::Target& t)
      : Backend(t)
      , m_rndc(t) {}

  OpResult apply(ZoneOp op, const ZoneArgs& zone, std::chrono::milliseconds timeout) override {
    return m_rndc.apply(op, zone, timeout);
  }

  std::vector<std::string> describe(ZoneOp op, const ZoneArgs& zone) const override {
    Action a = op == ZoneOp::add      ? Action::addzone
               : op == ZoneOp::remove ? Action::delzone
                                      : Action::modzone;
    auto argv = rndc_argv(target(), a, {zone.name, zone.uuid}, zone.clean ? Clean::yes : Clean::no);
    return {argv ? process::shell_join(*argv) : argv.error().text()};
  }

  Result<bool> holds(const ZoneArgs& zone, std::chrono::milliseconds timeout) override {
    return m_rndc.holds(zone, timeout);
  }

  std::optional<Endpoint> notify_endpoint() const override {
    // Designate NOTIFYs host/port; without host, the rndc host is the server too.
    if (target().option("host") != nullptr) {
      return endpoint_from("host", "port");
    }
    std::string host = option_value(info(), target(), "rndc_host");
    uint16_t port = 53;
    if (const std::string* p = target().option("port")) {
      port = static_cast<uint16_t>(text::parse_uint(*p, 1, 65535).value_or(0));
    }
    if (!text::is_ip(host) || port == 0) {
      return std::nullopt;
    }
    return Endpoint{host, port};
  }

  std::vector<std::string> transfer_sources() const override {
    std::vector<std::string> out;
    for (const char* k : {"host", "rndc_host"}) {
      std::string h = option_value(info(), target(), k);
      if (text::is_ip(h)) {
        out.push_back(h);
      }
    }
    return out;
  }

  std::string verb(ZoneOp op) const override {
    switch (op) {
    case ZoneOp::add:
      return "addzone";
    case ZoneOp::remove:
      return "delzone";
    case ZoneOp::reconfigure:
      return "modzone";
    }
    return "?";
  }

protected:
  std::string location() const override {
    std::string w = where("rndc_host", "rndc_port");
    return w.empty() ? where("host", "port") : w;
  }

private:
  Rndc m_rndc;
};

Result<std::unique_ptr<Backend>> make(const model::Target& t) {
  // BIND reads a name in primaries as a primaries-list reference, not an address.
  for (const auto& m : t.masters) {
    if (!text::is_ip(m.host)) {
      return make_error(Errc::invalid_input,
                        "master " + m.host + " is not an IP address (BIND needs one)",
                        "masters");
    }
  }
  return std::unique_ptr<Backend>(std::make_unique<Bind9>(t));
}

} // namespace

const BackendInfo& info() {
  static const BackendInfo k_info{
      .type = "bind9",
      .summary = "BIND 9 driven by rndc addzone/delzone",
      .options =
          {
              {"host",
               OptionKind::host,
               "",
               "address the target is NOTIFYed at (default: rndc_host)"},
              {"port", OptionKind::port, "53", "port the target is NOTIFYed at"},
              {"rndc_host", OptionKind::host, "127.0.0.1", "rndc -s"},
              {"rndc_port", OptionKind::port, "953", "rndc -p"},
              {"rndc_config_file", OptionKind::file, "", "rndc -c"},
              {"rndc_key_file", OptionKind::file, "", "rndc -k"},
              {"rndc_bin_path", OptionKind::path, "rndc", "the rndc program"},
              {"rndc_timeout", OptionKind::seconds, "0", "seconds before rndc is killed (0: none)"},
              {"view", OptionKind::token, "", "adds `in VIEW` after the zone name"},
              {"clean_zonefile", OptionKind::boolean, "false", "delzone -clean"},
          },
      .make = make,
      .aliases = {},
      .server = "bind",
      .identity_keys = {"host", "port", "rndc_host", "rndc_port"},
      .unsupported = false,
      .hint = {},
      .consumer_config = consumer_config,
      .key_clause = key_clause,
  };
  return k_info;
}

} // namespace dnsctl::backends::bind9
