#pragma once
// An HTTP client for the JSON APIs dnsctl calls (PowerDNS's, Keystone's) and for the
// tests that call ours: one libcurl easy handle, kept alive between requests to the
// same server. Not for sharing between threads: one Client per thread or per call.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dnsctl::http {

struct Reply {
  long status = 0; // 0: no HTTP answer (then `error` says why)
  std::string body;
  std::string error;
  std::map<std::string, std::string> headers; // lower-case names
};

struct Options {
  std::vector<std::string> headers; // "Name: value", sent with every request
  std::string ca_cert;              // CA file for https; "": the system's
};

// libcurl's version, for --version.
std::string library_version();

class Client {
public:
  explicit Client(Options options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  Client(Client&&) = delete;
  Client& operator=(Client&&) = delete;

  // GET and DELETE send no body; any other method sends `body` (perhaps empty, with
  // Content-Length 0). `headers` go after the client's own.
  Reply request(const std::string& method,
                const std::string& url,
                const std::string& body,
                std::chrono::milliseconds timeout,
                const std::vector<std::string>& headers = {});

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace dnsctl::http
