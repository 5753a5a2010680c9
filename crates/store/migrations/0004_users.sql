-- dossier store, format version 4: the web app's users, their sessions and tokens, and the
-- audit log of every write made through the web app or the API.
--
-- FROZEN once shipped: never edit it. Change the schema in a new numbered file.
--
-- * Passwords are stored as argon2id PHC strings (`$argon2id$v=19$m=...`), never in clear.
-- * Session cookies and API tokens are random; only the SHA-256 of each (hex) is stored, so a
--   copy of the file does not let anyone log in.
-- * The audit log names the user as it was at the time (users may be deleted) and is only ever
--   appended to.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (name <> '' AND length(name) <= 64),
    role       TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    password   TEXT NOT NULL CHECK (password LIKE '$argon2%'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A browser session (cookie) or an API token (bearer), by the hash of its secret.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    user       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('session', 'token')),
    -- The CSRF token forms of this session must carry (empty for API tokens).
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    -- UTC ISO 8601; NULL for tokens that do not expire.
    expires_at TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user);

-- Every write: who, when, what, on what.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user   TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action <> ''),
    target TEXT,
    -- JSON: what was sent and what it did.
    detail TEXT
);
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
