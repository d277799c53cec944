//! The event source under the reader and the write-back: the shared
//! [`XmlReader`] (line count, entity expansion, errors that name the file
//! and line) with the root's prefix, and DOCTYPE entities taken as read.

use super::XliffError;
use crate::formats::xml::{Entities, XmlReader};
use quick_xml::events::Event;
use std::io::Read;
use std::ops::{Deref, DerefMut};

pub(crate) struct Events<R: Read> {
    xml: XmlReader<R, XliffError>,
    /// The root's prefix (`xlf` for `<xlf:xliff>`), empty when unprefixed:
    /// elements with another prefix are extensions.
    pub(crate) prefix: String,
    /// Whether the root element has been read: a DOCTYPE may only come
    /// before it (XML 1.0 §2.8), and one later must not bring a fresh
    /// entity budget.
    in_root: bool,
}

/// The shared reader's line, errors, attributes and entity expansion.
impl<R: Read> Deref for Events<R> {
    type Target = XmlReader<R, XliffError>;
    fn deref(&self) -> &Self::Target {
        &self.xml
    }
}

impl<R: Read> DerefMut for Events<R> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.xml
    }
}

impl<R: Read> Events<R> {
    pub(crate) fn new(reader: R, file: &str) -> Events<R> {
        Events { xml: XmlReader::new(reader, file), prefix: String::new(), in_root: false }
    }

    /// The next event, read into `buf`, with the line count advanced past
    /// it; the DOCTYPE's internal entities are taken, and a DOCTYPE after
    /// the root element is an error.
    pub(crate) fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, XliffError> {
        let event = self.xml.next(buf)?;
        match &event {
            Event::DocType(_) if self.in_root => {
                return Err(self.xml.error("a DOCTYPE inside the document (it may only come before the root element)"));
            }
            Event::DocType(d) => self.xml.entities = Entities::from_doctype(d),
            Event::Start(_) | Event::Empty(_) => self.in_root = true,
            _ => {}
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
