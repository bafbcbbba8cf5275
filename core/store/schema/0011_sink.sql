-- Records the sink made (designate-sink's managed_* columns, per record): which
-- handler, for which resource. A delete event removes exactly these records from
-- their RRsets; an operator's own records in the same RRset are never touched.
CREATE TABLE managed_records (
  zone_id       INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
  owner         BLOB NOT NULL,
  type          INTEGER NOT NULL,
  data          TEXT NOT NULL,
  plugin_type   TEXT NOT NULL,
  plugin_name   TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (zone_id, owner, type, data, plugin_name, resource_type, resource_id)
) WITHOUT ROWID;
CREATE INDEX managed_records_resource ON managed_records(plugin_name, resource_type, resource_id);

-- Every notification the sink has handled, by its message_id: a redelivered message
-- (RabbitMQ redelivers what was not acknowledged) is recognised and changes nothing.
-- outcome: applied, ignored (no handler for the event), or rejected (with the reason;
-- never retried).
CREATE TABLE sink_messages (
  message_id TEXT PRIMARY KEY,
  handled_at INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  outcome    TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sink_messages_handled_at ON sink_messages(handled_at);
