#pragma once
// SIGTERM and SIGINT for a daemon whose loop checks a flag between units of work (the
// sink between batches, sync --watch between runs): the signals are blocked in every
// thread and taken by one that sets the flag.

#include "core/util/log.hpp"

#include <pthread.h>

#include <atomic>
#include <csignal>
#include <string>
#include <thread>

namespace dnsctl::cli {

class StopSignal {
public:
  // `message` is logged when a signal arrives.
  explicit StopSignal(std::string message)
      : m_message(std::move(message)) {
    sigemptyset(&m_set);
    sigaddset(&m_set, SIGINT);
    sigaddset(&m_set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &m_set, nullptr);
    m_waiter = std::thread([this]() {
      // Polls, so it also ends when the loop ends by itself (an error).
      timespec tick{0, 100'000'000};
      while (!m_done) {
        if (sigtimedwait(&m_set, nullptr, &tick) > 0) {
          log::info(m_message);
          m_stop = true;
          return;
        }
      }
    });
  }
  ~StopSignal() {
    m_done = true;
    m_waiter.join();
  }
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;
  StopSignal(StopSignal&&) = delete;
  StopSignal& operator=(StopSignal&&) = delete;

  const std::atomic<bool>& flag() const { return m_stop; }
  bool stopped() const { return m_stop; }

private:
  std::string m_message;
  sigset_t m_set{};
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_done{false};
  std::thread m_waiter;
};

} // namespace dnsctl::cli
