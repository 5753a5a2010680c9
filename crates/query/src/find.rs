//! Which entity the analyst means: an id, or a name or alias in any spelling the store's
//! folding treats as the same.
//!
//! ```text
//! q.find("14")              ──►  Ok(Node { id: 14, name: "Iyad ag Ghali", .. })
//! q.find("iyad ag ghaly")   ──►  the same (folded key "iyad ag ghali" ≡ stored names)
//! q.find("Mali")            ──►  the entity whose name is exactly "Mali", even when another
//!                                entity has a name with the same key
//! q.find("the group")       ──►  Err(Ambiguous { candidates: [..] }) when several share it
//! q.find("Nobody")          ──►  Err(NotFound("Nobody"))
//! ```

use dossier_store::Node;
use serde::Serialize;

use crate::{QueryError, Questions};

/// An entity a name may mean, with the stored names that matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub node: Node,
    pub matched: Vec<String>,
}

impl Questions<'_> {
    /// The one entity `query` names: an id, or a name any entity uses.
    pub fn find(&self, query: &str) -> Result<Node, QueryError> {
        let q = query.trim();
        if q.is_empty() {
            return Err(QueryError::Argument(
                "an entity name or id is needed".into(),
            ));
        }
        if q.bytes().all(|b| b.is_ascii_digit()) {
            let id: i64 = q
                .parse()
                .map_err(|_| QueryError::NotFound(query.to_string()))?;
            return self
                .store
                .node(id)?
                .ok_or_else(|| QueryError::NotFound(query.to_string()));
        }
        let candidates = self.candidates(q)?;
        match candidates.len() {
            0 => Err(QueryError::NotFound(query.to_string())),
            1 => candidates
                .into_iter()
                .next()
                .map(|c| c.node)
                .ok_or_else(|| QueryError::NotFound(query.to_string())),
            _ => {
                // A name spelled exactly as stored picks its entity among same-key ones.
                let exact: Vec<&Candidate> = candidates
                    .iter()
                    .filter(|c| {
                        c.node.name.eq_ignore_ascii_case(q)
                            || c.matched.iter().any(|m| m.eq_ignore_ascii_case(q))
                    })
                    .collect();
                match exact.as_slice() {
                    [one] => Ok(one.node.clone()),
                    _ => Err(QueryError::Ambiguous {
                        query: query.to_string(),
                        candidates,
                    }),
                }
            }
        }
    }

    /// Every entity one of whose names folds to the same key as `query`, by id.
    pub fn candidates(&self, query: &str) -> Result<Vec<Candidate>, QueryError> {
        let key = dossier_names::key(query);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .store
            .entities_by_key(&key)?
            .into_iter()
            .map(|(node, matched)| Candidate { node, matched })
            .collect())
    }
}
