//! The web app's users, sessions, API tokens and audit log (migration 4).
//!
//! ```text
//! store.add_user("amina", "analyst", "$argon2id$v=19$...")?;   // id 1
//! store.add_session(1, &sha256_hex(secret), "session", &csrf, Some("2026-12-01T..Z"))?;
//! store.session(&sha256_hex(secret), now)?;   // Some(SessionRow { user: "amina", role, csrf })
//! store.audit("amina", "merge", Some("entity 4"), Some(r#"{"into":3}"#))?;
//! ```
//!
//! The store keeps what it is given: passwords arrive hashed (argon2id PHC strings) and
//! secrets arrive as their SHA-256; hashing, cookies and roles are the web app's business.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::error::{StoreError, at};
use crate::store::Store;

/// The roles a user may have, weakest first.
pub const ROLES: [&str; 3] = ["viewer", "analyst", "admin"];

/// A stored user (without the password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub created_at: String,
}

/// A live session or token: whose it is and the CSRF token its forms carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRow {
    pub user_id: i64,
    pub user: String,
    pub role: String,
    pub csrf: String,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub user: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
}

impl Store {
    /// Adds a user, or replaces the role and password of the user of that name. Returns the
    /// user's id. `role` must be one of [`ROLES`]; `password_hash` an argon2 PHC string.
    pub fn add_user(&self, name: &str, role: &str, password_hash: &str) -> Result<i64, StoreError> {
        self.immediate(|tx| {
            tx.execute(
                "INSERT INTO users (name, role, password) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET role = excluded.role, password = excluded.password",
                params![name, role, password_hash],
            )
            .map_err(at(&self.path))?;
            // A changed password or role ends the user's sessions.
            tx.execute(
                "DELETE FROM sessions WHERE user = (SELECT id FROM users WHERE name = ?1)
                   AND kind = 'session'",
                [name],
            )
            .map_err(at(&self.path))?;
            tx.query_row("SELECT id FROM users WHERE name = ?1", [name], |r| r.get(0))
                .map_err(at(&self.path))
        })
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<UserRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT id, name, role, created_at FROM users ORDER BY name")
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([], |r| {
                Ok(UserRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: r.get(2)?,
                    created_at: r.get(3)?,
                })
            })
            .map_err(at(&self.path))?;
        rows.collect::<Result<_, _>>().map_err(at(&self.path))
    }

    /// The id, role and password hash of the user called `name`.
    pub fn user_password(&self, name: &str) -> Result<Option<(i64, String, String)>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, role, password FROM users WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(at(&self.path))
    }

    /// Stores a session (`kind` = `session`) or an API token (`token`) by the SHA-256 (hex) of
    /// its secret. `expires_at` is UTC ISO 8601, compared as text.
    pub fn add_session(
        &self,
        user_id: i64,
        token_hash: &str,
        kind: &str,
        csrf: &str,
        expires_at: Option<&str>,
    ) -> Result<(), StoreError> {
        self.immediate(|tx| {
            tx.execute(
                "INSERT INTO sessions (token_hash, user, kind, csrf, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![token_hash, user_id, kind, csrf, expires_at],
            )
            .map_err(at(&self.path))?;
            Ok(())
        })
    }

    /// The live session or token whose secret hashes to `token_hash`, if it has not expired
    /// at `now` (UTC ISO 8601).
    pub fn session(&self, token_hash: &str, now: &str) -> Result<Option<SessionRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT u.id, u.name, u.role, s.csrf FROM sessions s JOIN users u ON u.id = s.user
                 WHERE s.token_hash = ?1 AND (s.expires_at IS NULL OR s.expires_at > ?2)",
            )
            .map_err(at(&self.path))?;
        st.query_row(params![token_hash, now], |r| {
            Ok(SessionRow {
                user_id: r.get(0)?,
                user: r.get(1)?,
                role: r.get(2)?,
                csrf: r.get(3)?,
            })
        })
        .optional()
        .map_err(at(&self.path))
    }

    /// Ends a session (logging out). Returns whether there was one.
    pub fn end_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])
            .map_err(at(&self.path))?;
        Ok(n > 0)
    }

    /// Appends a line to the audit log and returns its id.
    pub fn audit(
        &self,
        user: &str,
        action: &str,
        target: Option<&str>,
        detail: Option<&str>,
    ) -> Result<i64, StoreError> {
        self.conn
            .execute(
                "INSERT INTO audit_log (user, action, target, detail) VALUES (?1, ?2, ?3, ?4)",
                params![user, action, target, detail],
            )
            .map_err(at(&self.path))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// SQLite's `PRAGMA data_version` of this connection: it changes whenever another
    /// connection (of this or another program) commits to the file. The web app keeps one
    /// connection to watch it and drops cached answers when it moves.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(at(&self.path))
    }

    /// Lets this connection read the file's pages through a memory map of up to `bytes`
    /// (`PRAGMA mmap_size`; 0 turns it off). A long-lived reader (the web app's) then reads
    /// pages straight from the operating system's cache instead of copying each into its own,
    /// which another program's commit empties.
    pub fn map_for_reading(&self, bytes: i64) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "mmap_size", bytes)
            .map_err(at(&self.path))
    }

    /// The latest `limit` lines of the audit log, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, at, user, action, target, detail FROM audit_log
                 ORDER BY id DESC LIMIT ?1",
            )
            .map_err(at(&self.path))?;
        let rows = st
            .query_map([limit as i64], |r| {
                Ok(AuditRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    user: r.get(2)?,
                    action: r.get(3)?,
                    target: r.get(4)?,
                    detail: r.get(5)?,
                })
            })
            .map_err(at(&self.path))?;
        rows.collect::<Result<_, _>>().map_err(at(&self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

    #[test]
    fn users_sessions_and_audit() {
        let store = Store::open_in_memory().unwrap();
        let id = store.add_user("amina", "analyst", HASH).unwrap();
        assert_eq!(store.users().unwrap()[0].role, "analyst");
        let token = "a".repeat(64);
        store
            .add_session(id, &token, "session", "csrf1", Some("2030-01-01T00:00:00Z"))
            .unwrap();
        let s = store
            .session(&token, "2026-01-01T00:00:00Z")
            .unwrap()
            .unwrap();
        assert_eq!((s.user.as_str(), s.csrf.as_str()), ("amina", "csrf1"));
        // Expired.
        assert!(
            store
                .session(&token, "2031-01-01T00:00:00Z")
                .unwrap()
                .is_none()
        );
        // A new password ends the sessions; the id stays.
        assert_eq!(store.add_user("amina", "admin", HASH).unwrap(), id);
        assert!(
            store
                .session(&token, "2026-01-01T00:00:00Z")
                .unwrap()
                .is_none()
        );
        // Clear-text passwords are refused by the schema.
        assert!(store.add_user("bob", "viewer", "hunter2").is_err());
        assert!(store.add_user("bob", "root", HASH).is_err());
        store
            .audit("amina", "merge", Some("entity 4"), None)
            .unwrap();
        let log = store.audit_log(10).unwrap();
        assert_eq!(log[0].action, "merge");
        assert!(
            store
                .conn
                .execute("UPDATE audit_log SET user = 'x'", [])
                .is_err()
        );
    }
}
