-- As schema/0012_projects.sql: the zone's project ('' is [api] default_project) and
-- the count of its row's changes.
ALTER TABLE zones ADD COLUMN project_id TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE zones ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE INDEX zones_project ON zones(project_id, name);
