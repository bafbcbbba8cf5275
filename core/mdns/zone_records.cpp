#include "core/mdns/zone_records.hpp"

#include <algorithm>

namespace dnsctl::mdns {
namespace {

bool less(Key a, Key b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
}

bool same(Key a, Key b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

} // namespace

void ZoneRecords::shrink() {
  m_sets.shrink_to_fit();
  m_bytes.shrink_to_fit();
}

ZoneRecords ZoneRecords::read(store::ZoneReader& reader, int64_t zone_id) {
  ZoneRecords z;
  reader.stored_rrsets(zone_id, [&](const store::StoredRRset& r) { z.add_stored(r); });
  z.shrink();
  return z;
}

std::unordered_map<int64_t, ZoneRecords> ZoneRecords::read_all(store::ZoneReader& reader) {
  std::unordered_map<int64_t, ZoneRecords> all;
  ZoneRecords* z = nullptr;
  int64_t at = 0;
  reader.all_stored_rrsets([&](int64_t id, const store::StoredRRset& r) {
    if (z == nullptr || id != at) {
      z = &all[id];
      at = id;
    }
    z->add_stored(r);
  });
  for (auto& [id, records] : all) {
    records.shrink();
  }
  return all;
}

ZoneRecords ZoneRecords::read_owners(store::ZoneReader& reader,
                                     int64_t zone_id,
                                     const std::vector<std::vector<uint8_t>>& owners) {
  ZoneRecords z;
  reader.stored_rrsets_at(zone_id, owners, [&](const store::StoredRRset& r) { z.add_stored(r); });
  return z;
}

ZoneRecords ZoneRecords::merged(const ZoneRecords& old,
                                const std::vector<std::vector<uint8_t>>& owners,
                                const ZoneRecords& fresh) {
  auto changed = [&](Key o) {
    return std::binary_search(owners.begin(), owners.end(), o, [](const auto& a, const auto& b) {
      return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    });
  };
  ZoneRecords z;
  z.m_sets.reserve(old.m_sets.size() + fresh.m_sets.size());
  z.m_bytes.reserve(old.m_bytes.size() + fresh.m_bytes.size());
  auto put = [&](const ZoneRecords& from, const Set& s) {
    z.add(from.owner_of(s), s.type, s.ttl, {from.m_bytes.data() + s.packed, s.packed_len});
  };
  auto i = old.m_sets.begin();
  auto j = fresh.m_sets.begin();
  while (i != old.m_sets.end() || j != fresh.m_sets.end()) {
    if (i != old.m_sets.end() && changed(old.owner_of(*i))) {
      ++i;
      continue;
    }
    // Owners differ here (the old one is not among the changed), so the owner decides.
    if (j == fresh.m_sets.end()
        || (i != old.m_sets.end() && less(old.owner_of(*i), fresh.owner_of(*j)))) {
      put(old, *i++);
    } else {
      put(fresh, *j++);
    }
  }
  return z;
}

void ZoneRecords::add(Key owner, uint16_t type, int64_t ttl, std::span<const uint8_t> packed) {
  Set s;
  // The types at one owner share its bytes.
  if (!m_sets.empty() && same(owner_of(m_sets.back()), owner)) {
    s.owner = m_sets.back().owner;
  } else {
    s.owner = m_bytes.size();
    m_bytes.insert(m_bytes.end(), owner.begin(), owner.end());
  }
  s.owner_len = static_cast<uint32_t>(owner.size());
  s.packed = m_bytes.size();
  m_bytes.insert(m_bytes.end(), packed.begin(), packed.end());
  s.packed_len = static_cast<uint32_t>(packed.size());
  s.ttl = ttl;
  s.type = type;
  m_sets.push_back(s);
}

std::vector<ZoneRecords::Set>::const_iterator ZoneRecords::lower(Key owner) const {
  return std::partition_point(
      m_sets.begin(), m_sets.end(), [&](const Set& s) { return less(owner_of(s), owner); });
}

RRsetView ZoneRecords::view(const Set& s, uint32_t default_ttl) const {
  RRsetView v;
  v.owner = owner_of(s);
  v.type = s.type;
  v.ttl = s.ttl < 0 ? default_ttl : static_cast<uint32_t>(s.ttl);
  v.packed = {m_bytes.data() + s.packed, s.packed_len};
  return v;
}

size_t ZoneRecords::at(Key owner,
                       uint32_t default_ttl,
                       const std::function<void(const RRsetView&)>& f) const {
  size_t n = 0;
  for (auto it = lower(owner); it != m_sets.end() && same(owner_of(*it), owner); ++it) {
    f(view(*it, default_ttl));
    ++n;
  }
  return n;
}

bool ZoneRecords::for_each(uint32_t default_ttl,
                           const std::function<bool(const RRsetView&)>& f) const {
  return std::ranges::all_of(m_sets, [&](const Set& s) { return f(view(s, default_ttl)); });
}

bool ZoneRecords::has_descendants(Key name) const {
  // Descendants' keys extend `name` (see StoreSource::has_descendants): the first owner
  // after `name` itself tells.
  auto it = lower(name);
  while (it != m_sets.end() && same(owner_of(*it), name)) {
    ++it;
  }
  if (it == m_sets.end()) {
    return false;
  }
  Key o = owner_of(*it);
  return o.size() > name.size() && std::equal(name.begin(), name.end(), o.begin());
}

bool ZoneRecords::has(Key owner, uint16_t type) const {
  for (auto it = lower(owner); it != m_sets.end() && same(owner_of(*it), owner); ++it) {
    if (it->type == type) {
      return true;
    }
  }
  return false;
}

} // namespace dnsctl::mdns
