#include "backends/designate/unsupported.hpp"

namespace dnsctl::backends::designate {
namespace {

class Skipped final : public Backend {
public:
  explicit Skipped(const model::Target& t)
      : Backend(t) {}

  OpResult
  apply(ZoneOp /*op*/, const ZoneArgs& /*zone*/, std::chrono::milliseconds /*t*/) override {
    return OpResult{
        OpResult::Kind::done, "skipped: dnsctl does not drive " + target().type + " targets", {}};
  }
  std::vector<std::string> describe(ZoneOp /*op*/, const ZoneArgs& /*zone*/) const override {
    return {};
  }
  Result<bool> holds(const ZoneArgs& /*zone*/, std::chrono::milliseconds /*t*/) override {
    return true;
  }
  std::optional<Endpoint> notify_endpoint() const override { return std::nullopt; }
  std::vector<std::string> transfer_sources() const override { return {}; }
  Capabilities caps() const override { return Capabilities{false, false, false}; }
};

Result<std::unique_ptr<Backend>> make(const model::Target& t) {
  return std::unique_ptr<Backend>(std::make_unique<Skipped>(t));
}

BackendInfo entry(const char* type, const char* hint = "") {
  BackendInfo b;
  b.type = type;
  b.summary = "a Designate backend dnsctl does not drive";
  b.make = make;
  b.unsupported = true;
  b.hint = hint;
  return b;
}

} // namespace

std::vector<BackendInfo> unsupported() {
  return {
      entry("infoblox"),
      entry("akamai_v2"),
      entry("ns1"),
      entry("dynect"),
      entry("agent"),
      entry("powerdns", "did you mean pdns4?"),
      entry("bind", "did you mean bind9?"),
  };
}

} // namespace dnsctl::backends::designate
