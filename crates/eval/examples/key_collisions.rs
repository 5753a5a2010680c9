//! Lists gold entities of one document whose aliases share a matching key (a check that the
//! folding does not merge distinct entities).
use std::collections::BTreeMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: key_collisions GOLD.jsonl")?;
    let vocab = dossier_model::Vocabulary::builtin()?;
    for doc in dossier_eval::read_gold(std::path::Path::new(&path), &vocab)? {
        let mut keys: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for e in &doc.entities {
            for a in e.aliases.iter().chain(std::iter::once(&e.name)) {
                let k = dossier_names::key(a);
                let v = keys.entry(k).or_default();
                if !v.contains(&e.name) {
                    v.push(e.name.clone());
                }
            }
        }
        for (k, v) in keys.iter().filter(|(_, v)| v.len() > 1) {
            println!("{}: {k:?} <- {v:?}", doc.key());
        }
    }
    Ok(())
}
