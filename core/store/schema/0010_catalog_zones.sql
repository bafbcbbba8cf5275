-- A pool's catalog zone (RFC 9432 version "2", pools.yaml catalog_zone) is a zone row of
-- the pool with catalog_of set. Its SOA, NS invalid., version TXT and one PTR per member
-- are records like any zone's, so the mdns serves it with IXFR from the journal, and its
-- serial moves in the same transaction as the member's create or delete. Commands that
-- list or change zones do not see it.
ALTER TABLE zones ADD COLUMN catalog_of INTEGER REFERENCES pools(id);
CREATE UNIQUE INDEX zones_catalog_of ON zones(catalog_of) WHERE catalog_of IS NOT NULL;
