//! Deterministic synthetic reports for benchmarks.
//!
//! ```text
//! corpus(seed 7, 100 MB) ─► ("synthetic-00000.txt", "Weekly Sahel Brief 1\n\n…[1]…"), …
//! ```
//!
//! The text reads like the reports dossier ingests: paragraphs of sentences about armed groups,
//! places and dates, footnote markers with a trailing footnote list, inline citations glued to
//! sentence ends, abbreviations ("U.S.", "Gen.") and foreign-link asterisks. The same seed always
//! gives the same bytes, so runs compare.

pub mod import;
pub mod kb_scale;

/// SplitMix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const GROUPS: &[&str] = &[
    "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
    "the Islamic State Sahel Province",
    "al-Shabaab",
    "Islamic State West Africa Province (ISWAP)",
    "Boko Haram",
    "Hayat Tahrir al-Sham",
    "the Katiba Macina",
    "Ansarul Islam",
    "the Wagner Group",
    "the Malian Armed Forces (FAMa)",
    "the Somali National Army",
    "the African Union Transition Mission in Somalia (ATMIS)",
];
const PEOPLE: &[&str] = &[
    "Iyad ag Ghali",
    "Amadou Koufa",
    "Abu Ubaidah Ahmad Umar",
    "Abu Musab al-Barnawi",
    "Gen. Assimi Goita",
    "Col. Abdoulaye Maiga",
    "Abou Mohamed al-Joulani",
    "Ahmed Diriye",
];
const PLACES: &[&str] = &[
    "Menaka",
    "Gao",
    "Kidal",
    "Timbuktu",
    "Mopti",
    "Segou",
    "Djibo",
    "Ouahigouya",
    "Maiduguri",
    "Baga",
    "Mogadishu",
    "Kismayo",
    "Beledweyne",
    "Idlib",
    "Tillaberi",
    "Diffa",
];
const VERBS: &[&str] = &[
    "attacked a military post near",
    "claimed an ambush on a convoy outside",
    "expanded its operations around",
    "negotiated a local truce with elders in",
    "abducted several civilians from villages around",
    "clashed with rival militants north of",
    "imposed a blockade on",
    "withdrew its fighters from",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const OUTLETS: &[&str] = &[
    "Long War Journal",
    "Reuters",
    "Agence France-Presse",
    "Voice of America",
    "BBC News",
    "Al Jazeera",
    "U.S. Department of State",
    "United Nations Security Council",
];
const ASSESS: &[&str] = &[
    "The group will likely continue to exploit the security vacuum.",
    "Local militias would likely resist further incursions.",
    "It is unlikely that the government will regain control in the short term.",
    "The U.S. and its partners may reduce their presence.",
];

/// One synthetic report of roughly `target` bytes.
pub fn report(rng: &mut Rng, n: usize, target: usize) -> String {
    let mut s = String::with_capacity(target + 2048);
    s.push_str(&format!(
        "Weekly Conflict Brief {n}: {}\n\n",
        rng.pick(PLACES)
    ));
    let mut notes = Vec::new();
    while s.len() < target {
        let sentences = 3 + rng.below(5);
        for _ in 0..sentences {
            let year = 2012 + rng.below(12);
            let month = rng.pick(MONTHS);
            match rng.below(6) {
                0 => s.push_str(&format!(
                    "{} reportedly met {} in {} in {} {}.",
                    rng.pick(PEOPLE),
                    rng.pick(PEOPLE),
                    rng.pick(PLACES),
                    month,
                    year
                )),
                1 => s.push_str(rng.pick(ASSESS)),
                2 => s.push_str(&format!(
                    "On {} {}, {}, {} *{} {}.",
                    month,
                    1 + rng.below(28),
                    year,
                    rng.pick(GROUPS),
                    rng.pick(VERBS),
                    rng.pick(PLACES)
                )),
                _ => s.push_str(&format!(
                    "{} {} {} in {}.",
                    capitalize(rng.pick(GROUPS)),
                    rng.pick(VERBS),
                    rng.pick(PLACES),
                    year
                )),
            }
            if rng.below(5) == 0 {
                notes.push(format!(
                    "{}, \"{} activity near {},\" {} {}, {}, https://example.org/{}/{}",
                    rng.pick(OUTLETS),
                    rng.pick(PLACES),
                    rng.pick(PLACES),
                    rng.pick(MONTHS),
                    1 + rng.below(28),
                    2012 + rng.below(12),
                    n,
                    notes.len()
                ));
                s.push_str(&format!("[{}]", notes.len()));
            } else if rng.below(6) == 0 {
                s.push_str(&format!(
                    "\"{} Update,\" {}, {} {}, {}, https://example.com/news/{}.",
                    rng.pick(PLACES),
                    rng.pick(OUTLETS),
                    rng.pick(MONTHS),
                    1 + rng.below(28),
                    2012 + rng.below(12),
                    rng.next_u64() % 100_000
                ));
            }
            s.push(' ');
        }
        s.pop();
        s.push_str("\n\n");
    }
    for (i, note) in notes.iter().enumerate() {
        s.push_str(&format!("[{}] {note}\n\n", i + 1));
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A corpus of about `total` bytes in reports of about `each` bytes, named in order.
pub fn corpus(seed: u64, total: usize, each: usize) -> impl Iterator<Item = (String, String)> {
    let mut rng = Rng::new(seed);
    let mut made = 0usize;
    let mut n = 0usize;
    std::iter::from_fn(move || {
        if made >= total {
            return None;
        }
        let text = report(&mut rng, n, each);
        made += text.len();
        n += 1;
        Some((format!("synthetic-{:05}.txt", n - 1), text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corpus_is_deterministic_and_sized() {
        let a: Vec<_> = corpus(7, 200_000, 20_000).collect();
        let b: Vec<_> = corpus(7, 200_000, 20_000).collect();
        assert_eq!(a, b);
        let total: usize = a.iter().map(|(_, t)| t.len()).sum();
        assert!((200_000..260_000).contains(&total), "{total}");
        assert!(a[0].1.contains("[1] "));
    }
}
