//! Name screening: `dossier match NAME`, and [`Screener`] for the web app's `/api/match`.
//!
//! ```text
//! dossier match "Iyad ag Ghali" --type person --limit 3
//!   SCORE  MATCH  ID     TYPE    NAME (MATCHED NAME)                 IDENTIFIERS
//!   1.000  yes    42     person  Iyad Ag Ghaly                       un_reference:QDi.316
//!          iyad = iyad · ag = ag · ghali ~ ghaly (y/i)
//! dossier match "JNIM" --json      ─►  {"responses": {"match": {"query": …, "results": [{"id": "7", …}]}}}
//! ```
//!
//! Every stored name of every entity (weak names included, flagged) goes into a
//! [`dossier_names::index::NameIndex`]; a query returns the best name of each entity with its
//! score and `compare`'s explanation. The JSON answer follows the shape of the `/match` API of
//! OpenSanctions' yente: `responses` by query key, each with its `query`, `results` (`id`,
//! `caption`, `schema`, `score`, `match`, …) and `total`.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Subcommand, ValueEnum};
use dossier_model::Vocabulary;
use dossier_names::Rules;
use dossier_names::index::{Entry, NameIndex, NameType, Query};
use dossier_store::Store;
use serde::Serialize;

use crate::kb;

/// The subcommands this module answers; flattened into the top-level command line.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Screen a name against the knowledge base: the entities it may name, ranked, with their
    /// identifiers, a score in [0, 1] and the reasons.
    Match {
        /// The name to look for, in any spelling or script.
        name: String,
        /// Only entities of this type.
        #[arg(long = "type", value_enum)]
        kind: Option<TypeArg>,
        /// At most this many entities.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// JSON (the shape of yente's /match answer) instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// `--type` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypeArg {
    Person,
    Organization,
}

impl From<TypeArg> for NameType {
    fn from(t: TypeArg) -> NameType {
        match t {
            TypeArg::Person => NameType::Person,
            TypeArg::Organization => NameType::Organization,
        }
    }
}

/// Runs one of this module's subcommands.
pub fn run(db: &Path, command: Command, vocabulary: Vocabulary) -> anyhow::Result<ExitCode> {
    match command {
        Command::Match {
            name,
            kind,
            limit,
            json,
        } => {
            let store = kb::open_existing(db)?;
            let screener = Screener::from_store(&store, &vocabulary)?;
            let response = screener.query(&name, kind.map(NameType::from), limit);
            if json {
                println!("{}", serde_json::to_string_pretty(&response)?);
            } else {
                print_table(&response);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// One entity the screener knows.
#[derive(Debug, Clone)]
struct Known {
    id: i64,
    entity_type: String,
    kind: NameType,
    name: String,
    identifiers: Vec<IdentifierOut>,
}

/// The knowledge base's names, indexed for screening. Built once, queried many times.
#[derive(Debug)]
pub struct Screener {
    index: NameIndex,
    entities: Vec<Known>,
    match_threshold: f32,
}

/// The answer to one or more queries, in the shape of yente's `/match`.
#[derive(Debug, Clone, Serialize)]
pub struct MatchResponse {
    /// By query key (`match` for the CLI's single query).
    pub responses: HashMap<String, QueryResponse>,
    pub matcher: MatcherInfo,
    pub limit: usize,
}

/// How results were scored.
#[derive(Debug, Clone, Serialize)]
pub struct MatcherInfo {
    pub name: &'static str,
    /// A result with at least this score has `match: true`.
    pub match_threshold: f32,
}

/// The results of one query.
#[derive(Debug, Clone, Serialize)]
pub struct QueryResponse {
    pub status: u16,
    pub query: QueryEcho,
    pub results: Vec<MatchResult>,
    pub total: Total,
}

/// The query as understood.
#[derive(Debug, Clone, Serialize)]
pub struct QueryEcho {
    pub name: String,
    /// `Person`, `Organization`, or null for any.
    pub schema: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Total {
    pub value: usize,
    pub relation: &'static str,
}

/// One candidate entity.
#[derive(Debug, Clone, Serialize)]
pub struct MatchResult {
    /// The entity id in this knowledge base.
    pub id: String,
    /// Its preferred name.
    pub caption: String,
    /// `Person`, `Organization` or `Other`.
    pub schema: &'static str,
    /// The vocabulary type (`person`, `armed_group`, …).
    pub entity_type: String,
    pub score: f32,
    #[serde(rename = "match")]
    pub is_match: bool,
    /// The stored name that matched best.
    pub matched_name: String,
    /// The matched name is weak (a short form, a low-quality alias).
    pub matched_name_weak: bool,
    pub identifiers: Vec<IdentifierOut>,
    /// What matched and what was folded, one line each.
    pub explanation: Vec<String>,
}

/// An identifier the entity carries (UN reference number, FollowTheMoney id, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentifierOut {
    pub scheme: String,
    pub value: String,
}

fn schema(kind: NameType) -> &'static str {
    match kind {
        NameType::Person => "Person",
        NameType::Organization => "Organization",
        NameType::Other => "Other",
    }
}

impl Screener {
    /// Indexes every stored name of every entity (weak names included), with the entities'
    /// identifiers.
    pub fn from_store(store: &Store, vocabulary: &Vocabulary) -> anyhow::Result<Screener> {
        let summaries = store.entities().context("reading entities for screening")?;
        let mut position: HashMap<i64, u32> = HashMap::with_capacity(summaries.len());
        let mut entities = Vec::with_capacity(summaries.len());
        for e in summaries {
            let kind = match vocabulary.root_type(&e.entity_type) {
                "person" => NameType::Person,
                "organization" => NameType::Organization,
                _ => NameType::Other,
            };
            let identifiers = store
                .identifiers(e.id)
                .with_context(|| format!("reading the identifiers of entity {}", e.id))?
                .into_iter()
                .map(|i| IdentifierOut {
                    scheme: i.scheme,
                    value: i.value,
                })
                .collect();
            position.insert(e.id, entities.len() as u32);
            entities.push(Known {
                id: e.id,
                entity_type: e.entity_type,
                kind,
                name: e.name,
                identifiers,
            });
        }
        let names = store.known_names().context("reading names for screening")?;
        let rules = Rules::standard();
        let index = NameIndex::build(
            rules,
            names.iter().filter_map(|n| {
                let record = *position.get(&n.entity)?;
                Some(Entry {
                    record,
                    name: &n.name,
                    kind: entities[record as usize].kind,
                    weak: n.weak,
                })
            }),
        );
        Ok(Screener {
            match_threshold: index.match_threshold(),
            index,
            entities,
        })
    }

    /// How many names are indexed.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the knowledge base has no name.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The candidates for one name, best first, explained; the single response is keyed
    /// `match`.
    pub fn query(&self, name: &str, kind: Option<NameType>, limit: usize) -> MatchResponse {
        let mut responses = HashMap::new();
        responses.insert("match".to_string(), self.respond(name, kind, limit));
        MatchResponse {
            responses,
            matcher: MatcherInfo {
                name: "dossier-names",
                match_threshold: self.match_threshold,
            },
            limit,
        }
    }

    /// The results of one query (for callers that answer several queries at once).
    pub fn respond(&self, name: &str, kind: Option<NameType>, limit: usize) -> QueryResponse {
        let query = Query::new(name).kind(kind).limit(limit).explain(true);
        let results: Vec<MatchResult> = self
            .index
            .search(&query)
            .into_iter()
            .filter_map(|c| {
                let e = self.entities.get(c.record as usize)?;
                Some(MatchResult {
                    id: e.id.to_string(),
                    caption: e.name.clone(),
                    schema: schema(e.kind),
                    entity_type: e.entity_type.clone(),
                    score: c.score,
                    is_match: c.is_match,
                    matched_name: c.name.to_string(),
                    matched_name_weak: c.weak,
                    identifiers: e.identifiers.clone(),
                    explanation: c.explanation,
                })
            })
            .collect();
        QueryResponse {
            status: 200,
            query: QueryEcho {
                name: name.to_string(),
                schema: kind.map(schema),
            },
            total: Total {
                value: results.len(),
                relation: "eq",
            },
            results,
        }
    }
}

fn print_table(response: &MatchResponse) {
    let Some(r) = response.responses.get("match") else {
        return;
    };
    if r.results.is_empty() {
        println!("no candidate for “{}”", r.query.name);
        return;
    }
    println!(
        "{:>5}  {:<5}  {:>6}  {:<20}  NAME (MATCHED NAME)  IDENTIFIERS",
        "SCORE", "MATCH", "ID", "TYPE"
    );
    for m in &r.results {
        let matched = if m.matched_name == m.caption {
            String::new()
        } else {
            format!(
                " ({}{})",
                m.matched_name,
                if m.matched_name_weak { ", weak" } else { "" }
            )
        };
        let ids: Vec<String> = m
            .identifiers
            .iter()
            .map(|i| format!("{}:{}", i.scheme, i.value))
            .collect();
        println!(
            "{:>5.3}  {:<5}  {:>6}  {:<20}  {}{matched}  {}",
            m.score,
            if m.is_match { "yes" } else { "no" },
            m.id,
            m.entity_type,
            m.caption,
            ids.join(" ")
        );
        println!("       {}", m.explanation.join(" · "));
    }
}
