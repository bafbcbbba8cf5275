#include "backends/bind9/bind9_backend.hpp"

namespace dnsctl::backends::bind9 {

const BackendInfo& info() {
  static const BackendInfo k_info{
      "bind9",
      "BIND 9 driven by rndc addzone/delzone",
      {
          {"host", OptionKind::host, "127.0.0.1", "address the target is NOTIFYed at"},
          {"port", OptionKind::port, "53", "port the target is NOTIFYed at"},
          {"rndc_host", OptionKind::host, "127.0.0.1", "rndc -s"},
          {"rndc_port", OptionKind::port, "953", "rndc -p"},
          {"rndc_config_file", OptionKind::path, "", "rndc -c"},
          {"rndc_key_file", OptionKind::path, "", "rndc -k"},
          {"rndc_bin_path", OptionKind::path, "rndc", "the rndc program"},
          {"rndc_timeout", OptionKind::seconds, "0", "seconds before rndc is killed (0: none)"},
          {"view", OptionKind::token, "", "adds `in VIEW` after the zone name"},
          {"clean_zonefile", OptionKind::boolean, "false", "delzone -clean"},
      }};
  return k_info;
}

} // namespace dnsctl::backends::bind9
