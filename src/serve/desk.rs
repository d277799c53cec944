//! What the server keeps for suggest look-ups and imports, which it does
//! through the library (`fuzzy::lookup`, `formats::import`): the first
//! memory's house style and glossary, kept loaded ([`ReferenceCache`]),
//! and the library's errors as the API reports them, a setting that
//! would help named by its API field.

use dragoman::formats::import::{self, ImportError};
use dragoman::fuzzy::lookup::{self, LookUpError};
use dragoman::memory::Memory;
use dragoman::memory::glossary::GlossaryTerms;
use dragoman::names::HouseStyle;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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

/// A look-up error for the API: a memory error as itself (so that a
/// busy memory is told apart), a missing setting named by its field.
pub fn look_up_error(error: LookUpError) -> anyhow::Error {
    let field = |setting| match setting {
        lookup::Setting::SrcLang => "src_lang".to_string(),
    };
    match error {
        LookUpError::UnknownLanguage { file, missing } => dragoman::lang::LangError::Unknown { file, flag: field(missing) }.into(),
        LookUpError::NotStored(not_stored) => anyhow::anyhow!("{}", not_stored.message(field)),
        LookUpError::Memory(error) => error.into(),
    }
}

/// The API field (or what to send) that gives an import setting.
pub fn import_field(setting: import::Setting) -> &'static str {
    match setting {
        import::Setting::SrcLang => "src_lang",
        import::Setting::TgtLang => "tgt_lang",
        // the API has no such settings: what the upload can say instead
        import::Setting::AllTargets => "one tgt_lang",
        import::Setting::Columns => "a header row (source, target)",
    }
}

/// An import error for the API: memory and format errors as themselves.
pub fn import_error(error: ImportError) -> anyhow::Error {
    match error {
        ImportError::Memory(error) => error.into(),
        ImportError::Format(error) => error.into(),
        error => error.into(),
    }
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
