#include "core/dns/tsig.hpp"

#include "core/dns/knot.hpp"
#include "core/util/text.hpp"

extern "C" {
#include <libknot/tsig.h>

#include <libdnssec/binary.h>
#include <libdnssec/random.h>
#include <libdnssec/tsig.h>
}

#include <algorithm>
#include <array>
#include <vector>

namespace dnsctl::dns {
namespace {

constexpr std::array<std::string_view, 6> k_algorithms{
    "hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"};

} // namespace

bool valid_tsig_algorithm(std::string_view name) {
  return std::ranges::find(k_algorithms, name) != k_algorithms.end();
}

std::string tsig_algorithms_text() {
  std::string out;
  for (auto a : k_algorithms) {
    out += out.empty() ? "" : ", ";
    out += a;
  }
  return out;
}

Result<std::string>
hmac_base64(std::string_view algorithm, std::string_view secret, const uint8_t* data, size_t size) {
  auto alg = dnssec_tsig_algorithm_from_name(std::string(algorithm).c_str());
  if (alg == DNSSEC_TSIG_UNKNOWN) {
    return make_error(Errc::invalid_input, "unknown TSIG algorithm " + text::quote(algorithm));
  }
  std::string b64(secret);
  dnssec_binary_t text{b64.size(), reinterpret_cast<uint8_t*>(b64.data())};
  dnssec_binary_t key{0, nullptr};
  if (dnssec_binary_from_base64(&text, &key) != 0) {
    return make_error(Errc::invalid_input, "the secret is not base64");
  }
  dnssec_tsig_ctx_t* ctx = nullptr;
  int rc = dnssec_tsig_new(&ctx, alg, &key);
  dnssec_binary_free(&key);
  if (rc != 0) {
    return make_error(Errc::internal, "HMAC setup failed for " + std::string(algorithm));
  }
  std::vector<uint8_t> in(data, data + size);
  dnssec_binary_t message{in.size(), in.data()};
  dnssec_tsig_add(ctx, &message);
  std::vector<uint8_t> mac(dnssec_tsig_size(ctx));
  dnssec_tsig_write(ctx, mac.data());
  dnssec_tsig_free(ctx);
  dnssec_binary_t raw{mac.size(), mac.data()};
  dnssec_binary_t out{0, nullptr};
  if (dnssec_binary_to_base64(&raw, &out) != 0) {
    return make_error(Errc::internal, "base64 of the HMAC failed");
  }
  std::string encoded(reinterpret_cast<const char*>(out.data), out.size);
  dnssec_binary_free(&out);
  return encoded;
}

Result<std::string> generate_tsig_secret(std::string_view algorithm) {
  auto alg = dnssec_tsig_algorithm_from_name(std::string(algorithm).c_str());
  if (alg == DNSSEC_TSIG_UNKNOWN) {
    return make_error(Errc::invalid_input,
                      "unknown TSIG algorithm " + text::quote(algorithm) + " (expected "
                          + tsig_algorithms_text() + ")");
  }
  size_t size = dnssec_tsig_algorithm_size(alg);
  std::vector<uint8_t> raw(size);
  if (dnssec_random_buffer(raw.data(), raw.size()) != 0) {
    return make_error(Errc::internal, "no random bytes for a TSIG secret");
  }
  dnssec_binary_t bin{raw.size(), raw.data()};
  dnssec_binary_t b64{0, nullptr};
  if (dnssec_binary_to_base64(&bin, &b64) != 0) {
    return make_error(Errc::internal, "cannot encode the TSIG secret");
  }
  std::string out(reinterpret_cast<const char*>(b64.data), b64.size);
  dnssec_binary_free(&b64);
  return out;
}

Status check_tsig_key(std::string_view name, std::string_view algorithm, std::string_view secret) {
  if (!valid_tsig_algorithm(algorithm)) {
    return make_error(Errc::invalid_input,
                      "unknown TSIG algorithm " + text::quote(algorithm) + " (expected "
                          + tsig_algorithms_text() + ")");
  }
  knot_tsig_key_t key{};
  int rc = knot_tsig_key_init(
      &key, std::string(algorithm).c_str(), std::string(name).c_str(), std::string(secret).c_str());
  if (rc != KNOT_EOK) {
    return make_error(Errc::invalid_input,
                      "TSIG key " + text::quote(name) + ": " + std::string(knot_strerror(rc))
                          + " (the secret must be base64)");
  }
  knot_tsig_key_deinit(&key);
  return {};
}

} // namespace dnsctl::dns
