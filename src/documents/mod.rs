//! Translation jobs: a file a translator is sent (an XLIFF 1.2 or 2.x
//! file, a PO catalogue) read as a sequence of segments, counted by match
//! band against the memory ([`analysis`]) and filled from it
//! ([`pretranslate`]).
//!
//! A [`Job`] yields [`JobSegment`]s in document order: where the segment
//! is ([`Place`]), its source as plain text with inline-code placeholders
//! and as markup ([`Content`]), whether it has a translation already,
//! and the sources of the segments before and after it (for context
//! matches). XLIFF is streamed by [`crate::formats::xliff::XliffReader`]:
//! one unit at a time, plus one segment read ahead for the next-segment
//! context, so a 200 MB file is read in bounded memory. A PO catalogue
//! is read whole (PO files are at most a few megabytes; see
//! [`crate::formats::po`]).
//!
//! Another format plugs in with one arm in each of three places: a
//! variant of [`Place`] saying where its segments are, a variant of the
//! private `Segments` enum that reads them (a streaming reader yielding
//! [`JobSegment`]s, or a whole-file read for a small format), and in
//! [`pretranslate`] a writer that puts targets back by [`Place`] (as
//! XLIFF does through [`crate::formats::xliff::write_back_by_unit`]).
//! A Word file or an HTML page ([`crate::formats::office`]) is read whole
//! into its sentences, with the formatting as inline codes as XLIFF's
//! are; as the sentences are cut by the source language's rules, it is
//! read when that language is known (the flag's, else the one the
//! document declares: HTML `<html lang>`, Word `dc:language`).
//!
//! Units marked `translate="no"` and segments whose source is only
//! white space and inline codes are not part of a job: nothing is
//! counted or filled for them.

pub mod analysis;
pub mod bands;
pub mod pretranslate;
pub mod words;

pub use analysis::{Analyzer, Assessed, FileAnalysis, Tally};
pub use bands::{Band, BandScheme};

use crate::formats::FormatError;
use crate::formats::office::{DocumentKind, ExtractedDocument, OfficeError};
use crate::formats::po::PoCatalogue;
use crate::formats::xliff::{Content, SegmentKey, XliffError, XliffReader, XliffVersion};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// Why a job could not be read, analysed or written; one line naming the
/// file and the place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    #[error("{file}: cannot read: {source}")]
    Io { file: String, source: std::io::Error },
    #[error(transparent)]
    Xliff(#[from] XliffError),
    #[error(transparent)]
    Po(#[from] FormatError),
    /// A file that is no job format read here; `what` says what it looks like.
    #[error("{file}: {what}")]
    NotAJob { file: String, what: String },
    #[error(transparent)]
    Memory(#[from] crate::memory::MemoryError),
    #[error(transparent)]
    Office(#[from] OfficeError),
    /// A Word file or HTML page read before its source language was given.
    #[error("{file}: the document does not say its language; give the source language")]
    NoLanguage { file: String },
}

/// The kind of file a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobFormat {
    Xliff(XliffVersion),
    Po,
    /// A Word file or an HTML page.
    Document(DocumentKind),
}

impl JobFormat {
    pub fn name(self) -> &'static str {
        match self {
            JobFormat::Xliff(XliffVersion::V1_2) => "XLIFF 1.2",
            JobFormat::Xliff(XliffVersion::V2_0) => "XLIFF 2.0",
            JobFormat::Xliff(XliffVersion::V2_1) => "XLIFF 2.1",
            JobFormat::Po => "PO",
            JobFormat::Document(DocumentKind::Docx) => "Word (DOCX)",
            JobFormat::Document(DocumentKind::Html) => "HTML",
        }
    }
}

/// Where a segment is in its file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Place {
    /// An XLIFF segment, as write-back names it.
    Xliff(SegmentKey),
    /// A PO entry (its index among the catalogue's entries): its `msgid`,
    /// or its `msgid_plural` (`plural`), whose translation goes in
    /// `msgstr[1]` and the further plural forms.
    Po { entry: usize, plural: bool },
    /// A sentence of a Word file or HTML page: its index among the
    /// [`ExtractedDocument`]'s segments.
    Document { segment: usize },
}

/// One segment of a job.
#[derive(Debug, Clone, PartialEq)]
pub struct JobSegment {
    pub place: Place,
    /// The segment's id as shown to people: the XLIFF unit id (with the
    /// segment's `mid`/`id` when the unit has several), the PO entry's
    /// `msgctxt`+`msgid` line.
    pub id: String,
    /// The source (for PO, plain text: its markup is not used).
    pub source: Content,
    /// Whether the segment has a non-empty translation already.
    pub translated: bool,
    /// The source text of the job's segment before this one, `None` at the start.
    pub previous: Option<String>,
    /// The source text of the job's segment after this one, `None` at the end.
    pub next: Option<String>,
    /// The line the segment's unit or entry starts on.
    pub line: u64,
}

impl JobSegment {
    /// The source text as looked up and compared: without surrounding white space.
    pub fn text(&self) -> &str {
        self.source.text.trim()
    }
}

/// The readers of the formats a job can be in.
enum Segments {
    Xliff {
        reader: Box<XliffReader<BufReader<File>>>,
        queue: VecDeque<JobSegment>,
    },
    Po(std::vec::IntoIter<JobSegment>),
    /// A document not read yet (its bytes and the language it says it is
    /// in), then its segments.
    Unread {
        kind: DocumentKind,
        bytes: Vec<u8>,
        declared: Option<String>,
        lang: Option<crate::lang::Lang>,
    },
    Document(std::vec::IntoIter<JobSegment>),
}

/// A job file being read, segment by segment, each with its neighbours.
pub struct Job {
    file: String,
    format: JobFormat,
    segments: Segments,
    /// The segment read ahead (its `next` not yet known).
    ahead: Option<JobSegment>,
    previous_text: Option<String>,
    /// An error met reading ahead, given by the next call to `next`.
    pending: Option<DocumentError>,
    failed: bool,
}

/// How many bytes are looked at to tell a file's format.
const SNIFF_BYTES: usize = 512;

impl Job {
    /// Opens a job file: a Word file (`.docx`, or any ZIP or OLE file, which
    /// is then refused with what it is), an HTML page (`.html`/`.htm`, or
    /// text starting with `<!DOCTYPE html` or `<html`), XLIFF (any other
    /// file whose first non-blank character is `<`) or PO (`.po`/`.pot`, or
    /// text starting with a comment or `msgid`/`msgctxt`). `file` names it
    /// in errors.
    pub fn open(path: &Path) -> Result<Job, DocumentError> {
        let file = path.display().to_string();
        let io = |source| DocumentError::Io { file: file.clone(), source };
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        File::open(path).map_err(io)?.take(SNIFF_BYTES as u64).read_to_end(&mut head).map_err(io)?;
        let text = String::from_utf8_lossy(&head);
        let start = text.trim_start_matches('\u{feff}').trim_start();
        let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        let html = start.get(..14).is_some_and(|t| t.eq_ignore_ascii_case("<!doctype html"))
            || start.get(..5).is_some_and(|t| t.eq_ignore_ascii_case("<html"));
        let document = match DocumentKind::of_name(&file) {
            Some(DocumentKind::Docx) => Some(DocumentKind::Docx),
            Some(DocumentKind::Html) if start.starts_with('<') => Some(DocumentKind::Html),
            _ if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) => Some(DocumentKind::Docx),
            _ if html => Some(DocumentKind::Html),
            _ => None,
        };
        let segments = if let Some(kind) = document {
            let document = ExtractedDocument::read_bytes_of(kind, path, &file)?;
            ExtractedDocument::check(kind, &document, &file)?;
            let declared = ExtractedDocument::declared_language(kind, &document);
            Segments::Unread { kind, bytes: document, declared, lang: None }
        } else if start.starts_with('<') {
            let reader = XliffReader::new(BufReader::new(File::open(path).map_err(io)?), &file)?;
            Segments::Xliff { reader: Box::new(reader), queue: VecDeque::new() }
        } else if extension == "po" || extension == "pot" || start.starts_with('#') || start.starts_with("msg") {
            let catalogue = PoCatalogue::parse(BufReader::new(File::open(path).map_err(io)?), &file)?;
            Segments::Po(po_segments(&catalogue).into_iter())
        } else if head.is_empty() {
            return Err(DocumentError::NotAJob { file, what: "the file is empty".to_string() });
        } else {
            return Err(DocumentError::NotAJob {
                file,
                what: "not a job: neither XLIFF, PO, Word (.docx) nor HTML (an XLIFF or HTML file starts with '<', a PO file with a comment or msgid, a Word file is a ZIP)".to_string(),
            });
        };
        let format = match &segments {
            Segments::Xliff { reader, .. } => JobFormat::Xliff(reader.version()),
            Segments::Po(_) => JobFormat::Po,
            Segments::Unread { kind, .. } => JobFormat::Document(*kind),
            Segments::Document(_) => unreachable!("read later"),
        };
        Ok(Job { file, format, segments, ahead: None, previous_text: None, pending: None, failed: false })
    }

    pub fn format(&self) -> JobFormat {
        self.format
    }

    /// The file as named in errors.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The source and target languages the file declares, as far as read
    /// (XLIFF: of the `file` being read; PO: none for the source — gettext
    /// sources are usually English but do not say so — and the header's
    /// `Language`, which [`po_languages`] reads).
    pub fn languages(&mut self) -> (Option<String>, Option<String>) {
        // an XLIFF `file` is read with its first unit (a document is read
        // only once its language is set)
        if self.ahead.is_none() && self.pending.is_none() && !self.failed && !matches!(self.segments, Segments::Unread { .. }) {
            match self.next_bare() {
                Some(Ok(first)) => self.ahead = Some(first),
                Some(Err(e)) => self.pending = Some(e),
                None => {}
            }
        }
        match &self.segments {
            Segments::Xliff { reader, .. } => {
                reader.files().last().map(|f| (f.source_language.clone(), f.target_language.clone())).unwrap_or_default()
            }
            Segments::Po(_) => (None, None),
            Segments::Unread { declared, .. } => (declared.clone(), None),
            Segments::Document(_) => (None, None),
        }
    }

    /// The language a Word file or HTML page is cut into sentences by
    /// (before its first segment is read); nothing for other formats.
    pub fn set_source_language(&mut self, source: &crate::lang::Lang) {
        if let Segments::Unread { lang, .. } = &mut self.segments {
            *lang = Some(source.clone());
        }
    }

    /// Reads a Word file or HTML page (not yet read) in its language:
    /// the document, and its segments as the job's.
    pub fn read_document(&mut self) -> Result<Option<ExtractedDocument>, DocumentError> {
        let Segments::Unread { kind, bytes, lang, .. } = &mut self.segments else { return Ok(None) };
        let lang = lang.clone().ok_or_else(|| DocumentError::NoLanguage { file: self.file.clone() })?;
        let document = ExtractedDocument::read(*kind, std::mem::take(bytes), &self.file, &lang)?;
        let segments: Vec<JobSegment> = document
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| !words::without_placeholders(&s.source.text).trim().is_empty())
            .map(|(index, s)| JobSegment {
                place: Place::Document { segment: index },
                id: s.id.clone(),
                source: s.source.clone(),
                translated: false,
                previous: None,
                next: None,
                line: s.line,
            })
            .collect();
        self.segments = Segments::Document(segments.into_iter());
        Ok(Some(document))
    }

    /// The next segment from the format's reader, without its context.
    fn next_bare(&mut self) -> Option<Result<JobSegment, DocumentError>> {
        if matches!(self.segments, Segments::Unread { .. })
            && let Err(e) = self.read_document()
        {
            return Some(Err(e));
        }
        match &mut self.segments {
            Segments::Po(segments) | Segments::Document(segments) => segments.next().map(Ok),
            Segments::Unread { .. } => None,
            Segments::Xliff { reader, queue } => loop {
                if let Some(segment) = queue.pop_front() {
                    return Some(Ok(segment));
                }
                let unit = match reader.next()? {
                    Ok(unit) => unit,
                    Err(e) => return Some(Err(e.into())),
                };
                if !unit.translate {
                    continue;
                }
                let several = unit.segments.len() > 1;
                for (index, segment) in unit.segments.into_iter().enumerate() {
                    if words::without_placeholders(&segment.source.text).trim().is_empty() {
                        continue;
                    }
                    let id = match (&segment.id, several) {
                        (Some(sid), true) => format!("{}#{sid}", unit.id),
                        (None, true) => format!("{}#{}", unit.id, index + 1),
                        _ => unit.id.clone(),
                    };
                    let translated = segment.target.as_ref().is_some_and(|t| !t.text.trim().is_empty());
                    queue.push_back(JobSegment {
                        place: Place::Xliff(SegmentKey { file: unit.file, unit: unit.id.clone(), segment: index }),
                        id,
                        source: segment.source,
                        translated,
                        previous: None,
                        next: None,
                        line: unit.line,
                    });
                }
            },
        }
    }
}

impl Iterator for Job {
    type Item = Result<JobSegment, DocumentError>;

    /// The next segment with its neighbours' sources. After an error
    /// the job ends.
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if let Some(e) = self.pending.take() {
            self.failed = true;
            return Some(Err(e));
        }
        if self.ahead.is_none() {
            match self.next_bare()? {
                Ok(first) => self.ahead = Some(first),
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
        let mut current = self.ahead.take()?;
        match self.next_bare() {
            Some(Ok(following)) => {
                current.next = Some(following.text().to_string());
                self.ahead = Some(following);
            }
            Some(Err(e)) => {
                self.failed = true;
                return Some(Err(e));
            }
            None => {}
        }
        current.previous = self.previous_text.replace(current.text().to_string());
        Some(Ok(current))
    }
}

/// The segments of a PO catalogue: each entry's `msgid`, and its
/// `msgid_plural` if it has one; the header and obsolete entries left out.
fn po_segments(catalogue: &PoCatalogue) -> Vec<JobSegment> {
    let mut out = Vec::new();
    for (index, entry) in catalogue.entries.iter().enumerate() {
        if entry.is_header() || entry.obsolete || entry.msgid.trim().is_empty() {
            continue;
        }
        let id = match &entry.msgctxt {
            Some(context) => format!("{context}|line {}", entry.line),
            None => format!("line {}", entry.line),
        };
        let first = entry.msgstr.first().is_some_and(|s| !s.is_empty());
        out.push(JobSegment {
            place: Place::Po { entry: index, plural: false },
            id: id.clone(),
            source: Content::plain(&entry.msgid),
            translated: first,
            previous: None,
            next: None,
            line: entry.line,
        });
        if let Some(plural) = &entry.msgid_plural {
            out.push(JobSegment {
                place: Place::Po { entry: index, plural: true },
                id: format!("{id} (plural)"),
                source: Content::plain(plural),
                translated: entry.msgstr.get(1).is_some_and(|s| !s.is_empty()),
                previous: None,
                next: None,
                line: entry.line,
            });
        }
    }
    out
}

/// The target language a PO catalogue's header declares (`Language`),
/// and its `X-Source-Language` if it has one.
pub fn po_languages(path: &Path) -> Result<(Option<String>, Option<String>), DocumentError> {
    let file = path.display().to_string();
    let input = File::open(path).map_err(|source| DocumentError::Io { file: file.clone(), source })?;
    let catalogue = PoCatalogue::parse(BufReader::new(input), &file)?;
    let field = |name| catalogue.header_field(name).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
    Ok((field("X-Source-Language"), field("Language")))
}
