#include "core/model/zone.hpp"

namespace dnsctl::model {

std::string to_string(ZoneAction a) {
  switch (a) {
  case ZoneAction::none:
    return "NONE";
  case ZoneAction::create:
    return "CREATE";
  case ZoneAction::update:
    return "UPDATE";
  case ZoneAction::remove:
    return "DELETE";
  }
  return "NONE";
}

std::string to_string(ZoneStatus s) {
  switch (s) {
  case ZoneStatus::active:
    return "ACTIVE";
  case ZoneStatus::pending:
    return "PENDING";
  case ZoneStatus::error:
    return "ERROR";
  }
  return "PENDING";
}

std::optional<ZoneAction> parse_zone_action(std::string_view s) {
  for (auto a : {ZoneAction::none, ZoneAction::create, ZoneAction::update, ZoneAction::remove}) {
    if (s == to_string(a)) {
      return a;
    }
  }
  return std::nullopt;
}

std::optional<ZoneStatus> parse_zone_status(std::string_view s) {
  for (auto st : {ZoneStatus::active, ZoneStatus::pending, ZoneStatus::error}) {
    if (s == to_string(st)) {
      return st;
    }
  }
  return std::nullopt;
}

} // namespace dnsctl::model

#include "core/model/target_state.hpp"

namespace dnsctl::model {

std::string to_string(TargetAction a) {
  switch (a) {
  case TargetAction::none:
    return "none";
  case TargetAction::create:
    return "create";
  case TargetAction::update:
    return "update";
  case TargetAction::reconfigure:
    return "reconfigure";
  case TargetAction::remove:
    return "delete";
  case TargetAction::held:
    return "held";
  }
  return "none";
}

TargetAction parse_target_action(const std::string& s) {
  if (s == "create") {
    return TargetAction::create;
  }
  if (s == "update") {
    return TargetAction::update;
  }
  if (s == "reconfigure") {
    return TargetAction::reconfigure;
  }
  if (s == "delete") {
    return TargetAction::remove;
  }
  if (s == "held") {
    return TargetAction::held;
  }
  return TargetAction::none;
}

std::string to_string(TargetStatus s) {
  switch (s) {
  case TargetStatus::pending:
    return "pending";
  case TargetStatus::active:
    return "active";
  case TargetStatus::error:
    return "error";
  case TargetStatus::deleted:
    return "deleted";
  }
  return "pending";
}

TargetStatus parse_target_status(std::string_view s) {
  for (auto st :
       {TargetStatus::pending, TargetStatus::active, TargetStatus::error, TargetStatus::deleted}) {
    if (s == to_string(st)) {
      return st;
    }
  }
  return TargetStatus::pending;
}

std::string to_string(NameserverStatus s) {
  switch (s) {
  case NameserverStatus::never:
    return "";
  case NameserverStatus::in_sync:
    return "in-sync";
  case NameserverStatus::behind:
    return "behind";
  case NameserverStatus::absent:
    return "absent";
  case NameserverStatus::unreachable:
    return "unreachable";
  case NameserverStatus::stale:
    return "stale";
  }
  return "";
}

NameserverStatus parse_nameserver_status(std::string_view s) {
  for (auto st : {NameserverStatus::in_sync,
                  NameserverStatus::behind,
                  NameserverStatus::absent,
                  NameserverStatus::unreachable,
                  NameserverStatus::stale}) {
    if (s == to_string(st)) {
      return st;
    }
  }
  return NameserverStatus::never;
}

} // namespace dnsctl::model

#include "core/model/tsig_key.hpp"

namespace dnsctl::model {

std::string to_string(KeyScope s) {
  switch (s) {
  case KeyScope::all:
    return "ALL";
  case KeyScope::pool:
    return "POOL";
  case KeyScope::zone:
    return "ZONE";
  }
  return "ALL";
}

KeyScope parse_key_scope(std::string_view s) {
  return s == "POOL" ? KeyScope::pool : s == "ZONE" ? KeyScope::zone : KeyScope::all;
}

} // namespace dnsctl::model
