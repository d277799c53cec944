//! What an import did, as the command line's `import` prints it in JSON
//! and the server's API returns it (one set of serde types for both,
//! from which the API's OpenAPI description derives its schema).

use serde::Serialize;
use std::collections::BTreeMap;

/// What an import did.
#[derive(Debug, Default, Serialize, schemars::JsonSchema)]
pub struct ImportReport {
    pub file: String,
    pub format: &'static str,
    pub src_lang: String,
    pub tgt_lang: String,
    /// The import batch (by which the import can be undone).
    pub batch: Option<i64>,
    pub added: usize,
    pub duplicates: usize,
    pub updated: usize,
    pub rejected: usize,
    pub rejections: Vec<Rejection>,
    /// Values dropped from units that were stored (a date in the future).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<Rejection>,
    /// The language pairs stored, with how many units each.
    pub pairs: Vec<PairCount>,
    /// Languages of TMX units that were not stored, with how many units had each.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other_languages: BTreeMap<String, usize>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tmx_header: BTreeMap<String, String>,
    /// XLIFF and PO segments not imported, by class (`state
    /// needs-translation`, `fuzzy`, `no target` …), with how many.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, usize>,
    /// Whether some skipped segments would be taken if unfinished ones were asked for.
    #[serde(skip)]
    pub unfinished_skipped: bool,
}

/// A language pair stored, with how many units.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct PairCount {
    pub src_lang: String,
    pub tgt_lang: String,
    pub units: usize,
}

/// A pair or unit not stored, and why.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Rejection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tu: Option<u64>,
    pub line: u64,
    pub reason: String,
}

impl Rejection {
    /// Where in the file: record or tu, and line.
    pub fn place(&self) -> String {
        match (self.record, self.tu) {
            (Some(r), _) => format!("record {} (line {})", r, self.line),
            (_, Some(t)) => format!("tu {} (line {})", t, self.line),
            _ => format!("line {}", self.line),
        }
    }
}
