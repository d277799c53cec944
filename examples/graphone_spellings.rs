//! Regenerates `src/names/graphone_spellings.txt`, the table of
//! [`dragoman::names::graphone`]: counts of n-grams of graphones (an
//! Arabic unit with the Latin letters that spell it) learned from the
//! pairs of `../shared/data/names/arabic_latin_pairs.tsv`.
//!
//!     cargo run --release --example graphone_spellings [ORDER [OUTPUT]]
//!
//! Rows used: the training rows of the other learned tables
//! ([`dragoman::names::transliteration::training_pairs`]: every data row
//! whose 0-based index is not a multiple of 5) less every row whose
//! pair (the Arabic name as written, the Latin name in lower case) is
//! also the pair of a row whose index IS a multiple of 5. Those rows
//! hold every sample the names bench measures (every 40th pair from
//! pairs 0, 5, ... 35); the data lists many pairs more than once, and a
//! model of whole words would otherwise remember the bench's answers.
//!
//! Words: each side split as `Name::parse` splits a name (spaces and
//! punctuation); where both sides have as many words they are paired in
//! order, otherwise each side is run together as one word.
//!
//! Cut: each Latin word is cut into one spelling of up to four letters
//! per Arabic unit by its best cut under the shipped
//! [`dragoman::names::transliteration::SpellingModel`] (Viterbi). The
//! log-probabilities are rounded to a millionth and summed as integers,
//! and of equal cuts the first found wins (the earlier units taking the
//! fewer letters), so that the table is the same on every run (the
//! model's float sums may differ in their last bit between runs). In a
//! scratch experiment, cutting again with the n-gram model and
//! retraining changed almost no cut (order 3: 36 of 64,702 words, then
//! 6) and ranked as well, so it is not done.
//!
//! Output: the graphones (sorted by unit, then spelling; their place in
//! the list is their number), then every n-gram of ORDER graphones (3,
//! the order chosen: see `GRAPHONE_ORDER` in `src/names/graphone.rs`)
//! with its count, sorted; each word is padded with ORDER - 1 starts
//! (graphone 0) and one end (graphone 1). The library derives the
//! shorter n-grams' counts and the smoothing from them.
use dragoman::names::transliteration::{ARTICLE, LONGEST_SPELLING, SpellingModel, arabic_units, context, latin_letters, training_pairs};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/names/arabic_latin_pairs.tsv");
const OUTPUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/names/graphone_spellings.txt");

/// The order written when none is given: that of the library.
const DEFAULT_ORDER: usize = 3;

/// The number of the padding before a word's first graphone.
const START: u32 = 0;
/// The number of the graphone after a word's last.
const END: u32 = 1;
/// The first number of a graphone of the list.
const FIRST_GRAPHONE: u32 = 2;

/// The words of a name, split as `Name::parse` splits it.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"' | '/' | '\u{200C}'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The (Arabic units, Latin letters) word pairs of a name pair.
fn word_pairs(arabic: &str, latin: &str) -> Vec<(Vec<char>, Vec<u8>)> {
    let a: Vec<Vec<char>> = words(arabic).into_iter().map(arabic_units).filter(|u| !u.is_empty()).collect();
    let l: Vec<Vec<u8>> = words(latin).into_iter().map(latin_letters).filter(|u| !u.is_empty()).collect();
    if a.is_empty() || l.is_empty() {
        return Vec::new();
    }
    if a.len() == l.len() {
        return a.into_iter().zip(l).collect();
    }
    vec![(a.concat(), l.concat())]
}

/// The lengths of the spellings of each unit in the best cut of `latin`
/// under `model` (see the module documentation); None where no cut
/// exists.
fn best_cut(model: &SpellingModel, units: &[char], latin: &[u8]) -> Option<Vec<usize>> {
    let (n, m) = (units.len(), latin.len());
    let mut best = vec![vec![i64::MIN; m + 1]; n + 1];
    let mut back = vec![vec![0usize; m + 1]; n + 1];
    best[0][0] = 0;
    for k in 0..n {
        let place = context(units, k);
        for j in 0..=m {
            if best[k][j] == i64::MIN {
                continue;
            }
            for l in 0..=LONGEST_SPELLING.min(m - j) {
                let p = model.probability(place, &latin[j..j + l]);
                if p <= 0.0 {
                    continue;
                }
                let v = best[k][j] + (p.ln() * 1e6).round() as i64;
                if v > best[k + 1][j + l] {
                    best[k + 1][j + l] = v;
                    back[k + 1][j + l] = l;
                }
            }
        }
    }
    if best[n][m] == i64::MIN {
        return None;
    }
    let mut cut = vec![0; n];
    let mut j = m;
    for k in (1..=n).rev() {
        cut[k - 1] = back[k][j];
        j -= cut[k - 1];
    }
    Some(cut)
}

fn main() {
    let order: usize = std::env::args().nth(1).map_or(DEFAULT_ORDER, |o| o.parse().expect("ORDER: a number"));
    assert!((2..=4).contains(&order), "ORDER: 2, 3 or 4");
    let output = std::env::args().nth(2).unwrap_or_else(|| OUTPUT.to_string());
    let text = std::fs::read_to_string(DATA).unwrap_or_else(|e| panic!("{DATA}: {e}"));
    let rows = || {
        text.lines().skip(1).enumerate().filter_map(|(index, line)| {
            let mut fields = line.split('\t');
            Some((index, fields.next()?, fields.next()?))
        })
    };
    let held_out: HashSet<(&str, String)> =
        rows().filter(|(index, ..)| index % 5 == 0).map(|(_, arabic, latin)| (arabic, latin.to_lowercase())).collect();
    let training: Vec<(&str, &str)> =
        training_pairs(&text).filter(|(arabic, latin)| !held_out.contains(&(*arabic, latin.to_lowercase()))).collect();
    let left_out = training_pairs(&text).count() - training.len();
    let pairs: Vec<(Vec<char>, Vec<u8>)> = training.iter().flat_map(|(arabic, latin)| word_pairs(arabic, latin)).collect();
    let model = SpellingModel::shipped();
    let cut: Vec<(&[char], &[u8], Vec<usize>)> =
        pairs.iter().filter_map(|(units, latin)| Some((units.as_slice(), latin.as_slice(), best_cut(model, units, latin)?))).collect();
    // the graphones, sorted
    let mut inventory: BTreeSet<(char, &[u8])> = BTreeSet::new();
    for (units, latin, lengths) in &cut {
        let mut j = 0;
        for (&unit, &l) in units.iter().zip(lengths) {
            inventory.insert((unit, &latin[j..j + l]));
            j += l;
        }
    }
    let numbers: BTreeMap<(char, &[u8]), u32> =
        inventory.iter().enumerate().map(|(k, &g)| (g, FIRST_GRAPHONE + u32::try_from(k).expect("graphones"))).collect();
    let mut counts: BTreeMap<Vec<u32>, u64> = BTreeMap::new();
    for (units, latin, lengths) in &cut {
        let mut sequence = vec![START; order - 1];
        let mut j = 0;
        for (&unit, &l) in units.iter().zip(lengths) {
            sequence.push(numbers[&(unit, &latin[j..j + l])]);
            j += l;
        }
        sequence.push(END);
        for gram in sequence.windows(order) {
            *counts.entry(gram.to_vec()).or_default() += 1;
        }
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&output).unwrap_or_else(|e| panic!("{output}: {e}")));
    let header = [
        "# Graphone n-grams of Arabic-script names spelled in Latin letters, counted by `cargo run --release --example graphone_spellings`"
            .to_string(),
        format!(
            "# from arabic_latin_pairs.tsv rows whose 0-based index is not a multiple of 5, less {left_out} whose pair is also a row of index a multiple of 5"
        ),
        format!("# ({} pairs, {} words, {} cut; see src/names/graphone.rs).", training.len(), pairs.len(), cut.len()),
        "# order\tn".to_string(),
        "# g\tArabic unit (ال the article)\tLatin spelling (- none); numbered from 2 in this order (0 the start, 1 the end)".to_string(),
        "# n\tgraphone numbers of an n-gram, oldest first\tcount".to_string(),
    ];
    for line in header {
        writeln!(out, "{line}").unwrap();
    }
    writeln!(out, "order\t{order}").unwrap();
    for (unit, spelling) in &inventory {
        let unit = if *unit == ARTICLE { "ال".to_string() } else { unit.to_string() };
        let spelling = if spelling.is_empty() { "-" } else { std::str::from_utf8(spelling).unwrap() };
        writeln!(out, "g\t{unit}\t{spelling}").unwrap();
    }
    for (gram, count) in &counts {
        let gram: Vec<String> = gram.iter().map(u32::to_string).collect();
        writeln!(out, "n\t{}\t{count}", gram.join(" ")).unwrap();
    }
    out.flush().unwrap();
    eprintln!(
        "{output}: order {order}, {} graphones, {} n-grams from {} pairs ({left_out} left out), {} of {} words cut",
        inventory.len(),
        counts.len(),
        training.len(),
        cut.len(),
        pairs.len()
    );
}
