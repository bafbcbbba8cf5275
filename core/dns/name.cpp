#include "core/dns/name.hpp"

#include "core/dns/knot.hpp"
#include "core/util/text.hpp"

#include <array>
#include <cstring>

namespace dnsctl::dns {

Name::Name()
    : m_wire{0} {}

Result<Name> Name::parse(std::string_view text, const Name* origin) {
  if (text.empty()) {
    return make_error(Errc::invalid_input, "empty name");
  }
  if (text == "@") {
    if (origin == nullptr) {
      return make_error(Errc::invalid_input, "\"@\" needs a zone to stand for");
    }
    return *origin;
  }
  if (text.size() > 1024) {
    return make_error(Errc::invalid_input, "name longer than 255 octets");
  }
  for (char c : text) {
    if (c == '\0' || c == '\n' || c == '\r') {
      return make_error(Errc::invalid_input, "control character in name");
    }
  }

  // Check label lengths ourselves first: libknot only says "invalid".
  size_t label = 0;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (escaped) {
      escaped = false;
      if (c >= '0' && c <= '9') {
        i += 2; // \DDD
      }
      ++label;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '.') {
      if (label == 0 && !(i == 0 && text.size() == 1)) {
        return make_error(Errc::invalid_input, "empty label in " + text::quote(text));
      }
      label = 0;
      continue;
    } else {
      ++label;
    }
    if (label > 63) {
      return make_error(Errc::invalid_input,
                        "label longer than 63 octets in " + text::quote(text.substr(0, 80)));
    }
  }

  // Absolute when the last character is a dot that is not itself escaped.
  size_t backslashes = 0;
  for (size_t i = text.size() - 1; i > 0 && text[i - 1] == '\\'; --i) {
    ++backslashes;
  }
  bool relative = text.back() != '.' || backslashes % 2 == 1;
  std::string buf(text);
  if (relative && origin != nullptr && !origin->is_root()) {
    buf += '.';
    buf += origin->to_text();
  }
  std::array<uint8_t, KNOT_DNAME_MAXLEN> wire{};
  if (knot_dname_from_str(wire.data(), buf.c_str(), wire.size()) == nullptr) {
    if (buf.size() > 255) {
      return make_error(Errc::invalid_input, "name longer than 255 octets");
    }
    return make_error(Errc::invalid_input, "invalid name " + text::quote(text));
  }
  knot_dname_to_lower(wire.data());
  Name n;
  n.m_wire.assign(wire.data(), wire.data() + knot_dname_size(wire.data()));
  return n;
}

Name Name::from_wire(const uint8_t* wire, size_t size) {
  Name n;
  n.m_wire.assign(wire, wire + size);
  knot_dname_to_lower(n.m_wire.data());
  return n;
}

namespace {

// The sort key's alphabet: 0 ends a label, so a label's own octets 0 and 1 are
// written as the pairs 01 01 and 01 02 and every other octet as itself. The order of
// the keys stays the canonical order (the pairs sort between "label ends" and octet
// 2, in octet order), and a key reads back to exactly one name (RFC 2181 §11: a
// label may hold any octet).
constexpr uint8_t k_key_end = 0;
constexpr uint8_t k_key_escape = 1;

void append_key_label(const uint8_t* label, std::vector<uint8_t>& out) {
  for (size_t i = 1; i <= *label; ++i) {
    uint8_t c = label[i];
    c = c >= 'A' && c <= 'Z' ? static_cast<uint8_t>(c - 'A' + 'a') : c;
    if (c <= k_key_escape) {
      out.push_back(k_key_escape);
      out.push_back(static_cast<uint8_t>(c + 1));
    } else {
      out.push_back(c);
    }
  }
  out.push_back(k_key_end);
}

} // namespace

std::vector<uint8_t> Name::sort_key() const {
  std::vector<uint8_t> key;
  key.reserve(m_wire.size());
  append_sort_key(m_wire.data(), key);
  return key;
}

void Name::append_sort_key(const uint8_t* wire, std::vector<uint8_t>& out) {
  // Labels from the root down: a parent sorts before its children.
  std::array<const uint8_t*, 128> labels{};
  size_t n = 0;
  for (const uint8_t* p = wire; *p != 0 && n < labels.size(); p += *p + 1) {
    labels[n++] = p;
  }
  while (n > 0) {
    append_key_label(labels[--n], out);
  }
}

static_assert(k_max_name_wire == KNOT_DNAME_MAXLEN);

namespace {

// A key with no escaped octet (nearly every name: only octets 0 and 1 are escaped) is
// the wire form's labels in reverse, each ended by a 0 instead of led by its length:
// the wire form is one octet longer. One pass finds the label ends (and gives up on
// an escape), then each label is one memcpy. An AXFR converts every owner, so this is
// most of its name work. Returns 0 for a key to decode the long way.
size_t plain_wire_from_sort_key(const uint8_t* key, size_t size, std::span<uint8_t> out) {
  size_t wire = size + 1;
  if (wire > out.size() || wire > KNOT_DNAME_MAXLEN) {
    return 0;
  }
  std::array<uint8_t, 128> ends; // NOLINT(cppcoreguidelines-pro-type-member-init): filled below
  size_t n = 0;
  for (size_t at = 0; at < size; ++at) {
    uint8_t c = key[at];
    if (c <= k_key_escape) {
      if (c == k_key_escape || n == ends.size()) {
        return 0;
      }
      ends[n++] = static_cast<uint8_t>(at);
    }
  }
  if (size > 0 && (n == 0 || ends[n - 1] != size - 1)) {
    return 0; // a key that does not end a label
  }
  size_t end = wire - 1; // the root label
  out[end] = 0;
  size_t from = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t len = ends[i] - from;
    if (len == 0 || len > KNOT_DNAME_MAXLABELLEN) {
      return 0;
    }
    end -= len + 1;
    out[end] = static_cast<uint8_t>(len);
    std::memcpy(out.data() + end + 1, key + from, len);
    from = ends[i] + 1;
  }
  return wire;
}

} // namespace

size_t Name::wire_from_sort_key(const uint8_t* key, size_t size, std::span<uint8_t> out) {
  if (size_t n = plain_wire_from_sort_key(key, size, out); n > 0) {
    return n;
  }
  // Pass 1: where each label starts in the key and how long it is decoded (labels
  // root first). Pass 2: each label decoded into its place in the wire form, which
  // holds them leaf first.
  std::array<uint16_t, 128> start{};
  std::array<uint8_t, 128> len{};
  size_t n = 0;
  size_t wire = 1;
  size_t at = 0;
  size_t here = 0;
  size_t octets = 0;
  while (at < size) {
    uint8_t c = key[at];
    if (c == k_key_end) {
      if (octets == 0 || octets > KNOT_DNAME_MAXLABELLEN || n == start.size()) {
        return 0;
      }
      start[n] = static_cast<uint16_t>(here);
      len[n++] = static_cast<uint8_t>(octets);
      wire += octets + 1;
      octets = 0;
      here = ++at;
      continue;
    }
    if (c == k_key_escape) {
      if (at + 1 >= size || key[at + 1] < 1 || key[at + 1] > 2) {
        return 0;
      }
      ++at;
    }
    ++at;
    ++octets;
  }
  if (here != size || wire > out.size() || wire > KNOT_DNAME_MAXLEN) {
    return 0; // a key that does not end a label, or a name too long
  }
  size_t end = wire - 1; // the root label
  out[end] = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t pos = end - len[i] - 1;
    out[pos] = len[i];
    const uint8_t* k = key + start[i];
    for (size_t j = 1; j <= len[i]; ++j) {
      uint8_t c = *k++;
      if (c == k_key_escape) {
        c = static_cast<uint8_t>(*k++ - 1);
      }
      out[pos + j] = c;
    }
    end = pos;
  }
  return wire;
}

void Name::append_text_from_sort_key(const uint8_t* key, size_t size, std::string& out) {
  std::array<uint8_t, KNOT_DNAME_MAXLEN> wire; // NOLINT(cppcoreguidelines-pro-type-member-init)
  if (wire_from_sort_key(key, size, wire) == 0) {
    return;
  }
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init): written before it is read
  std::array<char, KNOT_DNAME_TXT_MAXLEN + 1> text;
  if (knot_dname_to_str(text.data(), wire.data(), text.size()) != nullptr) {
    out += text.data();
  }
}

Name Name::from_sort_key(const uint8_t* key, size_t size) {
  std::array<uint8_t, KNOT_DNAME_MAXLEN> wire; // NOLINT(cppcoreguidelines-pro-type-member-init)
  size_t n = wire_from_sort_key(key, size, wire);
  Name name;
  if (n > 0) {
    name.m_wire.assign(wire.begin(), wire.begin() + static_cast<ptrdiff_t>(n));
  }
  return name;
}

std::string Name::to_text() const {
  std::array<char, KNOT_DNAME_TXT_MAXLEN + 1> buf{};
  if (knot_dname_to_str(buf.data(), m_wire.data(), buf.size()) == nullptr) {
    return "?";
  }
  return buf.data();
}

std::string Name::relative_to(const Name& origin) const {
  if (*this == origin) {
    return "@";
  }
  if (!is_within(origin)) {
    return to_text();
  }
  std::string full = to_text();
  std::string suffix = origin.to_text();
  if (origin.is_root()) {
    return full.substr(0, full.size() - 1);
  }
  return full.substr(0, full.size() - suffix.size() - 1);
}

size_t Name::label_count() const {
  return knot_dname_labels(m_wire.data(), nullptr);
}

bool Name::is_within(const Name& parent) const {
  return knot_dname_in_bailiwick(m_wire.data(), parent.m_wire.data()) >= 0;
}

Name Name::parent() const {
  if (is_root()) {
    return *this;
  }
  return from_wire(m_wire.data() + m_wire[0] + 1, m_wire.size() - m_wire[0] - 1);
}

Status check_host_name(const Name& name, size_t min_labels) {
  if (name.label_count() < min_labels) {
    return make_error(Errc::invalid_input,
                      "needs at least " + std::to_string(min_labels) + " labels");
  }
  for (const uint8_t* p = name.wire(); *p != 0; p += *p + 1) {
    size_t len = *p;
    for (size_t i = 1; i <= len; ++i) {
      uint8_t c = p[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return make_error(Errc::invalid_input, "only letters, digits, '-' and '_' are allowed");
      }
    }
    if (p[1] == '-' || p[len] == '-') {
      return make_error(Errc::invalid_input, "a label may not start or end with '-'");
    }
  }
  return {};
}

Result<Name> email_to_rname(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return make_error(Errc::invalid_input,
                      "e-mail " + text::quote(email) + " needs exactly one '@'");
  }
  std::string_view local = email.substr(0, at);
  std::string_view domain = email.substr(at + 1);
  if (local.empty() || domain.empty()) {
    return make_error(Errc::invalid_input, "e-mail " + text::quote(email) + " is incomplete");
  }
  for (char c : local) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || std::strchr("!#$%&'*+-/=?^_`{|}~.", c) != nullptr;
    if (!ok || c == '\\' || c == '"' || c == ';' || c == ' ') {
      return make_error(Errc::invalid_input,
                        "e-mail " + text::quote(email) + ": unsupported character in local part");
    }
  }
  auto dom = Name::parse(domain);
  if (!dom) {
    return make_error(Errc::invalid_input,
                      "e-mail " + text::quote(email) + ": " + dom.error().message);
  }
  if (auto ok = check_host_name(*dom, 2); !ok) {
    return make_error(Errc::invalid_input,
                      "e-mail " + text::quote(email) + ": " + ok.error().message);
  }
  // RFC 1035 §8: the first label of RNAME is the local part, so its dots are escaped.
  std::string escaped;
  for (char c : local) {
    if (c == '.') {
      escaped += '\\';
    }
    escaped += c;
  }
  return Name::parse(escaped + "." + dom->to_text());
}

std::string rname_to_email(const Name& rname) {
  const uint8_t* w = rname.wire();
  if (*w == 0) {
    return "";
  }
  std::string local(reinterpret_cast<const char*>(w + 1), *w);
  Name rest = rname.parent();
  std::string domain = rest.to_text();
  if (!domain.empty() && domain.back() == '.') {
    domain.pop_back();
  }
  return local + "@" + domain;
}

} // namespace dnsctl::dns
