//! Plain-text loader: blocks are paragraphs separated by blank lines.
//!
//! A run of non-blank lines is one paragraph when it looks hard-wrapped (its lines are long, or
//! the next line continues in lowercase); otherwise, as in sidebars and lists of labels, every
//! line is a block of its own. Bulleted lines (`•`, `-`, `*`, `1.`) are list items.

use dossier_model::Span;

use crate::document::{Block, BlockKind, Loaded, Meta};
use crate::offsets::TextBuilder;

/// Lines at least this long are taken as wrapped prose.
const WRAP_WIDTH: usize = 50;

pub fn load(input: &str) -> Loaded {
    let mut builder = TextBuilder::new();
    builder.push_source(input, 0);
    let (text, map) = builder.finish(input.len());
    let blocks = blocks(&text);
    Loaded {
        text,
        map,
        blocks,
        links: Vec::new(),
        meta: Meta::default(),
    }
}

/// Finds the blocks of a normalized plain text.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut run: Vec<Span> = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let span = Span::new(pos, pos + line.len());
        pos += line.len() + 1;
        if line.trim().is_empty() {
            flush(text, &mut run, &mut blocks);
        } else if is_bullet(line) {
            flush(text, &mut run, &mut blocks);
            blocks.push(Block {
                kind: BlockKind::ListItem,
                span: trim(text, span),
            });
        } else {
            run.push(span);
        }
    }
    flush(text, &mut run, &mut blocks);
    blocks
}

fn flush(text: &str, run: &mut Vec<Span>, blocks: &mut Vec<Block>) {
    if run.is_empty() {
        return;
    }
    let wrapped = run.windows(2).all(|w| {
        let line = w[0].slice(text).trim_end();
        let next = w[1].slice(text).trim_start();
        line.len() >= WRAP_WIDTH || next.chars().next().is_some_and(char::is_lowercase)
    });
    if wrapped {
        let span = Span::new(run[0].start, run[run.len() - 1].end);
        blocks.push(Block {
            kind: BlockKind::Paragraph,
            span: trim(text, span),
        });
    } else {
        for &span in run.iter() {
            blocks.push(Block {
                kind: BlockKind::Paragraph,
                span: trim(text, span),
            });
        }
    }
    run.clear();
}

fn is_bullet(line: &str) -> bool {
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix(['•', '-', '*', '\u{2013}', '\u{25AA}', '\u{25CF}']) {
        return rest.starts_with(' ');
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

fn trim(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start().len();
    Span::new(span.start + lead, span.start + lead + s.trim().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_text(input: &str) -> Vec<(BlockKind, String)> {
        let l = load(input);
        l.blocks
            .iter()
            .map(|b| (b.kind, b.span.slice(&l.text).to_string()))
            .collect()
    }

    #[test]
    fn paragraphs_lines_and_bullets() {
        let input = "Title\r\n\r\nThis paragraph is wrapped over two lines because it is long\r\nand continues here.\r\n\r\nType(s):\r\nInsurgent\r\n  \u{2022} Designations\r\n1. First point\r\n";
        assert_eq!(
            kinds_and_text(input),
            vec![
                (BlockKind::Paragraph, "Title".to_string()),
                (
                    BlockKind::Paragraph,
                    "This paragraph is wrapped over two lines because it is long\nand continues here."
                        .to_string()
                ),
                (BlockKind::Paragraph, "Type(s):".to_string()),
                (BlockKind::Paragraph, "Insurgent".to_string()),
                (BlockKind::ListItem, "\u{2022} Designations".to_string()),
                (BlockKind::ListItem, "1. First point".to_string()),
            ]
        );
    }
}
