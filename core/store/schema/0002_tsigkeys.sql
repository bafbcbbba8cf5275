-- TSIG keys (RFC 8945) for transfers, queries and NOTIFY. A key with scope POOL sees
-- only the zones of its pool, ZONE only its zone, ALL every zone. Secrets are base64,
-- as Designate and BIND keep them; they never appear in logs.
CREATE TABLE tsigkeys (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE,
  algorithm   TEXT NOT NULL,
  secret      TEXT NOT NULL,
  scope       TEXT NOT NULL,
  resource_id TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);
