//! Decoding a file's bytes to text: UTF-8, else Windows-1252, else Latin-1.
//!
//! A file is refused when it is empty or looks binary (NUL bytes, or many control bytes). A
//! Windows-1252 or Latin-1 file gets an [`OffsetMap`] from the decoded text back to its bytes.

use serde::Serialize;

use crate::offsets::{OffsetMap, TextBuilder};

/// The encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "windows-1252")]
    Windows1252,
    #[serde(rename = "iso-8859-1")]
    Latin1,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Latin1 => "iso-8859-1",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file looks binary (byte {offset} is {byte:#04x}), not text")]
    Binary { offset: usize, byte: u8 },
}

/// Decoded text, with a map to the file's bytes when the encoding was not UTF-8.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    pub map: Option<OffsetMap>,
}

/// Windows-1252's characters for bytes 0x80..=0x9F (`None`: undefined in Windows-1252).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

pub fn decode(file: &[u8]) -> Result<Decoded, DecodeError> {
    let bytes = file.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(file);
    let bom = file.len() - bytes.len();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    check_not_binary(bytes)?;
    if let Ok(text) = std::str::from_utf8(bytes) {
        // The BOM, when there was one, is not part of the text but is part of the file.
        let map = (bom > 0).then(|| shifted(text.len(), bom));
        return Ok(Decoded {
            text: text.to_string(),
            encoding: Encoding::Utf8,
            map,
        });
    }
    let cp1252 = bytes
        .iter()
        .all(|&b| !(0x80..=0x9F).contains(&b) || CP1252_HIGH[usize::from(b - 0x80)].is_some());
    let mut builder = TextBuilder::new();
    let mut buf = [0u8; 4];
    for (i, &b) in bytes.iter().enumerate() {
        let c = match b {
            0x80..=0x9F if cp1252 => CP1252_HIGH[usize::from(b - 0x80)].unwrap_or('\u{FFFD}'),
            _ => char::from(b),
        };
        // Decoding keeps every character: normalization happens in the loaders.
        builder.push_raw(
            c.encode_utf8(&mut buf),
            crate::Span::new(bom + i, bom + i + 1),
        );
    }
    let (text, map) = builder.finish(file.len());
    let encoding = if cp1252 {
        Encoding::Windows1252
    } else {
        Encoding::Latin1
    };
    Ok(Decoded {
        text,
        encoding,
        map: Some(map),
    })
}

/// A map that adds `shift` to every offset (a stripped byte-order mark).
fn shifted(len: usize, shift: usize) -> OffsetMap {
    let mut b = TextBuilder::new();
    b.push_raw_run(len, shift);
    b.finish(len + shift).1
}

/// Refuses NUL bytes and texts where more than 1 in 20 of the first 8 KiB are control bytes.
fn check_not_binary(bytes: &[u8]) -> Result<(), DecodeError> {
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Binary { offset, byte: 0 });
    }
    let head = &bytes[..bytes.len().min(8192)];
    let is_control = |b: &u8| *b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C);
    let controls = head.iter().filter(|b| is_control(b)).count();
    if controls * 20 > head.len()
        && let Some(offset) = head.iter().position(is_control)
    {
        return Err(DecodeError::Binary {
            offset,
            byte: head[offset],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_taken_as_is() {
        let d = decode("Ménaka".as_bytes()).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert_eq!(d.text, "Ménaka");
        assert!(d.map.is_none());
    }

    #[test]
    fn a_bom_is_dropped_but_offsets_still_reach_the_file() {
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!(d.text, "abc");
        assert_eq!(d.map.unwrap().to_original(1), 4);
    }

    #[test]
    fn windows_1252_then_latin1() {
        let d = decode(b"Gao\x92s \x93market\x94 in M\xe9naka").unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(d.text, "Gao\u{2019}s \u{201C}market\u{201D} in Ménaka");
        let map = d.map.unwrap();
        let m = d.text.find("market").unwrap();
        assert_eq!(map.to_original(m), 7);
        // 0x81 is undefined in Windows-1252: Latin-1 it is.
        let d = decode(b"caf\xe9 \x81").unwrap();
        assert_eq!(d.encoding, Encoding::Latin1);
        assert_eq!(d.text, "café \u{81}");
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b" \n\t").unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00").unwrap_err(),
            DecodeError::Binary { offset: 4, byte: 0 }
        );
        let noisy: Vec<u8> = (0..200u8)
            .map(|i| if i % 4 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(matches!(decode(&noisy), Err(DecodeError::Binary { .. })));
    }
}
