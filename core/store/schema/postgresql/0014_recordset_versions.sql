-- As schema/0014_recordset_versions.sql: each recordset's created_at, updated_at and
-- version.
ALTER TABLE recordsets ADD COLUMN created_at BIGINT;
ALTER TABLE recordsets ADD COLUMN updated_at BIGINT;
ALTER TABLE recordsets ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
