#include "core/dns/key_clause.hpp"

namespace dnsctl::dns {
namespace {

// BIND and NSD name keys without the root dot (as tsig-keygen prints them); a name
// with a dot at the end is a different key to NSD.
std::string bare(const std::string& name) {
  return name.size() > 1 && name.back() == '.' ? name.substr(0, name.size() - 1) : name;
}

} // namespace

bool parse_key_clause(std::string_view text, KeyClause& out) {
  if (text == "bind") {
    out = KeyClause::bind;
  } else if (text == "knot") {
    out = KeyClause::knot;
  } else if (text == "nsd") {
    out = KeyClause::nsd;
  } else {
    return false;
  }
  return true;
}

std::string key_clause(KeyClause kind,
                       const std::string& name,
                       const std::string& algorithm,
                       const std::string& secret) {
  switch (kind) {
  case KeyClause::bind:
    return "key \"" + bare(name) + "\" {\n\talgorithm " + algorithm + ";\n\tsecret \"" + secret
           + "\";\n};\n";
  case KeyClause::knot:
    return "key:\n  - id: " + name + "\n    algorithm: " + algorithm + "\n    secret: " + secret
           + "\n";
  case KeyClause::nsd:
    return "key:\n\tname: \"" + bare(name) + "\"\n\talgorithm: " + algorithm + "\n\tsecret: \""
           + secret + "\"\n";
  }
  return {};
}

} // namespace dnsctl::dns
