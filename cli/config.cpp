#include "cli/context.hpp"
#include "core/util/log.hpp"
#include "core/util/text.hpp"
#include "core/zone/scheduler.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <type_traits>

namespace dnsctl::cli {
namespace {

using Setter = std::function<Status(model::Settings&, const std::vector<std::string>&)>;

Status one(const std::vector<std::string>& v, std::string& out) {
  if (v.size() != 1) {
    return make_error(Errc::invalid_input, "expected one value");
  }
  out = v.front();
  return {};
}

Setter string_key(std::string model::Settings::*field) {
  return
      [field](model::Settings& s, const std::vector<std::string>& v) { return one(v, s.*field); };
}

Setter ttl_key(const std::function<uint32_t&(model::Settings&)>& field) {
  return [field](model::Settings& s, const std::vector<std::string>& v) -> Status {
    std::string raw;
    DNSCTL_TRY(one(v, raw));
    auto t = text::parse_ttl(raw);
    if (!t || *t > 2147483647u) {
      return make_error(Errc::invalid_input, "invalid duration " + text::quote(raw));
    }
    field(s) = *t;
    return {};
  };
}

Setter seconds_key(std::chrono::milliseconds model::Settings::*field) {
  return [field](model::Settings& s, const std::vector<std::string>& v) -> Status {
    std::string raw;
    if (auto ok = one(v, raw); !ok) {
      return ok;
    }
    auto t = text::parse_seconds(raw);
    if (!t) {
      return make_error(Errc::invalid_input,
                        "invalid number of seconds " + text::quote(raw) + " (0..86400)");
    }
    s.*field = *t;
    return {};
  };
}

// A whole number in [min, max] into the int or uint32_t setting `field_of` picks.
template <class FieldOf>
Setter number_in(FieldOf field_of, uint64_t min, uint64_t max) {
  return [=](model::Settings& s, const std::vector<std::string>& v) -> Status {
    std::string raw;
    DNSCTL_TRY(one(v, raw));
    auto n = text::parse_uint(raw, min, max);
    if (!n) {
      return make_error(Errc::invalid_input,
                        "invalid value " + text::quote(raw) + " (expected " + std::to_string(min)
                            + ".." + std::to_string(max) + ")");
    }
    auto& field = field_of(s);
    field = static_cast<std::remove_reference_t<decltype(field)>>(*n);
    return {};
  };
}

template <class T>
Setter number_key(T model::Settings::*field, uint64_t min, uint64_t max) {
  return number_in([field](model::Settings& s) -> T& { return s.*field; }, min, max);
}

Status boolean(const std::vector<std::string>& v, bool& out) {
  std::string raw;
  DNSCTL_TRY(one(v, raw));
  std::string l = text::lower(raw);
  if (l != "true" && l != "false" && l != "yes" && l != "no" && l != "1" && l != "0") {
    return make_error(Errc::invalid_input, "expected true or false, not " + text::quote(raw));
  }
  out = l == "true" || l == "yes" || l == "1";
  return {};
}

// Items separated by commas, spaces or both (oslo.config's ListOpt).
std::vector<std::string> list_of(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const auto& item : v) {
    for (const auto& comma : text::split(item, ',')) {
      for (const auto& part : text::split(comma, ' ')) {
        if (!part.empty()) {
          out.push_back(part);
        }
      }
    }
  }
  return out;
}

// The keys of one [handler:NAME] section.
void add_handler_keys(std::map<std::string, Setter>& keys, const std::string& name) {
  std::string section = "handler:" + name + ".";
  keys[section + "zone_id"] = [name](model::Settings& s, const std::vector<std::string>& v) {
    return one(v, s.sink.handlers[name].zone_id);
  };
  // MultiStrOpt: each line adds a format (a record each).
  for (const char* f : {"formatv4", "formatv6"}) {
    keys[section + f] = [name, f](model::Settings& s, const std::vector<std::string>& v) -> Status {
      auto& h = s.sink.handlers[name];
      auto& list = std::string(f) == "formatv4" ? h.formatv4 : h.formatv6;
      list.insert(list.end(), v.begin(), v.end());
      return {};
    };
  }
  keys[section + "create_ptr"] = [name](model::Settings& s, const std::vector<std::string>& v) {
    return boolean(v, s.sink.handlers[name].create_ptr);
  };
  // Designate's keys of the same section, taken as they are: what dnsctl does instead
  // is said once, and nothing is refused.
  keys[section + "notification_topics"] = [name](model::Settings& s,
                                                 const std::vector<std::string>& v) -> Status {
    log::warning("[handler:" + name + "] notification_topics " + text::join(list_of(v), ",")
                 + ": dnsctl binds one queue for every handler with the routing key [sink] "
                   "topic + \".info\" (now "
                 + s.sink.topic + ".info); set [sink] topic to change it");
    return {};
  };
  keys[section + "control_exchange"] = [name](model::Settings& s,
                                              const std::vector<std::string>& v) -> Status {
    log::warning("[handler:" + name + "] control_exchange " + text::join(v, ",")
                 + ": dnsctl binds its queue to every exchange of [sink] exchanges (now "
                 + text::join(s.sink.exchanges, ", ") + "); set that to change them");
    return {};
  };
  keys[section + "format"] = [name](model::Settings&, const std::vector<std::string>&) -> Status {
    log::warning("[handler:" + name
                 + "] format is deprecated and ignored, as Designate ignores it: use formatv4 "
                   "and formatv6");
    return {};
  };
}

// The edit distance of two keys (Levenshtein), for "did you mean".
size_t distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// [api] (Designate's [service:api]) and [keystone_authtoken] (keystonemiddleware's
// names).
void add_api_keys(std::map<std::string, Setter>& k) {
  auto text_key = [](std::string model::ApiSettings::*field) -> Setter {
    return [field](model::Settings& s, const std::vector<std::string>& v) {
      return one(v, s.api.*field);
    };
  };
  auto count_key = [](uint32_t model::ApiSettings::*field, uint64_t min, uint64_t max) {
    return number_in([field](model::Settings& s) -> uint32_t& { return s.api.*field; }, min, max);
  };
  k["api.listen"] = text_key(&model::ApiSettings::listen);
  k["api.auth_strategy"] = [](model::Settings& s, const std::vector<std::string>& v) -> Status {
    DNSCTL_TRY(one(v, s.api.auth_strategy));
    const auto& a = s.api.auth_strategy;
    if (a != "keystone" && a != "token_file" && a != "noauth") {
      return make_error(Errc::invalid_input,
                        "unknown strategy " + text::quote(a)
                            + " (expected keystone, token_file or noauth)");
    }
    return {};
  };
  k["api.token_file"] = text_key(&model::ApiSettings::token_file);
  k["api.default_project"] = text_key(&model::ApiSettings::default_project);
  k["api.api_base_uri"] = text_key(&model::ApiSettings::api_base_uri);
  k["api.max_request_body_size"] =
      count_key(&model::ApiSettings::max_request_body_size, 1024, uint64_t{1} << 30);
  k["api.max_connections"] = count_key(&model::ApiSettings::max_connections, 1, 100000);
  k["api.max_connections_per_address"] =
      count_key(&model::ApiSettings::max_connections_per_address, 1, 100000);
  k["api.timeout"] = count_key(&model::ApiSettings::timeout, 1, 3600);
  k["api.workers"] = count_key(&model::ApiSettings::workers, 1, 256);
  k["api.default_limit"] = count_key(&model::ApiSettings::default_limit, 1, 100000);
  k["api.max_limit"] = count_key(&model::ApiSettings::max_limit, 1, 100000);
  k["api.quotas_verify_project_id"] = [](model::Settings& s, const std::vector<std::string>& v) {
    return boolean(v, s.api.quotas_verify_project_id);
  };
  auto ks_key = [](std::string model::KeystoneSettings::*field) -> Setter {
    return [field](model::Settings& s, const std::vector<std::string>& v) {
      return one(v, s.api.keystone.*field);
    };
  };
  k["keystone_authtoken.auth_url"] = ks_key(&model::KeystoneSettings::auth_url);
  k["keystone_authtoken.username"] = ks_key(&model::KeystoneSettings::username);
  k["keystone_authtoken.password"] = ks_key(&model::KeystoneSettings::password);
  k["keystone_authtoken.project_name"] = ks_key(&model::KeystoneSettings::project_name);
  k["keystone_authtoken.user_domain_name"] = ks_key(&model::KeystoneSettings::user_domain_name);
  k["keystone_authtoken.project_domain_name"] =
      ks_key(&model::KeystoneSettings::project_domain_name);
  k["keystone_authtoken.www_authenticate_uri"] =
      ks_key(&model::KeystoneSettings::www_authenticate_uri);
  // keystonemiddleware's keys that say nothing dnsctl needs: taken as they are.
  for (const char* ignored : {"auth_type",
                              "region_name",
                              "memcached_servers",
                              "service_type",
                              "interface",
                              "auth_uri",
                              "cafile",
                              "insecure"}) {
    k[std::string("keystone_authtoken.") + ignored] =
        [](model::Settings&, const std::vector<std::string>&) { return Status{}; };
  }
}

// [quota]: the defaults of every project, -1 for no limit (Designate's quota_zones,
// quota_zone_recordsets, ... under their resource names).
Setter quota_key(model::QuotaResource resource) {
  return [resource](model::Settings& s, const std::vector<std::string>& v) -> Status {
    std::string raw;
    DNSCTL_TRY(one(v, raw));
    if (raw == "-1") {
      s.quotas[resource] = model::k_quota_unlimited;
      return {};
    }
    auto n = text::parse_uint(raw, 0, model::k_quota_max);
    if (!n) {
      return make_error(Errc::invalid_input,
                        "invalid value " + text::quote(raw) + " (expected -1 for no limit, or 0.."
                            + std::to_string(model::k_quota_max) + ")");
    }
    s.quotas[resource] = static_cast<int64_t>(*n);
    return {};
  };
}

void add_quota_keys(std::map<std::string, Setter>& k) {
  using R = model::QuotaResource;
  k["quota.zones"] = quota_key(R::zones);
  k["quota.zone_recordsets"] = quota_key(R::zone_recordsets);
  k["quota.zone_records"] = quota_key(R::zone_records);
  k["quota.recordset_records"] = quota_key(R::recordset_records);
  k["quota.api_export_size"] = quota_key(R::api_export_size);
}

// Every key dnsctl.conf may hold, "section.key" -> setter (share/examples/dnsctl.conf
// shows and explains them all; tests/docs/check_examples.sh holds the two to the same list).
const std::map<std::string, Setter>& keys() {
  static const std::map<std::string, Setter> k_keys = [] {
    std::map<std::string, Setter> k{
        {"store.path", string_key(&model::Settings::db_path)},
        {"defaults.pool", string_key(&model::Settings::default_pool)},
        {"pools.file", string_key(&model::Settings::pools_file)},
        {"defaults.ttl", ttl_key([](model::Settings& s) -> uint32_t& { return s.default_ttl; })},
        {"defaults.refresh",
         ttl_key([](model::Settings& s) -> uint32_t& { return s.soa.refresh; })},
        {"defaults.retry", ttl_key([](model::Settings& s) -> uint32_t& { return s.soa.retry; })},
        {"defaults.expire", ttl_key([](model::Settings& s) -> uint32_t& { return s.soa.expire; })},
        {"defaults.minimum",
         ttl_key([](model::Settings& s) -> uint32_t& { return s.soa.minimum; })},
        {"mdns.listen",
         [](model::Settings& s, const std::vector<std::string>& v) -> Status {
           if (v.empty()) {
             return make_error(Errc::invalid_input, "expected at least one address");
           }
           s.mdns_listen.clear();
           for (const auto& item : v) {
             for (const auto& part : text::split(item, ' ')) {
               if (!part.empty()) {
                 s.mdns_listen.push_back(part);
               }
             }
           }
           return {};
         }},
        {"scheduler.filters",
         [](model::Settings& s, const std::vector<std::string>& v) -> Status {
           // Designate writes "attribute, fallback": commas, spaces or both.
           s.scheduler_filters.clear();
           for (const auto& item : v) {
             for (const auto& comma : text::split(item, ',')) {
               for (const auto& part : text::split(comma, ' ')) {
                 if (!part.empty()) {
                   s.scheduler_filters.push_back(part);
                 }
               }
             }
           }
           return zone::check_filter_chain(s.scheduler_filters);
         }},
        {"mdns.workers", number_key(&model::Settings::mdns_workers, 0, 256)},
        {"mdns.tsig_enforce",
         [](model::Settings& s, const std::vector<std::string>& v) -> Status {
           std::string raw;
           DNSCTL_TRY(one(v, raw));
           std::string l = text::lower(raw);
           if (l != "true" && l != "false" && l != "yes" && l != "no" && l != "1" && l != "0") {
             return make_error(Errc::invalid_input,
                               "expected true or false, not " + text::quote(raw));
           }
           s.mdns_tsig_enforce = l == "true" || l == "yes" || l == "1";
           return {};
         }},
        {"mdns.allow_transfer",
         [](model::Settings& s, const std::vector<std::string>& v) -> Status {
           s.mdns_allow_transfer.clear();
           for (const auto& item : v) {
             for (const auto& part : text::split(item, ' ')) {
               if (!part.empty()) {
                 s.mdns_allow_transfer.push_back(part);
               }
             }
           }
           return {};
         }},
        {"mdns.max_message_size", number_key(&model::Settings::mdns_max_message_size, 512, 65535)},
        {"mdns.tcp_idle_timeout", number_key(&model::Settings::mdns_tcp_idle_timeout, 1, 3600)},
        {"mdns.tcp_write_timeout", number_key(&model::Settings::mdns_tcp_write_timeout, 1, 3600)},
        {"mdns.udp_payload", number_key(&model::Settings::mdns_udp_payload, 512, 4096)},
        {"journal.max_steps", number_key(&model::Settings::journal_max_steps, 1, 1000000)},
        {"journal.max_age",
         ttl_key([](model::Settings& s) -> uint32_t& { return s.journal_max_age; })},
        {"sync.poll_delay", seconds_key(&model::Settings::poll_delay)},
        {"sync.poll_interval", seconds_key(&model::Settings::poll_interval)},
        {"sync.poll_timeout", seconds_key(&model::Settings::poll_timeout)},
        {"sync.poll_retries", number_key(&model::Settings::poll_retries, 0, 1000)},
        {"sync.threshold_percentage", number_key(&model::Settings::threshold_percentage, 0, 100)},
        {"sync.error_after", number_key(&model::Settings::error_after, 1, 1000)},
    };
    add_quota_keys(k);
    k["sink.transport_url"] = [](model::Settings& s, const std::vector<std::string>& v) {
      return one(v, s.sink.transport_url);
    };
    k["sink.enabled_notification_handlers"] = [](model::Settings& s,
                                                 const std::vector<std::string>& v) -> Status {
      s.sink.enabled_handlers = list_of(v);
      return {};
    };
    k["sink.queue"] = [](model::Settings& s, const std::vector<std::string>& v) {
      return one(v, s.sink.queue);
    };
    k["sink.exchanges"] = [](model::Settings& s, const std::vector<std::string>& v) -> Status {
      s.sink.exchanges = list_of(v);
      return {};
    };
    k["sink.topic"] = [](model::Settings& s, const std::vector<std::string>& v) {
      return one(v, s.sink.topic);
    };
    k["sink.amqp_durable_queues"] = [](model::Settings& s, const std::vector<std::string>& v) {
      return boolean(v, s.sink.amqp_durable_queues);
    };
    k["sink.max_message_size"] = [](model::Settings& s,
                                    const std::vector<std::string>& v) -> Status {
      std::string raw;
      DNSCTL_TRY(one(v, raw));
      auto n = text::parse_uint(raw, 1024, uint64_t{1} << 30);
      if (!n) {
        return make_error(Errc::invalid_input,
                          "invalid value " + text::quote(raw) + " (expected 1024..1073741824)");
      }
      s.sink.max_message_size = static_cast<uint32_t>(*n);
      return {};
    };
    k["sink.batch_size"] = [](model::Settings& s, const std::vector<std::string>& v) -> Status {
      std::string raw;
      DNSCTL_TRY(one(v, raw));
      auto n = text::parse_uint(raw, 1, 10000);
      if (!n) {
        return make_error(Errc::invalid_input,
                          "invalid value " + text::quote(raw) + " (expected 1..10000)");
      }
      s.sink.batch_size = static_cast<uint32_t>(*n);
      return {};
    };
    k["sink.ssl_ca_file"] = [](model::Settings& s, const std::vector<std::string>& v) {
      return one(v, s.sink.ssl_ca_file);
    };
    k["sink.ssl_cert_file"] = [](model::Settings& s, const std::vector<std::string>& v) {
      return one(v, s.sink.ssl_cert_file);
    };
    k["sink.ssl_key_file"] = [](model::Settings& s, const std::vector<std::string>& v) {
      return one(v, s.sink.ssl_key_file);
    };
    add_handler_keys(k, "nova_fixed");
    add_handler_keys(k, "neutron_floatingip");
    add_api_keys(k);
    return k;
  }();
  return k_keys;
}

} // namespace

Status load_config(const std::string& path, bool explicit_path, model::Settings& settings) {
  if (!std::filesystem::exists(path)) {
    if (explicit_path) {
      return make_error(Errc::invalid_input, "config file " + path + " does not exist");
    }
    return {};
  }
  std::vector<CLI::ConfigItem> items;
  try {
    items = CLI::ConfigINI().from_file(path);
  } catch (const std::exception& e) {
    return make_error(Errc::invalid_input, std::string("cannot read config: ") + e.what(), path);
  }
  for (const auto& item : items) {
    if (item.name == "++" || item.name == "--") {
      continue; // CLI11's section markers
    }
    auto parents = item.parents;
    if (!parents.empty() && parents.front() == "service:sink") {
      parents.front() = "sink"; // Designate's name for the section
    }
    if (!parents.empty() && parents.front() == "service:api") {
      parents.front() = "api";
    }
    std::string key = text::join(parents, ".");
    key = key.empty() ? item.name : key.append(".").append(item.name);
    auto it = keys().find(key);
    if (it == keys().end()) {
      std::string nearest;
      size_t best = SIZE_MAX;
      for (const auto& [k, setter] : keys()) {
        if (size_t d = distance(key, k); d < best) {
          best = d;
          nearest = k;
        }
      }
      auto dot = nearest.find('.');
      std::string message = "unknown setting " + key;
      message += " (did you mean " + nearest.substr(dot + 1);
      message += " in [" + nearest.substr(0, dot);
      message += "]? share/examples/dnsctl.conf lists them all)";
      return make_error(Errc::invalid_input, message, path);
    }
    if (auto ok = it->second(settings, item.inputs); !ok) {
      return make_error(Errc::invalid_input, key + ": " + ok.error().message, path);
    }
  }
  return {};
}

} // namespace dnsctl::cli
