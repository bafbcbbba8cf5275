#include "core/pools/diff.hpp"

#include "backends/backend.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

#include <algorithm>

namespace dnsctl::pools {
namespace {

// An option's value as a plan prints it: a secret (pools.yaml(5): api_token) never
// reaches a terminal, a change ticket or a CI log.
std::string value_text(const std::string& type, const std::string& key, const std::string& value) {
  if (!type.empty()) {
    const backends::BackendInfo* info = backends::find(type);
    const backends::OptionSpec* spec = info != nullptr ? info->option(key) : nullptr;
    if (spec != nullptr && spec->kind == backends::OptionKind::secret) {
      return "****";
    }
  }
  return text::quote(value);
}

using model::HostPort;
using model::KeyValues;
using model::Pool;
using model::Target;

std::string hp_text(const HostPort& hp) {
  return hp.host + " port " + std::to_string(hp.port);
}

std::string target_label(const Target& t) {
  std::string s = t.type;
  if (!t.description.empty()) {
    s += " " + text::quote(t.description);
  }
  return s;
}

// Address of a target for matching: where it is configured and notified.
std::string target_address(const Target& t) {
  // Each backend names the options that say where its server is.
  std::string key = t.type;
  const backends::BackendInfo* info = backends::find(t.type);
  if (info == nullptr) {
    return key;
  }
  for (const auto& k : info->identity_keys) {
    const std::string* v = t.option(k);
    key += "|";
    key += v != nullptr ? *v : "";
  }
  return key;
}

class Differ {
public:
  std::vector<PlanLine> lines;

  void line(char op, int depth, std::string text) {
    lines.push_back(PlanLine{op, depth, std::move(text)});
  }

  bool scalar(int depth, const std::string& what, const std::string& a, const std::string& b) {
    if (a == b) {
      return false;
    }
    line('~', depth, what + ": " + text::quote(a) + " -> " + text::quote(b));
    return true;
  }

  // `type`: the target type whose options these are, so a secret one (pdns4's
  // api_token) prints as **** (old and new alike); empty for attributes.
  bool key_values(int depth,
                  const char* what,
                  const KeyValues& cur,
                  const KeyValues& want,
                  const std::string& type = "") {
    bool changed = false;
    auto shown = [&](const std::string& k, const std::string& v) { return value_text(type, k, v); };
    for (const auto& [k, v] : want) {
      const std::string& key = k;
      auto it =
          std::find_if(cur.begin(), cur.end(), [&](const auto& kv) { return kv.first == key; });
      if (it == cur.end()) {
        line('+', depth, std::string(what) + " " + k + ": " + shown(k, v));
        changed = true;
      } else if (it->second != v) {
        line('~',
             depth,
             std::string(what) + " " + k + ": " + shown(k, it->second) + " -> " + shown(k, v));
        changed = true;
      }
    }
    for (const auto& [k, v] : cur) {
      const std::string& key = k;
      if (std::none_of(want.begin(), want.end(), [&](const auto& kv) { return kv.first == key; })) {
        line('-', depth, std::string(what) + " " + k + ": " + shown(k, v));
        changed = true;
      }
    }
    std::vector<std::string> ck;
    std::vector<std::string> wk;
    for (const auto& kv : cur) {
      ck.push_back(kv.first);
    }
    for (const auto& kv : want) {
      wk.push_back(kv.first);
    }
    if (!changed && ck != wk) {
      line('~', depth, std::string(what) + "s order");
      changed = true;
    }
    return changed;
  }

  // Matches by host and port; fills ids of the matched entries.
  bool host_ports(int depth,
                  const char* what,
                  const std::vector<HostPort>& cur,
                  std::vector<HostPort>& want) {
    bool changed = false;
    std::vector<int64_t> order_cur;
    std::vector<int64_t> order_want;
    order_cur.reserve(cur.size());
    for (const auto& c : cur) {
      order_cur.push_back(c.id);
    }
    for (auto& w : want) {
      auto it = std::find_if(cur.begin(), cur.end(), [&](const HostPort& c) {
        return c.host == w.host && c.port == w.port;
      });
      if (it != cur.end()) {
        w.id = it->id;
        order_want.push_back(w.id);
        if (it->tsigkey_id != w.tsigkey_id) {
          line('~',
               depth,
               std::string(what) + " " + hp_text(w) + " tsigkey_id: " + text::quote(it->tsigkey_id)
                   + " -> " + text::quote(w.tsigkey_id));
          changed = true;
        }
      } else {
        line('+', depth, std::string(what) + " " + hp_text(w));
        changed = true;
      }
    }
    for (const auto& c : cur) {
      if (std::none_of(want.begin(), want.end(), [&](const HostPort& w) { return w.id == c.id; })) {
        line('-', depth, std::string(what) + " " + hp_text(c));
        changed = true;
      }
    }
    if (!changed && order_cur != order_want) {
      line('~', depth, std::string(what) + "s order");
      changed = true;
    }
    return changed;
  }

  // Returns true when the ordered hostname list (what zones see) changed.
  bool ns_records(int depth, const Pool& cur, Pool& want, bool& changed) {
    std::vector<std::string> before;
    std::vector<std::string> after;
    for (const auto& r : cur.ns_records) {
      before.push_back(r.hostname);
    }
    for (auto& w : want.ns_records) {
      after.push_back(w.hostname);
      auto it = std::find_if(cur.ns_records.begin(), cur.ns_records.end(), [&](const auto& c) {
        return c.hostname == w.hostname;
      });
      if (it == cur.ns_records.end()) {
        line('+',
             depth,
             "ns_record " + w.hostname + " (priority " + std::to_string(w.priority) + ")");
        changed = true;
        continue;
      }
      w.id = it->id;
      if (it->priority != w.priority) {
        line('~',
             depth,
             "ns_record " + w.hostname + ": priority " + std::to_string(it->priority) + " -> "
                 + std::to_string(w.priority));
        changed = true;
      }
    }
    for (const auto& c : cur.ns_records) {
      if (std::none_of(want.ns_records.begin(), want.ns_records.end(), [&](const auto& w) {
            return w.id == c.id;
          })) {
        line('-', depth, "ns_record " + c.hostname);
        changed = true;
      }
    }
    if (before != after
        && std::is_permutation(before.begin(), before.end(), after.begin(), after.end())) {
      line('~',
           depth,
           "ns_records order: " + text::join(before, " ") + " -> " + text::join(after, " "));
      changed = true;
    }
    return before != after;
  }

  // Pairs desired targets with current ones (see the header for the order of rules).
  static std::vector<const Target*> match_targets(const std::vector<Target>& cur,
                                                  const std::vector<Target>& want) {
    std::vector<const Target*> match(want.size(), nullptr);
    std::vector<bool> used(cur.size(), false);
    auto unique_desc = [](const std::vector<Target>& v, const Target& t) {
      return !t.description.empty() && std::count_if(v.begin(), v.end(), [&](const Target& o) {
                                         return o.type == t.type && o.description == t.description;
                                       }) == 1;
    };
    auto pass = [&](auto same) {
      for (size_t i = 0; i < want.size(); ++i) {
        if (match[i] != nullptr) {
          continue;
        }
        for (size_t j = 0; j < cur.size(); ++j) {
          if (!used[j] && cur[j].type == want[i].type && same(cur[j], want[i])) {
            match[i] = &cur[j];
            used[j] = true;
            break;
          }
        }
      }
    };
    pass([&](const Target& c, const Target& w) {
      return unique_desc(cur, c) && unique_desc(want, w) && c.description == w.description;
    });
    pass([](const Target& c, const Target& w) { return target_address(c) == target_address(w); });
    // Nothing else pairs them: a target whose description and address both changed is
    // another server, which must be given every zone (addzone) from scratch.
    return match;
  }

  void targets(int depth, const Pool& cur, PoolChange& change, bool& changed) {
    auto& want = change.desired.targets;
    auto match = match_targets(cur.targets, want);
    for (size_t i = 0; i < want.size(); ++i) {
      Target& w = want[i];
      const Target* c = match[i];
      if (c == nullptr) {
        line('+', depth, "target " + target_label(w));
        for (const auto& m : w.masters) {
          line('+', depth + 1, "master " + hp_text(m));
        }
        for (const auto& [k, v] : w.options) {
          line('+', depth + 1, "option " + k + ": " + value_text(w.type, k, v));
        }
        change.new_targets.push_back(i);
        changed = true;
        continue;
      }
      w.id = c->id;
      w.uuid = c->uuid;
      Differ sub;
      sub.scalar(depth + 1, "description", c->description, w.description);
      sub.scalar(depth + 1, "tsigkey_id", c->tsigkey_id, w.tsigkey_id);
      bool masters = sub.host_ports(depth + 1, "master", c->masters, w.masters);
      sub.key_values(depth + 1, "option", c->options, w.options, w.type);
      if (masters) {
        change.moved_masters.push_back(i);
      }
      auto pos = static_cast<size_t>(c - cur.targets.data());
      if (!sub.lines.empty() || pos != i) {
        line('~', depth, "target " + target_label(*c) + " (" + c->uuid + ")");
        if (sub.lines.empty()) {
          line('~', depth + 1, "position " + std::to_string(pos) + " -> " + std::to_string(i));
        }
        lines.insert(lines.end(), sub.lines.begin(), sub.lines.end());
        changed = true;
      }
    }
    for (const auto& c : cur.targets) {
      if (std::none_of(want.begin(), want.end(), [&](const Target& w) { return w.id == c.id; })) {
        line('-', depth, "target " + target_label(c) + " (" + c.uuid + ")");
        changed = true;
      }
    }
  }

  static std::string catalog_text(const std::optional<model::CatalogZone>& c) {
    if (!c) {
      return "none";
    }
    std::string s = c->fqdn;
    if (c->refresh) {
      s += " refresh " + std::to_string(*c->refresh);
    }
    if (!c->tsig_key.empty()) {
      // Never the secret itself: a short digest shows that it changed.
      s += " key " + (c->tsig_algorithm.empty() ? std::string("hmac-sha256") : c->tsig_algorithm)
           + " (secret " + uuid::from_name(c->tsig_key).substr(0, 8) + "...)";
    }
    return s;
  }

  void create(const Pool& p) {
    line('+', 0, "pool " + p.name);
    if (!p.description.empty()) {
      line('+', 1, "description: " + text::quote(p.description));
    }
    for (const auto& [k, v] : p.attributes) {
      line('+', 1, "attribute " + k + ": " + text::quote(v));
    }
    for (const auto& r : p.ns_records) {
      line('+', 1, "ns_record " + r.hostname + " (priority " + std::to_string(r.priority) + ")");
    }
    for (const auto& n : p.nameservers) {
      line('+', 1, "nameserver " + hp_text(n));
    }
    for (const auto& t : p.targets) {
      line('+', 1, "target " + target_label(t));
      for (const auto& m : t.masters) {
        line('+', 2, "master " + hp_text(m));
      }
      for (const auto& [k, v] : t.options) {
        line('+', 2, "option " + k + ": " + value_text(t.type, k, v));
      }
    }
    for (const auto& a : p.also_notifies) {
      line('+', 1, "also_notify " + hp_text(a));
    }
    if (p.catalog_zone) {
      line('+', 1, "catalog_zone " + catalog_text(p.catalog_zone));
    }
  }
};

} // namespace

Diff diff(const std::vector<Pool>& current,
          const std::vector<Pool>& desired,
          DeleteMissing delete_missing) {
  Diff out;
  Differ d;
  std::vector<bool> seen(current.size(), false);
  for (const auto& want : desired) {
    const Pool* cur = nullptr;
    for (size_t i = 0; i < current.size(); ++i) {
      bool same = want.uuid.empty() ? current[i].name == want.name : current[i].uuid == want.uuid;
      if (same) {
        cur = &current[i];
        seen[i] = true;
      }
    }
    PoolChange change;
    change.desired = want;
    if (cur == nullptr) {
      change.kind = PoolChange::Kind::create;
      d.create(want);
      for (size_t i = 0; i < want.targets.size(); ++i) {
        change.new_targets.push_back(i);
      }
      out.changes.push_back(std::move(change));
      continue;
    }
    change.current = *cur;
    change.desired.id = cur->id;
    change.desired.uuid = cur->uuid;
    Differ sub;
    bool changed = false;
    changed |= sub.scalar(1, "name", cur->name, want.name);
    changed |= sub.scalar(1, "description", cur->description, want.description);
    changed |= sub.key_values(1, "attribute", cur->attributes, want.attributes);
    change.ns_changed = sub.ns_records(1, *cur, change.desired, changed);
    changed |= sub.host_ports(1, "nameserver", cur->nameservers, change.desired.nameservers);
    sub.targets(1, *cur, change, changed);
    changed |= sub.host_ports(1, "also_notify", cur->also_notifies, change.desired.also_notifies);
    if (cur->catalog_zone != want.catalog_zone) {
      sub.line('~',
               1,
               "catalog_zone: " + Differ::catalog_text(cur->catalog_zone) + " -> "
                   + Differ::catalog_text(want.catalog_zone));
      changed = true;
    }
    if (!changed) {
      continue;
    }
    d.line('~', 0, "pool " + cur->name + " (" + cur->uuid + ")");
    d.lines.insert(d.lines.end(), sub.lines.begin(), sub.lines.end());
    change.kind = PoolChange::Kind::update;
    out.changes.push_back(std::move(change));
  }
  for (size_t i = 0; i < current.size(); ++i) {
    if (seen[i]) {
      continue;
    }
    if (delete_missing == DeleteMissing::no) {
      out.kept.push_back(current[i].name);
      continue;
    }
    d.line('-', 0, "pool " + current[i].name + " (" + current[i].uuid + ")");
    PoolChange change;
    change.kind = PoolChange::Kind::remove;
    change.desired = current[i];
    change.current = current[i];
    out.changes.push_back(std::move(change));
  }
  out.lines = std::move(d.lines);
  return out;
}

} // namespace dnsctl::pools
