//! Prints the folding, key, acronyms and comparison of names given on the command line.
//!
//! ```text
//! cargo run -p dossier-names --example compare -- "Iyad ag Ghali" "إياد أغ غالي"
//! "Iyad ag Ghali"  fold "iyad ag ghali"  key "iad ag gali"  acronyms [IG, IAG]
//! ...
//! score 1.000
//!   transliterated “إياد أغ غالي” → “iyad agh ghaly”
//!   iyad = iyad
//! ```

fn main() {
    let names: Vec<String> = std::env::args().skip(1).collect();
    for n in &names {
        println!(
            "{n:?}  fold {:?}  key {:?}  acronyms {:?}",
            dossier_names::fold_key(n),
            dossier_names::key(n),
            dossier_names::acronym(n)
        );
    }
    for pair in names.windows(2) {
        let c = dossier_names::compare(&pair[0], &pair[1]);
        println!("{:?} vs {:?}: score {:.3}", pair[0], pair[1], c.score);
        for line in &c.explanation {
            println!("  {line}");
        }
    }
}
