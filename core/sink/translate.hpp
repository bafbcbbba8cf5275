#pragma once
// A notification's text into what the store applies: parsed (both oslo envelopes),
// given to the enabled handler for its event type, with the handler's zone named.

#include "core/model/settings.hpp"
#include "core/ops/sink.hpp"

#include <string_view>

namespace dnsctl::store {
class Store;
}

namespace dnsctl::sink {

// The [sink] settings make sense: known handlers, each enabled one with a zone_id and
// at least one format. Checked once, before any message is taken.
Status check_settings(const model::SinkSettings& settings);

// Never fails: a message that can't be used is an item with its error set, so the
// batch records it and sets it aside.
ops::SinkItem
translate(store::Store& store, const model::SinkSettings& settings, std::string_view text);

} // namespace dnsctl::sink
