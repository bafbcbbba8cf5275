-- Each recordset's own history, as Designate's API shows it: when it was created and
-- last changed (seconds since the epoch; NULL for rows older than this schema, which
-- show their zone's), and a version counting its changes from 1. The writes carry the
-- values: PostgreSQL updates many rows at once by deleting and copying them again.
ALTER TABLE recordsets ADD COLUMN created_at INTEGER;
ALTER TABLE recordsets ADD COLUMN updated_at INTEGER;
ALTER TABLE recordsets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
