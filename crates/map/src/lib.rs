//! Maps as SVG: country boundaries shipped as data, events drawn as symbols by type.
//!
//! ```text
//! let events = [MapEvent { lon: -3.88, lat: 14.95, event_type: "battles".into(),
//!                          label: "2013-01-10 Konna".into(), href: None, fatalities: Some(3) }];
//! let svg = render(&events, &MapOptions::default())?;   // <svg …><path d="M…"/>…</svg>
//! ```
//!
//! - `countries.rs`: the boundaries (`data/map/countries.tsv`, Natural Earth via world-atlas,
//!   converted by `scripts/map/build.mjs`), parsed once on first use;
//! - `symbols.rs`: how each event type is drawn (`data/map/symbols.toml`);
//! - `render.rs`: the view (fitted to the events), an equirectangular projection corrected for
//!   latitude, and the SVG.
//!
//! **Invariant: every string that reaches the SVG is escaped**, so labels from reports cannot
//! add markup; links are given by the caller and escaped as attributes.

mod countries;
mod render;
mod symbols;

pub use countries::{BBox, Country, countries};
pub use render::{MapEvent, MapOptions, escape, render, symbol_svg};
pub use symbols::{Shape, Symbol, Symbols, symbols};

/// What can go wrong making a map.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    #[error("data/map/symbols.toml: {0}")]
    Symbols(String),
    #[error("the view {0:?} is empty or not on Earth")]
    BadView(BBox),
}
