//! A model of how Latin-script names are usually spelled: a character
//! model of four letters (each letter given the three before it, the
//! start and the end of the word marked), with interpolated Kneser-Ney
//! smoothing. [`LatinSpellingModel::per_letter`] gives the average
//! log-probability of a word's letters and its end: higher for the
//! spellings names are usually written in (Jerry rather than Jerri,
//! Ghanem rather than Ghniem), lower for rare ones.
//!
//! [`super::transliteration`] gives the likelihood of Latin letters given
//! the Arabic ones, which favours spellings common anywhere;
//! [`super::key`] divides it by this model's probability of the Latin
//! word to a small power, a noisy-channel reading (which Latin name these
//! Arabic letters write best), for the order among Latin names that an
//! Arabic-script word scores alike (see `LATIN_SPELLING_WEIGHT` there),
//! never for the decision of `same_name`. Used the other way, as a prior
//! for common spellings, it ranked fewer names first on the names
//! bench's tuning samples.
//!
//! The table (`latin_spellings.txt`) holds the counts of letter n-grams of
//! one to four symbols of the Latin side of the pairs of
//! `arabic_latin_pairs.tsv` whose 0-based index is not a multiple of 5
//! (the pairs [`super::transliteration`] is trained on: no pair of the
//! names bench's samples), each spelling counted once however often it
//! is listed; `cargo run --release --example latin_spellings`
//! regenerates it from `../shared/data`. As Kneser-Ney takes them, the
//! four-letter n-grams and those that start a word count their
//! occurrences, shorter ones the letters seen before them. Counts under
//! [`LEAST_COUNT`] are left out: the model is a spelling habit of
//! letters, not a list of names.
//!
//! Written here rather than taken from a crate: the n-gram crates found
//! (n_gram 0.1, libgrammstein 0.1) are young, model words and bring
//! training and storage machinery this does not need; a letter model of
//! four symbols with Kneser-Ney is a hash map and the few lines of
//! [`LatinSpellingModel::probability`].

use crate::hash::FastMap;
use std::sync::OnceLock;

/// The shipped table (see the module documentation).
const TABLE: &str = include_str!("latin_spellings.txt");

/// The most symbols of an n-gram: three of context and the one predicted.
pub const ORDER: usize = 4;

/// The symbol before a word's first letter.
pub const START: u8 = b'^';

/// The symbol after a word's last letter.
pub const END: u8 = b'$';

/// Counts under this are left out of the table (by the program that
/// writes it): 2, as for the table of [`super::transliteration`].
pub const LEAST_COUNT: u32 = 2;

/// What Kneser-Ney takes off every count seen and gives to the shorter
/// context: 0.75, the usual value (Chen and Goodman 1998), not tuned.
const DISCOUNT: f64 = 0.75;

/// Symbols a word's letters are predicted among: a-z and [`END`].
const PREDICTED: f64 = 27.0;

/// An n-gram of symbols (a-z, [`START`], [`END`]) as a number.
fn code(symbols: &[u8]) -> u32 {
    symbols.iter().fold(0, |code, &b| {
        let s = match b {
            b'a'..=b'z' => u32::from(b - b'a' + 1),
            START => 27,
            _ => 28,
        };
        code * 29 + s
    })
}

/// The symbols of a word of letters a-z: [`START`], the letters, [`END`].
pub fn symbols(letters: &[u8]) -> Vec<u8> {
    std::iter::once(START).chain(letters.iter().copied()).chain(std::iter::once(END)).collect()
}

/// The totals of one context: the sum of the counts that follow it and
/// how many different symbols do.
#[derive(Debug, Default, Clone, Copy)]
struct Following {
    total: f64,
    kinds: f64,
}

/// The model (see the module documentation).
#[derive(Debug, Default)]
pub struct LatinSpellingModel {
    counts: FastMap<u32, f64>,
    contexts: FastMap<u32, Following>,
}

impl LatinSpellingModel {
    /// The model of a table: one n-gram (of [`START`], a-z and [`END`])
    /// and its count a row, tab-separated; lines starting with `#` are
    /// comments; rows it cannot read are skipped (the shipped table has
    /// none).
    pub fn parse(table: &str) -> LatinSpellingModel {
        let rows = table.lines().filter(|l| !l.starts_with('#')).filter_map(parse_row);
        LatinSpellingModel::from_counts(rows)
    }

    /// The model of these n-gram counts (as the table gives them).
    pub fn from_counts<G: AsRef<[u8]>>(rows: impl IntoIterator<Item = (G, f64)>) -> LatinSpellingModel {
        let mut counts = FastMap::default();
        let mut contexts: FastMap<u32, Following> = FastMap::default();
        for (gram, n) in rows {
            let gram = gram.as_ref();
            counts.insert(code(gram), n);
            let context = contexts.entry(code(&gram[..gram.len() - 1])).or_default();
            context.total += n;
            context.kinds += 1.0;
        }
        LatinSpellingModel { counts, contexts }
    }

    /// The model shipped in `latin_spellings.txt`.
    pub fn shipped() -> &'static LatinSpellingModel {
        static MODEL: OnceLock<LatinSpellingModel> = OnceLock::new();
        MODEL.get_or_init(|| LatinSpellingModel::parse(TABLE))
    }

    /// The probability of `symbol` after `context` (its last
    /// [`ORDER`] - 1 symbols at most), interpolated down to the even
    /// spread over every symbol.
    pub fn probability(&self, context: &[u8], symbol: u8) -> f64 {
        let context = &context[context.len().saturating_sub(ORDER - 1)..];
        let mut p = 1.0 / PREDICTED;
        for start in (0..=context.len()).rev() {
            let history = code(&context[start..]);
            let Some(following) = self.contexts.get(&history) else {
                continue;
            };
            let seen = self.counts.get(&(history * 29 + code(&[symbol]))).copied().unwrap_or(0.0);
            p = ((seen - DISCOUNT).max(0.0) + DISCOUNT * following.kinds * p) / following.total;
        }
        p
    }

    /// The natural log-probability of a word's letters (a-z) and its end,
    /// each given the three symbols before it.
    pub fn log_probability(&self, letters: &[u8]) -> f64 {
        let symbols = symbols(letters);
        (1..symbols.len()).map(|i| self.probability(&symbols[i.saturating_sub(ORDER - 1)..i], symbols[i]).ln()).sum()
    }

    /// [`LatinSpellingModel::log_probability`] per symbol predicted (the
    /// letters and the end).
    pub fn per_letter(&self, letters: &[u8]) -> f64 {
        self.log_probability(letters) / (letters.len() + 1) as f64
    }
}

/// One row of the table (see [`LatinSpellingModel::parse`]).
fn parse_row(line: &str) -> Option<(Vec<u8>, f64)> {
    let (gram, count) = line.split_once('\t')?;
    let gram = gram.as_bytes();
    let fits = (1..=ORDER).contains(&gram.len())
        && gram.iter().enumerate().all(|(i, &b)| b.is_ascii_lowercase() || (b == START && i == 0) || (b == END && i + 1 == gram.len()));
    let count: f64 = count.parse().ok().filter(|n: &f64| n.is_finite() && *n > 0.0)?;
    fits.then(|| (gram.to_vec(), count))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::transliteration::latin_letters;

    fn per_letter(word: &str) -> f64 {
        LatinSpellingModel::shipped().per_letter(&latin_letters(word))
    }

    #[test]
    fn every_row_of_the_shipped_table_is_read() {
        let rows: Vec<&str> = TABLE.lines().filter(|l| !l.starts_with('#')).collect();
        let unread: Vec<&&str> = rows.iter().filter(|l| parse_row(l).is_none()).collect();
        assert!(rows.len() > 1000 && unread.is_empty(), "{} rows, unread: {unread:?}", rows.len());
    }

    #[test]
    fn the_probabilities_after_a_context_sum_to_one() {
        let model = LatinSpellingModel::shipped();
        for context in [&b"^"[..], b"^mo", b"ham", b"zzq", b"qx"] {
            let sum: f64 = (b'a'..=b'z').chain([END]).map(|s| model.probability(context, s)).sum();
            assert!((sum - 1.0).abs() < 1e-9, "{:?}: {sum}", String::from_utf8_lossy(context));
        }
    }

    #[test]
    fn a_usual_spelling_of_a_name_is_likelier_than_a_rare_one() {
        // spellings of the training side of the pairs (Mohammed, Hussein,
        // Khaled, Ahmed are listed there many times)
        assert!(per_letter("Mohammed") > per_letter("Mukhammedh"));
        assert!(per_letter("Hussein") > per_letter("Hhusseyin"));
        assert!(per_letter("Khaled") > per_letter("Xaaled"));
        assert!(per_letter("Ahmed") > per_letter("Achmedd"));
    }
}
