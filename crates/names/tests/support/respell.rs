//! Respellings generated from the rules themselves: each letter-variant rule of
//! `data/names.toml` run backwards (g ─► gh, i ─► y, u ─► ou, a single letter doubled, a mute
//! final e added…), the article written another way, the name upper-cased or written
//! "Surname, Given", and a rendering in Arabic script from the inverse of the Arabic table.
//!
//! ```text
//! respellings("Amadou Koufa")  ─►  ["Amadou Kouffa" (double letters), "Amadou Koufah" (final h),
//!                                   "Amadu Koufa" (ou/u), "AMADOU KOUFA", "Koufa, Amadou", …]
//! arabic("Iyad ag Ghali")      ─►  "إياد أغ غالي"
//! ```

use dossier_names::{Rules, VariantRule};

/// The respelling generator, built from the rules.
pub struct Respeller {
    rules: &'static Rules,
    variants: Vec<VariantRule<'static>>,
    /// Latin spelling ─► Arabic letter, longest spelling first.
    to_arabic: Vec<(String, char)>,
}

/// A generated query: the text and how it was made.
#[derive(Debug, Clone)]
pub struct Respelling {
    pub text: String,
    pub how: String,
}

impl Respeller {
    /// From the embedded `data/names.toml`.
    pub fn standard() -> Respeller {
        let rules = Rules::standard();
        let mut to_arabic: Vec<(String, char)> = Vec::new();
        for (c, latin) in rules.arabic_letters() {
            // The plainest letter for each spelling: the first in code-point order wins.
            if !latin.is_empty() && !to_arabic.iter().any(|(l, _)| l == latin) {
                to_arabic.push((latin.to_string(), c));
            }
        }
        to_arabic.sort_by_key(|(l, _)| std::cmp::Reverse(l.len()));
        Respeller {
            rules,
            variants: rules.variant_rules(),
            to_arabic,
        }
    }

    fn is_vowel(&self, b: u8) -> bool {
        self.rules.is_vowel_letter(b)
    }

    /// One rule run backwards on one lower-case ASCII word, at its first possible place.
    fn backwards(&self, rule: &VariantRule<'_>, w: &[u8]) -> Option<Vec<u8>> {
        if rule.double {
            let i = (1..w.len()).find(|&i| {
                w[i].is_ascii_alphabetic()
                    && !self.is_vowel(w[i])
                    && w[i - 1] != w[i]
                    && w.get(i + 1) != Some(&w[i])
                    && i + 1 < w.len()
            })?;
            let mut out = w[..=i].to_vec();
            out.extend_from_slice(&w[i..]);
            return Some(out);
        }
        let (from, to) = (rule.from.as_bytes(), rule.to.as_bytes());
        let prev_ok = |i: usize| match rule.after_vowel {
            None => true,
            Some(vowel) => i
                .checked_sub(1)
                .and_then(|p| w.get(p))
                .is_some_and(|&p| p.is_ascii_alphabetic() && (self.is_vowel(p) == vowel)),
        };
        if to.is_empty() {
            // A deleted ending comes back.
            if !rule.at_end || !prev_ok(w.len()) {
                return None;
            }
            let mut out = w.to_vec();
            out.extend_from_slice(from);
            return Some(out);
        }
        let i = (0..=w.len().saturating_sub(to.len())).find(|&i| {
            w[i..].starts_with(to)
                // Not where the word already has the other spelling (the g of "gh").
                && !w[i..].starts_with(from)
                && !(i > 0 && w[i - 1..].starts_with(from))
                && (!rule.at_start || i == 0)
                && (!rule.at_end || i + to.len() == w.len())
                && prev_ok(i)
                && !w
                    .get(i + to.len())
                    .is_some_and(|n| rule.not_before.as_bytes().contains(n))
        })?;
        let mut out = w[..i].to_vec();
        out.extend_from_slice(from);
        out.extend_from_slice(&w[i + to.len()..]);
        Some(out)
    }

    /// Every respelling of `name` this generator makes, each different from the name.
    pub fn respellings(&self, name: &str, person: bool) -> Vec<Respelling> {
        let words: Vec<&str> = name.split_whitespace().collect();
        let mut out: Vec<Respelling> = Vec::new();
        let push = |text: String, how: &str, out: &mut Vec<Respelling>| {
            if text != name && !out.iter().any(|r| r.text == text) {
                out.push(Respelling {
                    text,
                    how: how.to_string(),
                });
            }
        };
        for rule in &self.variants {
            for (k, word) in words.iter().enumerate() {
                if !word.is_ascii()
                    || word.len() < 3
                    || word.bytes().all(|b| b.is_ascii_uppercase())
                {
                    continue;
                }
                let lower = word.to_ascii_lowercase();
                let Some(new) = self.backwards(rule, lower.as_bytes()) else {
                    continue;
                };
                let Ok(mut new) = String::from_utf8(new) else {
                    continue;
                };
                if word.starts_with(|c: char| c.is_ascii_uppercase()) {
                    new[..1].make_ascii_uppercase();
                }
                let mut ws: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                ws[k] = new;
                push(ws.join(" "), rule.label, &mut out);
                break;
            }
        }
        // The article spelled another way, or written apart from its word.
        for (k, word) in words.iter().enumerate() {
            let lower = word.to_ascii_lowercase();
            let articles = self.rules.articles();
            for a in articles {
                if let Some(rest) = lower.strip_prefix(&format!("{a}-")) {
                    let other = articles
                        .iter()
                        .find(|b| *b != a)
                        .map_or("al", |b| b.as_str());
                    let mut ws: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                    ws[k] = format!("{other} {rest}");
                    push(ws.join(" "), "article", &mut out);
                }
            }
        }
        push(name.to_uppercase(), "upper case", &mut out);
        if person && words.len() >= 2 {
            let last = words[words.len() - 1];
            push(
                format!(
                    "{}, {}",
                    last.to_uppercase(),
                    words[..words.len() - 1].join(" ")
                ),
                "surname first",
                &mut out,
            );
        }
        out
    }

    /// The name in Arabic script, from the inverse of the transliteration table: short vowels
    /// inside a word left unwritten, as Arabic script does. None for names with other scripts.
    pub fn arabic(&self, name: &str) -> Option<String> {
        if !name.is_ascii() {
            return None;
        }
        let mut words = Vec::new();
        for word in name.split(|c: char| c.is_whitespace() || c == '-') {
            let w: String = word
                .chars()
                .filter(|c| c.is_ascii_alphabetic())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if w.is_empty() {
                continue;
            }
            let b = w.as_bytes();
            let mut out = String::new();
            let mut i = 0;
            while i < b.len() {
                let first = i == 0;
                let c = b[i];
                if self.is_vowel(c) {
                    let long = b.get(i + 1).is_some_and(|&n| self.is_vowel(n));
                    let last = i + 1 == b.len();
                    if first {
                        out.push(if c == b'i' || c == b'e' { 'إ' } else { 'أ' });
                    } else {
                        // a, i and u are written as the long vowels; e and o, mostly short
                        // vowels of French and English spellings, only when long or last.
                        match c {
                            b'a' => out.push('ا'),
                            b'i' => out.push('ي'),
                            b'u' => out.push('و'),
                            b'o' if long || last => out.push('و'),
                            _ if long || last => out.push('ي'),
                            _ => {}
                        }
                    }
                    i += if long { 2 } else { 1 };
                    continue;
                }
                match self
                    .to_arabic
                    .iter()
                    .find(|(l, _)| w[i..].starts_with(l.as_str()))
                {
                    Some((l, a)) => {
                        out.push(*a);
                        i += l.len();
                    }
                    None => {
                        // Letters Arabic lacks: the nearest one.
                        out.push(match c {
                            b'c' | b'k' => 'ك',
                            b'p' => 'ب',
                            b'v' => 'ف',
                            b'g' => 'غ',
                            b'x' => 'ك',
                            _ => 'ي',
                        });
                        i += 1;
                    }
                }
            }
            words.push(out);
        }
        (!words.is_empty()).then(|| words.join(" "))
    }
}
