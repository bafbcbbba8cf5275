#include "core/ops/apply.hpp"

#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/text.hpp"
#include "core/zone/editor.hpp"
#include "core/zone/zones.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace dnsctl::ops {
namespace {

enum class Op { add, del, replace };

struct Line {
  Op op = Op::add;
  dns::Name owner;
  std::optional<uint32_t> ttl;
  std::optional<uint16_t> type;
  std::optional<dns::Rdata> rdata;
  size_t number = 0;
};

// Splits off the next whitespace-separated token.
std::string_view next_token(std::string_view& rest) {
  size_t b = rest.find_first_not_of(" \t");
  if (b == std::string_view::npos) {
    rest = {};
    return {};
  }
  size_t e = rest.find_first_of(" \t", b);
  std::string_view tok =
      rest.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
  rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e);
  return tok;
}

Result<Line>
parse_line(std::string_view text, size_t number, const dns::Name& apex, dns::RdataParser& parser) {
  Line l;
  l.number = number;
  std::string_view rest = text;
  std::string_view op = next_token(rest);
  if (op == "add") {
    l.op = Op::add;
  } else if (op == "del" || op == "delete") {
    l.op = Op::del;
  } else if (op == "replace") {
    l.op = Op::replace;
  } else {
    return make_error(Errc::invalid_input,
                      "unknown operation " + text::quote(op) + " (expected add, del or replace)");
  }
  std::string_view name = next_token(rest);
  if (name.empty()) {
    return make_error(Errc::invalid_input, std::string(op) + " needs a NAME");
  }
  auto owner = dns::Name::parse(name, &apex);
  if (!owner) {
    return make_error(Errc::invalid_input,
                      "name " + text::quote(name) + ": " + owner.error().message);
  }
  l.owner = *owner;
  std::string_view tok = next_token(rest);
  if (tok.empty()) {
    if (l.op != Op::del) {
      return make_error(Errc::invalid_input, std::string(op) + " needs a TYPE and DATA");
    }
    return l;
  }
  if (l.op != Op::del) {
    if (auto ttl = text::parse_ttl(tok)) {
      if (*ttl > 2147483647u) {
        return make_error(Errc::invalid_input, "TTL " + std::string(tok) + " is above 2147483647");
      }
      l.ttl = *ttl;
      tok = next_token(rest);
    } else if (std::isdigit(static_cast<unsigned char>(tok.front())) != 0) {
      // No type starts with a digit: this was meant as a TTL (one past 2^32 used to
      // be reported as an unknown record type).
      return make_error(Errc::invalid_input,
                        "TTL " + std::string(tok)
                            + " is not a TTL (seconds up to 2147483647, or units as 1h30m)");
    }
  }
  if (tok.empty()) {
    return make_error(Errc::invalid_input, std::string(op) + " needs a TYPE");
  }
  auto type = dns::parse_storable_type(tok);
  if (!type) {
    return type.error();
  }
  l.type = *type;
  std::string data = text::trim(rest);
  if (data.empty()) {
    if (l.op != Op::del) {
      return make_error(Errc::invalid_input, std::string(op) + " needs DATA");
    }
    return l;
  }
  auto rdata = parser.parse(apex, *type, data);
  if (!rdata) {
    return rdata.error();
  }
  l.rdata = std::move(*rdata);
  return l;
}

// Applies one line to the editor.
Status apply_line(zone::ZoneEditor& editor,
                  const Line& l,
                  std::set<std::pair<std::vector<uint8_t>, uint16_t>>& replaced) {
  if (l.op == Op::del && !l.type) {
    DNSCTL_TRY_ASSIGN(auto types, editor.types_at(l.owner));
    for (uint16_t t : types) {
      DNSCTL_TRY_ASSIGN(auto rs, editor.get(l.owner, t));
      if (rs && (rs)->managed) {
        continue; // "every RRset at NAME" means the ones this batch may change
      }
      DNSCTL_TRY(editor.remove(l.owner, t));
    }
    return {};
  }
  DNSCTL_TRY_ASSIGN(auto current, editor.get(l.owner, *l.type));
  if (l.op == Op::del) {
    if (!l.rdata) {
      return editor.remove(l.owner, *l.type);
    }
    if (!current) {
      return {};
    }
    zone::EditRRset rs = *current;
    std::erase(rs.rdatas, *l.rdata);
    return editor.put(std::move(rs));
  }
  zone::EditRRset rs;
  if (current) {
    rs = *current;
  } else {
    rs.owner = l.owner;
    rs.type = *l.type;
  }
  if (l.op == Op::replace && replaced.insert({l.owner.sort_key(), *l.type}).second) {
    rs.rdatas.clear();
  }
  if (std::find(rs.rdatas.begin(), rs.rdatas.end(), *l.rdata) == rs.rdatas.end()) {
    rs.rdatas.push_back(*l.rdata);
  }
  if (l.ttl) {
    rs.ttl = *l.ttl;
  }
  return editor.put(std::move(rs));
}

} // namespace

Result<BatchReport> apply_batch(store::Store& store,
                                std::string_view zone_ref,
                                std::string_view text,
                                const std::string& source,
                                BatchMode mode) {
  DNSCTL_TRY_ASSIGN(auto zone, store::find_zone(store, zone_ref));
  DNSCTL_TRY_ASSIGN(auto apex, dns::Name::parse(zone.name));
  // Every line is checked before any is applied.
  std::vector<Line> lines;
  std::vector<std::string> errors;
  dns::RdataParser parser;
  size_t number = 0;
  for (const auto& raw : text::split(text, '\n')) {
    ++number;
    std::string line = text::trim(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') {
      continue;
    }
    auto l = parse_line(line, number, apex, parser);
    if (!l) {
      if (errors.size() < 20) {
        errors.push_back(source + ":" + std::to_string(number) + ": " + l.error().message);
      }
      continue;
    }
    lines.push_back(std::move(*l));
  }
  if (!errors.empty()) {
    return make_error(Errc::invalid_input, text::join(errors, "\n"));
  }

  BatchReport report;
  report.operations = lines.size();
  auto run = [&]() -> Status {
    auto fresh = store::find_zone(store, zone.uuid); // under the write lock
    if (!fresh) {
      return fresh.error();
    }
    if (fresh->action == model::ZoneAction::remove) {
      return make_error(Errc::conflict, "zone " + zone.name + " is being deleted");
    }
    zone::ZoneEditor editor(store, *fresh);
    std::vector<dns::Name> owners;
    owners.reserve(lines.size());
    for (const auto& l : lines) {
      owners.push_back(l.owner);
    }
    editor.preload(owners);
    std::set<std::pair<std::vector<uint8_t>, uint16_t>> replaced;
    for (const auto& l : lines) {
      if (auto ok = apply_line(editor, l, replaced); !ok) {
        return make_error(ok.error().code,
                          source + ":" + std::to_string(l.number) + ": " + ok.error().message);
      }
    }
    report.delta = editor.preview();
    if (mode == BatchMode::dry_run) {
      return {};
    }
    auto serial = editor.commit();
    if (!serial) {
      return serial.error();
    }
    report.serial = *serial;
    if (*serial != 0) {
      store.log_change(zone.name,
                       "record apply " + source + ": " + std::to_string(lines.size())
                           + " lines, serial " + std::to_string(*serial));
    }
    return {};
  };
  // A dry run reads under the same rules but never opens a write transaction.
  DNSCTL_TRY(mode == BatchMode::dry_run ? store.read(run) : store.write("record apply", run));
  DNSCTL_TRY_ASSIGN(report.zone, store::find_zone(store, zone.uuid));
  return report;
}

} // namespace dnsctl::ops
