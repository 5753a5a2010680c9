-- dossier store, format version 7: indexes that answer the lifecycle questions alone (issue 7).
--
-- FROZEN once shipped: never edit it. Change the schema in a new numbered file.
--
-- When an entity begins or ends is read from the earliest dated statement of a few predicates
-- (founded, merged_into, killed_by, ...) about it. With the first days of the valid interval in
-- the statement indexes, a question finds those dates in the index and reads whole rows only
-- for the statements that decide: for an entity named in thousands of statements that is a
-- handful of rows instead of hundreds. The new indexes keep the names and leading columns of
-- the ones they replace, so every query that used those still can.
DROP INDEX statements_by_subject;
CREATE INDEX statements_by_subject ON statements (subject, predicate, valid_from_lo, valid_to_lo);
DROP INDEX statements_by_object;
CREATE INDEX statements_by_object ON statements (object_entity, predicate, valid_from_lo, valid_to_lo);
