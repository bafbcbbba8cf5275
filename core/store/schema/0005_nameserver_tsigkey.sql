-- A pool nameserver may name a TSIG key (Designate 2026's nameserver tsigkey_id): the
-- serial polls to it are signed with that key.
ALTER TABLE pool_nameservers ADD COLUMN tsigkey_id TEXT NOT NULL DEFAULT '';
