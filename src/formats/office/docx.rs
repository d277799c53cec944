//! Word documents (.docx, Office Open XML WordprocessingML, ECMA-376):
//! the paragraphs (`w:p`) of the main document, the footnotes, endnotes,
//! headers and footers, each paragraph's runs read into text in formats
//! (a run's `w:rPr` as written) with links, tracked insertions, smart
//! tags, simple fields and content controls as codes with content, and footnote
//! references, drawings, field characters, bookmarks and anything else
//! as standalone codes (kept as written). `w:tab` is a tab, a text-wrapping
//! `w:br` and `w:cr` a line break (which ends a sentence),
//! `w:noBreakHyphen` U+2011 and `w:softHyphen` U+00AD; spelling marks
//! (`w:proofErr`) and Word's record of where a page broke
//! (`w:lastRenderedPageBreak`) are left out of a paragraph written anew.
//! A drawing or picture in a run is a standalone code, and the paragraphs
//! of a text box in it (`w:txbxContent`, in a DrawingML `wps:txbx` or a
//! VML `v:textbox`) are read as blocks of their own, after the paragraph
//! holding it, and written back inside that code. Word writes a text box
//! twice, as `mc:AlternateContent` with a DrawingML `mc:Choice` and a VML
//! `mc:Fallback` for older readers: the Choice's paragraphs give the
//! segments, and the Fallback's paragraphs, when they hold the same
//! sentences, take the same segments (so both get the same translation;
//! a Fallback that differs gives segments of its own). Text boxes inside
//! a text box stay inside their paragraph's code, untranslated.
//!
//! The ZIP is read with the `zip` crate (reading and writing ZIP is not
//! worth writing again), the XML with quick-xml as the other readers do.
//! Writing copies every entry of the ZIP as it is stored (not
//! decompressed) except the XML parts with a translated paragraph, and
//! in those every paragraph without one as written.
//!
//! Refused, with one line naming the file and what it is: a file that is
//! not a ZIP; an encrypted Word file (an OLE compound file holding an
//! `EncryptedPackage` stream, which is what Word writes for a document
//! with a password) or an older `.doc`; a ZIP without the main document
//! part; a part that is ZIP-encrypted, in UTF-16 or decompresses to
//! more than [`MAX_PART_BYTES`]; malformed XML (named by part and line).

use super::{Block, DocumentKind, ExtractedDocument, Item, OfficeError, Part, Region, Render, line_at, segment_block};
use crate::lang::Lang;
use crate::segment::Segmenter;
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Read, Seek, Write};
use std::ops::Range;
use std::sync::LazyLock;

/// The largest XML part read, decompressed (256 MiB). Word opens
/// documents of at most 32 MB of text (Microsoft's "Word specifications
/// and limits"), whose WordprocessingML, with run markup around the
/// text, stays well under this; a part that inflates past it is a ZIP
/// bomb, not a document, and is refused before it fills the memory.
pub const MAX_PART_BYTES: u64 = 256 << 20;

/// The largest document file read (512 MiB, Word's own limit for a
/// document with its pictures, in the same list of limits; an HTML page
/// is far smaller).
pub const MAX_FILE_BYTES: u64 = 512 << 20;

/// How deep elements may nest in a part (256: a table in a table cell in
/// a text box in a paragraph is some 20 levels; the reader of a
/// paragraph's links and insertions recurses, so hostile nesting must
/// stop before the stack does).
const MAX_DEPTH: usize = 256;

/// The WordprocessingML namespaces: transitional (what Word writes) and
/// strict (ISO/IEC 29500 strict).
const NAMESPACES: [&str; 2] =
    ["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"];

/// The start of an OLE compound file (MS-CFB §2.2), which Word uses for
/// `.doc` and for an encrypted `.docx` (MS-OFFCRYPTO §2.3.4).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Elements with content that hold runs and stay around them as codes.
const CONTAINERS: [&str; 8] = ["hyperlink", "smartTag", "ins", "moveTo", "fldSimple", "customXml", "dir", "bdo"];

/// Writes WordprocessingML runs.
pub(crate) struct Docx;

/// Reads a Word file from its bytes: its segments, cut by `lang`'s rules.
pub fn extract(bytes: Vec<u8>, file: &str, lang: &Lang) -> Result<ExtractedDocument, OfficeError> {
    extract_capped(bytes, file, lang, MAX_PART_BYTES)
}

/// Whether `bytes` are a Word package at all (not encrypted, a ZIP, with
/// its main document part), before anything is decompressed.
pub(crate) fn check_package(bytes: &[u8], file: &str) -> Result<(), OfficeError> {
    let unreadable = |problem: String| OfficeError::Unreadable { file: file.to_string(), problem };
    if bytes.starts_with(&OLE_MAGIC) {
        let encrypted: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        return Err(unreadable(if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            "an encrypted Word document (password-protected: an OLE compound file with an EncryptedPackage); remove the password in Word and save it again".to_string()
        } else {
            "an OLE compound file (a Word 97-2003 .doc?), not a .docx; save it as .docx".to_string()
        }));
    }
    if !bytes.starts_with(b"PK\x03\x04") && !bytes.starts_with(b"PK\x05\x06") {
        return Err(unreadable("not a ZIP archive, so not a Word .docx (which is one)".to_string()));
    }
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(format!("not a readable ZIP archive: {e}")))?;
    let main = main_part(&mut archive, file, MAX_PART_BYTES)?;
    if archive.index_for_name(&main).is_none() {
        return Err(unreadable(format!("a ZIP without {main}: not a Word document")));
    }
    Ok(())
}

/// [`extract`] with parts capped at `cap` bytes decompressed.
pub(crate) fn extract_capped(bytes: Vec<u8>, file: &str, lang: &Lang, cap: u64) -> Result<ExtractedDocument, OfficeError> {
    let unreadable = |problem: String| OfficeError::Unreadable { file: file.to_string(), problem };
    check_package(&bytes, file)?;
    let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).map_err(|e| unreadable(format!("not a readable ZIP archive: {e}")))?;
    let main = main_part(&mut archive, file, cap)?;
    let names: Vec<String> = archive.file_names().filter_map(Result::ok).map(|n| n.into_owned()).collect();
    if !names.contains(&main) {
        return Err(unreadable(format!("a ZIP without {main}: not a Word document")));
    }
    // the main document, then its notes, then headers and footers
    let rank = |name: &str| -> Option<u8> {
        let stem = name.strip_prefix("word/")?.strip_suffix(".xml")?;
        let digitless = stem.trim_end_matches(|c: char| c.is_ascii_digit());
        match digitless {
            "footnotes" if stem == "footnotes" => Some(1),
            "endnotes" if stem == "endnotes" => Some(2),
            "header" | "footer" => Some(3),
            _ => None,
        }
    };
    let mut wanted: Vec<(u8, String)> = names.iter().filter_map(|n| rank(n).map(|r| (r, n.clone()))).collect();
    wanted.push((0, main));
    wanted.sort();
    let segmenter = Segmenter::new(lang);
    let mut segments = Vec::new();
    let mut parts = Vec::new();
    for (_, name) in wanted {
        let text = read_part(&mut archive, file, &name, cap)?;
        let mut blocks = read_paragraphs(&text, file, &name)?;
        // the text box paragraphs of each mc:Choice, in order, by AlternateContent
        let mut choices: Vec<(usize, usize)> = Vec::new();
        let mut holder = 0;
        for at in 0..blocks.len() {
            let line = line_at(&text, blocks[at].span.start);
            let place = if blocks[at].nested { format!("{name} line {line} (text box)") } else { format!("{name} line {line}") };
            let BoxPlace { alternate, fallback } = blocks[at].box_place;
            if !blocks[at].nested {
                holder = at;
                choices.clear();
            } else if alternate > 0 && !fallback {
                choices.push((alternate, at));
            } else if fallback {
                // the Fallback's n-th paragraph and the Choice's n-th of the same AlternateContent
                let n = blocks[holder..at].iter().filter(|b| b.nested && b.box_place == blocks[at].box_place).count();
                let choice = choices.iter().filter(|(a, _)| *a == alternate).nth(n).map(|&(_, c)| c);
                let theirs: Vec<usize> = choice.map_or_else(Vec::new, |c| {
                    blocks[c]
                        .regions
                        .iter()
                        .filter_map(|r| if let Region::Segment { segment, .. } = r { Some(*segment) } else { None })
                        .collect()
                });
                if choice.is_some() && same_sentences(&theirs, &mut blocks[at], &segmenter, &segments) {
                    continue;
                }
            }
            segment_block(&mut blocks[at], &segmenter, false, (&place, line), &mut segments);
        }
        parts.push(Part { name, text, blocks });
    }
    Ok(ExtractedDocument {
        file: file.to_string(),
        kind: DocumentKind::Docx,
        source_language: lang.to_string(),
        segments,
        original: bytes,
        parts,
    })
}

/// Whether `fallback` (a text box paragraph of an `mc:Fallback`) cut
/// into sentences gives the same segments as the `mc:Choice`'s paragraph,
/// which gave `theirs` (indices into `segments`): if so, `fallback` is
/// cut so, its regions naming those segments; if not, it is left as it was.
fn same_sentences(theirs: &[usize], fallback: &mut Block, segmenter: &Segmenter, segments: &[super::DocumentSegment]) -> bool {
    let mut trial = fallback.clone();
    let mut own = Vec::new();
    segment_block(&mut trial, segmenter, false, ("", 0), &mut own);
    let same = own.len() == theirs.len() && own.iter().zip(theirs).all(|(o, &t)| o.source == segments[t].source);
    if same {
        for region in &mut trial.regions {
            if let Region::Segment { segment, .. } = region {
                *segment = theirs[*segment];
            }
        }
        *fallback = trial;
    }
    same
}

/// The `dc:language` of a Word file's core properties, if it has one.
pub(crate) fn declared_language(bytes: &[u8]) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    // the core properties are a few hundred bytes; 1 MiB is plenty
    let core = read_part(&mut archive, "", "docProps/core.xml", 1 << 20).ok()?;
    let mut xml = quick_xml::Reader::from_str(&core);
    let mut inside = false;
    loop {
        match xml.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == "language" => inside = true,
            Event::Text(t) if inside => return Some(t.xml10_content().trim().to_string()).filter(|l| !l.is_empty()),
            Event::End(_) => inside = false,
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// The main document part, as the package relationships name it
/// (`word/document.xml` when they do not).
fn main_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, file: &str, cap: u64) -> Result<String, OfficeError> {
    if archive.index_for_name("_rels/.rels").is_none() {
        return Ok("word/document.xml".to_string());
    }
    let rels = read_part(archive, file, "_rels/.rels", cap)?;
    let mut xml = quick_xml::Reader::from_str(&rels);
    loop {
        match xml.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let kind = attribute(&e, "Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    let target = attribute(&e, "Target").unwrap_or_default();
                    return Ok(target.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) => return Ok("word/document.xml".to_string()),
            Ok(_) => {}
            Err(e) => {
                let line = line_at(&rels, xml.error_position() as usize);
                return Err(OfficeError::Part { file: file.to_string(), part: "_rels/.rels".to_string(), line, problem: e.to_string() });
            }
        }
    }
}

fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// An XML part, decompressed within `cap` bytes, as UTF-8 text.
fn read_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, file: &str, name: &str, cap: u64) -> Result<String, OfficeError> {
    let unreadable = |problem: String| OfficeError::Unreadable { file: file.to_string(), problem: format!("{name}: {problem}") };
    let entry = archive.by_name(name).map_err(|e| unreadable(e.to_string()))?;
    if entry.encrypted() {
        return Err(unreadable("encrypted in the ZIP; not read".to_string()));
    }
    let mut bytes = Vec::new();
    entry.take(cap + 1).read_to_end(&mut bytes).map_err(|e| unreadable(format!("cannot be decompressed: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(unreadable(format!("decompresses to more than {cap} bytes (a ZIP bomb?); not read")));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(unreadable("in UTF-16; only UTF-8 parts are read".to_string()));
    }
    String::from_utf8(bytes).map_err(|e| unreadable(format!("not UTF-8 at byte {}", e.utf8_error().valid_up_to())))
}

/// quick-xml over a part's text, with each event's byte range.
struct Events<'t> {
    text: &'t str,
    xml: quick_xml::Reader<&'t [u8]>,
    file: &'t str,
    part: &'t str,
    /// The WordprocessingML prefix with its colon (`w:`), or "" when it is the default namespace.
    prefix: String,
    depth: usize,
    /// Where in `text` the reader's input starts (reading a paragraph again
    /// for its text boxes).
    base: usize,
}

impl<'t> Events<'t> {
    fn new(text: &'t str, file: &'t str, part: &'t str) -> Events<'t> {
        Events::within(text, 0..text.len(), file, part, "w:")
    }

    /// Events of `text[range]`, with ranges and lines in `text`.
    fn within(text: &'t str, range: Range<usize>, file: &'t str, part: &'t str, prefix: &str) -> Events<'t> {
        let mut xml = quick_xml::Reader::from_str(&text[range.clone()]);
        xml.config_mut().check_end_names = true;
        Events { text, xml, file, part, prefix: prefix.to_string(), depth: 0, base: range.start }
    }

    fn error(&self, at: usize, problem: impl Into<String>) -> OfficeError {
        OfficeError::Part {
            file: self.file.to_string(),
            part: self.part.to_string(),
            line: line_at(self.text, at),
            problem: problem.into(),
        }
    }

    fn next(&mut self) -> Result<(Event<'t>, Range<usize>), OfficeError> {
        let start = self.base + self.xml.buffer_position() as usize;
        let event = self.xml.read_event().map_err(|e| self.error(self.base + self.xml.error_position() as usize, e.to_string()))?;
        let end = self.base + self.xml.buffer_position() as usize;
        match &event {
            Event::Start(_) if self.depth >= MAX_DEPTH => {
                return Err(self.error(start, format!("elements nested more than {MAX_DEPTH} deep")));
            }
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth -= 1,
            Event::Eof if self.depth > 0 => return Err(self.error(end, "the part ends inside an element (cut short?)")),
            _ => {}
        }
        Ok((event, start..end))
    }

    /// The WordprocessingML local name of an element, if it is one.
    fn local<'n>(&self, e: &'n BytesStart<'_>) -> Option<&'n str> {
        let name: &str = e.name().into_inner();
        name.strip_prefix(self.prefix.as_str()).filter(|l| !l.contains(':'))
    }

    /// Reads to the end of the element whose start was just read; the end of its end tag.
    fn skip(&mut self) -> Result<usize, OfficeError> {
        let depth = self.depth;
        loop {
            let (event, range) = self.next()?;
            if matches!(event, Event::End(_)) && self.depth < depth {
                return Ok(range.end);
            }
        }
    }
}

/// The paragraphs of a part, each with its items.
fn read_paragraphs(text: &str, file: &str, part: &str) -> Result<Vec<Block>, OfficeError> {
    let mut events = Events::new(text, file, part);
    let mut blocks = Vec::new();
    let mut root = true;
    loop {
        let (event, range) = events.next()?;
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if root => {
                root = false;
                let prefix = e.attributes().flatten().find_map(|a| {
                    let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?;
                    let key = a.key.as_ref().to_string();
                    NAMESPACES.contains(&value.as_ref()).then(|| key.strip_prefix("xmlns:").map_or(String::new(), |p| format!("{p}:")))
                });
                events.prefix = prefix.unwrap_or_else(|| "w:".to_string());
            }
            Event::Start(e) if events.local(e) == Some("p") => {
                let block = read_paragraph(&mut events, range)?;
                let boxes = text_boxes(text, &block, file, part, &events.prefix)?;
                blocks.push(block);
                blocks.extend(boxes);
            }
            _ => {}
        }
    }
    if root {
        return Err(events.error(text.len(), "no root element"));
    }
    Ok(blocks)
}

/// Where a text box paragraph is: the `mc:AlternateContent` it is in
/// (numbered in its paragraph from 1; 0 when in none) and whether it is
/// in that element's `mc:Fallback`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct BoxPlace {
    pub(crate) alternate: usize,
    pub(crate) fallback: bool,
}

/// The paragraphs of the text boxes (`w:txbxContent`) in `paragraph`'s
/// content, read again from the part, each marked [`Block::nested`]; a
/// text box inside one of them is left in its code.
fn text_boxes(text: &str, paragraph: &Block, file: &str, part: &str, prefix: &str) -> Result<Vec<Block>, OfficeError> {
    // most paragraphs have none: nothing to read again
    if !text[paragraph.span.clone()].contains("txbxContent") {
        return Ok(Vec::new());
    }
    let mut events = Events::within(text, paragraph.span.clone(), file, part, prefix);
    let mut blocks = Vec::new();
    // the local names of the open elements, and the AlternateContent each is in
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut alternates = 0;
    loop {
        let (event, _) = events.next()?;
        match &event {
            Event::Eof => return Ok(blocks),
            Event::Start(e) if events.local(e) == Some("txbxContent") => {
                let alternate = open.last().map_or(0, |(_, a)| *a);
                let fallback = alternate > 0
                    && open.iter().rev().find(|(n, _)| n == "Choice" || n == "Fallback").is_some_and(|(n, _)| n == "Fallback");
                let depth = events.depth;
                loop {
                    let (event, range) = events.next()?;
                    match &event {
                        Event::Start(e) if events.local(e) == Some("p") => {
                            let mut block = read_paragraph(&mut events, range)?;
                            block.nested = true;
                            block.box_place = BoxPlace { alternate, fallback };
                            blocks.push(block);
                        }
                        Event::End(_) if events.depth < depth => break,
                        Event::Eof => return Err(events.error(range.start, "the paragraph ends inside a text box")),
                        _ => {}
                    }
                }
            }
            Event::Start(e) => {
                let name: &str = e.name().into_inner();
                let local = name.rsplit(':').next().unwrap_or(name).to_string();
                let mut alternate = open.last().map_or(0, |(_, a)| *a);
                if local == "AlternateContent" {
                    alternates += 1;
                    alternate = alternates;
                }
                open.push((local, alternate));
            }
            Event::End(_) => {
                open.pop();
            }
            _ => {}
        }
    }
}

/// One paragraph, from its start tag (read, at `start`) to its end tag.
fn read_paragraph(events: &mut Events<'_>, start: Range<usize>) -> Result<Block, OfficeError> {
    let mut block = Block { formats: vec![String::new()], prefix: events.prefix.clone(), ..Block::default() };
    let mut content_start = start.end;
    let mut first = true;
    loop {
        let (event, range) = events.next()?;
        match &event {
            Event::Start(e) if first && events.local(e) == Some("pPr") => {
                content_start = events.skip()?;
            }
            Event::Empty(e) if first && events.local(e) == Some("pPr") => content_start = range.end,
            Event::End(_) => {
                block.span = content_start..range.start;
                return Ok(block);
            }
            _ => read_inline(events, &event, range, &mut block)?,
        }
        first = false;
    }
}

/// What a paragraph (or a code with content in it) holds: runs, codes
/// with content, and anything else as a standalone code.
fn read_inline(events: &mut Events<'_>, event: &Event<'_>, range: Range<usize>, block: &mut Block) -> Result<(), OfficeError> {
    match event {
        Event::Start(e) if events.local(e) == Some("r") => read_run(events, block)?,
        Event::Empty(e) if matches!(events.local(e), Some("r" | "proofErr")) => {}
        Event::Start(e) if events.local(e).is_some_and(|l| CONTAINERS.contains(&l)) => {
            let open = block.codes.len();
            push_code(block, events.text, range);
            block.items.push(Item::Open { code: open });
            loop {
                let (event, range) = events.next()?;
                if let Event::End(_) = event {
                    push_code(block, events.text, range);
                    block.items.push(Item::Close { code: block.codes.len() - 1, open });
                    break;
                }
                read_inline(events, &event, range, block)?;
            }
        }
        Event::Start(e) if events.local(e) == Some("sdt") => read_content_control(events, range, block)?,
        Event::Start(_) => {
            let end = events.skip()?;
            object(block, events.text, range.start..end);
        }
        Event::Empty(_) => object(block, events.text, range),
        Event::Text(t) if t.trim().is_empty() => {}
        Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) => return Err(events.error(range.start, "text outside a run (w:r)")),
        _ => {}
    }
    Ok(())
}

/// An inline content control (`w:sdt`, its start tag at `start`): what
/// comes before its runs (`w:sdtPr` … `<w:sdtContent>`) is the start of a
/// code with content, `</w:sdtContent></w:sdt>` its end; one without
/// content is a standalone code.
fn read_content_control(events: &mut Events<'_>, start: Range<usize>, block: &mut Block) -> Result<(), OfficeError> {
    loop {
        let (event, range) = events.next()?;
        match &event {
            Event::Start(e) if events.local(e) == Some("sdtContent") => {
                let open = block.codes.len();
                push_code(block, events.text, start.start..range.end);
                block.items.push(Item::Open { code: open });
                let close_start = loop {
                    let (event, range) = events.next()?;
                    if let Event::End(_) = event {
                        break range.start;
                    }
                    read_inline(events, &event, range, block)?;
                };
                let end = events.skip()?;
                push_code(block, events.text, close_start..end);
                block.items.push(Item::Close { code: block.codes.len() - 1, open });
                return Ok(());
            }
            Event::Start(_) => {
                events.skip()?;
            }
            Event::End(_) => {
                object(block, events.text, start.start..range.end);
                return Ok(());
            }
            _ => {}
        }
    }
}

/// A code that is `text[span]` as written.
fn push_code(block: &mut Block, text: &str, span: Range<usize>) {
    block.codes.push(text[span.clone()].to_string());
    block.code_spans.push(span);
}

/// A standalone code that is `text[span]` as written.
fn object(block: &mut Block, text: &str, span: Range<usize>) {
    push_code(block, text, span);
    block.items.push(Item::Object { code: block.codes.len() - 1 });
}

/// A standalone code in a run of `format`, holding `text[span]`.
fn run_object_at(block: &mut Block, format: usize, text: &str, span: Range<usize>) {
    let markup = run_object(block, format, &text[span.clone()]);
    block.codes.push(markup);
    block.code_spans.push(span);
    block.items.push(Item::Object { code: block.codes.len() - 1 });
}

fn push_text(block: &mut Block, text: &str, format: usize) {
    if let Some(Item::Text { text: last, format: f, raw: None }) = block.items.last_mut()
        && *f == format
    {
        last.push_str(text);
        return;
    }
    block.items.push(Item::Text { text: text.to_string(), format, raw: None });
}

/// A run (its start tag just read): its properties and its text, tabs,
/// breaks and other content.
fn read_run(events: &mut Events<'_>, block: &mut Block) -> Result<(), OfficeError> {
    let mut format = 0;
    let mut first = true;
    loop {
        let (event, range) = events.next()?;
        let local = match &event {
            Event::Start(e) | Event::Empty(e) => events.local(e).map(str::to_string),
            _ => None,
        };
        match (&event, local.as_deref()) {
            (Event::End(_), _) => return Ok(()),
            (Event::Start(_), Some("rPr")) if first => {
                let end = events.skip()?;
                format = intern(block, &events.text[range.start..end]);
            }
            (Event::Empty(_), Some("rPr")) if first => format = intern(block, &events.text[range]),
            (Event::Start(_), Some("t")) => {
                let mut text = String::new();
                loop {
                    let (event, range) = events.next()?;
                    match event {
                        Event::Text(t) => text.push_str(&t.xml10_content()),
                        Event::CData(t) => text.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => {
                            let name = r.to_string();
                            match r.resolve_char_ref() {
                                Ok(Some(c)) => text.push(c),
                                _ => match quick_xml::escape::resolve_predefined_entity(&name) {
                                    Some(s) => text.push_str(s),
                                    None => return Err(events.error(range.start, format!("unknown entity &{name};"))),
                                },
                            }
                        }
                        Event::End(_) => break,
                        _ => return Err(events.error(range.start, "markup inside w:t")),
                    }
                }
                push_text(block, &text, format);
            }
            (Event::Empty(_), Some("t" | "lastRenderedPageBreak")) => {}
            (Event::Empty(e), Some("tab")) if e.attributes().next().is_none() => push_text(block, "\t", format),
            (Event::Empty(e), Some("br"))
                if attribute(e, "type").is_none_or(|t| t == "textWrapping") && attribute(e, "clear").is_none() =>
            {
                push_text(block, "\n", format)
            }
            (Event::Empty(_), Some("cr")) => push_text(block, "\n", format),
            (Event::Empty(_), Some("noBreakHyphen")) => push_text(block, "\u{2011}", format),
            (Event::Empty(_), Some("softHyphen")) => push_text(block, "\u{AD}", format),
            (Event::Start(_), _) => {
                let end = events.skip()?;
                run_object_at(block, format, events.text, range.start..end);
            }
            (Event::Empty(_), _) => run_object_at(block, format, events.text, range),
            (Event::Text(t), _) if t.trim().is_empty() => {}
            (Event::Text(_) | Event::GeneralRef(_) | Event::CData(_), _) => {
                return Err(events.error(range.start, "text outside w:t in a run"));
            }
            _ => {}
        }
        first = false;
    }
}

/// A run holding one thing that is not text, in the run's format.
fn run_object(block: &Block, format: usize, content: &str) -> String {
    let r = format!("{}r", block.prefix);
    format!("<{r}>{}{content}</{r}>", block.formats[format])
}

/// The index of a format, added if new. Run properties that differ only
/// in what does not show — the language of the text (`w:lang`), the
/// spelling checker's `w:noProof`, and Word's revision ids (`w:rsid…`) —
/// are one format (the first one's properties are written), so that they
/// do not become codes a translator must place; empty properties are
/// none.
fn intern(block: &mut Block, rpr: &str) -> usize {
    static UNSEEN: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"<(?:[A-Za-z0-9]+:)?(?:lang|noProof)\b[^>]*/>|\s(?:[A-Za-z0-9]+:)?rsid[A-Za-z]*="[^"]*""#).expect("valid regex")
    });
    static EMPTY: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"^<(?:[A-Za-z0-9]+:)?rPr\s*(?:/>|>\s*</(?:[A-Za-z0-9]+:)?rPr>)$").expect("valid regex"));
    let key = UNSEEN.replace_all(rpr, "");
    let key = if EMPTY.is_match(&key) { String::new() } else { key.into_owned() };
    if let Some(&at) = block.format_keys.get(&key) {
        return at;
    }
    if key.is_empty() {
        return 0;
    }
    block.formats.push(rpr.to_string());
    block.format_keys.insert(key, block.formats.len() - 1);
    block.formats.len() - 1
}

impl Render for Docx {
    fn render(&self, block: &Block, items: &[Item], out: &mut String) {
        let w = &block.prefix;
        let mut i = 0;
        while i < items.len() {
            match &items[i] {
                Item::Text { format, .. } => {
                    out.push_str(&format!("<{w}r>{}", block.formats[*format]));
                    while let Some(Item::Text { text, format: f, .. }) = items.get(i)
                        && f == format
                    {
                        let mut plain = String::new();
                        let flush = |plain: &mut String, out: &mut String| {
                            if !plain.is_empty() {
                                out.push_str(&format!("<{w}t xml:space=\"preserve\">{}</{w}t>", super::escape(plain, false)));
                                plain.clear();
                            }
                        };
                        for c in text.chars() {
                            let element = match c {
                                '\t' => "tab",
                                '\n' => "br",
                                '\u{2011}' => "noBreakHyphen",
                                '\u{AD}' => "softHyphen",
                                _ => {
                                    plain.push(c);
                                    continue;
                                }
                            };
                            flush(&mut plain, out);
                            out.push_str(&format!("<{w}{element}/>"));
                        }
                        flush(&mut plain, out);
                        i += 1;
                    }
                    out.push_str(&format!("</{w}r>"));
                    continue;
                }
                Item::Open { code } | Item::Close { code, .. } | Item::Object { code } => out.push_str(&block.codes[*code]),
            }
            i += 1;
        }
    }
}

/// Writes the Word file with the parts given anew (`Some`, in the order of
/// the document's parts) and every other entry copied as stored.
pub(crate) fn write<W: Write + Seek>(doc: &ExtractedDocument, parts: Vec<Option<String>>, out: W) -> Result<W, OfficeError> {
    let zip_error = |e: zip::result::ZipError| OfficeError::Unreadable { file: doc.file.clone(), problem: format!("writing the ZIP: {e}") };
    let mut archive = zip::ZipArchive::new(Cursor::new(&doc.original[..])).map_err(zip_error)?;
    let mut writer = zip::ZipWriter::new(out);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(zip_error)?;
        let name = entry.name().map_err(zip_error)?.to_string();
        match doc.parts.iter().zip(&parts).find(|(p, _)| p.name == name).and_then(|(_, new)| new.as_ref()) {
            Some(text) => {
                drop(entry);
                writer.start_file(name, options).map_err(zip_error)?;
                writer.write_all(text.as_bytes()).map_err(|source| OfficeError::Io { file: doc.file.clone(), source })?;
            }
            None => writer.raw_copy_file(entry).map_err(zip_error)?,
        }
    }
    writer.finish().map_err(zip_error)
}

/// The paragraphs of a part's text, for tests that read a part written anew.
#[cfg(test)]
pub(crate) fn tests_read_paragraphs(text: &str, part: &str) -> Vec<Block> {
    read_paragraphs(text, "test", part).unwrap()
}
