//! Edit distance between two skeletons, for near misses the letter variants do not cover.
//!
//! ```text
//! distance("drukdel", "drukdal") == 0.5  similarity 1 − 0.5/7 = 0.93  (vowel for vowel: ½)
//! distance("ahmed", "ahmad")     == 0.5  similarity 0.9
//! distance("niger", "nigeria")   == 2    similarity 1 − 2/7 = 0.71
//! distance("mujua", "mujau")     == 1    similarity 0.8   (a transposition is one edit)
//! ```
//!
//! Optimal string alignment distance (Levenshtein plus adjacent transpositions) over bytes
//! (skeletons are ASCII), where putting one vowel for another costs less than a full edit:
//! unwritten short vowels are the commonest difference between two transliterations. Unlike
//! Jaro-Winkler it does not reward a shared beginning, so a word and its derived forms
//! (Niger/Nigeria, Mali/Malian, Islam/Islamic) stay apart.

/// The cost of the insertions, deletions, substitutions and adjacent transpositions that turn
/// `a` into `b`: 1 each, except `vowel_cost` for a vowel put for another vowel. Quadratic:
/// callers bound the lengths.
pub(crate) fn distance(a: &[u8], b: &[u8], is_vowel: impl Fn(u8) -> bool, vowel_cost: f64) -> f64 {
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len()) as f64;
    }
    let m = b.len();
    // Three rows; on the stack for words of up to 31 letters (all but the odd one).
    let mut stack = [[0.0f64; 32]; 3];
    let mut heap: Vec<f64>;
    let rows: &mut [f64] = if m < 32 {
        stack.as_flattened_mut()
    } else {
        heap = vec![0.0; 3 * (m + 1)];
        &mut heap
    };
    let width = if m < 32 { 32 } else { m + 1 };
    let (before, rest) = rows.split_at_mut(width);
    let (prev, cur) = rest.split_at_mut(width);
    let (mut before, mut prev, mut cur) = (&mut before[..=m], &mut prev[..=m], &mut cur[..=m]);
    for (j, p) in prev.iter_mut().enumerate() {
        *p = j as f64;
    }
    for i in 1..=a.len() {
        cur[0] = i as f64;
        for j in 1..=m {
            let (ca, cb) = (a[i - 1], b[j - 1]);
            let cost = if ca == cb {
                0.0
            } else if is_vowel(ca) && is_vowel(cb) {
                vowel_cost
            } else {
                1.0
            };
            let mut d = (prev[j] + 1.0)
                .min(cur[j - 1] + 1.0)
                .min(prev[j - 1] + cost);
            if i > 1 && j > 1 && ca == b[j - 2] && a[i - 2] == cb {
                d = d.min(before[j - 2] + 1.0);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// 1 − distance ÷ length of the longer word, in [0, 1]; 1 for two empty words.
pub(crate) fn similarity(
    a: &[u8],
    b: &[u8],
    is_vowel: impl Fn(u8) -> bool,
    vowel_cost: f64,
) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    (1.0 - distance(a, b, is_vowel, vowel_cost) / longest as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(b: u8) -> bool {
        b"aeiou".contains(&b)
    }

    #[test]
    fn distances() {
        assert_eq!(distance(b"drukdel", b"drukdal", v, 0.5), 0.5);
        assert_eq!(distance(b"ahmed", b"ahmad", v, 0.5), 0.5);
        assert_eq!(distance(b"niger", b"nigeria", v, 0.5), 2.0);
        assert_eq!(distance(b"mujua", b"mujau", v, 0.5), 1.0);
        assert_eq!(distance(b"kaida", b"kiada", v, 1.0), 1.0);
        assert_eq!(distance(b"", b"abc", v, 0.5), 3.0);
        assert_eq!(distance(b"abc", b"", v, 0.5), 3.0);
        assert_eq!(distance(b"kitten", b"sitting", v, 1.0), 3.0);
        assert_eq!(distance(b"same", b"same", v, 0.5), 0.0);
    }

    #[test]
    fn similarities() {
        assert!((similarity(b"drukdel", b"drukdal", v, 0.5) - 6.5 / 7.0).abs() < 1e-12);
        assert_eq!(similarity(b"", b"", v, 0.5), 1.0);
        assert_eq!(similarity(b"bc", b"df", v, 0.5), 0.0);
    }
}
