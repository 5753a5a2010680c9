//! A country with its codes, names, capital, a point and the words for its people.
//!
//! ```text
//! NE⇥NER⇥2440476⇥Niger⇥République du Niger|النيجر⇥Niamey⇥17.6⇥8.1⇥centroid⇥AF⇥22442948⇥Nigerien|Nigérien
//!   → Country { iso2: "NE", iso3: "NER", name: "Niger", capital: "Niamey",
//!               point: Some((17.6, 8.1)), continent: "AF", … }  with demonyms "Nigerien", "Nigérien"
//! ```

use crate::error::ParseError;
use crate::tsv;

pub(crate) const FILE: &str = "countries.tsv";
pub(crate) const HEADER: [&str; 12] = [
    "iso2",
    "iso3",
    "geonameid",
    "name",
    "alt",
    "capital",
    "lat",
    "lon",
    "point",
    "continent",
    "population",
    "demonyms",
];

/// What a country's point stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// An approximate geographic centre, written by hand.
    Centroid,
    /// The position of the capital (no centre was written).
    Capital,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Country<'a> {
    /// ISO 3166-1 alpha-2 ("ML").
    pub iso2: &'a str,
    /// ISO 3166-1 alpha-3 ("MLI").
    pub iso3: &'a str,
    pub geonameid: &'a str,
    /// English name as GeoNames writes it ("Ivory Coast", "Palestinian Territory").
    pub name: &'a str,
    pub capital: &'a str,
    /// (lat, lon) of the centre or the capital; None for the few territories with neither.
    pub point: Option<(f64, f64)>,
    pub point_kind: Option<PointKind>,
    /// GeoNames continent code: AF, AS, EU, NA, OC, SA, AN.
    pub continent: &'a str,
    pub population: u64,
    alt: &'a str,
    demonyms: &'a str,
}

impl<'a> Country<'a> {
    /// Other names and short forms ("Côte d'Ivoire", "DRC", "UAE").
    pub fn alternate_names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        tsv::list(self.alt)
    }

    /// Adjectives and nouns for the country's people or state ("Malian", "Burkinabè").
    pub fn demonyms(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        tsv::list(self.demonyms)
    }
}

/// Reads countries.tsv. A malformed file is an error naming the line.
pub fn parse_countries(text: &str) -> Result<Vec<Country<'_>>, ParseError> {
    let rows = tsv::rows(FILE, text, &HEADER)?;
    let mut countries = Vec::with_capacity(rows.len());
    for (n, f) in rows {
        let err = |reason: String| ParseError::new(FILE, n, reason);
        let iso2 = tsv::country_code(FILE, n, "iso2", f[0])?;
        if f[1].len() != 3 || !f[1].bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(err(format!(
                "field iso3: {:?} is not a three-letter code",
                f[1]
            )));
        }
        if f[3].trim().is_empty() {
            return Err(err("field name is empty".into()));
        }
        let (point, point_kind) = match (f[6], f[7], f[8]) {
            ("", "", "") => (None, None),
            (lat, lon, kind) => {
                let kind = match kind {
                    "centroid" => PointKind::Centroid,
                    "capital" => PointKind::Capital,
                    other => {
                        return Err(err(format!(
                            "field point: {other:?} is not centroid or capital"
                        )));
                    }
                };
                let lat = tsv::coordinate(FILE, n, "lat", lat, 90.0)?;
                let lon = tsv::coordinate(FILE, n, "lon", lon, 180.0)?;
                (Some((lat, lon)), Some(kind))
            }
        };
        countries.push(Country {
            iso2,
            iso3: f[1],
            geonameid: f[2],
            name: f[3],
            alt: f[4],
            capital: f[5],
            point,
            point_kind,
            continent: f[9],
            population: tsv::count(FILE, n, "population", f[10])?,
            demonyms: f[11],
        });
    }
    Ok(countries)
}
