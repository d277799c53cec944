//! Dictionaries kept for the aligner in the user data folder
//! (`$XDG_DATA_HOME/dragoman/dictionaries/`, by default
//! `~/.local/share/dragoman/dictionaries/`), outside the memory for now,
//! behind [`DictionaryStore`] so that they can move into it later.
//!
//! Lexicons learned from the memory's pairs and from aligned documents
//! ([`LearnedStore`]) are kept beside them, in `…/dragoman/lexicons/`,
//! one file per language pair, `SRC-TGT.tsv`, in the same format (first
//! line `# dragoman lexicon SRC TGT`), so that the next alignment starts
//! from what the last one learned.
//!
//! One file per imported dictionary, named `SRC-TGT.NAME.tsv` (`ar-en.freedict-ara-eng.tsv`,
//! `zh-en.cedict.tsv`): UTF-8, a first line `# dragoman dictionary SRC TGT`,
//! then one word pair a line, `source word TAB target word`. A dictionary
//! serves its language pair in both directions (an English → Arabic one
//! serves Arabic → English alignment, read the other way).

use super::lexicon::{Lexicon, LexiconError};
use crate::lang::Lang;
use std::path::{Path, PathBuf};

/// Where dictionaries are kept and how they are found again.
pub trait DictionaryStore {
    /// Keeps `pairs` as dictionary `name` for `src` → `tgt`, replacing one
    /// of the same name and languages; returns where it went.
    fn save(&self, name: &str, src: &Lang, tgt: &Lang, pairs: &[(String, String)]) -> Result<PathBuf, LexiconError>;
    /// Every kept dictionary that serves `src` → `tgt` (either way round),
    /// as one lexicon, with the names of the files read.
    fn lexicon_for(&self, src: &Lang, tgt: &Lang) -> Result<(Lexicon, Vec<String>), LexiconError> {
        self.lexicon_for_words(src, tgt, &|_| true)
    }
    /// The same, keeping only the entries of the source words (folded)
    /// that `wanted` wants (those of the documents to align).
    fn lexicon_for_words(&self, src: &Lang, tgt: &Lang, wanted: &dyn Fn(&str) -> bool) -> Result<(Lexicon, Vec<String>), LexiconError>;
}

/// The dictionaries folder of the user data folder.
#[derive(Debug, Clone)]
pub struct DictionaryFolder {
    dir: PathBuf,
}

impl DictionaryFolder {
    /// `$XDG_DATA_HOME/dragoman/dictionaries`, or
    /// `$HOME/.local/share/dragoman/dictionaries` (the XDG base directory
    /// specification's default); `None` when neither variable is set.
    pub fn default_location() -> Option<DictionaryFolder> {
        let base = std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".local/share")))?;
        Some(DictionaryFolder { dir: base.join("dragoman").join("dictionaries") })
    }

    /// A folder of one's choosing.
    pub fn at(dir: &Path) -> DictionaryFolder {
        DictionaryFolder { dir: dir.to_path_buf() }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }
}

/// Where learned lexicons are kept, per language pair.
pub trait LearnedStore {
    /// The lexicon learned so far for `src` → `tgt` (empty when none).
    fn load(&self, src: &Lang, tgt: &Lang) -> Result<Lexicon, LexiconError>;
    /// Adds `learned` to what is kept for `src` → `tgt`.
    fn add(&self, src: &Lang, tgt: &Lang, learned: &Lexicon) -> Result<(), LexiconError>;
}

/// The lexicons folder of the user data folder.
#[derive(Debug, Clone)]
pub struct LexiconFolder {
    dir: PathBuf,
}

impl LexiconFolder {
    /// `lexicons` beside [`DictionaryFolder::default_location`].
    pub fn default_location() -> Option<LexiconFolder> {
        let dictionaries = DictionaryFolder::default_location()?;
        Some(LexiconFolder { dir: dictionaries.dir.with_file_name("lexicons") })
    }

    /// A folder of one's choosing.
    pub fn at(dir: &Path) -> LexiconFolder {
        LexiconFolder { dir: dir.to_path_buf() }
    }

    fn file(&self, src: &Lang, tgt: &Lang) -> PathBuf {
        self.dir.join(format!("{}-{}.tsv", src.primary(), tgt.primary()))
    }
}

impl LearnedStore for LexiconFolder {
    fn load(&self, src: &Lang, tgt: &Lang) -> Result<Lexicon, LexiconError> {
        let path = self.file(src, tgt);
        if !path.exists() {
            return Ok(Lexicon::default());
        }
        Lexicon::from_tsv_file(&path)
    }

    fn add(&self, src: &Lang, tgt: &Lang, learned: &Lexicon) -> Result<(), LexiconError> {
        if learned.is_empty() {
            return Ok(());
        }
        let mut all = self.load(src, tgt)?;
        all.extend(learned);
        let mut pairs: Vec<(&str, &str)> = all.pairs().collect();
        pairs.sort_unstable();
        let path = self.file(src, tgt);
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| LexiconError::Read { path, source }
        };
        std::fs::create_dir_all(&self.dir).map_err(err(&self.dir))?;
        let mut text = format!("# dragoman lexicon {} {}\n", src.primary(), tgt.primary());
        for (s, t) in pairs {
            text.push_str(s);
            text.push('\t');
            text.push_str(t);
            text.push('\n');
        }
        // written beside, then renamed: a failed write leaves the old one
        let partial = path.with_extension("tsv.partial");
        std::fs::write(&partial, text).map_err(err(&partial))?;
        std::fs::rename(&partial, &path).map_err(err(&path))
    }
}

/// A dictionary name as a file name part: letters, digits, `-` and `_`.
fn file_part(name: &str) -> String {
    let clean: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    if clean.is_empty() { "dictionary".into() } else { clean }
}

const HEADER: &str = "# dragoman dictionary";

impl DictionaryStore for DictionaryFolder {
    fn save(&self, name: &str, src: &Lang, tgt: &Lang, pairs: &[(String, String)]) -> Result<PathBuf, LexiconError> {
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| LexiconError::Read { path, source }
        };
        std::fs::create_dir_all(&self.dir).map_err(err(&self.dir))?;
        let path = self.dir.join(format!("{}-{}.{}.tsv", src.primary(), tgt.primary(), file_part(name)));
        let mut text = format!("{HEADER} {} {}\n", src.primary(), tgt.primary());
        for (s, t) in pairs {
            text.push_str(&s.replace(['\t', '\n', '\r'], " "));
            text.push('\t');
            text.push_str(&t.replace(['\t', '\n', '\r'], " "));
            text.push('\n');
        }
        // written beside, then renamed: a failed write leaves the old one
        let partial = path.with_extension("tsv.partial");
        std::fs::write(&partial, text).map_err(err(&partial))?;
        std::fs::rename(&partial, &path).map_err(err(&path))?;
        Ok(path)
    }

    fn lexicon_for_words(&self, src: &Lang, tgt: &Lang, wanted: &dyn Fn(&str) -> bool) -> Result<(Lexicon, Vec<String>), LexiconError> {
        let mut lexicon = Lexicon::default();
        let mut used = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Ok((lexicon, used)) };
        let mut paths: Vec<PathBuf> =
            entries.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.extension().is_some_and(|e| e == "tsv")).collect();
        paths.sort();
        for path in paths {
            let Some(file) = path.file_name().and_then(|n| n.to_str()) else { continue };
            let Some((langs, _)) = file.split_once('.') else { continue };
            let Some((a, b)) = langs.split_once('-') else { continue };
            let (forward, backward) = (a == src.primary() && b == tgt.primary(), a == tgt.primary() && b == src.primary());
            if !forward && !backward {
                continue;
            }
            lexicon.extend(&Lexicon::from_tsv_file_where(&path, !forward, wanted)?);
            used.push(file.to_string());
        }
        Ok((lexicon, used))
    }
}

/// The two-letter code of a three-letter ISO 639-2/3 code as FreeDict
/// names its dictionaries (`ara`, `eng`, `deu`…), for the languages the
/// desk works in and their common partners; others are kept as they are.
pub fn two_letter(code: &str) -> &str {
    match code {
        "ara" => "ar",
        "eng" => "en",
        "fas" | "per" => "fa",
        "heb" => "he",
        "tur" => "tr",
        "rus" => "ru",
        "zho" | "chi" | "cmn" => "zh",
        "jpn" => "ja",
        "urd" => "ur",
        "deu" | "ger" => "de",
        "fra" | "fre" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" | "dut" => "nl",
        "pol" => "pl",
        "swe" => "sv",
        "ukr" => "uk",
        "kur" => "ku",
        "isl" | "ice" => "is",
        other => other,
    }
}

/// The languages a file name gives: FreeDict's `freedict-ara-eng.index`,
/// or `ar-en.tsv`, `words.ar-en.tsv`.
pub fn languages_from_file_name(path: &Path) -> Option<(Lang, Lang)> {
    let name = path.file_name()?.to_str()?;
    for part in name.split('.') {
        let part = part.strip_prefix("freedict-").unwrap_or(part);
        let codes: Vec<&str> = part.split('-').collect();
        if codes.len() == 2 && codes.iter().all(|c| (2..=3).contains(&c.len()) && c.chars().all(|c| c.is_ascii_lowercase())) {
            return Some((Lang::parse(two_letter(codes[0])).ok()?, Lang::parse(two_letter(codes[1])).ok()?));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Lang {
        Lang::parse(tag).unwrap()
    }

    #[test]
    fn a_kept_dictionary_serves_its_pair_both_ways() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DictionaryFolder::at(dir.path());
        // English → Arabic (FreeDict eng-ara) and Hebrew → English pairs
        let pairs = vec![("truce".to_string(), "هدنة".to_string()), ("crossing".to_string(), "معبر".to_string())];
        let path = folder.save("freedict-eng-ara", &lang("en"), &lang("ar"), &pairs).unwrap();
        assert!(path.ends_with("en-ar.freedict-eng-ara.tsv"), "{}", path.display());
        folder.save("words", &lang("he"), &lang("en"), &[("שלום".to_string(), "peace".to_string())]).unwrap();
        let (ar_en, used) = folder.lexicon_for(&lang("ar"), &lang("en")).unwrap();
        assert_eq!(used, ["en-ar.freedict-eng-ara.tsv"]);
        assert_eq!(ar_en.translations(&crate::text::fold_word("هدنة")), ["truce"]);
        let (he_en, _) = folder.lexicon_for(&lang("he"), &lang("en")).unwrap();
        assert_eq!(he_en.translations("שלום"), ["peace"]);
        let (ru_en, used) = folder.lexicon_for(&lang("ru"), &lang("en")).unwrap();
        assert!(ru_en.is_empty() && used.is_empty());
        // only the words a document uses are read
        let wanted = crate::text::fold_word("معبر");
        let (some, _) = folder.lexicon_for_words(&lang("ar"), &lang("en"), &|w| w == wanted).unwrap();
        assert_eq!((some.len(), some.translations(&wanted)), (1, &["crossing".to_string()][..]));
    }

    #[test]
    fn a_learned_lexicon_is_kept_and_grows() {
        let dir = tempfile::tempdir().unwrap();
        let folder = LexiconFolder::at(dir.path());
        let (fa, en) = (lang("fa"), lang("en"));
        assert!(folder.load(&fa, &en).unwrap().is_empty());
        // Persian: "ceasefire" and "negotiations"
        let mut first = Lexicon::default();
        first.insert("آتش‌بس", "ceasefire");
        folder.add(&fa, &en, &first).unwrap();
        let mut second = Lexicon::default();
        second.insert("مذاکرات", "negotiations");
        folder.add(&fa, &en, &second).unwrap();
        let kept = folder.load(&fa, &en).unwrap();
        assert_eq!(kept.len(), 2);
        assert_eq!(kept.translations(&crate::text::fold_word("مذاکرات")), ["negotiations"]);
        assert!(std::fs::read_to_string(dir.path().join("fa-en.tsv")).unwrap().starts_with("# dragoman lexicon fa en\n"));
    }

    #[test]
    fn languages_come_from_freedict_and_plain_file_names() {
        let got = |name: &str| languages_from_file_name(Path::new(name)).map(|(a, b)| (a.as_str().to_string(), b.as_str().to_string()));
        assert_eq!(got("/usr/share/dictd/freedict-ara-eng.index"), Some(("ar".into(), "en".into())));
        assert_eq!(got("fa-en.tsv"), Some(("fa".into(), "en".into())));
        assert_eq!(got("cedict_1_0_ts_utf-8_mdbg.txt.gz"), None);
    }
}
