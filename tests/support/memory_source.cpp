#include "tests/support/memory_source.hpp"

#include "core/dns/rrtype.hpp"
#include "core/dns/soa.hpp"
#include "core/zone/content.hpp"
#include "core/zonefile/reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace dnsctl::test {

namespace {

bool same(mdns::Key a, mdns::Key b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

} // namespace

void MemorySource::add_zone(const std::string& origin, const std::string& text, int64_t pool_id) {
  // The reader reads files: hand it one that lives only for the call.
  char path[] = "/tmp/dnsctl-memsrc-XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0) {
    throw std::runtime_error("mkstemp failed");
  }
  ::close(fd);
  std::ofstream(path) << text;
  try {
    add_zone_file(origin, path, pool_id);
  } catch (...) {
    std::filesystem::remove(path);
    throw;
  }
  std::filesystem::remove(path);
}

void MemorySource::add_zone_file(const std::string& origin,
                                 const std::string& path,
                                 int64_t pool_id) {
  auto content = std::make_unique<zone::ZoneContent>();
  zonefile::ReadOptions o;
  o.origin = origin;
  zonefile::Reader reader(o, *content);
  auto ok = reader.read(path, [](zonefile::Record&) -> Status { return {}; });
  if (!ok) {
    throw std::runtime_error(ok.error().message);
  }
  content->finish();

  mdns::ZoneInfo z;
  z.id = static_cast<int64_t>(m_records.size()) + 1;
  z.uuid = "zone-" + std::to_string(z.id);
  z.apex = *dns::Name::parse(origin);
  z.apex_key = z.apex.sort_key();
  z.pool_id = pool_id;
  z.pool_uuid = "pool-" + std::to_string(pool_id);
  // The SOA lives in the ZoneInfo, not among the RRsets (as in the store).
  const auto& sets = content->rrsets();
  for (size_t i = 0; i < sets.size(); ++i) {
    if (sets[i].type == dns::rrtype::k_soa && same(content->key(sets[i]), z.apex_key)) {
      auto packed = content->packed(sets[i]);
      z.soa = dns::unpack_rdata(packed.data(), packed.size()).at(0);
      z.ttl = sets[i].ttl;
      auto fields = dns::parse_soa(z.soa.data(), z.soa.size());
      if (!fields) {
        throw std::runtime_error("bad SOA");
      }
      z.serial = fields->serial;
      z.minimum = fields->timers.minimum;
      content->erase(i);
      break;
    }
  }
  if (z.soa.empty()) {
    throw std::runtime_error(origin + ": no SOA");
  }
  mdns::ZoneRecords records;
  for (const auto& rs : content->rrsets()) {
    records.add(content->key(rs), rs.type, rs.ttl, content->packed(rs));
  }
  m_served.zones[std::string(z.apex_key.begin(), z.apex_key.end())] = z;
  m_records[z.id] = std::move(records);
}

size_t MemorySource::rrsets_at(const mdns::ZoneInfo& zone,
                               mdns::Key owner,
                               const std::function<void(const mdns::RRsetView&)>& f) {
  return m_records.at(zone.id).at(owner, zone.ttl, f);
}

bool MemorySource::has_descendants(const mdns::ZoneInfo& zone, mdns::Key name) {
  return m_records.at(zone.id).has_descendants(name);
}

bool MemorySource::for_each_rrset(const mdns::ZoneInfo& zone,
                                  const std::function<bool(const mdns::RRsetView&)>& f) {
  return m_records.at(zone.id).for_each(zone.ttl, f);
}

} // namespace dnsctl::test
