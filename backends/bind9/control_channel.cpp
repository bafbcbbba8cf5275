#include "backends/bind9/control_channel.hpp"

#include "core/dns/tsig.hpp"
#include "core/util/fd.hpp"
#include "core/util/input_file.hpp"
#include "core/util/net.hpp"
#include "core/util/text.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <random>
#include <system_error>

namespace dnsctl::backends::bind9 {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint8_t k_binary = 0x01;  // ISCCC_CCMSGTYPE_BINARYDATA
constexpr uint8_t k_table = 0x02;   // ISCCC_CCMSGTYPE_TABLE
constexpr size_t k_md5_length = 22; // HMD5_LENGTH: base64 of 16 bytes, unpadded
constexpr size_t k_sha_length = 88; // HSHA_LENGTH: base64 field, zero-padded
constexpr uint32_t k_max_reply = 1U << 20;

// BIND's DST algorithm numbers, which the hsha value starts with.
struct Algorithm {
  const char* name;
  uint8_t dst;
};
constexpr std::array<Algorithm, 6> k_algorithms{{{"hmac-md5", 157},
                                                 {"hmac-sha1", 161},
                                                 {"hmac-sha224", 162},
                                                 {"hmac-sha256", 163},
                                                 {"hmac-sha384", 164},
                                                 {"hmac-sha512", 165}}};

const Algorithm* find_algorithm(const std::string& name) {
  for (const auto& a : k_algorithms) {
    if (name == a.name) {
      return &a;
    }
  }
  return nullptr;
}

void put32(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(static_cast<uint8_t>(v >> 24));
  out.push_back(static_cast<uint8_t>(v >> 16));
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

uint32_t get32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16)
         | (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

void put_key(std::vector<uint8_t>& out, const std::string& key) {
  out.push_back(static_cast<uint8_t>(key.size()));
  out.insert(out.end(), key.begin(), key.end());
}

void put_binary(std::vector<uint8_t>& out, const std::string& key, const std::string& value) {
  put_key(out, key);
  out.push_back(k_binary);
  put32(out, static_cast<uint32_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}

// The HMAC of `data` in the form BIND puts in _auth: base64 text, zero-padded to 88
// bytes after the algorithm byte (hsha), or its first 22 characters (hmd5).
Result<std::string> signature(const ControlKey& key, const uint8_t* data, size_t size) {
  const Algorithm* alg = find_algorithm(key.algorithm);
  if (alg == nullptr) {
    return make_error(Errc::invalid_input, "rndc key algorithm " + key.algorithm + " unknown");
  }
  auto b64 = dns::hmac_base64(key.algorithm, key.secret, data, size);
  if (!b64) {
    return make_error(b64.error().code, "rndc key " + key.name + ": " + b64.error().message);
  }
  std::string encoded = std::move(*b64);
  if (alg->dst == 157) {
    encoded.resize(k_md5_length);
    return encoded;
  }
  encoded.resize(k_sha_length, '\0');
  return std::string(1, static_cast<char>(alg->dst)) + encoded;
}

// One table's entries, flattened into `out` with `prefix`.
Status
decode_table(const uint8_t* p, size_t size, const std::string& prefix, Fields& out, int depth) {
  if (depth > 4) {
    return make_error(Errc::peer, "control channel reply nested too deep");
  }
  size_t at = 0;
  while (at < size) {
    size_t klen = p[at++];
    if (at + klen + 5 > size) {
      return make_error(Errc::peer, "control channel reply truncated");
    }
    std::string key(reinterpret_cast<const char*>(p + at), klen);
    at += klen;
    uint8_t type = p[at++];
    uint32_t len = get32(p + at);
    at += 4;
    if (len > size - at) {
      return make_error(Errc::peer, "control channel reply truncated");
    }
    if (type == k_table) {
      DNSCTL_TRY(decode_table(p + at, len, prefix + key + ".", out, depth + 1));
    } else if (type == k_binary || type == 0x00) {
      out[prefix + key] = std::string(reinterpret_cast<const char*>(p + at), len);
    }
    at += len;
  }
  return {};
}

// "connection refused", as rndc prints it (strerror capitalises).
std::string rndc_errno_text(int err) {
  return text::lower(errno_text(err));
}

// Waits for the socket; false when the deadline passed.
// A connection the server reset or broke: marked so the caller may try a new one.
Error lost(Error e, int err) {
  if (err == ECONNRESET || err == EPIPE) {
    e.kind = std::string(k_connection_lost);
  }
  return e;
}

bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) {
      return true;
    }
    if (n < 0 && errno != EINTR) {
      return false;
    }
  }
}

Status send_all(int fd, const std::vector<uint8_t>& data, Clock::time_point deadline) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd, POLLOUT, deadline)) {
        return make_error(Errc::timeout, "control channel: timed out sending");
      }
      continue;
    }
    return lost(make_error(Errc::peer, "control channel: send failed: " + rndc_errno_text(errno)),
                errno);
  }
  return {};
}

Status recv_exact(int fd, uint8_t* out, size_t size, Clock::time_point deadline) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::recv(fd, out + got, size - got, 0);
    if (n > 0) {
      got += static_cast<size_t>(n);
      continue;
    }
    if (n == 0) {
      return make_error(Errc::peer, "control channel: connection closed by the server");
    }
    if (errno == EAGAIN || errno == EINTR) {
      if (!wait_for(fd, POLLIN, deadline)) {
        return make_error(Errc::timeout, "control channel: timed out waiting for the answer");
      }
      continue;
    }
    return lost(
        make_error(Errc::peer, "control channel: receive failed: " + rndc_errno_text(errno)),
        errno);
  }
  return {};
}

std::string unquote_value(std::string_view text, std::string_view word) {
  auto at = text.find(word);
  if (at == std::string_view::npos) {
    return "";
  }
  at += word.size();
  auto end = text.find(';', at);
  std::string v(
      text::trim(std::string(text.substr(at, end == std::string_view::npos ? end : end - at))));
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    v = v.substr(1, v.size() - 2);
  }
  return v;
}

} // namespace

Result<ControlKey> parse_control_key(const std::string& text, const std::string& where) {
  auto at = text.find("key");
  auto open = at == std::string::npos ? at : text.find('{', at);
  auto close = open == std::string::npos ? open : text.find("};", open);
  if (close == std::string::npos) {
    return make_error(Errc::invalid_input, where + ": no key { ... }; clause");
  }
  ControlKey k;
  k.name = unquote_value(std::string_view(text).substr(at, open - at), "key");
  std::string body = text.substr(open + 1, close - open - 1);
  k.algorithm = text::lower(unquote_value(body, "algorithm"));
  k.secret = unquote_value(body, "secret");
  if (k.name.empty() || k.secret.empty() || find_algorithm(k.algorithm) == nullptr) {
    return make_error(Errc::invalid_input,
                      where + ": a key clause needs a name, a known algorithm and a secret");
  }
  return k;
}

Result<ControlKey> read_control_key(const std::string& path) {
  util::InputLimits limits;
  limits.max_bytes = size_t{64} << 10;
  DNSCTL_TRY_ASSIGN(auto text, util::read_input_file(path, limits));
  return parse_control_key(text, path);
}

Result<std::vector<uint8_t>> encode_request(const ControlKey& key, const Fields& fields) {
  const Algorithm* alg = find_algorithm(key.algorithm);
  if (alg == nullptr) {
    return make_error(Errc::invalid_input, "rndc key algorithm " + key.algorithm + " unknown");
  }
  bool md5 = alg->dst == 157;
  size_t auth_value = md5 ? k_md5_length : k_sha_length + 1;
  std::vector<uint8_t> out;
  put32(out, 0); // the length, set at the end
  put32(out, 1); // the version
  // _auth { hsha|hmd5: <signature> }, zeroed until the rest is known.
  put_key(out, "_auth");
  out.push_back(k_table);
  put32(out, static_cast<uint32_t>(1 + 4 + 1 + 4 + auth_value));
  put_key(out, md5 ? "hmd5" : "hsha");
  out.push_back(k_binary);
  put32(out, static_cast<uint32_t>(auth_value));
  size_t sig_at = out.size();
  out.resize(out.size() + auth_value, 0);
  size_t signed_at = out.size();
  for (const char* table : {"_ctrl", "_data"}) {
    std::vector<uint8_t> body;
    std::string prefix = std::string(table) + ".";
    for (const auto& [k, v] : fields) {
      if (k.rfind(prefix, 0) == 0) {
        put_binary(body, k.substr(prefix.size()), v);
      }
    }
    put_key(out, table);
    out.push_back(k_table);
    put32(out, static_cast<uint32_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
  }
  DNSCTL_TRY_ASSIGN(auto sig, signature(key, out.data() + signed_at, out.size() - signed_at));
  std::memcpy(out.data() + sig_at, sig.data(), sig.size());
  auto length = static_cast<uint32_t>(out.size() - 4);
  std::vector<uint8_t> prefix;
  put32(prefix, length);
  std::copy(prefix.begin(), prefix.end(), out.begin());
  return out;
}

Result<Fields> decode_reply(const ControlKey& key, const std::vector<uint8_t>& payload) {
  if (payload.size() < 4 || get32(payload.data()) != 1) {
    return make_error(Errc::peer, "control channel: not a version 1 message");
  }
  const uint8_t* p = payload.data() + 4;
  size_t size = payload.size() - 4;
  Fields fields;
  DNSCTL_TRY(decode_table(p, size, "", fields, 0));
  // The signature covers everything after the _auth entry, which comes first.
  if (size < 6 || p[0] != 5 || std::memcmp(p + 1, "_auth", 5) != 0) {
    return make_error(Errc::peer, "control channel: the answer is not signed");
  }
  size_t auth_len = get32(p + 7);
  size_t signed_at = 1 + 5 + 1 + 4 + auth_len;
  if (signed_at > size) {
    return make_error(Errc::peer, "control channel reply truncated");
  }
  DNSCTL_TRY_ASSIGN(auto want, signature(key, p + signed_at, size - signed_at));
  auto got = fields.find(find_algorithm(key.algorithm)->dst == 157 ? "_auth.hmd5" : "_auth.hsha");
  if (got == fields.end() || got->second != want) {
    return make_error(Errc::peer, "control channel: the answer's signature does not verify");
  }
  return fields;
}

ControlChannel::ControlChannel(int fd, ControlKey key)
    : m_fd(fd)
    , m_key(std::move(key))
    , m_serial(std::random_device{}()) {}

ControlChannel::~ControlChannel() = default;

Result<std::unique_ptr<ControlChannel>> ControlChannel::open(const std::string& host,
                                                             uint16_t port,
                                                             const ControlKey& key,
                                                             std::chrono::milliseconds timeout) {
  auto addr = net::SockAddr::parse(host, port);
  if (!addr) {
    return make_error(Errc::invalid_input, "control channel: " + host + " is not an IP address");
  }
  int fd = ::socket(addr->family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return make_error(Errc::io, "socket: " + rndc_errno_text(errno));
  }
  std::unique_ptr<ControlChannel> c(new ControlChannel(fd, key));
  auto deadline = Clock::now() + timeout;
  std::string where = host + "#" + std::to_string(port);
  // Failures read as rndc's do, so an operator's searches and our tests find them.
  if (::connect(fd, addr->get(), addr->len) != 0) {
    if (errno != EINPROGRESS) {
      return make_error(Errc::peer, "connect failed: " + where + ": " + rndc_errno_text(errno));
    }
    if (!wait_for(fd, POLLOUT, deadline)) {
      return make_error(Errc::timeout, "connect failed: " + where + ": timed out");
    }
    int err = 0;
    socklen_t len = sizeof(err);
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      return make_error(Errc::peer, "connect failed: " + where + ": " + rndc_errno_text(err));
    }
  }
  auto reply = c->exchange({{"_data.type", "null"}}, timeout);
  if (!reply && reply.error().message.find("closed by the server") != std::string::npos) {
    // named drops a request it cannot verify without a word.
    return make_error(Errc::peer,
                      "connection to remote host closed: named at " + where
                          + " dropped the request (is rndc_key_file the key of its controls "
                            "statement, and is this address allowed there?)");
  }
  if (!reply) {
    return reply.error();
  }
  auto nonce = reply->find("_ctrl._nonce");
  if (nonce == reply->end()) {
    return make_error(Errc::peer, "control channel " + where + ": no nonce in the answer");
  }
  c->m_nonce = nonce->second;
  return c;
}

Result<Fields> ControlChannel::exchange(Fields request, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  auto now = static_cast<uint32_t>(std::time(nullptr));
  request["_ctrl._ser"] = std::to_string(++m_serial);
  request["_ctrl._tim"] = std::to_string(now);
  request["_ctrl._exp"] = std::to_string(now + 60);
  if (!m_nonce.empty()) {
    request["_ctrl._nonce"] = m_nonce;
  }
  DNSCTL_TRY_ASSIGN(auto wire, encode_request(m_key, request));
  DNSCTL_TRY(send_all(m_fd.get(), wire, deadline));
  std::array<uint8_t, 4> len{};
  DNSCTL_TRY(recv_exact(m_fd.get(), len.data(), len.size(), deadline));
  uint32_t size = get32(len.data());
  if (size > k_max_reply) {
    return make_error(Errc::peer,
                      "control channel: an answer of " + std::to_string(size) + " bytes");
  }
  std::vector<uint8_t> payload(size);
  DNSCTL_TRY(recv_exact(m_fd.get(), payload.data(), payload.size(), deadline));
  return decode_reply(m_key, payload);
}

Result<ControlReply> ControlChannel::command(const std::string& text,
                                             std::chrono::milliseconds timeout) {
  DNSCTL_TRY_ASSIGN(auto fields, exchange({{"_data.type", text}}, timeout));
  ControlReply r;
  auto err = fields.find("_data.err");
  auto result = fields.find("_data.result");
  auto said = fields.find("_data.text");
  r.ok = err == fields.end() && (result == fields.end() || result->second == "0");
  if (err != fields.end()) {
    r.err = err->second;
  }
  if (said != fields.end()) {
    r.text = said->second;
  }
  return r;
}

} // namespace dnsctl::backends::bind9
