-- Failed attempts in a row of one target at one zone: a target is 'error' (and so its
-- zone ERROR) only after [sync] error_after of them; before that it stays 'pending'
-- with its last error, because one timeout is not a broken server. A success resets it.
ALTER TABLE target_zone_state ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
