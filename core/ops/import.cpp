#include "core/ops/import.hpp"

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/dns/rrtype.hpp"
#include "core/dns/serial.hpp"
#include "core/dns/soa.hpp"
#include "core/store/name_rules.hpp"
#include "core/store/pools.hpp"
#include "core/store/store.hpp"
#include "core/store/zone_rows.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"
#include "core/zone/rules.hpp"
#include "core/zone/zones.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

namespace dnsctl::ops {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

bool has_prefix(std::span<const uint8_t> key, const std::vector<uint8_t>& prefix) {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

dns::Name name_of(std::span<const uint8_t> key) {
  return dns::Name::from_sort_key(key.data(), key.size());
}

// What the file says about the zone itself.
struct Apex {
  dns::Name name;
  dns::SoaFields soa;
  uint32_t ttl = 0;
  std::vector<std::string> ns; // the file's apex NS targets
};

// Finds the SOA, takes out the SOA and apex NS RRsets (dnsctl manages both), and
// checks every other RRset: inside the zone, not in a hosted sub-zone, CNAME rules.
Result<Apex> check_content(zone::ZoneContent& content,
                           const std::optional<dns::Name>& wanted,
                           const std::vector<dns::Name>& children_of) {
  std::vector<std::string> errors;
  const auto& sets = content.rrsets();
  std::optional<size_t> soa_index;
  for (size_t i = 0; i < sets.size(); ++i) {
    if (sets[i].type != dns::rrtype::k_soa) {
      continue;
    }
    if (soa_index) {
      errors.push_back(content.where(sets[i]) + ": a second SOA, at "
                       + name_of(content.key(sets[i])).to_text()
                       + " (a zone file holds one zone and one SOA)");
      continue;
    }
    soa_index = i;
  }
  if (!soa_index) {
    std::string file = content.files().empty() ? "?" : content.files().front();
    return make_error(Errc::invalid_input,
                      file
                          + ": no SOA record: a zone file needs one at "
                            "its apex");
  }
  Apex apex;
  const auto& soa = sets[*soa_index];
  apex.name = name_of(content.key(soa));
  if (wanted && *wanted != apex.name) {
    errors.push_back(content.where(soa) + ": the SOA is at " + apex.name.to_text()
                     + ", not at the zone " + wanted->to_text());
  }
  if (soa.count != 1) {
    errors.push_back(content.where(soa) + ": the SOA RRset holds " + std::to_string(soa.count)
                     + " records (one is allowed)");
  }
  auto packed = content.packed(soa);
  auto soa_rdata = dns::unpack_rdata(packed.data(), packed.size());
  auto fields = dns::parse_soa(soa_rdata.front().data(), soa_rdata.front().size());
  if (!fields) {
    errors.push_back(content.where(soa) + ": " + fields.error().message);
  } else {
    apex.soa = *fields;
  }
  apex.ttl = soa.ttl;
  if (!errors.empty()) {
    return make_error(Errc::invalid_input, text::join(errors, "\n"));
  }

  auto apex_key = apex.name.sort_key();
  std::vector<std::vector<uint8_t>> child_keys;
  std::vector<dns::Name> children;
  for (const auto& c : children_of) {
    if (c.is_within(apex.name) && c != apex.name) {
      child_keys.push_back(c.sort_key());
      children.push_back(c);
    }
  }
  std::vector<size_t> managed;
  size_t i = 0;
  while (i < sets.size() && errors.size() < 20) {
    // The RRsets of one owner are consecutive (sorted by owner, then type).
    auto key = content.key(sets[i]);
    size_t j = i;
    std::vector<uint16_t> types;
    while (j < sets.size() && std::ranges::equal(content.key(sets[j]), key)) {
      types.push_back(sets[j].type);
      ++j;
    }
    bool inside = has_prefix(key, apex_key);
    bool in_child = std::any_of(
        child_keys.begin(), child_keys.end(), [&](const auto& ck) { return has_prefix(key, ck); });
    bool is_apex = key.size() == apex_key.size() && inside;
    bool has_cname = std::find(types.begin(), types.end(), dns::rrtype::k_cname) != types.end();
    for (size_t k = i; k < j; ++k) {
      const auto& rs = sets[k];
      if (!inside || in_child) {
        auto ok = zone::rules::check_placement(name_of(key), rs.type, apex.name, children);
        if (!ok) {
          errors.push_back(content.where(rs) + ": " + ok.error().message);
          continue;
        }
      }
      // Almost every RRset is far below the limit even with the longest owner: the
      // exact check (which builds the name) only for the rest.
      size_t packed_size = content.packed(rs).size();
      bool surely_fits =
          static_cast<size_t>(rs.count) * (255 + 8) + packed_size <= zone::rules::k_max_rrset_wire;
      if (auto ok = surely_fits
                        ? Status{}
                        : zone::rules::check_size(name_of(key), rs.type, rs.count, packed_size);
          !ok) {
        errors.push_back(content.where(rs) + ": " + ok.error().message);
        continue;
      }
      if (rs.type == dns::rrtype::k_soa && k != *soa_index) {
        continue; // reported above
      }
      if (is_apex && (rs.type == dns::rrtype::k_soa || rs.type == dns::rrtype::k_ns)) {
        if (rs.type == dns::rrtype::k_ns) {
          auto p = content.packed(rs);
          for (const auto& r : dns::unpack_rdata(p.data(), p.size())) {
            apex.ns.push_back(dns::Name::from_wire(r.data(), r.size()).to_text());
          }
        }
        managed.push_back(k);
        continue;
      }
      if (has_cname || rs.type == dns::rrtype::k_cname) {
        auto ok = zone::rules::check_cname(name_of(key), rs.type, rs.count, types, apex.name);
        if (!ok) {
          errors.push_back(content.where(rs) + ": " + ok.error().message);
        }
      }
    }
    i = j;
  }
  if (!errors.empty()) {
    return make_error(Errc::invalid_input, text::join(errors, "\n"));
  }
  std::sort(managed.rbegin(), managed.rend());
  for (size_t k : managed) {
    content.erase(k);
  }
  return apex;
}

// Reads and checks the file: the records, the apex, and the warnings.
Result<Apex> read_file(const ImportOptions& o,
                       zone::ZoneContent& content,
                       std::vector<std::string>& warnings,
                       const std::vector<dns::Name>& zones_here) {
  std::optional<dns::Name> wanted;
  zonefile::ReadOptions ro;
  ro.includes = o.includes;
  if (!o.name.empty()) {
    auto n = dns::Name::parse(o.name);
    if (!n) {
      return make_error(Errc::invalid_input,
                        "zone name " + text::quote(o.name) + ": " + n.error().message);
    }
    if (auto ok = dns::check_host_name(*n, 2); !ok) {
      return make_error(Errc::invalid_input,
                        "zone name " + text::quote(o.name) + ": " + ok.error().message);
    }
    wanted = *n;
    ro.origin = n->to_text();
  }
  auto t0 = Clock::now();
  zonefile::Reader reader(ro, content);
  DNSCTL_TRY(reader.read(o.file, [&](zonefile::Record& r) -> Status {
    if (r.rclass != 1) {
      return make_error(Errc::invalid_input,
                        "class " + std::to_string(r.rclass) + " is not supported (only IN)");
    }
    if (r.type != dns::rrtype::k_soa) {
      auto t = dns::parse_storable_type(dns::type_to_text(r.type));
      if (!t) {
        return t.error();
      }
    }
    dns::canonicalize(r.type, r.rdata, r.rdata_len);
    return {};
  }));
  log::info(o.file + ": read in " + std::to_string(seconds_since(t0)) + " s");
  auto t1 = Clock::now();
  auto w = content.finish();
  log::info(o.file + ": " + std::to_string(content.records()) + " records sorted into "
            + std::to_string(content.rrsets().size()) + " RRsets in "
            + std::to_string(seconds_since(t1)) + " s");
  warnings.insert(warnings.end(), w.begin(), w.end());
  return check_content(content, wanted, zones_here);
}

// What the file holds, checked.
struct Parsed {
  zone::ZoneContent content;
  Apex apex;
};

// What the file holds, checked, and where it goes.
struct Prepared {
  ImportOptions o;
  Parsed in;
  ImportReport report;
  std::optional<model::Zone> existing; // --replace of this zone
  model::Pool pool;                    // the zone's pool, new or existing
};

zone::ZoneSpec spec_for(const Prepared& p) {
  const auto& apex = p.in.apex;
  zone::ZoneSpec spec;
  spec.name = apex.name.to_text();
  spec.email = p.o.email.empty() ? dns::rname_to_email(apex.soa.rname) : p.o.email;
  spec.ttl = apex.ttl;
  spec.pool = p.pool.uuid;
  spec.refresh = apex.soa.timers.refresh;
  spec.retry = apex.soa.timers.retry;
  spec.expire = apex.soa.timers.expire;
  spec.minimum = apex.soa.timers.minimum;
  spec.after_serial = apex.soa.serial;
  spec.force = p.o.force;
  return spec;
}

// A new zone on a dry run: what create_zone would refuse, a dry run reports too.
Status dry_create(store::Store& store, Prepared& p) {
  auto spec = spec_for(p);
  DNSCTL_TRY(store.read([&]() {
    return store::check_zone_name_allowed(
        store, spec.name, p.o.force ? store::Force::yes : store::Force::no);
  }));
  p.report.created = true;
  p.report.zone.name = spec.name;
  p.report.zone.pool_name = p.pool.name;
  p.report.zone.email = spec.email;
  p.report.zone.ttl = p.in.apex.ttl;
  p.report.zone.timers = p.in.apex.soa.timers;
  return {};
}

// A new zone's records, inside the transaction that created its row.
Status fill_created(store::Store& store, const Prepared& p, const model::Zone& zone) {
  auto tw = Clock::now();
  DNSCTL_TRY(zone::insert_content(store, zone, p.in.content, p.o.progress));
  log::info(zone.name + ": wrote " + std::to_string(p.in.content.rrsets().size()) + " RRsets in "
            + std::to_string(seconds_since(tw)) + " s");
  store.log_change(zone.name,
                   "imported from " + p.o.file + ": " + std::to_string(p.report.records)
                       + " records");
  return {};
}

model::Zone after_replace(const Prepared& p, const model::Zone& before, const std::string& rname) {
  model::Zone after = before;
  after.ttl = p.in.apex.ttl;
  after.timers = p.in.apex.soa.timers;
  if (!p.o.email.empty()) {
    after.email = p.o.email;
    after.rname = rname;
  }
  return after;
}

// --replace on a dry run: the difference, nothing written.
Status dry_replace(store::Store& store, Prepared& p, const std::string& rname) {
  auto after = after_replace(p, *p.existing, rname);
  auto delta = store.read([&]() {
    return zone::replace_content(
        store, *p.existing, after, p.in.content, zone::Apply::no, p.report.stats);
  });
  if (!delta) {
    return delta.error();
  }
  p.report.delta = std::move(*delta);
  p.report.zone = after;
  return {};
}

// --replace inside a write transaction: one serial step, the journal holds the difference.
Status write_replace(store::Store& store, Prepared& p, const std::string& rname) {
  auto before = store::find_zone(store, p.existing->uuid); // again, under the write lock
  if (!before) {
    return before.error();
  }
  auto after = after_replace(p, *before, rname);
  auto delta =
      zone::replace_content(store, *before, after, p.in.content, zone::Apply::yes, p.report.stats);
  if (!delta) {
    return delta.error();
  }
  delta->complete = after.ttl == before->ttl;
  bool soa_changed = after.ttl != before->ttl || after.rname != before->rname
                     || after.timers.refresh != before->timers.refresh
                     || after.timers.retry != before->timers.retry
                     || after.timers.expire != before->timers.expire
                     || after.timers.minimum != before->timers.minimum;
  p.report.delta = *delta;
  if (delta->removed.empty() && delta->added.empty() && !soa_changed) {
    return {};
  }
  // The file's serial, if ahead of ours, is where ours continues from.
  auto serial = zone::commit_step(store, *before, after, *delta, p.in.apex.soa.serial);
  if (!serial) {
    return serial.error();
  }
  store.log_change(before->name,
                   "replaced from " + p.o.file + ", serial " + std::to_string(*serial));
  return {};
}

// The e-mail given on the command line as an RNAME ("" when none was given).
Result<std::string> rname_option(const ImportOptions& o) {
  if (o.email.empty()) {
    return std::string{};
  }
  DNSCTL_TRY_ASSIGN(auto rname, dns::email_to_rname(o.email));
  return rname.to_text();
}

// Reads and checks one file and finds where its zone goes; writes nothing.
Result<Prepared> prepare(store::Store& store,
                         const ImportOptions& o,
                         const model::Settings& settings,
                         const std::vector<dns::Name>& zones_here) {
  Prepared p;
  p.o = o;
  auto& report = p.report;
  auto t0 = Clock::now();
  auto& content = p.in.content;
  auto apex = read_file(o, content, report.warnings, zones_here);
  if (!apex) {
    return apex.error();
  }
  p.in.apex = *apex;
  report.parse_seconds = seconds_since(t0);
  report.rrsets = content.rrsets().size() + 2; // and the SOA and apex NS, taken out
  std::string zone_name = apex->name.to_text();

  auto existing = store::find_zone(store, zone_name);
  if (existing && !o.replace) {
    return make_error(Errc::conflict,
                      "zone " + zone_name
                          + " already exists: --replace makes it equal to the file");
  }
  if (!existing && existing.error().code != Errc::not_found) {
    return existing.error();
  }
  if (existing && existing->action == model::ZoneAction::remove) {
    return make_error(Errc::conflict, "zone " + zone_name + " is being deleted");
  }
  // The pool decides the apex NS; say so when the file had another set.
  auto pool = existing ? store::load_pool(store, existing->pool_id)
                       : zone::resolve_pool(store, o.pool, settings);
  if (!pool) {
    return pool.error();
  }
  p.pool = *pool;
  if (existing) {
    p.existing = *existing;
  }
  std::vector<std::string> pool_ns;
  for (const auto& r : pool->ns_records) {
    pool_ns.push_back(r.hostname);
  }
  // What the zone holds: the file's records (the SOA among them) with the pool's apex
  // NS in place of the file's. Counting the SOA and NS twice said 64 for 61.
  report.records = content.records() - apex->ns.size() + pool_ns.size();
  auto file_ns = apex->ns;
  std::sort(file_ns.begin(), file_ns.end());
  auto want_ns = pool_ns;
  std::sort(want_ns.begin(), want_ns.end());
  if (file_ns != want_ns) {
    report.warnings.push_back("the apex NS of the file (" + text::join(apex->ns, " ")
                              + ") is replaced by pool " + pool->name + "'s ("
                              + text::join(pool_ns, " ") + ")");
  }
  return p;
}

std::vector<dns::Name> zone_names(store::Store& store) {
  std::vector<dns::Name> names;
  if (auto all = store::read_zones(store, {})) {
    for (const auto& z : *all) {
      if (auto n = dns::Name::parse(z.name)) {
        names.push_back(*n);
      }
    }
  }
  return names;
}

} // namespace

Result<ImportReport>
import_zone(store::Store& store, const ImportOptions& o, const model::Settings& settings) {
  DNSCTL_TRY_ASSIGN(auto reports, import_zones(store, o, {o.file}, settings));
  return std::move(reports.front());
}

Result<std::vector<ImportReport>> import_zones(store::Store& store,
                                               const ImportOptions& options,
                                               const std::vector<std::string>& files,
                                               const model::Settings& settings) {
  if (files.empty()) {
    return make_error(Errc::invalid_input, "no zone file given");
  }
  if (files.size() > 1 && !options.name.empty()) {
    return make_error(Errc::invalid_input,
                      "--name names the zone of one file, and " + std::to_string(files.size())
                          + " files were given");
  }
  DNSCTL_TRY_ASSIGN(auto rname, rname_option(options));
  // Every file is read and checked before anything is written. A file's apex joins the
  // zones the next files are checked against, so a child zone's records are refused
  // in its parent's file as they are once the child exists.
  auto zones_here = zone_names(store);
  std::vector<Prepared> batch;
  batch.reserve(files.size());
  std::map<std::string, std::string> seen; // zone -> file
  for (const auto& f : files) {
    auto o = options;
    o.file = f;
    auto p = prepare(store, o, settings, zones_here);
    if (!p) {
      auto e = p.error();
      if (files.size() > 1 && e.message.find(f) == std::string::npos) {
        e.message = f + ": " + e.message;
      }
      return e;
    }
    auto name = p->in.apex.name.to_text();
    if (auto [it, fresh] = seen.emplace(name, f); !fresh) {
      std::string msg = f;
      msg += ": zone " + name + " is in " + it->second + " too";
      return make_error(Errc::invalid_input, msg);
    }
    zones_here.push_back(p->in.apex.name);
    batch.push_back(std::move(*p));
  }

  auto t1 = Clock::now();
  if (options.dry_run == DryRun::yes) {
    for (auto& p : batch) {
      DNSCTL_TRY(p.existing ? dry_replace(store, p, rname) : dry_create(store, p));
    }
  } else {
    // One transaction for the whole batch: each pool's catalog takes one step. Every
    // row references a zone row created in the same transaction.
    store.set_foreign_keys(false);
    auto ok = store.write("domain import", [&]() -> Status {
      std::vector<zone::ZoneSpec> specs;
      std::vector<Prepared*> created;
      for (auto& p : batch) {
        if (p.existing) {
          DNSCTL_TRY(write_replace(store, p, rname));
        } else {
          specs.push_back(spec_for(p));
          created.push_back(&p);
        }
      }
      if (specs.empty()) {
        return {};
      }
      DNSCTL_TRY_ASSIGN(auto zones, zone::create_zones(store, specs, settings));
      for (size_t i = 0; i < zones.size(); ++i) {
        created[i]->report.created = true;
        DNSCTL_TRY(fill_created(store, *created[i], zones[i]));
      }
      return {};
    });
    store.set_foreign_keys(true);
    if (!ok) {
      return ok.error();
    }
    store.refresh_statistics();
    for (auto& p : batch) {
      if (auto now = store::find_zone(store, p.in.apex.name.to_text())) {
        p.report.zone = *now;
      }
    }
  }
  std::vector<ImportReport> reports;
  reports.reserve(batch.size());
  for (auto& p : batch) {
    p.report.write_seconds = seconds_since(t1);
    reports.push_back(std::move(p.report));
  }
  log::info("domain import: " + std::to_string(reports.size()) + " zone(s) in "
            + std::to_string(seconds_since(t1)) + " s");
  return reports;
}

} // namespace dnsctl::ops
