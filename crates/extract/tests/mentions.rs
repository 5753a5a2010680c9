//! One test per rule family of the mention finder and the clustering, and hostile input.
//!
//! ```text
//! found("AQIM leader Abdelmalek Droukdel met French forces in northern Mali.")
//!   ─► [("AQIM", organization), ("Abdelmalek Droukdel", person), ("French forces", organization),
//!       ("northern Mali", location)]
//! ```

use std::time::Instant;

use dossier_extract::{Context, EntityKind, Extraction, KnownName, KnownNames, extract};
use dossier_geo::Gazetteer;
use dossier_model::Vocabulary;
use dossier_text::{Format, analyze, load};

fn run(text: &str, known: &KnownNames) -> Extraction {
    let doc = load(text.as_bytes(), Format::Text).unwrap();
    let analysis = analyze(&doc);
    let vocab = Vocabulary::builtin().unwrap();
    let ctx = Context::new(&vocab, Gazetteer::builtin(), known).with_original(text.as_bytes());
    extract(&doc, &analysis, &ctx)
}

fn found(text: &str) -> Vec<(String, &'static str)> {
    run(text, &KnownNames::default())
        .mentions
        .into_iter()
        .map(|m| (m.text, m.kind.as_str()))
        .collect()
}

fn m(t: &str, k: &'static str) -> (String, &'static str) {
    (t.to_string(), k)
}

/// Each entity as "name: alias, alias".
fn entities(text: &str) -> Vec<String> {
    run(text, &KnownNames::default())
        .entities
        .into_iter()
        .map(|e| format!("{} {}: {}", e.kind.as_str(), e.name, e.aliases.join(", ")))
        .collect()
}

#[test]
fn gazetteer_places_demonyms_and_directions() {
    assert_eq!(
        found("Fighting spread from Gao to Timbuktu and northern Mali, near the Nigerien border."),
        vec![
            m("Gao", "location"),
            m("Timbuktu", "location"),
            m("northern Mali", "location"),
        ]
    );
    // Homonyms follow the document's countries: this Gao is in Burkina Faso.
    let x = run(
        "Burkina Faso's army moved to Gao. Burkinabè troops held it.",
        &KnownNames::default(),
    );
    let gao = x.mentions.iter().find(|m| m.text == "Gao").unwrap();
    assert_eq!(gao.place.as_ref().map(|p| p.country.as_str()), Some("BF"));
}

#[test]
fn country_adjectives_before_institutions() {
    assert_eq!(
        entities(
            "The Malian junta hired mercenaries. The Malian government denied it; French troops and French forces left. Malian authorities said nothing."
        ),
        vec![
            "organization Malian government: Malian junta, Malian government",
            "organization French troops: French troops, French forces",
        ]
    );
}

#[test]
fn knowledge_base_names_are_found_folded() {
    let known = KnownNames::new(vec![KnownName {
        name: "Jama\u{2019}at Nusrat al-Islam wal-Muslimin".to_string(),
        entity_type: EntityKind::Organization,
        entity: Some("e17".to_string()),
    }]);
    let x = run(
        "Fighters of JAMA'AT NUSRAT AL ISLAM WAL MUSLIMIN attacked.",
        &known,
    );
    assert_eq!(x.mentions.len(), 1);
    assert_eq!(x.mentions[0].text, "JAMA'AT NUSRAT AL ISLAM WAL MUSLIMIN");
    assert_eq!(x.entities[0].known.as_deref(), Some("e17"));
}

#[test]
fn organisation_cues_particles_and_acronyms() {
    assert_eq!(
        found(
            "The Movement for Oneness and Jihad in West Africa (MUJAO) joined al-Murabitoun and the Macina Liberation Front, not the JNIM-linked cells."
        ),
        vec![
            m(
                "Movement for Oneness and Jihad in West Africa",
                "organization"
            ),
            m("MUJAO", "organization"),
            m("al-Murabitoun", "organization"),
            m("Macina Liberation Front", "organization"),
            m("JNIM", "organization"),
        ]
    );
    // A lower-case definition makes an acronym a common noun.
    assert_eq!(
        found("They used a vehicle-borne improvised explosive device (VBIED) in Gao."),
        vec![m("Gao", "location")]
    );
}

#[test]
fn person_cues_titles_roles_and_speech() {
    assert_eq!(
        found(
            "Former Malian President Amadou Toumani Touré met AQIM leader Abdelmalek Droukdel and Haibatullah Akhundzada, the Taliban's overall leader. Moctar Ouane said no."
        ),
        vec![
            m("Amadou Toumani Touré", "person"),
            m("AQIM", "organization"),
            m("Abdelmalek Droukdel", "person"),
            m("Haibatullah Akhundzada", "person"),
            m("Taliban", "organization"),
            m("Moctar Ouane", "person"),
        ]
    );
}

#[test]
fn sentence_starts_and_possessives() {
    assert_eq!(
        found(
            "Several Daoussak leaders met. Reportedly, JNIM\u{2019}s emir, Iyad ag Ghali, came. Ag Ghali spoke."
        ),
        vec![
            m("JNIM", "organization"),
            m("Iyad ag Ghali", "person"),
            m("Ag Ghali", "person"),
        ]
    );
}

#[test]
fn aliases_within_a_document() {
    assert_eq!(
        entities(
            "Members of the Islamic State\u{2019}s Sahel Province\u{2014}also known as the Islamic State in the Greater Sahara (ISGS)\u{2014}gathered. ISGS attacked. The Wagner Group arrived; Wagner\u{2019}s men left. The State Department and the U.S. Department of State agreed. Katibat Macina is the Macina Liberation Front."
        ),
        vec![
            "organization Islamic State: Islamic State",
            "organization Islamic State in the Greater Sahara: Islamic State\u{2019}s Sahel Province, Islamic State in the Greater Sahara, ISGS",
            "location Sahel: Sahel",
            "organization Wagner Group: Wagner Group, Wagner",
            "organization U.S. Department of State: State Department, U.S. Department of State",
            "organization Macina Liberation Front: Katibat Macina, Macina Liberation Front",
        ]
    );
}

#[test]
fn short_forms_and_citation_titles() {
    let text = "Iyad Ag Ghaly leads the group. Ghaly founded Ansar al-Dine (AAD) in 2011.\u{201C}IYAD AG GHALI,\u{201D} United Nations Security Council, February 25, 2013, https://www.un.org/x. AAD grew.";
    let x = run(text, &KnownNames::default());
    let ghaly = x
        .entities
        .iter()
        .find(|e| e.kind == EntityKind::Person)
        .unwrap();
    assert_eq!(
        ghaly.aliases,
        vec!["Iyad Ag Ghaly", "Ghaly", "IYAD AG GHALI"]
    );
}

#[test]
fn an_article_surname_is_the_person_the_document_names() {
    // "al-Barnawi" alone has the shape of "al-Qaeda"; here it is Abu Musab al-Barnawi.
    assert_eq!(
        entities(
            "Abu Musab al-Barnawi became ISWAP's governor in 2016. In 2019 al-Barnawi was removed. Al-Qaeda did not comment."
        ),
        vec![
            "person Abu Musab al-Barnawi: Abu Musab al-Barnawi, al-Barnawi",
            "organization ISWAP: ISWAP",
            "organization Al-Qaeda: Al-Qaeda",
        ]
    );
}

#[test]
fn words_around_an_unknown_name_make_it_an_organisation() {
    assert_eq!(
        entities("In 2002 Mohammed Yusuf led Boko Haram in Maiduguri, Nigeria."),
        vec![
            "person Mohammed Yusuf: Mohammed Yusuf",
            "organization Boko Haram: Boko Haram",
            "location Maiduguri: Maiduguri",
            "location Nigeria: Nigeria",
        ]
    );
}

#[test]
fn places_after_a_locative_and_its_article_and_languages_that_are_not_places() {
    assert_eq!(
        entities(
            "Ansarul Islam fights in the Soum and the Loroum province of Burkina Faso. It preaches in Fulfulde and Pashto."
        ),
        vec![
            "organization Ansarul Islam: Ansarul Islam",
            "location Soum: Soum",
            "location Loroum province: Loroum province",
            "location Burkina Faso: Burkina Faso",
        ]
    );
}

#[test]
fn relatives_sharing_a_surname_stay_apart() {
    // "Jafar Dicko" is typed by the surname of a person of the document; the bare "Dicko"
    // goes to the nearest full name before it, not to every "Dicko".
    assert_eq!(
        entities(
            "Ibrahim Malam Dicko founded the group. Soldiers arrested Dicko in 2013. After his death, Jafar Dicko led the group. Dicko later allied with JNIM."
        ),
        vec![
            "person Ibrahim Malam Dicko: Ibrahim Malam Dicko, Dicko",
            "person Jafar Dicko: Jafar Dicko, Dicko",
            "organization JNIM: JNIM",
        ]
    );
}

#[test]
fn names_offered_as_names_with_or() {
    assert_eq!(
        entities(
            "Its founder is known as Ibrahim Malam Dicko or Malam Ibrahim Dicko. Amadou Koufa or Iyad ag Ghali will decide."
        ),
        vec![
            "person Ibrahim Malam Dicko: Ibrahim Malam Dicko, Malam Ibrahim Dicko",
            "person Amadou Koufa: Amadou Koufa",
            "person Iyad ag Ghali: Iyad ag Ghali",
        ]
    );
}

#[test]
fn an_apposition_says_a_name_is_an_organisation() {
    // "Abu Sayyaf" has the shape of a person's name; "Hezbollah" is on no list.
    assert_eq!(
        entities(
            "Abu Sayyaf, a militant group based in the southern Philippines, grew. Abu Sayyaf pledged allegiance in 2014. Hezbollah, the Lebanese Shia movement, fought in Syria. Abdullahi Nadir, one of the group's founders, died."
        ),
        vec![
            "organization Abu Sayyaf: Abu Sayyaf",
            "location southern Philippines: southern Philippines",
            "organization Hezbollah: Hezbollah",
            "location Syria: Syria",
            "person Abdullahi Nadir: Abdullahi Nadir",
        ]
    );
}

#[test]
fn a_foreign_exonym_of_a_far_town_is_not_a_place() {
    // GeoNames gives "Hamas" as another language's name of Hamm (Germany); "Marawi" is the
    // start of "Marawi City"'s own name.
    let names = found("Hamas fighters crossed into Israel. Troops retook Marawi.");
    assert!(
        !names.iter().any(|(t, k)| t == "Hamas" && *k == "location"),
        "{names:?}"
    );
    assert!(names.contains(&m("Marawi", "location")), "{names:?}");
}

#[test]
fn words_only_an_organisation_follows_beat_a_persons_shape() {
    let names =
        found("Lashkar-e-Taiba grew out of the armed wing of Markaz Dawa-ul-Irshad in Pakistan.");
    assert!(
        names.contains(&m("Markaz Dawa-ul-Irshad", "organization")),
        "{names:?}"
    );
}

#[test]
fn a_world_city_beats_a_small_homonym_of_a_named_country() {
    let x = run(
        "Three Americans were killed in Kenya. Gunmen stormed a concert hall near Moscow.",
        &KnownNames::default(),
    );
    let moscow = x.entities.iter().find(|e| e.name == "Moscow").unwrap();
    assert_eq!(
        moscow.place.as_ref().map(|p| p.country.as_str()),
        Some("RU")
    );
}

#[test]
fn acronyms_glued_by_a_hyphen_are_one_name() {
    let names = found("ISIS-K recruited in Tajikistan. Rebels of the CSP-PSD fought in Mali.");
    assert!(names.contains(&m("ISIS-K", "organization")), "{names:?}");
    assert!(names.contains(&m("CSP-PSD", "organization")), "{names:?}");
}

#[test]
fn descriptive_references() {
    assert_eq!(
        entities(
            "Saudi Arabia hosted him. The Kingdom later expelled him. JNIM fought in northern Mali and the north. Bamako is Mali's capital; JNIM attacked near the capital. The U.N. Multidimensional Integrated Stabilization Mission in Mali (MINUSMA) stayed; the U.N. peacekeeping mission lost men."
        ),
        vec![
            "location Saudi Arabia: Saudi Arabia, Kingdom",
            "organization JNIM: JNIM",
            "location northern Mali: northern Mali, the north",
            "location Bamako: Bamako, the capital",
            "location Mali: Mali",
            "organization U.N. Multidimensional Integrated Stabilization Mission in Mali: U.N. Multidimensional Integrated Stabilization Mission in Mali, MINUSMA, U.N. peacekeeping mission",
        ]
    );
}

#[test]
fn original_surface_forms_are_kept() {
    let x = run(
        "Jama\u{2019}at Nusrat al Islam wa al Muslimeen (JNIM) grew.",
        &KnownNames::default(),
    );
    assert_eq!(
        x.mentions[0].text,
        "Jama\u{2019}at Nusrat al Islam wa al Muslimeen"
    );
    assert_eq!(
        x.mentions[0].span.slice(
            &load(
                "Jama\u{2019}at Nusrat al Islam wa al Muslimeen (JNIM) grew.".as_bytes(),
                Format::Text,
            )
            .unwrap()
            .text
        ),
        "Jama'at Nusrat al Islam wa al Muslimeen"
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile input: no panic, bounded output, time growing with size (printed, not asserted).

fn timed(label: &str, text: &str) -> Extraction {
    let t = Instant::now();
    let x = run(text, &KnownNames::default());
    println!(
        "{label}: {} bytes in {:?}, {} mentions",
        text.len(),
        t.elapsed(),
        x.mentions.len()
    );
    x
}

#[test]
fn one_long_line() {
    let unit = "JNIM attacked Gao and Iyad ag Ghali met the Wagner Group near Timbuktu ";
    let small = unit.repeat(500_000 / unit.len());
    let large = unit.repeat(5_000_000 / unit.len());
    let a = timed("0.5 MB line", &small);
    let b = timed("5 MB line", &large);
    // Ten times the text, ten times the mentions (within the edges of the pieces the line is
    // cut into); the entities stay the same five.
    assert!(b.mentions.len().abs_diff(a.mentions.len() * 10) <= 10);
    let names = |x: &Extraction| {
        x.entities
            .iter()
            .map(|e| e.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&a),
        vec!["JNIM", "Gao", "Iyad ag Ghali", "Wagner Group", "Timbuktu"]
    );
    assert_eq!(names(&b), names(&a));
}

#[test]
fn punctuation_only_and_scripts() {
    assert!(
        timed("punctuation", &"!?.,;:()[]{}\u{2014}'\"".repeat(10_000))
            .mentions
            .is_empty()
    );
    // Right-to-left Arabic: no capitals, so no pattern fires; nothing panics.
    let arabic =
        "قال إياد أغ غالي إن جماعة نصرة الإسلام والمسلمين ستواصل القتال في مالي. ".repeat(200);
    let x = timed("arabic", &arabic);
    assert!(x.mentions.iter().all(|m| !m.text.is_empty()));
    // Mixed scripts inside names and sentences.
    let mixed =
        "The Российская группа and 日本 met ag غالي in Gao\u{200F}. JNIM\u{202E}'s men fled. "
            .repeat(100);
    let x = timed("mixed", &mixed);
    assert!(x.mentions.iter().any(|m| m.text == "Gao"));
}

#[test]
fn ten_thousand_distinct_capitalized_names() {
    // Names that no spelling rule confuses: consonants apart, one vowel.
    let consonants = ['b', 'f', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v'];
    let mut text = String::new();
    for n in 0..10_000usize {
        let mut name = String::from("Ba");
        for d in [n / 1000, n / 100 % 10, n / 10 % 10, n % 10] {
            name.push(consonants[d]);
            name.push('a');
        }
        text.push_str(&format!("Commander {name} Movement attacked. "));
    }
    let x = timed("10k names", &text);
    assert_eq!(x.entities.len(), 10_000);
    assert!(
        x.entities
            .iter()
            .all(|e| e.kind == EntityKind::Organization)
    );
}

#[test]
fn a_sentence_initial_word_is_kept_when_the_run_holds_an_organisation_cue() {
    let found = found("Islamic State West Africa Province overran a base near Damasak in 2021.");
    assert_eq!(
        found[0],
        m("Islamic State West Africa Province", "organization")
    );
}

#[test]
fn html_names_come_from_the_decoded_text_not_the_markup() {
    let html = "<html><body><p>Fighters of Jama&rsquo;atu Ahlis Sunna attacked Maiduguri. \
                Idriss D&eacute;by was killed in April 2021.</p></body></html>";
    let doc = load(html.as_bytes(), Format::Html).unwrap();
    let analysis = analyze(&doc);
    let vocab = Vocabulary::builtin().unwrap();
    let known = KnownNames::default();
    let ctx = Context::new(&vocab, Gazetteer::builtin(), &known).with_original(html.as_bytes());
    let names: Vec<String> = extract(&doc, &analysis, &ctx)
        .mentions
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert!(names.iter().any(|n| n == "Idriss Déby"), "{names:?}");
    assert!(names.iter().all(|n| !n.contains('&')), "{names:?}");
}
