-- A project's own quota values (Designate's quotas table): a resource without a row
-- takes the site's default ([quota] in dnsctl.conf); -1 is no limit. Rows of a
-- project that holds nothing are kept: quotas are set before a project's first zone.
CREATE TABLE quotas (
  project_id TEXT NOT NULL,
  resource   TEXT NOT NULL,
  hard_limit INTEGER NOT NULL,
  PRIMARY KEY (project_id, resource)
) WITHOUT ROWID;
