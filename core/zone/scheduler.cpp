#include "core/zone/scheduler.hpp"

#include "core/util/text.hpp"

#include <algorithm>
#include <random>

namespace dnsctl::zone {
namespace {

using Pools = std::vector<model::Pool>;

// oslo's bool_from_string(v, default=v): the spellings of true and false compare
// equal, anything else compares as written (case-sensitive: GOLD is not gold).
std::string normal(const std::string& v) {
  std::string l = text::lower(text::trim(v));
  for (const char* t : {"1", "t", "true", "on", "y", "yes"}) {
    if (l == t) {
      return "\x01"
             "true";
    }
  }
  for (const char* f : {"0", "f", "false", "off", "n", "no"}) {
    if (l == f) {
      return "\x01"
             "false";
    }
  }
  return v;
}

const std::string* find(const model::KeyValues& kv, const std::string& key) {
  for (const auto& [k, v] : kv) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

std::string names(const Pools& pools) {
  std::vector<std::string> n;
  for (const auto& p : pools) {
    n.push_back(p.name);
  }
  return n.empty() ? "none" : text::join(n, ", ");
}

// attribute: a pool with no attributes (its own pool_id aside) always matches; else
// its keys must include every zone key, with equal values. The zone's pool_id is left
// out too (Designate compares it, so no pool with attributes survives a zone's
// pool_id and pool_id_attribute never sees the pool it names).
Pools attribute(const Pools& in, const model::KeyValues& zone) {
  Pools out;
  for (const auto& p : in) {
    model::KeyValues own;
    for (const auto& kv : p.attributes) {
      if (kv.first != "pool_id") {
        own.push_back(kv);
      }
    }
    bool ok = true;
    if (!own.empty()) {
      for (const auto& [k, v] : zone) {
        if (k == "pool_id") {
          continue;
        }
        const std::string* pv = find(own, k);
        ok = ok && pv != nullptr && normal(*pv) == normal(v);
      }
    }
    if (ok) {
      out.push_back(p);
    }
  }
  return out;
}

// pool_id_attribute: the zone's pool_id, when it is among the candidates, is the
// only one left; one that is not leaves them all (Designate's semantics). A pool_id
// naming no pool is an error: Designate empties the list, and a fallback after it
// then puts the zone in the default pool without a word.
Result<Pools> pool_id_attribute(const Pools& in, const Pools& all, const model::KeyValues& zone) {
  const std::string* id = find(zone, "pool_id");
  if (id == nullptr) {
    return in;
  }
  auto known = std::find_if(all.begin(), all.end(), [&](const model::Pool& p) {
    return p.uuid == text::lower(*id) || p.name == *id;
  });
  if (known == all.end()) {
    return make_error(Errc::not_found,
                      "attribute pool_id:" + *id + " names no pool (pools: " + names(all) + ")");
  }
  auto it = std::find_if(
      in.begin(), in.end(), [&](const model::Pool& p) { return p.uuid == known->uuid; });
  return it == in.end() ? in : Pools{*it};
}

} // namespace

const std::vector<std::string>& scheduler_filter_names() {
  static const std::vector<std::string> k_names{"attribute",
                                                "pool_id_attribute",
                                                "default_pool",
                                                "fallback",
                                                "random",
                                                "in_doubt_default_pool"};
  return k_names;
}

Status check_filter_chain(const std::vector<std::string>& chain) {
  if (chain.empty()) {
    return make_error(Errc::invalid_input,
                      "the scheduler needs at least one filter ("
                          + text::join(scheduler_filter_names(), ", ") + ")");
  }
  for (const auto& f : chain) {
    const auto& known = scheduler_filter_names();
    if (std::find(known.begin(), known.end(), f) == known.end()) {
      return make_error(Errc::invalid_input,
                        "unknown scheduler filter " + text::quote(f)
                            + " (filters: " + text::join(known, ", ") + ")");
    }
  }
  return {};
}

std::vector<std::string> default_filter_chain() {
  return {"attribute", "pool_id_attribute", "in_doubt_default_pool", "fallback"};
}

Result<Schedule> schedule(const Pools& pools,
                          const model::KeyValues& zone_attributes,
                          const std::vector<std::string>& chain,
                          const std::optional<model::Pool>& default_pool) {
  DNSCTL_TRY(check_filter_chain(chain));
  Schedule s;
  Pools left = pools;
  auto need_default = [&](const std::string& filter) -> Status {
    if (default_pool) {
      return {};
    }
    return make_error(Errc::invalid_input,
                      "scheduler filter " + filter + " needs a default pool ("
                          + (s.trace.empty() ? "first filter" : text::join(s.trace, "; "))
                          + "): set [defaults] pool in dnsctl.conf, or name a pool "
                            "\"default\"");
  };
  for (const auto& f : chain) {
    Pools before = left;
    if (f == "attribute") {
      left = attribute(left, zone_attributes);
    } else if (f == "pool_id_attribute") {
      DNSCTL_TRY_ASSIGN(left, pool_id_attribute(left, pools, zone_attributes));
    } else if (f == "default_pool") {
      DNSCTL_TRY(need_default(f));
      left = {*default_pool};
    } else if (f == "fallback") {
      if (left.empty()) {
        DNSCTL_TRY(need_default(f));
        left = {*default_pool};
      }
    } else if (f == "random") {
      if (left.size() > 1) {
        thread_local std::mt19937 rng{std::random_device{}()};
        std::uniform_int_distribution<size_t> pick(0, left.size() - 1);
        left = {left[pick(rng)]};
      }
    } else if (f == "in_doubt_default_pool") {
      if (left.size() > 1 && default_pool) {
        auto it = std::find_if(left.begin(), left.end(), [&](const model::Pool& p) {
          return p.uuid == default_pool->uuid;
        });
        if (it != left.end()) {
          left = {*it};
        }
      }
    }
    s.trace.push_back(f + ": " + names(before) + " -> " + names(left));
  }
  if (left.empty()) {
    return make_error(Errc::invalid_input,
                      "no pool matches the zone's attributes (" + text::join(s.trace, "; ")
                          + "): check them against `dnsctl pool show`, or use --pool");
  }
  if (left.size() > 1) {
    return make_error(Errc::invalid_input,
                      "several pools match (" + names(left)
                          + "): choose with --pool or --attributes pool_id:ID, or end the "
                            "[scheduler] filters with in_doubt_default_pool, fallback or "
                            "random ("
                          + text::join(s.trace, "; ") + ")");
  }
  s.pool = left.front();
  return s;
}

} // namespace dnsctl::zone
