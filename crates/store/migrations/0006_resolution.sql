-- dossier store, format version 6: cross-document resolution (merges and splits that can be
-- undone).
--
-- FROZEN once shipped: never edit it. Change the schema in a new numbered file.
--
-- * Every entity row a source creates (an "origin": one per document entity) stays forever.
--   Resolution groups origins into clusters; the cluster's root is the live entity and every
--   other member is absorbed: `merged_into` names its root (always a live entity, never a
--   chain). Readers list live entities (`merged_into IS NULL`).
-- * Rows that refer to an entity (names, mentions, statements, events, event actors,
--   identifiers) point at the live root, so readers need no indirection. When a row is moved
--   off the entity it was stored with, its `origin` column keeps that entity's id (NULL means
--   "the entity it points to"), so a split can give every row back exactly.
-- * A row that would duplicate one the root already has (the same name text, the same event
--   role, the same identifier: a UNIQUE key) stays on its own absorbed entity; nothing is
--   deleted. `entity_sources` follows `merged_into`, so source counts include them.
-- * `resolution_log` records what the machine and analysts did, with the score and reasons.

ALTER TABLE entities ADD COLUMN merged_into INTEGER REFERENCES entities (id);
CREATE INDEX entities_by_merged_into ON entities (merged_into) WHERE merged_into IS NOT NULL;

ALTER TABLE names ADD COLUMN origin INTEGER REFERENCES entities (id);
ALTER TABLE mentions ADD COLUMN origin INTEGER REFERENCES entities (id);
ALTER TABLE statements ADD COLUMN subject_origin INTEGER REFERENCES entities (id);
ALTER TABLE statements ADD COLUMN object_origin INTEGER REFERENCES entities (id);
ALTER TABLE events ADD COLUMN location_origin INTEGER REFERENCES entities (id);
ALTER TABLE event_actors ADD COLUMN origin INTEGER REFERENCES entities (id);
ALTER TABLE identifiers ADD COLUMN origin INTEGER REFERENCES entities (id);
CREATE INDEX identifiers_by_entity ON identifiers (entity);

-- The entities each source uses a name of, counted on the live entity.
DROP VIEW entity_sources;
CREATE VIEW entity_sources AS
SELECT DISTINCT coalesce(e.merged_into, e.id) AS entity, ns.source AS source
FROM names n JOIN entities e ON e.id = n.entity JOIN name_sources ns ON ns.name = n.id;

-- What resolution did: 'merge' (other joined entity) or 'split' (other left entity), by the
-- machine (analyst NULL) or an analyst, with the score and the reasons when there are some.
CREATE TABLE resolution_log (
    id         INTEGER PRIMARY KEY,
    action     TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    entity     INTEGER NOT NULL REFERENCES entities (id),
    other      INTEGER NOT NULL REFERENCES entities (id),
    analyst    TEXT CHECK (analyst <> ''),
    score      REAL,
    reasons    TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX resolution_log_by_entity ON resolution_log (entity);
