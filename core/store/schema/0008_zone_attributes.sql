-- A zone's attributes (`domain create --attributes service_tier:gold`), as
-- Designate's zone_attributes: what the scheduler matches against pool attributes.
CREATE TABLE zone_attributes (
  zone_id INTEGER NOT NULL REFERENCES zones(id) ON DELETE CASCADE,
  key     TEXT NOT NULL,
  value   TEXT NOT NULL,
  PRIMARY KEY (zone_id, key)
) WITHOUT ROWID;
