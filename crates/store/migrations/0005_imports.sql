-- dossier store, format version 5: imported datasets (ACLED rows, the UN sanctions list,
-- FollowTheMoney entities) and the identifiers they carry.
--
-- FROZEN once shipped: never edit it. Change the schema in a new numbered file.
--
-- * An imported dataset is a source (format csv, xml or ftm; kind 'dataset'; no sentences).
--   What it gives points back at the row it came from: events.dataset_row (version 1) and
--   statements.dataset_row (below); a row number counts lines of the file for CSV and JSON
--   lines (header = 0), and records for XML.

-- An identifier an entity carries in some scheme: a UN sanctions reference ('un_reference',
-- 'QDi.316'), a FollowTheMoney id ('ftm'), a passport number. Who said so is the source and
-- row; an identifier entered by an analyst has none.
CREATE TABLE identifiers (
    id          INTEGER PRIMARY KEY,
    entity      INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    scheme      TEXT NOT NULL CHECK (scheme <> ''),
    value       TEXT NOT NULL CHECK (value <> ''),
    source      INTEGER REFERENCES sources (sid) ON DELETE CASCADE,
    dataset_row INTEGER CHECK (dataset_row >= 0),
    UNIQUE (entity, scheme, value)
);
CREATE INDEX identifiers_by_value ON identifiers (scheme, value);
CREATE INDEX identifiers_by_source ON identifiers (source);

-- The row of an imported dataset a statement was read from.
ALTER TABLE statements ADD COLUMN dataset_row INTEGER CHECK (dataset_row >= 0);

-- Events imported from a dataset, by the dataset's own key (ACLED's event_id_cnty), so a
-- newer file updates them instead of adding them again. The fingerprint is a hash of the
-- row's values: equal fingerprints mean the row is unchanged. `cited` is whom the dataset
-- credits for the event (ACLED's `source` column).
CREATE TABLE dataset_events (
    dataset     TEXT NOT NULL CHECK (dataset <> ''),
    key         TEXT NOT NULL CHECK (key <> ''),
    event       INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    fingerprint INTEGER NOT NULL,
    cited       TEXT,
    PRIMARY KEY (dataset, key)
) WITHOUT ROWID;
CREATE INDEX dataset_events_by_event ON dataset_events (event);
