//! The event source under the reader and the write-back: quick-xml over
//! [`Utf8Input`], with the line count, entity expansion and errors that
//! name the file and line.

use super::XliffError;
use super::entities::Entities;
use crate::formats::input::{InvalidText, UnsupportedEncoding, Utf8Input};
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::io::{BufReader, Read};

pub(crate) struct Events<R: Read> {
    xml: quick_xml::Reader<BufReader<Utf8Input<R>>>,
    pub(crate) file: String,
    pub(crate) line: u64,
    pub(crate) entities: Entities,
    /// The root's prefix (`xlf` for `<xlf:xliff>`), empty when unprefixed:
    /// elements with another prefix are extensions.
    pub(crate) prefix: String,
}

impl<R: Read> Events<R> {
    pub(crate) fn new(reader: R, file: &str) -> Events<R> {
        let mut xml = quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, Utf8Input::for_xml(reader)));
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Events { xml, file: file.to_string(), line: 1, entities: Entities::default(), prefix: String::new() }
    }

    pub(crate) fn error(&self, problem: impl Into<String>) -> XliffError {
        XliffError::Xml { file: self.file.clone(), line: self.line, problem: problem.into() }
    }

    pub(crate) fn error_at(&self, line: u64, problem: impl Into<String>) -> XliffError {
        XliffError::Xml { file: self.file.clone(), line, problem: problem.into() }
    }

    fn xml_error(&self, error: quick_xml::Error) -> XliffError {
        if let quick_xml::Error::Io(io) = &error
            && let Some(invalid) = InvalidText::from_io(io)
        {
            return XliffError::Encoding { file: self.file.clone(), problem: invalid.clone() };
        }
        if let quick_xml::Error::Io(io) = &error
            && let Some(unsupported) = UnsupportedEncoding::from_io(io)
        {
            // named by the declaration, which is on the first line
            return XliffError::Xml { file: self.file.clone(), line: 1, problem: unsupported.to_string() };
        }
        if let quick_xml::Error::Io(io) = &error {
            return XliffError::Io { file: self.file.clone(), source: std::io::Error::new(io.kind(), io.to_string()) };
        }
        self.error(error.to_string())
    }

    /// The next event, read into `buf`, with the line count advanced past it.
    pub(crate) fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, XliffError> {
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
        if let Event::DocType(d) = &event {
            self.entities = Entities::from_doctype(d);
        }
        Ok(event)
    }

    /// The local name of an element in the XLIFF namespace (by the root's
    /// prefix), `None` for an extension's element.
    pub(crate) fn xliff_name<'n>(&self, qname: &'n str) -> Option<&'n str> {
        match qname.split_once(':') {
            Some((prefix, local)) if prefix == self.prefix => Some(local),
            None if self.prefix.is_empty() => Some(qname),
            _ => None,
        }
    }

    pub(crate) fn attributes(&mut self, element: &BytesStart<'_>) -> Result<BTreeMap<String, String>, XliffError> {
        let mut out = BTreeMap::new();
        for attribute in element.attributes() {
            let attribute = attribute.map_err(|e| self.error(e.to_string()))?;
            let value = self.entities.attribute_value(&attribute.value).map_err(|p| self.error(p))?;
            out.insert(attribute.key.as_ref().to_string(), value);
        }
        Ok(out)
    }

    /// Expands an entity reference into `out`.
    pub(crate) fn expand(&mut self, name: &str, out: &mut String) -> Result<(), XliffError> {
        self.entities.expand(name, out, 0).map_err(|p| self.error(p))
    }

    pub(crate) fn unexpected_end(&self, inside: &str) -> XliffError {
        self.error(format!("unexpected end of file inside <{inside}> (truncated?)"))
    }
}

/// Appends an event as it was written (quick-xml keeps each tag's raw
/// text), so that copying events gives back the document.
pub(crate) fn push_raw(out: &mut String, event: &Event<'_>) {
    let (before, body, after): (&str, &str, &str) = match event {
        Event::Start(e) => ("<", e, ">"),
        Event::End(e) => ("</", e, ">"),
        Event::Empty(e) => ("<", e, "/>"),
        Event::Text(e) => ("", e, ""),
        Event::CData(e) => ("<![CDATA[", e, "]]>"),
        Event::Comment(e) => ("<!--", e, "-->"),
        Event::Decl(e) => ("<?", e, "?>"),
        Event::PI(e) => ("<?", e, "?>"),
        Event::DocType(e) => ("<!DOCTYPE ", e, ">"),
        Event::GeneralRef(e) => ("&", e, ";"),
        Event::Eof => ("", "", ""),
    };
    out.push_str(before);
    out.push_str(body);
    out.push_str(after);
}
