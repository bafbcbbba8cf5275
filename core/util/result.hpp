#pragma once
// Expected failures travel as values (STYLE.md "Errors"). The member names follow
// std::expected so the type can be swapped for it once the project moves to C++23.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace dnsctl {

// One short list of failure kinds; cli/ maps each to an exit code in one place.
enum class Errc {
  invalid_input, // bad file, record data, name, option: exit 2, nothing written
  not_found,     // the named thing does not exist: exit 2
  conflict,      // already exists, CNAME clash, pool still holds zones: exit 2
  busy,          // the store stayed locked past busy_timeout: exit 1
  io,            // file or socket failure: exit 1
  peer,          // a server answered with an error: exit 1
  timeout,       // a peer or child process did not answer in time: exit 1
  internal,      // a bug or a library failure we did not expect: exit 1
};

struct Error {
  Errc code = Errc::internal;
  std::string message;
  std::string where; // "pools.yaml:14:9", "zone example.com.", ... empty when obvious

  // "where: message", the form every error is printed in.
  std::string text() const { return where.empty() ? message : where + ": " + message; }
};

inline Error make_error(Errc code, std::string message, std::string where = {}) {
  return Error{code, std::move(message), std::move(where)};
}

template <class T>
class [[nodiscard]] Result {
public:
  Result(T value) // NOLINT(google-explicit-constructor): value or error
      : m_v(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) // NOLINT(google-explicit-constructor)
      : m_v(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const { return m_v.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(m_v);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(m_v);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(m_v));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!has_value());
    return std::get<1>(m_v);
  }

private:
  std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) // NOLINT(google-explicit-constructor)
      : m_error(std::move(error))
      , m_ok(false) {}

  bool has_value() const { return m_ok; }
  explicit operator bool() const { return m_ok; }
  const Error& error() const {
    assert(!m_ok);
    return m_error;
  }

private:
  Error m_error;
  bool m_ok = true;
};

using Status = Result<void>;

} // namespace dnsctl
