#include "core/zone/content.hpp"

#include "core/dns/name.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

namespace dnsctl::zone {

int compare_rrset_keys(std::span<const uint8_t> a,
                       uint16_t at,
                       std::span<const uint8_t> b,
                       uint16_t bt) {
  size_t n = std::min(a.size(), b.size());
  int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) {
    return c;
  }
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  return at == bt ? 0 : (at < bt ? -1 : 1);
}

uint16_t ZoneContent::add_file(std::string name) {
  m_files.push_back(std::move(name));
  return static_cast<uint16_t>(m_files.size() - 1);
}

void ZoneContent::add(const uint8_t* owner_wire,
                      uint16_t type,
                      uint32_t ttl,
                      std::span<const uint8_t> rdata,
                      uint32_t line,
                      uint16_t file) {
  Rec r{};
  r.key_off = static_cast<uint32_t>(m_keys.size());
  dns::Name::append_sort_key(owner_wire, m_keys);
  r.key_len = static_cast<uint16_t>(m_keys.size() - r.key_off);
  r.rdata_off = static_cast<uint32_t>(m_rdata.size());
  m_rdata.insert(m_rdata.end(), rdata.begin(), rdata.end());
  r.rdata_len = static_cast<uint16_t>(rdata.size());
  r.ttl = ttl;
  r.line = line;
  r.type = type;
  r.file = file;
  m_recs.push_back(r);
}

void ZoneContent::absorb(ZoneContent&& other) {
  auto key_shift = static_cast<uint32_t>(m_keys.size());
  auto rdata_shift = static_cast<uint32_t>(m_rdata.size());
  m_keys.insert(m_keys.end(), other.m_keys.begin(), other.m_keys.end());
  m_rdata.insert(m_rdata.end(), other.m_rdata.begin(), other.m_rdata.end());
  m_recs.reserve(m_recs.size() + other.m_recs.size());
  for (Rec r : other.m_recs) {
    r.key_off += key_shift;
    r.rdata_off += rdata_shift;
    m_recs.push_back(r);
  }
  other = ZoneContent();
}

void ZoneContent::truncate_to_file(uint16_t file) {
  std::erase_if(m_recs, [&](const Rec& r) { return r.file >= file; });
}

std::string ZoneContent::where(const RRset& rs) const {
  std::string f = rs.file < m_files.size() ? m_files[rs.file] : "?";
  return f + ":" + std::to_string(rs.line);
}

std::vector<std::string> ZoneContent::finish() {
  std::vector<std::string> warnings;
  const uint8_t* keys = m_keys.data();
  const uint8_t* rdata = m_rdata.data();
  auto key_of = [&](const Rec& r) { return std::span<const uint8_t>(keys + r.key_off, r.key_len); };
  auto rdata_of = [&](const Rec& r) {
    return std::span<const uint8_t>(rdata + r.rdata_off, r.rdata_len);
  };
  // All owners of a zone share the apex's labels at the start of their keys: compare
  // from where they differ, 8 bytes at a time as one integer first.
  size_t lcp = m_recs.empty() ? 0 : m_recs.front().key_len;
  for (const Rec& r : m_recs) {
    const uint8_t* a = keys + m_recs.front().key_off;
    const uint8_t* b = keys + r.key_off;
    size_t n = std::min<size_t>(lcp, r.key_len);
    size_t k = 0;
    while (k < n && a[k] == b[k]) {
      ++k;
    }
    lcp = k;
  }
  for (Rec& r : m_recs) {
    uint64_t p = 0;
    for (size_t k = 0; k < 8; ++k) {
      size_t at = lcp + k;
      p = (p << 8) | (at < r.key_len ? keys[r.key_off + at] : 0);
    }
    r.prefix = p;
  }
  // Sorting by rdata too puts duplicates next to each other (and the records of an
  // RRset in canonical order).
  auto less = [&](const Rec& a, const Rec& b) {
    if (a.prefix != b.prefix) {
      return a.prefix < b.prefix; // zero padding keeps shorter keys first, as memcmp does
    }
    int c = compare_rrset_keys(key_of(a), a.type, key_of(b), b.type);
    if (c != 0) {
      return c < 0;
    }
    auto ra = rdata_of(a);
    auto rb = rdata_of(b);
    return std::lexicographical_compare(ra.begin(), ra.end(), rb.begin(), rb.end());
  };
  // Big zones: each half on its own core, then one merge.
  if (m_recs.size() > 50000) {
    auto mid = m_recs.begin() + static_cast<std::ptrdiff_t>(m_recs.size() / 2);
    std::thread other([&] { std::sort(m_recs.begin(), mid, less); });
    std::sort(mid, m_recs.end(), less);
    other.join();
    std::inplace_merge(m_recs.begin(), mid, m_recs.end(), less);
  } else {
    std::sort(m_recs.begin(), m_recs.end(), less);
  }

  m_packed.reserve(m_rdata.size() + 2 * m_recs.size());
  m_records = 0;
  size_t i = 0;
  while (i < m_recs.size()) {
    const Rec& first = m_recs[i];
    RRset rs;
    rs.key_off = first.key_off;
    rs.key_len = first.key_len;
    rs.type = first.type;
    rs.data_off = static_cast<uint32_t>(m_packed.size());
    rs.line = first.line;
    rs.file = first.file;
    rs.ttl = first.ttl;
    size_t j = i;
    const Rec* prev = nullptr;
    for (; j < m_recs.size(); ++j) {
      const Rec& r = m_recs[j];
      if (compare_rrset_keys(key_of(first), first.type, key_of(r), r.type) != 0) {
        break;
      }
      if (r.file < rs.file || (r.file == rs.file && r.line < rs.line)) {
        rs.line = r.line;
        rs.file = r.file;
        rs.ttl = r.ttl;
      }
      auto rd = rdata_of(r);
      if (prev != nullptr && std::ranges::equal(rdata_of(*prev), rd)) {
        continue; // the same record twice: one copy
      }
      prev = &r;
      m_packed.push_back(static_cast<uint8_t>(rd.size() >> 8));
      m_packed.push_back(static_cast<uint8_t>(rd.size() & 0xff));
      m_packed.insert(m_packed.end(), rd.begin(), rd.end());
      ++rs.count;
    }
    for (size_t k = i; k < j; ++k) {
      const Rec& r = m_recs[k];
      if (r.ttl != rs.ttl && warnings.size() < 20) {
        std::string f = r.file < m_files.size() ? m_files[r.file] : "?";
        warnings.push_back(f + ":" + std::to_string(r.line) + ": TTL " + std::to_string(r.ttl)
                           + " differs from " + std::to_string(rs.ttl)
                           + ", the TTL of the RRset's first record (line "
                           + std::to_string(rs.line) + "): using " + std::to_string(rs.ttl));
      }
    }
    rs.data_len = static_cast<uint32_t>(m_packed.size() - rs.data_off);
    m_records += rs.count;
    m_sets.push_back(rs);
    i = j;
  }
  std::vector<Rec>().swap(m_recs);
  std::vector<uint8_t>().swap(m_rdata);
  return warnings;
}

} // namespace dnsctl::zone
