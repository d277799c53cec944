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
use dragoman::memory::glossary::GlossaryTerms;
use dragoman::names::HouseStyle;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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

/// What a look-up reads from the first memory besides the units: its
/// house style (names in suggested targets are written in it) and its
/// glossary terms. The server keeps them loaded ([`ReferenceCache`]).
#[derive(Debug, Clone, Default)]
pub struct References {
    pub style: Arc<HouseStyle>,
    pub glossary: Arc<GlossaryTerms>,
}

impl References {
    pub fn load(memory: &Memory) -> anyhow::Result<References> {
        Ok(References { style: Arc::new(HouseStyle::load(memory)?), glossary: Arc::new(memory.glossary_terms()?) })
    }
}

/// The first memory's [`References`], loaded once and loaded again only
/// when the memory's reference counter (`Memory::reference_version`,
/// bumped by every write to the house style or the glossary, from this
/// server or any other process) has moved since.
#[derive(Default)]
pub struct ReferenceCache {
    loaded: Mutex<Option<(i64, References)>>,
    /// How many times they were loaded (for the tests).
    loads: AtomicUsize,
}

impl ReferenceCache {
    /// The references of `memory` (the first memory), from the cache when
    /// the counter has not moved. A memory without a counter (an older
    /// schema) has them loaded every time.
    pub fn get(&self, memory: &Memory) -> anyhow::Result<References> {
        let Some(version) = memory.reference_version()? else {
            self.loads.fetch_add(1, Ordering::Relaxed);
            return References::load(memory);
        };
        if let Some((seen, references)) = &*self.loaded.lock().unwrap_or_else(|e| e.into_inner())
            && *seen == version
        {
            return Ok(references.clone());
        }
        // read after the counter: a change made in between is loaded now
        // and loaded again at the next request (the counter moved)
        let references = References::load(memory)?;
        self.loads.fetch_add(1, Ordering::Relaxed);
        *self.loaded.lock().unwrap_or_else(|e| e.into_inner()) = Some((version, references.clone()));
        Ok(references)
    }

    /// How many times the references were read from the memory.
    #[cfg(test)]
    pub fn loads(&self) -> usize {
        self.loads.load(Ordering::Relaxed)
    }
}

/// The look-up and the import, implemented by the command line.
pub trait Desk: Send + Sync + 'static {
    /// Looks `text` up in the `opened` memories (highest priority first;
    /// `memories` name them): one result per sentence, each as `suggest
    /// --format json` prints it, as a JSON array.
    /// `references` are the first memory's.
    fn look_up(
        &self,
        opened: &[Memory],
        memories: &[MemoryChoice],
        text: &str,
        query: &LookUp,
        references: &References,
    ) -> anyhow::Result<serde_json::Value>;

    /// Imports `upload` into the memory at `memory` in one transaction:
    /// the report as `import --format json` prints it.
    fn import(&self, upload: Upload, memory: &Path) -> anyhow::Result<serde_json::Value>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_references_are_loaded_again_only_after_the_style_or_glossary_changed() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("m.sqlite");
        let mut writer = Memory::open(&path, dragoman::fuzzy::index_keys()).unwrap();
        let reader = Memory::open(&path, dragoman::fuzzy::index_keys()).unwrap();
        let cache = ReferenceCache::default();
        assert!(cache.get(&reader).unwrap().style.is_empty());
        cache.get(&reader).unwrap();
        assert_eq!(cache.loads(), 1, "unchanged: kept");
        let variants = vec!["Haniya".to_string()];
        writer.save_style_rows([("Haniyeh", variants.as_slice())]).unwrap();
        let references = cache.get(&reader).unwrap();
        assert_eq!((cache.loads(), references.style.entries().len()), (2, 1), "a change made on another connection is seen");
        cache.get(&reader).unwrap();
        assert_eq!(cache.loads(), 2);
    }
}
