-- What each pool nameserver was last seen serving, per zone: `sync` writes it after
-- polling, `status` reads it. serial 0 with status 'absent' means the server answered
-- but does not serve the zone; 'unreachable' that it did not answer at all.
CREATE TABLE nameserver_zone_state (
  nameserver_id INTEGER NOT NULL REFERENCES pool_nameservers(id) ON DELETE CASCADE,
  zone_id       INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
  serial        INTEGER NOT NULL DEFAULT 0,
  status        TEXT NOT NULL,
  last_error    TEXT NOT NULL DEFAULT '',
  last_attempt  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (nameserver_id, zone_id)
) WITHOUT ROWID;
CREATE INDEX nameserver_zone_state_zone ON nameserver_zone_state(zone_id);
