//! Deterministic synthetic names for screening tests and the speed benchmark: people of the
//! Sahel and the Arab world (given names, particles, family names), people with other names, and
//! armed groups, parties and companies, drawn from small lists of parts (written for this
//! purpose) and from generated family names, with a skewed distribution like real lists (a few
//! given names are very common).
//!
//! ```text
//! Synth::new(7).take(4)  ─►  ("Mohamed ag Intalla", person), ("Katibat al-Tadoumat", organization),
//!                            ("Fatoumata Diarra Sissoko", person), ("Hamidou ould Bekkaye", person)
//! ```

pub const GIVEN: &[&str] = &[
    "Mohamed",
    "Ahmed",
    "Ali",
    "Amadou",
    "Moussa",
    "Ibrahim",
    "Oumar",
    "Abdoulaye",
    "Hamadoun",
    "Boubacar",
    "Mamadou",
    "Sidi",
    "Hassan",
    "Hussein",
    "Youssouf",
    "Souleymane",
    "Ismail",
    "Idrissa",
    "Abdelkader",
    "Abdelaziz",
    "Abdallah",
    "Abderrahmane",
    "Mokhtar",
    "Hamza",
    "Bilal",
    "Khalid",
    "Omar",
    "Othmane",
    "Salah",
    "Karim",
    "Rachid",
    "Nasser",
    "Yahya",
    "Zakaria",
    "Adnan",
    "Walid",
    "Tarek",
    "Samir",
    "Jamal",
    "Djamel",
    "Mustapha",
    "Seydou",
    "Issa",
    "Aliou",
    "Alhassane",
    "Alassane",
    "Cheick",
    "Mahamadou",
    "Hama",
    "Bakary",
    "Lassana",
    "Modibo",
    "Tiemoko",
    "Sekou",
    "Fousseyni",
    "Drissa",
    "Fatoumata",
    "Aminata",
    "Mariam",
    "Aissata",
    "Kadiatou",
    "Hawa",
    "Oumou",
    "Rokia",
    "Salimata",
    "Nana",
    "Zeinab",
    "Khadija",
    "Aicha",
    "Fatima",
    "Halima",
    "Mohammed",
    "Muhammad",
    "Ahmad",
    "Yusuf",
    "Sulayman",
    "Ibrahima",
    "Abubakar",
    "Usman",
    "Musa",
    "Bashir",
    "Nasir",
    "Idris",
    "Hamid",
    "Mahmoud",
    "Said",
    "Saleh",
    "Faisal",
    "Anwar",
    "Ayman",
    "Iyad",
    "Alghabass",
    "Intalla",
    "Bilal",
    "Houka",
    "Sanda",
    "Malick",
    "Ousmane",
    "Habib",
    "Tidiane",
    "Baba",
    "Mahmadou",
    "Hamadi",
    "Ilyas",
    "Younes",
    "Reda",
    "Mehdi",
    "Nabil",
];

pub const OTHER_GIVEN: &[&str] = &[
    "John", "Peter", "Michael", "Anna", "Maria", "Jean", "Pierre", "Luc", "Viktor", "Dmitri",
    "Sergei", "Olga", "Chen", "Wei", "Hiroshi", "Kim", "Lee", "Carlos", "Jose", "Luis", "Ana",
    "Samuel", "David", "Daniel", "Joseph", "Grace", "Esther", "Paul", "Charles", "Emmanuel",
];

pub const PARTICLES: &[&str] = &["ag", "ould", "ben", "bin", "ibn", "abu", "al"];

pub const FAMILY: &[&str] = &[
    "Traore",
    "Diallo",
    "Keita",
    "Coulibaly",
    "Toure",
    "Diarra",
    "Sissoko",
    "Cisse",
    "Maiga",
    "Konate",
    "Sangare",
    "Dembele",
    "Kone",
    "Kante",
    "Sidibe",
    "Ba",
    "Sow",
    "Barry",
    "Bah",
    "Tall",
    "Dicko",
    "Cisse",
    "Haidara",
    "Tandina",
    "Dia",
    "Guindo",
    "Poudiougou",
    "Sawadogo",
    "Ouedraogo",
    "Zongo",
    "Kabore",
    "Compaore",
    "Ghaly",
    "Intalla",
    "Najim",
    "Bekkaye",
    "Attaher",
    "Alhousseini",
    "Ansari",
    "Sahrawi",
    "Masri",
    "Tunisi",
    "Libi",
    "Baghdadi",
    "Hashimi",
    "Qurashi",
    "Zawahiri",
    "Shishani",
    "Belmokhtar",
    "Droukdel",
    "Abdelaziz",
];

pub const ORG_HEADS: &[&str] = &[
    "Katibat",
    "Jamaat",
    "Harakat",
    "Ansar",
    "Liwa",
    "Saraya",
    "Jaish",
    "Front",
    "Movement",
    "Brigade",
    "Coalition",
    "Union",
    "Council",
    "Alliance",
    "Battalion",
    "Company",
    "Trading",
];

pub const ORG_WORDS: &[&str] = &[
    "Islam",
    "Sunna",
    "Tawhid",
    "Jihad",
    "Sharia",
    "Macina",
    "Azawad",
    "Sahel",
    "Liberation",
    "Salvation",
    "Defence",
    "Unity",
    "Justice",
    "Reform",
    "Resistance",
    "Furqan",
    "Mourabitoun",
    "Muslimin",
    "Mujahidin",
    "Ansar",
    "Nusra",
    "Khalifa",
    "Rimal",
    "Tadamun",
    "Hijra",
    "Sahara",
    "Niger",
    "Liptako",
    "Gourma",
    "Tessalit",
    "Kidal",
    "Gao",
    "Menaka",
    "Timbuktu",
    "Mopti",
];

/// splitmix64: a small, well-mixed, deterministic generator.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Skewed towards the start of a list: index ⌊n·u²⌋.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64 * u * u) as usize).min(n.saturating_sub(1))
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const ONSETS: &[&str] = &[
    "b", "d", "dj", "f", "g", "gh", "h", "k", "kh", "l", "m", "n", "r", "s", "sh", "t", "w", "y",
    "z", "", "",
];
const NUCLEI: &[&str] = &["a", "i", "ou", "e", "o", "a", "ai"];
const CODAS: &[&str] = &["", "", "", "n", "r", "l", "m", "t", "k", "d"];

/// A generated family name of 2 or 3 syllables ("Tandoura", "Ghalimet").
pub fn family_name(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(rng.pick(ONSETS));
        s.push_str(rng.pick(NUCLEI));
        s.push_str(rng.pick(CODAS));
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// The kind of a synthetic name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Person,
    Organization,
}

/// An endless, deterministic stream of names.
pub struct Synth {
    rng: Rng,
    families: Vec<String>,
}

impl Synth {
    /// `families` generated family names beside the listed ones (the vocabulary grows with it).
    pub fn new(seed: u64, families: usize) -> Synth {
        let mut rng = Rng::new(seed);
        let mut list: Vec<String> = FAMILY.iter().map(|s| s.to_string()).collect();
        while list.len() < families {
            list.push(family_name(&mut rng));
        }
        Synth {
            rng,
            families: list,
        }
    }

    fn family(&mut self) -> String {
        let i = self.rng.skewed(self.families.len());
        self.families[i].clone()
    }

    pub fn next_name(&mut self) -> (String, Kind) {
        let r = &mut self.rng;
        let roll = r.below(100);
        if roll < 80 {
            let mut parts: Vec<String> = vec![GIVEN[r.skewed(GIVEN.len())].to_string()];
            if r.chance(40) {
                parts.push(GIVEN[r.below(GIVEN.len())].to_string());
            }
            if r.chance(35) {
                let p = r.pick(PARTICLES);
                if p == "al" {
                    let f = self.family();
                    parts.push(format!("al-{f}"));
                } else {
                    parts.push(p.to_string());
                    parts.push(self.family());
                }
            } else {
                parts.push(self.family());
            }
            if self.rng.chance(20) {
                parts.push(self.family());
            }
            (parts.join(" "), Kind::Person)
        } else if roll < 88 {
            let g = self.rng.pick(OTHER_GIVEN);
            let f = self.family();
            (format!("{g} {f}"), Kind::Person)
        } else {
            let head = self.rng.pick(ORG_HEADS);
            let a = self.rng.pick(ORG_WORDS);
            let name = match self.rng.below(4) {
                0 => format!("{head} al-{a}"),
                1 => format!("{head} {a} {}", self.rng.pick(ORG_WORDS)),
                2 => format!("{head} for the {a} of {}", self.family()),
                _ => format!("{} {head} {a}", self.family()),
            };
            (name, Kind::Organization)
        }
    }
}
