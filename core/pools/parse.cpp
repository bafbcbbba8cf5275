#include "core/pools/parse.hpp"

#include "backends/backend.hpp"
#include "core/dns/name.hpp"
#include "core/model/pool_attributes.hpp"
#include "core/pools/schema.hpp"
#include "core/util/input_file.hpp"
#include "core/util/net.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <arpa/inet.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace dnsctl::pools {
namespace {

using model::Pool;

// Collects every problem with its place in the file.
class Reporter {
public:
  explicit Reporter(std::string file)
      : m_file(std::move(file)) {}

  void add(const YAML::Node& at, const std::string& path, const std::string& message) {
    auto m = at.Mark();
    add_at(m.line + 1, m.column + 1, path, message);
  }
  void add_at(int line, int column, const std::string& path, const std::string& message) {
    std::string loc = m_file;
    if (line > 0) {
      loc += ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    m_lines.push_back(loc + ": " + (path.empty() ? "" : path + ": ") + message);
  }
  // Not an error: the file applies, and the line is handed back to be shown.
  void warn(const YAML::Node& at, const std::string& path, const std::string& message) {
    auto m = at.Mark();
    size_t before = m_lines.size();
    add_at(m.line + 1, m.column + 1, path, message);
    m_warnings.push_back(m_lines.back());
    m_lines.resize(before);
  }
  const std::vector<std::string>& warnings() const { return m_warnings; }
  bool ok() const { return m_lines.empty(); }
  Error error() const { return make_error(Errc::invalid_input, text::join(m_lines, "\n")); }

private:
  std::string m_file;
  std::vector<std::string> m_lines;
  std::vector<std::string> m_warnings;
};

model::SourceMark mark_of(const YAML::Node& n) {
  auto m = n.Mark();
  return {m.line + 1, m.column + 1};
}

std::string kind_name(const YAML::Node& n) {
  switch (n.Type()) {
  case YAML::NodeType::Map:
    return "a mapping";
  case YAML::NodeType::Sequence:
    return "a list";
  case YAML::NodeType::Scalar:
    return "a scalar";
  case YAML::NodeType::Null:
    return "empty";
  default:
    return "undefined";
  }
}

class Parser {
public:
  Parser(Reporter& r, ParseOptions o)
      : m_r(r)
      , m_options(o) {}

  std::vector<Pool> pools(const YAML::Node& root) {
    std::vector<Pool> out;
    if (root.IsNull()) {
      return out;
    }
    if (!root.IsSequence()) {
      m_r.add(root,
              "",
              "the file must be a list of pools (each starting with \"- name: ...\"), "
              "not "
                  + kind_name(root));
      return out;
    }
    std::map<std::string, std::string> names;
    std::map<std::string, std::string> ids;
    for (size_t i = 0; i < root.size(); ++i) {
      std::string path = "pools[" + std::to_string(i) + "]";
      Pool p = pool(root[i], path);
      if (!p.name.empty() && !names.emplace(p.name, path).second) {
        m_r.add(root[i]["name"],
                path + ".name",
                "duplicate pool name " + text::quote(p.name) + " (also " + names[p.name] + ")");
      }
      if (!p.uuid.empty() && !ids.emplace(p.uuid, path).second) {
        m_r.add(root[i]["id"],
                path + ".id",
                "duplicate pool id " + p.uuid + " (also " + ids[p.uuid] + ")");
      }
      out.push_back(std::move(p));
    }
    return out;
  }

private:
  // Checks the mapping's keys against the schema table; false when not a mapping.
  bool check_keys(const YAML::Node& n, const std::string& path, const KeyTable& table) {
    if (!n.IsMap()) {
      m_r.add(n, path, "expected a mapping with keys " + table.names() + ", got " + kind_name(n));
      return false;
    }
    std::set<std::string> seen;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar()) {
        m_r.add(kv.first, path, "keys must be plain words");
        continue;
      }
      std::string key = kv.first.Scalar();
      if (!seen.insert(key).second) {
        m_r.add(kv.first, join(path, key), "duplicate key");
      } else if (table.find(key) == nullptr) {
        m_r.add(kv.first, join(path, key), "unknown key (expected one of " + table.names() + ")");
      }
    }
    for (const auto& spec : table.keys) {
      if (spec.required && !n[spec.name]) {
        m_r.add(n, join(path, spec.name), "required key is missing");
      }
    }
    return true;
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  // A scalar as text; nullopt (reported) when the node is a list or mapping.
  std::optional<std::string> scalar(const YAML::Node& n, const std::string& path) {
    if (n.IsNull()) {
      return std::string();
    }
    if (!n.IsScalar()) {
      m_r.add(n, path, "expected a single value, got " + kind_name(n));
      return std::nullopt;
    }
    return n.Scalar();
  }

  std::string string_field(const YAML::Node& n, const std::string& path, size_t max_len) {
    auto v = scalar(n, path);
    if (!v) {
      return "";
    }
    if (v->size() > max_len) {
      m_r.add(n, path, "longer than " + std::to_string(max_len) + " characters");
    }
    for (char c : *v) {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
        m_r.add(n, path, "control character in value");
        break;
      }
    }
    return *v;
  }

  std::optional<uint64_t> uint_field(
      const YAML::Node& n, const std::string& path, uint64_t min, uint64_t max, const char* what) {
    auto v = scalar(n, path);
    if (!v) {
      return std::nullopt;
    }
    auto num = text::parse_uint(*v, min, max);
    if (!num) {
      m_r.add(n,
              path,
              "invalid " + std::string(what) + " " + text::quote(*v) + " (expected "
                  + std::to_string(min) + ".." + std::to_string(max) + ")");
    }
    return num;
  }

  std::string host_field(const YAML::Node& n, const std::string& path) {
    auto v = scalar(n, path);
    if (!v) {
      return "";
    }
    auto h = normalize_host(*v);
    if (!h) {
      m_r.add(n, path, h.error().message);
      return "";
    }
    return *h;
  }

  std::string name_field(const YAML::Node& n, const std::string& path) {
    auto v = scalar(n, path);
    if (!v) {
      return "";
    }
    auto name = dns::Name::parse(*v);
    if (!name) {
      m_r.add(n, path, "invalid name " + text::quote(*v) + ": " + name.error().message);
      return "";
    }
    if (auto ok = dns::check_host_name(*name, 1); !ok) {
      m_r.add(n, path, "invalid host name " + text::quote(*v) + ": " + ok.error().message);
      return "";
    }
    return name->to_text();
  }

  template <class F>
  void each(const YAML::Node& n, const std::string& path, F&& f) {
    if (!n || n.IsNull()) {
      return;
    }
    if (!n.IsSequence()) {
      m_r.add(n, path, "expected a list, got " + kind_name(n));
      return;
    }
    for (size_t i = 0; i < n.size(); ++i) {
      f(n[i], path + "[" + std::to_string(i) + "]");
    }
  }

  model::KeyValues key_values(const YAML::Node& n, const std::string& path, size_t max_len) {
    model::KeyValues out;
    if (!n || n.IsNull()) {
      return out;
    }
    if (!n.IsMap()) {
      m_r.add(n, path, "expected a mapping, got " + kind_name(n));
      return out;
    }
    std::set<std::string> seen;
    for (const auto& kv : n) {
      auto key = scalar(kv.first, path);
      if (!key) {
        continue;
      }
      std::string kpath = path + "." + *key;
      if (!seen.insert(*key).second) {
        m_r.add(kv.first, kpath, "duplicate key");
        continue;
      }
      if (key->empty() || key->size() > max_len) {
        m_r.add(kv.first, kpath, "keys are 1.." + std::to_string(max_len) + " characters");
      }
      out.emplace_back(*key, string_field(kv.second, kpath, 255));
    }
    return out;
  }

  model::HostPort host_port(const YAML::Node& n,
                            const std::string& path,
                            uint16_t default_port,
                            bool keyed = false) {
    model::HostPort hp;
    hp.mark = mark_of(n);
    if (!check_keys(n, path, keyed ? nameserver_keys() : host_port_keys())) {
      return hp;
    }
    if (keyed && n["tsigkey_id"] && !n["tsigkey_id"].IsNull()) {
      hp.tsigkey_id = text::lower(string_field(n["tsigkey_id"], path + ".tsigkey_id", 36));
      if (!uuid::is_valid(hp.tsigkey_id)) {
        m_r.add(n["tsigkey_id"], path + ".tsigkey_id", "not a uuid: " + text::quote(hp.tsigkey_id));
      }
    }
    hp.host = host_field(n["host"], path + ".host");
    hp.port = default_port;
    if (n["port"]) {
      if (auto p = uint_field(n["port"], path + ".port", 1, 65535, "port")) {
        hp.port = static_cast<uint16_t>(*p);
      }
    }
    return hp;
  }

  std::vector<model::HostPort> host_ports(const YAML::Node& n,
                                          const std::string& path,
                                          uint16_t default_port,
                                          const char* what) {
    std::vector<model::HostPort> out;
    std::map<std::string, std::string> seen;
    each(n, path, [&](const YAML::Node& item, const std::string& ipath) {
      auto hp = host_port(item, ipath, default_port, std::string_view(what) == "nameserver");
      std::string key = hp.host + "#" + std::to_string(hp.port);
      if (!hp.host.empty() && !seen.emplace(key, ipath).second) {
        m_r.add(item,
                ipath,
                std::string("duplicate ") + what + " " + hp.host + " port "
                    + std::to_string(hp.port) + " (also " + seen[key] + ")");
      }
      out.push_back(hp);
    });
    return out;
  }

  model::Target target(const YAML::Node& n, const std::string& path) {
    model::Target t;
    t.mark = mark_of(n);
    if (!check_keys(n, path, target_keys())) {
      return t;
    }
    t.type = string_field(n["type"], path + ".type", 50);
    const backends::BackendInfo* backend = backends::find(t.type);
    if (n["type"] && backend == nullptr) {
      m_r.add(n["type"],
              path + ".type",
              "unknown backend " + text::quote(t.type) + " (expected "
                  + text::join(backends::types(), ", ") + ")");
    } else if (backend != nullptr && backend->unsupported && !m_options.skip_verify_drivers) {
      m_r.add(n["type"],
              path + ".type",
              text::quote(t.type) + " is a Designate backend dnsctl does not drive"
                  + (backend->hint.empty() ? "" : " (" + backend->hint + ")") + "; dnsctl drives "
                  + text::join(backends::types(), ", ")
                  + "; pool update --skip-verify-drivers stores it anyway and sync skips it");
    }
    if (n["description"]) {
      t.description = string_field(n["description"], path + ".description", 160);
    }
    t.masters = host_ports(n["masters"], path + ".masters", 5354, "master");
    if (n["tsigkey_id"] && !n["tsigkey_id"].IsNull()) {
      t.tsigkey_id = text::lower(string_field(n["tsigkey_id"], path + ".tsigkey_id", 36));
      if (!uuid::is_valid(t.tsigkey_id)) {
        m_r.add(n["tsigkey_id"], path + ".tsigkey_id", "not a uuid: " + text::quote(t.tsigkey_id));
      }
    }
    t.options = key_values(n["options"], path + ".options", 255);
    if (backend == nullptr || backend->unsupported) {
      return t;
    }
    if (t.masters.empty() && t.type != "fake") {
      m_r.add(n, path + ".masters", "a target needs masters: the mdns addresses it transfers from");
    }
    // Key and certificate files may live on the host that runs sync, not this one.
    for (const auto& [key, value] : t.options) {
      const backends::OptionSpec* spec = backend->option(key);
      if (spec != nullptr && spec->kind == backends::OptionKind::file
          && ::access(value.c_str(), R_OK) != 0) {
        std::string kpath = path;
        kpath.append(".options.").append(key);
        m_r.warn(n["options"][key],
                 kpath,
                 value
                     + " is missing or unreadable here; sync fails on this target until it "
                       "can read it");
      }
    }
    // The backend's own checks, as the factory that sync will call makes them.
    if (auto made = backends::make(t); !made) {
      const std::string& where = made.error().where;
      const YAML::Node& at = where.rfind("options.", 0) == 0 ? n["options"][where.substr(8)]
                             : where == "masters"            ? n["masters"]
                             : where == "options"            ? n["options"]
                                                             : n;
      m_r.add(at ? at : n, path + (where.empty() ? "" : "." + where), made.error().message);
    }
    return t;
  }

  std::optional<model::CatalogZone> catalog(const YAML::Node& n, const std::string& path) {
    if (!n || n.IsNull()) {
      return std::nullopt;
    }
    if (!check_keys(n, path, catalog_keys())) {
      return std::nullopt;
    }
    model::CatalogZone c;
    c.fqdn = name_field(n["catalog_zone_fqdn"], path + ".catalog_zone_fqdn");
    if (n["catalog_zone_refresh"] && !n["catalog_zone_refresh"].IsNull()) {
      if (auto v = uint_field(n["catalog_zone_refresh"],
                              path + ".catalog_zone_refresh",
                              0,
                              2147483647,
                              "refresh")) {
        c.refresh = static_cast<uint32_t>(*v);
      }
    }
    if (n["catalog_zone_tsig_key"]) {
      c.tsig_key = string_field(n["catalog_zone_tsig_key"], path + ".catalog_zone_tsig_key", 160);
    }
    if (n["catalog_zone_tsig_algorithm"]) {
      c.tsig_algorithm = text::lower(string_field(
          n["catalog_zone_tsig_algorithm"], path + ".catalog_zone_tsig_algorithm", 20));
      static const std::set<std::string> k_algs{
          "hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512"};
      if (!c.tsig_algorithm.empty() && !k_algs.contains(c.tsig_algorithm)) {
        m_r.add(n["catalog_zone_tsig_algorithm"],
                path + ".catalog_zone_tsig_algorithm",
                "unknown algorithm " + text::quote(c.tsig_algorithm)
                    + " (expected hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, "
                      "hmac-sha512)");
      }
    }
    return c;
  }

  Pool pool(const YAML::Node& n, const std::string& path) {
    Pool p;
    p.mark = mark_of(n);
    if (!check_keys(n, path, pool_keys())) {
      return p;
    }
    p.name = string_field(n["name"], path + ".name", 50);
    if (n["name"] && p.name.empty()) {
      m_r.add(n["name"], path + ".name", "a pool needs a name");
    }
    if (n["id"] && !n["id"].IsNull()) {
      p.uuid = text::lower(string_field(n["id"], path + ".id", 36));
      if (!uuid::is_valid(p.uuid)) {
        m_r.add(n["id"], path + ".id", "not a uuid: " + text::quote(p.uuid));
      }
    }
    if (n["description"]) {
      p.description = string_field(n["description"], path + ".description", 160);
    }
    p.attributes = key_values(n["attributes"], path + ".attributes", 50);
    // The attributes sync reads are checked now, with their line, not at sync time.
    model::PollAttributes poll;
    for (const auto& [key, value] : p.attributes) {
      if (auto ok = model::parse_poll_attribute(key, value, poll); !ok) {
        std::string where = path;
        where.append(".attributes.").append(key);
        m_r.add(n["attributes"][key], where, ok.error().message);
      }
    }

    std::map<std::string, std::string> ns_seen;
    each(n["ns_records"], path + ".ns_records", [&](const YAML::Node& item, const std::string& ip) {
      model::NsRecord r;
      r.mark = mark_of(item);
      if (!check_keys(item, ip, ns_record_keys())) {
        return;
      }
      r.hostname = name_field(item["hostname"], ip + ".hostname");
      if (item["priority"]) {
        if (auto v = uint_field(item["priority"], ip + ".priority", 1, 10000, "priority")) {
          r.priority = static_cast<int>(*v);
        }
      }
      if (!r.hostname.empty() && !ns_seen.emplace(r.hostname, ip).second) {
        m_r.add(
            item, ip, "duplicate ns_record " + r.hostname + " (also " + ns_seen[r.hostname] + ")");
      }
      p.ns_records.push_back(r);
    });
    p.nameservers = host_ports(n["nameservers"], path + ".nameservers", 53, "nameserver");
    each(n["targets"], path + ".targets", [&](const YAML::Node& item, const std::string& ip) {
      p.targets.push_back(target(item, ip));
    });
    p.also_notifies = host_ports(n["also_notifies"], path + ".also_notifies", 53, "also_notify");
    p.catalog_zone = catalog(n["catalog_zone"], path + ".catalog_zone");
    return p;
  }

  Reporter& m_r;
  ParseOptions m_options;
};

} // namespace

Result<std::string> normalize_host(std::string_view host) {
  std::string h = text::trim(host);
  if (h.empty()) {
    return make_error(Errc::invalid_input, "empty host");
  }
  if (auto ip = net::IpAddress::parse(h)) {
    return ip->text();
  }
  auto name = dns::Name::parse(h);
  if (!name) {
    return make_error(Errc::invalid_input,
                      "invalid host " + text::quote(host)
                          + " (expected an IP address or a host name)");
  }
  if (auto ok = dns::check_host_name(*name, 1); !ok) {
    return make_error(Errc::invalid_input,
                      "invalid host " + text::quote(host)
                          + " (expected an IP address or a host name: " + ok.error().message + ")");
  }
  return name->to_text();
}

Result<std::vector<Pool>>
parse_text(std::string_view yaml, const std::string& display_name, const ParseOptions& options) {
  Reporter reporter(display_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp says only "bad file" here.
    reporter.add_at(e.mark.line + 1,
                    e.mark.column + 1,
                    "",
                    "malformed YAML: nested " + std::to_string(e.depth())
                        + " levels deep; a pools.yaml needs about 5");
    return reporter.error();
  } catch (const YAML::ParserException& e) {
    reporter.add_at(e.mark.line + 1, e.mark.column + 1, "", "malformed YAML: " + e.msg);
    return reporter.error();
  } catch (const YAML::Exception& e) {
    reporter.add_at(0, 0, "", std::string("malformed YAML: ") + e.what());
    return reporter.error();
  }
  std::vector<Pool> pools;
  try {
    pools = Parser(reporter, options).pools(root);
  } catch (const YAML::Exception& e) {
    reporter.add_at(e.mark.line + 1, e.mark.column + 1, "", e.msg);
  }
  if (options.warnings != nullptr) {
    *options.warnings = reporter.warnings();
  }
  if (!reporter.ok()) {
    return reporter.error();
  }
  return pools;
}

Result<std::vector<Pool>> parse_file(const std::string& path, const ParseOptions& options) {
  // Designate's pools.yaml files are a few kB: 4 MiB is room for thousands of pools,
  // and a 44 MB file took yaml-cpp 46 s and 2.2 GB before it said anything.
  util::InputLimits limits;
  limits.max_bytes = size_t{4} << 20;
  DNSCTL_TRY_ASSIGN(auto text, util::read_input_file(path, limits));
  return parse_text(text, path, options);
}

} // namespace dnsctl::pools
