#include "backends/nsd4/config_text.hpp"

#include "backends/config_text.hpp"

namespace dnsctl::backends::nsd4 {

std::string key_clause(const model::TsigKey& key) {
  return "key:\n\tname: \"" + bare_key_name(key.name) + "\"\n\talgorithm: " + key.algorithm
         + "\n\tsecret: \"" + key.secret + "\"\n";
}

} // namespace dnsctl::backends::nsd4
