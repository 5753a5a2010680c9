//! How events are drawn: `data/map/symbols.toml`, one symbol per ACLED event type.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::MapError;

const DATA: &str = include_str!("../../../data/map/symbols.toml");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    Star,
    Cross,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symbol {
    pub label: String,
    pub shape: Shape,
    pub color: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symbols {
    pub radius: f64,
    pub max_radius: f64,
    pub default: Symbol,
    pub types: BTreeMap<String, Symbol>,
}

impl Symbols {
    /// Parses and checks a symbol table.
    pub fn from_toml(text: &str) -> Result<Symbols, MapError> {
        let s: Symbols = toml::from_str(text).map_err(|e| MapError::Symbols(e.to_string()))?;
        if !(s.radius > 0.0 && s.max_radius >= s.radius) {
            return Err(MapError::Symbols(
                "radius must be positive and max_radius at least radius".into(),
            ));
        }
        for (name, sym) in std::iter::once(("default", &s.default))
            .chain(s.types.iter().map(|(k, v)| (k.as_str(), v)))
        {
            let ok = sym
                .color
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '#');
            if sym.color.is_empty() || !ok {
                return Err(MapError::Symbols(format!(
                    "{name}: colour {:?} is not a plain SVG colour",
                    sym.color
                )));
            }
        }
        Ok(s)
    }

    /// The symbol of an event type.
    pub fn of(&self, event_type: &str) -> &Symbol {
        self.types.get(event_type).unwrap_or(&self.default)
    }

    /// The radius for a number of fatalities.
    pub fn radius(&self, fatalities: Option<u32>) -> f64 {
        let extra = f64::from(fatalities.unwrap_or(0)).sqrt();
        (self.radius + extra).min(self.max_radius)
    }
}

/// The built-in symbol table.
pub fn symbols() -> &'static Symbols {
    static PARSED: OnceLock<Symbols> = OnceLock::new();
    PARSED.get_or_init(|| {
        Symbols::from_toml(DATA)
            .unwrap_or_else(|e| panic!("the built-in symbol table is broken: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_is_valid() {
        let s = symbols();
        assert_eq!(s.of("battles").shape, Shape::Circle);
        assert_eq!(s.of("unheard_of").label, s.default.label);
        assert!(s.radius(Some(10_000)) <= s.max_radius);
    }

    #[test]
    fn refuses_bad_tables() {
        let bad = DATA.replace("#b91c1c", "red\\\" onload=\\\"x");
        assert!(Symbols::from_toml(&bad).is_err());
        assert!(Symbols::from_toml("radius = 1").is_err());
    }
}
