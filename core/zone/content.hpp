#pragma once
// A zone's RRsets in canonical order, held compactly: records go into one arena as
// they are parsed, finish() sorts and groups them. A million-record zone takes tens
// of MiB here; this is what an import builds and what `--replace` diffs against the
// store. Ordering is the store's: owner sort key (memcmp, then length), then type.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace dnsctl::zone {

class ZoneContent {
public:
  struct RRset {
    uint32_t key_off = 0;
    uint32_t data_off = 0; // packed rdata (dns::pack_rdata form)
    uint32_t data_len = 0;
    uint32_t ttl = 0;
    uint32_t line = 0; // where its first record was read
    uint16_t key_len = 0;
    uint16_t type = 0;
    uint16_t file = 0;  // index into files()
    uint32_t count = 0; // records
  };

  // A record with an uncompressed wire owner. Owners are lower-cased here; rdata must
  // already be canonical (dns::canonicalize).
  void add(const uint8_t* owner_wire,
           uint16_t type,
           uint32_t ttl,
           std::span<const uint8_t> rdata,
           uint32_t line,
           uint16_t file);

  uint16_t add_file(std::string name);
  const std::vector<std::string>& files() const { return m_files; }

  // Sorts and groups the records into RRsets: duplicates collapse, an RRset takes the
  // TTL of its first record in the file (as BIND does); each mismatch is reported as
  // "file:line: ..." in the result.
  std::vector<std::string> finish();

  const std::vector<RRset>& rrsets() const { return m_sets; }
  std::span<const uint8_t> key(const RRset& rs) const {
    return {m_keys.data() + rs.key_off, rs.key_len};
  }
  std::span<const uint8_t> packed(const RRset& rs) const {
    return {m_packed.data() + rs.data_off, rs.data_len};
  }
  size_t records() const { return m_records; }
  std::string where(const RRset& rs) const; // "file:line"

  // Appends what `other` read (another thread's half of the same file).
  void absorb(ZoneContent&& other);
  // Forgets the records read from file index `file` onwards (before finish()).
  void truncate_to_file(uint16_t file);

  // Drops an RRset (after finish()): used for the SOA and apex NS, which dnsctl manages.
  void erase(size_t index) { m_sets.erase(m_sets.begin() + static_cast<std::ptrdiff_t>(index)); }

private:
  struct Rec {
    uint64_t prefix; // 8 key bytes after the prefix all keys share: most compares end here
    uint32_t key_off;
    uint32_t rdata_off;
    uint32_t ttl;
    uint32_t line;
    uint16_t key_len;
    uint16_t rdata_len;
    uint16_t type;
    uint16_t file;
  };

  std::vector<Rec> m_recs;
  std::vector<uint8_t> m_keys;
  std::vector<uint8_t> m_rdata;
  std::vector<uint8_t> m_packed;
  std::vector<RRset> m_sets;
  std::vector<std::string> m_files;
  size_t m_records = 0;
};

// Compares (key, type) in the store's order.
int compare_rrset_keys(std::span<const uint8_t> a,
                       uint16_t at,
                       std::span<const uint8_t> b,
                       uint16_t bt);

} // namespace dnsctl::zone
