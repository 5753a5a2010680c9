//! Country boundaries: `data/map/countries.tsv`, embedded, parsed on first use.
//!
//! ```text
//! 466<TAB>Mali<TAB>-11.39,12.40 -11.38,12.48 …;…      one line per country, rings by ';'
//! ```

use std::sync::OnceLock;

const DATA: &str = include_str!("../../../data/map/countries.tsv");

/// A box of longitudes and latitudes, in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl BBox {
    /// The box around the points, if any.
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>) -> Option<BBox> {
        let mut b: Option<BBox> = None;
        for (lon, lat) in points {
            if !(lon.is_finite() && lat.is_finite()) {
                continue;
            }
            let n = b.get_or_insert(BBox {
                min_lon: lon,
                min_lat: lat,
                max_lon: lon,
                max_lat: lat,
            });
            n.min_lon = n.min_lon.min(lon);
            n.max_lon = n.max_lon.max(lon);
            n.min_lat = n.min_lat.min(lat);
            n.max_lat = n.max_lat.max(lat);
        }
        b
    }

    pub fn intersects(&self, o: &BBox) -> bool {
        self.min_lon <= o.max_lon
            && o.min_lon <= self.max_lon
            && self.min_lat <= o.max_lat
            && o.min_lat <= self.max_lat
    }

    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.min_lon..=self.max_lon).contains(&lon) && (self.min_lat..=self.max_lat).contains(&lat)
    }

    pub fn width(&self) -> f64 {
        self.max_lon - self.min_lon
    }

    pub fn height(&self) -> f64 {
        self.max_lat - self.min_lat
    }
}

/// One country: its ISO 3166 numeric id (empty for a few territories), name and rings.
#[derive(Debug)]
pub struct Country {
    pub id: String,
    pub name: String,
    /// Outer rings and holes alike, as (lon, lat) points; drawn with the even-odd rule.
    pub rings: Vec<Vec<(f32, f32)>>,
    pub bbox: BBox,
}

/// Every country of the embedded boundaries.
pub fn countries() -> &'static [Country] {
    static PARSED: OnceLock<Vec<Country>> = OnceLock::new();
    PARSED.get_or_init(|| parse(DATA))
}

/// Parses the TSV; malformed points are skipped (the file is ours and tested).
fn parse(data: &str) -> Vec<Country> {
    let mut out = Vec::new();
    for line in data.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let (Some(id), Some(name), Some(rings)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let rings: Vec<Vec<(f32, f32)>> = rings
            .split(';')
            .map(|r| {
                r.split(' ')
                    .filter_map(|p| {
                        let (x, y) = p.split_once(',')?;
                        Some((x.parse().ok()?, y.parse().ok()?))
                    })
                    .collect::<Vec<(f32, f32)>>()
            })
            .filter(|r| r.len() >= 3)
            .collect();
        let Some(bbox) = BBox::around(
            rings
                .iter()
                .flatten()
                .map(|&(x, y)| (f64::from(x), f64::from(y))),
        ) else {
            continue;
        };
        out.push(Country {
            id: id.to_string(),
            name: name.to_string(),
            rings,
            bbox,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses_completely() {
        let all = countries();
        assert!(all.len() > 200, "{} countries", all.len());
        let data_lines = DATA.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(all.len(), data_lines, "every line is a country with rings");
        for c in all {
            assert!(!c.name.is_empty());
            assert!(
                c.bbox.min_lon >= -180.0 && c.bbox.max_lon <= 180.0,
                "{}",
                c.name
            );
            assert!(
                c.bbox.min_lat >= -90.0 && c.bbox.max_lat <= 90.0,
                "{}",
                c.name
            );
        }
    }

    #[test]
    fn boxes() {
        let b = BBox::around([(1.0, 2.0), (-3.0, 5.0), (f64::NAN, 0.0)]).unwrap();
        assert_eq!(
            (b.min_lon, b.max_lon, b.min_lat, b.max_lat),
            (-3.0, 1.0, 2.0, 5.0)
        );
        assert!(b.contains(0.0, 3.0) && !b.contains(2.0, 3.0));
        assert!(BBox::around([]).is_none());
    }
}
