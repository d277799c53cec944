//! What the XML readers and writers (TMX, TBX, XLIFF) share: quick-xml
//! over [`Utf8Input`] with the line count and the one-line errors that
//! name the file and the line (`XmlReader`); entity references
//! (`Entities`: character references and XML's five predefined
//! entities, and the internal entities a DOCTYPE declares, expanded
//! within [`ENTITY_BUDGET`] characters per file; an external DTD or
//! entity is never fetched, so an entity bomb is refused and nothing is
//! read from elsewhere); attribute values with references resolved; and
//! escaping text and attribute values for writing (`escape_into`).
//!
//! Each reader keeps its own error type; `LineError` says how a
//! "file: line N: problem" error, a bad-encoding error and (where the
//! format reports one apart) an I/O error are made in it.

use super::FormatError;
use super::input::{InvalidText, UnsupportedEncoding, Utf8Input};
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufReader, Read};
use std::marker::PhantomData;

/// At most this many characters come out of internal entity expansion
/// in one file (1 MiB: far beyond what a real file declares, while a
/// "billion laughs" bomb passes it within a few levels).
pub const ENTITY_BUDGET: usize = 1 << 20;

/// How a reader's error type is made from what the shared reader finds.
pub(crate) trait LineError: Sized {
    /// A problem at a line of the file.
    fn at(file: &str, line: u64, problem: String) -> Self;
    /// The file's text is not in its encoding.
    fn encoding(file: &str, problem: InvalidText) -> Self;
    /// An I/O error reported apart from the line, if the format does so;
    /// `None` makes it a problem at the line reached.
    fn io(_file: &str, _error: &std::io::Error) -> Option<Self> {
        None
    }
}

impl LineError for FormatError {
    fn at(file: &str, line: u64, problem: String) -> FormatError {
        FormatError::At { file: file.to_string(), line, problem }
    }

    fn encoding(file: &str, problem: InvalidText) -> FormatError {
        FormatError::Encoding { file: file.to_string(), problem }
    }
}

/// quick-xml over [`Utf8Input`], counting lines, with the file's
/// entities; its errors are `E`s naming the file and the line.
pub(crate) struct XmlReader<R: Read, E> {
    xml: quick_xml::Reader<BufReader<Utf8Input<R>>>,
    pub(crate) file: String,
    /// The line the reader has reached (1-based).
    pub(crate) line: u64,
    /// The internal entities declared in the DOCTYPE (none until the
    /// reader's owner sets them from one).
    pub(crate) entities: Entities,
    error: PhantomData<fn() -> E>,
}

impl<R: Read, E: LineError> XmlReader<R, E> {
    pub(crate) fn new(reader: R, file: &str) -> XmlReader<R, E> {
        // 64 KiB reads: the size the readers were measured with
        let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, Utf8Input::for_xml(reader)));
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        XmlReader { xml, file: file.to_string(), line: 1, entities: Entities::default(), error: PhantomData }
    }

    /// A problem at the line reached.
    pub(crate) fn error(&self, problem: impl Into<String>) -> E {
        E::at(&self.file, self.line, problem.into())
    }

    /// A problem at another line.
    pub(crate) fn error_at(&self, line: u64, problem: impl Into<String>) -> E {
        E::at(&self.file, line, problem.into())
    }

    fn xml_error(&self, error: quick_xml::Error) -> E {
        if let quick_xml::Error::Io(io) = &error {
            if let Some(invalid) = InvalidText::from_io(io) {
                return E::encoding(&self.file, invalid.clone());
            }
            if let Some(unsupported) = UnsupportedEncoding::from_io(io) {
                // named by the declaration, which is on the first line
                return E::at(&self.file, 1, unsupported.to_string());
            }
            if let Some(error) = E::io(&self.file, io) {
                return error;
            }
        }
        self.error(error.to_string())
    }

    /// The next event, read into `buf`, with the line count advanced past it.
    pub(crate) fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, E> {
        buf.clear();
        let event = match self.xml.read_event_into(buf) {
            Ok(e) => e,
            Err(e) => return Err(self.xml_error(e)),
        };
        let newlines = |s: &str| s.bytes().filter(|&b| b == b'\n').count() as u64;
        self.line += match &event {
            Event::Start(e) | Event::Empty(e) => newlines(e),
            Event::Text(e) | Event::Comment(e) | Event::DocType(e) => newlines(e),
            Event::CData(e) => newlines(e),
            Event::PI(e) => newlines(e),
            _ => 0,
        };
        Ok(event)
    }

    /// An element's attributes, each with references resolved and white
    /// space normalised ([`Entities::attribute_value`]).
    pub(crate) fn attributes(&mut self, element: &BytesStart<'_>) -> Result<BTreeMap<String, String>, E> {
        let mut out = BTreeMap::new();
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| self.error(e.to_string()))?;
            let value = self.entities.attribute_value(&attribute.value).map_err(|p| self.error(p))?;
            out.insert(attribute.key.as_ref().to_string(), value);
        }
        Ok(out)
    }

    /// Appends the expansion of the entity reference `&name;` to `out`.
    pub(crate) fn expand(&mut self, name: &str, out: &mut String) -> Result<(), E> {
        self.entities.expand(name, out, 0).map_err(|p| self.error(p))
    }

    /// Skips to the end of an element whose start was just read.
    pub(crate) fn skip_element(&mut self, name: &str) -> Result<(), E> {
        let mut buf = Vec::new();
        let mut depth = 1;
        loop {
            match self.next(&mut buf)? {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.unexpected_end(name)),
                _ => {}
            }
        }
    }

    pub(crate) fn unexpected_end(&self, inside: &str) -> E {
        self.error(format!("unexpected end of file inside <{inside}> (truncated?)"))
    }
}

/// Appends the text of a character reference (`#x627`, `#1575`) or of
/// one of XML's five predefined entities (`amp` …) to `out`; `Ok(false)`
/// when `name` is neither.
pub(crate) fn push_predefined(name: &str, out: &mut String) -> Result<bool, String> {
    if let Some(c) = name.strip_prefix('#') {
        let code = match c.strip_prefix('x').or_else(|| c.strip_prefix('X')) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => c.parse().ok(),
        };
        let c = code.and_then(char::from_u32).filter(|&c| c != '\0').ok_or_else(|| format!("bad character reference &{name};"))?;
        out.push(c);
        return Ok(true);
    }
    match quick_xml::escape::resolve_predefined_entity(name) {
        Some(text) => {
            out.push_str(text);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Internal entities declared in the DOCTYPE, and the expansion budget used.
#[derive(Default)]
pub(crate) struct Entities {
    internal: HashMap<String, String>,
    external: Vec<String>,
    budget_used: usize,
}

impl Entities {
    pub(crate) fn from_doctype(doctype: &str) -> Entities {
        let declaration = regex::Regex::new(r#"<!ENTITY\s+(%\s+)?([^\s%"'>]+)\s+(?:"([^"]*)"|'([^']*)'|((?:SYSTEM|PUBLIC)[^>]*))\s*>"#)
            .expect("valid regex");
        let mut entities = Entities::default();
        for c in declaration.captures_iter(doctype) {
            if c.get(1).is_some() {
                continue; // parameter entities only matter inside the DTD
            }
            let name = c[2].to_string();
            match c.get(3).or(c.get(4)) {
                // the first declaration binds (XML 1.0 §4.2)
                Some(value) => {
                    entities.internal.entry(name).or_insert_with(|| value.as_str().to_string());
                }
                None => entities.external.push(name),
            }
        }
        entities
    }

    /// Appends the expansion of `&name;` to `out`.
    pub(crate) fn expand(&mut self, name: &str, out: &mut String, depth: usize) -> Result<(), String> {
        if push_predefined(name, out)? {
            return Ok(());
        }
        if self.external.iter().any(|e| e == name) {
            return Err(format!("external entity &{name}; is not fetched"));
        }
        // 16 levels: more than any real file nests, few enough for the stack
        if depth > 16 {
            return Err(format!("entity &{name}; nests too deeply"));
        }
        let value = self.internal.get(name).cloned().ok_or_else(|| format!("undefined entity &{name};"))?;
        let mut rest = value.as_str();
        while let Some(amp) = rest.find('&') {
            self.spend(amp, name)?;
            out.push_str(&rest[..amp]);
            let end = rest[amp..].find(';').ok_or_else(|| format!("entity &{name}; holds an unterminated reference"))? + amp;
            self.expand(&rest[amp + 1..end], out, depth + 1)?;
            rest = &rest[end + 1..];
        }
        self.spend(rest.len(), name)?;
        out.push_str(rest);
        Ok(())
    }

    fn spend(&mut self, n: usize, name: &str) -> Result<(), String> {
        self.budget_used += n;
        if self.budget_used > ENTITY_BUDGET {
            return Err(format!("entity expansion passes {ENTITY_BUDGET} characters at &{name}; (an entity bomb?)"));
        }
        Ok(())
    }

    /// An attribute value with references resolved and white space
    /// normalised (each tab and line break a space, also those written
    /// as character references).
    pub(crate) fn attribute_value(&mut self, raw: &str) -> Result<String, String> {
        if !raw.contains(['&', '\t', '\n', '\r']) {
            return Ok(raw.to_string());
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            let end = rest[amp..].find(';').ok_or("unterminated reference in an attribute")? + amp;
            self.expand(&rest[amp + 1..end], &mut out, 0)?;
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out.replace(['\t', '\n', '\r'], " "))
    }
}

/// Escapes text for XML content, or for a double-quoted attribute.
pub(crate) fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// [`escape_into`] a new string.
pub(crate) fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text, attribute);
    out
}
