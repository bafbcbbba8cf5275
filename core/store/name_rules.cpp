#include "core/store/name_rules.hpp"

#include "core/dns/name.hpp"
#include "core/model/description.hpp"
#include "core/store/access.hpp"
#include "core/store/store.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

#include <re2/re2.h>

#include <memory>
#include <set>

namespace dnsctl::store {
namespace {

// A TLD as Designate stores it: lower case, no final dot, host-name labels.
Result<std::string> tld_name(const std::string& raw) {
  std::string name = text::lower(text::trim(raw));
  if (!name.empty() && name.back() == '.') {
    name.pop_back();
  }
  auto bad = [&](const std::string& why) {
    return make_error(Errc::invalid_input, "TLD " + text::quote(raw) + ": " + why);
  };
  if (name.empty()) {
    return bad("empty");
  }
  auto parsed = dns::Name::parse(name + ".");
  if (!parsed) {
    return bad(parsed.error().message);
  }
  if (auto ok = dns::check_host_name(*parsed, 1); !ok) {
    return bad(ok.error().message);
  }
  return name;
}

std::vector<model::Tld>
query_tlds(db::Connection& db, const std::string& where, const std::string& arg) {
  db::Statement st(db,
                   "SELECT id, uuid, name, description, created_at, updated_at FROM tlds " + where
                       + " ORDER BY name");
  if (!arg.empty()) {
    st.bind(1, arg);
  }
  std::vector<model::Tld> out;
  while (st.step()) {
    model::Tld t;
    t.id = st.column(0).int64();
    t.uuid = st.column(1).string();
    t.name = st.column(2).string();
    t.description = st.column(3).string();
    t.created_at = st.column(4).int64();
    t.updated_at = st.column(5).int64();
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<model::Blacklist>
query_blacklists(db::Connection& db, const std::string& where, const std::string& arg) {
  db::Statement st(db,
                   "SELECT id, uuid, pattern, description, created_at, updated_at "
                   "FROM blacklists "
                       + where + " ORDER BY pattern");
  if (!arg.empty()) {
    st.bind(1, arg);
  }
  std::vector<model::Blacklist> out;
  while (st.step()) {
    model::Blacklist b;
    b.id = st.column(0).int64();
    b.uuid = st.column(1).string();
    b.pattern = st.column(2).string();
    b.description = st.column(3).string();
    b.created_at = st.column(4).int64();
    b.updated_at = st.column(5).int64();
    out.push_back(std::move(b));
  }
  return out;
}

// A pattern as typed, in single quotes: text::quote would double its backslashes.
std::string shown(const std::string& pattern) {
  return "'" + pattern + "'";
}

// RE2 runs in time linear in the name whatever the pattern ((a+)+$ included), which
// Python's re under Designate does not: it needed a 20 ms timeout per pattern.
std::unique_ptr<RE2> compile(const std::string& pattern) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(int64_t{8} << 20);
  return std::make_unique<RE2>(pattern, o);
}

Result<std::string> checked_pattern(const std::string& pattern) {
  if (pattern.empty()) {
    return make_error(Errc::invalid_input, "a blacklist pattern may not be empty");
  }
  if (pattern.size() > 255) {
    return make_error(Errc::invalid_input, "a blacklist pattern is at most 255 characters");
  }
  auto re = compile(pattern);
  if (!re->ok()) {
    bool perl_only =
        re->error_code() == RE2::ErrorBadEscape || re->error_code() == RE2::ErrorBadPerlOp;
    return make_error(Errc::invalid_input,
                      "pattern " + shown(pattern) + ": " + re->error()
                          + (perl_only ? " (RE2 syntax: no backreferences or lookaround)" : ""));
  }
  return pattern;
}

// One CSV field list with `delimiter`, "quoted" fields with "" inside them.
Result<std::vector<std::string>> csv_fields(const std::string& line, char delimiter) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  bool was_quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && text::trim(field).empty()) {
      quoted = true;
      was_quoted = true;
      field.clear();
    } else if (c == delimiter) {
      out.push_back(was_quoted ? field : text::trim(field));
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  if (quoted) {
    return make_error(Errc::invalid_input, "a quote is not closed");
  }
  out.push_back(was_quoted ? field : text::trim(field));
  return out;
}

} // namespace

Result<model::Tld>
create_tld(Store& store, const std::string& name, const std::string& description) {
  DNSCTL_TRY_ASSIGN(auto n, tld_name(name));
  DNSCTL_TRY(model::check_description(description));
  if (!query_tlds(connection(store), "WHERE name = ?1", n).empty()) {
    return make_error(Errc::conflict, "TLD " + n + " already exists");
  }
  db::Statement ins(connection(store),
                    "INSERT INTO tlds(uuid, name, description, created_at, updated_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?4)");
  std::string id = uuid::generate();
  ins.bind(1, id);
  ins.bind(2, n);
  ins.bind(3, description);
  ins.bind(4, Store::now());
  ins.exec();
  store.log_change("", "TLD " + n + " created");
  return find_tld(store, id);
}

Result<std::vector<model::Tld>> list_tlds(Store& store) {
  return store.read(
      [&]() -> Result<std::vector<model::Tld>> { return query_tlds(connection(store), "", ""); });
}

Result<model::Tld> find_tld(Store& store, std::string_view name_or_id) {
  return store.read([&]() -> Result<model::Tld> {
    std::string key = text::lower(name_or_id);
    if (!key.empty() && key.back() == '.') {
      key.pop_back();
    }
    auto found = query_tlds(connection(store), "WHERE name = ?1 OR uuid = ?1", key);
    if (found.empty()) {
      return make_error(Errc::not_found, "TLD " + text::quote(name_or_id) + " not found");
    }
    return found.front();
  });
}

Result<model::Tld> update_tld(Store& store,
                              const model::Tld& current,
                              const std::optional<std::string>& name,
                              const std::optional<std::string>& description) {
  std::string n = current.name;
  if (name) {
    DNSCTL_TRY_ASSIGN(n, tld_name(*name));
    if (n != current.name && !query_tlds(connection(store), "WHERE name = ?1", n).empty()) {
      return make_error(Errc::conflict, "TLD " + n + " already exists");
    }
  }
  std::string d = description.value_or(current.description);
  DNSCTL_TRY(model::check_description(d));
  db::Statement up(connection(store),
                   "UPDATE tlds SET name = ?1, description = ?2, updated_at = ?3 "
                   "WHERE id = ?4");
  up.bind(1, n);
  up.bind(2, d);
  up.bind(3, Store::now());
  up.bind(4, current.id);
  up.exec();
  store.log_change("", "TLD " + current.name + " changed");
  return find_tld(store, current.uuid);
}

Status delete_tld(Store& store, const model::Tld& tld) {
  db::Statement del(connection(store), "DELETE FROM tlds WHERE id = ?");
  del.bind(1, tld.id);
  del.exec();
  store.log_change("", "TLD " + tld.name + " deleted");
  return {};
}

Result<TldImport>
import_tlds(Store& store, const std::string& text, const std::string& where, char delimiter) {
  struct Line {
    std::string name;
    std::string description;
  };
  std::vector<Line> lines;
  std::vector<std::string> errors;
  std::set<std::string> seen;
  auto all = text::split(text, '\n');
  for (size_t i = 0; i < all.size() && errors.size() < 20; ++i) {
    std::string raw = all[i];
    if (!raw.empty() && raw.back() == '\r') {
      raw.pop_back();
    }
    if (text::trim(raw).empty() || text::trim(raw)[0] == '#') {
      continue;
    }
    std::string at = where + ":" + std::to_string(i + 1) + ": ";
    auto fields = csv_fields(raw, delimiter);
    if (!fields) {
      errors.push_back(at + fields.error().message);
      continue;
    }
    if (fields->size() > 2) {
      errors.push_back(at + "expected name" + std::string(1, delimiter) + "description, got "
                       + std::to_string(fields->size()) + " fields");
      continue;
    }
    auto name = tld_name(fields->front());
    if (!name) {
      errors.push_back(at + name.error().message);
      continue;
    }
    std::string description = fields->size() > 1 ? (*fields)[1] : "";
    if (auto ok = model::check_description(description); !ok) {
      errors.push_back(at + ok.error().message);
      continue;
    }
    if (!seen.insert(*name).second) {
      errors.push_back(at + "TLD " + *name + " is in the file twice");
      continue;
    }
    lines.push_back({*name, description});
  }
  if (!errors.empty()) {
    return make_error(Errc::invalid_input, text::join(errors, "\n"));
  }
  TldImport r;
  for (const auto& l : lines) {
    if (!query_tlds(connection(store), "WHERE name = ?1", l.name).empty()) {
      ++r.skipped;
      continue;
    }
    DNSCTL_TRY(create_tld(store, l.name, l.description));
    ++r.created;
  }
  return r;
}

Result<model::Blacklist>
create_blacklist(Store& store, const std::string& pattern, const std::string& description) {
  DNSCTL_TRY_ASSIGN(auto p, checked_pattern(pattern));
  DNSCTL_TRY(model::check_description(description));
  if (!query_blacklists(connection(store), "WHERE pattern = ?1", p).empty()) {
    return make_error(Errc::conflict, "blacklist " + shown(p) + " already exists");
  }
  db::Statement ins(connection(store),
                    "INSERT INTO blacklists(uuid, pattern, description, created_at, "
                    "updated_at) VALUES (?1, ?2, ?3, ?4, ?4)");
  std::string id = uuid::generate();
  ins.bind(1, id);
  ins.bind(2, p);
  ins.bind(3, description);
  ins.bind(4, Store::now());
  ins.exec();
  store.log_change("", "blacklist " + p + " created");
  return find_blacklist(store, id);
}

Result<std::vector<model::Blacklist>> list_blacklists(Store& store) {
  return store.read([&]() -> Result<std::vector<model::Blacklist>> {
    return query_blacklists(connection(store), "", "");
  });
}

Result<model::Blacklist> find_blacklist(Store& store, std::string_view pattern_or_id) {
  return store.read([&]() -> Result<model::Blacklist> {
    auto found = query_blacklists(
        connection(store), "WHERE pattern = ?1 OR uuid = lower(?1)", std::string(pattern_or_id));
    if (found.empty()) {
      return make_error(Errc::not_found,
                        "blacklist " + shown(std::string(pattern_or_id)) + " not found");
    }
    return found.front();
  });
}

Result<model::Blacklist> update_blacklist(Store& store,
                                          const model::Blacklist& current,
                                          const std::optional<std::string>& pattern,
                                          const std::optional<std::string>& description) {
  std::string p = current.pattern;
  if (pattern) {
    DNSCTL_TRY_ASSIGN(p, checked_pattern(*pattern));
    if (p != current.pattern
        && !query_blacklists(connection(store), "WHERE pattern = ?1", p).empty()) {
      return make_error(Errc::conflict, "blacklist " + shown(p) + " already exists");
    }
  }
  std::string d = description.value_or(current.description);
  DNSCTL_TRY(model::check_description(d));
  db::Statement up(connection(store),
                   "UPDATE blacklists SET pattern = ?1, description = ?2, updated_at = ?3 "
                   "WHERE id = ?4");
  up.bind(1, p);
  up.bind(2, d);
  up.bind(3, Store::now());
  up.bind(4, current.id);
  up.exec();
  store.log_change("", "blacklist " + current.pattern + " changed");
  return find_blacklist(store, current.uuid);
}

Status delete_blacklist(Store& store, const model::Blacklist& blacklist) {
  db::Statement del(connection(store), "DELETE FROM blacklists WHERE id = ?");
  del.bind(1, blacklist.id);
  del.exec();
  store.log_change("", "blacklist " + blacklist.pattern + " deleted");
  return {};
}

Status check_zone_name_allowed(Store& store, const std::string& zone, Force force) {
  std::string bare = text::lower(zone);
  if (!bare.empty() && bare.back() == '.') {
    bare.pop_back();
  }
  auto tlds = query_tlds(connection(store), "", "");
  if (!tlds.empty()) {
    std::set<std::string> names;
    for (const auto& t : tlds) {
      names.insert(t.name);
    }
    if (names.contains(bare)) {
      return make_error(Errc::invalid_input,
                        "zone " + zone + " is a TLD: a zone must sit under one (tld list)");
    }
    bool under = false;
    for (size_t dot = bare.find('.'); dot != std::string::npos && !under;
         dot = bare.find('.', dot + 1)) {
      under = names.contains(bare.substr(dot + 1));
    }
    if (!under) {
      std::vector<std::string> shown(names.begin(), names.end());
      if (shown.size() > 10) {
        shown.resize(10);
        shown.emplace_back("...");
      }
      return make_error(Errc::invalid_input,
                        "zone " + zone + " is not under any TLD of this site (TLDs: "
                            + text::join(shown, ", ") + "): add one with `dnsctl tld create`");
    }
  }
  if (force == Force::yes) {
    return {};
  }
  for (const auto& b : query_blacklists(connection(store), "", "")) {
    auto re = compile(b.pattern);
    if (re->ok() && RE2::PartialMatch(zone, *re)) {
      return make_error(Errc::invalid_input,
                        "zone " + zone + " matches blacklist " + shown(b.pattern) + " (id " + b.uuid
                            + "): refused; --force creates it anyway");
    }
  }
  return {};
}

} // namespace dnsctl::store
