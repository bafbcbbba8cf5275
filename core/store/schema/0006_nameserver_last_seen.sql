-- When each nameserver last answered for a zone (any answer but none at all), so that
-- `status` can say how long ago a server was last seen; last_attempt is when it was
-- last asked.
ALTER TABLE nameserver_zone_state ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
UPDATE nameserver_zone_state SET last_seen = last_attempt WHERE status <> 'unreachable';
