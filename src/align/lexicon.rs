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

    /// Adds one pair; multi-word sides add each word pair of single words
    /// only when both sides are one word (phrases are not word anchors).
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

    /// Adds every entry of another lexicon.
    pub fn extend(&mut self, other: &Lexicon) {
        for (s, ts) in &other.entries {
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
        let mut lexicon = Lexicon::default();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            match (cols.next(), cols.next()) {
                (Some(s), Some(t)) if !s.trim().is_empty() && !t.trim().is_empty() => lexicon.insert(s, t),
                _ => return Err(LexiconError::Columns { path: path.to_path_buf(), line: n + 1 }),
            }
        }
        Ok(lexicon)
    }

    /// Learns word translations from aligned pairs (each pair given as
    /// the folded words of its two sides): a source word s and a target
    /// word t are linked when they occur together in at least
    /// `min_together` pairs and in most of the pairs either occurs in
    /// (Dice coefficient of their pair sets at least 0.5). Words found in
    /// more than a tenth of the pairs (and at least 10) are left out.
    pub fn learn<'a>(pairs: impl IntoIterator<Item = (&'a [String], &'a [String])>, min_together: usize) -> Lexicon {
        let mut src_count: HashMap<&str, usize> = HashMap::new();
        let mut tgt_count: HashMap<&str, usize> = HashMap::new();
        let mut together: HashMap<(&str, &str), usize> = HashMap::new();
        let mut pairs_seen = 0usize;
        let mut unique_src: Vec<&str> = Vec::new();
        let mut unique_tgt: Vec<&str> = Vec::new();
        for (src, tgt) in pairs {
            pairs_seen += 1;
            unique_src.clear();
            unique_src.extend(src.iter().map(String::as_str));
            unique_src.sort_unstable();
            unique_src.dedup();
            unique_tgt.clear();
            unique_tgt.extend(tgt.iter().map(String::as_str));
            unique_tgt.sort_unstable();
            unique_tgt.dedup();
            for s in &unique_src {
                *src_count.entry(s).or_insert(0) += 1;
            }
            for t in &unique_tgt {
                *tgt_count.entry(t).or_insert(0) += 1;
            }
            for s in &unique_src {
                for t in &unique_tgt {
                    *together.entry((s, t)).or_insert(0) += 1;
                }
            }
        }
        let too_common = (pairs_seen / 10).max(10);
        let mut best: HashMap<&str, Vec<(f64, &str)>> = HashMap::new();
        for (&(s, t), &c) in &together {
            if c < min_together || s == t {
                continue;
            }
            let (cs, ct) = (src_count[s], tgt_count[t]);
            if cs > too_common || ct > too_common {
                continue;
            }
            let dice = 2.0 * c as f64 / (cs + ct) as f64;
            if dice >= 0.5 {
                best.entry(s).or_default().push((dice, t));
            }
        }
        let mut lexicon = Lexicon::default();
        for (s, mut ts) in best {
            ts.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            let top = ts[0].0;
            for (_, t) in ts.into_iter().take_while(|(d, _)| *d >= 0.8 * top).take(2) {
                lexicon.insert(s, t);
            }
        }
        lexicon
    }
}

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
