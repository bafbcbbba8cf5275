#pragma once
// A domain name: always absolute, stored in lower-case wire form, so that equality is
// DNS equality (case-insensitive). Text is for display only.

#include "core/util/result.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsctl::dns {

// The longest a name is in wire form (RFC 1035 §2.3.4).
inline constexpr size_t k_max_name_wire = 255;

class Name {
public:
  Name(); // the root

  // Presentation form (escapes per RFC 1035 §5.1). A name without the trailing dot is
  // relative: it is appended to `origin` when given, else made absolute. "@" is the
  // origin itself. Errors name the offending label and the limit (63 / 255).
  static Result<Name> parse(std::string_view text, const Name* origin = nullptr);
  // From uncompressed wire form; the caller has checked it (knot_dname_wire_check).
  static Name from_wire(const uint8_t* wire, size_t size);
  // From a canonical sort key (see sort_key()).
  static Name from_sort_key(const uint8_t* key, size_t size);
  // The wire form of the name a sort key stands for, written to `out` (room for
  // k_max_name_wire bytes): its length, or 0 when the key is not a valid name.
  // Transfers turn a million keys into names; this allocates nothing.
  static size_t wire_from_sort_key(const uint8_t* key, size_t size, std::span<uint8_t> out);

  std::string to_text() const; // absolute, with the trailing dot

  // The presentation form of the name a sort key stands for, appended to `out`
  // without building a Name (bulk paths print a million of them).
  static void append_text_from_sort_key(const uint8_t* key, size_t size, std::string& out);
  // The sort key of an uncompressed wire name, lower-cased, appended to `out`.
  static void append_sort_key(const uint8_t* wire, std::vector<uint8_t>& out);
  // Relative to `origin` for display in a zone: "@" for the origin, "www" below it,
  // the absolute text for names outside it.
  std::string relative_to(const Name& origin) const;

  const uint8_t* wire() const { return m_wire.data(); }
  size_t size() const { return m_wire.size(); }
  size_t label_count() const;
  bool is_root() const { return m_wire.size() == 1; }
  bool is_wildcard() const { return m_wire.size() > 2 && m_wire[0] == 1 && m_wire[1] == '*'; }

  // True when this name equals `parent` or lies below it.
  bool is_within(const Name& parent) const;
  Name parent() const; // one label less; the root's parent is the root

  // A byte string whose memcmp order is the canonical DNS order of RFC 4034 §6.1
  // (labels from the root down, each compared as lower-case octets), so a SQL index
  // on it yields RRsets in canonical order. Each label ends with a 0 byte; octets 0
  // and 1 inside a label are written as 01 01 and 01 02, so any octet is kept and the
  // key reads back to exactly one name (schema 4; see store/schema/0004).
  std::vector<uint8_t> sort_key() const;

  bool operator==(const Name& other) const { return m_wire == other.m_wire; }
  bool operator!=(const Name& other) const { return !(*this == other); }
  bool operator<(const Name& other) const { return sort_key() < other.sort_key(); }

private:
  std::vector<uint8_t> m_wire;
};

// Rules for names that reach command lines and server configs (zone names, server
// host names): letters, digits, '-' and '_' only, no label starting or ending with
// '-', at least `min_labels` labels. This is what keeps quotes, braces, semicolons
// and whitespace out of rndc arguments.
Status check_host_name(const Name& name, size_t min_labels = 1);

// SOA RNAME from an e-mail address: "first.last@example.com" -> first\.last.example.com.
Result<Name> email_to_rname(std::string_view email);

// The other way: hostmaster.example.com. -> hostmaster@example.com (an escaped dot in
// the first label is a dot of the local part).
std::string rname_to_email(const Name& rname);

} // namespace dnsctl::dns
