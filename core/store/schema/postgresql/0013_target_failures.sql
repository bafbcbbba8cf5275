-- As schema/0013_target_failures.sql: failed attempts in a row of one target at one
-- zone; 'error' only after [sync] error_after of them.
ALTER TABLE target_zone_state ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
