-- dossier store, format version 1: the core tables.
--
-- FROZEN: this file was shipped; never edit it. Change the schema in a new numbered file.
--
-- Conventions
-- * A source has two keys: `id`, the hex SHA-256 of its text, which people and the program use
--   to name it, and `sid`, a small integer that every other table uses to refer to it (a
--   64-character text key in every row and index tripled the size of the file).
-- * Everything read from a source (sentences, figures, citations, mentions, statements,
--   events, assessments) belongs to it: deleting a source deletes all of it. Entities, names
--   and judgements are shared by all sources and stay.
-- * What the text stages find in a source, in volume (sentences, and citations with the
--   sentences they support), is stored in the source's own row as JSON arrays, one element
--   per item in reading order; an item's index in its array is its `idx`. Views present them
--   as rows (`sentences`, `citations`, `citation_sentences`). One row per source instead of a
--   row per sentence made storing five times faster: SQLite spends about a microsecond on
--   every row whatever its size.
-- * Other rows refer to a sentence or citation by (source, idx); triggers check that idx is
--   one of the source's own, so a reference can never cross into another source.
-- * Spans are half-open byte ranges into sources.text: byte_start <= byte < byte_end.
-- * Fuzzy dates take four columns: the date as dossier writes it ('2022', 'mid 2022',
--   '2022-06', '2013-02-25'), its precision, and the first and last day it covers (days since
--   1970-01-01) for sorting and "as of" questions.
-- * Closed enumerations have CHECK constraints. Tables written in volume spell them
--   `x = 'a' OR x = 'b' OR ...`: SQLite builds a temporary index for every `x IN ('a', 'b',
--   'c')` check of every row it writes, which doubled the cost of a row. Values from the
--   vocabulary (entity types, predicates, event types, ICD 203 bands) are checked by dossier
--   against data/vocabulary.toml instead, so the vocabulary can grow without a migration.
-- * Booleans are 0 or 1. Times are UTC ISO 8601 text.

-- A document: a report, an article, an imported dataset. Its id is the hex SHA-256 of its
-- normalized text, so the same text ingested twice is stored once, and the text never
-- changes (a trigger below refuses it).
CREATE TABLE sources (
    sid                 INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE
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
    ingested_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- The number of elements of `sentences` and `citations`, for listings and for the
    -- triggers that check references without reading the JSON.
    sentence_count      INTEGER NOT NULL CHECK (sentence_count >= 0),
    citation_count      INTEGER NOT NULL CHECK (citation_count >= 0),
    -- The sentences of the body, title and headings, in reading order, as a JSON array of
    --   [byte_start, byte_end, kind, block]                        or
    --   [byte_start, byte_end, kind, block, file_start, file_end]
    -- kind: body, title, heading, list_item or quote; block: index of the paragraph, heading
    -- or list item the loader found the sentence in; file_start and file_end: the span in the
    -- original file (before decoding, markup removal and normalization), given only where it
    -- differs from the span in the text. See the `sentences` view.
    sentences           TEXT NOT NULL,
    -- The works the source cites (footnote entries, inline references, links), as a JSON
    -- array of
    --   [marker, style, author, title, publisher, date, url, foreign_domain, raw,
    --    byte_start, byte_end, [sentence idx, ...]]
    -- marker: '[1]' for footnotes, '*' for foreign-domain links, null for inline references;
    -- style: footnote, inline, foreign_link or link; foreign_domain: 1 when the publisher
    -- marked the link as leading to a foreign domain; raw: the citation as written; the last
    -- element lists the sentences the citation supports. author, title, publisher, url and
    -- raw are either a string or, when the string appears verbatim inside the citation's
    -- span, its [byte_start, byte_end] in `text` (this halves the size of citations). See the
    -- `citations` view.
    citations           TEXT NOT NULL,
    -- The normalized text every span points into. Last, so that reading the other columns
    -- does not read it.
    text                TEXT NOT NULL,
    CHECK ((published IS NULL) = (published_precision IS NULL)
       AND (published IS NULL) = (published_lo IS NULL)
       AND (published IS NULL) = (published_hi IS NULL))
);
CREATE INDEX sources_by_published ON sources (published_lo, published_hi);
CREATE TRIGGER sources_text_is_fixed BEFORE UPDATE OF id, text, sentences ON sources
BEGIN
    SELECT RAISE(ABORT, 'a source''s id, text and sentences never change: delete the source and ingest it again');
END;

-- The sentences of every source, one row each.
CREATE VIEW sentences AS
SELECT
    s.sid                                  AS source,
    j.key                                  AS idx,
    j.value ->> 0                          AS byte_start,
    j.value ->> 1                          AS byte_end,
    coalesce(j.value ->> 4, j.value ->> 0) AS file_start,
    coalesce(j.value ->> 5, j.value ->> 1) AS file_end,
    j.value ->> 2                          AS kind,
    j.value ->> 3                          AS block,
    CAST(substr(CAST(s.text AS BLOB), (j.value ->> 0) + 1, (j.value ->> 1) - (j.value ->> 0))
         AS TEXT)                          AS text
FROM sources s, json_each(s.sentences) j;

-- The citations of every source, one row each (strings stored as ranges of the text cut out).
CREATE VIEW citations AS
SELECT
    s.sid           AS source,
    j.key           AS idx,
    j.value ->> 0   AS marker,
    j.value ->> 1   AS style,
    CASE json_type(j.value, '$[2]') WHEN 'array'
        THEN CAST(substr(CAST(s.text AS BLOB), (j.value -> 2 ->> 0) + 1,
                         (j.value -> 2 ->> 1) - (j.value -> 2 ->> 0)) AS TEXT)
        ELSE j.value ->> 2 END AS author,
    CASE json_type(j.value, '$[3]') WHEN 'array'
        THEN CAST(substr(CAST(s.text AS BLOB), (j.value -> 3 ->> 0) + 1,
                         (j.value -> 3 ->> 1) - (j.value -> 3 ->> 0)) AS TEXT)
        ELSE j.value ->> 3 END AS title,
    CASE json_type(j.value, '$[4]') WHEN 'array'
        THEN CAST(substr(CAST(s.text AS BLOB), (j.value -> 4 ->> 0) + 1,
                         (j.value -> 4 ->> 1) - (j.value -> 4 ->> 0)) AS TEXT)
        ELSE j.value ->> 4 END AS publisher,
    j.value ->> 5   AS date,
    CASE json_type(j.value, '$[6]') WHEN 'array'
        THEN CAST(substr(CAST(s.text AS BLOB), (j.value -> 6 ->> 0) + 1,
                         (j.value -> 6 ->> 1) - (j.value -> 6 ->> 0)) AS TEXT)
        ELSE j.value ->> 6 END AS url,
    j.value ->> 7   AS foreign_domain,
    CASE json_type(j.value, '$[8]') WHEN 'array'
        THEN CAST(substr(CAST(s.text AS BLOB), (j.value -> 8 ->> 0) + 1,
                         (j.value -> 8 ->> 1) - (j.value -> 8 ->> 0)) AS TEXT)
        ELSE j.value ->> 8 END AS raw,
    j.value ->> 9   AS byte_start,
    j.value ->> 10  AS byte_end
FROM sources s, json_each(s.citations) j;

-- Which sentences each citation supports (many to many, inside one source).
CREATE VIEW citation_sentences AS
SELECT s.sid AS source, c.key AS citation, t.value AS sentence
FROM sources s, json_each(s.citations) c, json_each(c.value, '$[11]') t;

-- One line per source, for people reading the file with any SQLite tool.
CREATE VIEW source_overview AS
SELECT
    id,
    title,
    publisher,
    published,
    ingested_at,
    sentence_count AS sentences,
    citation_count AS citations,
    length(CAST(text AS BLOB)) AS text_bytes
FROM sources;

-- A figure's caption and credit line ("Source: ...").
CREATE TABLE figures (
    source     INTEGER NOT NULL REFERENCES sources (sid) ON DELETE CASCADE,
    idx        INTEGER NOT NULL CHECK (idx >= 0),
    caption    TEXT NOT NULL,
    credit     TEXT,
    byte_start INTEGER NOT NULL,
    byte_end   INTEGER NOT NULL,
    PRIMARY KEY (source, idx),
    CHECK (0 <= byte_start AND byte_start <= byte_end)
) WITHOUT ROWID;

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
    source INTEGER NOT NULL REFERENCES sources (sid) ON DELETE CASCADE,
    PRIMARY KEY (name, source)
) WITHOUT ROWID;
CREATE INDEX name_sources_by_source ON name_sources (source);

-- A span of a source's text that names something, resolved to an entity or not (yet).
CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    source     INTEGER NOT NULL REFERENCES sources (sid) ON DELETE CASCADE,
    -- The sentence (idx) the mention is in, NULL outside sentences (a caption, a citation).
    sentence   INTEGER CHECK (sentence >= 0),
    byte_start INTEGER NOT NULL,
    byte_end   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    -- What the mention looks like it names (a vocabulary entity type).
    kind       TEXT NOT NULL CHECK (kind <> ''),
    entity     INTEGER REFERENCES entities (id) ON DELETE SET NULL,
    CHECK (0 <= byte_start AND byte_start <= byte_end)
);
CREATE INDEX mentions_by_sentence ON mentions (source, sentence);
CREATE INDEX mentions_by_entity ON mentions (entity);
CREATE TRIGGER mentions_sentence_insert BEFORE INSERT ON mentions
WHEN NEW.sentence >= (SELECT sentence_count FROM sources WHERE sid = NEW.source)
BEGIN
    SELECT RAISE(ABORT, 'mentions.sentence must be a sentence of the same source');
END;
CREATE TRIGGER mentions_sentence_update BEFORE UPDATE OF source, sentence ON mentions
WHEN NEW.sentence >= (SELECT sentence_count FROM sources WHERE sid = NEW.source)
BEGIN
    SELECT RAISE(ABORT, 'mentions.sentence must be a sentence of the same source');
END;

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
    object_type          TEXT CHECK (object_type = 'text' OR object_type = 'date'
                                     OR object_type = 'number' OR object_type = 'url'),
    valid_from           TEXT,
    valid_from_precision TEXT CHECK (valid_from_precision = 'year'
                                     OR valid_from_precision = 'month'
                                     OR valid_from_precision = 'day'),
    valid_from_lo        INTEGER,
    valid_from_hi        INTEGER,
    valid_to             TEXT,
    valid_to_precision   TEXT CHECK (valid_to_precision = 'year'
                                     OR valid_to_precision = 'month'
                                     OR valid_to_precision = 'day'),
    valid_to_lo          INTEGER,
    valid_to_hi          INTEGER,
    source               INTEGER NOT NULL REFERENCES sources (sid) ON DELETE CASCADE,
    sentence             INTEGER CHECK (sentence >= 0),
    byte_start           INTEGER,
    byte_end             INTEGER,
    -- The extractor rule id and its version, or 'analyst' for a person's entry.
    rule                 TEXT NOT NULL CHECK (rule <> ''),
    rule_version         INTEGER NOT NULL DEFAULT 1 CHECK (rule_version >= 0),
    confidence           REAL NOT NULL CHECK (confidence BETWEEN 0.0 AND 1.0),
    -- The hedging words of the text ('reportedly', 'is believed to'), when it hedges.
    hedge                TEXT,
    status               TEXT NOT NULL DEFAULT 'extracted'
                         CHECK (status = 'extracted' OR status = 'confirmed'
                                OR status = 'rejected'),
    CHECK ((object_entity IS NULL) <> (object_value IS NULL)),
    CHECK ((object_value IS NULL) = (object_type IS NULL)),
    CHECK ((valid_from IS NULL) = (valid_from_precision IS NULL)),
    CHECK ((valid_to IS NULL) = (valid_to_precision IS NULL)),
    CHECK ((byte_start IS NULL) = (byte_end IS NULL) AND byte_start <= byte_end)
);
CREATE INDEX statements_by_subject ON statements (subject, predicate);
CREATE INDEX statements_by_object ON statements (object_entity);
CREATE INDEX statements_by_sentence ON statements (source, sentence);
CREATE TRIGGER statements_sentence_insert BEFORE INSERT ON statements
WHEN NEW.sentence >= (SELECT sentence_count FROM sources WHERE sid = NEW.source)
BEGIN
    SELECT RAISE(ABORT, 'statements.sentence must be a sentence of the same source');
END;
CREATE TRIGGER statements_sentence_update BEFORE UPDATE OF source, sentence ON statements
WHEN NEW.sentence >= (SELECT sentence_count FROM sources WHERE sid = NEW.source)
BEGIN
    SELECT RAISE(ABORT, 'statements.sentence must be a sentence of the same source');
END;

-- The citations a statement rests on: citations (idx) of the statement's own source.
CREATE TABLE statement_citations (
    statement INTEGER NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    citation  INTEGER NOT NULL CHECK (citation >= 0),
    PRIMARY KEY (statement, citation)
) WITHOUT ROWID;
CREATE TRIGGER statement_citations_same_source BEFORE INSERT ON statement_citations
WHEN NEW.citation >= (SELECT s.citation_count FROM statements t JOIN sources s ON s.sid = t.source
                      WHERE t.id = NEW.statement)
BEGIN
    SELECT RAISE(ABORT, 'a statement can only cite the citations of its own source');
END;
CREATE TRIGGER statement_citations_same_source_update BEFORE UPDATE ON statement_citations
WHEN NEW.citation >= (SELECT s.citation_count FROM statements t JOIN sources s ON s.sid = t.source
                      WHERE t.id = NEW.statement)
BEGIN
    SELECT RAISE(ABORT, 'a statement can only cite the citations of its own source');
END;

-- Something that happened: a date, an ACLED type and sub-type, a CAMEO root code, a place,
-- actors with roles. Imported dataset rows are events whose provenance is the row.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    date           TEXT,
    date_precision TEXT CHECK (date_precision = 'year' OR date_precision = 'month'
                               OR date_precision = 'day'),
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
    geo_precision  INTEGER CHECK (geo_precision BETWEEN 1 AND 3),
    fatalities     INTEGER CHECK (fatalities >= 0),
    description    TEXT,
    source         INTEGER NOT NULL REFERENCES sources (sid) ON DELETE CASCADE,
    sentence       INTEGER CHECK (sentence >= 0),
    -- For imported datasets: the row number in the file (header = 0).
    dataset_row    INTEGER CHECK (dataset_row >= 0),
    CHECK ((date IS NULL) = (date_precision IS NULL)),
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX events_by_date ON events (date_lo, date_hi);
CREATE INDEX events_by_sentence ON events (source, sentence);
CREATE INDEX events_by_location ON events (location);
CREATE TRIGGER events_sentence_insert BEFORE INSERT ON events
WHEN NEW.sentence >= (SELECT sentence_count FROM sources WHERE sid = NEW.source)
BEGIN
    SELECT RAISE(ABORT, 'events.sentence must be a sentence of the same source');
END;
CREATE TRIGGER events_sentence_update BEFORE UPDATE OF source, sentence ON events
WHEN NEW.sentence >= (SELECT sentence_count FROM sources WHERE sid = NEW.source)
BEGIN
    SELECT RAISE(ABORT, 'events.sentence must be a sentence of the same source');
END;

-- Who took part in an event, and how.
CREATE TABLE event_actors (
    event  INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    entity INTEGER NOT NULL REFERENCES entities (id),
    role   TEXT NOT NULL CHECK (role = 'actor' OR role = 'associate' OR role = 'target'),
    PRIMARY KEY (event, entity, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_by_entity ON event_actors (entity);

-- An analytic judgement found in a text ("JNIM will likely expand ..."), resolvable later.
CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY,
    source      INTEGER NOT NULL REFERENCES sources (sid) ON DELETE CASCADE,
    sentence    INTEGER CHECK (sentence >= 0),
    -- What is judged, and the estimative phrase that judges it ('will likely').
    claim       TEXT NOT NULL,
    phrase      TEXT NOT NULL,
    -- ICD 203 band from the vocabulary: almost_no_chance ... almost_certain.
    band        TEXT NOT NULL CHECK (band <> ''),
    -- The time frame, when stated ('by the end of 2024', 'in the coming months').
    horizon     TEXT,
    scenario    TEXT,
    status      TEXT NOT NULL DEFAULT 'open'
                CHECK (status = 'open' OR status = 'came_true' OR status = 'did_not'),
    resolved_at TEXT,
    note        TEXT,
    CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX assessments_by_sentence ON assessments (source, sentence);
CREATE INDEX assessments_by_status ON assessments (status);
CREATE TRIGGER assessments_sentence_insert BEFORE INSERT ON assessments
WHEN NEW.sentence >= (SELECT sentence_count FROM sources WHERE sid = NEW.source)
BEGIN
    SELECT RAISE(ABORT, 'assessments.sentence must be a sentence of the same source');
END;
CREATE TRIGGER assessments_sentence_update BEFORE UPDATE OF source, sentence ON assessments
WHEN NEW.sentence >= (SELECT sentence_count FROM sources WHERE sid = NEW.source)
BEGIN
    SELECT RAISE(ABORT, 'assessments.sentence must be a sentence of the same source');
END;

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
