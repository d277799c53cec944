//! The plain data an XLIFF file is read into: its version and flavour,
//! its `file`s, and its units with their segments and notes.

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Which XLIFF the document is, by the root's `version` and namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XliffVersion {
    /// XLIFF 1.2 (1.0 and 1.1, which it extends, are read as 1.2).
    V1_2,
    /// XLIFF 2.0.
    V2_0,
    /// XLIFF 2.1 (and 2.2, which keeps its core).
    V2_1,
}

impl XliffVersion {
    /// Whether the document uses the 2.x core (`unit`, `segment`, `pc`…).
    pub fn is_2x(self) -> bool {
        !matches!(self, XliffVersion::V1_2)
    }
}

/// The values of a 1.2 `target`'s `state` the strict schema allows
/// (XLIFF 1.2 §4.3 "state"; other values must start with `x-`).
pub const STATES_1_2: [&str; 10] = [
    "final",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-adaptation",
    "needs-review-l10n",
    "needs-review-translation",
    "needs-translation",
    "new",
    "signed-off",
    "translated",
];

/// The values of a 2.x `segment`'s `state` (XLIFF 2.1 §4.3.1.40), in
/// order of progress; finer ones go in `subState`.
pub const STATES_2: [&str; 4] = ["initial", "translated", "reviewed", "final"];

/// A tool's dialect of XLIFF 1.2, told by the namespaces the root declares.
/// Its extensions are not read but are kept on write-back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Plain OASIS XLIFF.
    Oasis,
    /// Trados Studio's SDLXLIFF (`xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0"`).
    Sdlxliff,
    /// memoQ's MQXLIFF (`xmlns:mq="MQXliff"`).
    Mqxliff,
}

/// A `note`: its text and its attributes as written (`from`, `priority`,
/// `annotates` in 1.2; `id`, `category`, `appliesTo` in 2.x).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XliffNote {
    pub text: String,
    pub attributes: BTreeMap<String, String>,
}

/// One `file` element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XliffFile {
    /// `original`: the document the file was extracted from.
    pub original: Option<String>,
    /// `id` (2.x only).
    pub id: Option<String>,
    /// 1.2 `source-language`; in 2.x the root's `srcLang`.
    pub source_language: Option<String>,
    /// 1.2 `target-language`; in 2.x the root's `trgLang`.
    pub target_language: Option<String>,
    /// `datatype` (1.2 only).
    pub datatype: Option<String>,
    /// Notes of the 1.2 `header` or the 2.x file-level `notes`.
    pub notes: Vec<XliffNote>,
}

/// A segment's content: the text with each inline code as a placeholder,
/// as TMX import shows them (`{1}` … `{/1}` for paired codes and markers,
/// `{2/}` for standalone ones), and the XML exactly as it is in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    /// Plain text with placeholders (not NFC-normalised).
    pub text: String,
    /// The element's content as written (escaped XML with inline codes),
    /// which write-back puts back unchanged.
    pub markup: String,
    /// Each placeholder of `text` with the markup it stands for, in order:
    /// `{1}` → `<g id="b">`, `{/1}` → `</g>`, `{2/}` → `<x id="br"/>`,
    /// `{3}` → `<bpt id="1">&lt;b></bpt>`.
    pub codes: Vec<(String, String)>,
}

impl Content {
    /// Content of plain text with no inline codes.
    pub fn plain(text: &str) -> Content {
        Content { text: text.to_string(), markup: super::escape(text, false), codes: Vec::new() }
    }

    /// The markup for `text` (a translation of this content with the
    /// same placeholders, say a memory match's target): each placeholder
    /// this content has becomes its code, the rest is escaped text. `Err`
    /// names a placeholder of a code that opens and closes in one element
    /// (`g`, `pc`, `mrk`) whose other half is missing or comes first,
    /// which would make the markup ill-formed.
    pub fn markup_for(&self, text: &str) -> Result<String, String> {
        // the placeholders `inline` writes: {1} {/1} {1/}
        static PLACEHOLDER: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"\{/?[0-9]+/?\}").expect("valid regex"));
        let code = |p: &str| self.codes.iter().find(|(q, _)| q == p).map(|(_, m)| m.as_str());
        let mut out = String::with_capacity(text.len() + self.markup.len());
        let mut open: Vec<&str> = Vec::new();
        let mut at = 0;
        for found in PLACEHOLDER.find_iter(text) {
            let Some(markup) = code(found.as_str()) else { continue };
            super::escape_into(&mut out, &text[at..found.start()], false);
            out.push_str(markup);
            at = found.end();
            let p = found.as_str();
            // a container's halves are a start and an end tag
            if markup.starts_with("</") {
                if open.pop().map(str::to_string) != Some(p.replacen("{/", "{", 1)) {
                    return Err(format!("{p} closes a code that is not open there"));
                }
            } else if !p.ends_with("/}") && code(&p.replacen('{', "{/", 1)).is_some_and(|end| end.starts_with("</")) {
                open.push(p);
            }
        }
        super::escape_into(&mut out, &text[at..], false);
        match open.last() {
            Some(p) => Err(format!("{p} is opened but not closed")),
            None => Ok(out),
        }
    }

    /// The markup to keep beside the plain text where a memory stores it
    /// (as [`crate::formats::tmx::Tuv::markup`]): `None` when the text says
    /// it all, that is when there are no inline codes and no white space
    /// around the text.
    pub fn stored_markup(&self) -> Option<&str> {
        let needed = self.markup != super::escape(&self.text, false) || self.text.trim().len() != self.text.len();
        needed.then_some(self.markup.as_str())
    }
}

/// One segment: a 1.2 `trans-unit` without `seg-source`, a 1.2
/// `mrk mtype="seg"` of `seg-source`, or a 2.x `segment`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segment {
    /// 1.2: the `mid` of a segment `mrk`, `None` for an unsegmented unit;
    /// 2.x: the `segment`'s `id`, if it has one.
    pub id: Option<String>,
    pub source: Content,
    /// `None` when there is no `target` (or no `mrk` for the segment in it).
    pub target: Option<Content>,
    /// 1.2: the `target`'s `state` (the unit's, for all its segments);
    /// 2.x: the `segment`'s `state`.
    pub state: Option<String>,
    /// 2.x `subState`.
    pub sub_state: Option<String>,
    /// The tool's own status where a vendor flavour keeps it: SDLXLIFF's
    /// `sdl:seg` `conf` (`Draft`, `Translated`, `ApprovedTranslation`,
    /// `ApprovedSignOff`…; `None` for a segment not yet worked on),
    /// MQXLIFF's `mq:status` (`NotStarted`, `ManuallyConfirmed`…). Read
    /// only: write-back keeps the tool's markup as it is.
    pub vendor_state: Option<String>,
}

/// One unit: a 1.2 `trans-unit` or a 2.x `unit`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XliffUnit {
    /// Index into [`super::XliffReader::files`] of the `file` it is in.
    pub file: usize,
    pub id: String,
    /// 1.2 `resname`; 2.x `name`.
    pub resname: Option<String>,
    /// 1.2 `approved` (`None` when absent; 2.x has no such attribute).
    pub approved: Option<bool>,
    /// 1.2 `restype` (`x-gettext-domain-header` marks the PO header that
    /// translate-toolkit's `po2xliff` writes as a unit).
    pub restype: Option<String>,
    /// Who last translated it, where the file says: the `contact-name`
    /// (else `contact-email`) of the 1.2 `phase` the `target`'s
    /// `phase-name` names; memoQ's `mq:lastchanginguser`; SDLXLIFF's
    /// `sdl:seg` `last_modified_by`/`created_by` values. `None` otherwise
    /// (2.x core has no such attribute).
    pub author: Option<String>,
    /// `translate`, inherited from enclosing `group`s and `file`s (default yes).
    pub translate: bool,
    pub notes: Vec<XliffNote>,
    /// 2.x `originalData`: each `data` element's `id` and content as
    /// written (escaped text, `cp` elements), which inline codes name by
    /// `dataRef`, `dataRefStart` and `dataRefEnd`.
    pub original_data: Vec<(String, String)>,
    /// In document order; write-back names a segment by its index here.
    pub segments: Vec<Segment>,
    /// Line the unit starts on (1-based).
    pub line: u64,
}

/// A whole document read at once by [`super::read_document`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XliffDocument {
    pub version: XliffVersion,
    pub flavour: Flavour,
    pub files: Vec<XliffFile>,
    pub units: Vec<XliffUnit>,
}
