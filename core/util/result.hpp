#pragma once
// Expected failures travel as values (STYLE.md "Errors"). The member names follow
// std::expected so the type can be swapped for it once the project moves to C++23.

#include <cassert>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace dnsctl {

// One short list of failure kinds; cli/ maps each to an exit code in one place.
enum class Errc {
  invalid_input, // bad file, record data, name, option: exit 2, nothing written
  not_found,     // the named thing does not exist: exit 2
  conflict,      // already exists, CNAME clash, pool still holds zones: exit 2
  forbidden,     // not the caller's to do (a zone inside another project's): exit 2
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
  // A name for the reason, for front ends that answer with one (the v2 API's error
  // types: illegal_child, invalid_ttl); empty: the code says enough.
  std::string kind;

  // "where: message", the form every error is printed in.
  std::string text() const { return where.empty() ? message : where + ": " + message; }
};

inline Error make_error(Errc code, std::string message, std::string where = {}) {
  return Error{code, std::move(message), std::move(where), {}};
}

// value() of a Result that holds an error: a bug, reported with the error it hid
// (assert alone let a release build die in std::get with "wrong index for variant").
class BadResultAccess : public std::logic_error {
public:
  explicit BadResultAccess(const Error& e)
      : std::logic_error("value of a failed result: " + e.text()) {}
};

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
    check();
    return std::get<0>(m_v);
  }
  const T& value() const& {
    check();
    return std::get<0>(m_v);
  }
  T&& value() && {
    check();
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
  void check() const {
    if (!has_value()) {
      throw BadResultAccess(std::get<1>(m_v));
    }
  }

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

// Early return on failure, as ccache's TRY: the enclosing function returns the error
// of a failed Result or Status (its return type must accept an Error).
// A function cannot return for its caller, hence macros; `tmp` and `decl` are names
// and a declaration, which parentheses would break.
// NOLINTBEGIN(cppcoreguidelines-macro-usage, bugprone-macro-parentheses)
#define DNSCTL_TRY_CONCAT_(a, b) a##b
#define DNSCTL_TRY_CONCAT(a, b) DNSCTL_TRY_CONCAT_(a, b)
// __COUNTER__: one name per use, so a TRY inside a lambda inside a TRY shadows nothing.
#define DNSCTL_TRY(expr) DNSCTL_TRY_(DNSCTL_TRY_CONCAT(dnsctl_try_, __COUNTER__), expr)
#define DNSCTL_TRY_(tmp, expr)                                                                     \
  do {                                                                                             \
    if (auto&& tmp = (expr); !tmp) {                                                               \
      return tmp.error();                                                                          \
    }                                                                                              \
  } while (false)
// DNSCTL_TRY_ASSIGN(auto zone, find_zone(s, name)); declares `zone` from the value, or
// returns the error.
#define DNSCTL_TRY_ASSIGN(decl, expr)                                                              \
  DNSCTL_TRY_ASSIGN_(DNSCTL_TRY_CONCAT(dnsctl_try_, __COUNTER__), decl, expr)
#define DNSCTL_TRY_ASSIGN_(tmp, decl, expr)                                                        \
  auto tmp = (expr);                                                                               \
  if (!tmp) {                                                                                      \
    return tmp.error();                                                                            \
  }                                                                                                \
  decl = std::move(*tmp)
// NOLINTEND(cppcoreguidelines-macro-usage, bugprone-macro-parentheses)
