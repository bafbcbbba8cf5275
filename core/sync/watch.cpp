#include "core/sync/watch.hpp"

#include "core/mdns/server.hpp"
#include "core/store/store.hpp"
#include "core/store/watch.hpp"
#include "core/util/log.hpp"

#include <algorithm>

namespace dnsctl::sync {

Status watch(store::Store& store,
             const std::string& store_path,
             const model::Settings& settings,
             const PassRequest& request,
             const WatchOptions& options,
             const std::atomic<bool>& stop) {
  // The transfers are served for the daemon's whole life, not pass by pass.
  std::unique_ptr<mdns::Server> server;
  PassRequest each = request;
  if (!request.serve.empty()) {
    DNSCTL_TRY_ASSIGN(server, serve_transfers(store_path, settings, request.serve));
    each.serve.clear();
  }
  DNSCTL_TRY_ASSIGN(auto feed, store.watch());
  using Clock = std::chrono::steady_clock;
  auto next_verify = options.verify_every.count() > 0 ? Clock::now() : Clock::time_point::max();
  log::info("sync: watching " + store_path);
  while (!stop) {
    each.verify = request.verify || Clock::now() >= next_verify;
    if (Clock::now() >= next_verify) {
      next_verify = Clock::now() + options.verify_every;
    }
    auto result = pass(store, store_path, settings, each);
    if (options.on_pass) {
      options.on_pass(result);
    }
    auto retry_at =
        result && result->ok() ? Clock::time_point::max() : Clock::now() + options.retry;
    // Until another process commits, a retry or a verify is due, or a signal.
    while (!stop) {
      auto now = Clock::now();
      if (now >= retry_at || now >= next_verify) {
        break;
      }
      auto until = std::min(retry_at, next_verify);
      auto wait = std::min<std::chrono::milliseconds>(
          std::chrono::duration_cast<std::chrono::milliseconds>(until - now),
          std::chrono::milliseconds(250));
      try {
        if (feed.wait(wait)) {
          break;
        }
      } catch (const std::exception& e) {
        log::error(std::string("sync: store: ") + e.what());
        break; // the pass reports what is wrong, and is retried
      }
    }
  }
  if (server) {
    server->stop();
  }
  return {};
}

} // namespace dnsctl::sync
