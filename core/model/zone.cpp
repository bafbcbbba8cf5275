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
  return TargetAction::none;
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

} // namespace dnsctl::model
