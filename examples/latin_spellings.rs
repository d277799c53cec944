//! Regenerates `src/names/latin_spellings.txt`, the table of
//! [`dragoman::names::latin_spelling`]: the letter n-grams of the Latin
//! names of `../shared/data/names/arabic_latin_pairs.tsv`.
//!
//!     cargo run --release --example latin_spellings [OUTPUT]
//!
//! Rows used: every data row (0-based, after the header) whose index is
//! NOT a multiple of 5, as for `cross_script_spellings` (no pair of the
//! names bench's samples); of them, each distinct Latin spelling once
//! (folded to a-z as [`dragoman::names::transliteration::latin_letters`]
//! folds it).
//!
//! Counts, as interpolated Kneser-Ney takes them: a word is its letters
//! between a start mark `^` and an end mark `$`; an n-gram of four
//! symbols, or one that begins with `^`, counts its occurrences; a
//! shorter one counts the different symbols seen just before it. Counts
//! under [`dragoman::names::latin_spelling::LEAST_COUNT`] are left out;
//! the rest are written sorted, so the output is the same on every run.
use dragoman::names::latin_spelling::{LEAST_COUNT, ORDER, START, symbols};
use dragoman::names::transliteration::{latin_letters, training_pairs};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/names/arabic_latin_pairs.tsv");
const OUTPUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/names/latin_spellings.txt");

fn main() {
    let output = std::env::args().nth(1).unwrap_or_else(|| OUTPUT.to_string());
    let text = std::fs::read_to_string(DATA).unwrap_or_else(|e| panic!("{DATA}: {e}"));
    let spellings: BTreeSet<Vec<u8>> =
        training_pairs(&text).map(|(_, latin)| latin_letters(latin)).filter(|letters| !letters.is_empty()).collect();
    let mut occurrences: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
    let mut before: BTreeMap<Vec<u8>, HashSet<u8>> = BTreeMap::new();
    for letters in &spellings {
        let symbols = symbols(letters);
        for i in 1..symbols.len() {
            for n in 1..=ORDER.min(i + 1) {
                let gram = &symbols[i + 1 - n..=i];
                if n == ORDER || gram[0] == START {
                    *occurrences.entry(gram.to_vec()).or_default() += 1;
                } else {
                    before.entry(gram.to_vec()).or_default().insert(symbols[i - n]);
                }
            }
        }
    }
    let rows: BTreeMap<Vec<u8>, u32> = occurrences
        .into_iter()
        .chain(before.into_iter().map(|(gram, kinds)| (gram, kinds.len() as u32)))
        .filter(|&(_, n)| n >= LEAST_COUNT)
        .collect();
    let mut out = std::fs::File::create(&output).unwrap_or_else(|e| panic!("{output}: {e}"));
    writeln!(out, "# Letter n-grams of Latin names, for Kneser-Ney: written by `cargo run --release --example latin_spellings` from the")
        .unwrap();
    writeln!(
        out,
        "# {} distinct Latin spellings of arabic_latin_pairs.tsv rows whose 0-based index is not a multiple of 5 (see src/names/latin_spelling.rs).",
        spellings.len()
    )
    .unwrap();
    writeln!(out, "# n-gram (^ start, $ end)\tcount (four symbols or from ^: occurrences; shorter: symbols seen before it)").unwrap();
    for (gram, n) in &rows {
        writeln!(out, "{}\t{n}", String::from_utf8_lossy(gram)).unwrap();
    }
    eprintln!("{output}: {} rows from {} spellings", rows.len(), spellings.len());
}
