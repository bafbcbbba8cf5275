-- Designate's zone export tasks (POST /v2/zones/{id}/tasks/export): what was asked
-- for, by which project, and whether the zone could be exported (api_export_size).
-- The file itself is made from the zone when it is fetched.
CREATE TABLE zone_exports (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  zone_uuid   TEXT NOT NULL,
  project_id  TEXT NOT NULL,
  status      TEXT NOT NULL,
  message     TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX zone_exports_project ON zone_exports(project_id);
