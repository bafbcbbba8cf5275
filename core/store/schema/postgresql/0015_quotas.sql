-- As schema/0015_quotas.sql: a project's own quota values; -1 is no limit.
CREATE TABLE quotas (
  project_id TEXT COLLATE "C" NOT NULL,
  resource   TEXT COLLATE "C" NOT NULL,
  hard_limit BIGINT NOT NULL,
  PRIMARY KEY (project_id, resource)
);
