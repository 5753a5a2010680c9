//! Thresholds and weights of resolution, read from `data/resolve.toml` (embedded) or a file of
//! the same shape, and checked.
//!
//! ```text
//! Config::builtin()?.thresholds.auto_merge   ─►  0.85
//! Config::from_toml("[thresholds]\nauto_merge = 2.0 ...", "x.toml")
//!                                            ─►  Err("x.toml: thresholds.auto_merge must be ...")
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::error::ResolveError;

/// The embedded `data/resolve.toml`.
pub const BUILTIN: &str = include_str!("../../../data/resolve.toml");

/// All the numbers resolution uses.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub thresholds: Thresholds,
    pub names: NameWeights,
    pub types: TypeWeights,
    pub context: ContextWeights,
    pub blocking: Blocking,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub auto_merge: f64,
    pub review: f64,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NameWeights {
    pub weak_cap: f64,
    pub shared_acronym_defined: f64,
    pub shared_acronym: f64,
    pub floor: f64,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TypeWeights {
    pub ancestor: f64,
    pub sibling: f64,
    #[serde(default)]
    pub sibling_by_root: BTreeMap<String, f64>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContextWeights {
    pub shared_neighbour: f64,
    pub shared_neighbour_max: f64,
    pub shared_country: f64,
    pub disjoint_countries: f64,
    pub country_types: Vec<String>,
    pub same_source: f64,
    pub direct_link: f64,
    pub date_gap_years: i64,
    pub date_gap: f64,
    pub shared_identifier: f64,
    pub unique_schemes: Vec<String>,
    pub conflicting_identifier: f64,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Blocking {
    pub max_block: usize,
    pub min_word: usize,
    pub index_limit: usize,
}

impl Config {
    /// The embedded configuration, parsed once.
    pub fn builtin() -> Result<&'static Config, ResolveError> {
        static CELL: OnceLock<Result<Config, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            Config::from_toml(BUILTIN, "data/resolve.toml").map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|reason| ResolveError::Config {
            file: "data/resolve.toml".to_string(),
            reason: reason.clone(),
        })
    }

    /// Reads and checks a configuration; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Config, ResolveError> {
        let bad = |reason: String| ResolveError::Config {
            file: file.to_string(),
            reason,
        };
        let config: Config = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        config.check().map_err(bad)?;
        Ok(config)
    }

    fn check(&self) -> Result<(), String> {
        let t = &self.thresholds;
        let unit = [
            ("thresholds.auto_merge", t.auto_merge),
            ("thresholds.review", t.review),
            ("names.weak_cap", self.names.weak_cap),
            (
                "names.shared_acronym_defined",
                self.names.shared_acronym_defined,
            ),
            ("names.shared_acronym", self.names.shared_acronym),
            ("names.floor", self.names.floor),
        ];
        for (name, v) in unit {
            if !(0.0..=1.0).contains(&v) {
                return Err(format!("{name} must be between 0 and 1, not {v}"));
            }
        }
        if t.review > t.auto_merge {
            return Err(format!(
                "thresholds.review ({}) must not be above thresholds.auto_merge ({})",
                t.review, t.auto_merge
            ));
        }
        let c = &self.context;
        let mut weights: Vec<(String, f64)> = [
            ("types.ancestor", self.types.ancestor),
            ("types.sibling", self.types.sibling),
            ("context.shared_neighbour", c.shared_neighbour),
            ("context.shared_neighbour_max", c.shared_neighbour_max),
            ("context.shared_country", c.shared_country),
            ("context.disjoint_countries", c.disjoint_countries),
            ("context.same_source", c.same_source),
            ("context.direct_link", c.direct_link),
            ("context.date_gap", c.date_gap),
            ("context.shared_identifier", c.shared_identifier),
            ("context.conflicting_identifier", c.conflicting_identifier),
        ]
        .into_iter()
        .map(|(n, v)| (n.to_string(), v))
        .collect();
        for (root, v) in &self.types.sibling_by_root {
            weights.push((format!("types.sibling_by_root.{root}"), *v));
        }
        for (name, v) in weights {
            if !v.is_finite() || !(-1.0..=1.0).contains(&v) {
                return Err(format!("{name} must be between -1 and 1, not {v}"));
            }
        }
        if c.date_gap_years < 1 {
            return Err("context.date_gap_years must be at least 1".to_string());
        }
        if self.blocking.max_block < 2 {
            return Err("blocking.max_block must be at least 2".to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_is_valid() {
        let c = Config::builtin().unwrap();
        assert!(c.thresholds.review < c.thresholds.auto_merge);
        assert!(
            c.names.weak_cap < c.thresholds.auto_merge,
            "an acronym alone must not merge"
        );
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        let swapped = BUILTIN.replace("auto_merge = 0.85", "auto_merge = 0.3");
        let err = Config::from_toml(&swapped, "x.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("x.toml") && err.contains("must not be above"),
            "{err}"
        );
        let out = BUILTIN.replace("review = 0.55", "review = 7");
        let err = Config::from_toml(&out, "x.toml").unwrap_err().to_string();
        assert!(
            err.contains("thresholds.review must be between 0 and 1"),
            "{err}"
        );
        let unknown = format!("{BUILTIN}\n[extra]\nx = 1\n");
        assert!(Config::from_toml(&unknown, "x.toml").is_err());
        assert!(Config::from_toml("not toml [", "x.toml").is_err());
    }
}
