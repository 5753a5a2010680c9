-- dossier store, format version 2: full-text search over sentences.
--
-- FROZEN once shipped; never edit it. Change the schema in a new numbered file.

-- The full-text index of sentence text (FTS5). Contentless: the index keeps only its inverted
-- lists, not a third copy of the text (the text is in sources.text and the spans in
-- sources.sentences); dossier cuts the snippets of a search from sources.text itself.
-- The rowid of a sentence is  source sid * 2^32 + sentence idx.
-- unicode61 with remove_diacritics 2 folds case and diacritics: "shabab" finds "Shabāb".
-- columnsize=0: no table of sentence lengths. Writing one row of it per sentence took a third
-- of the indexing time; without it bm25() ranks by how often and how rare the words are, not
-- by the length of the sentence (sentences are short anyway).
CREATE VIRTUAL TABLE sentence_search USING fts5 (
    text,
    content = '',
    columnsize = 0,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- FTS5 gathers new terms in memory and writes them out as a new segment when they pass
-- `hashsize` bytes (1 MB by default), merging segments as they pile up. Indexing everything an
-- ingest stored in one go (see below) with room for 64 MB of terms writes one segment.
INSERT INTO sentence_search (sentence_search, rank) VALUES ('hashsize', 67108864);

-- The sources whose sentences are not in the index yet. Storing a source adds its row here,
-- in the source's own transaction; dossier indexes all pending sources at once at the end of
-- an ingest (one flush of the index instead of one per source) and removes their rows in the
-- same transaction. A run that was interrupted leaves its rows here: the next writer to open
-- the store, or the next search, indexes them first. See `Store::index_pending`.
CREATE TABLE search_pending (
    source INTEGER PRIMARY KEY REFERENCES sources (sid) ON DELETE CASCADE
);

-- A contentless index forgets a row only when told its text again. Deleting an indexed
-- source (here, before the delete, while its text is still there) removes its sentences.
CREATE TRIGGER sources_search_delete BEFORE DELETE ON sources
WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE source = OLD.sid)
BEGIN
    INSERT INTO sentence_search (sentence_search, rowid, text)
    SELECT 'delete', OLD.sid * 4294967296 + j.key,
           CAST(substr(CAST(OLD.text AS BLOB), (j.value ->> 0) + 1,
                       (j.value ->> 1) - (j.value ->> 0)) AS TEXT)
    FROM json_each(OLD.sentences) j;
END;

-- The sources stored under version 1 are indexed by the next writer.
INSERT INTO search_pending (source) SELECT sid FROM sources;
