//! Regenerates `src/names/cross_script_spellings.txt`, the table of
//! [`dragoman::names::transliteration`]: how Latin spellings write each
//! Arabic letter in its context, learned from the pairs of
//! `../shared/data/names/arabic_latin_pairs.tsv`.
//!
//!     cargo run --release --example cross_script_spellings [OUTPUT]
//!
//! Rows used: every data row (0-based, after the header) whose index is
//! NOT a multiple of 5, 64,696 of 80,871. The rows it leaves out hold
//! every sample the names bench measures (every 40th pair from pairs 0,
//! 5, 10, 15, 20, 25, 30 and 35).
//!
//! Training: expectation-maximisation over every way of cutting each
//! Latin word into one spelling of up to four letters per Arabic unit
//! (forward-backward), four rounds. The first round starts from a prior
//! that only says which Latin letters each Arabic letter's usual reading
//! begins with ([`dragoman::names::romanize::arabic_phones`], and b / p,
//! j / g / dj ... for each phone): a spelling that begins so, followed
//! by vowels only, weighs 1, any other 0.01. Each later round uses the
//! model of the counts the round before found
//! ([`dragoman::names::transliteration::SpellingModel::from_counts`], the
//! same smoothing the library uses). Counts of the last round under 2
//! are left out; the rest are written with one decimal, sorted, so the
//! output is the same on every run.
use dragoman::names::transliteration::{
    ARTICLE, LONGEST_SPELLING, Place, SpellingModel, arabic_units, context, latin_letters, training_pairs,
};
use std::collections::HashMap;
use std::io::Write;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/names/arabic_latin_pairs.tsv");
const OUTPUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/names/cross_script_spellings.txt");
const ROUNDS: usize = 4;
const LEAST_COUNT: f64 = 2.0;

/// Latin spellings that a phone of [`dragoman::names::key`] begins with.
fn spellings(phone: u8) -> &'static [&'static str] {
    match phone {
        b'b' => &["b", "p"],
        b'p' => &["p", "b"],
        b't' => &["t", "tt"],
        b'T' => &["th", "t", "s"],
        b'j' => &["j", "g", "dj", "dsch", "zh", "y"],
        b'h' => &["h", ""],
        b'K' => &["kh", "ch", "h", "x", "j", "k"],
        b'd' => &["d", "dd"],
        b'D' => &["d", "dh", "z", "th"],
        b'r' => &["r", "rr"],
        b'z' => &["z", "s", "zz"],
        b'Z' => &["zh", "j", "z"],
        b's' => &["s", "c", "ss", "z"],
        b'S' => &["sh", "ch", "s", "sch"],
        b'G' => &["gh", "g", "r"],
        b'f' => &["f", "ph", "v"],
        b'q' => &["q", "k", "g", "c"],
        b'k' => &["k", "c", "ch", "q", "ck"],
        b'g' => &["g"],
        b'l' => &["l", "ll"],
        b'm' => &["m", "mm"],
        b'n' => &["n", "nn"],
        b'v' => &["w", "v", "o", "u", "ou", "oo", ""],
        b'y' => &["y", "i", "e", "j", "ee", "ie", ""],
        b'a' => &["a", "e", "o", ""],
        b'c' => &["ch", "tch", "c"],
        _ => &[""],
    }
}

/// The first round's weight of `spelling` for `unit` (see the module
/// documentation).
fn prior(unit: char, spelling: &[u8]) -> f64 {
    let vowels_after = |start: &[u8]| spelling.starts_with(start) && spelling[start.len()..].iter().all(|b| b"aeiouy".contains(b));
    let fits = if unit == ARTICLE {
        ["al", "el", "l", ""].iter().any(|s| vowels_after(s.as_bytes()))
    } else {
        match dragoman::names::romanize::arabic_phones(&unit.to_string()).first() {
            Some(&p) => spellings(p).iter().any(|s| vowels_after(s.as_bytes())),
            None => vowels_after(b""),
        }
    };
    if fits { 1.0 } else { 0.01 }
}

type Counts = HashMap<(Place, Vec<u8>), f64>;

/// One round: the expected count of each (context, spelling) over the
/// pairs, each unit's spelling weighed by `probability`.
fn expected_counts(pairs: &[(Vec<char>, Vec<u8>)], probability: &dyn Fn(Place, &[u8]) -> f64) -> Counts {
    let mut counts = Counts::new();
    for (units, latin) in pairs {
        let (n, m) = (units.len(), latin.len());
        if n == 0 || m == 0 {
            continue;
        }
        let places: Vec<Place> = (0..n).map(|k| context(units, k)).collect();
        let p = |k: usize, j: usize, l: usize| probability(places[k], &latin[j..j + l]);
        let mut alpha = vec![vec![0.0; m + 1]; n + 1];
        alpha[0][0] = 1.0;
        for k in 0..n {
            for j in 0..=m {
                if alpha[k][j] > 0.0 {
                    for l in 0..=LONGEST_SPELLING.min(m - j) {
                        alpha[k + 1][j + l] += alpha[k][j] * p(k, j, l);
                    }
                }
            }
        }
        let total = alpha[n][m];
        if total <= 0.0 {
            continue;
        }
        let mut beta = vec![vec![0.0; m + 1]; n + 1];
        beta[n][m] = 1.0;
        for k in (0..n).rev() {
            for j in 0..=m {
                beta[k][j] = (0..=LONGEST_SPELLING.min(m - j)).map(|l| p(k, j, l) * beta[k + 1][j + l]).sum();
            }
        }
        for k in 0..n {
            for j in 0..=m {
                if alpha[k][j] == 0.0 {
                    continue;
                }
                for l in 0..=LONGEST_SPELLING.min(m - j) {
                    let posterior = alpha[k][j] * p(k, j, l) * beta[k + 1][j + l] / total;
                    if posterior >= 1e-4 {
                        *counts.entry((places[k], latin[j..j + l].to_vec())).or_default() += posterior;
                    }
                }
            }
        }
    }
    counts
}

fn model_of(counts: &Counts) -> SpellingModel {
    SpellingModel::from_counts(counts.iter().map(|((c, s), &n)| (*c, s.as_slice(), n)))
}

fn main() {
    let output = std::env::args().nth(1).unwrap_or_else(|| OUTPUT.to_string());
    let text = std::fs::read_to_string(DATA).unwrap_or_else(|e| panic!("{DATA}: {e}"));
    let pairs: Vec<(Vec<char>, Vec<u8>)> =
        training_pairs(&text).map(|(arabic, latin)| (arabic_units(arabic), latin_letters(latin))).collect();
    let mut counts = expected_counts(&pairs, &|place: Place, spelling: &[u8]| prior(place.0, spelling) / 8.0);
    for _ in 1..ROUNDS {
        let model = model_of(&counts);
        counts = expected_counts(&pairs, &|place: Place, spelling: &[u8]| model.probability(place, spelling));
    }
    // each level's counts apart: a context, then the same without what
    // follows, then the letter alone
    let mut levels: Vec<HashMap<(String, Vec<u8>), f64>> = vec![HashMap::new(); 3];
    for (((unit, at, next), spelling), n) in &counts {
        let unit = if *unit == ARTICLE { "ال".to_string() } else { unit.to_string() };
        for (level, map) in levels.iter_mut().enumerate() {
            let key = match level {
                0 => format!("{unit}\t*\t*"),
                1 => format!("{unit}\t{at}\t*"),
                _ => format!("{unit}\t{at}\t{next}"),
            };
            *map.entry((key, spelling.clone())).or_default() += n;
        }
    }
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for map in &levels {
        for ((key, spelling), n) in map {
            if *n >= LEAST_COUNT {
                let spelling = if spelling.is_empty() { "-".to_string() } else { String::from_utf8_lossy(spelling).into_owned() };
                rows.push((key.clone(), spelling, format!("{n:.1}")));
            }
        }
    }
    rows.sort();
    let mut out = std::fs::File::create(&output).unwrap_or_else(|e| panic!("{output}: {e}"));
    writeln!(
        out,
        "# How Latin spellings write Arabic letters: expected counts learned by `cargo run --release --example cross_script_spellings`"
    )
    .unwrap();
    writeln!(
        out,
        "# from arabic_latin_pairs.tsv rows whose 0-based index is not a multiple of 5 ({} pairs; see src/names/transliteration.rs).",
        pairs.len()
    )
    .unwrap();
    writeln!(
        out,
        "# letter\tplace (0 first, 1 inside, 2 last; * any)\tnext (0 end, 1 vowel letter, 2 other; * any)\tLatin spelling (- none)\tcount"
    )
    .unwrap();
    for (key, spelling, n) in &rows {
        writeln!(out, "{key}\t{spelling}\t{n}").unwrap();
    }
    eprintln!("{output}: {} rows from {} pairs", rows.len(), pairs.len());
}
