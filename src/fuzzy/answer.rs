//! What a look-up answers for each sentence, as the command line's
//! `suggest` prints it in JSON and the server's API returns it (one set
//! of serde types for both, from which the API's OpenAPI description
//! derives its schema).

use crate::fuzzy::score::Op;
use serde::Serialize;

/// One sentence's answer.
#[derive(Serialize, schemars::JsonSchema)]
pub struct QueryResult<'a> {
    pub query: &'a str,
    /// The first and last sentence of the text this result is for
    /// (numbered from 1): one sentence, or several that together are a
    /// stored source.
    pub span: [usize; 2],
    pub matches: Vec<MatchOut<'a>>,
    /// Glossary terms found in the query (issue 12), when there are any.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub glossary: &'a [crate::memory::glossary::GlossaryHit],
}

/// One match of a sentence: the stored pair, its score, and how it was adapted.
#[derive(Serialize, schemars::JsonSchema)]
pub struct MatchOut<'a> {
    pub score: u8,
    pub source: &'a str,
    /// The suggested target (adapted when `adapted`).
    pub target: &'a str,
    pub origin: String,
    pub src_lang: &'a str,
    pub tgt_lang: &'a str,
    pub created_at: &'a str,
    /// The memory the match came from: its name, or its path or URL.
    pub memory: &'a str,
    pub id: i64,
    pub exact: bool,
    pub adapted: bool,
    pub stored_target: &'a str,
    /// How the stored source becomes the query.
    pub edits: Vec<EditOut<'a>>,
    pub numbers: &'a [crate::fuzzy::score::NumberChange],
    pub names: &'a [crate::fuzzy::score::NameVariant],
    pub replacements: &'a [crate::fuzzy::adapt::Replacement],
    pub penalties: Vec<PenaltyOut>,
    /// The unit that replaced this one (when superseded units are asked for).
    pub superseded_by: Option<i64>,
}

/// One edit that makes the stored source the query.
#[derive(Serialize, schemars::JsonSchema)]
pub struct EditOut<'a> {
    pub op: Op,
    pub stored: Option<&'a str>,
    pub query: Option<&'a str>,
}

/// Points taken off the score, and why.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PenaltyOut {
    pub reason: &'static str,
    pub points: u8,
}
