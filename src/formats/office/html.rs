//! HTML pages: the text of every block (`p`, headings, list items, table
//! cells, `title`, … — any element not listed as inline), with inline
//! elements (`b`, `i`, `a`, `span`, `sup`, …) as codes with content,
//! `img`, `wbr`, comments and stray tags as standalone codes, and `br`
//! ending a block as a line break ends a sentence. The contents of
//! `script`, `style`, `template`, `textarea`, `svg` and `math` are not
//! segments. The values of `alt` and `title` attributes are segments of
//! their own (in the order their tags come), written back in place with
//! their quote escaped (an unquoted value is given quotes); other
//! attributes are copied as they are.
//!
//! The page is tokenized with `html5gum`, a WHATWG-conformant HTML
//! tokenizer without dependencies that gives the byte span of every
//! token (tags and text), so that what is not translated is copied byte
//! for byte; `lol_html` would rewrite as it streams but brings a CSS
//! selector engine and its crates for what needs no selector, and
//! html5ever's tokenizer keeps no byte offsets. Text is segmented as laid
//! out: runs of white space are one space in a segment's text (outside
//! `pre`), and a line break in the source does not end a sentence.
//! Character references are decoded in segments (`&amp;` is `&`,
//! `&nbsp;` U+00A0) and kept as written where the text is not
//! translated; a translation is written with `&`, `<` and `>` escaped.
//!
//! Only UTF-8 is read (a page in another encoding is refused naming the
//! first byte that is not UTF-8).

use super::{Block, DocumentKind, ExtractedDocument, Item, OfficeError, Part, Render, line_at, segment_block};
use crate::lang::Lang;
use crate::segment::Segmenter;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::collections::BTreeMap;
use std::io::{Seek, Write};
use std::ops::Range;
use std::sync::LazyLock;

/// Writes HTML items.
pub(crate) struct Html;

/// Elements that are part of a sentence (HTML Living Standard §3.2.5.2.5
/// "phrasing content", less `br`, which ends a line, and those whose
/// content is not text).
const INLINE: [&str; 31] = [
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "label",
    "mark", "nobr", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Inline elements without content (void elements, HTML §13.1.2).
const INLINE_VOID: [&str; 3] = ["img", "wbr", "input"];

/// At most this many inline elements are open at once in a block; a
/// start tag past them is a standalone code (512, the depth at which
/// browsers' HTML parsers stop nesting elements: deeper is tag soup).
const MAX_OPEN: usize = 512;

/// Elements whose content is not text to translate.
const SKIPPED: [&str; 7] = ["script", "style", "template", "textarea", "svg", "math", "noscript"];

/// Elements in which white space is kept as it is.
const PREFORMATTED: [&str; 3] = ["pre", "listing", "xmp"];

/// Reads an HTML page from its bytes: its segments, cut by `lang`'s rules.
pub fn extract(bytes: Vec<u8>, file: &str, lang: &Lang) -> Result<ExtractedDocument, OfficeError> {
    check_encoding(&bytes, file)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let segmenter = Segmenter::new(lang);
    let mut blocks = read_blocks(&text);
    let mut segments = Vec::new();
    for (block, collapse) in &mut blocks {
        let line = line_at(&text, block.span.start);
        segment_block(block, &segmenter, *collapse, (&format!("{file} line {line}"), line), &mut segments);
    }
    let blocks = blocks.into_iter().map(|(b, _)| b).collect();
    Ok(ExtractedDocument {
        file: file.to_string(),
        kind: DocumentKind::Html,
        source_language: lang.to_string(),
        segments,
        original: bytes,
        parts: vec![Part { name: file.to_string(), text, blocks }],
    })
}

/// Whether the page is UTF-8: the line and byte where it is not, if not.
pub(crate) fn check_encoding(bytes: &[u8], file: &str) -> Result<(), OfficeError> {
    match std::str::from_utf8(bytes) {
        Ok(_) => Ok(()),
        Err(e) => {
            let line = line_at(&String::from_utf8_lossy(&bytes[..e.valid_up_to()]), e.valid_up_to());
            let problem = format!("not UTF-8 at byte {}; save the page as UTF-8", e.valid_up_to());
            Err(OfficeError::At { file: file.to_string(), line, problem })
        }
    }
}

/// The `lang` (or `xml:lang`) of a page's `<html>` start tag, if it has one.
pub(crate) fn declared_language(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(&bytes[..bytes.len().min(1 << 16)]).ok().or_else(|| {
        let valid = std::str::from_utf8(&bytes[..bytes.len().min(1 << 16)]).err()?.valid_up_to();
        std::str::from_utf8(&bytes[..valid]).ok()
    })?;
    for token in Tokenizer::new(text).flatten() {
        if let Token::StartTag(tag) = token {
            if tag.name.eq_ignore_ascii_case(b"html") {
                let value = tag.attributes.get(&b"lang"[..]).or_else(|| tag.attributes.get(&b"xml:lang"[..]))?;
                return Some(String::from_utf8_lossy(&value.value).trim().to_string()).filter(|l| !l.is_empty());
            }
            return None;
        }
    }
    None
}

/// The block being gathered: its items and the inline elements open in it.
struct Gathering {
    block: Block,
    /// Open inline elements: name and code index of the start tag.
    open: Vec<(String, usize)>,
    preformatted: bool,
}

impl Gathering {
    fn new(start: usize, preformatted: bool) -> Gathering {
        Gathering { block: Block { span: start..start, formats: vec![String::new()], ..Block::default() }, open: Vec::new(), preformatted }
    }

    /// Adds the code at `span` of `text`.
    fn code(&mut self, text: &str, span: Range<usize>) -> usize {
        self.block.codes.push(text[span.clone()].to_string());
        self.block.code_spans.push(span);
        self.block.codes.len() - 1
    }

    /// The block, with start tags never closed in it made standalone codes.
    fn finish(mut self) -> (Block, bool) {
        let open: Vec<(String, usize)> = std::mem::take(&mut self.open);
        self.standalone(open);
        (self.block, !self.preformatted)
    }

    /// Makes the start tags of `left_open` standalone codes (one pass over the items).
    fn standalone(&mut self, left_open: Vec<(String, usize)>) {
        if left_open.is_empty() {
            return;
        }
        let codes: std::collections::HashSet<usize> = left_open.into_iter().map(|(_, code)| code).collect();
        for item in &mut self.block.items {
            if let Item::Open { code } = *item
                && codes.contains(&code)
            {
                *item = Item::Object { code };
            }
        }
    }
}

/// The blocks of a page, each with whether its white space collapses.
fn read_blocks(text: &str) -> Vec<(Block, bool)> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let tokens = Tokenizer::new_with_emitter(text, emitter);
    let mut blocks = Vec::new();
    let mut current: Option<Gathering> = None;
    // inside an element whose content is skipped: its name and depth
    let mut skipping: Option<(String, usize)> = None;
    let mut preformatted = 0usize;
    let flush = |current: &mut Option<Gathering>, blocks: &mut Vec<(Block, bool)>| {
        if let Some(g) = current.take() {
            blocks.push(g.finish());
        }
    };
    for token in tokens {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let span = tag.span.start..tag.span.end;
                if let Some((skipped, depth)) = &mut skipping {
                    if *skipped == name && !tag.self_closing {
                        *depth += 1;
                    }
                    continue;
                }
                for (value, decoded, quote) in translatable_attributes(text, span.clone(), &tag.attributes) {
                    let mut block = Block { span: value.clone(), formats: vec![String::new()], attribute: Some(quote), ..Block::default() };
                    push_text(&mut block, &text[value], &decoded);
                    blocks.push((block, true));
                }
                if SKIPPED.contains(&name.as_str()) {
                    flush(&mut current, &mut blocks);
                    if !tag.self_closing {
                        skipping = Some((name, 1));
                    }
                } else if INLINE.contains(&name.as_str()) || INLINE_VOID.contains(&name.as_str()) {
                    let g = current.get_or_insert_with(|| Gathering::new(tag.span.start, preformatted > 0));
                    let code = g.code(text, span);
                    if tag.self_closing || INLINE_VOID.contains(&name.as_str()) || g.open.len() >= MAX_OPEN {
                        g.block.items.push(Item::Object { code });
                    } else {
                        g.block.items.push(Item::Open { code });
                        g.open.push((name, code));
                    }
                    g.block.span.end = tag.span.end;
                } else {
                    flush(&mut current, &mut blocks);
                    if PREFORMATTED.contains(&name.as_str()) {
                        preformatted += 1;
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let span = tag.span.start..tag.span.end;
                if let Some((skipped, depth)) = &mut skipping {
                    if *skipped == name {
                        *depth -= 1;
                        if *depth == 0 {
                            skipping = None;
                        }
                    }
                    continue;
                }
                if INLINE.contains(&name.as_str()) || INLINE_VOID.contains(&name.as_str()) {
                    let Some(g) = current.as_mut() else { continue };
                    let code = g.code(text, span);
                    match g.open.iter().rposition(|(n, _)| *n == name) {
                        // elements left open inside it are standalone codes
                        Some(at) => {
                            let open = g.open[at].1;
                            let inner: Vec<(String, usize)> = g.open.split_off(at).into_iter().skip(1).collect();
                            g.standalone(inner);
                            g.block.items.push(Item::Close { code, open });
                        }
                        None => g.block.items.push(Item::Object { code }),
                    }
                    g.block.span.end = tag.span.end;
                } else {
                    flush(&mut current, &mut blocks);
                    if PREFORMATTED.contains(&name.as_str()) {
                        preformatted = preformatted.saturating_sub(1);
                    }
                }
            }
            Token::String(s) => {
                if skipping.is_some() {
                    continue;
                }
                let raw = &text[s.span.start..s.span.end];
                if current.is_none() && raw.bytes().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                let g = current.get_or_insert_with(|| Gathering::new(s.span.start, preformatted > 0));
                push_text(&mut g.block, raw, &String::from_utf8_lossy(&s.value));
                g.block.span.end = s.span.end;
            }
            Token::Comment(c) => {
                if let Some(g) = current.as_mut().filter(|_| skipping.is_none()) {
                    let code = g.code(text, c.span.start..c.span.end);
                    g.block.items.push(Item::Object { code });
                    g.block.span.end = c.span.end;
                }
            }
            Token::Doctype(_) => flush(&mut current, &mut blocks),
            Token::Error(_) => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// The attributes whose values are text to translate.
const TRANSLATABLE_ATTRIBUTES: [&str; 2] = ["alt", "title"];

/// The values of a start tag's `alt` and `title` (at `span` of `text`)
/// that hold text: where each value is (inside its quotes), decoded, and
/// its quote (0: none).
fn translatable_attributes(
    text: &str,
    span: Range<usize>,
    attributes: &BTreeMap<html5gum::HtmlString, html5gum::Spanned<html5gum::HtmlString, usize>>,
) -> Vec<(Range<usize>, String, u8)> {
    // an attribute in a start tag (HTML §13.1.2.3): after white space (or
    // the quote of the value before it), its name, `=`, and its value
    static ATTRIBUTE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r#"(?i)[\s"'/]([a-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#).expect("valid regex"));
    let tag = &text[span.clone()];
    let mut found: Vec<(Range<usize>, String, u8)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for m in ATTRIBUTE.captures_iter(tag) {
        let name = m[1].to_ascii_lowercase();
        if !TRANSLATABLE_ATTRIBUTES.contains(&name.as_str()) || seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let (value, quote) = match (m.get(2), m.get(3), m.get(4)) {
            (Some(v), _, _) => (v, b'"'),
            (_, Some(v), _) => (v, b'\''),
            (_, _, Some(v)) => (v, 0),
            _ => continue,
        };
        let Some(decoded) = attributes.get(name.as_bytes()) else { continue };
        let decoded = String::from_utf8_lossy(&decoded.value).into_owned();
        if !decoded.trim().is_empty() {
            found.push((span.start + value.start()..span.start + value.end(), decoded, quote));
        }
    }
    found
}

/// Adds a text token: literal text as text that may be cut, and each
/// character reference, `&`, `<`, `>` and CR (which the tokenizer turns
/// into a line feed) as an item that keeps its raw form.
fn push_text(block: &mut Block, raw: &str, decoded: &str) {
    if raw == decoded && !raw.contains(['&', '<', '>', '\r']) {
        block.items.push(Item::Text { text: raw.to_string(), format: 0, raw: None });
        return;
    }
    let mut at = 0;
    while at < raw.len() {
        let rest = &raw[at..];
        let special = rest.find(['&', '<', '>', '\r']).unwrap_or(rest.len());
        if special > 0 {
            block.items.push(Item::Text { text: rest[..special].to_string(), format: 0, raw: None });
            at += special;
            continue;
        }
        let (raw_piece, text) = match rest.as_bytes()[0] {
            b'\r' if rest.starts_with("\r\n") => ("\r\n", "\n".to_string()),
            b'\r' => ("\r", "\n".to_string()),
            b'<' | b'>' => (&rest[..1], rest[..1].to_string()),
            _ => {
                // a reference runs to the next special character at most
                let chunk_end = rest[1..].find(['&', '<', '>', '\r', ' ', '\n', '\t']).map_or(rest.len(), |e| e + 1);
                let chunk = &rest[..chunk_end];
                let decoded = decode(chunk);
                // what follows the reference in the chunk is the same text on both sides
                let common = chunk.bytes().rev().zip(decoded.bytes().rev()).take_while(|(a, b)| a == b).count();
                let common = common.min(chunk.len() - 1).min(decoded.len());
                let mut reference_end = chunk.len() - common;
                let mut text_end = decoded.len() - common;
                while !chunk.is_char_boundary(reference_end) || !decoded.is_char_boundary(text_end) {
                    reference_end += 1;
                    text_end += 1;
                }
                (&chunk[..reference_end], decoded[..text_end].to_string())
            }
        };
        block.items.push(Item::Text { text, format: 0, raw: Some(raw_piece.to_string()) });
        at += raw_piece.len();
    }
}

/// Text with its character references decoded, as the tokenizer does.
fn decode(raw: &str) -> String {
    let mut out = String::new();
    for token in Tokenizer::new(raw).flatten() {
        if let Token::String(s) = token {
            out.push_str(&String::from_utf8_lossy(&s));
        }
    }
    out
}

impl Render for Html {
    fn render(&self, block: &Block, items: &[Item], out: &mut String) {
        for item in items {
            match item {
                Item::Text { raw: Some(raw), .. } => out.push_str(raw),
                Item::Text { text, .. } => {
                    // in a value quoted with ' only that quote is escaped; an unquoted one is written in "
                    let quote = match block.attribute {
                        Some(b'\'') => '\'',
                        Some(_) => '"',
                        None => '<',
                    };
                    for c in text.chars() {
                        match c {
                            '&' => out.push_str("&amp;"),
                            '<' if block.attribute.is_none() => out.push_str("&lt;"),
                            '>' if block.attribute.is_none() => out.push_str("&gt;"),
                            '"' if quote == '"' => out.push_str("&quot;"),
                            '\'' if quote == '\'' => out.push_str("&#39;"),
                            c => out.push(c),
                        }
                    }
                }
                Item::Open { code } | Item::Close { code, .. } | Item::Object { code } => out.push_str(&block.codes[*code]),
            }
        }
    }
}

/// Writes the page with its text given anew.
pub(crate) fn write<W: Write + Seek>(doc: &ExtractedDocument, parts: Vec<Option<String>>, mut out: W) -> Result<W, OfficeError> {
    let io = |source| OfficeError::Io { file: doc.file.clone(), source };
    match parts.into_iter().next().flatten() {
        Some(text) => out.write_all(text.as_bytes()).map_err(io)?,
        None => out.write_all(&doc.original).map_err(io)?,
    }
    out.flush().map_err(io)?;
    Ok(out)
}
