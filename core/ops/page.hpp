#pragma once
// Lists one page at a time, the way Designate's API pages (and the CLI's --limit,
// --marker, --sort-key, --sort-dir): sorted by a key, ties broken by id, a page
// starting after the marker (the id of the last item of the page before).

#include "core/util/result.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dnsctl::ops {

struct PageRequest {
  size_t limit = 0;        // 0: every item
  std::string marker;      // the id after which the page starts; empty: the first page
  std::string sort_key;    // empty: the list's default
  bool descending = false; // --sort-dir desc
};

template <class T>
struct Page {
  std::vector<T> items;
  size_t total = 0;        // items that match the filters, on every page
  std::string next_marker; // the last item's id when more follow; empty on the last page
};

// What an item is sorted by: text or a number.
using SortValue = std::variant<std::string, int64_t>;

template <class T>
struct SortKey {
  std::string name;
  std::function<SortValue(const T&)> value; // empty: the order the list comes in
};

// The sort key by name; the error lists the keys there are.
template <class T>
Result<const SortKey<T>*> find_sort_key(const std::vector<SortKey<T>>& keys,
                                        std::string_view name) {
  for (const auto& k : keys) {
    if (k.name == name) {
      return &k;
    }
  }
  std::string names;
  for (const auto& k : keys) {
    names += (names.empty() ? "" : ", ") + k.name;
  }
  Error e = make_error(Errc::invalid_input,
                       "sort key '" + std::string(name) + "' (expected one of " + names + ")");
  e.kind = "invalid_sort_key";
  return e;
}

// A marker no item of the list has: an error, not an empty page (a typo must not look
// like the end of the list).
inline Error marker_not_found(const std::string& marker) {
  Error e = make_error(Errc::invalid_input, "marker " + marker + " could not be found");
  e.kind = "marker_not_found";
  return e;
}

// Sorts `all` (already filtered) and cuts the page out of it. `id` gives an item's
// id; an unknown marker is an error.
template <class T>
Result<Page<T>> page_of(std::vector<T> all,
                        const PageRequest& request,
                        const std::vector<SortKey<T>>& keys,
                        const std::function<std::string(const T&)>& id) {
  const SortKey<T>* key = &keys.front();
  if (!request.sort_key.empty()) {
    DNSCTL_TRY_ASSIGN(key, find_sort_key(keys, request.sort_key));
  }
  if (key->value) {
    std::stable_sort(all.begin(), all.end(), [&](const T& a, const T& b) {
      SortValue va = key->value(a);
      SortValue vb = key->value(b);
      if (va != vb) {
        return request.descending ? vb < va : va < vb;
      }
      return id(a) < id(b);
    });
  } else if (request.descending) {
    std::reverse(all.begin(), all.end());
  }
  Page<T> page;
  page.total = all.size();
  size_t start = 0;
  if (!request.marker.empty()) {
    auto it =
        std::find_if(all.begin(), all.end(), [&](const T& t) { return id(t) == request.marker; });
    if (it == all.end()) {
      return marker_not_found(request.marker);
    }
    start = static_cast<size_t>(it - all.begin()) + 1;
  }
  size_t end = request.limit == 0 ? all.size() : std::min(all.size(), start + request.limit);
  for (size_t i = start; i < end; ++i) {
    page.items.push_back(std::move(all[i]));
  }
  if (end < all.size() && !page.items.empty()) {
    page.next_marker = id(page.items.back());
  }
  return page;
}

} // namespace dnsctl::ops
