//! Tests of the embedded gazetteer and of reading gazetteer files.
//!
//! ```text
//! resolve("Gao", {ML}) → 2457163 (Mali)      resolve("Gao", {BF}) → 2360626 (Burkina Faso)
//! "places.tsv" with a 3-field row             → Err("places.tsv line 3: expected 11 …")
//! ```

use std::time::Instant;

use crate::gazetteer::{COUNTRIES_TSV, PLACES_TSV};
use crate::{Context, Gazetteer, ParseError, PlaceKind, PointKind, parse_countries, parse_places};

fn g() -> &'static Gazetteer<'static> {
    Gazetteer::builtin()
}

fn resolve_id(name: &str, context: &Context) -> Option<&'static str> {
    g().resolve(name, context).map(|p| p.id)
}

fn ids(name: &str) -> Vec<&'static str> {
    g().lookup(name).iter().map(|p| p.id).collect()
}

// ---------------------------------------------------------------------------------------------
// The embedded data

#[test]
fn embedded_data_parses_and_prints_its_cost() {
    let started = Instant::now();
    let fresh = Gazetteer::from_tsv(PLACES_TSV, COUNTRIES_TSV).unwrap();
    let elapsed = started.elapsed();
    println!(
        "gazetteer: {} places, {} countries, {} KiB of TSV, parsed and indexed in {:?}",
        fresh.places().len(),
        fresh.countries().len(),
        (PLACES_TSV.len() + COUNTRIES_TSV.len()) / 1024,
        elapsed
    );
    // These counts change only when build.py is run again; update them then.
    assert_eq!(fresh.places().len(), 57_446);
    assert_eq!(fresh.countries().len(), 252);
    let kinds = |k| fresh.places().iter().filter(|p| p.kind == k).count();
    assert_eq!(kinds(PlaceKind::Country), 243);
    assert_eq!(kinds(PlaceKind::Region), 335 + 66);
    assert_eq!(kinds(PlaceKind::Town), 56_787 + 15);
}

#[test]
fn every_place_has_a_findable_name_and_a_plausible_position() {
    for p in g().places() {
        assert!(!p.name.trim().is_empty(), "{}", p.id);
        assert!(
            g().lookup(p.name).iter().any(|q| q.id == p.id),
            "{} ({}) is not found by its own name",
            p.name,
            p.id
        );
        assert!(g().country(p.country).is_some(), "{}", p.id);
        if p.kind == PlaceKind::Region {
            // A first-level region is `CC.admin1`; a district or a named area of
            // supplement.tsv is `CC.admin1.slug`, inside its first-level region.
            let first_level = format!("{}.{}", p.country, p.admin1);
            if p.id == first_level {
                assert_eq!(p.admin1_name, p.name);
            } else {
                assert!(p.id.starts_with(&format!("{first_level}.")), "{}", p.id);
                assert!(!p.admin1_name.is_empty(), "{}", p.id);
            }
        }
    }
}

#[test]
fn every_region_named_in_a_town_row_exists() {
    for p in g().places().iter().filter(|p| !p.admin1_name.is_empty()) {
        let id = format!("{}.{}", p.country, p.admin1);
        let region = g().places().iter().find(|r| r.id == id);
        assert_eq!(region.map(|r| r.name), Some(p.admin1_name), "{}", p.id);
    }
}

// ---------------------------------------------------------------------------------------------
// Homonyms

#[test]
fn gao_in_mali_and_gao_in_burkina_faso() {
    // Both exist: the Malian town (and region) and a town of Centre-Ouest in Burkina Faso.
    assert_eq!(ids("Gao"), ["2457163", "2360626", "ML.09"]);
    let mali = Context::new().with("ML", 4);
    let burkina = Context::new().with("BF", 1);
    assert_eq!(resolve_id("Gao", &mali), Some("2457163"));
    assert_eq!(resolve_id("Gao", &burkina), Some("2360626"));
    // No context: the more populous.
    assert_eq!(resolve_id("Gao", &Context::new()), Some("2457163"));
    // Both countries: the heavier wins.
    let both = Context::new().with("ML", 1).with("BF", 3);
    assert_eq!(resolve_id("Gao", &both), Some("2360626"));
    let place = g().resolve("Gao", &burkina).unwrap();
    assert_eq!(
        (place.country, place.admin1_name, place.lat, place.lon),
        ("BF", "Centre-Ouest", 11.64967, -2.17777)
    );
}

#[test]
fn a_country_name_means_the_country() {
    // Niger the country, not Niger State of Nigeria, even in a document about Nigeria.
    let nigeria = Context::new().with("NG", 9);
    let niger = g().resolve("Niger", &nigeria).unwrap();
    assert_eq!((niger.kind, niger.country), (PlaceKind::Country, "NE"));
    // "Mali" is also a town in Guinea.
    let guinea = Context::new().with("GN", 9);
    assert_eq!(resolve_id("Mali", &guinea), Some("2453866"));
    // "Niger State" names only the region.
    assert_eq!(resolve_id("Niger State", &nigeria), Some("NG.31"));
}

#[test]
fn a_town_wins_over_its_same_named_region() {
    assert_eq!(resolve_id("Kidal", &Context::new()), Some("2455290"));
    assert_eq!(resolve_id("Gao Region", &Context::new()), Some("ML.09"));
    assert_eq!(resolve_id("Borno State", &Context::new()), Some("NG.27"));
    assert_eq!(
        resolve_id("Borno", &Context::new().with("NG", 1)),
        Some("NG.27")
    );
}

// ---------------------------------------------------------------------------------------------
// Spellings

#[test]
fn spellings_with_and_without_diacritics() {
    for name in ["Ménaka", "Menaka", "MENAKA", "ménaka"] {
        assert_eq!(resolve_id(name, &Context::new()), Some("2453514"), "{name}");
    }
    for name in ["Tombouctou", "Timbuktu", "Timbuctoo"] {
        assert_eq!(resolve_id(name, &Context::new()), Some("2449067"), "{name}");
    }
    assert_eq!(resolve_id("Tillabery", &Context::new()), Some("2438678"));
    assert_eq!(resolve_id("N'Djamena", &Context::new()), Some("2427123"));
    assert_eq!(resolve_id("Ndjamena", &Context::new()), Some("2427123"));
}

#[test]
fn arabic_articles_and_arabic_script() {
    assert_eq!(resolve_id("مقديشو", &Context::new()), Some("53654"));
    assert_eq!(resolve_id("Muqdisho", &Context::new()), Some("53654"));
    for name in ["Al-Hasakah", "Al Ḩasakah", "al-Hasakah", "Hasakah"] {
        assert_eq!(resolve_id(name, &Context::new()), Some("173811"), "{name}");
    }
    assert_eq!(resolve_id("Raqqa", &Context::new()), Some("172955"));
    assert_eq!(resolve_id("Ar-Raqqah", &Context::new()), Some("172955"));
    assert_eq!(resolve_id("Deir ez-Zor", &Context::new()), Some("170794"));
}

#[test]
fn country_names_and_short_forms() {
    let country_of = |name: &str| {
        g().resolve(name, &Context::new())
            .filter(|p| p.kind == PlaceKind::Country)
            .map(|p| p.country)
    };
    assert_eq!(country_of("Ivory Coast"), Some("CI"));
    assert_eq!(country_of("Côte d'Ivoire"), Some("CI"));
    assert_eq!(country_of("Cote d’Ivoire"), Some("CI"));
    assert_eq!(country_of("DRC"), Some("CD"));
    assert_eq!(country_of("Burkina"), Some("BF"));
    assert_eq!(country_of("Tchad"), Some("TD"));
    assert_eq!(country_of("UAE"), Some("AE"));
    assert_eq!(country_of("U.S."), Some("US"));
    assert_eq!(country_of("Syrie"), Some("SY"));
    assert_eq!(country_of("الصومال"), Some("SO"));
}

#[test]
fn demonyms() {
    let by = |word: &str| g().country_by_demonym(word).map(|c| c.iso2);
    assert_eq!(by("Malian"), Some("ML"));
    assert_eq!(by("Malians"), Some("ML"));
    assert_eq!(by("Nigerien"), Some("NE"));
    assert_eq!(by("Nigérien"), Some("NE"));
    assert_eq!(by("Nigerian"), Some("NG"));
    assert_eq!(by("Nigerians"), Some("NG"));
    assert_eq!(by("Burkinabe"), Some("BF"));
    assert_eq!(by("Burkinabè"), Some("BF"));
    assert_eq!(by("French"), Some("FR"));
    assert_eq!(by("russian"), Some("RU"));
    assert_eq!(by("Somali"), Some("SO"));
    assert_eq!(by("Afghan"), Some("AF"));
    assert_eq!(by("Swiss"), Some("CH"));
    // Shared by two countries: the more populous.
    assert_eq!(by("Congolese"), Some("CD"));
    assert_eq!(by("Martian"), None);
    assert_eq!(by("s"), None);
    assert_eq!(by(""), None);
}

#[test]
fn countries_by_code() {
    let so = g().country("so").unwrap();
    assert_eq!(
        (so.iso2, so.iso3, so.name, so.capital),
        ("SO", "SOM", "Somalia", "Mogadishu")
    );
    assert_eq!(so.point_kind, Some(PointKind::Centroid));
    assert_eq!(so.demonyms().collect::<Vec<_>>(), ["Somali", "Somalian"]);
    assert_eq!(g().country("ML").map(|c| c.continent), Some("AF"));
    assert!(g().country("XX").is_none());
    assert!(g().country("MLI").is_none());
    assert!(g().country("").is_none());
}

#[test]
fn names_of_a_place() {
    let timbuktu = g().resolve("Timbuktu", &Context::new()).unwrap();
    let names: Vec<&str> = timbuktu.names().collect();
    assert_eq!(names[0], "Timbuktu");
    assert!(names.contains(&"Tombouctou"));
    assert!(names.contains(&"تمبكتو"));
    let segou = g().resolve("Segou", &Context::new()).unwrap();
    assert_eq!((segou.name, segou.ascii_name()), ("Ségou", "Segou"));
}

#[test]
fn lookup_of_nothing() {
    assert!(g().lookup("").is_empty());
    assert!(g().lookup(" -'- ").is_empty());
    assert!(g().lookup("Xqzvwplk").is_empty());
    assert!(g().resolve("Xqzvwplk", &Context::new()).is_none());
    assert!(g().lookup(&"Gao ".repeat(50_000)).is_empty());
}

#[test]
fn context_weights() {
    let mut c = Context::new().with("ml", 2);
    c.add("ML", 3);
    c.add("BF", u32::MAX);
    c.add("bf", 1);
    assert_eq!(c.weight("ML"), 5);
    assert_eq!(c.weight("bf"), u32::MAX);
    assert_eq!(c.weight("NE"), 0);
}

// ---------------------------------------------------------------------------------------------
// Reading files: malformed input

const PLACES_HEADER: &str =
    "id\tkind\tname\tascii\tcc\tadmin1\tadmin1_name\tlat\tlon\tpopulation\talt\n";
const COUNTRIES: &str = "iso2\tiso3\tgeonameid\tname\talt\tcapital\tlat\tlon\tpoint\tcontinent\tpopulation\tdemonyms\n\
ML\tMLI\t2453866\tMali\t\tBamako\t17.4\t-3.5\tcentroid\tAF\t19077690\tMalian\n";

fn places_err(rows: &str) -> String {
    let text = format!("# comment\n{PLACES_HEADER}{rows}");
    match parse_places(&text) {
        Ok(p) => panic!("expected an error, parsed {} places", p.len()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_small_valid_file() {
    let text = format!(
        "{PLACES_HEADER}2457163\ttown\tGao\t\tML\t09\tGao\t16.27167\t-0.04472\t133110\tGawo|غاو\r\n\n# end\n"
    );
    let g = Gazetteer::from_tsv(&text, COUNTRIES).unwrap();
    assert_eq!(g.places().len(), 1);
    let gao = &g.places()[0];
    assert_eq!(gao.alternate_names().collect::<Vec<_>>(), ["Gawo", "غاو"]);
    assert_eq!(g.lookup("gawo").len(), 1);
    assert_eq!(g.lookup("Gawo")[0].population, 133110);
}

#[test]
fn malformed_place_rows_name_their_line() {
    assert_eq!(
        places_err("1\ttown\tGao\n"),
        "places.tsv line 3: expected 11 tab-separated fields, found 3"
    );
    assert_eq!(
        places_err("1\tvillage\tGao\t\tML\t09\t\t16\t0\t5\t\n"),
        "places.tsv line 3: field kind: \"village\" is not country, region or town"
    );
    assert_eq!(
        places_err("1\ttown\tGao\t\tML\t09\t\tnorth\t0\t5\t\n"),
        "places.tsv line 3: field lat: \"north\" is not a number"
    );
    assert_eq!(
        places_err("1\ttown\tGao\t\tML\t09\t\t91\t0\t5\t\n"),
        "places.tsv line 3: field lat: \"91\" is out of range"
    );
    assert_eq!(
        places_err("1\ttown\tGao\t\tML\t09\t\tNaN\t0\t5\t\n"),
        "places.tsv line 3: field lat: \"NaN\" is out of range"
    );
    assert_eq!(
        places_err("1\ttown\tGao\t\tML\t09\t\t16\tinf\t5\t\n"),
        "places.tsv line 3: field lon: \"inf\" is out of range"
    );
    assert_eq!(
        places_err("1\ttown\tGao\t\tML\t09\t\t16\t0\t-5\t\n"),
        "places.tsv line 3: field population: \"-5\" is not a whole number"
    );
    assert_eq!(
        places_err("1\ttown\tGao\t\tMali\t09\t\t16\t0\t5\t\n"),
        "places.tsv line 3: field cc: \"Mali\" is not a two-letter country code"
    );
    assert_eq!(
        places_err("\ttown\tGao\t\tML\t09\t\t16\t0\t5\t\n"),
        "places.tsv line 3: field id is empty"
    );
    assert_eq!(
        places_err("1\ttown\t \t\tML\t09\t\t16\t0\t5\t\n"),
        "places.tsv line 3: field name is empty"
    );
    // The error names the first bad line after good ones.
    let good = "1\ttown\tGao\t\tML\t09\t\t16\t0\t5\t\n";
    assert_eq!(
        places_err(&format!("{good}{good}\n# c\n2\ttown\tGao\n")),
        "places.tsv line 7: expected 11 tab-separated fields, found 3"
    );
}

#[test]
fn a_wrong_or_missing_header_is_an_error() {
    let err = parse_places("id\tname\n1\tGao\n").unwrap_err();
    assert_eq!(err.line, 1);
    assert!(
        err.reason.starts_with("expected the header id kind name"),
        "{err}"
    );
    assert_eq!(
        parse_places("# only a comment\n\n").unwrap_err(),
        ParseError {
            file: "places.tsv",
            line: 0,
            reason: "no header line".into()
        }
    );
    assert!(parse_places("").is_err());
}

#[test]
fn malformed_country_rows_name_their_line() {
    let err = |row: &str| {
        let text = format!(
            "{}{row}",
            COUNTRIES.lines().next().unwrap().to_owned() + "\n"
        );
        parse_countries(&text).unwrap_err().to_string()
    };
    assert_eq!(
        err("ML\tMALI\t1\tMali\t\t\t\t\t\tAF\t1\t\n"),
        "countries.tsv line 2: field iso3: \"MALI\" is not a three-letter code"
    );
    assert_eq!(
        err("ML\tMLI\t1\tMali\t\t\t17\t-3\tguess\tAF\t1\t\n"),
        "countries.tsv line 2: field point: \"guess\" is not centroid or capital"
    );
    assert_eq!(
        err("ML\tMLI\t1\tMali\t\t\t17\t\tcentroid\tAF\t1\t\n"),
        "countries.tsv line 2: field lon: \"\" is not a number"
    );
    // No point at all is allowed.
    let ok = format!(
        "{}\nAQ\tATA\t1\tAntarctica\t\t\t\t\t\tAN\t0\t\n",
        COUNTRIES.trim_end()
    );
    let countries = parse_countries(&ok).unwrap();
    assert_eq!(countries[1].point, None);
}

#[test]
fn inconsistent_files_are_errors() {
    let row = "1\ttown\tGao\t\tML\t09\t\t16\t0\t5\t\n";
    let twice = format!("{PLACES_HEADER}{row}{row}");
    assert_eq!(
        Gazetteer::from_tsv(&twice, COUNTRIES)
            .unwrap_err()
            .to_string(),
        "places.tsv line 0: place id 1 is used twice"
    );
    let elsewhere = format!("{PLACES_HEADER}1\ttown\tGao\t\tBF\t06\t\t11\t-2\t5\t\n");
    assert_eq!(
        Gazetteer::from_tsv(&elsewhere, COUNTRIES)
            .unwrap_err()
            .to_string(),
        "places.tsv line 0: place 1 has unknown country BF"
    );
    let two = format!("{}{}", COUNTRIES, COUNTRIES.lines().nth(1).unwrap());
    assert_eq!(
        Gazetteer::from_tsv(PLACES_HEADER, &two)
            .unwrap_err()
            .to_string(),
        "countries.tsv line 0: country ML is listed twice"
    );
}

#[test]
fn a_large_hostile_file_is_read_or_refused_cleanly() {
    // A huge name and many alternate names in one row.
    let huge = "x".repeat(1 << 20);
    let alts = vec!["Gawo"; 50_000].join("|");
    let text = format!("{PLACES_HEADER}1\ttown\t{huge}\t\tML\t09\t\t16\t0\t5\t{alts}\n");
    let g = Gazetteer::from_tsv(&text, COUNTRIES).unwrap();
    assert_eq!(g.lookup("gawo").len(), 1);
    // Extra tabs in a row.
    assert_eq!(
        places_err(&format!("1\ttown\tGao{}\n", "\t".repeat(1000))),
        "places.tsv line 3: expected 11 tab-separated fields, found 1003"
    );
}
