#pragma once
// BIND's control channel in-process: the protocol rndc speaks (lib/isccc in BIND 9),
// so sync sends addzone/delzone/showzone without a process per command. An rndc
// process costs about 12-40 ms of CPU (process start, config, key, threads); on
// loopback the command itself costs named about 3-8 ms, so the process was most of
// the time of an rndc sync (../shared/reference/provisioning.md).
//
// A message is a table of keys and values, framed by a 4-byte length and a 4-byte
// version (1). Its _auth entry carries an HMAC of everything after it; _ctrl holds a
// serial, the time, an expiry and the nonce the server gave in answer to a first
// "null" request on the connection; _data holds the command text as rndc joins its
// arguments. named keeps reading the connection after each answer, so one connection
// carries many commands.

#include "core/util/fd.hpp"
#include "core/util/result.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::backends::bind9 {

struct ControlKey {
  std::string name;
  std::string algorithm; // hmac-md5, hmac-sha1 ... hmac-sha512
  std::string secret;    // base64
};

// The first key clause of a BIND key file (rndc-confgen -a, tsig-keygen).
Result<ControlKey> parse_control_key(const std::string& text, const std::string& where);
Result<ControlKey> read_control_key(const std::string& path);

// A decoded message: the tables this protocol uses, flattened to "table.key" ->
// value ("_data.err", "_ctrl._nonce").
using Fields = std::map<std::string, std::string>;

// Wire form of one request (with its length prefix), signed with `key`.
Result<std::vector<uint8_t>> encode_request(const ControlKey& key, const Fields& fields);
// A reply's payload (after the length prefix); its signature is checked with `key`.
Result<Fields> decode_reply(const ControlKey& key, const std::vector<uint8_t>& payload);

// Error::kind of a connection named reset or broke (ECONNRESET, EPIPE): a busy named
// under load does this now and then; a new connection is the cure.
inline constexpr std::string_view k_connection_lost = "connection_lost";

struct ControlReply {
  bool ok = false;
  std::string err;  // BIND's result text when the command failed ("already exists")
  std::string text; // what the command printed
};

class ControlChannel {
public:
  ControlChannel(const ControlChannel&) = delete;
  ControlChannel& operator=(const ControlChannel&) = delete;
  ControlChannel(ControlChannel&&) = delete;
  ControlChannel& operator=(ControlChannel&&) = delete;
  ~ControlChannel();

  // Connects and asks for the connection's nonce.
  static Result<std::unique_ptr<ControlChannel>> open(const std::string& host,
                                                      uint16_t port,
                                                      const ControlKey& key,
                                                      std::chrono::milliseconds timeout);

  // One command ("addzone example.org { ... };"), as rndc would send it. An error is
  // a transport or protocol failure; a command BIND refused is a reply with ok false.
  Result<ControlReply> command(const std::string& text, std::chrono::milliseconds timeout);

private:
  ControlChannel(int fd, ControlKey key);
  Result<Fields> exchange(Fields request, std::chrono::milliseconds timeout);

  Fd m_fd;
  ControlKey m_key;
  std::string m_nonce;
  uint32_t m_serial = 0;
};

} // namespace dnsctl::backends::bind9
