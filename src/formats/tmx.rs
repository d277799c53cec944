//! TMX 1.4b, the translation memory exchange format of OmegaT, Trados,
//! memoQ, Wordfast and Phrase: a streaming reader and a writer.
//!
//! The reader reads one `tu` at a time (a 1 GB file needs no more memory
//! than its largest unit), over [`Utf8Input`](super::input::Utf8Input) so that UTF-8 and UTF-16
//! files with a BOM both work. It keeps the header's attributes, each
//! `tu`'s and `tuv`'s attributes, `prop`s and `note`s. A `seg`'s inline
//! markup (`bpt`, `ept`, `ph`, `it`, `ut`, `hi`, `sub`) is kept as XML
//! beside a plain form in which each code is a placeholder: `{1}` … `{/1}`
//! for paired codes and `hi`, `{2/}` for standalone ones.
//!
//! Nothing is fetched: a DOCTYPE's external DTD is ignored, and a
//! reference to an external entity is an error. Internal entities are
//! expanded, at most [`ENTITY_BUDGET`] characters per file in all, which
//! defuses entity bombs ("billion laughs").
//!
//! ```
//! use dragoman::formats::tmx::TmxReader;
//!
//! let tmx = r#"<tmx version="1.4"><header srclang="ar" creationtool="x" creationtoolversion="1"
//!   segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>
//!   <tu creationid="rana"><tuv xml:lang="ar"><seg>شكرا</seg></tuv>
//!   <tuv xml:lang="en-US"><seg>Thank <bpt i="1">&lt;b></bpt>you<ept i="1">&lt;/b></ept></seg></tuv></tu>
//! </body></tmx>"#;
//! let mut reader = TmxReader::new(tmx.as_bytes(), "inline.tmx").unwrap();
//! assert_eq!(reader.header().attributes["srclang"], "ar");
//! let tu = reader.next().unwrap().unwrap();
//! assert_eq!(tu.tuvs[1].text, "Thank {1}you{/1}");
//! assert_eq!(tu.tuvs[1].markup.as_deref(), Some(r#"Thank <bpt i="1">&lt;b&gt;</bpt>you<ept i="1">&lt;/b&gt;</ept>"#));
//! ```

use super::FormatError;
use super::values::{MAX_UNIT_METADATA_BYTES, TextKind, check_value};
use super::xml::{Entities, XmlReader, escape, escape_into};
use crate::lang::Lang;
use crate::memory::{NewUnit, Unit};
use quick_xml::events::{BytesStart, Event};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};

pub use super::xml::ENTITY_BUDGET;

/// The deepest nesting of inline elements a `seg` may have. TMX 1.4b
/// nests inline codes only through `sub` (a `bpt` holding a `sub` holding
/// a `ph` …) and `hi`; files from OmegaT, Trados and memoQ go three or
/// four levels deep. 64 is far beyond any real segment, and refusing
/// deeper keeps reading linear (a file of 200,000 nested tags took 36 s).
pub const MAX_INLINE_DEPTH: usize = 64;

/// A `prop`: a typed property of a header, `tu` or `tuv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prop {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub value: String,
}

/// A `note`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub value: String,
}

/// Attributes, props and notes of one element.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotations {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub props: Vec<Prop>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl Annotations {
    pub fn is_empty(&self) -> bool {
        self.attributes.is_empty() && self.props.is_empty() && self.notes.is_empty()
    }
}

/// The TMX `header`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TmxHeader {
    /// `srclang`, `creationtool`, `o-tmf`, `datatype` … as written.
    pub attributes: BTreeMap<String, String>,
    pub props: Vec<Prop>,
    pub notes: Vec<Note>,
}

impl TmxHeader {
    /// The header's source language, unless it is `*all*` or missing.
    pub fn srclang(&self) -> Option<Lang> {
        self.attributes.get("srclang").filter(|l| *l != "*all*").and_then(|l| Lang::parse(l).ok())
    }
}

/// One `tuv`: a language variant of a unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tuv {
    /// `xml:lang` (or the TMX 1.1 `lang`), as written.
    pub lang: String,
    /// `lang` as a tag, if it is one.
    pub tag: Option<Lang>,
    /// The segment with each inline code as a placeholder (not yet
    /// NFC-normalised: [`NewUnit`] does that).
    pub text: String,
    /// The segment's XML content, when it has inline markup or white
    /// space around it (which the stored plain text drops).
    pub markup: Option<String>,
    /// Attributes other than the language, props and notes.
    pub annotations: Annotations,
}

/// One `tu`: a translation unit, with where it starts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tu {
    pub tuvs: Vec<Tuv>,
    pub annotations: Annotations,
    /// 1-based number of the `tu` in the file.
    pub number: u64,
    /// Line the `tu` starts on (1-based).
    pub line: u64,
}

/// Metadata of a stored unit, kept as JSON in the memory: the `tu`'s
/// annotations and those of the two `tuv`s used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitMetadata {
    #[serde(flatten)]
    pub tu: Annotations,
    #[serde(default, skip_serializing_if = "Annotations::is_empty")]
    pub source: Annotations,
    #[serde(default, skip_serializing_if = "Annotations::is_empty")]
    pub target: Annotations,
}

/// Props through which an exported unit's provenance comes back.
const DOCUMENT_PROP: &str = "x-dragoman-document";
const LOCATOR_PROP: &str = "x-dragoman-locator";

impl Tu {
    /// The `tuv` for a language: an exact tag first (any case), else the
    /// same primary language (`en-US` for `en`, `en` for `en-GB`).
    pub fn tuv(&self, lang: &Lang) -> Option<&Tuv> {
        let exact = self.tuvs.iter().find(|t| t.tag.as_ref() == Some(lang));
        exact.or_else(|| self.tuvs.iter().find(|t| t.tag.as_ref().is_some_and(|l| l.matches(lang))))
    }

    /// The unit to store for the pair `src` → `tgt`, with TMX provenance
    /// (`creationdate`/`creationid`/`changedate`/`changeid`; no
    /// `creationid` leaves `created_by` empty) and the rest as metadata.
    /// `Err` says why the `tu` cannot give that pair.
    pub fn to_unit(&self, src: &Lang, tgt: &Lang, document: &str) -> Result<NewUnit, String> {
        self.clone().into_unit(src, tgt, document)
    }

    /// [`Tu::to_unit`], taking the `tu` apart instead of copying it.
    pub fn into_unit(mut self, src: &Lang, tgt: &Lang, document: &str) -> Result<NewUnit, String> {
        let position = |lang: &Lang| {
            let found = self.tuv(lang)?;
            self.tuvs.iter().position(|t| std::ptr::eq(t, found))
        };
        let source_at = position(src).ok_or_else(|| format!("no tuv for {src}"))?;
        let target_at = position(tgt).ok_or_else(|| format!("no tuv for {tgt}"))?;
        let source = std::mem::take(&mut self.tuvs[source_at]);
        let target = if target_at == source_at { source.clone() } else { std::mem::take(&mut self.tuvs[target_at]) };
        super::check_segment(&source.text, "source segment")?;
        super::check_segment(&target.text, "target segment")?;
        check_annotations(&self.annotations, "tu")?;
        check_annotations(&source.annotations, "source tuv")?;
        check_annotations(&target.annotations, "target tuv")?;
        let src_lang = source.tag.clone().ok_or_else(|| format!("'{}' is not a language tag", source.lang))?;
        let tgt_lang = target.tag.clone().ok_or_else(|| format!("'{}' is not a language tag", target.lang))?;
        let mut unit = NewUnit::without_creator(src_lang, tgt_lang, &source.text, &target.text, document);
        let mut tu = self.annotations;
        // provenance: the tu's, else the target tuv's (which stays in its metadata)
        let mut take = |name: &str| tu.attributes.remove(name).or_else(|| target.annotations.attributes.get(name).cloned());
        if let Some(date) = take("creationdate") {
            unit.created_at = Some(date_from_tmx(&date));
        }
        if let Some(id) = take("creationid") {
            unit.created_by = Some(id);
        }
        unit.changed_at = take("changedate").map(|d| date_from_tmx(&d));
        unit.changed_by = take("changeid");
        // the unit's source language says it (and export writes it back)
        tu.attributes.remove("srclang");
        unit.locator = tu.attributes.get("tuid").cloned().unwrap_or_else(|| self.number.to_string());
        tu.props.retain(|p| match p.kind.as_str() {
            DOCUMENT_PROP => {
                unit.document = p.value.clone();
                false
            }
            LOCATOR_PROP => {
                unit.locator = p.value.clone();
                false
            }
            _ => true,
        });
        unit.source_markup = source.markup;
        unit.target_markup = target.markup;
        let metadata = UnitMetadata { tu, source: source.annotations, target: target.annotations };
        if metadata != UnitMetadata::default() {
            let json = serde_json::to_string(&metadata).ok();
            if let Some(size) = json.as_ref().map(String::len).filter(|&n| n > MAX_UNIT_METADATA_BYTES) {
                return Err(format!("metadata too large ({size} bytes, limit {MAX_UNIT_METADATA_BYTES})"));
            }
            unit.metadata = json;
        }
        Ok(unit)
    }
}

/// Why the attributes, props and notes of the `tu` or a `tuv` (`whose`)
/// cannot be kept, if they cannot: a value over the size cap or holding
/// a control character (see [`super::values`]).
fn check_annotations(annotations: &Annotations, whose: &str) -> Result<(), String> {
    for (name, value) in &annotations.attributes {
        check_value(name, format_args!("an attribute name of the {whose}"), TextKind::Line)?;
        check_value(value, format_args!("attribute {name} of the {whose}"), TextKind::Line)?;
    }
    for prop in &annotations.props {
        check_value(&prop.kind, format_args!("a prop type of the {whose}"), TextKind::Line)?;
        // the props that come back as provenance are single lines
        let kind = if matches!(prop.kind.as_str(), DOCUMENT_PROP | LOCATOR_PROP) { TextKind::Line } else { TextKind::Note };
        check_value(&prop.value, format_args!("prop {} of the {whose}", prop.kind), kind)?;
    }
    for note in &annotations.notes {
        check_value(&note.value, format_args!("a note of the {whose}"), TextKind::Note)?;
    }
    Ok(())
}

/// `20240131T120000Z` → `2024-01-31T12:00:00Z`; anything else unchanged.
pub fn date_from_tmx(date: &str) -> String {
    let b = date.as_bytes();
    if b.len() == 16 && b[8] == b'T' && b[15] == b'Z' && b[..8].iter().chain(&b[9..15]).all(u8::is_ascii_digit) {
        let mut out = String::with_capacity(20);
        for (part, after) in
            [(&date[..4], "-"), (&date[4..6], "-"), (&date[6..8], "T"), (&date[9..11], ":"), (&date[11..13], ":"), (&date[13..15], "Z")]
        {
            out.push_str(part);
            out.push_str(after);
        }
        out
    } else {
        date.to_string()
    }
}

/// `2024-01-31T12:00:00Z` → `20240131T120000Z`; anything else unchanged.
pub fn date_to_tmx(date: &str) -> String {
    let b = date.as_bytes();
    let shape = b.len() == 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':' && b[19] == b'Z';
    if shape { date.chars().filter(|c| c.is_ascii_digit() || *c == 'T' || *c == 'Z').collect() } else { date.to_string() }
}

/// Reads TMX one `tu` at a time; see the module documentation.
pub struct TmxReader<R: Read> {
    xml: XmlReader<R, FormatError>,
    header: TmxHeader,
    tus: u64,
    done: bool,
}

enum Content {
    Text,
    Markup,
}

impl<R: Read> TmxReader<R> {
    /// Reads up to the start of `body`, parsing the header.
    ///
    /// Fails if the file is not XML, not TMX (no `tmx` root), or ends before `body`.
    pub fn new(reader: R, file: &str) -> Result<TmxReader<R>, FormatError> {
        let mut tmx = TmxReader { xml: XmlReader::new(reader, file), header: TmxHeader::default(), tus: 0, done: false };
        tmx.read_prologue()?;
        Ok(tmx)
    }

    /// The file's header.
    pub fn header(&self) -> &TmxHeader {
        &self.header
    }

    fn read_prologue(&mut self) -> Result<(), FormatError> {
        let mut buf = Vec::new();
        let mut seen_root = false;
        loop {
            match self.xml.next(&mut buf)? {
                Event::DocType(d) => self.xml.entities = Entities::from_doctype(&d),
                Event::Start(e) if e.local_name().as_ref() == "tmx" => seen_root = true,
                Event::Start(e) | Event::Empty(e) if !seen_root => {
                    return Err(self.xml.error(format!("not a TMX file: the root element is <{}>, not <tmx>", e.name().as_ref())));
                }
                Event::Start(e) if e.local_name().as_ref() == "header" => {
                    self.header.attributes = self.xml.attributes(&e)?;
                    let mut annotations = Annotations::default();
                    self.read_annotations_until("header", &mut annotations)?;
                    self.header.props = annotations.props;
                    self.header.notes = annotations.notes;
                }
                Event::Empty(e) if e.local_name().as_ref() == "header" => self.header.attributes = self.xml.attributes(&e)?,
                Event::Start(e) if e.local_name().as_ref() == "body" => return Ok(()),
                Event::Empty(e) if e.local_name().as_ref() == "body" => {
                    self.done = true;
                    return Ok(());
                }
                Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    self.xml.skip_element(&name)?;
                }
                Event::Eof if !seen_root => return Err(self.xml.error("not a TMX file: no <tmx> element")),
                Event::Eof => return Err(self.xml.unexpected_end("tmx")),
                _ => {}
            }
        }
    }

    /// The text content of a `prop` or `note` whose start was just read.
    fn read_text_until(&mut self, name: &str) -> Result<String, FormatError> {
        let mut buf = Vec::new();
        let mut out = String::new();
        loop {
            match self.xml.next(&mut buf)? {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => self.xml.expand(&r, &mut out)?,
                Event::End(_) => return Ok(out),
                Event::Start(e) | Event::Empty(e) => {
                    return Err(self.xml.error(format!("<{}> inside <{name}>, which holds only text", e.name().as_ref())));
                }
                Event::Eof => return Err(self.xml.unexpected_end(name)),
                _ => {}
            }
        }
    }

    /// Reads `prop`s and `note`s up to the end of `parent` (for the header).
    fn read_annotations_until(&mut self, parent: &str, annotations: &mut Annotations) -> Result<(), FormatError> {
        let mut buf = Vec::new();
        loop {
            match self.xml.next(&mut buf)? {
                Event::Start(e) => {
                    self.read_annotation(&e, annotations, parent)?;
                }
                Event::Empty(e) => self.empty_annotation(&e, annotations)?,
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.xml.unexpected_end(parent)),
                _ => {}
            }
        }
    }

    /// Reads a `prop` or `note` whose start was just read; skips a
    /// header's `ude`; anything else is an error.
    fn read_annotation(&mut self, e: &BytesStart<'_>, annotations: &mut Annotations, parent: &str) -> Result<(), FormatError> {
        let name = e.local_name().as_ref().to_string();
        match name.as_str() {
            "prop" | "note" => {
                let attributes = self.xml.attributes(e)?;
                let value = self.read_text_until(&name)?;
                push_annotation(&name, attributes, value, annotations);
                Ok(())
            }
            _ if parent == "header" => self.xml.skip_element(&name),
            _ => Err(self.xml.error(format!("unexpected <{}> inside <{parent}>", e.name().as_ref()))),
        }
    }

    fn empty_annotation(&mut self, e: &BytesStart<'_>, annotations: &mut Annotations) -> Result<(), FormatError> {
        let name = e.local_name().as_ref().to_string();
        if name == "prop" || name == "note" {
            let attributes = self.xml.attributes(e)?;
            push_annotation(&name, attributes, String::new(), annotations);
        }
        Ok(())
    }

    fn read_tu(&mut self, start: &BytesStart<'_>) -> Result<Tu, FormatError> {
        let mut buf = Vec::new();
        self.tus += 1;
        let mut tu = Tu { number: self.tus, line: self.xml.line, ..Tu::default() };
        tu.annotations.attributes = self.xml.attributes(start)?;
        loop {
            match self.xml.next(&mut buf)? {
                Event::Start(e) if e.local_name().as_ref() == "tuv" => {
                    let tuv = self.read_tuv(&e)?;
                    tu.tuvs.push(tuv);
                }
                Event::Start(e) => {
                    self.read_annotation(&e, &mut tu.annotations, "tu")?;
                }
                Event::Empty(e) => self.empty_annotation(&e, &mut tu.annotations)?,
                Event::End(_) => return Ok(tu),
                Event::Eof => return Err(self.xml.unexpected_end("tu")),
                _ => {}
            }
        }
    }

    fn read_tuv(&mut self, start: &BytesStart<'_>) -> Result<Tuv, FormatError> {
        let mut buf = Vec::new();
        let mut tuv = Tuv::default();
        tuv.annotations.attributes = self.xml.attributes(start)?;
        tuv.lang = tuv
            .annotations
            .attributes
            .remove("xml:lang")
            .or_else(|| tuv.annotations.attributes.remove("lang"))
            .ok_or_else(|| self.xml.error("<tuv> without xml:lang"))?;
        tuv.tag = Lang::parse(&tuv.lang).ok();
        loop {
            match self.xml.next(&mut buf)? {
                Event::Start(e) if e.local_name().as_ref() == "seg" => self.read_seg(&mut tuv)?,
                Event::Start(e) => {
                    self.read_annotation(&e, &mut tuv.annotations, "tuv")?;
                }
                Event::Empty(e) => self.empty_annotation(&e, &mut tuv.annotations)?,
                Event::End(_) => return Ok(tuv),
                Event::Eof => return Err(self.xml.unexpected_end("tuv")),
                _ => {}
            }
        }
    }

    /// Reads a `seg` into the plain text with placeholders and, when it
    /// has inline elements, its XML content.
    fn read_seg(&mut self, tuv: &mut Tuv) -> Result<(), FormatError> {
        let mut buf = Vec::new();
        struct Open {
            name: String,
            hides_text: bool,
            number: u32,
        }
        let mut text = String::new();
        let mut markup = String::new();
        let mut has_markup = false;
        let mut stack: Vec<Open> = Vec::new();
        let mut next_number = 0u32;
        let mut paired: HashMap<String, u32> = HashMap::new();
        loop {
            let hidden = stack.iter().any(|o| o.hides_text);
            let target = if hidden { Content::Markup } else { Content::Text };
            match self.xml.next(&mut buf)? {
                event @ (Event::Text(_) | Event::CData(_)) => {
                    let content = match &event {
                        Event::Text(t) => t.xml10_content(),
                        Event::CData(t) => t.xml10_content(),
                        _ => unreachable!("matched above"),
                    };
                    if has_markup {
                        escape_into(&mut markup, &content, false);
                    }
                    if matches!(target, Content::Text) {
                        text.push_str(&content);
                    }
                }
                Event::GeneralRef(r) => {
                    let mut expanded = String::new();
                    self.xml.expand(&r, &mut expanded)?;
                    if has_markup {
                        escape_into(&mut markup, &expanded, false);
                    }
                    if matches!(target, Content::Text) {
                        text.push_str(&expanded);
                    }
                }
                event @ (Event::Start(_) | Event::Empty(_)) => {
                    let (e, empty) = match event {
                        Event::Start(e) => (e, false),
                        Event::Empty(e) => (e, true),
                        _ => unreachable!(),
                    };
                    if !has_markup {
                        // markup is kept only for segments that have some:
                        // start it with the text so far, which had no element
                        has_markup = true;
                        escape_into(&mut markup, &text, false);
                    }
                    let name = e.name().as_ref().to_string();
                    let attributes = self.xml.attributes(&e)?;
                    markup.push('<');
                    markup.push_str(&name);
                    for (key, value) in &attributes {
                        markup.push(' ');
                        markup.push_str(key);
                        markup.push_str("=\"");
                        escape_into(&mut markup, value, true);
                        markup.push('"');
                    }
                    markup.push_str(if empty { "/>" } else { ">" });
                    let mut number = 0;
                    if !hidden {
                        let mut fresh = || {
                            next_number += 1;
                            next_number
                        };
                        let i = attributes.get("i").cloned().unwrap_or_default();
                        let placeholder = match name.as_str() {
                            "bpt" => {
                                number = fresh();
                                paired.insert(i, number);
                                format!("{{{number}}}")
                            }
                            "ept" => {
                                number = paired.get(&i).copied().unwrap_or_else(&mut fresh);
                                format!("{{/{number}}}")
                            }
                            "it" if attributes.get("pos").is_some_and(|p| p == "end") => format!("{{/{}}}", fresh()),
                            "it" => format!("{{{}}}", fresh()),
                            "hi" => {
                                number = fresh();
                                if empty { format!("{{{number}/}}") } else { format!("{{{number}}}") }
                            }
                            _ => format!("{{{}/}}", fresh()),
                        };
                        text.push_str(&placeholder);
                    }
                    if !empty {
                        if stack.len() == MAX_INLINE_DEPTH {
                            return Err(self.xml.error(format!("inline elements nest more than {MAX_INLINE_DEPTH} deep in <seg>")));
                        }
                        stack.push(Open { hides_text: name != "hi", name, number });
                    }
                }
                Event::End(e) => match stack.pop() {
                    None => break,
                    Some(open) => {
                        markup.push_str("</");
                        markup.push_str(e.name().as_ref());
                        markup.push('>');
                        if open.name == "hi" && !stack.iter().any(|o| o.hides_text) {
                            text.push_str(&format!("{{/{}}}", open.number));
                        }
                    }
                },
                Event::Eof => return Err(self.xml.unexpected_end("seg")),
                _ => {}
            }
        }
        // The plain text is trimmed where it is stored (matching and the
        // duplicate check compare trimmed text), so white space around a
        // segment is kept in the markup, which export writes back.
        if !has_markup && text.trim().len() != text.len() && !text.trim().is_empty() {
            has_markup = true;
            escape_into(&mut markup, &text, false);
        }
        tuv.text = text;
        tuv.markup = has_markup.then_some(markup);
        Ok(())
    }
}

fn push_annotation(name: &str, mut attributes: BTreeMap<String, String>, value: String, annotations: &mut Annotations) {
    let lang = attributes.remove("xml:lang");
    if name == "prop" {
        let kind = attributes.remove("type").unwrap_or_default();
        annotations.props.push(Prop { kind, lang, value });
    } else {
        annotations.notes.push(Note { lang, value });
    }
}

impl<R: Read> Iterator for TmxReader<R> {
    type Item = Result<Tu, FormatError>;

    /// The next `tu`; `None` after `</body>`. After an error the reader
    /// stops.
    fn next(&mut self) -> Option<Self::Item> {
        let mut buf = Vec::new();
        if self.done {
            return None;
        }
        let result = loop {
            match self.xml.next(&mut buf) {
                Err(e) => break Some(Err(e)),
                Ok(Event::Start(e)) if e.local_name().as_ref() == "tu" => break Some(self.read_tu(&e)),
                Ok(Event::Start(e)) => {
                    let name = e.name().as_ref().to_string();
                    if let Err(e) = self.xml.skip_element(&name) {
                        break Some(Err(e));
                    }
                }
                Ok(Event::End(_)) => break None, // </body>
                Ok(Event::Eof) => break Some(Err(self.xml.unexpected_end("body"))),
                Ok(_) => {}
            }
        };
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }
}

/// Writes TMX 1.4b.
pub struct TmxWriter<W: Write> {
    out: W,
}

impl<W: Write> TmxWriter<W> {
    /// Writes the XML declaration and the header; `srclang` is a tag or
    /// `*all*`.
    pub fn new(mut out: W, srclang: &str) -> std::io::Result<TmxWriter<W>> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n  \
             <header creationtool=\"dragoman\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"dragoman\" \
             adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\"/>\n  <body>\n",
            env!("CARGO_PKG_VERSION"),
            escape(srclang, true)
        )?;
        Ok(TmxWriter { out })
    }

    /// Writes the XML declaration and `header` as an import kept it: its
    /// attributes (the ones TMX 1.4b requires added where it lacks them),
    /// notes and props; `srclang` is the export's (a tag or `*all*`).
    pub fn with_header(mut out: W, srclang: &str, header: &TmxHeader) -> std::io::Result<TmxWriter<W>> {
        let mut attributes = header.attributes.clone();
        for (name, value) in [
            ("creationtool", "dragoman"),
            ("creationtoolversion", env!("CARGO_PKG_VERSION")),
            ("segtype", "sentence"),
            ("o-tmf", "dragoman"),
            ("adminlang", "en"),
            ("datatype", "plaintext"),
        ] {
            attributes.entry(name.to_string()).or_insert_with(|| value.to_string());
        }
        attributes.insert("srclang".to_string(), srclang.to_string());
        write!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx version=\"1.4\">\n  <header")?;
        write_attributes(&mut out, &attributes)?;
        let annotations = Annotations { attributes: BTreeMap::new(), props: header.props.clone(), notes: header.notes.clone() };
        if annotations.is_empty() {
            writeln!(out, "/>")?;
        } else {
            writeln!(out, ">")?;
            write_annotations(&mut out, &annotations, "    ")?;
            writeln!(out, "  </header>")?;
        }
        writeln!(out, "  <body>")?;
        Ok(TmxWriter { out })
    }

    /// Writes units that share a source language and source text as one
    /// `tu` with a `tuv` for the source and one for each target: the
    /// attributes, props and provenance of the first unit, the source's
    /// markup and metadata from it, each target's from its own unit.
    pub fn write_multilingual(&mut self, units: &[Unit]) -> std::io::Result<()> {
        let Some(first) = units.first() else { return Ok(()) };
        if units.len() == 1 {
            return self.write_unit(first);
        }
        let metadata = |u: &Unit| -> UnitMetadata { u.metadata.as_deref().and_then(|m| serde_json::from_str(m).ok()).unwrap_or_default() };
        let head = metadata(first);
        let mut tu = head.tu.clone();
        tu.attributes.insert("creationdate".into(), date_to_tmx(&first.created_at));
        if let Some(by) = &first.created_by {
            tu.attributes.insert("creationid".into(), by.clone());
        }
        tu.attributes.insert("srclang".into(), first.src_lang.clone());
        tu.props.push(Prop { kind: DOCUMENT_PROP.into(), lang: None, value: first.document.clone() });
        if !first.locator.is_empty() {
            tu.props.push(Prop { kind: LOCATOR_PROP.into(), lang: None, value: first.locator.clone() });
        }
        let out = &mut self.out;
        write!(out, "    <tu")?;
        write_attributes(out, &tu.attributes)?;
        writeln!(out, ">")?;
        write_annotations(out, &tu, "      ")?;
        let mut tuvs = vec![(&first.src_lang, &first.source, &first.source_markup, head.source.clone())];
        let mut seen = vec![first.src_lang.as_str()];
        for unit in units {
            // one tuv per language: the first unit into it wins
            if seen.contains(&unit.tgt_lang.as_str()) {
                continue;
            }
            seen.push(&unit.tgt_lang);
            tuvs.push((&unit.tgt_lang, &unit.target, &unit.target_markup, metadata(unit).target));
        }
        for (lang, text, markup, annotations) in tuvs {
            write!(out, "      <tuv xml:lang=\"{}\"", escape(lang, true))?;
            write_attributes(out, &annotations.attributes)?;
            writeln!(out, ">")?;
            write_annotations(out, &annotations, "        ")?;
            match markup {
                Some(markup) => writeln!(out, "        <seg>{markup}</seg>")?,
                None => writeln!(out, "        <seg>{}</seg>", escape(text, false))?,
            }
            writeln!(out, "      </tuv>")?;
        }
        writeln!(out, "    </tu>")
    }

    /// Writes one unit as a `tu` with two `tuv`s, its provenance as
    /// attributes and props, its metadata as it was read.
    pub fn write_unit(&mut self, unit: &Unit) -> std::io::Result<()> {
        let metadata: UnitMetadata = unit.metadata.as_deref().and_then(|m| serde_json::from_str(m).ok()).unwrap_or_default();
        let mut tu = metadata.tu;
        tu.attributes.insert("creationdate".into(), date_to_tmx(&unit.created_at));
        if let Some(by) = &unit.created_by {
            tu.attributes.insert("creationid".into(), by.clone());
        }
        if let Some(at) = &unit.changed_at {
            tu.attributes.insert("changedate".into(), date_to_tmx(at));
        }
        if let Some(by) = &unit.changed_by {
            tu.attributes.insert("changeid".into(), by.clone());
        }
        tu.attributes.insert("srclang".into(), unit.src_lang.clone());
        tu.props.push(Prop { kind: DOCUMENT_PROP.into(), lang: None, value: unit.document.clone() });
        if !unit.locator.is_empty() {
            tu.props.push(Prop { kind: LOCATOR_PROP.into(), lang: None, value: unit.locator.clone() });
        }
        let out = &mut self.out;
        write!(out, "    <tu")?;
        write_attributes(out, &tu.attributes)?;
        writeln!(out, ">")?;
        write_annotations(out, &tu, "      ")?;
        for (lang, text, markup, annotations) in [
            (&unit.src_lang, &unit.source, &unit.source_markup, &metadata.source),
            (&unit.tgt_lang, &unit.target, &unit.target_markup, &metadata.target),
        ] {
            write!(out, "      <tuv xml:lang=\"{}\"", escape(lang, true))?;
            write_attributes(out, &annotations.attributes)?;
            writeln!(out, ">")?;
            write_annotations(out, annotations, "        ")?;
            match markup {
                Some(markup) => writeln!(out, "        <seg>{markup}</seg>")?,
                None => writeln!(out, "        <seg>{}</seg>", escape(text, false))?,
            }
            writeln!(out, "      </tuv>")?;
        }
        writeln!(out, "    </tu>")
    }

    /// Closes the document and returns the sink, flushed.
    pub fn finish(mut self) -> std::io::Result<W> {
        write!(self.out, "  </body>\n</tmx>\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn write_attributes<W: Write>(out: &mut W, attributes: &BTreeMap<String, String>) -> std::io::Result<()> {
    for (key, value) in attributes {
        write!(out, " {key}=\"{}\"", escape(value, true))?;
    }
    Ok(())
}

/// Notes, then props: the order the DTD allows before `tuv` and `seg`.
fn write_annotations<W: Write>(out: &mut W, annotations: &Annotations, indent: &str) -> std::io::Result<()> {
    let lang = |l: &Option<String>| l.as_ref().map(|l| format!(" xml:lang=\"{}\"", escape(l, true))).unwrap_or_default();
    for note in &annotations.notes {
        writeln!(out, "{indent}<note{}>{}</note>", lang(&note.lang), escape(&note.value, false))?;
    }
    for prop in &annotations.props {
        writeln!(out, "{indent}<prop type=\"{}\"{}>{}</prop>", escape(&prop.kind, true), lang(&prop.lang), escape(&prop.value, false))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(tmx: &str) -> Result<Vec<Tu>, FormatError> {
        TmxReader::new(tmx.as_bytes(), "t.tmx")?.collect()
    }

    fn body(tus: &str) -> String {
        format!("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/>\n<body>\n{tus}\n</body></tmx>")
    }

    #[test]
    fn placeholders_for_each_kind_of_inline_code() {
        let cases = [
            ("plain &amp; simple", "plain & simple", None),
            ("a <ph x=\"1\">&lt;br/&gt;</ph> b", "a {1/} b", Some("a <ph x=\"1\">&lt;br/&gt;</ph> b")),
            ("<bpt i=\"1\">[b]</bpt>x<ept i=\"1\">[/b]</ept>", "{1}x{/1}", Some("<bpt i=\"1\">[b]</bpt>x<ept i=\"1\">[/b]</ept>")),
            ("<it pos=\"end\">&lt;/i></it>y", "{/1}y", Some("<it pos=\"end\">&lt;/i&gt;</it>y")),
            ("<hi type=\"b\">bold <ph/></hi>", "{1}bold {2/}{/1}", Some("<hi type=\"b\">bold <ph/></hi>")),
            ("<ph>&lt;img alt=\"<sub>hidden</sub>\"&gt;</ph>z", "{1/}z", Some("<ph>&lt;img alt=\"<sub>hidden</sub>\"&gt;</ph>z")),
            ("<![CDATA[a <b> c]]>", "a <b> c", None),
            ("&#x41;&#66;", "AB", None),
        ];
        for (seg, text, markup) in cases {
            let tus = read(&body(&format!("<tu><tuv xml:lang=\"en\"><seg>{seg}</seg></tuv></tu>"))).unwrap();
            assert_eq!(tus[0].tuvs[0].text, text, "{seg}");
            assert_eq!(tus[0].tuvs[0].markup.as_deref(), markup, "{seg}");
        }
    }

    #[test]
    fn languages_match_case_insensitively_with_region_fallback() {
        let tus = read(&body(
            "<tu><tuv lang=\"EN-us\"><seg>Hello</seg></tuv><tuv xml:lang=\"fr-FR\"><seg>Bonjour</seg></tuv>\
             <tuv xml:lang=\"fr\"><seg>Salut</seg></tuv></tu>",
        ))
        .unwrap();
        let lang = |t: &str| Lang::parse(t).unwrap();
        assert_eq!(tus[0].tuv(&lang("en")).unwrap().text, "Hello");
        assert_eq!(tus[0].tuv(&lang("en-GB")).unwrap().text, "Hello");
        assert_eq!(tus[0].tuv(&lang("fr")).unwrap().text, "Salut");
        assert_eq!(tus[0].tuv(&lang("FR-fr")).unwrap().text, "Bonjour");
        assert!(tus[0].tuv(&lang("de")).is_none());
    }

    #[test]
    fn provenance_and_metadata_go_to_the_unit() {
        let tus = read(&body(
            "<tu tuid=\"7\" creationdate=\"20240131T120000Z\" creationid=\"rana\" changedate=\"20240201T080910Z\" usagecount=\"3\">\
             <note>checked</note><prop type=\"x-client\">AFP</prop>\
             <tuv xml:lang=\"ar\"><prop type=\"x-style\">MSA</prop><seg>شكرا</seg></tuv><tuv xml:lang=\"en\"><seg>Thanks</seg></tuv></tu>",
        ))
        .unwrap();
        let unit = tus[0].to_unit(&Lang::parse("ar").unwrap(), &Lang::parse("en").unwrap(), "f.tmx").unwrap();
        assert_eq!(unit.created_at.as_deref(), Some("2024-01-31T12:00:00Z"));
        assert_eq!(unit.created_by.as_deref(), Some("rana"));
        assert_eq!(unit.changed_at.as_deref(), Some("2024-02-01T08:09:10Z"));
        assert_eq!(unit.locator, "7");
        let metadata: UnitMetadata = serde_json::from_str(unit.metadata.as_deref().unwrap()).unwrap();
        assert_eq!(metadata.tu.attributes.get("usagecount").map(String::as_str), Some("3"));
        assert!(!metadata.tu.attributes.contains_key("creationdate"));
        assert_eq!(metadata.tu.notes[0].value, "checked");
        assert_eq!(metadata.tu.props[0].kind, "x-client");
        assert_eq!(metadata.source.props[0].value, "MSA");
    }

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(date_from_tmx("20240131T120000Z"), "2024-01-31T12:00:00Z");
        assert_eq!(date_to_tmx("2024-01-31T12:00:00Z"), "20240131T120000Z");
        assert_eq!(date_from_tmx("yesterday"), "yesterday");
        assert_eq!(date_to_tmx("yesterday"), "yesterday");
    }

    #[test]
    fn broken_documents_are_errors_with_a_line() {
        let cases = [
            (body("<tu><tuv xml:lang=\"en\"><seg>x</seg></tuv>").replace("</body></tmx>", ""), "unexpected end of file"),
            (body("<tu><tuv xml:lang=\"en\"><seg>x</tuv></tu>"), "line 4: ill-formed"),
            (body("<tu><tuv xml:lang=\"en\"><seg>&nope;</seg></tuv></tu>"), "undefined entity &nope;"),
            ("<html/>".to_string(), "not a TMX file"),
        ];
        for (tmx, want) in cases {
            let error = read(&tmx).unwrap_err().to_string();
            assert!(error.starts_with("t.tmx: "), "{error}");
            assert!(error.contains(want), "{want}: {error}");
        }
    }

    #[test]
    fn internal_entities_expand_and_bombs_stop_at_the_budget() {
        let tmx = body("<tu><tuv xml:lang=\"en\"><seg>&agency; said</seg></tuv></tu>")
            .replace("<tmx ", "<!DOCTYPE tmx [<!ENTITY agency \"the &amp; agency\">]>\n<tmx ");
        assert_eq!(read(&tmx).unwrap()[0].tuvs[0].text, "the & agency said");
        let mut doctype = String::from("<!DOCTYPE tmx [<!ENTITY lol0 \"lol\">");
        for k in 1..10 {
            doctype.push_str(&format!("<!ENTITY lol{k} \"{}\">", format!("&lol{};", k - 1).repeat(10)));
        }
        doctype.push_str("]>\n");
        let bomb = body("<tu><tuv xml:lang=\"en\"><seg>&lol9;</seg></tuv></tu>").replace("<tmx ", &format!("{doctype}<tmx "));
        assert!(read(&bomb).unwrap_err().to_string().contains("entity bomb"));
        let external = body("<tu><tuv xml:lang=\"en\"><seg>&x;</seg></tuv></tu>")
            .replace("<tmx ", "<!DOCTYPE tmx [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<tmx ");
        assert!(read(&external).unwrap_err().to_string().contains("not fetched"));
    }
}
