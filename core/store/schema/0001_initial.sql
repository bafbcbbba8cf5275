-- dnsctl store, schema version 1.
-- Row ids are internal; uuids are what operators and backends see (BIND file names).

CREATE TABLE pools (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE pool_attributes (
  id       INTEGER PRIMARY KEY,
  pool_id  INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  key      TEXT NOT NULL,
  value    TEXT NOT NULL,
  UNIQUE (pool_id, key)
);

CREATE TABLE pool_ns_records (
  id       INTEGER PRIMARY KEY,
  pool_id  INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  hostname TEXT NOT NULL,
  priority INTEGER NOT NULL,
  UNIQUE (pool_id, hostname)
);

CREATE TABLE pool_nameservers (
  id       INTEGER PRIMARY KEY,
  pool_id  INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  host     TEXT NOT NULL,
  port     INTEGER NOT NULL,
  UNIQUE (pool_id, host, port)
);

CREATE TABLE pool_also_notifies (
  id       INTEGER PRIMARY KEY,
  pool_id  INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  host     TEXT NOT NULL,
  port     INTEGER NOT NULL,
  UNIQUE (pool_id, host, port)
);

CREATE TABLE pool_targets (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  pool_id     INTEGER NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  type        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  tsigkey_id  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE pool_target_options (
  id        INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES pool_targets(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  key       TEXT NOT NULL,
  value     TEXT NOT NULL,
  UNIQUE (target_id, key)
);

CREATE TABLE pool_target_masters (
  id        INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES pool_targets(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  host      TEXT NOT NULL,
  port      INTEGER NOT NULL,
  UNIQUE (target_id, host, port)
);

CREATE TABLE pool_catalog (
  pool_id        INTEGER PRIMARY KEY REFERENCES pools(id) ON DELETE CASCADE,
  fqdn           TEXT NOT NULL,
  refresh        INTEGER,
  tsig_key       TEXT NOT NULL DEFAULT '',
  tsig_algorithm TEXT NOT NULL DEFAULT ''
);

-- A pool with zones cannot be deleted (no cascade): `pool update --delete` says so first.
CREATE TABLE zones (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE,
  pool_id     INTEGER NOT NULL REFERENCES pools(id),
  email       TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  ttl         INTEGER NOT NULL,
  serial      INTEGER NOT NULL,
  mname       TEXT NOT NULL,
  rname       TEXT NOT NULL,
  refresh     INTEGER NOT NULL,
  retry       INTEGER NOT NULL,
  expire      INTEGER NOT NULL,
  minimum     INTEGER NOT NULL,
  status      TEXT NOT NULL,
  action      TEXT NOT NULL,
  hard_delete INTEGER NOT NULL DEFAULT 0,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX zones_pool ON zones(pool_id);

-- One row per RRset, identified by its zone, owner and type. `owner` is the canonical
-- sort key of the owner name (see dns::Name::sort_key): the table is clustered on
-- (zone_id, owner, type), so a zone is one contiguous, canonically ordered range that
-- an AXFR or an export streams, and a bulk import appends to one B-tree only.
-- `rdata` packs the wire form of every record; `data` is their presentation form,
-- one per line. Both are written together, so the server never parses text. When a
-- recordset changed is in change_log and zone_journal, not in the row.
CREATE TABLE recordsets (
  zone_id     INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
  owner       BLOB NOT NULL,
  type        INTEGER NOT NULL,
  ttl         INTEGER,
  managed     INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  data        TEXT NOT NULL,
  rdata       BLOB NOT NULL,
  PRIMARY KEY (zone_id, owner, type)
) WITHOUT ROWID;

-- Every serial step of a zone: the SOA before and after, and the RRs removed and
-- added (zone_journal_rrs). IXFR is served from here. `complete` = 0 marks a step the
-- rows do not describe fully (such as a zone TTL change): a client older than it
-- gets an AXFR.
CREATE TABLE zone_journal (
  id          INTEGER PRIMARY KEY,
  zone_id     INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
  serial_from INTEGER NOT NULL,
  serial_to   INTEGER NOT NULL,
  soa_from    BLOB NOT NULL,
  soa_to      BLOB NOT NULL,
  soa_ttl     INTEGER NOT NULL,
  complete    INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL
);
CREATE INDEX zone_journal_zone ON zone_journal(zone_id, id);

CREATE TABLE zone_journal_rrs (
  journal_id INTEGER NOT NULL REFERENCES zone_journal(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  added      INTEGER NOT NULL,
  owner      BLOB NOT NULL,
  type       INTEGER NOT NULL,
  ttl        INTEGER NOT NULL,
  rdata      BLOB NOT NULL,
  PRIMARY KEY (journal_id, seq)
) WITHOUT ROWID;

-- What each target has to do for each zone of its pool, and how the last try went.
CREATE TABLE target_zone_state (
  target_id    INTEGER NOT NULL REFERENCES pool_targets(id) ON DELETE CASCADE,
  zone_id      INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
  action       TEXT NOT NULL,
  status       TEXT NOT NULL,
  serial       INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  last_attempt INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (target_id, zone_id)
) WITHOUT ROWID;
CREATE INDEX target_zone_state_zone ON target_zone_state(zone_id);

CREATE TABLE change_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  command TEXT NOT NULL,
  zone    TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT ''
);
