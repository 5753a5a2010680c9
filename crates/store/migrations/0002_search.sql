-- dossier store, format version 2: full-text search over sentences, and an overview of sources.
--
-- FROZEN once shipped; never edit it. Change the schema in a new numbered file.

-- The full-text index of sentence text (FTS5). External content: the index holds only its
-- inverted lists and reads the text back from `sentences` (through the stable sentences.id)
-- when a query asks for a snippet, so the text is not stored a third time.
-- unicode61 with remove_diacritics 2 makes "Ghaly" find "Ghâly" and "Tombouctou" "Tombouctóu".
CREATE VIRTUAL TABLE sentence_search USING fts5 (
    text,
    content = 'sentences',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The triggers keep the index in step with `sentences`, also for rows deleted by the cascade
-- from `sources`.
CREATE TRIGGER sentences_search_insert AFTER INSERT ON sentences
BEGIN
    INSERT INTO sentence_search (rowid, text) VALUES (NEW.id, NEW.text);
END;
CREATE TRIGGER sentences_search_delete AFTER DELETE ON sentences
BEGIN
    INSERT INTO sentence_search (sentence_search, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
CREATE TRIGGER sentences_search_update AFTER UPDATE OF text ON sentences
BEGIN
    INSERT INTO sentence_search (sentence_search, rowid, text) VALUES ('delete', OLD.id, OLD.text);
    INSERT INTO sentence_search (rowid, text) VALUES (NEW.id, NEW.text);
END;

-- Index the sentences stored under version 1.
INSERT INTO sentence_search (sentence_search) VALUES ('rebuild');

-- One line per source, for people reading the file with any SQLite tool.
CREATE VIEW source_overview AS
SELECT
    s.id,
    s.title,
    s.publisher,
    s.published,
    s.ingested_at,
    (SELECT count(*) FROM sentences t WHERE t.source = s.id) AS sentences,
    (SELECT count(*) FROM citations c WHERE c.source = s.id) AS citations,
    length(CAST(s.text AS BLOB)) AS text_bytes
FROM sources s;
