#pragma once
// The sink's one operation: a batch of translated notifications applied in one
// transaction (one serial step per zone for the whole batch). An item that cannot be
// applied is rejected on its own, with the reason, and the rest are applied; every
// message id is recorded, so a redelivery changes nothing.

#include "core/zone/managed.hpp"

#include <vector>

namespace dnsctl::ops {

using zone::SinkItem;
using zone::SinkOutcome;
using zone::to_string;

Result<std::vector<SinkOutcome>> apply_sink_batch(store::Store& store,
                                                  const std::vector<SinkItem>& items);

} // namespace dnsctl::ops
