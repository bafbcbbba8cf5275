#include "backends/fake/fake_backend.hpp"

namespace dnsctl::backends::fake {
namespace {

class Fake final : public Backend {
public:
  explicit Fake(const model::Target& t)
      : Backend(t) {}

  OpResult
  apply(ZoneOp /*op*/, const ZoneArgs& /*zone*/, std::chrono::milliseconds /*t*/) override {
    return OpResult{OpResult::Kind::done, "", {}};
  }
  std::vector<std::string> describe(ZoneOp /*op*/, const ZoneArgs& /*zone*/) const override {
    return {};
  }
  Result<bool> holds(const ZoneArgs& /*zone*/, std::chrono::milliseconds /*t*/) override {
    return true;
  }
  std::optional<Endpoint> notify_endpoint() const override { return endpoint_from("host", "port"); }
  Capabilities caps() const override { return Capabilities{false, false, false}; }

protected:
  std::string location() const override { return where("host", "port"); }
};

Result<std::unique_ptr<Backend>> make(const model::Target& t) {
  return std::unique_ptr<Backend>(std::make_unique<Fake>(t));
}

} // namespace

const BackendInfo& info() {
  static const BackendInfo k_info{
      .type = "fake",
      .summary = "no control calls; NOTIFY only (catalog-zone consumers, tests)",
      .options =
          {
              {"host", OptionKind::host, "", "address the target is NOTIFYed at"},
              {"port", OptionKind::port, "53", "port the target is NOTIFYed at"},
          },
      .make = make,
      .aliases = {},
      .server = {},
      .identity_keys = {"host", "port"},
      .unsupported = false,
      .hint = {}};
  return k_info;
}

} // namespace dnsctl::backends::fake
