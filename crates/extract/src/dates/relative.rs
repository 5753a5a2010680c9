//! Relative dates: an offset from the previous date of the narrative.
//!
//! ```text
//! "On February 25, 2013 … A day later …"      a day later      = +1 day   → 2013-02-26
//! "… 2013-02-26 … A month later …"            a month later    = +1 month → 2013-03
//! "… in 2016 … the following year …"          the following year = +1 year → 2017
//! ```
//!
//! The result is as precise as the unit: "a month later" gives a month, whatever the day of
//! the date it counts from. An offset finer than the base date (a day after a bare year) gives
//! nothing: the text does not say which day.

use dossier_model::{FuzzyDate, Precision};

use super::lexicon::DateWords;
use super::unit_precision;
use crate::mentions::tokens::Tokens;

/// A signed count of units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Offset {
    pub count: i64,
    pub unit: Precision,
}

/// A relative date phrase at word `i`: its end and its offset.
pub(crate) fn at(toks: &Tokens, i: usize, lex: &DateWords) -> Option<(usize, Offset)> {
    let f = |k: usize| toks.fold(k);
    let unit = |k: usize| -> Option<(Precision, i64)> {
        let u = lex.units.get(f(k))?;
        let p = unit_precision(u)?;
        let times = if f(k).starts_with("week") {
            lex.week_days
        } else {
            1
        };
        Some((p, times))
    };
    // Every relative date starts with a number, a number word or "the": other words are
    // turned away before any look-up.
    let first = f(i).as_bytes().first().copied().unwrap_or(0);
    if !first.is_ascii_digit() && !lex.number_initials.contains(&first) && f(i) != "the" {
        return None;
    }
    // "a day later", "two months later", "3 years earlier".
    let count = lex
        .numbers
        .get(f(i))
        .copied()
        .or_else(|| f(i).parse::<i64>().ok().filter(|n| (1..=100).contains(n)));
    if let Some(n) = count
        && let Some((p, times)) = unit(i + 1)
    {
        let dir = f(i + 2);
        let sign = if lex.after.contains(dir) && dir != "on" {
            1
        } else if lex.before.contains(dir) {
            -1
        } else {
            0
        };
        // "two years after the attack" counts from the attack, not from the narrative.
        let followed = toks
            .toks
            .get(i + 3)
            .is_some_and(|t| t.is_word() && t.spaced);
        if sign != 0 && !(followed && matches!(dir, "after" | "before")) {
            return Some((
                i + 3,
                Offset {
                    count: sign * n * times,
                    unit: p,
                },
            ));
        }
    }
    // "the following year", "the previous month", "the same day".
    if f(i) == "the"
        && let Some((p, times)) = unit(i + 2)
    {
        let w = f(i + 1);
        let sign = if lex.following.contains(w) {
            1
        } else if lex.previous.contains(w) {
            -1
        } else if lex.same.contains(w) {
            0
        } else {
            return None;
        };
        return Some((
            i + 3,
            Offset {
                count: sign * times,
                unit: p,
            },
        ));
    }
    None
}

/// The date `off` away from `base`, as precise as the offset's unit.
pub(crate) fn apply(base: FuzzyDate, off: Offset) -> Option<FuzzyDate> {
    let y = i64::from(base.year_value());
    match off.unit {
        Precision::Year => FuzzyDate::year(i32::try_from(y + off.count).ok()?).ok(),
        Precision::Month => {
            let m = i64::from(base.month_value()?);
            let total = y * 12 + (m - 1) + off.count;
            let year = i32::try_from(total.div_euclid(12)).ok()?;
            FuzzyDate::month(year, (total.rem_euclid(12) + 1) as u32).ok()
        }
        Precision::Day => {
            let d = base.day_value()?;
            let m = base.month_value()?;
            let days = civil_to_days(y, i64::from(m), i64::from(d)) + off.count;
            let (yy, mm, dd) = days_to_civil(days);
            FuzzyDate::day(i32::try_from(yy).ok()?, mm as u32, dd as u32).ok()
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_to_days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_to_civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> FuzzyDate {
        s.parse().unwrap()
    }

    #[test]
    fn offsets_keep_the_precision_of_their_unit() {
        let day = |n| Offset {
            count: n,
            unit: Precision::Day,
        };
        let month = |n| Offset {
            count: n,
            unit: Precision::Month,
        };
        let year = |n| Offset {
            count: n,
            unit: Precision::Year,
        };
        assert_eq!(apply(d("2013-02-25"), day(1)), Some(d("2013-02-26")));
        assert_eq!(apply(d("2012-02-28"), day(1)), Some(d("2012-02-29")));
        assert_eq!(apply(d("2013-12-31"), day(1)), Some(d("2014-01-01")));
        assert_eq!(apply(d("2013-03-01"), day(-1)), Some(d("2013-02-28")));
        assert_eq!(apply(d("2013-02-26"), month(1)), Some(d("2013-03")));
        assert_eq!(apply(d("2013-11"), month(3)), Some(d("2014-02")));
        assert_eq!(apply(d("2013-01"), month(-1)), Some(d("2012-12")));
        assert_eq!(apply(d("2016"), year(1)), Some(d("2017")));
        assert_eq!(apply(d("2016-05-01"), year(-2)), Some(d("2014")));
        // Finer than the base: unknown.
        assert_eq!(apply(d("2016"), day(1)), None);
        assert_eq!(apply(d("2016"), month(1)), None);
        assert_eq!(apply(d("9999"), year(1)), None);
    }
}
