//! The streaming reader: one unit at a time, for XLIFF 1.2 (and its
//! SDLXLIFF and MQXLIFF flavours) and XLIFF 2.0/2.1.

use super::XliffError;
use super::events::{Events, push_raw};
use super::inline::{Spans, check_unit_spans, read_content};
use super::model::{Content, Flavour, Segment, XliffDocument, XliffFile, XliffNote, XliffUnit, XliffVersion};
use quick_xml::events::{BytesStart, Event};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;

/// The XLIFF 1.2 namespace (XLIFF 1.2 §2.1); 1.0 and 1.1 files often
/// have none, or the 1.1 one.
pub const XLIFF_1_2_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The XLIFF 1.1 namespace (XLIFF 1.1 §2.1), which translate-toolkit's
/// `po2xliff` still writes.
const XLIFF_1_1_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.1";
/// The XLIFF 2.x core namespace, the same for 2.0, 2.1 and 2.2 (XLIFF 2.1 §4.1).
pub const XLIFF_2_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// The namespaces that tell the vendor flavours (as SDL Trados Studio
/// and memoQ write them).
const SDL_NAMESPACE: &str = "http://sdl.com/FileTypes/SdlXliff/1.0";
const MEMOQ_NAMESPACE: &str = "MQXliff";

/// Reads XLIFF one unit at a time; see the module documentation.
pub struct XliffReader<R: Read> {
    events: Events<R>,
    version: XliffVersion,
    flavour: Flavour,
    /// 2.x `srcLang`/`trgLang` of the root.
    languages: (Option<String>, Option<String>),
    /// The prefixes the root binds to SDL's and memoQ's namespaces.
    sdl_prefix: Option<String>,
    mq_prefix: Option<String>,
    files: Vec<XliffFile>,
    /// `translate` of each open `file`/`group`/`body`.
    open: Vec<bool>,
    /// 1.2 `phase`s of the current file's header: `phase-name` → contact.
    phases: HashMap<String, String>,
    done: bool,
}

/// Reads a whole document into memory (for small files and tests; use
/// [`XliffReader`] to stream).
pub fn read_document<R: Read>(reader: R, file: &str) -> Result<XliffDocument, XliffError> {
    let mut xliff = XliffReader::new(reader, file)?;
    let units = xliff.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok(XliffDocument { version: xliff.version, flavour: xliff.flavour, files: xliff.files, units })
}

fn yes_no(value: Option<&String>) -> Option<bool> {
    value.map(|v| v != "no")
}

/// The version and flavour a root `xliff` element declares, and its
/// prefix; `Err` says why it is not XLIFF dragoman reads.
pub(crate) fn root_kind(qname: &str, attributes: &BTreeMap<String, String>) -> Result<(XliffVersion, Flavour, String), String> {
    let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
    if local != "xliff" {
        return Err(format!("not an XLIFF file: the root element is <{qname}>, not <xliff>"));
    }
    let ns_attribute = if prefix.is_empty() { "xmlns".to_string() } else { format!("xmlns:{prefix}") };
    let namespace = attributes.get(&ns_attribute).map(String::as_str);
    let version = attributes.get("version").map(String::as_str);
    let kind = match (version, namespace) {
        (Some("1.0" | "1.1" | "1.2") | None, None | Some(XLIFF_1_1_NAMESPACE | XLIFF_1_2_NAMESPACE))
            if version.is_some() || namespace.is_some() =>
        {
            XliffVersion::V1_2
        }
        (Some("2.0"), Some(XLIFF_2_NAMESPACE)) => XliffVersion::V2_0,
        (Some("2.1" | "2.2"), Some(XLIFF_2_NAMESPACE)) => XliffVersion::V2_1,
        (Some(v @ ("1.0" | "1.1" | "1.2" | "2.0" | "2.1" | "2.2")), Some(ns)) => {
            return Err(format!("root <{qname}> has version {v} but the namespace \"{ns}\", which is not XLIFF {v}'s"));
        }
        (Some(v @ ("2.0" | "2.1" | "2.2")), None) => return Err(format!("root <{qname}> has version {v} but no XLIFF 2 namespace")),
        (Some(v), _) => return Err(format!("root <{qname}> has version \"{v}\": only XLIFF 1.2, 2.0 and 2.1 are read")),
        (None, ns) => return Err(format!("root <{qname}> has no version and the namespace {ns:?}, which is not XLIFF's")),
    };
    let declares = |ns: &str| attributes.iter().any(|(k, v)| k.starts_with("xmlns:") && v == ns);
    let flavour = if declares(SDL_NAMESPACE) {
        Flavour::Sdlxliff
    } else if declares(MEMOQ_NAMESPACE) {
        Flavour::Mqxliff
    } else {
        Flavour::Oasis
    };
    Ok((kind, flavour, prefix.to_string()))
}

impl<R: Read> XliffReader<R> {
    /// Reads up to the root element and checks that it is XLIFF 1.2, 2.0
    /// or 2.1.
    pub fn new(reader: R, file: &str) -> Result<XliffReader<R>, XliffError> {
        let mut events = Events::new(reader, file);
        let mut buf = Vec::new();
        loop {
            match events.next(&mut buf)? {
                Event::Start(e) => {
                    let attributes = events.attributes(&e)?;
                    let (version, flavour, prefix) = root_kind(e.name().as_ref(), &attributes).map_err(|p| events.error(p))?;
                    events.prefix = prefix;
                    let languages = (attributes.get("srcLang").cloned(), attributes.get("trgLang").cloned());
                    let prefix_of =
                        |ns: &str| attributes.iter().find(|(k, v)| k.starts_with("xmlns:") && *v == ns).map(|(k, _)| k[6..].to_string());
                    let (sdl_prefix, mq_prefix) = (prefix_of(SDL_NAMESPACE), prefix_of(MEMOQ_NAMESPACE));
                    let files = Vec::new();
                    let open = vec![true];
                    return Ok(XliffReader {
                        events,
                        version,
                        flavour,
                        languages,
                        sdl_prefix,
                        mq_prefix,
                        files,
                        open,
                        phases: HashMap::new(),
                        done: false,
                    });
                }
                Event::Empty(e) => {
                    let attributes = events.attributes(&e)?;
                    root_kind(e.name().as_ref(), &attributes).map_err(|p| events.error(p))?;
                    return Err(events.error("the <xliff> element is empty: no <file>"));
                }
                Event::Eof => return Err(events.error("not an XLIFF file: no root element")),
                _ => {}
            }
        }
    }

    pub fn version(&self) -> XliffVersion {
        self.version
    }

    pub fn flavour(&self) -> Flavour {
        self.flavour
    }

    /// The `file` elements met so far; a unit's [`XliffUnit::file`] indexes this.
    pub fn files(&self) -> &[XliffFile] {
        &self.files
    }

    /// Skips to the end of an element whose start was just read.
    fn skip(&mut self, name: &str) -> Result<(), XliffError> {
        let mut buf = Vec::new();
        let mut depth = 1;
        loop {
            match self.events.next(&mut buf)? {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.events.unexpected_end(name)),
                _ => {}
            }
        }
    }

    /// The text of a `note` whose start was just read.
    fn read_note(&mut self, start: &BytesStart<'_>) -> Result<XliffNote, XliffError> {
        let attributes = self.events.attributes(start)?;
        let (content, _) = read_content(&mut self.events, "note", self.version.is_2x())?;
        Ok(XliffNote { text: content.text, attributes })
    }

    /// Notes in a 1.2 `header` or a 2.x `notes`; other elements skipped.
    fn read_notes(&mut self, inside: &str) -> Result<Vec<XliffNote>, XliffError> {
        let mut buf = Vec::new();
        let mut notes = Vec::new();
        loop {
            match self.events.next(&mut buf)? {
                Event::Start(e) => {
                    let qname = e.name().as_ref().to_string();
                    if self.events.xliff_name(&qname) == Some("note") {
                        let e = e.into_owned();
                        notes.push(self.read_note(&e)?);
                    } else if self.events.xliff_name(&qname) == Some("phase-group") {
                        self.read_phases()?;
                    } else {
                        self.skip(&qname)?;
                    }
                }
                Event::End(_) => return Ok(notes),
                Event::Eof => return Err(self.events.unexpected_end(inside)),
                _ => {}
            }
        }
    }

    /// The `phase`s of a 1.2 `phase-group` whose start was just read:
    /// each `phase-name` with its `contact-name` (else `contact-email`).
    fn read_phases(&mut self) -> Result<(), XliffError> {
        let mut buf = Vec::new();
        loop {
            let event = self.events.next(&mut buf)?;
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let qname = e.name().as_ref().to_string();
                    let mut attributes = self.events.attributes(&e)?;
                    if self.events.xliff_name(&qname) == Some("phase")
                        && let Some(name) = attributes.remove("phase-name")
                        && let Some(contact) = attributes.remove("contact-name").or_else(|| attributes.remove("contact-email"))
                    {
                        self.phases.insert(name, contact);
                    }
                    if !empty {
                        self.skip(&qname)?;
                    }
                }
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.events.unexpected_end("phase-group")),
                _ => {}
            }
        }
    }

    /// The segment `mrk`s of a 1.2 `seg-source` or segmented `target`
    /// (at any depth: SDLXLIFF wraps them in `g`), by `mid`.
    fn read_segment_marks(&mut self, inside: &str) -> Result<Vec<(String, Content)>, XliffError> {
        let mut buf = Vec::new();
        let mut marks = Vec::new();
        let mut depth = 0;
        loop {
            match self.events.next(&mut buf)? {
                Event::Start(e) => {
                    let qname = e.name().as_ref().to_string();
                    let attributes = self.events.attributes(&e)?;
                    if self.events.xliff_name(&qname) == Some("mrk") && attributes.get("mtype").is_some_and(|m| m == "seg") {
                        let mid = attributes.get("mid").cloned().ok_or_else(|| self.events.error("segment <mrk> without mid"))?;
                        let (content, _) = read_content(&mut self.events, "mrk", false)?;
                        marks.push((mid, content));
                    } else {
                        depth += 1;
                    }
                }
                Event::Empty(e) => {
                    let qname = e.name().as_ref().to_string();
                    let attributes = self.events.attributes(&e)?;
                    if self.events.xliff_name(&qname) == Some("mrk") && attributes.get("mtype").is_some_and(|m| m == "seg") {
                        let mid = attributes.get("mid").cloned().ok_or_else(|| self.events.error("segment <mrk> without mid"))?;
                        marks.push((mid, Content::default()));
                    }
                }
                Event::End(_) if depth == 0 => return Ok(marks),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.events.unexpected_end(inside)),
                _ => {}
            }
        }
    }

    fn read_unit_1_2(&mut self, start: &BytesStart<'_>) -> Result<XliffUnit, XliffError> {
        let line = self.events.line;
        let attributes = self.events.attributes(start)?;
        let mut unit = self.new_unit(&attributes, "resname", line)?;
        unit.approved = yes_no(attributes.get("approved"));
        let mut source = None;
        let mut marks: Option<Vec<(String, Content)>> = None;
        let mut target = None;
        let mut target_marks: Option<HashMap<String, Content>> = None;
        let mut state = None;
        let mq_status = self.mq_prefix.as_ref().and_then(|p| attributes.get(&format!("{p}:status")).cloned());
        unit.author = self.mq_prefix.as_ref().and_then(|p| attributes.get(&format!("{p}:lastchanginguser")).cloned());
        let mut sdl_author = None;
        let sdl_seg_defs = self.sdl_prefix.as_ref().map(|p| format!("{p}:seg-defs"));
        let mut sdl_confirmations: HashMap<String, String> = HashMap::new();
        let mut buf = Vec::new();
        loop {
            let event = self.events.next(&mut buf)?;
            match event {
                Event::Start(e) => {
                    let qname = e.name().as_ref().to_string();
                    let e = e.into_owned();
                    if sdl_seg_defs.as_ref() == Some(&qname) {
                        (sdl_confirmations, sdl_author) = self.read_sdl_seg_defs(&qname)?;
                        continue;
                    }
                    match self.events.xliff_name(&qname) {
                        Some("source") => source = Some(read_content(&mut self.events, "source", false)?.0),
                        Some("seg-source") => marks = Some(self.read_segment_marks("seg-source")?),
                        Some("target") => {
                            let mut target_attributes = self.events.attributes(&e)?;
                            state = target_attributes.remove("state");
                            if let Some(contact) = target_attributes.get("phase-name").and_then(|p| self.phases.get(p)) {
                                unit.author = Some(contact.clone());
                            }
                            if marks.is_some() {
                                target_marks = Some(self.read_segment_marks("target")?.into_iter().collect());
                            } else {
                                target = Some(read_content(&mut self.events, "target", false)?.0);
                            }
                        }
                        Some("note") => {
                            let note = self.read_note(&e)?;
                            unit.notes.push(note);
                        }
                        _ => self.skip(&qname)?,
                    }
                }
                Event::Empty(e) => {
                    let qname = e.name().as_ref().to_string();
                    match self.events.xliff_name(&qname) {
                        Some("source") => source = Some(Content::default()),
                        Some("target") => {
                            state = self.events.attributes(&e)?.remove("state");
                            target = Some(Content::default());
                            target_marks = Some(HashMap::new());
                        }
                        _ => {}
                    }
                }
                Event::End(_) => break,
                Event::Eof => return Err(self.events.unexpected_end("trans-unit")),
                _ => {}
            }
        }
        if unit.author.is_none() {
            unit.author = sdl_author;
        }
        let Some(source) = source else {
            return Err(self.events.error_at(line, format!("<trans-unit id=\"{}\"> has no <source>", unit.id)));
        };
        match marks {
            Some(marks) => {
                let mut target_marks = target_marks.unwrap_or_default();
                unit.segments = marks
                    .into_iter()
                    .map(|(mid, source)| Segment {
                        target: target_marks.remove(&mid),
                        vendor_state: sdl_confirmations.remove(&mid).or_else(|| mq_status.clone()),
                        id: Some(mid),
                        source,
                        state: state.clone(),
                        sub_state: None,
                    })
                    .collect();
            }
            None => {
                let vendor_state = sdl_confirmations.into_values().next().or(mq_status);
                unit.segments.push(Segment { id: None, source, target, state, sub_state: None, vendor_state })
            }
        }
        Ok(unit)
    }

    /// SDLXLIFF's `sdl:seg-defs` (start just read): each `sdl:seg`'s
    /// `conf` by its `id`, which is the segment's `mid`; and the first
    /// `sdl:value` keyed `last_modified_by` (else `created_by`) in them.
    fn read_sdl_seg_defs(&mut self, inside: &str) -> Result<(HashMap<String, String>, Option<String>), XliffError> {
        let seg = self.sdl_prefix.as_ref().map(|p| format!("{p}:seg")).unwrap_or_default();
        let value = self.sdl_prefix.as_ref().map(|p| format!("{p}:value")).unwrap_or_default();
        let mut confirmations = HashMap::new();
        let (mut modified_by, mut created_by) = (None, None);
        let mut buf = Vec::new();
        loop {
            let event = self.events.next(&mut buf)?;
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == seg => {
                    let mut attributes = self.events.attributes(&e)?;
                    if let (Some(id), Some(conf)) = (attributes.remove("id"), attributes.remove("conf")) {
                        confirmations.insert(id, conf);
                    }
                    if !empty {
                        let (modified, created) = self.read_sdl_values(&value)?;
                        modified_by = modified_by.or(modified);
                        created_by = created_by.or(created);
                    }
                }
                Event::Start(e) => {
                    let qname = e.name().as_ref().to_string();
                    self.skip(&qname)?;
                }
                Event::End(_) => return Ok((confirmations, modified_by.or(created_by))),
                Event::Eof => return Err(self.events.unexpected_end(inside)),
                _ => {}
            }
        }
    }

    /// The `last_modified_by` and `created_by` `sdl:value`s inside an
    /// `sdl:seg` whose start was just read, up to its end.
    fn read_sdl_values(&mut self, value: &str) -> Result<(Option<String>, Option<String>), XliffError> {
        let (mut modified, mut created) = (None, None);
        let mut buf = Vec::new();
        let mut depth = 1;
        let mut key: Option<String> = None;
        loop {
            match self.events.next(&mut buf)? {
                Event::Start(e) => {
                    depth += 1;
                    key = if e.name().as_ref() == value { self.events.attributes(&e)?.remove("key") } else { None };
                }
                Event::Text(t) => {
                    let text = t.xml10_content().trim().to_string();
                    match key.as_deref() {
                        Some("last_modified_by") if !text.is_empty() => modified = Some(text),
                        Some("created_by") if !text.is_empty() => created = Some(text),
                        _ => {}
                    }
                }
                Event::End(_) => {
                    key = None;
                    depth -= 1;
                    if depth == 0 {
                        return Ok((modified, created));
                    }
                }
                Event::Eof => return Err(self.events.unexpected_end("sdl:seg")),
                _ => {}
            }
        }
    }

    fn new_unit(&self, attributes: &BTreeMap<String, String>, name_attribute: &str, line: u64) -> Result<XliffUnit, XliffError> {
        let id = attributes.get("id").cloned().ok_or_else(|| self.events.error_at(line, "a unit without id"))?;
        let inherited = self.open.last().copied().unwrap_or(true);
        Ok(XliffUnit {
            file: self.files.len().saturating_sub(1),
            id,
            resname: attributes.get(name_attribute).cloned(),
            approved: None,
            restype: attributes.get("restype").cloned(),
            author: None,
            translate: yes_no(attributes.get("translate")).unwrap_or(inherited),
            notes: Vec::new(),
            original_data: Vec::new(),
            segments: Vec::new(),
            line,
        })
    }

    /// The `data` elements of a 2.x `originalData` whose start was just
    /// read: each one's `id` and content as written.
    fn read_original_data(&mut self) -> Result<Vec<(String, String)>, XliffError> {
        let mut buf = Vec::new();
        let mut data = Vec::new();
        loop {
            match self.events.next(&mut buf)? {
                Event::Start(e) if self.events.xliff_name(e.name().as_ref()) == Some("data") => {
                    let id = self.events.attributes(&e)?.remove("id").unwrap_or_default();
                    let mut content = String::new();
                    let mut inner = Vec::new();
                    let mut depth = 1;
                    loop {
                        let event = self.events.next(&mut inner)?;
                        match &event {
                            Event::Start(_) => depth += 1,
                            Event::End(_) => depth -= 1,
                            Event::Eof => return Err(self.events.unexpected_end("data")),
                            _ => {}
                        }
                        if depth == 0 {
                            break;
                        }
                        push_raw(&mut content, &event);
                    }
                    data.push((id, content));
                }
                Event::Empty(e) if self.events.xliff_name(e.name().as_ref()) == Some("data") => {
                    data.push((self.events.attributes(&e)?.remove("id").unwrap_or_default(), String::new()));
                }
                Event::Start(e) => {
                    let qname = e.name().as_ref().to_string();
                    self.skip(&qname)?;
                }
                Event::End(_) => return Ok(data),
                Event::Eof => return Err(self.events.unexpected_end("originalData")),
                _ => {}
            }
        }
    }

    fn read_unit_2(&mut self, start: &BytesStart<'_>) -> Result<XliffUnit, XliffError> {
        let line = self.events.line;
        let attributes = self.events.attributes(start)?;
        let mut unit = self.new_unit(&attributes, "name", line)?;
        let mut source_spans: Vec<Spans> = Vec::new();
        let mut target_spans: Vec<Spans> = Vec::new();
        let mut buf = Vec::new();
        loop {
            let event = self.events.next(&mut buf)?;
            match event {
                Event::Start(e) => {
                    let qname = e.name().as_ref().to_string();
                    let e = e.into_owned();
                    match self.events.xliff_name(&qname) {
                        Some("notes") => unit.notes = self.read_notes("notes")?,
                        Some("originalData") => unit.original_data = self.read_original_data()?,
                        Some("segment") => {
                            let attributes = self.events.attributes(&e)?;
                            let mut segment = Segment {
                                id: attributes.get("id").cloned(),
                                state: attributes.get("state").cloned(),
                                sub_state: attributes.get("subState").cloned(),
                                ..Segment::default()
                            };
                            let mut inner = Vec::new();
                            loop {
                                match self.events.next(&mut inner)? {
                                    Event::Start(c) => {
                                        let qname = c.name().as_ref().to_string();
                                        match self.events.xliff_name(&qname) {
                                            Some("source") => {
                                                let (content, spans) = read_content(&mut self.events, "source", true)?;
                                                segment.source = content;
                                                source_spans.push(spans);
                                            }
                                            Some("target") => {
                                                let (content, spans) = read_content(&mut self.events, "target", true)?;
                                                segment.target = Some(content);
                                                target_spans.push(spans);
                                            }
                                            _ => self.skip(&qname)?,
                                        }
                                    }
                                    Event::Empty(c) if self.events.xliff_name(c.name().as_ref()) == Some("target") => {
                                        segment.target = Some(Content::default());
                                    }
                                    Event::End(_) => break,
                                    Event::Eof => return Err(self.events.unexpected_end("segment")),
                                    _ => {}
                                }
                            }
                            unit.segments.push(segment);
                        }
                        _ => self.skip(&qname)?, // ignorable, mtc:matches, extensions
                    }
                }
                Event::End(_) => break,
                Event::Eof => return Err(self.events.unexpected_end("unit")),
                _ => {}
            }
        }
        check_unit_spans(&self.events, &source_spans)?;
        check_unit_spans(&self.events, &target_spans)?;
        Ok(unit)
    }
}

impl<R: Read> Iterator for XliffReader<R> {
    type Item = Result<XliffUnit, XliffError>;

    /// The next unit; `None` after the root's end. After an error the
    /// reader stops.
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        let result = loop {
            let event = match self.events.next(&mut buf) {
                Ok(e) => e,
                Err(e) => break Some(Err(e)),
            };
            let step: Result<Option<XliffUnit>, XliffError> = match event {
                Event::Start(e) => {
                    let qname = e.name().as_ref().to_string();
                    let e = e.into_owned();
                    let inherited = self.open.last().copied().unwrap_or(true);
                    match self.events.xliff_name(&qname) {
                        Some("trans-unit") if !self.version.is_2x() => self.read_unit_1_2(&e).map(Some),
                        Some("unit") if self.version.is_2x() => self.read_unit_2(&e).map(Some),
                        Some(name @ ("file" | "group" | "body")) => match self.events.attributes(&e) {
                            Err(e) => Err(e),
                            Ok(attributes) => {
                                if name == "file" {
                                    self.phases.clear();
                                    self.files.push(self.file_of(attributes.clone()));
                                }
                                self.open.push(yes_no(attributes.get("translate")).unwrap_or(inherited));
                                Ok(None)
                            }
                        },
                        Some(name @ ("header" | "notes")) if self.open.len() == 2 => match self.read_notes(name) {
                            Ok(notes) => {
                                if let Some(file) = self.files.last_mut() {
                                    file.notes.extend(notes);
                                }
                                Ok(None)
                            }
                            Err(e) => Err(e),
                        },
                        _ => self.skip(&qname).map(|_| None),
                    }
                }
                Event::Empty(e) => {
                    let qname = e.name().as_ref().to_string();
                    if self.events.xliff_name(&qname) == Some("file") {
                        match self.events.attributes(&e) {
                            Ok(attributes) => self.files.push(self.file_of(attributes)),
                            Err(e) => break Some(Err(e)),
                        }
                    }
                    Ok(None)
                }
                Event::End(_) => {
                    self.open.pop();
                    if self.open.is_empty() {
                        break None;
                    }
                    Ok(None)
                }
                Event::Eof => Err(self.events.unexpected_end("xliff")),
                _ => Ok(None),
            };
            match step {
                Ok(Some(unit)) => break Some(Ok(unit)),
                Ok(None) => {}
                Err(e) => break Some(Err(e)),
            }
        };
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }
}

impl<R: Read> XliffReader<R> {
    fn file_of(&self, mut attributes: BTreeMap<String, String>) -> XliffFile {
        let v2 = self.version.is_2x();
        XliffFile {
            original: attributes.remove("original"),
            id: attributes.remove("id"),
            source_language: if v2 { self.languages.0.clone() } else { attributes.remove("source-language") },
            target_language: if v2 { self.languages.1.clone() } else { attributes.remove("target-language") },
            datatype: attributes.remove("datatype"),
            notes: Vec::new(),
        }
    }
}
