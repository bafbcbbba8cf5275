#include "core/zone/bulk.hpp"

#include "core/dns/name.hpp"
#include "core/dns/rdata.hpp"
#include "core/store/rows.hpp"
#include "core/store/store.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace dnsctl::zone {
namespace {

RrDelta delta_of(std::span<const uint8_t> key,
                 uint16_t type,
                 uint32_t ttl,
                 std::vector<dns::Rdata> rdatas) {
  return RrDelta{dns::Name::from_sort_key(key.data(), key.size()), type, ttl, std::move(rdatas)};
}

std::vector<dns::Rdata> minus(const std::vector<dns::Rdata>& a, const std::vector<dns::Rdata>& b) {
  std::vector<dns::Rdata> out;
  for (const auto& r : a) {
    if (std::find(b.begin(), b.end(), r) == b.end()) {
      out.push_back(r);
    }
  }
  return out;
}

using store::RowData;
using store::RowWriter;
using store::StoredRow;

} // namespace

Status insert_content(Store& store,
                      const model::Zone& zone,
                      const ZoneContent& content,
                      const Progress& progress) {
  // Two threads: this one feeds SQLite, a helper prints the records' text for the
  // rows ahead of it. Chunks go round a small ring, so memory stays flat.
  constexpr size_t k_chunk = 4 * RowWriter::k_batch;
  constexpr size_t k_ring = 16;
  struct Chunk {
    std::vector<RowData> rows;
    std::vector<std::string> texts;
  };
  const auto& sets = content.rrsets();
  size_t chunks = (sets.size() + k_chunk - 1) / k_chunk;
  std::vector<Chunk> ring(k_ring);
  std::mutex mutex;
  std::condition_variable cv;
  size_t produced = 0; // chunks printed
  size_t consumed = 0; // chunks written
  std::atomic<bool> stop{false};

  std::thread printer([&] {
    dns::RdataPrinter p;
    for (size_t c = 0; c < chunks; ++c) {
      {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return c - consumed < k_ring || stop; });
        if (stop) {
          return;
        }
      }
      Chunk& chunk = ring[c % k_ring];
      size_t begin = c * k_chunk;
      size_t end = std::min(sets.size(), begin + k_chunk);
      chunk.rows.clear();
      chunk.texts.resize(end - begin);
      for (size_t i = begin; i < end; ++i) {
        const auto& rs = sets[i];
        RowData row{content.key(rs),
                    rs.type,
                    rs.ttl == zone.ttl ? -1 : static_cast<int64_t>(rs.ttl),
                    false,
                    {},
                    content.packed(rs),
                    nullptr};
        RowWriter::format(row, p, chunk.texts[i - begin]);
        row.text = &chunk.texts[i - begin];
        chunk.rows.push_back(row);
      }
      {
        std::lock_guard lock(mutex);
        ++produced;
      }
      cv.notify_all();
    }
  });

  Status result;
  try {
    RowWriter rows(store, zone.id);
    size_t done = 0;
    for (size_t c = 0; c < chunks; ++c) {
      {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return produced > c; });
      }
      const Chunk& chunk = ring[c % k_ring];
      rows.insert(chunk.rows);
      done += chunk.rows.size();
      {
        std::lock_guard lock(mutex);
        ++consumed;
      }
      cv.notify_all();
      if (progress && (c % 128 == 127 || c + 1 == chunks)) {
        progress(done, sets.size());
      }
    }
  } catch (...) {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    cv.notify_all();
    printer.join();
    throw; // Store::write turns it into an Error and rolls back
  }
  printer.join();
  return result;
}

Result<ZoneDelta> replace_content(Store& store,
                                  const model::Zone& before,
                                  const model::Zone& after,
                                  const ZoneContent& content,
                                  Apply apply,
                                  ReplaceStats& stats) {
  ZoneDelta delta;
  RowWriter rows(store, before.id);
  store::RowCursor cursor(store, before.id);
  auto next_row = [&](StoredRow& r) { return cursor.next(r); };

  const auto& sets = content.rrsets();
  size_t i = 0;
  StoredRow row;
  bool have_row = next_row(row);
  auto stored_ttl = [&](uint32_t ttl) {
    return ttl == after.ttl ? int64_t{-1} : static_cast<int64_t>(ttl);
  };
  enum class Row { fresh, existing };
  auto write = [&](const ZoneContent::RRset& rs, Row kind) {
    if (apply == Apply::no) {
      return;
    }
    RowData data{
        content.key(rs), rs.type, stored_ttl(rs.ttl), false, {}, content.packed(rs), nullptr};
    if (kind == Row::fresh) {
      rows.insert(data);
    } else {
      data.created_at = row.created_at; // the stored row's, which `row` is at
      data.version = row.version + 1;
      rows.update(data);
    }
  };

  while (have_row || i < sets.size()) {
    int c = 0;
    if (!have_row) {
      c = 1;
    } else if (i >= sets.size()) {
      c = -1;
    } else {
      c = compare_rrset_keys(row.key, row.type, content.key(sets[i]), sets[i].type);
    }
    if (c < 0) { // only in the store: goes
      uint32_t ttl = row.ttl < 0 ? before.ttl : static_cast<uint32_t>(row.ttl);
      delta.removed.push_back(delta_of(
          row.key, row.type, ttl, dns::unpack_rdata(row.packed.data(), row.packed.size())));
      if (apply == Apply::yes) {
        rows.remove(row.key, row.type);
      }
      ++stats.removed;
      have_row = next_row(row);
      continue;
    }
    if (c > 0) { // only in the file: comes
      const auto& rs = sets[i];
      auto packed = content.packed(rs);
      delta.added.push_back(delta_of(
          content.key(rs), rs.type, rs.ttl, dns::unpack_rdata(packed.data(), packed.size())));
      write(rs, Row::fresh);
      ++stats.added;
      ++i;
      continue;
    }
    const auto& rs = sets[i];
    auto packed = content.packed(rs);
    uint32_t old_ttl = row.ttl < 0 ? before.ttl : static_cast<uint32_t>(row.ttl);
    bool same_data = std::ranges::equal(row.packed, packed);
    if (same_data && old_ttl == rs.ttl) {
      if (stored_ttl(rs.ttl) != row.ttl) {
        write(rs, Row::existing); // same DNS data, only how the TTL is stored moves
      }
      ++stats.unchanged;
    } else {
      auto old_rd = dns::unpack_rdata(row.packed.data(), row.packed.size());
      auto new_rd = dns::unpack_rdata(packed.data(), packed.size());
      bool ttl_same = old_ttl == rs.ttl;
      auto gone = ttl_same ? minus(old_rd, new_rd) : old_rd;
      auto fresh = ttl_same ? minus(new_rd, old_rd) : new_rd;
      if (!gone.empty()) {
        delta.removed.push_back(delta_of(row.key, row.type, old_ttl, gone));
      }
      if (!fresh.empty()) {
        delta.added.push_back(delta_of(content.key(rs), rs.type, rs.ttl, fresh));
      }
      write(rs, Row::existing);
      if (gone.empty() && fresh.empty()) {
        ++stats.unchanged; // the same records, stored in another order
      } else {
        ++stats.changed;
      }
    }
    ++i;
    have_row = next_row(row);
  }
  return delta;
}

} // namespace dnsctl::zone
