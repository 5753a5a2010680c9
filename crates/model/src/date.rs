//! Fuzzy dates: a date as precise as the text allows.
//!
//! `2022`, `2022-06`, `2013-02-25`, and the same with a qualifier: `mid 2022`, `late 2022-04`,
//! `about 2019`. Every fuzzy date covers an interval of days; sorting and "as of" questions use
//! that interval, so `2022` sorts before `2022-06`, which sorts before `late 2022`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How precise a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A qualifier narrowing or widening a year or a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Qualifier {
    Early,
    Mid,
    Late,
    About,
}

impl Qualifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Early => "early",
            Qualifier::Mid => "mid",
            Qualifier::Late => "late",
            Qualifier::About => "about",
        }
    }

    pub fn parse(word: &str) -> Option<Qualifier> {
        match word.to_ascii_lowercase().as_str() {
            "early" => Some(Qualifier::Early),
            "mid" | "middle" => Some(Qualifier::Mid),
            "late" => Some(Qualifier::Late),
            "about" | "around" | "circa" | "c." | "ca." | "approximately" => Some(Qualifier::About),
            _ => None,
        }
    }
}

/// A date with a precision and an optional qualifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FuzzyDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
    qualifier: Option<Qualifier>,
}

/// Why a date could not be built or parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("month {0} is not between 1 and 12")]
    Month(u32),
    #[error("day {day} does not exist in {year}-{month:02}")]
    Day { year: i32, month: u8, day: u32 },
    #[error("year {0} is out of range (1 to 9999)")]
    Year(i64),
    #[error("a day-precise date takes no qualifier")]
    QualifiedDay,
    #[error(
        "`{0}` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD, optionally after early/mid/late/about)"
    )]
    Syntax(String),
}

impl FuzzyDate {
    pub fn year(year: i32) -> Result<FuzzyDate, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::Year(year.into()));
        }
        Ok(FuzzyDate {
            year,
            month: None,
            day: None,
            qualifier: None,
        })
    }

    pub fn month(year: i32, month: u32) -> Result<FuzzyDate, DateError> {
        let mut d = FuzzyDate::year(year)?;
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        d.month = Some(month as u8);
        Ok(d)
    }

    pub fn day(year: i32, month: u32, day: u32) -> Result<FuzzyDate, DateError> {
        let mut d = FuzzyDate::month(year, month)?;
        let m = month as u8;
        if day == 0 || day > u32::from(days_in_month(year, m)) {
            return Err(DateError::Day {
                year,
                month: m,
                day,
            });
        }
        d.day = Some(day as u8);
        Ok(d)
    }

    /// The same date with a qualifier. Day-precise dates take none.
    pub fn with_qualifier(self, qualifier: Qualifier) -> Result<FuzzyDate, DateError> {
        if self.day.is_some() {
            return Err(DateError::QualifiedDay);
        }
        Ok(FuzzyDate {
            qualifier: Some(qualifier),
            ..self
        })
    }

    pub fn year_value(&self) -> i32 {
        self.year
    }

    pub fn month_value(&self) -> Option<u32> {
        self.month.map(u32::from)
    }

    pub fn day_value(&self) -> Option<u32> {
        self.day.map(u32::from)
    }

    pub fn qualifier(&self) -> Option<Qualifier> {
        self.qualifier
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The ISO form without qualifier: `2022`, `2022-06`, `2013-02-25`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// First and last day covered, as days since 1970-01-01.
    pub fn interval(&self) -> (i64, i64) {
        let y = self.year;
        let (lo, hi) = match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let n = days_from_civil(y, m, d);
                (n, n)
            }
            (Some(m), None) => {
                let last = days_in_month(y, m);
                let (a, b) = match self.qualifier {
                    Some(Qualifier::Early) => (1, 10),
                    Some(Qualifier::Mid) => (11, 20),
                    Some(Qualifier::Late) => (21, last),
                    _ => (1, last),
                };
                (days_from_civil(y, m, a), days_from_civil(y, m, b))
            }
            _ => {
                let (a, b) = match self.qualifier {
                    Some(Qualifier::Early) => ((1, 1), (4, 30)),
                    Some(Qualifier::Mid) => ((5, 1), (8, 31)),
                    Some(Qualifier::Late) => ((9, 1), (12, 31)),
                    _ => ((1, 1), (12, 31)),
                };
                (days_from_civil(y, a.0, a.1), days_from_civil(y, b.0, b.1))
            }
        };
        if self.qualifier == Some(Qualifier::About) {
            // "about 2019" reaches into the neighbouring unit.
            let widen = match self.precision() {
                Precision::Year => 365,
                Precision::Month => 31,
                Precision::Day => 0,
            };
            (lo - widen, hi + widen)
        } else {
            (lo, hi)
        }
    }

    /// A key that orders dates by their interval: start first, then the narrower one.
    pub fn sort_key(&self) -> (i64, i64) {
        self.interval()
    }

    /// True when the two dates can describe the same day (their intervals overlap).
    pub fn compatible(&self, other: &FuzzyDate) -> bool {
        let (a, b) = self.interval();
        let (c, d) = other.interval();
        a <= d && c <= b
    }

    /// True when this date's interval contains `other`'s.
    pub fn covers(&self, other: &FuzzyDate) -> bool {
        let (a, b) = self.interval();
        let (c, d) = other.interval();
        a <= c && d <= b
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.qualifier {
            Some(q) => write!(f, "{} {}", q.as_str(), self.iso()),
            None => f.write_str(&self.iso()),
        }
    }
}

impl FromStr for FuzzyDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<FuzzyDate, DateError> {
        let s = s.trim();
        let (qualifier, rest) = match s.split_once(' ') {
            Some((q, rest)) => match Qualifier::parse(q) {
                Some(q) => (Some(q), rest.trim()),
                None => return Err(DateError::Syntax(s.to_string())),
            },
            None => (None, s),
        };
        let syntax = || DateError::Syntax(s.to_string());
        let mut parts = rest.split('-');
        let num = |p: Option<&str>, len: usize| -> Result<Option<u32>, DateError> {
            match p {
                None => Ok(None),
                Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map(Some).map_err(|_| syntax())
                }
                Some(_) => Err(syntax()),
            }
        };
        let year = num(parts.next(), 4)?.ok_or_else(syntax)?;
        let month = num(parts.next(), 2)?;
        let day = num(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(syntax());
        }
        let date = match (month, day) {
            (Some(m), Some(d)) => FuzzyDate::day(year as i32, m, d)?,
            (Some(m), None) => FuzzyDate::month(year as i32, m)?,
            _ => FuzzyDate::year(year as i32)?,
        };
        match qualifier {
            Some(q) => date.with_qualifier(q),
            None => Ok(date),
        }
    }
}

impl Serialize for FuzzyDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FuzzyDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FuzzyDate, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

pub(crate) fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (1-based).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> FuzzyDate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_every_precision() {
        for s in [
            "2022",
            "2022-06",
            "2013-02-25",
            "mid 2022",
            "late 2022-04",
            "about 2019",
        ] {
            assert_eq!(d(s).to_string(), s);
        }
        assert_eq!(d("2013-02-25").precision(), Precision::Day);
        assert_eq!(d("late 2022-04").precision(), Precision::Month);
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!("2023-02-29".parse::<FuzzyDate>().is_err());
        assert!("2024-02-29".parse::<FuzzyDate>().is_ok());
        assert!("2022-13".parse::<FuzzyDate>().is_err());
        assert!("22-01".parse::<FuzzyDate>().is_err());
        assert!("early 2022-01-05".parse::<FuzzyDate>().is_err());
        assert!("soon 2022".parse::<FuzzyDate>().is_err());
    }

    #[test]
    fn sorts_year_before_month_before_late_year() {
        let mut v = vec![d("late 2022"), d("2022-06"), d("2022")];
        v.sort_by_key(|x| x.sort_key());
        assert_eq!(v, vec![d("2022"), d("2022-06"), d("late 2022")]);
    }

    #[test]
    fn compatibility_is_interval_overlap() {
        assert!(d("2022").compatible(&d("2022-04-28")));
        assert!(d("late 2022-04").compatible(&d("2022-04-28")));
        assert!(!d("early 2022-04").compatible(&d("2022-04-28")));
        assert!(d("about 2019").compatible(&d("2020-01")));
        assert!(d("2022").covers(&d("mid 2022")));
    }

    #[test]
    fn day_numbers_match_the_calendar() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn serde_uses_the_display_form() {
        let j = serde_json::to_string(&d("mid 2022")).unwrap();
        assert_eq!(j, "\"mid 2022\"");
        let back: FuzzyDate = serde_json::from_str(&j).unwrap();
        assert_eq!(back, d("mid 2022"));
    }
}
