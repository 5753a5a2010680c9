//! Citations: pair gold and predicted items in document order, then compare four fields.
//!
//! ```text
//! gold  [1] SITE Intelligence Group, "JNIM Photo Report…", 2023-01-23, www.siteintelgroup.com
//!       *   (no fields)
//! pred  [1] SITE Intelligence Group, "JNIM Photo Report…", 2023-01-23, none
//!   ─►  1 pair, fields publisher ✓ title ✓ date ✓ url ✗; the "*" item is a false negative
//! ```
//!
//! Both lists are in document order, so they are aligned by an order-keeping alignment that
//! maximizes the number of agreeing fields (when both lists are right and complete this pairs
//! them index by index). A pair needs one present value that agrees, or two blank items with
//! the same marker. Fields compare as: publisher
//! and title by folded name, date as a fuzzy date, URL without scheme, `www.`, trailing slash
//! and case; two absent values agree. `field_accuracy` = agreeing fields in pairs / (4 × gold
//! items). Very long lists (over [`MAX_ALIGN_CELLS`] pairs to weigh) are paired by index.

use super::{CitationCounts, SectionMisses};
use crate::fold::fold;
use crate::gold::CitationItem;

/// The largest gold × predicted product aligned by dynamic programming.
pub const MAX_ALIGN_CELLS: usize = 4_000_000;

fn url_key(url: &str) -> String {
    let u = url.trim().to_lowercase();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(&u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    u.trim_end_matches('/').to_string()
}

fn same_text(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => fold(a) == fold(b),
        _ => false,
    }
}

fn same_url(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => url_key(a) == url_key(b),
        _ => false,
    }
}

/// Which of publisher, title, date, URL agree.
fn fields(g: &CitationItem, p: &CitationItem) -> [bool; 4] {
    [
        same_text(&g.publisher, &p.publisher),
        same_text(&g.title, &p.title),
        g.date == p.date,
        same_url(&g.url, &p.url),
    ]
}

fn is_blank(c: &CitationItem) -> bool {
    c.publisher.is_none() && c.title.is_none() && c.date.is_none() && c.url.is_none()
}

/// The agreeing fields of a possible pair, or 0 when the two cannot be paired: a pair needs a
/// present value that agrees, or two blank items with the same marker (links whose targets
/// were lost, like the asterisk links of a converted web page).
fn agreeing(g: &CitationItem, p: &CitationItem) -> usize {
    let f = fields(g, p);
    let present = [
        g.publisher.is_some(),
        g.title.is_some(),
        g.date.is_some(),
        g.url.is_some(),
    ];
    let eligible = f
        .iter()
        .zip(present)
        .any(|(agree, present)| *agree && present)
        || (is_blank(g) && is_blank(p) && g.marker == p.marker);
    if eligible {
        f.iter().filter(|x| **x).count()
    } else {
        0
    }
}

/// An order-keeping alignment maximizing the agreeing fields; pairs have at least one.
fn align(gold: &[CitationItem], pred: &[CitationItem]) -> Vec<(usize, usize)> {
    let (n, m) = (gold.len(), pred.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    if n.saturating_mul(m) > MAX_ALIGN_CELLS {
        return (0..n.min(m))
            .filter(|&i| agreeing(&gold[i], &pred[i]) > 0)
            .map(|i| (i, i))
            .collect();
    }
    // best[i][j]: best total over gold[..i] and pred[..j]; two rows of it, and the moves.
    const SKIP_GOLD: u8 = 0;
    const SKIP_PRED: u8 = 1;
    const PAIR: u8 = 2;
    let mut moves = vec![SKIP_GOLD; (n + 1) * (m + 1)];
    let mut prev = vec![0usize; m + 1];
    let mut cur = vec![0usize; m + 1];
    moves[1..=m].fill(SKIP_PRED);
    for i in 1..=n {
        cur[0] = 0;
        moves[i * (m + 1)] = SKIP_GOLD;
        for j in 1..=m {
            let s = agreeing(&gold[i - 1], &pred[j - 1]);
            let mut best = (prev[j], SKIP_GOLD);
            if cur[j - 1] > best.0 {
                best = (cur[j - 1], SKIP_PRED);
            }
            if s > 0 && prev[j - 1] + s >= best.0 {
                best = (prev[j - 1] + s, PAIR);
            }
            cur[j] = best.0;
            moves[i * (m + 1) + j] = best.1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        match moves[i * (m + 1) + j] {
            PAIR => {
                pairs.push((i - 1, j - 1));
                i -= 1;
                j -= 1;
            }
            SKIP_PRED => j -= 1,
            _ => i -= 1,
        }
    }
    pairs.reverse();
    pairs
}

fn show(c: &CitationItem) -> String {
    let mut parts = Vec::new();
    if let Some(m) = &c.marker {
        parts.push(m.clone());
    }
    parts.push(
        c.publisher
            .clone()
            .unwrap_or_else(|| "(no publisher)".into()),
    );
    parts.push(
        c.title
            .as_ref()
            .map_or_else(|| "(no title)".into(), |t| format!("\"{t}\"")),
    );
    parts.push(c.date.map_or_else(|| "(no date)".into(), |d| d.to_string()));
    parts.push(c.url.clone().unwrap_or_else(|| "(no url)".into()));
    parts.join(", ")
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref()
        .map_or_else(|| "none".to_string(), |x| format!("\"{}\"", x.to_string()))
}

pub(crate) fn score(
    gold: &[CitationItem],
    pred: &[CitationItem],
    counts: &mut CitationCounts,
    misses: &mut SectionMisses,
) {
    let pairs = align(gold, pred);
    counts.matched = pairs.len();
    counts.predicted = pred.len();
    counts.gold = gold.len();
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; pred.len()];
    for &(i, j) in &pairs {
        gold_used[i] = true;
        pred_used[j] = true;
        let (g, p) = (&gold[i], &pred[j]);
        let [publisher, title, date, url] = fields(g, p);
        counts.publisher += usize::from(publisher);
        counts.title += usize::from(title);
        counts.date += usize::from(date);
        counts.url += usize::from(url);
        let mut wrong = Vec::new();
        if !publisher {
            wrong.push(format!(
                "publisher {} (gold {})",
                opt(&p.publisher),
                opt(&g.publisher)
            ));
        }
        if !title {
            wrong.push(format!("title {} (gold {})", opt(&p.title), opt(&g.title)));
        }
        if !date {
            wrong.push(format!("date {} (gold {})", opt(&p.date), opt(&g.date)));
        }
        if !url {
            wrong.push(format!("url {} (gold {})", opt(&p.url), opt(&g.url)));
        }
        if !wrong.is_empty() {
            misses
                .wrong
                .push(format!("gold item {}: {}", i + 1, wrong.join("; ")));
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if !gold_used[i] {
            misses
                .false_negatives
                .push(format!("item {}: {}", i + 1, show(g)));
        }
    }
    for (j, p) in pred.iter().enumerate() {
        if !pred_used[j] {
            misses
                .false_positives
                .push(format!("item {}: {}", j + 1, show(p)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(publisher: Option<&str>, title: Option<&str>, url: Option<&str>) -> CitationItem {
        CitationItem {
            marker: None,
            publisher: publisher.map(String::from),
            title: title.map(String::from),
            date: None,
            url: url.map(String::from),
        }
    }

    #[test]
    fn urls_compare_without_scheme_www_and_slash() {
        assert_eq!(url_key("HTTPS://www.Example.org/a/"), "example.org/a");
        assert_eq!(url_key("example.org/a"), "example.org/a");
    }

    #[test]
    fn alignment_skips_an_inserted_item() {
        let a = item(Some("BBC"), Some("One"), Some("bbc.com/1"));
        let b = item(Some("VOA"), Some("Two"), Some("voanews.com/2"));
        let junk = item(Some("Nobody"), Some("Junk"), Some("junk.example/x"));
        let pairs = align(&[a.clone(), b.clone()], &[a, junk, b]);
        assert_eq!(pairs, vec![(0, 0), (1, 2)]);
    }

    #[test]
    fn blank_items_pair_only_with_blank_items_of_the_same_marker() {
        let mut star = item(None, None, None);
        star.marker = Some("*".into());
        let mut numbered = item(None, None, None);
        numbered.marker = Some("[1]".into());
        let undated = item(Some("BBC"), Some("One"), None);
        let other_undated = item(Some("VOA"), Some("Two"), None);
        assert_eq!(agreeing(&star, &star.clone()), 4);
        assert_eq!(agreeing(&star, &numbered), 0);
        // Both lack a date, but nothing present agrees: not a pair.
        assert_eq!(agreeing(&undated, &other_undated), 0);
        assert_eq!(agreeing(&undated, &undated.clone()), 4);
    }

    #[test]
    fn oversized_lists_pair_by_index() {
        let a = item(Some("BBC"), None, None);
        let gold = vec![a.clone(); 2001];
        let pred = vec![a; 2001];
        let pairs = align(&gold, &pred);
        assert_eq!(pairs.len(), 2001);
        assert_eq!(pairs[2000], (2000, 2000));
    }
}
