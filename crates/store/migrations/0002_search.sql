-- dossier store, format version 2: full-text search over sentences, and an overview of sources.
--
-- FROZEN once shipped; never edit it. Change the schema in a new numbered file.

-- The full-text index of sentence text (FTS5). External content: the index holds only its
-- inverted lists and reads the text back from `sentences` (through the stable sentences.id)
-- when a query asks for a snippet, so the text is not stored a third time.
-- unicode61 with remove_diacritics 2 folds case and diacritics: "shabab" finds "Shabāb".
-- Measured on 20 MB of report-like sentences: external content is as fast to write as an index
-- keeping its own copy and 22% smaller on disk; columnsize=0 and detail=column save little space
-- and make ranked queries 2-3 times slower; the porter stemmer costs ~10% more to write.
CREATE VIRTUAL TABLE sentence_search USING fts5 (
    text,
    content = 'sentences',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- dossier adds each new sentence to the index itself, right after inserting it: an AFTER INSERT
-- trigger would make FTS5 flush its pending terms after every row (SQLite opens a statement
-- savepoint for statements that fire triggers, and FTS5 flushes on savepoints), which measured
-- three to four times slower. Sentences inserted by hand are indexed by
--     INSERT INTO sentence_search (sentence_search) VALUES ('rebuild');
-- Deletes and updates are kept in step by triggers, also for rows deleted by the cascade from
-- `sources`.
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
