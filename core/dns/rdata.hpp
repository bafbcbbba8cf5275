#pragma once
// Record data: presentation text <-> wire form, through libzscanner (text to wire) and
// libknot (wire to text). Nothing here parses rdata by hand.

#include "core/dns/name.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct zs_scanner;

namespace dnsctl::dns {

using Rdata = std::vector<uint8_t>;

// Parses one record's data. Reusable and cheap per call; create one per thread.
class RdataParser {
public:
  RdataParser();
  ~RdataParser();
  RdataParser(const RdataParser&) = delete;
  RdataParser& operator=(const RdataParser&) = delete;

  // `text` is the data part of a zone-file line ("10 mail", "\"v=spf1 -all\"");
  // relative names in it are relative to `origin`, as in a zone file. The result is
  // canonical wire form (RFC 4034 §6.2: names in rdata lower-cased), so two spellings
  // of one record compare equal. Errors quote libzscanner's reason.
  Result<Rdata> parse(const Name& origin, uint16_t type, std::string_view text);

private:
  std::unique_ptr<zs_scanner> m_scanner;
  Name m_origin;
  bool m_initialised = false;
  bool m_reinit = false;
};

// Presentation form of rdata (libknot's dump; names absolute), reusing its buffers.
class RdataPrinter {
public:
  void append(uint16_t type, const uint8_t* data, size_t size, std::string& out);

private:
  std::vector<uint8_t> m_rdata;
  std::vector<char> m_text;
};

// Presentation form of one rdata (libknot's dump; names absolute).
std::string rdata_to_text(uint16_t type, const Rdata& rdata);
std::string rdata_to_text(uint16_t type, const uint8_t* data, size_t size);

// Lower-cases the names inside rdata where RFC 4034 §6.2 says so.
void canonicalize(uint16_t type, Rdata& rdata);
void canonicalize(uint16_t type, uint8_t* data, size_t size);

// An RRset's rdata packed into one blob for the store: for each record a 16-bit
// big-endian length, then the bytes.
std::vector<uint8_t> pack_rdata(const std::vector<Rdata>& records);
std::vector<Rdata> unpack_rdata(const uint8_t* blob, size_t size);

} // namespace dnsctl::dns
