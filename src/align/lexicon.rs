//! A bilingual lexicon: which target words translate a source word. It
//! comes from a dictionary file (TSV word pairs, or a FreeDict dictd
//! dictionary), from pairs already aligned (the memory), or from the
//! document pair itself after a first alignment pass, as hunalign's
//! realign does. Words are compared folded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Source word (folded) → target words (folded).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: HashMap<String, Vec<String>>,
}

/// A dictionary file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LexiconError {
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: expected two tab-separated columns (source word, target word)")]
    Columns { path: PathBuf, line: usize },
    #[error("{path}:{line}: {problem}")]
    Dictd { path: PathBuf, line: usize, problem: String },
    #[error("{path}:{line}: expected `Traditional Simplified [pinyin] /gloss/…/`")]
    Cedict { path: PathBuf, line: usize },
}

/// At most this many translations are kept per source word.
const MAX_TRANSLATIONS: usize = 8;

impl Lexicon {
    /// Whether the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of source words with at least one translation.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Target words (folded) for a folded source word.
    pub fn translations(&self, folded_word: &str) -> &[String] {
        self.entries.get(folded_word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Adds one word pair, both sides folded. Pairs where either side is
    /// a phrase (has a space) or empty, or both sides are the same word
    /// (already an anchor), are ignored; a word keeps at most eight
    /// translations.
    pub fn insert(&mut self, src: &str, tgt: &str) {
        let (s, t) = (super::features::fold_word(src.trim()), super::features::fold_word(tgt.trim()));
        if s.is_empty() || t.is_empty() || s.contains(char::is_whitespace) || t.contains(char::is_whitespace) || s == t {
            return;
        }
        let list = self.entries.entry(s).or_default();
        if list.len() < MAX_TRANSLATIONS && !list.contains(&t) {
            list.push(t);
        }
    }

    /// The entries in order of their source word.
    fn sorted(&self) -> Vec<(&String, &Vec<String>)> {
        let mut entries: Vec<(&String, &Vec<String>)> = self.entries.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries
    }

    /// Every (source, target) pair, in no particular order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().flat_map(|(s, ts)| ts.iter().map(move |t| (s.as_str(), t.as_str())))
    }

    /// The same pairs read the other way (an English → Arabic dictionary
    /// serving Arabic → English alignment).
    pub fn reversed(&self) -> Lexicon {
        let mut out = Lexicon::default();
        // in order of the source word, so that which eight translations a
        // word keeps does not depend on the hash map's order (it made the
        // bench's FreeDict eng-rus figures vary by 0.002 from run to run)
        for (s, ts) in self.sorted() {
            for t in ts {
                out.insert(t, s);
            }
        }
        out
    }

    /// Adds every entry of another lexicon.
    pub fn extend(&mut self, other: &Lexicon) {
        for (s, ts) in other.sorted() {
            for t in ts {
                self.insert(s, t);
            }
        }
    }

    /// Reads TSV word pairs (`source<TAB>target`, `#` comments and blank
    /// lines skipped). Fails on an unreadable file or a line without two
    /// columns, naming the line.
    pub fn from_tsv_file(path: &Path) -> Result<Lexicon, LexiconError> {
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Read { path: path.to_path_buf(), source })?;
        Lexicon::from_tsv(&text, path)
    }

    /// Reads a word list from its text (`path` names it in errors), as
    /// [`Lexicon::from_tsv_file`] does from the file.
    pub fn from_tsv(text: &str, path: &Path) -> Result<Lexicon, LexiconError> {
        Lexicon::from_tsv_where(text, path, false, &|_| true)
    }

    /// Reads TSV word pairs as [`Lexicon::from_tsv_file`] does, read the
    /// other way round when `reversed`, keeping only the pairs whose
    /// source word (folded) `keep` wants: a large dictionary costs little
    /// when a document uses few of its words.
    pub fn from_tsv_file_where(path: &Path, reversed: bool, keep: &dyn Fn(&str) -> bool) -> Result<Lexicon, LexiconError> {
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Read { path: path.to_path_buf(), source })?;
        Lexicon::from_tsv_where(&text, path, reversed, keep)
    }

    fn from_tsv_where(text: &str, path: &Path, reversed: bool, keep: &dyn Fn(&str) -> bool) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            match (cols.next(), cols.next()) {
                (Some(s), Some(t)) if !s.trim().is_empty() && !t.trim().is_empty() => {
                    let (s, t) = if reversed { (t, s) } else { (s, t) };
                    if keep(&super::features::fold_word(s.trim())) {
                        lexicon.insert(s, t);
                    }
                }
                _ => return Err(LexiconError::Columns { path: path.to_path_buf(), line: n + 1 }),
            }
        }
        Ok(lexicon)
    }

    /// Reads a FreeDict dictionary in dictd format, from the path of its
    /// `.index` or `.dict(.dz)` file; see [`super::dictd`].
    pub fn from_dictd(path: &Path) -> Result<Lexicon, LexiconError> {
        let (index, dict) = super::dictd::dictd_files(path);
        let mut lexicon = Lexicon::default();
        for (s, t) in super::dictd::read_dictd(&index, &dict)? {
            lexicon.insert(&s, &t);
        }
        Ok(lexicon)
    }

    /// Reads CC-CEDICT (gzipped or not); see [`super::cedict`].
    pub fn from_cedict(path: &Path) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        for (s, t) in super::cedict::read_cedict(path)? {
            lexicon.insert(&s, &t);
        }
        Ok(lexicon)
    }

    /// The folded words of a sentence as the aligner reads them (the
    /// words a lexicon entry is looked up by).
    pub fn words_of(sentence: &str) -> Vec<String> {
        super::features::read(sentence, false).words
    }

    /// Learns word translations from aligned sentence pairs given as
    /// text (such as a memory's units), words read as the aligner reads
    /// them; see [`Lexicon::learn`].
    pub fn learn_from_texts<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Lexicon {
        let words: Vec<(Vec<String>, Vec<String>)> =
            pairs.into_iter().map(|(s, t)| (super::features::read(s, false).words, super::features::read(t, false).words)).collect();
        Lexicon::learn(words.iter().map(|(s, t)| (s.as_slice(), t.as_slice())), 2)
    }

    /// Learns word translations from aligned sentence pairs given as text
    /// with IBM Model 1 (see [`super::ibm1`]), within `budget`.
    pub fn learn_ibm1_from_texts<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>, budget: std::time::Duration) -> Lexicon {
        let words: Vec<(Vec<String>, Vec<String>)> =
            pairs.into_iter().map(|(s, t)| (super::features::read(s, false).words, super::features::read(t, false).words)).collect();
        super::ibm1::learn(words.iter().map(|(s, t)| (s.as_slice(), t.as_slice())), budget)
    }

    /// Learns as [`Lexicon::learn`] does, over words reduced to what their
    /// inflected forms share (Arabic and Hebrew words without their
    /// leading clitics, Cyrillic words without an ending; see
    /// `ibm1::normalise_source`), so that one document's בקובץ, לקובץ,
    /// הקובץ or файл, файла, файлов pool their evidence; each pair learned
    /// links every form seen of the source word (up to four) with every
    /// form seen of the target word. Latin-script words stay as they are:
    /// English plurals pooled too (`ibm1::light_stem`) lowered strict F1
    /// on synth_fa_en by 0.008, synth_he_en by 0.011, synth_zh_en by
    /// 0.006 and parice_en_is by 0.007 (bench `--plain` runs, 5 Dec 2026).
    pub fn learn_pooled<'a>(pairs: impl IntoIterator<Item = (&'a [String], &'a [String])>, min_together: usize) -> Lexicon {
        type Forms<'a> = FastMap<&'a str, Vec<&'a str>>;
        let mut src_forms: Forms<'a> = FastMap::default();
        let mut tgt_forms: Forms<'a> = FastMap::default();
        let reduce = |words: &'a [String], forms: &mut Forms<'a>| -> Vec<&'a str> {
            words
                .iter()
                .map(|w| {
                    let stem = super::ibm1::normalise_source(w);
                    let seen = forms.entry(stem).or_default();
                    if seen.len() < 4 && !seen.contains(&w.as_str()) {
                        seen.push(w.as_str());
                    }
                    stem
                })
                .collect()
        };
        let stems: Vec<(Vec<&str>, Vec<&str>)> =
            pairs.into_iter().map(|(s, t)| (reduce(s, &mut src_forms), reduce(t, &mut tgt_forms))).collect();
        let learned = Lexicon::learn(stems.iter().map(|(s, t)| (s.as_slice(), t.as_slice())), min_together);
        let mut lexicon = Lexicon::default();
        for (s, ts) in learned.sorted() {
            for t in ts {
                for form in src_forms.get(s.as_str()).into_iter().flatten() {
                    for target in tgt_forms.get(t.as_str()).into_iter().flatten() {
                        lexicon.insert(form, target);
                    }
                }
            }
        }
        lexicon
    }

    /// Learns word translations from aligned pairs (each pair given as
    /// the folded words of its two sides): a source word s and a target
    /// word t are linked when they occur together in at least
    /// `min_together` pairs and in most of the pairs either occurs in
    /// (Dice coefficient of their pair sets at least 0.5). Words found in
    /// more than a tenth of the pairs (and at least 10) are left out.
    pub fn learn<'a, S: AsRef<str> + 'a>(pairs: impl IntoIterator<Item = (&'a [S], &'a [S])>, min_together: usize) -> Lexicon {
        // words become ids, each pair two sorted id lists
        let mut src_ids: FastMap<&str, u32> = FastMap::default();
        let mut tgt_ids: FastMap<&str, u32> = FastMap::default();
        let mut id_pairs: Vec<(Vec<u32>, Vec<u32>)> = Vec::new();
        for (src, tgt) in pairs {
            let ids = |words: &'a [S], table: &mut FastMap<&'a str, u32>| -> Vec<u32> {
                let mut out: Vec<u32> = words
                    .iter()
                    .map(|w| {
                        let next = table.len() as u32;
                        *table.entry(w.as_ref()).or_insert(next)
                    })
                    .collect();
                out.sort_unstable();
                out.dedup();
                out
            };
            let s = ids(src, &mut src_ids);
            let t = ids(tgt, &mut tgt_ids);
            id_pairs.push((s, t));
        }
        let mut src_count = vec![0usize; src_ids.len()];
        let mut tgt_count = vec![0usize; tgt_ids.len()];
        for (s, t) in &id_pairs {
            s.iter().for_each(|&w| src_count[w as usize] += 1);
            t.iter().for_each(|&w| tgt_count[w as usize] += 1);
        }
        let too_common = (id_pairs.len() / 10).max(10);
        let usable = |count: usize| count >= min_together && count <= too_common;
        // for each usable source word, count its target companions in a
        // dense array over the pairs it occurs in
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); src_count.len()];
        for (k, (s, _)) in id_pairs.iter().enumerate() {
            for &a in s.iter().filter(|&&a| usable(src_count[a as usize])) {
                postings[a as usize].push(k as u32);
            }
        }
        let src_words: HashMap<u32, &str> = src_ids.iter().map(|(w, &id)| (id, *w)).collect();
        let tgt_words: Vec<&str> = {
            let mut v = vec![""; tgt_ids.len()];
            for (w, &id) in &tgt_ids {
                v[id as usize] = w;
            }
            v
        };
        let mut together = vec![0u32; tgt_count.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut best: HashMap<u32, Vec<(f64, &str)>> = HashMap::new();
        for (a, pairs_with_a) in postings.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            for &k in pairs_with_a {
                for &b in id_pairs[k as usize].1.iter().filter(|&&b| usable(tgt_count[b as usize])) {
                    if together[b as usize] == 0 {
                        touched.push(b);
                    }
                    together[b as usize] += 1;
                }
            }
            let source = src_words[&(a as u32)];
            for &b in &touched {
                let c = std::mem::take(&mut together[b as usize]) as usize;
                if c < min_together || source == tgt_words[b as usize] {
                    continue;
                }
                let dice = 2.0 * c as f64 / (src_count[a] + tgt_count[b as usize]) as f64;
                if dice >= 0.5 {
                    best.entry(a as u32).or_default().push((dice, tgt_words[b as usize]));
                }
            }
            touched.clear();
        }
        let mut lexicon = Lexicon::default();
        for (a, mut ts) in best {
            ts.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(y.1)));
            let top = ts[0].0;
            for (_, t) in ts.into_iter().take_while(|(d, _)| *d >= 0.8 * top).take(2) {
                lexicon.insert(src_words[&a], t);
            }
        }
        lexicon
    }
}

/// The project's fast map for words and word ids.
pub(crate) use crate::hash::FastMap;

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn words_that_keep_company_are_learned() {
        let pairs = [
            (words("der berg ist hoch"), words("la montagne est haute")),
            (words("ein berg im schnee"), words("une montagne sous la neige")),
            (words("der schnee fällt"), words("la neige tombe")),
            (words("wir gehen heim"), words("nous rentrons")),
        ];
        let lexicon = Lexicon::learn(pairs.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), 2);
        assert_eq!(lexicon.translations("berg")[0], "montagne", "the closest companion comes first");
        assert_eq!(lexicon.translations("schnee")[0], "neige");
        assert!(lexicon.translations("wir").is_empty(), "seen once only");
    }

    #[test]
    fn inflected_forms_of_one_document_pool_their_evidence() {
        // real interface strings: each Hebrew and Russian form of "file"
        // is seen once, too rarely to be learned on its own
        let read = |s: &str| Lexicon::words_of(s);
        let hebrew = [
            ("לא ניתן לפתוח את הקובץ", "Cannot open the file"),
            ("שמירה בקובץ חדש", "Save to a new file"),
            ("בחירת קבצים לייבוא", "Select files to import"),
            ("הקבצים נמחקו", "The files were deleted"),
        ];
        let russian = [
            ("Не удалось открыть файл", "Cannot open the file"),
            ("Сохранить в новом файле", "Save in a new file"),
            ("Выбор файлов для импорта", "Select files to import"),
            ("Файлы удалены", "The files were deleted"),
        ];
        for (pairs, form, other) in [(hebrew, "בקובץ", "הקבצים"), (russian, "файлов", "файлы")] {
            let words: Vec<(Vec<String>, Vec<String>)> = pairs.iter().map(|(a, b)| (read(a), read(b))).collect();
            let as_is = Lexicon::learn(words.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), 2);
            let pooled = Lexicon::learn_pooled(words.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), 2);
            let form = crate::text::fold_word(form);
            assert!(as_is.translations(&form).is_empty(), "{form}: {:?}", as_is.translations(&form));
            assert!(pooled.translations(&form).iter().any(|t| t == "file" || t == "files"), "{form}: {:?}", pooled.translations(&form));
            let other = crate::text::fold_word(other);
            assert!(pooled.translations(&other).iter().any(|t| t == "files"), "{other}: {:?}", pooled.translations(&other));
        }
    }

    #[test]
    fn a_tsv_line_without_a_tab_is_reported_with_its_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.tsv");
        std::fs::write(&path, "# comment\nBerg\tmontagne\nSchnee neige\n").unwrap();
        let err = Lexicon::from_tsv_file(&path).unwrap_err().to_string();
        assert!(err.ends_with("d.tsv:3: expected two tab-separated columns (source word, target word)"), "{err}");
        std::fs::write(&path, "Berg\tMontagne\n").unwrap();
        assert_eq!(Lexicon::from_tsv_file(&path).unwrap().translations("berg"), ["montagne"]);
    }
}
