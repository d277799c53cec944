//! What the server asks of the command line: a suggest look-up and an
//! import. Their orchestration (language guessing, segmentation rules,
//! matching across memories; reading an upload into the memory in one
//! transaction with the import report) still lives in the command line's
//! `suggest` and `import` modules, which sit above the server in the
//! layers (cli -> features -> formats -> memory). So that the server
//! need not reach up into them, it declares this trait and the command
//! line implements it and hands it to [`crate::serve::run`] (dependency
//! inversion, as the memory takes its index keys as a passed-in
//! function). Inputs and outputs are plain data (languages, numbers,
//! bytes, JSON values); errors cross as `anyhow::Error`, which the
//! server's `ApiError` classifies (a busy memory 503, a request the
//! memory cannot answer 422). Moving the look-up and the import into the
//! library would be the longer fix and would make this trait unneeded.

use dragoman::config::MemoryChoice;
use dragoman::lang::Lang;
use dragoman::memory::Memory;
use std::path::Path;

/// What to look up, besides the text: the API's suggest fields (the
/// `suggest` command's flags without a segmentation rules file).
#[derive(Debug, Clone)]
pub struct LookUp {
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    /// 0-100.
    pub min_score: u8,
    /// Matches per sentence.
    pub limit: usize,
}

/// An upload to import into the first memory.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file's name, kept as the units' document.
    pub name: String,
    /// The whole file.
    pub body: axum::body::Bytes,
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    /// Skip bad CSV records instead of failing.
    pub skip_bad: bool,
}

/// The look-up and the import, implemented by the command line.
pub trait Desk: Send + Sync + 'static {
    /// Looks `text` up in the `opened` memories (highest priority first;
    /// `memories` name them): one result per sentence, each as `suggest
    /// --format json` prints it, as a JSON array.
    fn look_up(&self, opened: &[Memory], memories: &[MemoryChoice], text: &str, query: &LookUp) -> anyhow::Result<serde_json::Value>;

    /// Imports `upload` into the memory at `memory` in one transaction:
    /// the report as `import --format json` prints it.
    fn import(&self, upload: Upload, memory: &Path) -> anyhow::Result<serde_json::Value>;
}
