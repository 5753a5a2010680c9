-- dossier store, format version 3: what events need to be read back as extraction found them.
--
-- FROZEN once shipped; never edit it. Change the schema in a new numbered file.

-- The vocabulary's event kind ('attack', 'founding', 'designation', ...): finer than the ACLED
-- type, and what analysts and the evaluation ask for. NULL for events imported without one.
ALTER TABLE events ADD COLUMN kind TEXT CHECK (kind <> '');

-- Where in the source's text the event is told (half-open byte range), like statements.
ALTER TABLE events ADD COLUMN byte_start INTEGER CHECK (byte_start >= 0);
ALTER TABLE events ADD COLUMN byte_end INTEGER CHECK (byte_end >= byte_start);

-- The entities each source uses a name of, for listings ("in how many sources").
CREATE VIEW entity_sources AS
SELECT DISTINCT n.entity AS entity, ns.source AS source
FROM names n JOIN name_sources ns ON ns.name = n.id;
