-- Local safety rails on zone names, as Designate's TLDs and blacklists: when any TLD
-- exists, a zone must sit under one (and not be one); a zone matching a blacklist
-- pattern is refused unless forced. TLD names are lower case without the final dot;
-- patterns are RE2 syntax, matched anywhere in the zone name with its final dot.
CREATE TABLE tlds (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE blacklists (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE,
  pattern     TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
