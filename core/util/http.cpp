#include "core/util/http.hpp"

#include "core/util/text.hpp"

#include <curl/curl.h>

#include <mutex>

namespace dnsctl::http {

struct Client::Impl {
  Options options;
  CURL* curl = nullptr;
};

namespace {

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t header_line(char* data, size_t size, size_t n, void* out) {
  std::string_view line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(out);
    headers[text::lower(line.substr(0, colon))] = text::trim(line.substr(colon + 1));
  }
  return size * n;
}

} // namespace

std::string library_version() {
  const curl_version_info_data* v = curl_version_info(CURLVERSION_NOW);
  return v != nullptr && v->version != nullptr ? v->version : "?";
}

Client::Client(Options options)
    : m_impl(std::make_unique<Impl>()) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  m_impl->options = std::move(options);
  m_impl->curl = curl_easy_init();
}

Client::~Client() {
  if (m_impl->curl != nullptr) {
    curl_easy_cleanup(m_impl->curl);
  }
}

Reply Client::request(const std::string& method,
                      const std::string& url,
                      const std::string& body,
                      std::chrono::milliseconds timeout,
                      const std::vector<std::string>& headers) {
  Reply r;
  CURL* c = m_impl->curl;
  if (c == nullptr) {
    r.error = "libcurl could not start";
    return r;
  }
  curl_slist* list = nullptr;
  for (const auto& h : m_impl->options.headers) {
    list = curl_slist_append(list, h.c_str());
  }
  for (const auto& h : headers) {
    list = curl_slist_append(list, h.c_str());
  }
  // The same handle for every request: libcurl keeps the connection alive.
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_line);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  if (!m_impl->options.ca_cert.empty()) {
    curl_easy_setopt(c, CURLOPT_CAINFO, m_impl->options.ca_cert.c_str());
  }
  if (method == "GET" || method == "DELETE") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L); // no body left from an earlier request
  } else {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    r.error = curl_easy_strerror(rc);
    return r;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

} // namespace dnsctl::http
