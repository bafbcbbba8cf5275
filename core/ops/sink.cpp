#include "core/ops/sink.hpp"

#include "core/store/store.hpp"

#include <map>
#include <optional>

namespace dnsctl::ops {

Result<std::vector<SinkOutcome>> apply_sink_batch(store::Store& store,
                                                  const std::vector<SinkItem>& items) {
  std::map<size_t, std::string> rejected;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].error.empty()) {
      rejected[i] = items[i].error;
    }
  }
  // An item that fails takes the transaction down with it (a ZoneEditor's edits can't
  // be taken back one by one); the batch then runs again without it. Poison is rare,
  // and every pass sets one more aside, so this ends.
  for (;;) {
    std::vector<SinkOutcome> out;
    std::optional<size_t> failed;
    std::string reason;
    auto ok = store.write("sink", [&]() -> Status {
      auto st = zone::apply_sink_items(store, items, rejected, out, failed);
      if (!st && failed) {
        reason = st.error().message;
      }
      return st;
    });
    if (ok) {
      return out;
    }
    if (!failed || rejected.contains(*failed)) {
      return ok.error();
    }
    rejected[*failed] = reason;
  }
}

} // namespace dnsctl::ops
