//! Reading and writing translation pairs in interchange formats: CSV and
//! TSV (delimiter detected), and TMX 1.4b.
//!
//! Readers yield [`Pair`]s with their place in the file; every error
//! names the file and the record (1-based, the header is record 1) or
//! line. [`detect`] tells what a file is before it is read, and
//! [`values`] checks what names, provenance and metadata may hold.

#[cfg(test)]
pub(crate) mod checker;
pub mod delimited;
pub mod detect;
pub mod export;
pub mod import;
pub mod input;
pub mod office;
pub mod plural_forms;
pub mod po;
pub mod report;
pub mod tbx;
pub mod tmx;
pub mod translated;
pub mod values;
pub mod xliff;
pub mod xml;

/// One source/target pair read from a file, with where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub source: String,
    pub target: String,
    /// Record number (1-based; the header is record 1).
    pub record: u64,
    /// Line the record starts on (1-based).
    pub line: u64,
    /// The row's other columns that dragoman's own export writes.
    pub extras: RowExtras,
}

/// The cells of the columns dragoman's CSV/TSV export writes besides the
/// texts (`src_lang`, `tgt_lang`, `origin`, `created_by`, `created_at`),
/// as written; each is `None` when the file has no such column, so that
/// an export read back keeps its languages and provenance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowExtras {
    pub src_lang: Option<String>,
    pub tgt_lang: Option<String>,
    pub origin: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<String>,
}

impl RowExtras {
    /// The header names of the extra columns, in the order export writes them.
    pub const COLUMNS: [&'static str; 5] = ["src_lang", "tgt_lang", "origin", "created_by", "created_at"];
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    #[error("{file}: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{file}: record {record} (line {line}): {problem}")]
    Record { file: String, record: u64, line: u64, problem: String },
    #[error("{file}: {problem}")]
    Header { file: String, problem: String },
    /// A column asked for by name that the header does not have.
    #[error("{file}: no column named '{wanted}' in the header ({columns})")]
    NoColumn { file: String, wanted: String, columns: String },
    /// A problem at a line of a line-based or XML file (PO, TMX, TBX).
    #[error("{file}: line {line}: {problem}")]
    At { file: String, line: u64, problem: String },
    #[error("{file}: {problem}")]
    Encoding { file: String, problem: input::InvalidText },
    /// Not a format that is read; `what` says what it is.
    #[error("{file}: {what}")]
    Unsupported { file: String, what: String },
}

/// The longest segment a memory takes (1 MiB): longer is surely not one
/// sentence, and would make every look-up that meets it slow.
pub const MAX_SEGMENT_BYTES: usize = 1 << 20;

/// Why a segment cannot be stored, if it cannot: empty, longer than
/// [`MAX_SEGMENT_BYTES`], or holding a character XML cannot carry (ESC,
/// NUL, BEL …: such a segment is not translation text, and its record is
/// rejected). Tab, line breaks and the bidi marks and controls that
/// right-to-left text exported from word processors holds are kept (they
/// are escaped where they are shown). `what` names it in the message
/// ("source", "target segment"). Names and metadata are checked by
/// [`values::check_value`].
pub fn check_segment(text: &str, what: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(format!("empty {what}"));
    }
    if text.len() > MAX_SEGMENT_BYTES {
        return Err(format!("{what} too long ({} bytes, limit {MAX_SEGMENT_BYTES})", text.len()));
    }
    match non_xml_char(text) {
        Some(c) => Err(format!("control character U+{:04X} in the {what}", c as u32)),
        None => Ok(()),
    }
}

/// The first character XML 1.0 cannot carry (C0 controls other than tab,
/// line feed and carriage return; U+FFFE, U+FFFF), if `text` has one. A
/// segment with one is not stored, so that every stored unit can be
/// exported as TMX.
pub fn non_xml_char(text: &str) -> Option<char> {
    // scanned as bytes: a control character is one byte that no longer
    // character contains, and U+FFFE/U+FFFF are the characters led by 0xEF
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if byte < b' ' && !matches!(byte, b'\t' | b'\n' | b'\r') {
            return Some(char::from(byte));
        }
        if byte == 0xEF
            && let Some(c) = text[at..].chars().next().filter(|&c| c == '\u{FFFE}' || c == '\u{FFFF}')
        {
            return Some(c);
        }
    }
    None
}

/// The interchange formats dragoman reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
}

impl Format {
    pub fn delimiter(self) -> u8 {
        match self {
            Format::Csv => b',',
            Format::Tsv => b'\t',
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_xml_chars_are_found_first_to_last() {
        let cases = [
            ("plain text", None),
            ("tab\tnew line\ncarriage\r", None),
            ("bell \u{7} here", Some('\u{7}')),
            ("\u{0}", Some('\u{0}')),
            ("قال \u{1B}", Some('\u{1B}')),
            ("ok \u{FFFD} \u{FEFF} \u{FFFE}", Some('\u{FFFE}')),
            ("\u{FFFF} then \u{1}", Some('\u{FFFF}')),
            ("外交部 \u{EFFF}\u{F000}", None),
        ];
        for (text, want) in cases {
            assert_eq!(non_xml_char(text), want, "{text:?}");
        }
    }
}
