// BIND's control channel codec: what named checks (the framing, the _auth entry
// first, the HMAC over everything after it) and the key files rndc reads. The real
// named answers it in tests/integration/sync_test.cpp.
#include "backends/bind9/control_channel.hpp"

#include <gtest/gtest.h>

using namespace dnsctl::backends::bind9;

namespace {

ControlKey key(const std::string& algorithm) {
  auto k =
      parse_control_key("key \"rndc-key\" {\n\talgorithm " + algorithm
                            + ";\n\tsecret \"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=\";\n};\n",
                        "rndc.key");
  EXPECT_TRUE(k) << k.error().message;
  return k ? *k : ControlKey{};
}

std::vector<uint8_t> payload(const std::vector<uint8_t>& wire) {
  return {wire.begin() + 4, wire.end()};
}

} // namespace

TEST(ControlKey, ReadsWhatRndcConfgenAndTsigKeygenWrite) {
  auto k = key("hmac-sha256");
  EXPECT_EQ(k.name, "rndc-key");
  EXPECT_EQ(k.algorithm, "hmac-sha256");
  EXPECT_EQ(k.secret, "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=");
  EXPECT_EQ(key("HMAC-MD5").algorithm, "hmac-md5");
  for (const char* bad : {"",
                          "key \"k\" { algorithm hmac-sha256; };",
                          "key \"k\" { algorithm rot13; secret \"AAAA\"; };",
                          "options { };"}) {
    auto r = parse_control_key(bad, "f.key");
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().message.rfind("f.key: ", 0), 0u) << r.error().message;
    }
  }
}

TEST(ControlChannelCodec, ASignedRequestIsFramedAndVerifies) {
  for (const char* alg : {"hmac-md5", "hmac-sha1", "hmac-sha256", "hmac-sha512"}) {
    SCOPED_TRACE(alg);
    auto k = key(alg);
    Fields f{{"_ctrl._ser", "7"}, {"_ctrl._tim", "1795846095"}, {"_data.type", "addzone x { };"}};
    auto wire = encode_request(k, f);
    ASSERT_TRUE(wire) << wire.error().message;
    // 4 bytes of length, then version 1 and the _auth table first.
    uint32_t length = (uint32_t{(*wire)[0]} << 24) | (uint32_t{(*wire)[1]} << 16)
                      | (uint32_t{(*wire)[2]} << 8) | (*wire)[3];
    EXPECT_EQ(length, wire->size() - 4);
    EXPECT_EQ((*wire)[7], 1);
    EXPECT_EQ(std::string(wire->begin() + 9, wire->begin() + 14), "_auth");
    auto back = decode_reply(k, payload(*wire));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->at("_data.type"), "addzone x { };");
    EXPECT_EQ(back->at("_ctrl._ser"), "7");
    bool md5 = std::string(alg) == "hmac-md5";
    EXPECT_EQ(back->count(md5 ? "_auth.hmd5" : "_auth.hsha"), 1u);
    // hsha: the algorithm's DST number, then 88 bytes of base64, zero-padded.
    if (!md5) {
      EXPECT_EQ(back->at("_auth.hsha").size(), 89u);
    } else {
      EXPECT_EQ(back->at("_auth.hmd5").size(), 22u);
    }
  }
}

TEST(ControlChannelCodec, ATamperedOrForeignAnswerIsRefused) {
  auto k = key("hmac-sha256");
  auto wire = encode_request(k, {{"_data.type", "status"}});
  ASSERT_TRUE(wire);
  auto p = payload(*wire);
  p.back() ^= 1; // the last byte of the command text
  auto tampered = decode_reply(k, p);
  ASSERT_FALSE(tampered);
  EXPECT_NE(tampered.error().message.find("does not verify"), std::string::npos);
  auto other = key("hmac-sha256");
  other.secret = "b3RoZXJvdGhlcm90aGVyb3RoZXJvdGhlcm90aGVyMTI=";
  EXPECT_FALSE(decode_reply(other, payload(*wire)));
  // Truncated, or not version 1.
  auto shortened = payload(*wire);
  shortened.resize(shortened.size() - 10);
  EXPECT_FALSE(decode_reply(k, shortened));
  auto v2 = payload(*wire);
  v2[3] = 2;
  EXPECT_FALSE(decode_reply(k, v2));
}
