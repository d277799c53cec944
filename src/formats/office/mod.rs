//! Documents a translator is handed rather than translation files: Word
//! (.docx, [`docx`]) and HTML ([`html`]). Each is read into blocks
//! (paragraphs, headings, list items, table cells, footnotes), each
//! block's text is cut into sentences with the crate's segmenter, and
//! every sentence becomes a [`DocumentSegment`] whose source is a
//! [`Content`] in the convention of XLIFF and TMX import: plain text with
//! a placeholder for each inline code (`{1}` … `{/1}` for a code with
//! content — a run's formatting, a link, a bold element — and `{2/}` for
//! a standalone one — a footnote reference, a line break element, an
//! image), and XLIFF 1.2 markup with the native code kept in `bpt`,
//! `ept` and `ph`.
//!
//! [`ExtractedDocument::write_translated`] writes the document back with
//! a translation (segment id → plain text with the same placeholders) in
//! place of each source; segments without one keep their source, and a
//! block whose segments all keep their source is copied as it was
//! (byte for byte). [`ExtractedDocument::review_segments`] gives the
//! segments for an XLIFF 1.2 to review the translation in, written with
//! [`crate::formats::xliff::write_new`].
//!
//! A Word text box's paragraphs are blocks of their own, written back
//! inside the code of the drawing that holds them (see [`docx`]).
//!
//! Shared rules, the same for both formats:
//! - formatting that covers a whole sentence (a bold headline, a link
//!   around the whole sentence) stays outside the segment, and so do
//!   standalone codes at its start or end (a footnote reference after
//!   the full stop): the segment holds what the translator must place;
//! - a sentence boundary inside a link or another element with content
//!   is not used (the sentences stay one segment), so that every code
//!   with content opens and closes in one segment;
//! - in a translation, a placeholder the source has not is text; a
//!   standalone code the translation leaves out is put at its end (a
//!   footnote reference is never lost); a code with content left out
//!   whole is dropped; half of one, or codes with content crossing each
//!   other, is an error naming the segment.

pub mod docx;
pub mod html;

use crate::formats::xliff::{Content, NewDocument, NewSegment, XliffVersion, escape};
use crate::lang::Lang;
use crate::segment::Segmenter;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// Why a document could not be read or written; one line naming the
/// file and the place (the part of a Word file and its line, or the
/// line of an HTML file).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OfficeError {
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
    /// The file is not what its kind needs (not a ZIP, encrypted, no
    /// `word/document.xml`, not UTF-8).
    #[error("{file}: {problem}")]
    Unreadable { file: String, problem: String },
    /// A problem in one part of a Word file at a line.
    #[error("{file}: {part}: line {line}: {problem}")]
    Part { file: String, part: String, line: u64, problem: String },
    /// A problem at a line of an HTML file.
    #[error("{file}: line {line}: {problem}")]
    At { file: String, line: u64, problem: String },
    /// A translation that cannot be put in its segment's place.
    #[error("{file}: segment {segment}: {problem}")]
    Target { file: String, segment: String, problem: String },
}

/// Which kind of document was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Docx,
    Html,
}

/// One sentence of a document to translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSegment {
    /// `1`, `2`, … in document order (an XLIFF unit id).
    pub id: String,
    pub source: Content,
    /// Where it is: the part of a Word file (`word/footnotes.xml`) or the
    /// HTML file, and the line its block starts on.
    pub place: String,
    /// The line of the part (or page) its block starts on.
    pub line: u64,
}

/// A document read for translation: its segments, and what is needed to
/// write it back.
#[derive(Debug, Clone)]
pub struct ExtractedDocument {
    /// The file's name, as errors name it.
    pub file: String,
    pub kind: DocumentKind,
    /// The language the segments were cut by (BCP 47).
    pub source_language: String,
    pub segments: Vec<DocumentSegment>,
    /// The file as read (a Word file's ZIP; an HTML file's bytes).
    original: Vec<u8>,
    parts: Vec<Part>,
}

/// One XML part of a Word file, or the HTML file: its text and blocks.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) blocks: Vec<Block>,
}

/// What a block holds, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// Text with a formatting (an index into [`Block::formats`]; 0 is a
    /// run without properties, and always so in HTML). `raw` is the text
    /// as written where it is not simply the text escaped (an HTML
    /// character reference, a CR LF); such an item is never cut.
    Text {
        text: String,
        format: usize,
        raw: Option<String>,
    },
    /// The start of a code with content; `code` indexes [`Block::codes`]
    /// and its end is the `Close` with `open` equal to the same index.
    Open {
        code: usize,
    },
    Close {
        code: usize,
        open: usize,
    },
    /// A standalone code.
    Object {
        code: usize,
    },
}

impl Item {
    fn text(&self) -> Option<&str> {
        match self {
            Item::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// A paragraph or other block: where its content is in the part, its
/// items, and how they are cut into segments.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// The bytes of the part the items were read from (written anew when
    /// a segment of the block is translated).
    pub(crate) span: Range<usize>,
    pub(crate) items: Vec<Item>,
    /// Native markup of each code.
    pub(crate) codes: Vec<String>,
    /// Run properties (`w:rPr` as written) by format index; `[""]` in HTML.
    pub(crate) formats: Vec<String>,
    /// The WordprocessingML prefix with its colon (`w:`); "" in HTML.
    pub(crate) prefix: String,
    pub(crate) regions: Vec<Region>,
    /// Word: each format's properties with what does not show left out →
    /// its index in `formats`.
    pub(crate) format_keys: HashMap<String, usize>,
    /// Where each code's markup is in the part (HTML: the whole code, for
    /// attribute values translated inside it; Word: what a code holds as
    /// written, for text box paragraphs translated inside it).
    pub(crate) code_spans: Vec<Range<usize>>,
    /// Word: a paragraph of a text box (`w:txbxContent`), which is inside a
    /// code of the paragraph holding the box: written, like an HTML
    /// attribute value, by replacing its span in the part.
    pub(crate) nested: bool,
    /// Word: where a text box paragraph is (which `mc:AlternateContent`,
    /// Choice or Fallback).
    pub(crate) box_place: docx::BoxPlace,
    /// HTML: the block is an attribute's value (`alt`, `title`) quoted by
    /// this byte (0: not quoted), not text between tags.
    pub(crate) attribute: Option<u8>,
}

/// A stretch of a block's items: outside every segment, or one segment.
#[derive(Debug, Clone)]
pub(crate) enum Region {
    Between(Range<usize>),
    Segment { segment: usize, items: Range<usize>, codes: Vec<(String, CodeRef)>, base_format: usize },
}

/// What a segment's placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeRef {
    /// Text in another format than the segment's own: the start or the end.
    FormatStart(usize),
    FormatEnd(usize),
    Open(usize),
    Close(usize),
    Object(usize),
}

/// How a format writes its items and names its native codes.
pub(crate) trait Render {
    /// The markup of items (text escaped, codes as written).
    fn render(&self, block: &Block, items: &[Item], out: &mut String);
}

/// Cuts a block's text into sentences and records the segments (pushed
/// to `segments` with the next ids) in `block.regions`.
pub(crate) fn segment_block(
    block: &mut Block,
    segmenter: &Segmenter,
    collapse: bool,
    place: (&str, u64),
    segments: &mut Vec<DocumentSegment>,
) {
    let text: String = block.items.iter().filter_map(Item::text).collect();
    if text.trim().is_empty() {
        block.regions = vec![Region::Between(0..block.items.len())];
        return;
    }
    // the segmenter ends a sentence at every line break: in laid-out HTML a
    // line break is a space (same length, so the spans still fit)
    let spans = if collapse { segmenter.spans(&text.replace(['\n', '\r', '\t'], " ")) } else { segmenter.spans(&text) };
    // the text offset where each item starts
    let mut starts = Vec::with_capacity(block.items.len());
    let mut at = 0;
    for item in &block.items {
        starts.push(at);
        at += item.text().map_or(0, str::len);
    }
    // a boundary inside a code with content is not used
    // (by the start and end of each code's text, summed up: linear in the block)
    let mut inside = vec![0i32; text.len() + 2];
    let (open_at, close_at) = code_places(&block.items);
    for (code, &open) in &open_at {
        if let Some(&close) = close_at.get(code) {
            let (from, to) = (starts[open], starts[close]);
            if to > from + 1 {
                inside[from + 1] += 1;
                inside[to] -= 1;
            }
        }
    }
    for at in 1..inside.len() {
        inside[at] += inside[at - 1];
    }
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if inside[last.1..=start].iter().all(|&d| d > 0) => last.1 = end,
            _ => merged.push((start, end)),
        }
    }
    // cut text items at every span edge so that segments are runs of whole items
    let mut cuts: Vec<usize> = merged.iter().flat_map(|&(s, e)| [s, e]).collect();
    cuts.dedup();
    let mut items = Vec::with_capacity(block.items.len() + cuts.len());
    for (i, item) in block.items.drain(..).enumerate() {
        match item {
            Item::Text { text: t, format, raw: None } => {
                let from = starts[i];
                let mut last = 0;
                for &cut in cuts.iter().filter(|&&c| c > from && c < from + t.len()) {
                    items.push(Item::Text { text: t[last..cut - from].to_string(), format, raw: None });
                    last = cut - from;
                }
                items.push(Item::Text { text: t[last..].to_string(), format, raw: None });
            }
            other => items.push(other),
        }
    }
    items.retain(|i| i.text() != Some(""));
    block.items = items;
    let mut starts = Vec::with_capacity(block.items.len());
    let mut at = 0;
    for item in &block.items {
        starts.push(at);
        at += item.text().map_or(0, str::len);
    }
    let (open_at, close_at) = code_places(&block.items);
    let mut regions = Vec::new();
    let mut done = 0;
    for (start, end) in merged {
        // the items whose text is in the sentence
        let in_sentence = |i: usize| block.items[i].text().is_some_and(|t| starts[i] < end && starts[i] + t.len() > start);
        let Some(mut s) = (done..block.items.len()).find(|&i| in_sentence(i)) else { continue };
        let mut e = (s..block.items.len()).rev().find(|&i| in_sentence(i)).map_or(s + 1, |i| i + 1);
        // take in both halves of every code with content that has a half inside
        loop {
            let (mut from, mut to) = (s, e);
            for item in &block.items[s..e] {
                match *item {
                    Item::Open { code } => {
                        if let Some(&c) = close_at.get(&code).filter(|&&c| c >= to) {
                            to = c + 1;
                        }
                    }
                    Item::Close { open, .. } => {
                        if let Some(&o) = open_at.get(&open).filter(|&&o| o < from) {
                            from = o.max(done);
                        }
                    }
                    _ => {}
                }
            }
            if (from, to) == (s, e) {
                break;
            }
            (s, e) = (from, to);
        }
        // leave out codes around the whole sentence, and standalone codes at its edges
        loop {
            match (&block.items[s], &block.items[e - 1]) {
                (Item::Open { code }, Item::Close { open, .. }) if code == open && e - s > 2 => {
                    s += 1;
                    e -= 1;
                }
                (Item::Object { .. }, _) if e - s > 1 => s += 1,
                (_, Item::Object { .. }) if e - s > 1 => e -= 1,
                _ => break,
            }
        }
        if s > done {
            regions.push(Region::Between(done..s));
        }
        let index = segments.len();
        let (source, codes, base_format) = segment_content(block, s..e, collapse);
        segments.push(DocumentSegment { id: (index + 1).to_string(), source, place: place.0.to_string(), line: place.1 });
        regions.push(Region::Segment { segment: index, items: s..e, codes, base_format });
        done = e;
    }
    if done < block.items.len() {
        regions.push(Region::Between(done..block.items.len()));
    }
    block.regions = regions;
}

/// Where each code with content opens and closes among `items`, by the
/// code of its start.
fn code_places(items: &[Item]) -> (HashMap<usize, usize>, HashMap<usize, usize>) {
    let (mut open_at, mut close_at) = (HashMap::new(), HashMap::new());
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Open { code } => {
                open_at.insert(*code, i);
            }
            Item::Close { open, .. } => {
                close_at.insert(*open, i);
            }
            _ => {}
        }
    }
    (open_at, close_at)
}

/// The format of the most characters of the items (the first, on a tie).
fn base_format(items: &[Item]) -> usize {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for item in items {
        if let Item::Text { text, format, .. } = item {
            let n = text.chars().filter(|c| !c.is_whitespace()).count();
            match counts.iter_mut().find(|(f, _)| f == format) {
                Some(entry) => entry.1 += n,
                None => counts.push((*format, n)),
            }
        }
    }
    // max_by_key keeps the last of equal ones: reversed, the first wins
    counts.iter().rev().max_by_key(|(_, n)| *n).map_or(0, |(f, _)| *f)
}

/// A segment's content and what each of its placeholders stands for.
fn segment_content(block: &Block, range: Range<usize>, collapse: bool) -> (Content, Vec<(String, CodeRef)>, usize) {
    let items = &block.items[range];
    let base = base_format(items);
    let mut text = String::new();
    let mut markup = String::new();
    let mut codes: Vec<(String, CodeRef)> = Vec::new();
    let mut xliff_codes: Vec<(String, String)> = Vec::new();
    let mut number = 0;
    // the open format span: its number and format
    let mut format_open: Option<(usize, usize)> = None;
    // codes with content open: code index → number
    let mut open: HashMap<usize, usize> = HashMap::new();
    let mut add = |placeholder: String, xliff: String, code: CodeRef, text: &mut String, markup: &mut String| {
        text.push_str(&placeholder);
        markup.push_str(&xliff);
        xliff_codes.push((placeholder.clone(), xliff));
        codes.push((placeholder, code));
    };
    let native = |s: &str| escape(s, false);
    for item in items {
        let format = match item {
            Item::Text { format, .. } => *format,
            _ => base,
        };
        // a format span ends where the format changes, and before any code
        if let Some((n, f)) = format_open
            && (format != f || !matches!(item, Item::Text { .. }))
        {
            add(format!("{{/{n}}}"), format!("<ept id=\"{n}\"></ept>"), CodeRef::FormatEnd(f), &mut text, &mut markup);
            format_open = None;
        }
        match item {
            Item::Text { text: t, format, .. } => {
                if *format != base && format_open.is_none() {
                    number += 1;
                    let xliff = format!("<bpt id=\"{number}\">{}</bpt>", native(&block.formats[*format]));
                    add(format!("{{{number}}}"), xliff, CodeRef::FormatStart(*format), &mut text, &mut markup);
                    format_open = Some((number, *format));
                }
                let shown = if collapse { collapse_space(t, text.ends_with(' ')) } else { t.clone() };
                markup.push_str(&escape(&shown, false));
                text.push_str(&shown);
            }
            Item::Open { code } => {
                number += 1;
                open.insert(*code, number);
                let xliff = format!("<bpt id=\"{number}\">{}</bpt>", native(&block.codes[*code]));
                add(format!("{{{number}}}"), xliff, CodeRef::Open(*code), &mut text, &mut markup);
            }
            Item::Close { code, open: opened } => {
                let n = open.remove(opened).unwrap_or(0);
                let xliff = format!("<ept id=\"{n}\">{}</ept>", native(&block.codes[*code]));
                add(format!("{{/{n}}}"), xliff, CodeRef::Close(*code), &mut text, &mut markup);
            }
            Item::Object { code } => {
                number += 1;
                let xliff = format!("<ph id=\"{number}\">{}</ph>", native(&block.codes[*code]));
                add(format!("{{{number}/}}"), xliff, CodeRef::Object(*code), &mut text, &mut markup);
            }
        }
    }
    if let Some((n, f)) = format_open {
        add(format!("{{/{n}}}"), format!("<ept id=\"{n}\"></ept>"), CodeRef::FormatEnd(f), &mut text, &mut markup);
    }
    (Content { text, markup, codes: xliff_codes }, codes, base)
}

/// `text` with each run of white space one space (none at the start when
/// `after_space`: the text before ended with one).
fn collapse_space(text: &str, after_space: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = after_space;
    for c in text.chars() {
        if matches!(c, ' ' | '\n' | '\r' | '\t' | '\u{c}') {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The items of a translation of a segment: text in the formats its
/// placeholders say, and the segment's codes where they are placed.
fn target_items(target: &str, codes: &[(String, CodeRef)], base: usize) -> Result<Vec<Item>, String> {
    // the placeholders the content convention writes: {1} {/1} {1/}
    static PLACEHOLDER: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"\{/?[0-9]+/?\}").expect("valid regex"));
    if let Some(c) = crate::formats::non_xml_char(target) {
        return Err(format!("control character U+{:04X} in the translation", c as u32));
    }
    let mut items = Vec::new();
    let mut formats: Vec<usize> = vec![base];
    let mut open: Vec<usize> = Vec::new();
    let mut used = vec![false; codes.len()];
    let push_text = |items: &mut Vec<Item>, text: &str, format: usize| {
        if !text.is_empty() {
            items.push(Item::Text { text: text.to_string(), format, raw: None });
        }
    };
    let index_of: HashMap<&str, usize> = codes.iter().enumerate().map(|(i, (p, _))| (p.as_str(), i)).collect();
    // the end of each code with content → the code of its start
    let opener = |close: &str| match index_of.get(close.replacen("{/", "{", 1).as_str()).map(|&i| codes[i].1) {
        Some(CodeRef::Open(o)) => Some(o),
        _ => None,
    };
    let mut at = 0;
    for found in PLACEHOLDER.find_iter(target) {
        let Some(&index) = index_of.get(found.as_str()) else { continue };
        push_text(&mut items, &target[at..found.start()], *formats.last().unwrap_or(&base));
        at = found.end();
        if used[index] {
            return Err(format!("{} is placed twice", found.as_str()));
        }
        used[index] = true;
        match codes[index].1 {
            CodeRef::FormatStart(f) => formats.push(f),
            CodeRef::FormatEnd(f) => {
                if let Some(at) = formats.iter().rposition(|&x| x == f).filter(|&at| at > 0) {
                    formats.remove(at);
                }
            }
            CodeRef::Open(code) => {
                open.push(code);
                items.push(Item::Open { code });
            }
            CodeRef::Close(code) => {
                let Some(opened) = opener(found.as_str()) else { continue };
                if open.last() != Some(&opened) {
                    return Err(format!("{} closes a code that is not the last one open there", found.as_str()));
                }
                open.pop();
                items.push(Item::Close { code, open: opened });
            }
            CodeRef::Object(code) => items.push(Item::Object { code }),
        }
    }
    push_text(&mut items, &target[at..], *formats.last().unwrap_or(&base));
    if !open.is_empty() {
        let p = codes.iter().find(|(_, c)| *c == CodeRef::Open(open[open.len() - 1])).map_or("", |(p, _)| p.as_str());
        return Err(format!("{p} is opened but not closed"));
    }
    // (a code with content opened and not closed was refused above)
    for ((_, code), used) in codes.iter().zip(used) {
        if let (CodeRef::Object(code), false) = (code, used) {
            items.push(Item::Object { code: *code });
        }
    }
    Ok(items)
}

impl DocumentKind {
    /// The kind of a file by its name's extension (`.docx`, `.html`,
    /// `.htm`, `.xhtml`; any case), `None` for other names.
    pub fn of_name(name: &str) -> Option<DocumentKind> {
        let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        match extension.as_str() {
            "docx" => Some(DocumentKind::Docx),
            "html" | "htm" | "xhtml" => Some(DocumentKind::Html),
            _ => None,
        }
    }
}

impl ExtractedDocument {
    /// Reads the document at `path` (at most [`docx::MAX_FILE_BYTES`]),
    /// named `file` in errors, as `kind`, its text cut by `lang`'s rules.
    pub fn read_file(kind: DocumentKind, path: &std::path::Path, file: &str, lang: &Lang) -> Result<ExtractedDocument, OfficeError> {
        let bytes = ExtractedDocument::read_bytes_of(kind, path, file)?;
        ExtractedDocument::read(kind, bytes, file, lang)
    }

    /// The bytes of the document at `path` (at most [`docx::MAX_FILE_BYTES`]).
    pub fn read_bytes_of(_kind: DocumentKind, path: &std::path::Path, file: &str) -> Result<Vec<u8>, OfficeError> {
        use std::io::Read;
        let io = |source| OfficeError::Io { file: file.to_string(), source };
        let mut bytes = Vec::new();
        std::fs::File::open(path).map_err(io)?.take(docx::MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > docx::MAX_FILE_BYTES {
            let problem = format!("larger than {} bytes, Word's own limit for a document", docx::MAX_FILE_BYTES);
            return Err(OfficeError::Unreadable { file: file.to_string(), problem });
        }
        Ok(bytes)
    }

    /// Whether `bytes` can be a document of `kind` at all: a Word file is
    /// a ZIP (not encrypted) with its main document part, an HTML page is
    /// UTF-8. Cheap: nothing is decompressed or parsed.
    pub fn check(kind: DocumentKind, bytes: &[u8], file: &str) -> Result<(), OfficeError> {
        match kind {
            DocumentKind::Docx => docx::check_package(bytes, file),
            DocumentKind::Html => html::check_encoding(bytes, file),
        }
    }

    /// The language a document says it is in, if it says: an HTML page's
    /// `lang` (or `xml:lang`) on `<html>`, a Word file's `dc:language` in
    /// `docProps/core.xml`. Not checked here.
    pub fn declared_language(kind: DocumentKind, bytes: &[u8]) -> Option<String> {
        match kind {
            DocumentKind::Html => html::declared_language(bytes),
            DocumentKind::Docx => docx::declared_language(bytes),
        }
    }

    /// Whether `target` can stand in the place of segment `id` (its codes
    /// nest and it has no control character); why not, if not.
    pub fn check_target(&self, id: &str, target: &str) -> Result<(), String> {
        for part in &self.parts {
            for block in &part.blocks {
                for region in &block.regions {
                    if let Region::Segment { segment, codes, base_format, .. } = region
                        && self.segments[*segment].id == id
                    {
                        return target_items(target, codes, *base_format).map(|_| ());
                    }
                }
            }
        }
        Err(format!("no segment {id}"))
    }

    /// Reads a document of `kind` from its bytes.
    pub fn read(kind: DocumentKind, bytes: Vec<u8>, file: &str, lang: &Lang) -> Result<ExtractedDocument, OfficeError> {
        match kind {
            DocumentKind::Docx => docx::extract(bytes, file, lang),
            DocumentKind::Html => html::extract(bytes, file, lang),
        }
    }

    /// The segment with this id.
    pub fn segment(&self, id: &str) -> Option<&DocumentSegment> {
        self.segments.iter().find(|s| s.id == id)
    }

    /// Writes the document with each segment's translation from
    /// `targets` (segment id → text with the source's placeholders) in
    /// place of its source, to `out`. Fails before writing anything when
    /// a translation cannot be placed.
    pub fn write_translated<W: std::io::Write + std::io::Seek>(&self, targets: &HashMap<String, String>, out: W) -> Result<W, OfficeError> {
        let parts = self.translated_parts(targets, false)?;
        match self.kind {
            DocumentKind::Docx => docx::write(self, parts, out),
            DocumentKind::Html => html::write(self, parts, out),
        }
    }

    /// Each part's text with the translations in place: `None` for a part
    /// with nothing changed. With `rewrite`, every block with a segment is
    /// written anew from its items even where nothing changed (to test
    /// that writing keeps text and formatting).
    pub(crate) fn translated_parts(&self, targets: &HashMap<String, String>, rewrite: bool) -> Result<Vec<Option<String>>, OfficeError> {
        let renderer: &dyn Render = match self.kind {
            DocumentKind::Docx => &docx::Docx,
            DocumentKind::Html => &html::Html,
        };
        let changed = |segment: usize| {
            let s = &self.segments[segment];
            targets.get(&s.id).filter(|t| **t != s.source.text)
        };
        let touched = |block: &Block| {
            block.regions.iter().any(|r| matches!(r, Region::Segment { segment, .. } if rewrite || changed(*segment).is_some()))
        };
        let write_block = |block: &Block, out: &mut String| -> Result<(), OfficeError> {
            for region in &block.regions {
                match region {
                    Region::Between(items) => renderer.render(block, &block.items[items.clone()], out),
                    Region::Segment { segment, items, codes, base_format } => match changed(*segment) {
                        None => renderer.render(block, &block.items[items.clone()], out),
                        Some(target) => {
                            let new = target_items(target, codes, *base_format).map_err(|problem| OfficeError::Target {
                                file: self.file.clone(),
                                segment: self.segments[*segment].id.clone(),
                                problem,
                            })?;
                            renderer.render(block, &new, out);
                        }
                    },
                }
            }
            Ok(())
        };
        let mut written = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            // attribute values written anew: where they are and their new text
            let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
            for block in part.blocks.iter().filter(|b| (b.attribute.is_some() || b.nested) && touched(b)) {
                let mut value = String::new();
                write_block(block, &mut value)?;
                if block.attribute == Some(0) {
                    value = format!("\"{value}\"");
                }
                replacements.push((block.span.clone(), value));
            }
            replacements.sort_by_key(|(r, _)| r.start);
            let text_blocks = || part.blocks.iter().filter(|b| b.attribute.is_none() && !b.nested);
            if replacements.is_empty() && !text_blocks().any(touched) {
                written.push(None);
                continue;
            }
            let mut out = String::with_capacity(part.text.len() + part.text.len() / 4);
            let mut at = 0;
            for block in text_blocks() {
                if !touched(block) {
                    continue;
                }
                copy_replacing(&part.text, at..block.span.start, &replacements, &mut out);
                if replacements.iter().any(|(r, _)| r.start >= block.span.start && r.end <= block.span.end) {
                    let mut patched = block.clone();
                    for (code, span) in patched.codes.iter_mut().zip(&block.code_spans) {
                        if !replacements.iter().any(|(r, _)| r.start >= span.start && r.end <= span.end) {
                            continue;
                        }
                        let mut new = String::new();
                        copy_replacing(&part.text, span.clone(), &replacements, &mut new);
                        // a Word run's code wraps what it holds in the run's tags
                        let original = &part.text[span.clone()];
                        *code = if code.as_str() == original { new } else { code.replacen(original, &new, 1) };
                    }
                    write_block(&patched, &mut out)?;
                } else {
                    write_block(block, &mut out)?;
                }
                at = block.span.end;
            }
            copy_replacing(&part.text, at..part.text.len(), &replacements, &mut out);
            written.push(Some(out));
        }
        Ok(written)
    }

    /// The document-level facts of an XLIFF 1.2 to review a translation
    /// of this document in.
    pub fn review_document(&self, target_language: Option<&str>) -> NewDocument {
        NewDocument {
            version: XliffVersion::V1_2,
            source_language: self.source_language.clone(),
            target_language: target_language.map(str::to_string),
            original: self.file.clone(),
            // XLIFF 1.2 §2.3.1 "datatype": `html` is listed; Word is not, so `x-` names it
            datatype: match self.kind {
                DocumentKind::Html => "html".to_string(),
                DocumentKind::Docx => "x-docx".to_string(),
            },
        }
    }

    /// One XLIFF unit per segment, with its translation from `targets`
    /// (in the source's inline codes) where there is one; the caller sets
    /// `state`, notes and matches. A translation whose codes cannot be placed is an
    /// error naming the segment.
    pub fn review_segments(&self, targets: &HashMap<String, String>) -> Result<Vec<NewSegment>, OfficeError> {
        self.segments
            .iter()
            .map(|s| {
                let target = match targets.get(&s.id) {
                    None => None,
                    Some(t) => {
                        let markup = s.source.markup_for(t).map_err(|problem| OfficeError::Target {
                            file: self.file.clone(),
                            segment: s.id.clone(),
                            problem,
                        })?;
                        let codes = s.source.codes.iter().filter(|(p, _)| t.contains(p.as_str())).cloned().collect();
                        Some(Content { text: t.clone(), markup, codes })
                    }
                };
                Ok(NewSegment {
                    id: s.id.clone(),
                    source: s.source.clone(),
                    target,
                    state: None,
                    note: Some(s.place.clone()),
                    matches: Vec::new(),
                    original_data: Vec::new(),
                })
            })
            .collect()
    }
}

/// `text[range]` with the replacements (sorted, not overlapping) that
/// fall inside it made.
fn copy_replacing(text: &str, range: Range<usize>, replacements: &[(Range<usize>, String)], out: &mut String) {
    let mut at = range.start;
    for (span, new) in replacements.iter().filter(|(r, _)| r.start >= range.start && r.end <= range.end) {
        out.push_str(&text[at..span.start]);
        out.push_str(new);
        at = span.end;
    }
    out.push_str(&text[at..range.end]);
}

/// The 1-based line of byte `at` of `text`.
pub(crate) fn line_at(text: &str, at: usize) -> u64 {
    text.as_bytes()[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

#[cfg(test)]
mod tests;
