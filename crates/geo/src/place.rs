//! A place of the gazetteer: a country, a first-level region or a town.
//!
//! ```text
//! 2457163⇥town⇥Gao⇥⇥ML⇥09⇥Gao⇥16.27167⇥-0.04472⇥133110⇥Gawo|Nkao|غاو
//!   → Place { id: "2457163", kind: Town, name: "Gao", country: "ML", admin1: "09",
//!             admin1_name: "Gao", lat: 16.27167, lon: -0.04472, population: 133110, … }
//! ```

use std::fmt;
use std::str::FromStr;

use crate::error::ParseError;
use crate::tsv;

pub(crate) const FILE: &str = "places.tsv";
pub(crate) const HEADER: [&str; 11] = [
    "id",
    "kind",
    "name",
    "ascii",
    "cc",
    "admin1",
    "admin1_name",
    "lat",
    "lon",
    "population",
    "alt",
];

/// What a place is. Ordered from the largest to the smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    Country,
    Region,
    Town,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::Town => "town",
        }
    }
}

impl fmt::Display for PlaceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PlaceKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "country" => Ok(PlaceKind::Country),
            "region" => Ok(PlaceKind::Region),
            "town" => Ok(PlaceKind::Town),
            _ => Err(()),
        }
    }
}

/// A place, borrowing its text from the gazetteer file it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Place<'a> {
    /// GeoNames id for countries and towns ("2457163"); `CC.admin1` for regions ("ML.09").
    pub id: &'a str,
    pub kind: PlaceKind,
    pub name: &'a str,
    /// ISO 3166-1 alpha-2 code of the country the place is in (or is).
    pub country: &'a str,
    /// GeoNames admin1 code of the first-level region ("09"), empty for countries.
    pub admin1: &'a str,
    /// Name of that region where the gazetteer knows it ("Gao"), else empty.
    pub admin1_name: &'a str,
    pub lat: f64,
    pub lon: f64,
    /// Inhabitants; 0 when unknown (always for regions).
    pub population: u64,
    ascii: &'a str,
    alt: &'a str,
}

impl<'a> Place<'a> {
    /// The name in ASCII letters ("Segou" for "Ségou"); the name itself when already ASCII.
    pub fn ascii_name(&self) -> &'a str {
        if self.ascii.is_empty() {
            self.name
        } else {
            self.ascii
        }
    }

    /// Other names: spellings in Latin letters (English, French, local and other languages) and
    /// in Arabic script, e.g. "Timbuktu" has "Tombouctou" and "تمبكتو".
    pub fn alternate_names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        tsv::list(self.alt)
    }

    /// The name, the ASCII name when it differs, then the alternate names.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let ascii = (!self.ascii.is_empty()).then_some(self.ascii);
        std::iter::once(self.name)
            .chain(ascii)
            .chain(self.alternate_names())
    }
}

/// Reads places.tsv. Every row is checked: a malformed file is an error naming the line.
pub fn parse_places(text: &str) -> Result<Vec<Place<'_>>, ParseError> {
    let rows = tsv::rows(FILE, text, &HEADER)?;
    let mut places = Vec::with_capacity(rows.len());
    for (n, f) in rows {
        let err = |reason: String| ParseError::new(FILE, n, reason);
        if f[0].is_empty() {
            return Err(err("field id is empty".into()));
        }
        let kind = f[1].parse::<PlaceKind>().map_err(|()| {
            err(format!(
                "field kind: {:?} is not country, region or town",
                f[1]
            ))
        })?;
        if f[2].trim().is_empty() {
            return Err(err("field name is empty".into()));
        }
        let country = tsv::country_code(FILE, n, "cc", f[4])?;
        places.push(Place {
            id: f[0],
            kind,
            name: f[2],
            ascii: f[3],
            country,
            admin1: f[5],
            admin1_name: f[6],
            lat: tsv::coordinate(FILE, n, "lat", f[7], 90.0)?,
            lon: tsv::coordinate(FILE, n, "lon", f[8], 180.0)?,
            population: tsv::count(FILE, n, "population", f[9])?,
            alt: f[10],
        });
    }
    Ok(places)
}
