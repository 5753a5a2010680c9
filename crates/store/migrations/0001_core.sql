-- dossier store, format version 1: the core tables.
--
-- FROZEN: this file was shipped; never edit it. Change the schema in a new numbered file.
--
-- Conventions
-- * Every sentence, figure, citation, mention, statement, event and assessment belongs to one
--   source: a NOT NULL foreign key with ON DELETE CASCADE, so deleting a source deletes all that
--   was read from it. Entities, names and judgements are shared by all sources.
-- * Rows inside a source are numbered from 0 in reading order (`idx`), and refer to each other by
--   (source, idx), so a reference can never cross from one source into another.
-- * Spans are half-open byte ranges into sources.text: byte_start <= byte < byte_end.
-- * Fuzzy dates take four columns: the date as dossier writes it ('2022', 'mid 2022',
--   '2022-06', '2013-02-25'), its precision, and the first and last day it covers (days since
--   1970-01-01) for sorting and "as of" questions.
-- * Closed enumerations have CHECK constraints. Values from the vocabulary (entity types,
--   predicates, event types, ICD 203 bands) are checked by dossier against
--   data/vocabulary.toml instead, so the vocabulary can grow without a migration.
-- * Booleans are 0 or 1. Times are UTC ISO 8601 text.

-- A document: a report, an article, an imported dataset. Its id is the hex SHA-256 of its
-- normalized text, so the same text ingested twice is stored once.
CREATE TABLE sources (
    id                  TEXT PRIMARY KEY NOT NULL
                        CHECK (length(id) BETWEEN 16 AND 128 AND id NOT GLOB '*[^0-9a-f]*'),
    title               TEXT,
    publisher           TEXT,
    author              TEXT,
    kind                TEXT CHECK (kind IN ('analysis', 'profile', 'news', 'dataset', 'other')),
    published           TEXT,
    published_precision TEXT CHECK (published_precision IN ('year', 'month', 'day')),
    published_lo        INTEGER,
    published_hi        INTEGER,
    -- 1 when the date was guessed from the dates the text mentions, not given.
    published_inferred  INTEGER NOT NULL DEFAULT 0 CHECK (published_inferred IN (0, 1)),
    url                 TEXT,
    retrieved_at        TEXT,
    -- Admiralty scale: A completely reliable ... F reliability cannot be judged.
    reliability         TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    -- Where the file was read from, as given on the command line.
    path                TEXT,
    format              TEXT NOT NULL
                        CHECK (format IN ('text', 'markdown', 'html', 'csv', 'xml', 'ftm')),
    encoding            TEXT NOT NULL,
    -- Size of the original file.
    bytes               INTEGER NOT NULL CHECK (bytes >= 0),
    -- The normalized text every span points into.
    text                TEXT NOT NULL,
    ingested_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((published IS NULL) = (published_precision IS NULL)
       AND (published IS NULL) = (published_lo IS NULL)
       AND (published IS NULL) = (published_hi IS NULL))
);
CREATE INDEX sources_by_published ON sources (published_lo, published_hi);

-- A sentence of a source's body, title or headings. `id` is a stable row id that the
-- full-text index refers to; everything else refers to (source, idx).
CREATE TABLE sentences (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL CHECK (idx >= 0),
    -- Span in sources.text.
    byte_start INTEGER NOT NULL,
    byte_end   INTEGER NOT NULL,
    -- Span in the original file (before decoding, markup removal and normalization).
    file_start INTEGER NOT NULL,
    file_end   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('body', 'title', 'heading', 'list_item', 'quote')),
    -- Index of the block (paragraph, heading, list item) the loader found it in.
    block      INTEGER NOT NULL CHECK (block >= 0),
    text       TEXT NOT NULL,
    UNIQUE (source, idx),
    CHECK (0 <= byte_start AND byte_start <= byte_end),
    CHECK (0 <= file_start AND file_start <= file_end)
);

-- A figure's caption and credit line ("Source: ...").
CREATE TABLE figures (
    source     TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL CHECK (idx >= 0),
    caption    TEXT NOT NULL,
    credit     TEXT,
    byte_start INTEGER NOT NULL,
    byte_end   INTEGER NOT NULL,
    PRIMARY KEY (source, idx),
    CHECK (0 <= byte_start AND byte_start <= byte_end)
) WITHOUT ROWID;

-- A work cited by a source: a footnote entry, an inline reference, a link.
CREATE TABLE citations (
    source         TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL CHECK (idx >= 0),
    -- '[1]' for footnotes, '*' for foreign-domain links, NULL for inline references.
    marker         TEXT,
    style          TEXT CHECK (style IN ('footnote', 'inline', 'foreign_link', 'link')),
    author         TEXT,
    title          TEXT,
    publisher      TEXT,
    date           TEXT,
    date_precision TEXT CHECK (date_precision IN ('year', 'month', 'day')),
    date_lo        INTEGER,
    date_hi        INTEGER,
    url            TEXT,
    -- 1 when the publisher marked the link as leading to a foreign domain.
    foreign_domain INTEGER NOT NULL DEFAULT 0 CHECK (foreign_domain IN (0, 1)),
    -- The citation as written.
    raw            TEXT NOT NULL,
    byte_start     INTEGER NOT NULL,
    byte_end       INTEGER NOT NULL,
    PRIMARY KEY (source, idx),
    CHECK (0 <= byte_start AND byte_start <= byte_end),
    CHECK ((date IS NULL) = (date_precision IS NULL))
) WITHOUT ROWID;

-- Which sentences a citation supports (many to many, inside one source).
CREATE TABLE citation_sentences (
    source   TEXT NOT NULL,
    citation INTEGER NOT NULL,
    sentence INTEGER NOT NULL,
    PRIMARY KEY (source, citation, sentence),
    FOREIGN KEY (source, citation) REFERENCES citations (source, idx) ON DELETE CASCADE,
    FOREIGN KEY (source, sentence) REFERENCES sentences (source, idx) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX citation_sentences_by_sentence ON citation_sentences (source, sentence);

-- A person, organization, location or event that statements are about.
CREATE TABLE entities (
    id         INTEGER PRIMARY KEY,
    -- From the vocabulary: person, armed_group, town, ...
    type       TEXT NOT NULL CHECK (type <> ''),
    -- The preferred name, shown on profiles.
    name       TEXT NOT NULL CHECK (name <> ''),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX entities_by_type ON entities (type);

-- Every surface form of an entity's name.
CREATE TABLE names (
    id     INTEGER PRIMARY KEY,
    entity INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    name   TEXT NOT NULL CHECK (name <> ''),
    -- The name after folding (case, diacritics, articles, letter variants): the matching key.
    folded TEXT NOT NULL,
    -- ISO 15924 script ('Latn', 'Arab') and BCP 47 language, when known.
    script TEXT,
    lang   TEXT,
    -- 1 when the name is too ambiguous to identify the entity alone (an acronym, a surname).
    weak   INTEGER NOT NULL DEFAULT 0 CHECK (weak IN (0, 1)),
    UNIQUE (entity, name)
);
CREATE INDEX names_by_folded ON names (folded);

-- Which sources use a name.
CREATE TABLE name_sources (
    name   INTEGER NOT NULL REFERENCES names (id) ON DELETE CASCADE,
    source TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    PRIMARY KEY (name, source)
) WITHOUT ROWID;
CREATE INDEX name_sources_by_source ON name_sources (source);

-- A span of a source's text that names something, resolved to an entity or not (yet).
CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    -- The sentence (idx) the mention is in, NULL outside sentences (a caption, a citation).
    sentence   INTEGER,
    byte_start INTEGER NOT NULL,
    byte_end   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    -- What the mention looks like it names (a vocabulary entity type).
    kind       TEXT NOT NULL CHECK (kind <> ''),
    entity     INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    FOREIGN KEY (source, sentence) REFERENCES sentences (source, idx) ON DELETE CASCADE,
    CHECK (0 <= byte_start AND byte_start <= byte_end)
);
CREATE INDEX mentions_by_sentence ON mentions (source, sentence);
CREATE INDEX mentions_by_entity ON mentions (entity);

-- A fact with its provenance: subject, predicate, object (an entity or a typed literal), valid
-- time, the source and sentence it was read from, and who or what extracted it.
-- Entities a statement refers to cannot be deleted while it exists (merge them instead).
CREATE TABLE statements (
    id                   INTEGER PRIMARY KEY,
    subject              INTEGER NOT NULL REFERENCES entities (id),
    -- From the vocabulary: leader_of, member_of, position, alias, ...
    predicate            TEXT NOT NULL CHECK (predicate <> ''),
    object_entity        INTEGER REFERENCES entities (id),
    object_value         TEXT,
    object_type          TEXT CHECK (object_type IN ('text', 'date', 'number', 'url')),
    valid_from           TEXT,
    valid_from_precision TEXT CHECK (valid_from_precision IN ('year', 'month', 'day')),
    valid_from_lo        INTEGER,
    valid_from_hi        INTEGER,
    valid_to             TEXT,
    valid_to_precision   TEXT CHECK (valid_to_precision IN ('year', 'month', 'day')),
    valid_to_lo          INTEGER,
    valid_to_hi          INTEGER,
    source               TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    sentence             INTEGER,
    byte_start           INTEGER,
    byte_end             INTEGER,
    -- The extractor rule id and its version, or 'analyst' for a person's entry.
    rule                 TEXT NOT NULL CHECK (rule <> ''),
    rule_version         INTEGER NOT NULL DEFAULT 1 CHECK (rule_version >= 0),
    confidence           REAL NOT NULL CHECK (confidence BETWEEN 0.0 AND 1.0),
    -- The hedging words of the text ('reportedly', 'is believed to'), when it hedges.
    hedge                TEXT,
    status               TEXT NOT NULL DEFAULT 'extracted'
                         CHECK (status IN ('extracted', 'confirmed', 'rejected')),
    FOREIGN KEY (source, sentence) REFERENCES sentences (source, idx) ON DELETE CASCADE,
    CHECK ((object_entity IS NULL) <> (object_value IS NULL)),
    CHECK ((object_value IS NULL) = (object_type IS NULL)),
    CHECK ((valid_from IS NULL) = (valid_from_precision IS NULL)),
    CHECK ((valid_to IS NULL) = (valid_to_precision IS NULL)),
    CHECK ((byte_start IS NULL) = (byte_end IS NULL) AND byte_start <= byte_end)
);
CREATE INDEX statements_by_subject ON statements (subject, predicate);
CREATE INDEX statements_by_object ON statements (object_entity);
CREATE INDEX statements_by_sentence ON statements (source, sentence);

-- The citations a statement rests on (inside the statement's own source).
CREATE TABLE statement_citations (
    statement INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    source    TEXT NOT NULL,
    citation  INTEGER NOT NULL,
    PRIMARY KEY (statement, citation),
    FOREIGN KEY (source, citation) REFERENCES citations (source, idx) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX statement_citations_by_citation ON statement_citations (source, citation);
CREATE TRIGGER statement_citations_same_source BEFORE INSERT ON statement_citations
WHEN (SELECT source FROM statements WHERE id = NEW.statement) IS NOT NEW.source
BEGIN
    SELECT RAISE(ABORT, 'a statement can only cite the citations of its own source');
END;

-- Something that happened: a date, an ACLED type and sub-type, a CAMEO root code, a place,
-- actors with roles. Imported dataset rows are events whose provenance is the row.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    date           TEXT,
    date_precision TEXT CHECK (date_precision IN ('year', 'month', 'day')),
    date_lo        INTEGER,
    date_hi        INTEGER,
    -- From the vocabulary: battles, explosions_remote_violence, ...
    type           TEXT NOT NULL CHECK (type <> ''),
    subtype        TEXT,
    cameo          TEXT CHECK (cameo NOT GLOB '*[^0-9]*' AND length(cameo) BETWEEN 2 AND 4),
    location       INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    latitude       REAL CHECK (latitude BETWEEN -90.0 AND 90.0),
    longitude      REAL CHECK (longitude BETWEEN -180.0 AND 180.0),
    -- ACLED geo-precision: 1 the place itself, 2 near it or part of a region, 3 a larger area.
    geo_precision  INTEGER CHECK (geo_precision IN (1, 2, 3)),
    fatalities     INTEGER CHECK (fatalities >= 0),
    description    TEXT,
    source         TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    sentence       INTEGER,
    -- For imported datasets: the row number in the file (header = 0).
    dataset_row    INTEGER CHECK (dataset_row >= 0),
    FOREIGN KEY (source, sentence) REFERENCES sentences (source, idx) ON DELETE CASCADE,
    CHECK ((date IS NULL) = (date_precision IS NULL)),
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX events_by_date ON events (date_lo, date_hi);
CREATE INDEX events_by_sentence ON events (source, sentence);
CREATE INDEX events_by_location ON events (location);

-- Who took part in an event, and how.
CREATE TABLE event_actors (
    event  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    entity INTEGER NOT NULL REFERENCES entities (id),
    role   TEXT NOT NULL CHECK (role IN ('actor', 'associate', 'target')),
    PRIMARY KEY (event, entity, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_by_entity ON event_actors (entity);

-- An analytic judgement found in a text ("JNIM will likely expand ..."), resolvable later.
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    sentence    INTEGER,
    -- What is judged, and the estimative phrase that judges it ('will likely').
    claim       TEXT NOT NULL,
    phrase      TEXT NOT NULL,
    -- ICD 203 band from the vocabulary: almost_no_chance ... almost_certain.
    band        TEXT NOT NULL CHECK (band <> ''),
    -- The time frame, when stated ('by the end of 2024', 'in the coming months').
    horizon     TEXT,
    scenario    TEXT,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'came_true', 'did_not')),
    resolved_at TEXT,
    note        TEXT,
    FOREIGN KEY (source, sentence) REFERENCES sentences (source, idx) ON DELETE CASCADE,
    CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX assessments_by_sentence ON assessments (source, sentence);
CREATE INDEX assessments_by_status ON assessments (status);

-- An analyst's decision on whether two entities are the same. Append-only: a changed mind is a
-- new row; the latest row for a pair wins. Replayed on every re-resolution.
-- (`analyst` rather than `user`, which PostgreSQL reserves.)
CREATE TABLE judgements (
    id           INTEGER PRIMARY KEY,
    left_entity  INTEGER NOT NULL REFERENCES entities (id),
    right_entity INTEGER NOT NULL REFERENCES entities (id),
    judgement    TEXT NOT NULL CHECK (judgement IN ('same', 'different', 'unsure')),
    analyst      TEXT NOT NULL CHECK (analyst <> ''),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    note         TEXT,
    CHECK (left_entity <> right_entity)
);
CREATE INDEX judgements_by_left ON judgements (left_entity);
CREATE INDEX judgements_by_right ON judgements (right_entity);
CREATE TRIGGER judgements_no_update BEFORE UPDATE ON judgements
BEGIN
    SELECT RAISE(ABORT, 'judgements are append-only: add a new judgement instead');
END;
CREATE TRIGGER judgements_no_delete BEFORE DELETE ON judgements
BEGIN
    SELECT RAISE(ABORT, 'judgements are append-only: add a new judgement instead');
END;
