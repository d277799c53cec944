//! XLIFF, the XML format CAT tools hand translation jobs around in:
//! XLIFF 1.2 (with Trados Studio's SDLXLIFF and memoQ's MQXLIFF read as
//! 1.2) and XLIFF 2.0/2.1, read as a stream and written back.
//!
//! [`XliffReader`] reads one unit at a time (1.2 `trans-unit`, 2.x
//! `unit`) into plain data: its segments (an unsegmented 1.2 unit is one
//! segment; a 1.2 `seg-source` gives one per `mrk mtype="seg"`; 2.x has
//! `segment`s) with source, target, `state` and 2.x `subState`, its
//! notes, and the `file` it is in. Each text is a [`Content`]: the markup
//! as written, for lossless write-back, and plain text with each inline
//! code as a placeholder, as TMX import shows them (see `inline`). What
//! is not read — `alt-trans`, 2.x `mtc:matches`, vendor extensions
//! (`sdl:`, `mq:`) — is skipped, and kept by write-back. A 2.x unit's
//! `originalData` is read (the native data its codes' `dataRef` name)
//! and kept by write-back too, which gives a memory match whose codes
//! name it a copy of its own (`mtc:match` holds an `originalData`).
//!
//! [`Content::markup_for`] turns a translation with the same
//! placeholders (a memory match's target) into markup with the source's
//! codes.
//!
//! [`write_back`] copies a file event by event (each tag as written),
//! replacing or inserting the targets of the segments it is given (named
//! by [`SegmentKey`]: file index, unit id, segment index), their `state`,
//! and memory matches as 1.2 `alt-trans` or 2.x `mtc:matches`; it reports
//! updates that name no segment. [`write_new`] writes a new 1.2 or 2.1
//! document from segment pairs. Written files validate against the OASIS
//! schemas (XLIFF 1.2 strict; 2.1 core with the matches module), which
//! the tests check with xmllint.
//!
//! As in the TMX reader, nothing is fetched: a DOCTYPE's external DTD is
//! ignored, a reference to an external entity is an error, and internal
//! entities expand within [`crate::formats::xml::ENTITY_BUDGET`] characters
//! per file (the shared `formats::xml`).
//! Every error is one line naming the file and the line.
//!
//! ```
//! use dragoman::formats::xliff::{XliffReader, XliffVersion};
//!
//! let xliff = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
//!  <file original="dispatch.txt" source-language="ar" target-language="en" datatype="plaintext"><body>
//!   <trans-unit id="1"><source>وصل الوفد إلى <g id="b">الدوحة</g><x id="br"/></source>
//!    <target state="translated">The delegation arrived in <g id="b">Doha</g><x id="br"/></target></trans-unit>
//!  </body></file></xliff>"#;
//! let mut reader = XliffReader::new(xliff.as_bytes(), "job.xlf").unwrap();
//! assert_eq!(reader.version(), XliffVersion::V1_2);
//! let unit = reader.next().unwrap().unwrap();
//! assert_eq!(reader.files()[unit.file].target_language.as_deref(), Some("en"));
//! let segment = &unit.segments[0];
//! assert_eq!(segment.source.text, "وصل الوفد إلى {1}الدوحة{/1}{2/}");
//! let target = segment.target.as_ref().unwrap();
//! assert_eq!(target.text, "The delegation arrived in {1}Doha{/1}{2/}");
//! assert_eq!(target.markup, r#"The delegation arrived in <g id="b">Doha</g><x id="br"/>"#);
//! assert_eq!(segment.state.as_deref(), Some("translated"));
//! ```

mod events;
mod inline;
pub mod model;
mod read;
mod write;

#[cfg(test)]
mod tests;

pub use model::{Content, Flavour, STATES_1_2, STATES_2, Segment, XliffDocument, XliffFile, XliffNote, XliffUnit, XliffVersion};
pub use read::{XLIFF_1_2_NAMESPACE, XLIFF_2_NAMESPACE, XliffReader, read_document};
pub use write::{
    MATCHES_NAMESPACE, NewDocument, NewSegment, SegmentKey, TargetUpdate, TmMatch, WrittenBack, write_back, write_back_by_unit, write_new,
};

use crate::formats::input::InvalidText;

/// Why an XLIFF file could not be read or written back; one line.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum XliffError {
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{file}: line {line}: {problem}")]
    Xml { file: String, line: u64, problem: String },
    #[error("{file}: {problem}")]
    Encoding { file: String, problem: InvalidText },
}

pub(crate) use crate::formats::xml::{escape, escape_into};

impl crate::formats::xml::LineError for XliffError {
    fn at(file: &str, line: u64, problem: String) -> XliffError {
        XliffError::Xml { file: file.to_string(), line, problem }
    }

    fn encoding(file: &str, problem: InvalidText) -> XliffError {
        XliffError::Encoding { file: file.to_string(), problem }
    }

    /// An I/O error is reported as itself, without a line.
    fn io(file: &str, error: &std::io::Error) -> Option<XliffError> {
        Some(XliffError::Io { file: file.to_string(), source: std::io::Error::new(error.kind(), error.to_string()) })
    }
}
