//! Clustering: origins become entities. Analysts' judgements come first (a "different" keeps two
//! groups apart for good, a "same" joins them), then the machine's pairs from the best score
//! down, each joining two groups when it reaches the auto-merge threshold and no judgement
//! forbids it. Pairs between the review and auto-merge thresholds that are still apart form the
//! review queue.
//!
//! ```text
//! judgements: different(4, 9)        pairs: 4~7 0.97, 7~9 0.91, 9~12 0.70
//!   ─►  {4, 7}  {9}  {12}            (7~9 refused: 7 is with 4, which is not 9)
//!       queue: 9~12 0.70
//! ```
//!
//! Judgements are read as the latest row per pair of entities (append-only table). A "same"
//! that would join two groups a "different" keeps apart (through other pairs) is refused and
//! reported as a conflict: "different" wins across pairs; on one pair the latest row wins.

use std::collections::{HashMap, HashSet};

use dossier_store::{IdentityJudgement, Judgement};

use crate::profile::Universe;
use crate::score::PairScore;

/// A scored pair of origins (indices into the universe).
#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub a: usize,
    pub b: usize,
    pub score: PairScore,
}

/// Where clustering starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Start {
    /// Every origin alone: a whole re-resolution.
    Scratch,
    /// The entities as they are now: only new pairs can join them.
    Current,
}

/// Why two groups were joined.
#[derive(Clone, Debug)]
pub(crate) enum Cause {
    Machine(PairScore),
    Analyst { judgement: i64, analyst: String },
}

/// The outcome of clustering.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The live entity of every origin (by universe index).
    pub root: Vec<i64>,
    /// Joins in the order they happened: (a, b, why).
    pub joins: Vec<(usize, usize, Cause)>,
    /// Pairs of entities for the analysts, best first: (root, root, edge).
    pub queue: Vec<(i64, i64, Edge)>,
    pub conflicts: Vec<String>,
}

struct Groups {
    parent: Vec<usize>,
    /// Origins each group may never join (kept on the group's representative).
    forbid: Vec<Vec<usize>>,
}

impl Groups {
    fn new(n: usize) -> Groups {
        Groups {
            parent: (0..n).collect(),
            forbid: vec![Vec::new(); n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn blocked(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        for (r, other) in [(ra, rb), (rb, ra)] {
            for k in 0..self.forbid[r].len() {
                let f = self.forbid[r][k];
                if self.find(f) == other {
                    return true;
                }
            }
        }
        false
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[rb] = ra;
            let moved = std::mem::take(&mut self.forbid[rb]);
            self.forbid[ra].extend(moved);
        }
    }

    fn keep_apart(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.forbid[ra].push(b);
        self.forbid[rb].push(a);
    }
}

/// The judgement in force for each pair of entities: the latest row, oldest pair first.
pub(crate) fn in_force(judgements: &[IdentityJudgement]) -> Vec<&IdentityJudgement> {
    let mut latest: HashMap<(i64, i64), &IdentityJudgement> = HashMap::new();
    for j in judgements {
        let key = (j.left.min(j.right), j.left.max(j.right));
        match latest.get(&key) {
            Some(prev) if prev.id > j.id => {}
            _ => {
                latest.insert(key, j);
            }
        }
    }
    let mut out: Vec<&IdentityJudgement> = latest.into_values().collect();
    out.sort_by_key(|j| j.id);
    out
}

/// Clusters the universe.
pub(crate) fn plan(
    u: &Universe,
    judgements: &[IdentityJudgement],
    mut edges: Vec<Edge>,
    start: Start,
    auto_merge: f64,
) -> Plan {
    let n = u.origins.len();
    let mut g = Groups::new(n);
    let mut plan = Plan::default();
    if start == Start::Current {
        for (i, o) in u.origins.iter().enumerate() {
            if let Some(&r) = u.index.get(&o.live) {
                g.join(r, i);
            }
        }
    }
    let judged = in_force(judgements);
    let idx = |id: i64| u.index.get(&id).copied();
    for j in judged
        .iter()
        .filter(|j| j.judgement == Judgement::Different)
    {
        if let (Some(a), Some(b)) = (idx(j.left), idx(j.right)) {
            if g.find(a) == g.find(b) {
                plan.conflicts.push(format!(
                    "judgement {} says {} and {} are different, but they are one entity now; run `dossier resolve` to replay it",
                    j.id, j.left, j.right
                ));
                continue;
            }
            g.keep_apart(a, b);
        }
    }
    for j in judged.iter().filter(|j| j.judgement == Judgement::Same) {
        if let (Some(a), Some(b)) = (idx(j.left), idx(j.right)) {
            if g.blocked(a, b) {
                plan.conflicts.push(format!(
                    "judgement {} (same: {} and {}) is not applied: a later or other “different” judgement keeps their groups apart",
                    j.id, j.left, j.right
                ));
            } else if g.find(a) != g.find(b) {
                g.join(a, b);
                plan.joins.push((
                    a,
                    b,
                    Cause::Analyst {
                        judgement: j.id,
                        analyst: j.analyst.clone(),
                    },
                ));
            }
        }
    }
    // Pairs that cannot be one keep their groups apart, unless analysts joined them above.
    for e in edges.iter().filter(|e| e.score.conflict) {
        if g.find(e.a) != g.find(e.b) {
            g.keep_apart(e.a, e.b);
        }
    }
    edges.retain(|e| !e.score.conflict);
    edges.sort_by(|x, y| {
        y.score
            .score
            .total_cmp(&x.score.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    for e in &edges {
        if e.score.score >= auto_merge && g.find(e.a) != g.find(e.b) && !g.blocked(e.a, e.b) {
            g.join(e.a, e.b);
            plan.joins.push((e.a, e.b, Cause::Machine(e.score.clone())));
        }
    }
    // The live id of a group is its oldest origin.
    let mut root_of: HashMap<usize, i64> = HashMap::new();
    for (i, o) in u.origins.iter().enumerate() {
        let r = g.find(i);
        let e = root_of.entry(r).or_insert(o.id);
        *e = (*e).min(o.id);
    }
    plan.root = (0..n).map(|i| root_of[&g.find(i)]).collect();

    let mut decided: HashSet<(usize, usize)> = HashSet::new();
    for j in &judged {
        if let (Some(a), Some(b)) = (idx(j.left), idx(j.right)) {
            let (ra, rb) = (g.find(a), g.find(b));
            decided.insert((ra.min(rb), ra.max(rb)));
        }
    }
    let mut queued: HashSet<(usize, usize)> = HashSet::new();
    for e in edges {
        let (ra, rb) = (g.find(e.a), g.find(e.b));
        let key = (ra.min(rb), ra.max(rb));
        if ra == rb || decided.contains(&key) || g.blocked(e.a, e.b) || !queued.insert(key) {
            continue;
        }
        let (left, right) = (plan.root[e.a], plan.root[e.b]);
        let (left, right) = (left.min(right), left.max(right));
        plan.queue.push((left, right, e));
    }
    plan
}
