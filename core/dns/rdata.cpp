#include "core/dns/rdata.hpp"

#include "core/dns/knot.hpp"
#include "core/dns/rrtype.hpp"
#include "core/util/text.hpp"

#include <array>

namespace dnsctl::dns {

RdataParser::RdataParser()
    : m_scanner(std::make_unique<zs_scanner_t>()) {}

RdataParser::~RdataParser() {
  if (m_initialised) {
    zs_deinit(m_scanner.get());
  }
}

Result<Rdata> RdataParser::parse(const Name& origin, uint16_t type, std::string_view text) {
  // The data is pasted into one zone-file line, so anything that would end the line,
  // start another record or hide a part of it in a comment is refused up front.
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\0') {
      return make_error(Errc::invalid_input, "line break or NUL in record data");
    }
  }
  if (text::trim(text).empty()) {
    return make_error(Errc::invalid_input, "empty " + type_to_text(type) + " data");
  }

  if (!m_initialised || m_reinit || m_origin != origin) {
    m_reinit = false;
    if (m_initialised) {
      zs_deinit(m_scanner.get());
    }
    if (zs_init(m_scanner.get(), origin.to_text().c_str(), KNOT_CLASS_IN, 3600) != 0) {
      return make_error(Errc::internal, "zone scanner init failed");
    }
    m_initialised = true;
    m_origin = origin;
  }
  std::string line = "@ 0 IN " + type_to_text(type) + " ";
  line.append(text);
  line += '\n';
  zs_scanner_t* s = m_scanner.get();
  if (zs_set_input_string(s, line.data(), line.size()) != 0) {
    return make_error(Errc::internal, "zone scanner input failed");
  }
  if (zs_parse_record(s) != 0 || s->state != ZS_STATE_DATA) {
    // After an error the scanner's state machine is not reliably reset by the next
    // zs_set_input_string: start afresh on the next call.
    m_reinit = true;
    std::string why = s->error.code != 0 ? zs_strerror(s->error.code) : "incomplete";
    return make_error(Errc::invalid_input,
                      "invalid " + type_to_text(type) + " data " + text::quote(text) + ": " + why);
  }
  if (s->r_type != type) {
    m_reinit = true;
    return make_error(Errc::invalid_input,
                      "invalid " + type_to_text(type) + " data " + text::quote(text));
  }
  // A ';' outside quotes starts a comment: the scanner keeps it in buffer[], and we
  // refuse it rather than store a record that silently lost its tail.
  if (s->buffer_length > 0) {
    return make_error(Errc::invalid_input,
                      "record data " + text::quote(text)
                          + " contains an unquoted ';' (quote or escape it as \\;)");
  }
  Rdata rdata(s->r_data, s->r_data + s->r_data_length);
  if (zs_parse_record(s) != 0 || s->state != ZS_STATE_EOF) {
    m_reinit = true;
    return make_error(Errc::invalid_input,
                      "record data " + text::quote(text) + " holds more than one record");
  }
  canonicalize(type, rdata);
  return rdata;
}

void canonicalize(uint16_t type, uint8_t* data, size_t size) {
  if (!knot_rrtype_should_be_lowercased(type) || size == 0 || size > 65535) {
    return;
  }
  // Over our own buffer, as RdataPrinter does: this runs once per imported record.
  thread_local std::vector<uint8_t> buf;
  buf.resize(knot_rdata_size(static_cast<uint16_t>(size)));
  auto* rd = reinterpret_cast<knot_rdata_t*>(buf.data()); // NOLINT: libknot's layout
  knot_rdata_init(rd, static_cast<uint16_t>(size), data);
  static std::array<uint8_t, 1> k_root{0};
  knot_rrset_t rr;
  knot_rrset_init(&rr, k_root.data(), type, KNOT_CLASS_IN, 0);
  rr.rrs.count = 1;
  rr.rrs.size = static_cast<uint32_t>(buf.size());
  rr.rrs.rdata = rd;
  knot_rrset_rr_to_canonical(&rr);
  std::copy(rd->data, rd->data + size, data);
}

void canonicalize(uint16_t type, Rdata& rdata) {
  canonicalize(type, rdata.data(), rdata.size());
}

void RdataPrinter::append(uint16_t type, const uint8_t* data, size_t size, std::string& out) {
  if (size > 65535) {
    out += '?';
    return;
  }
  // A one-record knot_rrset_t over our own buffers: no allocation per record, which
  // matters when a million records are printed for an import or an export.
  m_rdata.resize(knot_rdata_size(static_cast<uint16_t>(size)));
  auto* rd = reinterpret_cast<knot_rdata_t*>(m_rdata.data()); // NOLINT: libknot's layout
  knot_rdata_init(rd, static_cast<uint16_t>(size), data);
  static std::array<uint8_t, 1> k_root{0};
  knot_rrset_t rr;
  knot_rrset_init(&rr, k_root.data(), type, KNOT_CLASS_IN, 0);
  rr.rrs.count = 1;
  rr.rrs.size = static_cast<uint32_t>(m_rdata.size());
  rr.rrs.rdata = rd;
  if (m_text.size() < size * 4 + 256) {
    m_text.resize(size * 4 + 256);
  }
  for (int attempt = 0; attempt < 4; ++attempt) {
    int n =
        knot_rrset_txt_dump_data(&rr, 0, m_text.data(), m_text.size(), &KNOT_DUMP_STYLE_DEFAULT);
    if (n >= 0) {
      // libknot leaves a trailing blank after some types (CAA): not part of the data.
      auto len = static_cast<size_t>(n);
      while (len > 0 && m_text[len - 1] == ' ') {
        --len;
      }
      out.append(m_text.data(), len);
      return;
    }
    m_text.resize(m_text.size() * 4);
  }
  out += '?';
}

std::string rdata_to_text(uint16_t type, const uint8_t* data, size_t size) {
  thread_local RdataPrinter printer;
  std::string out;
  printer.append(type, data, size, out);
  return out;
}

std::string rdata_to_text(uint16_t type, const Rdata& rdata) {
  return rdata_to_text(type, rdata.data(), rdata.size());
}

std::vector<uint8_t> pack_rdata(const std::vector<Rdata>& records) {
  size_t total = 0;
  for (const auto& r : records) {
    total += 2 + r.size();
  }
  std::vector<uint8_t> blob;
  blob.reserve(total);
  for (const auto& r : records) {
    blob.push_back(static_cast<uint8_t>(r.size() >> 8));
    blob.push_back(static_cast<uint8_t>(r.size() & 0xff));
    blob.insert(blob.end(), r.begin(), r.end());
  }
  return blob;
}

std::vector<Rdata> unpack_rdata(const uint8_t* blob, size_t size) {
  std::vector<Rdata> out;
  size_t off = 0;
  while (off + 2 <= size) {
    size_t len = (static_cast<size_t>(blob[off]) << 8) | blob[off + 1];
    off += 2;
    if (off + len > size) {
      break; // a damaged blob: keep what was whole
    }
    out.emplace_back(blob + off, blob + off + len);
    off += len;
  }
  return out;
}

} // namespace dnsctl::dns
