//! A joint-sequence model of how Latin spellings write Arabic-script
//! names (Bisani and Ney 2008): a word pair is a sequence of graphones,
//! each an Arabic unit (see [`super::transliteration::arabic_units`])
//! with the zero to four Latin letters that spell it (ب as ba, ال as
//! el, ي as nothing), and an n-gram model of those graphones gives the
//! probability of the Arabic letters and the Latin ones together. Where
//! [`super::transliteration::SpellingModel`] sees one letter in its place,
//! this model also sees how the two letters before it were spelled.
//!
//! [`GraphoneModel::log_probability`] scores a word pair by its best cut
//! into graphones, the last n - 1 graphones the state of the search;
//! [`super::key`] takes it, less the Latin spelling model's probability
//! of the Latin word (a log P(Arabic | Latin)), into the decision of
//! `same_name` across scripts and into the order among Latin names that
//! an Arabic-script word scores alike (see `graphone_likelihood` there).
//!
//! The table (`graphone_spellings.txt`) holds the graphones and the
//! counts of every n-gram of [`GRAPHONE_ORDER`] graphones in the best
//! cuts, under the shipped `SpellingModel`, of the training pairs of the
//! other learned tables (rows of `arabic_latin_pairs.tsv` whose 0-based
//! index is not a multiple of 5), less every pair that is also a pair of
//! the rows left out (which hold the names bench's samples: the data
//! lists many pairs more than once, and a model of whole words would
//! otherwise remember the bench's answers); `cargo run --release
//! --example graphone_spellings` regenerates it from `../shared/data`.
//! The shorter n-grams' counts are derived from those when the table is
//! read, as interpolated modified Kneser-Ney takes them (Chen and Goodman
//! 1998): the n-grams that start a word count their occurrences, the
//! others the graphones seen before them. The lowest level falls back on
//! the probability of the unit times the `SpellingModel` probability of
//! its spelling.
//!
//! Written here rather than taken from a crate: no Rust crate trains or
//! scores joint-sequence models (Sequitur G2P and Phonetisaurus are
//! Python and C++ programs for pronunciations); the model is a few
//! sorted tables and a search over cuts.

use super::transliteration::{ARTICLE, LONGEST_SPELLING, SpellingModel, context};
use crate::hash::FastMap;
use std::sync::OnceLock;

/// The shipped table (see the module documentation).
const TABLE: &str = include_str!("graphone_spellings.txt");

/// The order of the shipped model: each graphone given the two before
/// it. Chosen on the names bench's tuning samples (every 40th pair from
/// pairs 15, 20 and 25; 5,748 names ranked first without the term): with
/// the term's setting (see `GRAPHONE_TERM_WEIGHT` in [`super::key`]),
/// order 3 ranked 5,756 first, order 4 5,753 with a table of 2.8 MB
/// (against 1.2 MB) and the bench's ranking about twice as slow. A
/// scratch experiment that reranked the 15 best names of each, trained
/// on the same pairs, had order 3 gain 28 there and order 4 21.
pub const GRAPHONE_ORDER: usize = 3;

/// The number of the padding before a word's first graphone.
const START: u16 = 0;

/// The number of the graphone after a word's last.
const END: u16 = 1;

/// The number of a graphone the table does not list: no n-gram has it,
/// its probability is that of the lowest level.
const UNSEEN: u16 = u16::MAX;

/// The share of a unit the training words never show among the units
/// (the start of the lowest level): a millionth, set by hand.
const UNSEEN_UNIT_SHARE: f64 = 1e-6;

/// The discount of modified Kneser-Ney where the counts of counts cannot
/// give one (a table too small to have n-grams seen once to four times):
/// 0.75, the usual value.
const FALLBACK_DISCOUNT: f64 = 0.75;

/// Bits of one graphone number in a packed n-gram (see [`pack`]).
const NUMBER_BITS: u32 = 16;

/// The most graphones of an n-gram that [`pack`] holds.
const LONGEST_NGRAM: usize = 4;

/// The n-grams of one length: for each history (the graphones before the
/// last, packed), the weight of the level below and its graphones.
#[derive(Debug, Default)]
struct Level {
    histories: FastMap<u64, History>,
    /// (graphone, its discounted probability after the history), each
    /// history's run sorted by graphone.
    following: Vec<(u16, f64)>,
}

/// One history of a [`Level`]: the weight of the level below and where
/// its graphones are in [`Level::following`].
#[derive(Debug, Clone, Copy)]
struct History {
    lower: f64,
    from: u32,
    to: u32,
}

impl History {
    /// The probability of `graphone` after this history, given its
    /// probability at the level below.
    fn probability(&self, level: &Level, graphone: u16, below: f64) -> f64 {
        let following = &level.following[self.from as usize..self.to as usize];
        let own = following.binary_search_by_key(&graphone, |&(g, _)| g).map_or(0.0, |k| following[k].1);
        own + self.lower * below
    }
}

/// The model (see the module documentation).
#[derive(Debug, Default)]
pub struct GraphoneModel {
    order: usize,
    /// (unit, spelling as [`code`]) → graphone number
    numbers: FastMap<(char, u32), u16>,
    /// the share of each unit among the graphones (the end included)
    unit_share: FastMap<char, f64>,
    /// the share of the end
    end_share: f64,
    /// levels[o - 1]: the n-grams of o graphones
    levels: Vec<Level>,
}

/// A Latin spelling of at most [`LONGEST_SPELLING`] letters a-z as a number.
fn code(spelling: &[u8]) -> u32 {
    spelling.iter().fold(0, |code, &b| code * 27 + u32::from(b.wrapping_sub(b'a').min(25) + 1))
}

/// Graphone numbers, oldest first, as one number.
fn pack(numbers: impl IntoIterator<Item = u16>) -> u64 {
    numbers.into_iter().fold(0, |key, n| (key << NUMBER_BITS) | u64::from(n))
}

/// The last `length` graphones of a packed n-gram.
fn suffix(key: u64, length: usize) -> u64 {
    if length >= LONGEST_NGRAM { key } else { key & ((1 << (NUMBER_BITS as usize * length)) - 1) }
}

/// The first graphone of a packed n-gram of `length` graphones.
fn first(key: u64, length: usize) -> u16 {
    (key >> (NUMBER_BITS as usize * (length - 1))) as u16
}

/// The discounts of modified Kneser-Ney for counts of 1, 2 and 3 or
/// more, from the counts of counts of one level.
fn discounts(counts: &[(u64, f64)]) -> [f64; 3] {
    let mut n = [0.0f64; 5];
    for &(_, c) in counts {
        let c = c.round() as usize;
        if (1..=4).contains(&c) {
            n[c] += 1.0;
        }
    }
    let y = n[1] / (n[1] + 2.0 * n[2]);
    let d = [1.0 - 2.0 * y * n[2] / n[1], 2.0 - 3.0 * y * n[3] / n[2], 3.0 - 4.0 * y * n[4] / n[3]];
    d.map(|d| if d.is_finite() && d > 0.0 { d } else { FALLBACK_DISCOUNT })
}

impl Level {
    /// The level of these counts (sorted by packed n-gram).
    fn of_counts(counts: &[(u64, f64)]) -> Level {
        let [d1, d2, d3] = discounts(counts);
        let discount = |c: f64| {
            if c >= 3.0 {
                d3
            } else if c >= 2.0 {
                d2
            } else {
                d1
            }
        };
        let mut level = Level::default();
        let mut start = 0;
        while start < counts.len() {
            let history = counts[start].0 >> NUMBER_BITS;
            let end = start + counts[start..].iter().take_while(|(k, _)| k >> NUMBER_BITS == history).count();
            let run = &counts[start..end];
            let total: f64 = run.iter().map(|&(_, c)| c).sum();
            let taken: f64 = run.iter().map(|&(_, c)| discount(c).min(c)).sum();
            let from = level.following.len() as u32;
            level.following.extend(run.iter().map(|&(k, c)| (k as u16, (c - discount(c)).max(0.0) / total)));
            level.histories.insert(history, History { lower: taken / total, from, to: level.following.len() as u32 });
            start = end;
        }
        level
    }
}

impl GraphoneModel {
    /// The model of a table in the shipped format (see
    /// `examples/graphone_spellings.rs`): `order` and the number of
    /// graphones of an n-gram; `g`, an Arabic unit (ال for the article)
    /// and its Latin spelling (`-` for none), numbered from 2 in the
    /// order of the lines; `n`, the graphone numbers of an n-gram of
    /// that order, space-separated, and its count. Lines starting with
    /// `#` are comments; lines it cannot read are skipped (the shipped
    /// table has none).
    pub fn parse(table: &str) -> GraphoneModel {
        let mut order = 0;
        let mut units: Vec<char> = vec!['^', '$'];
        let mut numbers = FastMap::default();
        let mut top: Vec<(u64, f64)> = Vec::new();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next(), fields.next()) {
                (Some("order"), Some(n), None) => order = n.parse().unwrap_or(0).min(LONGEST_NGRAM),
                (Some("g"), Some(unit), Some(spelling)) => {
                    let Some(unit) = parse_unit(unit) else { continue };
                    let spelling = if spelling == "-" { "" } else { spelling };
                    if spelling.len() > LONGEST_SPELLING || !spelling.bytes().all(|b| b.is_ascii_lowercase()) {
                        continue;
                    }
                    let Ok(number) = u16::try_from(units.len()) else { continue };
                    if number == UNSEEN {
                        continue;
                    }
                    numbers.insert((unit, code(spelling.as_bytes())), number);
                    units.push(unit);
                }
                (Some("n"), Some(gram), Some(count)) => {
                    let gram: Vec<u16> = gram.split(' ').filter_map(|n| n.parse().ok()).collect();
                    let count: f64 = count.parse().unwrap_or(0.0);
                    if gram.len() == order && count > 0.0 && gram.iter().all(|&n| usize::from(n) < units.len()) {
                        top.push((pack(gram), count));
                    }
                }
                _ => {}
            }
        }
        if order == 0 || top.is_empty() {
            return GraphoneModel::default();
        }
        top.sort_by_key(|&(k, _)| k);
        // the share of each unit: each occurrence of a graphone ends one n-gram
        let mut unit_counts: FastMap<char, f64> = FastMap::default();
        let mut end_count = 0.0;
        for &(k, c) in &top {
            match k as u16 {
                END => end_count += c,
                g => *unit_counts.entry(units[usize::from(g)]).or_default() += c,
            }
        }
        let total: f64 = top.iter().map(|&(_, c)| c).sum();
        let unit_share = unit_counts.iter().map(|(&u, &c)| (u, c / total)).collect();
        let mut levels: Vec<Level> = Vec::with_capacity(order);
        for length in 1..order {
            // n-grams that start a word: their occurrences; the others:
            // the distinct graphones seen before them
            let mut counts: FastMap<u64, f64> = FastMap::default();
            for &(k, c) in &top {
                let gram = suffix(k, length);
                if first(gram, length) == START {
                    *counts.entry(gram).or_default() += c;
                }
            }
            let mut longer: Vec<u64> = top.iter().map(|&(k, _)| suffix(k, length + 1)).collect();
            longer.sort_unstable();
            longer.dedup();
            for gram in longer.into_iter().map(|k| suffix(k, length)) {
                if first(gram, length) != START {
                    *counts.entry(gram).or_default() += 1.0;
                }
            }
            let mut counts: Vec<(u64, f64)> = counts.into_iter().collect();
            counts.sort_by_key(|&(k, _)| k);
            levels.push(Level::of_counts(&counts));
        }
        levels.push(Level::of_counts(&top));
        GraphoneModel { order, numbers, unit_share, end_share: end_count / total, levels }
    }

    /// The model shipped in `graphone_spellings.txt`.
    pub fn shipped() -> &'static GraphoneModel {
        static MODEL: OnceLock<GraphoneModel> = OnceLock::new();
        MODEL.get_or_init(|| GraphoneModel::parse(TABLE))
    }

    /// The number of the graphone of `unit` spelled `spelling`.
    fn number(&self, unit: char, spelling: &[u8]) -> u16 {
        self.numbers.get(&(unit, code(spelling))).copied().unwrap_or(UNSEEN)
    }

    /// The histories, at each level, of the graphones `history` (oldest
    /// first, as many as the order less one).
    fn histories(&self, history: &[u16]) -> [Option<&History>; LONGEST_NGRAM] {
        let mut found = [None; LONGEST_NGRAM];
        for (length, level) in self.levels.iter().enumerate() {
            found[length] = level.histories.get(&pack(history[history.len() - length..].iter().copied()));
        }
        found
    }

    /// The probability of `graphone` after the histories `found` (see
    /// [`GraphoneModel::histories`]), from `base` at the lowest level.
    fn probability(&self, found: &[Option<&History>; LONGEST_NGRAM], graphone: u16, base: f64) -> f64 {
        let mut p = base;
        for (level, history) in self.levels.iter().zip(found) {
            if let Some(history) = history {
                p = history.probability(level, graphone, p);
            }
        }
        p
    }

    /// The natural logarithm of the probability of the Arabic units
    /// `units` and the Latin letters `latin` (a-z) together, by their
    /// likeliest cut into one spelling of at most [`LONGEST_SPELLING`]
    /// letters per unit (the word's end included); None where no cut
    /// exists (too many letters) or the table is empty.
    pub fn log_probability(&self, units: &[char], latin: &[u8]) -> Option<f64> {
        let (n, m) = (units.len(), latin.len());
        if n == 0 || m > LONGEST_SPELLING * n || self.levels.is_empty() {
            return None;
        }
        let spellings = LONGEST_SPELLING + 1;
        // the state: where the letters stand and the lengths of the last
        // order - 1 spellings (one digit each, newest lowest; the start a
        // digit of its own)
        let remembered = self.order - 1;
        let start_digit = spellings;
        let states = (spellings + 1).pow(remembered as u32);
        let starting = (0..remembered).fold(0, |s, _| s * (spellings + 1) + start_digit);
        // per unit, start and length: the graphone and its base probability
        let at = |k: usize, j: usize, l: usize| (k * (m + 1) + j) * spellings + l;
        let mut graphones = vec![UNSEEN; n * (m + 1) * spellings];
        let mut base = vec![0.0; n * (m + 1) * spellings];
        let spelling_model = SpellingModel::shipped();
        for k in 0..n {
            let place = context(units, k);
            let share = self.unit_share.get(&units[k]).copied().unwrap_or(UNSEEN_UNIT_SHARE);
            for j in m.saturating_sub(LONGEST_SPELLING * (n - k))..=m.min(LONGEST_SPELLING * k) {
                for l in 0..=LONGEST_SPELLING.min(m - j) {
                    graphones[at(k, j, l)] = self.number(units[k], &latin[j..j + l]);
                    base[at(k, j, l)] = share * spelling_model.probability(place, &latin[j..j + l]);
                }
            }
        }
        // the graphones of a state's history, oldest first
        let mut history = [START; LONGEST_NGRAM];
        let mut read_history = |k: usize, j: usize, state: usize| -> [u16; LONGEST_NGRAM] {
            let (mut state, mut k, mut j) = (state, k, j);
            for slot in (0..remembered).rev() {
                let digit = state % (spellings + 1);
                state /= spellings + 1;
                history[slot] = if digit == start_digit {
                    START
                } else {
                    k -= 1;
                    j -= digit;
                    graphones[at(k, j, digit)]
                };
            }
            history
        };
        let mut best = vec![f64::NEG_INFINITY; (m + 1) * states];
        let mut next = vec![f64::NEG_INFINITY; (m + 1) * states];
        best[starting] = 0.0;
        for k in 0..n {
            next.iter_mut().for_each(|v| *v = f64::NEG_INFINITY);
            for j in m.saturating_sub(LONGEST_SPELLING * (n - k))..=m.min(LONGEST_SPELLING * k) {
                for state in 0..states {
                    let so_far = best[j * states + state];
                    if so_far == f64::NEG_INFINITY {
                        continue;
                    }
                    let found = self.histories(&read_history(k, j, state)[..remembered]);
                    let least = (m - j).saturating_sub(LONGEST_SPELLING * (n - k - 1));
                    for l in least..=LONGEST_SPELLING.min(m - j) {
                        let p = self.probability(&found, graphones[at(k, j, l)], base[at(k, j, l)]);
                        let to = (j + l) * states + (state * (spellings + 1) + l) % states;
                        let v = so_far + p.ln();
                        if v > next[to] {
                            next[to] = v;
                        }
                    }
                }
            }
            std::mem::swap(&mut best, &mut next);
        }
        let mut most = f64::NEG_INFINITY;
        for state in 0..states {
            let so_far = best[m * states + state];
            if so_far == f64::NEG_INFINITY {
                continue;
            }
            let found = self.histories(&read_history(n, m, state)[..remembered]);
            most = most.max(so_far + self.probability(&found, END, self.end_share).ln());
        }
        most.is_finite().then_some(most)
    }
}

/// A unit of the table: one character, or ال for [`ARTICLE`].
fn parse_unit(field: &str) -> Option<char> {
    if field == "ال" {
        return Some(ARTICLE);
    }
    let mut chars = field.chars();
    let unit = chars.next()?;
    chars.next().is_none().then_some(unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::transliteration::{arabic_units, latin_letters};

    fn log_probability(arabic: &str, latin: &str) -> Option<f64> {
        GraphoneModel::shipped().log_probability(&arabic_units(arabic), &latin_letters(latin))
    }

    #[test]
    fn every_line_of_the_shipped_table_is_read() {
        let model = GraphoneModel::shipped();
        let graphones = TABLE.lines().filter(|l| l.starts_with("g\t")).count();
        let ngrams = TABLE.lines().filter(|l| l.starts_with("n\t")).count();
        assert_eq!(model.order, GRAPHONE_ORDER);
        assert_eq!(model.numbers.len(), graphones);
        let top = &model.levels[GRAPHONE_ORDER - 1];
        assert_eq!(top.following.len(), ngrams);
    }

    #[test]
    fn the_probabilities_after_a_history_sum_to_one() {
        // the n-gram levels' own shares of every graphone of the table and
        // of the end, and the weight they leave to the base probability
        let model = GraphoneModel::shipped();
        let mo = model.number('م', b"mo");
        assert_ne!(mo, UNSEEN);
        for history in [[START, START], [START, mo]] {
            let found = model.histories(&history[2 - (GRAPHONE_ORDER - 1)..]);
            let own: f64 = model.numbers.values().chain([&END]).map(|&g| model.probability(&found, g, 0.0)).sum();
            let left = model.probability(&found, UNSEEN, 1.0);
            assert!((own + left - 1.0).abs() < 1e-9, "{history:?}: {own} + {left}");
        }
    }

    #[test]
    fn the_usual_spelling_of_a_name_is_likelier_than_one_the_letters_do_not_write() {
        let (right, wrong) = (log_probability("محمد", "Mohammed").unwrap(), log_probability("محمد", "Mahmoud").unwrap());
        assert!(right > wrong, "{right} {wrong}");
        let (right, wrong) = (log_probability("حسين", "Hussein").unwrap(), log_probability("حسين", "Hassan").unwrap());
        assert!(right > wrong, "{right} {wrong}");
        let (right, wrong) = (log_probability("شكري", "Shukri").unwrap(), log_probability("شكري", "Shakir").unwrap());
        assert!(right > wrong, "{right} {wrong}");
    }

    #[test]
    fn latin_letters_too_many_for_the_arabic_units_have_no_cut() {
        // two units spell at most eight letters
        assert!(log_probability("بن", "Bin").is_some());
        assert!(log_probability("بن", "Benjamins").is_none());
        assert!(log_probability("", "Bin").is_none());
    }
}
