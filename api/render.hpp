#pragma once
// Zones and recordsets in the shapes of Designate's v2 API (its api_v2 adapters): every
// field its clients read, timestamps without a zone as Designate prints them, links as
// absolute URLs.

#include "core/model/name_rules.hpp"
#include "core/model/zone.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace dnsctl::api {

// How a response names things: the base URL links start with ("http://host:9001"),
// and the project id the default project ("") is shown as.
struct RenderContext {
  std::string base;
  std::string default_project;
};

// "2014-07-07T18:25:31.000000" (UTC, no zone: gophercloud parses no other form).
std::string timestamp(int64_t unix_seconds);

// The project id a zone (or anything kept under a project) shows: the stored one, or
// default_project for "".
std::string shown_project(const std::string& stored, const RenderContext& c);
std::string project_of(const model::Zone& z, const RenderContext& c);

nlohmann::json zone_json(const model::Zone& z, const RenderContext& c);

// `action` overrides what the zone's state suggests (the operation that just ran:
// CREATE, UPDATE, DELETE); empty: NONE when the zone is ACTIVE, else UPDATE.
nlohmann::json recordset_json(const model::Zone& z,
                              const model::RecordSet& rs,
                              const RenderContext& c,
                              const std::string& action = "");

nlohmann::json tld_json(const model::Tld& t, const RenderContext& c);
nlohmann::json blacklist_json(const model::Blacklist& b, const RenderContext& c);

} // namespace dnsctl::api
