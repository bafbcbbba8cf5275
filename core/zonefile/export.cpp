#include "core/zonefile/export.hpp"

#include "core/dns/rrtype.hpp"
#include "core/dns/soa.hpp"
#include "core/store/rows.hpp"
#include "core/store/store.hpp"

namespace dnsctl::zonefile {
namespace {

// `name` is absolute and inside `zone` (both as stored: lower case, escaped).
std::string_view relative(std::string_view name, std::string_view zone) {
  if (name == zone) {
    return "@";
  }
  if (name.size() > zone.size() && name.substr(name.size() - zone.size()) == zone
      && name[name.size() - zone.size() - 1] == '.') {
    return name.substr(0, name.size() - zone.size() - 1);
  }
  return name;
}

} // namespace

Result<size_t> export_zone(store::Store& store, const model::Zone& zone, std::ostream& out) {
  return store.read([&]() -> Result<size_t> {
    size_t records = 1;
    out << "; zone " << zone.name << " serial " << zone.serial << ", exported by dnsctl "
        << DNSCTL_VERSION << "\n";
    out << "$ORIGIN " << zone.name << "\n";
    out << "$TTL " << zone.ttl << "\n";
    out << "@\t" << zone.ttl << "\tIN\tSOA\t"
        << dns::rdata_to_text(dns::rrtype::k_soa, dns::soa_rdata(zone)) << "\n";
    std::string type_text;
    std::string name;
    DNSCTL_TRY(store::for_each_text_row(store, zone.id, [&](const store::TextRow& row) {
      name.clear();
      dns::Name::append_text_from_sort_key(row.key.data(), row.key.size(), name);
      bool inherits = row.ttl < 0;
      std::string_view all = row.data;
      std::string_view owner = relative(name, zone.name);
      type_text = dns::type_to_text(row.type);
      size_t pos = 0;
      while (pos <= all.size()) {
        size_t end = all.find('\n', pos);
        std::string_view one =
            all.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        out << owner << '\t';
        if (!inherits) {
          out << row.ttl;
        }
        out << "\tIN\t" << type_text << '\t' << one << '\n';
        ++records;
        if (end == std::string_view::npos) {
          break;
        }
        pos = end + 1;
      }
    }));
    out.flush();
    if (!out) {
      return make_error(Errc::io, "writing the zone file failed");
    }
    return records;
  });
}

} // namespace dnsctl::zonefile
