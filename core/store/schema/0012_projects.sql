-- Tenants (the v2 API): every zone belongs to one project, an opaque id from Keystone
-- or the API's token file. '' is the default project ([api] default_project), which
-- every zone made before projects existed, and every zone the CLI makes without
-- --project, belongs to.
-- version counts the changes of the zone row, as Designate's objects count theirs.
ALTER TABLE zones ADD COLUMN project_id TEXT NOT NULL DEFAULT '';
ALTER TABLE zones ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX zones_project ON zones(project_id, name);
