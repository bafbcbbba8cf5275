-- A zone moving to another pool (`domain move`). The zone row names the new pool at
-- once, and the new pool's targets get the zone; the old pool's targets keep their
-- rows with action 'held' (no NOTIFY, no transfer of the new data) until the new
-- pool's nameservers serve the zone, then they are told to delete it, or, with
-- keep_source, forgotten. The row goes when no target of the old pool is left.
CREATE TABLE zone_moves (
  zone_id      INTEGER PRIMARY KEY REFERENCES zones(id) ON DELETE CASCADE,
  from_pool_id INTEGER NOT NULL REFERENCES pools(id),
  keep_source  INTEGER NOT NULL DEFAULT 0,
  started_at   INTEGER NOT NULL
);
