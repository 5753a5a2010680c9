//! Reading one cited work: author, title, publisher, date and URL.
//!
//! ```text
//! Amina Yusuf, "Al-Shabaab's new emir," Horn Observer, Febraury 3, 2021, https://ho.example/a.
//!   ─► author "Amina Yusuf", title "Al-Shabaab's new emir", publisher "Horn Observer",
//!      date 2021-02-03, url "https://ho.example/a"
//! Jane Roe, Jihad in the Horn (Nairobi, Kenya: Lake Press, 2019), 12-14.
//!   ─► author "Jane Roe", title "Jihad in the Horn", publisher "Lake Press", date 2019
//! ```
//!
//! Shapes: `Author, "Title," Publisher, Date, URL`; `"Title," Publisher, Date, URL`;
//! `Org, "Title," Date, available at www.x.com` (with no publisher after the title, the part
//! before it is the publisher when it names an organisation, else the author); books
//! `Author, Title (City: Publisher, Year), pages`. Dates are read by [`crate::dates`].

use dossier_model::{FuzzyDate, Span};
use serde::Serialize;

use super::words::{CONNECTOR, CUE, JOINER, PARTICLE, Words, words};
use crate::dates;
use crate::lexicon::Lower;

/// The parts of one cited work.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Work {
    pub author: Option<String>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<FuzzyDate>,
    pub url: Option<String>,
}

/// Reads one work (see the module documentation for the shapes).
pub fn parse_work(raw: &str) -> Work {
    let w = words();
    let s = raw.trim();
    let (before, url) = match find_url(s, 0, w) {
        Some(u) => (&s[..u.span.start], Some(u.span.slice(s).to_string())),
        None => match bare_domain(s, w) {
            Some(u) => (&s[..u.start], Some(u.slice(s).to_string())),
            None => (s, None),
        },
    };
    let body = strip_url_phrase(before, w);
    let body = trim_seps(body);
    let mut work = if let Some((open, close)) = quoted_title(body) {
        let pre = trim_seps(&body[..open]);
        let post = trim_seps(&body[close + 1..]);
        let title = trim_seps(&body[open + 1..close]);
        let (publisher, date) = publisher_and_date(post);
        let (author, publisher) = match publisher {
            Some(p) => (non_empty(pre), Some(p)),
            None if classify(pre, w) == NameKind::Organisation => (None, non_empty(pre)),
            None => (non_empty(pre), None),
        };
        Work {
            author,
            title: non_empty(title),
            publisher,
            date,
            url: None,
        }
    } else if let Some(book) = book(body, w) {
        book
    } else {
        unquoted(body, w)
    };
    work.url = url;
    work
}

/// What a short name looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameKind {
    Person,
    Organisation,
    /// Prose, or nothing.
    Other,
}

/// Tells a person's name ("Malek Bachir", "Thomas Joscelyn and Caleb Weiss", "Edith M. Lederer")
/// from an organisation's ("SITE Intelligence Group", "Voice of America", "France 24",
/// "Reuters") and from prose ("the group said").
pub(crate) fn classify(name: &str, w: &Words) -> NameKind {
    let name = name.trim().trim_end_matches([',', ':']).trim();
    let count = name.split_whitespace().count();
    if count == 0 || count > 12 || name.len() > 200 {
        return NameKind::Other;
    }
    let mut cue = false;
    let mut acronym = false;
    let mut number = false;
    let mut connectors = false;
    let mut any_capital = false;
    for tok in name.split_whitespace() {
        any_capital |= tok.chars().next().is_some_and(char::is_uppercase);
        let bare = tok.trim_matches(|c: char| !c.is_alphanumeric());
        let lower = Lower::new(bare);
        let lower: &str = &lower;
        let flags = w.name_flags(lower);
        let split = |c: char| matches!(c, '-' | '/' | '\'');
        let parts_cue = if lower.contains(split) {
            lower.split(split).any(|p| w.name_flags(p) & CUE != 0)
        } else {
            flags & CUE != 0
        };
        cue |= parts_cue;
        if !acronym && !tok.contains('.') {
            let (letters, upper) = bare
                .chars()
                .filter(|c| c.is_alphabetic())
                .fold((0usize, true), |(n, all), c| {
                    (n + 1, all && c.is_uppercase())
                });
            acronym = letters >= 2 && upper;
        }
        number |= !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit());
        let capital = bare
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let particle = flags & PARTICLE != 0
            || lower
                .split_once('-')
                .is_some_and(|(p, rest)| w.name_flags(p) & PARTICLE != 0 && !rest.is_empty());
        let joiner = flags & JOINER != 0;
        let connector = flags & CONNECTOR != 0 || joiner;
        connectors |= connector && !particle && !joiner;
        if !(capital || particle || connector) {
            return NameKind::Other;
        }
    }
    if cue || acronym || number {
        return NameKind::Organisation;
    }
    if !any_capital {
        return NameKind::Other;
    }
    if !connectors && is_person_list(name, w) {
        return NameKind::Person;
    }
    NameKind::Organisation
}

/// "A B", "A B and C D", "A B, C D and E F": every name two to five words.
fn is_person_list(name: &str, w: &Words) -> bool {
    // Each name is checked as it ends: its word count, and whether a word of it is capitalized
    // and longer than two characters.
    let mut words = 0usize;
    let mut strong = false;
    let name_ok = |words: usize, strong: bool| (2..=5).contains(&words) && strong;
    for tok in name.split_whitespace() {
        if w.name_flags(&Lower::new(tok)) & JOINER != 0 {
            if !name_ok(words, strong) {
                return false;
            }
            (words, strong) = (0, false);
            continue;
        }
        let (word, comma) = match tok.strip_suffix(',') {
            Some(t) => (t, true),
            None => (tok, false),
        };
        words += 1;
        strong |= word.chars().count() > 2 && word.chars().next().is_some_and(char::is_uppercase);
        if comma {
            if !name_ok(words, strong) {
                return false;
            }
            (words, strong) = (0, false);
        }
    }
    name_ok(words, strong)
}

/// Splits a footnote entry or an inline group into works: at `;` outside double quotes, where
/// what comes before is a whole work (it has a URL, a date or a quoted title) and what follows
/// starts a new one (a capital, a digit or a quote). Returns trimmed spans of `s`, without the
/// final period.
pub(crate) fn split_works(s: &str) -> Vec<Span> {
    let w = words();
    let mut out = Vec::new();
    let mut start = 0;
    // Pieces between unquoted semicolons are checked once each, so this stays linear.
    let mut piece_start = 0;
    let mut complete = false;
    let mut in_quote = false;
    // Only quotes and semicolons matter; both are ASCII, so their offsets are on character
    // boundaries.
    for i in memchr::memchr2_iter(b'"', b';', s.as_bytes()) {
        match s.as_bytes()[i] {
            b'"' => in_quote = !in_quote,
            b';' if !in_quote => {
                let piece = &s[piece_start..i];
                piece_start = i + 1;
                complete = complete
                    || find_url(piece, 0, w).is_some()
                    || piece.matches('"').count() >= 2
                    || dates::first(piece).is_some();
                let starts_work = s[i + 1..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(|c| c == '"' || c.is_uppercase() || c.is_ascii_digit());
                if starts_work && complete {
                    push_work(&mut out, s, start, i);
                    start = i + 1;
                    complete = false;
                }
            }
            _ => {}
        }
    }
    push_work(&mut out, s, start, s.len());
    out
}

fn push_work(out: &mut Vec<Span>, s: &str, start: usize, end: usize) {
    let piece = &s[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let mut t = piece.trim();
    // The final period closes the work (after a URL, a year or pages); it is not part of it.
    if let Some(stripped) = t.strip_suffix('.') {
        t = stripped.trim_end();
    }
    if t.chars().any(char::is_alphanumeric) {
        out.push(Span::new(start + lead, start + lead + t.len()));
    }
}

/// A URL found in text: its span without trailing punctuation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UrlHit {
    pub span: Span,
}

/// The first URL (`https://…`, `http://…`, `www.…`) starting at or after byte `from` at the
/// start of a word.
///
/// For a short text (one work); a scan over a whole block finds the candidates once with
/// [`url_candidates`] and asks [`find_url_among`].
pub(crate) fn find_url(s: &str, from: usize, w: &Words) -> Option<UrlHit> {
    let bytes = s.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if w.url_initials[usize::from(b)]
            && (i == 0 || is_url_boundary(bytes[i - 1]))
            && starts_with_prefix(&s[i..], w)
        {
            let end = url_end(s, i);
            if end > i {
                return Some(UrlHit {
                    span: Span::new(i, end),
                });
            }
        }
        i += 1;
    }
    None
}

/// Where a URL prefix occurs in `s`, ASCII case-insensitively, in order: the only places a URL
/// can start. Finding them once lets a scan over a long text ask [`find_url_among`] many times.
pub(crate) fn url_candidates(s: &str, w: &Words) -> Vec<usize> {
    let lower = s.as_bytes().to_ascii_lowercase();
    let mut out: Vec<usize> = Vec::new();
    for finder in &w.url_finders {
        out.extend(finder.find_iter(&lower));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// [`find_url`] for the `candidates` of `s` (from [`url_candidates`]).
pub(crate) fn find_url_among(
    s: &str,
    from: usize,
    w: &Words,
    candidates: &[usize],
) -> Option<UrlHit> {
    let bytes = s.as_bytes();
    let first = candidates.partition_point(|&c| c < from);
    for &i in &candidates[first..] {
        // A prefix is ASCII, so `i` is on a character boundary.
        if (i == 0 || is_url_boundary(bytes[i - 1])) && starts_with_prefix(&s[i..], w) {
            let end = url_end(s, i);
            if end > i {
                return Some(UrlHit {
                    span: Span::new(i, end),
                });
            }
        }
    }
    None
}

fn is_url_boundary(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'(' | b'<' | b'[' | b'"' | b'\'')
}

fn starts_with_prefix(s: &str, w: &Words) -> bool {
    w.url_prefixes.iter().any(|p| {
        s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)) && s.len() > p.len() + 2
    })
}

/// The end of a URL starting at `start`: the next space, quote or angle bracket, less the
/// punctuation that closes the sentence or the citation.
pub(crate) fn url_end(s: &str, start: usize) -> usize {
    let rest = &s[start..];
    // ASCII bytes are looked at directly; other characters are decoded (some are spaces).
    let bytes = rest.as_bytes();
    let mut stop = 0;
    while stop < bytes.len() {
        let b = bytes[stop];
        if b < 0x80 {
            if matches!(b, b'\t'..=b'\r' | b' ' | b'"' | b'<' | b'>') {
                break;
            }
            stop += 1;
        } else {
            let Some(c) = rest[stop..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                break;
            }
            stop += c.len_utf8();
        }
    }
    let mut url = &rest[..stop];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '\'', ']', '!', '?']);
        // Parentheses are counted only when one closes the URL.
        let unbalanced = || {
            memchr::memchr_iter(b')', trimmed.as_bytes()).count()
                > memchr::memchr_iter(b'(', trimmed.as_bytes()).count()
        };
        let trimmed = if trimmed.ends_with(')') && unbalanced() {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    start + url.len()
}

/// A domain written without a scheme after a URL phrase: "available at siteintelgroup.com".
fn bare_domain(s: &str, w: &Words) -> Option<Span> {
    // ASCII lowercasing keeps byte offsets, so they index `s` too.
    let lower = s.to_ascii_lowercase();
    for phrase in &w.url_phrases {
        let mut from = 0;
        while let Some(k) = lower[from..].find(phrase.as_str()) {
            let at = from + k;
            from = at + phrase.len();
            let before_ok = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
            let rest = &s[from..];
            if !before_ok || !rest.starts_with(' ') {
                continue;
            }
            let start = from + (rest.len() - rest.trim_start().len());
            let end = url_end(s, start);
            let token = &s[start..end];
            let dot = token.find('.');
            let domain_like = dot.is_some_and(|d| {
                d > 0
                    && token[d + 1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_lowercase())
            }) && token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~/%?#=&+:".contains(c));
            if domain_like {
                return Some(Span::new(start, end));
            }
        }
    }
    None
}

/// `s` without a URL phrase at its end ("…, 2023, available by subscription at").
pub(crate) fn strip_url_phrase<'a>(s: &'a str, w: &Words) -> &'a str {
    let t = s.trim_end();
    let bytes = t.as_bytes();
    for phrase in &w.url_phrases {
        // The phrases are lowercase: comparing ASCII case-insensitively is comparing with the
        // text lowercased, without copying it.
        let Some(at) = bytes.len().checked_sub(phrase.len()) else {
            continue;
        };
        if bytes[at..].eq_ignore_ascii_case(phrase.as_bytes())
            && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric())
        {
            return &t[..at];
        }
    }
    t
}

/// Trims spaces and the separators around citation parts.
pub(crate) fn trim_seps(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The byte offsets of the opening and closing quotes of the first quoted title in `s`.
///
/// The title opens at a `"` at the start or after a space or comma. It closes at the first
/// later `"` that has an even number of quotes between it and the opening one (so a quotation
/// inside the title, `"Al Qaeda's "Expansion Project" targets…,"`, stays inside) and that
/// either follows the title's own punctuation (`,"`, `."`, `?"`) or is followed by a comma or
/// the end.
pub(crate) fn quoted_title(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let open = bytes.iter().enumerate().position(|(i, &b)| {
        b == b'"' && (i == 0 || matches!(bytes[i - 1], b' ' | b',' | b'\n' | b'\t' | b'('))
    })?;
    let mut between = 0;
    for i in open + 1..bytes.len() {
        if bytes[i] != b'"' {
            continue;
        }
        let prev = bytes[i - 1];
        let next = bytes.get(i + 1).copied();
        let closes = matches!(prev, b',' | b'.' | b'?' | b'!')
            || matches!(next, Some(b',') | Some(b'.') | Some(b';') | None);
        if between % 2 == 0 && closes && i > open + 1 {
            return Some((open, i));
        }
        between += 1;
    }
    None
}

/// Publisher and date after a title: "Long War Journal, November 1, 2015" or "April 7, 2017".
fn publisher_and_date(post: &str) -> (Option<String>, Option<FuzzyDate>) {
    if post.is_empty() {
        return (None, None);
    }
    match dates::first(post) {
        Some(m) => {
            let before = trim_seps(&post[..m.span.start]);
            (first_segment(before), Some(m.date))
        }
        None => (first_segment(post), None),
    }
}

fn first_segment(s: &str) -> Option<String> {
    non_empty(trim_seps(s.split(',').next().unwrap_or("")))
}

/// `Author, Title (City, Country: Publisher, Year), pages.`
fn book(body: &str, w: &Words) -> Option<Work> {
    let open = body.rfind('(')?;
    let close = open + body[open..].find(')')?;
    let inner = &body[open + 1..close];
    let date_m = dates::find(inner).into_iter().next_back()?;
    let before_date = trim_seps(&inner[..date_m.span.start]);
    let publisher = match before_date.rsplit_once(':') {
        Some((_, p)) => non_empty(trim_seps(p)),
        None if classify(before_date, w) == NameKind::Organisation => non_empty(before_date),
        None => return None,
    };
    let head = trim_seps(&body[..open]);
    let (author, title) = split_author_title(head, w);
    Some(Work {
        author,
        title,
        publisher,
        date: Some(date_m.date),
        url: None,
    })
}

/// "Jane Roe, Jihad in the Horn" → ("Jane Roe", "Jihad in the Horn").
fn split_author_title(head: &str, w: &Words) -> (Option<String>, Option<String>) {
    let Some((first, rest)) = head.split_once(", ") else {
        return (None, non_empty(head));
    };
    if classify(first, w) == NameKind::Person {
        (non_empty(first), non_empty(rest))
    } else {
        (None, non_empty(head))
    }
}

/// A work without a quoted title or a book's parentheses: "Reuters, June 3, 2022", "Jane Roe,
/// Field notes, Horn Institute, 2020".
fn unquoted(body: &str, w: &Words) -> Work {
    let date = dates::first(body);
    let before = match &date {
        Some(m) => trim_seps(&body[..m.span.start]),
        None => body,
    };
    let mut segs: Vec<&str> = before
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut work = Work {
        date: date.map(|m| m.date),
        ..Work::default()
    };
    if segs.is_empty() {
        return work;
    }
    if classify(segs[0], w) == NameKind::Person {
        work.author = non_empty(segs.remove(0));
    }
    if let Some(last) = segs.last()
        && classify(last, w) == NameKind::Organisation
    {
        work.publisher = non_empty(last);
        segs.pop();
    }
    if segs.iter().any(|s| s.chars().any(char::is_alphabetic)) {
        work.title = non_empty(&segs.join(", "));
    }
    work
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<FuzzyDate> {
        Some(s.parse().unwrap())
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn author_title_publisher_date_url() {
        let w = parse_work(
            "Amina Yusuf, \"Al-Shabaab's new emir,\" Horn Observer, Febraury 3, 2021, https://ho.example/a.",
        );
        assert_eq!(
            w,
            Work {
                author: some("Amina Yusuf"),
                title: some("Al-Shabaab's new emir"),
                publisher: some("Horn Observer"),
                date: d("2021-02-03"),
                url: some("https://ho.example/a"),
            }
        );
    }

    #[test]
    fn organisation_before_the_title_is_the_publisher() {
        let w = parse_work(
            "Horn Monitoring Group, \"Weekly report 12,\" 3 March 2022, available by subscription at www.hmg.example",
        );
        assert_eq!(w.publisher, some("Horn Monitoring Group"));
        assert_eq!(w.author, None);
        assert_eq!(w.title, some("Weekly report 12"));
        assert_eq!(w.date, d("2022-03-03"));
        assert_eq!(w.url, some("www.hmg.example"));
    }

    #[test]
    fn person_before_the_title_without_publisher_is_the_author() {
        let w =
            parse_work("Omar Farah, \"A letter from Kismayo,\" 2019-11-02, https://x.example/l");
        assert_eq!(w.author, some("Omar Farah"));
        assert_eq!(w.publisher, None);
        assert_eq!(w.date, d("2019-11-02"));
    }

    #[test]
    fn title_first_and_no_date() {
        let w =
            parse_work("\"Country Report 2019,\" U.S. Department of State, https://s.example/#X.");
        assert_eq!(w.title, some("Country Report 2019"));
        assert_eq!(w.publisher, some("U.S. Department of State"));
        assert_eq!(w.date, None);
        assert_eq!(w.url, some("https://s.example/#X"));
    }

    #[test]
    fn nested_quotes_and_question_marks_stay_in_the_title() {
        let w = parse_work(
            "\"Al-Shabaab's \"Jubaland Plan\" worries Nairobi, Mogadishu,\" Coast Post, May 2, 2020, https://c.example",
        );
        assert_eq!(
            w.title,
            some("Al-Shabaab's \"Jubaland Plan\" worries Nairobi, Mogadishu")
        );
        assert_eq!(w.publisher, some("Coast Post"));
        let w = parse_work(
            "Ann Lee, \"Who leads al-Shabaab?,\" Newsweek,  June 29, 2016, https://n.example",
        );
        assert_eq!(w.title, some("Who leads al-Shabaab?"));
        assert_eq!(w.publisher, some("Newsweek"));
    }

    #[test]
    fn books() {
        let w = parse_work(
            "Jane Roe, Jihad in the Horn: Clans and Courts (Nairobi, Kenya: Lake Press, 2019), 12, 14, and 30.",
        );
        assert_eq!(
            w,
            Work {
                author: some("Jane Roe"),
                title: some("Jihad in the Horn: Clans and Courts"),
                publisher: some("Lake Press"),
                date: d("2019"),
                url: None,
            }
        );
    }

    #[test]
    fn unquoted_works() {
        let w = parse_work("Reuters, June 3, 2022, https://r.example/x");
        assert_eq!(w.publisher, some("Reuters"));
        assert_eq!(w.date, d("2022-06-03"));
        let w = parse_work("https://only.example/page");
        assert_eq!(w.url, some("https://only.example/page"));
        assert_eq!(
            (w.author, w.title, w.publisher, w.date),
            (None, None, None, None)
        );
    }

    #[test]
    fn names() {
        let w = words();
        for (name, kind) in [
            ("Malek Bachir", NameKind::Person),
            ("Edith M. Lederer", NameKind::Person),
            ("Thomas Joscelyn and Caleb Weiss", NameKind::Person),
            (
                "Norimitsu Onishi, Ruth Maclean and Aurelien Breeden",
                NameKind::Person,
            ),
            ("Abu Bakr al-Baghdadi", NameKind::Person),
            ("SITE Intelligence Group", NameKind::Organisation),
            ("Voice of America", NameKind::Organisation),
            ("France 24", NameKind::Organisation),
            ("Reuters", NameKind::Organisation),
            ("Agence France-Presse", NameKind::Organisation),
            ("U.S. Department of State", NameKind::Organisation),
            ("the group said", NameKind::Other),
            ("In a statement on March 3", NameKind::Other),
            ("", NameKind::Other),
        ] {
            assert_eq!(classify(name, w), kind, "{name}");
        }
    }

    #[test]
    fn splitting_works() {
        let s = "A B, \"T; one,\" P, May 2, 2020, https://a.example; \"T2,\" Q, 2021; C D, \"T3,\" R, https://c.example.";
        let parts: Vec<&str> = split_works(s).iter().map(|sp| sp.slice(s)).collect();
        assert_eq!(
            parts,
            vec![
                "A B, \"T; one,\" P, May 2, 2020, https://a.example",
                "\"T2,\" Q, 2021",
                "C D, \"T3,\" R, https://c.example"
            ]
        );
        // A semicolon that does not end a work does not split.
        let s = "Jane Roe, Notes; a diary (Lake Press, 2019).";
        assert_eq!(split_works(s).len(), 1);
    }

    #[test]
    fn urls_end_before_closing_punctuation() {
        let w = words();
        let s = "see (https://a.example/x_(y)), then https://b.example/p.php.\"Next";
        let a = find_url(s, 0, w).unwrap();
        assert_eq!(a.span.slice(s), "https://a.example/x_(y)");
        let b = find_url(s, a.span.end, w).unwrap();
        assert_eq!(b.span.slice(s), "https://b.example/p.php");
        assert_eq!(find_url("nowww.example", 0, w), None);
        // A URL ends at any whitespace, a no-break or thin space included.
        let s = "at https://c.example/a\u{a0}b and HTTPS://d.example/q\u{2009}c";
        let c = find_url(s, 0, w).unwrap();
        assert_eq!(c.span.slice(s), "https://c.example/a");
        let d = find_url(s, c.span.end, w).unwrap();
        assert_eq!(d.span.slice(s), "HTTPS://d.example/q");
    }

    #[test]
    fn url_candidates_find_what_the_plain_scan_finds() {
        let w = words();
        for s in [
            "see (https://a.example/x_(y)), then https://b.example/p.php.\"Next",
            "WWW.A.example and xhttps://no.example, \"http://q.example\" www.",
            "nowww.example https:// http://a wWw.b.example/é https://é.example/x",
            "",
            "h w H W https",
        ] {
            let candidates = url_candidates(s, w);
            let mut from = 0;
            loop {
                let plain = find_url(s, from, w);
                assert_eq!(
                    find_url_among(s, from, w, &candidates),
                    plain,
                    "{s:?} from {from}"
                );
                match plain {
                    Some(hit) => from = hit.span.end.max(hit.span.start + 1),
                    None => break,
                }
            }
        }
    }

    #[test]
    fn hostile_works_do_not_panic() {
        for s in [
            "",
            "\"",
            "\"\"\"",
            "(",
            ")(",
            ", , ;",
            "\u{FFFD}\"é\"",
            "(:, 2020)",
        ] {
            let _ = parse_work(s);
            let _ = split_works(s);
        }
        let long = "\"a,\" ".repeat(10_000);
        let _ = parse_work(&long);
    }
}
