//! The operations: resolve at ingest and from scratch, the review queue, judgements, merges and
//! splits. Every operation that changes the store replays the judgements and applies the
//! result in one transaction.
//!
//! ```text
//! resolver.resolve_new(&mut store, since)?      // at ingest: origins with id > since join in
//! resolver.resolve_all(&mut store)?             // `dossier resolve`
//! review_queue(&store, &vocabulary, 10)?        // [ReviewItem { candidate: 4 ~ 38 0.80, .. }]
//! merge(&mut store, &vocabulary, 4, 38, "ana")? // judgement same, then re-resolution
//! split(&mut store, &vocabulary, 4, &Selection { names: vec!["UN".into()], .. }, "ana")?
//! ```

use std::collections::{BTreeSet, HashMap, HashSet};

use dossier_model::Vocabulary;
use dossier_store::{IdentityJudgement, Judgement, Reassign, ResolutionLogEntry, Store};
use serde::Serialize;

use crate::block;
use crate::cluster::{self, Cause, Edge, Plan, Start};
use crate::config::Config;
use crate::error::ResolveError;
use crate::profile::{Universe, looks_like_acronym};
use crate::score;

/// Resolution with a vocabulary (for type parents) and a configuration.
#[derive(Clone, Copy, Debug)]
pub struct Resolver<'a> {
    pub vocabulary: &'a Vocabulary,
    pub config: &'a Config,
}

/// What a resolution did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// Entity rows resolution worked on (one per document entity, imported entity ...).
    pub origins: usize,
    /// Live entities before and after.
    pub entities_before: usize,
    pub entities_after: usize,
    /// Origins that joined another entity, and that left the one they were in.
    pub joined: usize,
    pub left: usize,
    /// Pairs waiting for an analyst.
    pub queued: usize,
    /// Judgements that could not be applied, and why.
    pub conflicts: Vec<String>,
}

/// A pair of entities the machine is unsure about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    pub left: i64,
    pub right: i64,
    pub score: f64,
    /// The names that matched best.
    pub matched: (String, String),
    pub reasons: Vec<String>,
}

/// A source, as evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceLabel {
    pub id: String,
    pub title: Option<String>,
}

/// An entity as the review shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityEvidence {
    pub id: i64,
    pub entity_type: String,
    pub name: String,
    pub names: Vec<String>,
    pub sources: Vec<SourceLabel>,
    /// How many document entities it was made from.
    pub parts: usize,
}

/// A candidate pair with the evidence for the analyst.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewItem {
    pub candidate: Candidate,
    pub left: EntityEvidence,
    pub right: EntityEvidence,
    /// Entities both are linked to: (id, name).
    pub shared_neighbours: Vec<(i64, String)>,
}

/// One part of an entity: a document entity (origin) it was made from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Part {
    pub origin: i64,
    pub entity_type: String,
    pub names: Vec<String>,
    pub sources: Vec<SourceLabel>,
}

/// Which parts of an entity a split takes away: those using one of `names` (compared after
/// folding), those from one of `sources` (id prefixes), and the `origins` given.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub names: Vec<String>,
    pub sources: Vec<String>,
    pub origins: Vec<i64>,
}

impl Selection {
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        parts.extend(self.names.iter().map(|n| format!("--name {n:?}")));
        parts.extend(self.sources.iter().map(|s| format!("--source {s}")));
        parts.extend(self.origins.iter().map(|o| format!("--origin {o}")));
        if parts.is_empty() {
            "an empty selection".to_string()
        } else {
            parts.join(" ")
        }
    }
}

impl<'a> Resolver<'a> {
    pub fn new(vocabulary: &'a Vocabulary, config: &'a Config) -> Resolver<'a> {
        Resolver { vocabulary, config }
    }

    /// With the built-in configuration (`data/resolve.toml`).
    pub fn builtin(vocabulary: &'a Vocabulary) -> Result<Resolver<'a>, ResolveError> {
        Ok(Resolver::new(vocabulary, Config::builtin()?))
    }

    fn universe(&self, store: &Store) -> Result<Universe, ResolveError> {
        Ok(Universe::build(
            store.resolution_snapshot()?,
            self.vocabulary,
            self.config,
        ))
    }

    /// The scored pairs at or above the review threshold. With `apart`, only pairs of
    /// different entities (what may still join); else every pair (a re-resolution).
    pub(crate) fn edges(
        &self,
        u: &Universe,
        only: Option<&HashSet<usize>>,
        apart: bool,
    ) -> Vec<Edge> {
        block::candidate_pairs(u, self.config, only, apart)
            .into_iter()
            .filter_map(|(a, b)| {
                let s = score::score(
                    &u.origins[a],
                    &u.origins[b],
                    u,
                    self.config,
                    self.vocabulary,
                )?;
                (s.score >= self.config.thresholds.review || s.conflict).then_some(Edge {
                    a,
                    b,
                    score: s,
                })
            })
            .collect()
    }

    /// Re-resolves the whole knowledge base from scratch, replaying every judgement.
    pub fn resolve_all(&self, store: &mut Store) -> Result<Report, ResolveError> {
        let u = self.universe(store)?;
        let edges = self.edges(&u, None, false);
        let judgements = store.judgements()?;
        let plan = cluster::plan(&u, &judgements, edges, Start::Scratch, self.auto());
        self.apply(store, &u, plan)
    }

    /// Resolves the entities created after entity id `since` (a new source's) against the
    /// knowledge base as it is: they join existing entities or each other; nothing else moves.
    pub fn resolve_new(&self, store: &mut Store, since: i64) -> Result<Report, ResolveError> {
        let u = self.universe(store)?;
        let new: HashSet<usize> = u
            .origins
            .iter()
            .enumerate()
            .filter(|(_, o)| o.id > since)
            .map(|(i, _)| i)
            .collect();
        if new.is_empty() {
            let live = u.clusters().len();
            return Ok(Report {
                origins: u.origins.len(),
                entities_before: live,
                entities_after: live,
                ..Report::default()
            });
        }
        let edges = self.edges(&u, Some(&new), true);
        let judgements = store.judgements()?;
        let plan = cluster::plan(&u, &judgements, edges, Start::Current, self.auto());
        self.apply(store, &u, plan)
    }

    fn auto(&self) -> f64 {
        self.config.thresholds.auto_merge
    }

    /// Writes a plan: moves, preferred names, the log.
    fn apply(&self, store: &mut Store, u: &Universe, plan: Plan) -> Result<Report, ResolveError> {
        let before: HashSet<i64> = u.origins.iter().map(|o| o.live).collect();
        let after: HashSet<i64> = plan.root.iter().copied().collect();
        let mut moves = Vec::new();
        let mut report = Report {
            origins: u.origins.len(),
            entities_before: before.len(),
            entities_after: after.len(),
            queued: plan.queue.len(),
            conflicts: plan.conflicts.clone(),
            ..Report::default()
        };
        let mut log = Vec::new();
        let root_index = |id: i64| u.index.get(&id).copied();
        for (i, o) in u.origins.iter().enumerate() {
            let new = plan.root[i];
            if new == o.live {
                continue;
            }
            moves.push(Reassign {
                origin: o.id,
                root: new,
            });
            if new != o.id {
                report.joined += 1;
            }
            // It left its entity when the rest of that entity went elsewhere.
            if o.live != o.id && root_index(o.live).is_some_and(|r| plan.root[r] != new) {
                report.left += 1;
                log.push(ResolutionLogEntry {
                    action: "split".to_string(),
                    entity: o.live,
                    other: o.id,
                    analyst: None,
                    score: None,
                    reasons: None,
                });
            }
        }
        for (a, b, cause) in &plan.joins {
            let (oa, ob) = (&u.origins[*a], &u.origins[*b]);
            if oa.live == ob.live {
                continue;
            }
            let (analyst, score, reasons) = match cause {
                Cause::Machine(s) => (None, Some(s.score), Some(s.reasons.join("\n"))),
                Cause::Analyst { judgement, analyst } => (
                    Some(analyst.clone()),
                    None,
                    Some(format!("judgement {judgement}")),
                ),
            };
            log.push(ResolutionLogEntry {
                action: "merge".to_string(),
                entity: oa.live,
                other: ob.live,
                analyst,
                score,
                reasons,
            });
        }
        // Preferred names of the entities whose members changed.
        let mut touched: BTreeSet<i64> = BTreeSet::new();
        for m in &moves {
            touched.insert(m.root);
            if let Some(i) = root_index(m.origin) {
                touched.insert(u.origins[i].live);
            }
        }
        let mut members: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, &r) in plan.root.iter().enumerate() {
            members.entry(r).or_default().push(i);
        }
        let mut names = Vec::new();
        for r in touched {
            let (Some(m), Some(ri)) = (members.get(&r), root_index(r)) else {
                continue;
            };
            let current = &u.origins[ri].name;
            let best = preferred_name(u, m, current);
            if &best != current {
                names.push((r, best));
            }
        }
        if !moves.is_empty() || !names.is_empty() {
            store.apply_clusters(&moves, &names, &log)?;
        }
        Ok(report)
    }

    /// The pairs waiting for an analyst, best first, with their evidence.
    pub fn review_queue(
        &self,
        store: &Store,
        limit: usize,
    ) -> Result<Vec<ReviewItem>, ResolveError> {
        let u = self.universe(store)?;
        let edges = self.edges(&u, None, true);
        let judgements = store.judgements()?;
        let plan = cluster::plan(&u, &judgements, edges, Start::Current, self.auto());
        let clusters = u.clusters();
        let mut out = Vec::new();
        for (left, right, e) in plan.queue.into_iter().take(limit) {
            let (Some(lm), Some(rm)) = (clusters.get(&left), clusters.get(&right)) else {
                continue;
            };
            let neighbours = |m: &Vec<usize>| -> BTreeSet<i64> {
                m.iter()
                    .flat_map(|&i| {
                        u.origins[i]
                            .neighbours
                            .iter()
                            .chain(&u.origins[i].countries)
                    })
                    .copied()
                    .collect()
            };
            let shared: Vec<(i64, String)> = neighbours(lm)
                .intersection(&neighbours(rm))
                .filter(|&&id| id != left && id != right)
                .map(|&id| (id, u.label(id)))
                .collect();
            out.push(ReviewItem {
                candidate: Candidate {
                    left,
                    right,
                    score: e.score.score,
                    matched: e.score.matched.clone(),
                    reasons: e.score.reasons.clone(),
                },
                left: evidence(&u, left, lm),
                right: evidence(&u, right, rm),
                shared_neighbours: shared,
            });
        }
        Ok(out)
    }

    /// Records an analyst's judgement on two entities and re-resolves.
    pub fn judge(
        &self,
        store: &mut Store,
        left: i64,
        right: i64,
        judgement: Judgement,
        analyst: &str,
        note: Option<&str>,
    ) -> Result<Report, ResolveError> {
        let analyst = analyst.trim();
        if analyst.is_empty() {
            return Err(ResolveError::NoAnalyst);
        }
        if left == right {
            return Err(ResolveError::SameEntity { id: left });
        }
        let l = store
            .live_entity(left)?
            .ok_or(ResolveError::NoSuchEntity { id: left })?;
        let r = store
            .live_entity(right)?
            .ok_or(ResolveError::NoSuchEntity { id: right })?;
        if l == r && judgement == Judgement::Same {
            return Err(ResolveError::AlreadyMerged {
                left,
                right,
                live: l,
            });
        }
        // Judged on the live entities the analyst saw.
        let (jl, jr) = if l == r { (left, right) } else { (l, r) };
        store.add_judgement(jl, jr, judgement, analyst, note)?;
        self.resolve_all(store)
    }

    /// `judge(a, b, same)`.
    pub fn merge(
        &self,
        store: &mut Store,
        a: i64,
        b: i64,
        analyst: &str,
    ) -> Result<Report, ResolveError> {
        self.judge(store, a, b, Judgement::Same, analyst, None)
    }

    /// The parts (document entities) an entity is made of.
    pub fn parts(&self, store: &Store, entity: i64) -> Result<Vec<Part>, ResolveError> {
        let live = store
            .live_entity(entity)?
            .ok_or(ResolveError::NoSuchEntity { id: entity })?;
        let u = self.universe(store)?;
        let mut out: Vec<Part> = u
            .origins
            .iter()
            .filter(|o| o.live == live)
            .map(|o| Part {
                origin: o.id,
                entity_type: o.entity_type.clone(),
                names: o.names.iter().map(|n| n.text.clone()).collect(),
                sources: o.sources.iter().map(|s| label(&u, *s)).collect(),
            })
            .collect();
        out.sort_by_key(|p| p.origin);
        Ok(out)
    }

    /// Splits the parts `selection` names off an entity into an entity of their own, and keeps
    /// them apart for good (judgements: the parts taken are the same, and different from every
    /// part left). Returns the new entity's id. Undo a wrong merge by splitting off the parts
    /// that came with it.
    pub fn split(
        &self,
        store: &mut Store,
        entity: i64,
        selection: &Selection,
        analyst: &str,
    ) -> Result<(i64, Report), ResolveError> {
        let analyst = analyst.trim();
        if analyst.is_empty() {
            return Err(ResolveError::NoAnalyst);
        }
        let parts = self.parts(store, entity)?;
        if parts.len() < 2 {
            return Err(ResolveError::NothingToSplit { entity });
        }
        let keys: Vec<String> = selection
            .names
            .iter()
            .map(|n| dossier_names::key(n))
            .filter(|k| !k.is_empty())
            .collect();
        let taken: Vec<i64> = parts
            .iter()
            .filter(|p| {
                selection.origins.contains(&p.origin)
                    || p.names
                        .iter()
                        .any(|n| keys.contains(&dossier_names::key(n)))
                    || p.sources.iter().any(|s| {
                        selection
                            .sources
                            .iter()
                            .any(|pre| !pre.is_empty() && s.id.starts_with(pre.as_str()))
                    })
            })
            .map(|p| p.origin)
            .collect();
        let listing = || {
            parts
                .iter()
                .map(|p| format!("{} ({})", p.origin, p.names.join("; ")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if taken.is_empty() {
            return Err(ResolveError::EmptySelection {
                entity,
                what: selection.describe(),
                parts: listing(),
            });
        }
        if taken.len() == parts.len() {
            return Err(ResolveError::WholeSelection {
                entity,
                what: selection.describe(),
                parts: listing(),
            });
        }
        let first = taken[0];
        let note = format!("split of entity {entity}");
        for &p in &taken[1..] {
            store.add_judgement(first, p, Judgement::Same, analyst, Some(&note))?;
        }
        for p in parts.iter().filter(|p| !taken.contains(&p.origin)) {
            store.add_judgement(first, p.origin, Judgement::Different, analyst, Some(&note))?;
        }
        let report = self.resolve_all(store)?;
        let new = store.live_entity(first)?.unwrap_or(first);
        Ok((new, report))
    }
}

/// The name a group shows: its current one while that is still one of its names and not an
/// acronym; else the strong name the most of its parts use (the oldest part's first on ties).
pub(crate) fn preferred_name(u: &Universe, members: &[usize], current: &str) -> String {
    let mut members = members.to_vec();
    members.sort_by_key(|&i| u.origins[i].id);
    let names: Vec<&crate::profile::Name> = members
        .iter()
        .flat_map(|&i| u.origins[i].names.iter())
        .collect();
    let strong = |n: &&&crate::profile::Name| !n.weak && !looks_like_acronym(&n.text);
    if names.iter().filter(strong).any(|n| n.text == current) {
        return current.to_string();
    }
    let mut best: Option<(usize, &str)> = None;
    for n in names.iter().filter(strong) {
        let users = members
            .iter()
            .filter(|&&i| u.origins[i].names.iter().any(|m| m.key() == n.key()))
            .count();
        if best.is_none_or(|(c, _)| users > c) {
            best = Some((users, &n.text));
        }
    }
    match best {
        Some((_, text)) => text.to_string(),
        None if names.iter().any(|n| n.text == current) || names.is_empty() => current.to_string(),
        None => names[0].text.clone(),
    }
}

fn label(u: &Universe, sid: i64) -> SourceLabel {
    match u.labels.get(&sid) {
        Some((id, title)) => SourceLabel {
            id: id.clone(),
            title: title.clone(),
        },
        None => SourceLabel {
            id: sid.to_string(),
            title: None,
        },
    }
}

fn evidence(u: &Universe, id: i64, members: &[usize]) -> EntityEvidence {
    let mut names: Vec<String> = Vec::new();
    let mut sources: BTreeSet<i64> = BTreeSet::new();
    for &i in members {
        for n in &u.origins[i].names {
            if !names.contains(&n.text) {
                names.push(n.text.clone());
            }
        }
        sources.extend(&u.origins[i].sources);
    }
    let (entity_type, name) = match u.index.get(&id) {
        Some(&i) => (u.origins[i].entity_type.clone(), u.origins[i].name.clone()),
        None => (String::new(), format!("#{id}")),
    };
    EntityEvidence {
        id,
        entity_type,
        name,
        names,
        sources: sources.into_iter().map(|s| label(u, s)).collect(),
        parts: members.len(),
    }
}

/// The review queue with the built-in configuration.
pub fn review_queue(
    store: &Store,
    vocabulary: &Vocabulary,
    limit: usize,
) -> Result<Vec<ReviewItem>, ResolveError> {
    Resolver::builtin(vocabulary)?.review_queue(store, limit)
}

/// Records a judgement and re-resolves, with the built-in configuration.
pub fn judge(
    store: &mut Store,
    vocabulary: &Vocabulary,
    left: i64,
    right: i64,
    judgement: Judgement,
    analyst: &str,
) -> Result<Report, ResolveError> {
    Resolver::builtin(vocabulary)?.judge(store, left, right, judgement, analyst, None)
}

/// Merges two entities (a "same" judgement), with the built-in configuration.
pub fn merge(
    store: &mut Store,
    vocabulary: &Vocabulary,
    a: i64,
    b: i64,
    analyst: &str,
) -> Result<Report, ResolveError> {
    Resolver::builtin(vocabulary)?.merge(store, a, b, analyst)
}

/// Splits parts off an entity, with the built-in configuration.
pub fn split(
    store: &mut Store,
    vocabulary: &Vocabulary,
    entity: i64,
    selection: &Selection,
    analyst: &str,
) -> Result<(i64, Report), ResolveError> {
    Resolver::builtin(vocabulary)?.split(store, entity, selection, analyst)
}

/// Every judgement, oldest first, with whether it is in force (the latest for its pair).
pub fn judgements(store: &Store) -> Result<Vec<(IdentityJudgement, bool)>, ResolveError> {
    let all = store.judgements()?;
    let live: HashSet<i64> = cluster::in_force(&all).iter().map(|j| j.id).collect();
    Ok(all
        .into_iter()
        .map(|j| {
            let on = live.contains(&j.id);
            (j, on)
        })
        .collect())
}
