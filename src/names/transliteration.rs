//! A learned model of how Latin spellings write the letters of an
//! Arabic-script name: for each Arabic letter, in its place in the word
//! (first, inside, last) and before a vowel letter, another letter or
//! the end, the probability of each Latin spelling of up to four letters
//! (ب as b, ba, bi, p ...; the vowels Arabic script does not write ride
//! with the letter before them). The likelihood of a Latin spelling
//! given the Arabic word ([`SpellingModel::log_likelihood`]) sums over
//! every way of cutting it into such spellings, one per Arabic letter.
//!
//! It decides what the hand-set costs of [`super::key`] leave open:
//! which of two Latin names that sound alike is the likelier spelling of
//! these Arabic letters (أنجيلو Angelou rather than Angelov, شيخو Cheikho
//! rather than Chekhov). [`super::key`] adds it to the score of an
//! Arabic-script word against a Latin one, a little for the decision of
//! `same_name` and more for the order among names (see
//! `NameKey::similarity_at_least` there).
//!
//! [`WritingModel`] reads the same counts the other way: the likelihood
//! of the Arabic-script units given the Latin spelling (which Latin name
//! these Arabic letters write), for the order among names only.
//!
//! The table (`cross_script_spellings.txt`, 4,812 rows) holds expected
//! counts from four rounds of expectation-maximisation over 80% of the
//! pairs of `arabic_latin_pairs.tsv` (every pair whose 0-based index is
//! not a multiple of 5: no pair of the bench's samples, which start at
//! pairs 0, 5, 10, ... 35 and take every 40th); `cargo run --release
//! --example cross_script_spellings` regenerates it from
//! `../shared/data` (see that program for the training). Each level of
//! context has its counts apart, and counts under 2 are left out: the
//! model is a correspondence of letters, not a list of names.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The shipped table (see the module documentation).
const TABLE: &str = include_str!("cross_script_spellings.txt");

/// The longest Latin spelling of one Arabic letter (four: ش as scha,
/// the Latin vowel it carries included).
pub const LONGEST_SPELLING: usize = 4;

/// The unit that stands for the article ال at the start of a word (it
/// is spelled al-, el-, l or not at all, as one).
pub const ARTICLE: char = '#';

/// How many letters a Latin spelling of a letter may be made of (a-z).
const LETTERS: u32 = 26;

/// How much a context's own counts weigh against the coarser context it
/// falls back on (the Arabic letter alone, then the letter in its
/// place in the word, then also before what): the pseudo-counts of each
/// step of the interpolation, from the letter alone outwards. Set once
/// by hand (a context of a few dozen counts mostly speaks for itself),
/// not tuned.
const PSEUDO_COUNTS: [f64; 3] = [1.0, 5.0, 5.0];

/// The probability of a spelling no context has seen, by length: a
/// fifth of the mass to each length from 0 to [`LONGEST_SPELLING`],
/// spread evenly over the strings of that length.
fn background(length: usize) -> f64 {
    0.2 * f64::from(LETTERS).powi(-(length as i32))
}

/// The letters of an Arabic-script word as the model reads them: marks
/// and tatweel gone, the Persian and Urdu forms of a letter as the
/// Arabic one (ی ي, ک ك, ہ ه), and a first ال of a word of more than
/// three letters as one unit, [`ARTICLE`].
pub fn arabic_units(word: &str) -> Vec<char> {
    let mut chars: Vec<char> = word
        .chars()
        .filter(|&c| (c.is_alphabetic() || c == 'ء') && !is_mark(c))
        .map(|c| match c {
            'ی' | 'ے' => 'ي',
            'ک' => 'ك',
            'ہ' | 'ھ' | 'ۀ' | 'ە' => 'ه',
            'ۃ' => 'ة',
            'ٱ' => 'ا',
            other => other,
        })
        .collect();
    if chars.len() > 3 && chars[0] == 'ا' && chars[1] == 'ل' {
        chars.splice(..2, [ARTICLE]);
    }
    chars
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// The letters of a Latin-script word as the model reads them: folded as
/// [`super::key`] folds them (č ć ç as ch, š ş as sh, ž as zh, ğ not
/// written, other marks gone, lower case), a to z only.
pub fn latin_letters(word: &str) -> Vec<u8> {
    letters_of_folded(&super::key::fold_latin(word)).collect()
}

/// [`latin_letters`] of a word already folded as [`super::key`] folds it.
pub(crate) fn letters_of_folded(folded: &str) -> impl Iterator<Item = u8> + '_ {
    folded.bytes().filter(u8::is_ascii_lowercase)
}

/// The pairs (Arabic-script name, Latin name) of the text of
/// `arabic_latin_pairs.tsv` that the shipped tables are learned from:
/// every data row (0-based, after the header) whose index is not a
/// multiple of 5, so none of the names bench's samples (every 40th pair
/// from pairs 0, 5, ... 35). The programs in `examples/` that write the
/// tables read them so.
pub fn training_pairs(tsv: &str) -> impl Iterator<Item = (&str, &str)> {
    tsv.lines().skip(1).enumerate().filter(|(index, _)| index % 5 != 0).filter_map(|(_, line)| {
        let mut fields = line.split('\t');
        Some((fields.next()?, fields.next()?))
    })
}

/// Letters of Arabic script that may stand for a vowel.
fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'ا' | 'أ' | 'إ' | 'آ' | 'و' | 'ي' | 'ى' | 'ع' | 'ة' | 'ؤ' | 'ئ' | 'ء')
}

/// Where a spelling stands: the Arabic unit, its place in the word and
/// what follows it (see [`context`]).
pub type Place = (char, u8, u8);

/// The context of the spelling of the `k`th unit of `units`: the unit,
/// its place (0 first, 1 inside, 2 last; a word of one letter: first)
/// and what follows it (0 the end, 1 a vowel letter, 2 another letter).
pub fn context(units: &[char], k: usize) -> Place {
    let place = if k == 0 {
        0
    } else if k + 1 == units.len() {
        2
    } else {
        1
    };
    let next = match units.get(k + 1) {
        None => 0,
        Some(&c) if is_vowel_letter(c) => 1,
        Some(_) => 2,
    };
    (units[k], place, next)
}

/// One row of the table (see [`SpellingModel::parse`]).
fn parse_row(line: &str) -> Option<(Pattern, Vec<u8>, f64)> {
    let mut f = line.split('\t');
    let unit = match f.next()? {
        "ال" => ARTICLE,
        u => {
            let mut chars = u.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            c
        }
    };
    let number = |field: &str| if field == "*" { Some(None) } else { field.parse::<u8>().ok().filter(|&n| n <= 2).map(Some) };
    let at = number(f.next()?)?;
    let next = number(f.next()?)?;
    if at.is_none() && next.is_some() {
        return None;
    }
    let spelling = match f.next()? {
        "-" => Vec::new(),
        s if s.len() <= LONGEST_SPELLING && s.bytes().all(|b| b.is_ascii_lowercase()) => s.as_bytes().to_vec(),
        _ => return None,
    };
    let count: f64 = f.next()?.parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    Some(((unit, at, next), spelling, count))
}

/// A Latin spelling of at most [`LONGEST_SPELLING`] letters as a number.
fn code(spelling: &[u8]) -> u32 {
    spelling.iter().fold(0, |code, &b| code * (LETTERS + 1) + u32::from(b - b'a' + 1))
}

/// The probabilities of one context: of every spelling seen with its
/// Arabic letter (sorted by [`code`]), and the factor of [`background`]
/// for the others.
#[derive(Debug, Default)]
struct Context {
    spellings: Vec<(u32, f64)>,
    unseen: f64,
}

impl Context {
    fn probability(&self, spelling: &[u8]) -> f64 {
        match self.spellings.binary_search_by_key(&code(spelling), |&(c, _)| c) {
            Ok(at) => self.spellings[at].1,
            Err(_) => self.unseen * background(spelling.len()),
        }
    }

    /// The context interpolated with its coarser one (`parent`), from
    /// its counts.
    fn smoothed(counts: &HashMap<u32, f64>, parent: &Context, pseudo: f64, lengths: &HashMap<u32, usize>) -> Context {
        let total: f64 = counts.values().sum();
        let mut spellings: Vec<(u32, f64)> =
            parent.spellings.iter().map(|&(c, p)| (c, (counts.get(&c).copied().unwrap_or(0.0) + pseudo * p) / (total + pseudo))).collect();
        for (&c, &n) in counts {
            if parent.spellings.binary_search_by_key(&c, |&(k, _)| k).is_err() {
                let p = parent.unseen * background(lengths[&c]);
                spellings.push((c, (n + pseudo * p) / (total + pseudo)));
            }
        }
        spellings.sort_by_key(|&(c, _)| c);
        Context { spellings, unseen: parent.unseen * pseudo / (total + pseudo) }
    }
}

/// A context at one of the levels of the model: the Arabic unit alone,
/// with its place, or with its place and what follows (see [`context`]);
/// `None` for what a level leaves out.
pub type Pattern = (char, Option<u8>, Option<u8>);

/// The model: the probability of each Latin spelling of an Arabic letter
/// in its context (see the module documentation).
#[derive(Debug, Default)]
pub struct SpellingModel {
    by_letter: HashMap<char, Context>,
    by_place: HashMap<(char, u8), Context>,
    by_context: HashMap<Place, Context>,
}

impl SpellingModel {
    /// The model of these counts: (context as [`context`] gives it,
    /// Latin spelling, expected count). Each count counts for its
    /// context and for the coarser ones.
    pub fn from_counts<'a>(rows: impl IntoIterator<Item = (Place, &'a [u8], f64)>) -> SpellingModel {
        SpellingModel::from_rows(rows.into_iter().flat_map(|((unit, at, next), spelling, count)| {
            [
                ((unit, None, None), spelling, count),
                ((unit, Some(at), None), spelling, count),
                ((unit, Some(at), Some(next)), spelling, count),
            ]
        }))
    }

    /// The model of counts given for each level of context apart (see
    /// [`Pattern`]), as the shipped table gives them.
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = (Pattern, &'a [u8], f64)>) -> SpellingModel {
        let mut letter: HashMap<char, HashMap<u32, f64>> = HashMap::new();
        let mut place: HashMap<(char, u8), HashMap<u32, f64>> = HashMap::new();
        let mut full: HashMap<Place, HashMap<u32, f64>> = HashMap::new();
        let mut lengths: HashMap<u32, usize> = HashMap::new();
        for (pattern, spelling, count) in rows {
            let c = code(spelling);
            lengths.insert(c, spelling.len());
            let counts = match pattern {
                (unit, None, _) => letter.entry(unit).or_default(),
                (unit, Some(at), None) => place.entry((unit, at)).or_default(),
                (unit, Some(at), Some(next)) => full.entry((unit, at, next)).or_default(),
            };
            *counts.entry(c).or_default() += count;
        }
        let root = Context { spellings: Vec::new(), unseen: 1.0 };
        let by_letter: HashMap<char, Context> =
            letter.iter().map(|(&u, counts)| (u, Context::smoothed(counts, &root, PSEUDO_COUNTS[0], &lengths))).collect();
        let by_place: HashMap<(char, u8), Context> = place
            .iter()
            .map(|(&(u, at), counts)| ((u, at), Context::smoothed(counts, by_letter.get(&u).unwrap_or(&root), PSEUDO_COUNTS[1], &lengths)))
            .collect();
        let by_context = full
            .iter()
            .map(|(&(u, at, next), counts)| {
                ((u, at, next), Context::smoothed(counts, by_place.get(&(u, at)).unwrap_or(&root), PSEUDO_COUNTS[2], &lengths))
            })
            .collect();
        SpellingModel { by_letter, by_place, by_context }
    }

    /// The model of a table in the shipped format: one row per context
    /// and spelling, tab-separated: the Arabic letter (ال for
    /// [`ARTICLE`]), its place (0, 1, 2), what follows (0, 1, 2; see
    /// [`context`]), the Latin spelling (`-` for none) and the count;
    /// lines starting with `#` are comments. Rows it cannot read are
    /// skipped (the shipped table has none).
    pub fn parse(table: &str) -> SpellingModel {
        let rows: Vec<(Pattern, Vec<u8>, f64)> = table.lines().filter(|l| !l.starts_with('#')).filter_map(parse_row).collect();
        SpellingModel::from_rows(rows.iter().map(|(c, s, n)| (*c, s.as_slice(), *n)))
    }

    /// The model shipped in `cross_script_spellings.txt`.
    pub fn shipped() -> &'static SpellingModel {
        static MODEL: OnceLock<SpellingModel> = OnceLock::new();
        MODEL.get_or_init(|| SpellingModel::parse(TABLE))
    }

    /// The probability of the Latin spelling `spelling` (at most
    /// [`LONGEST_SPELLING`] letters a-z) in the context `place` (see
    /// [`context`]): of the finest context the table has counts for,
    /// interpolated with the coarser ones.
    pub fn probability(&self, place: Place, spelling: &[u8]) -> f64 {
        let (unit, at, _) = place;
        let found = self.by_context.get(&place).or_else(|| self.by_place.get(&(unit, at))).or_else(|| self.by_letter.get(&unit));
        match found {
            Some(context) => context.probability(spelling),
            None => background(spelling.len()),
        }
    }

    /// The natural logarithm of the probability of the Latin letters
    /// `latin` given the Arabic units `units` (see [`arabic_units`],
    /// [`latin_letters`]), summed over every way of cutting `latin` into
    /// one spelling per unit.
    pub fn log_likelihood(&self, units: &[char], latin: &[u8]) -> f64 {
        sum_over_cuts(units, latin, |place, spelling| self.probability(place, spelling))
    }
}

/// The other way round: the probability of an Arabic-script unit given
/// the Latin spelling it is paired with and its place in the word (ي
/// given ie, ا given a, ع given nothing), from the same expected counts
/// as [`SpellingModel`] (the rows of the letter and of the letter in its
/// place), each spelling's units interpolated with the spelling's
/// without the place, then with the units alone. The likelihood of an
/// Arabic-script word given a Latin one
/// ([`WritingModel::log_likelihood`]) sums over the same ways of cutting
/// the Latin letters as [`SpellingModel::log_likelihood`]; it is not a
/// distribution over Arabic words (each cut is not weighed by its own
/// probability), a score of how well these Arabic letters write that
/// Latin name: غنيم writes Ghniem (ie as ي) better than Ghanem (e as ي,
/// the a unwritten), فييرا Vieira better than Fira.
#[derive(Debug, Default)]
pub struct WritingModel {
    by_place: HashMap<(u8, u32), Units>,
    by_spelling: HashMap<u32, Units>,
    by_unit: Units,
}

/// The probabilities of the Arabic-script units of one context, sorted
/// by unit.
type Units = Vec<(char, f64)>;

/// How much a Latin spelling's own counts weigh against the coarser
/// level it is interpolated with: the spelling's units against the units
/// alone, then the spelling at a place against the spelling anywhere.
/// As [`PSEUDO_COUNTS`], set by hand; (0.3, 2) and (3, 15) ranked within
/// one name of it on the names bench's seven samples other than the
/// reported one (issue 15).
const WRITING_PSEUDO_COUNTS: [f64; 2] = [1.0, 5.0];

/// What a Latin spelling that no pair was seen with (at any place)
/// multiplies the probability of its unit by: such a cut of the Latin
/// letters (xq for ق) is not how the name is written. Set by hand; 0.001
/// and 0.1 ranked as many names first on the seven samples (see
/// [`WRITING_PSEUDO_COUNTS`]).
const UNSEEN_SPELLING: f64 = 0.01;

/// The probability of a unit that no row of the table has (a letter the
/// training pairs never show; interpolation gives every unit of the
/// table a probability in every context): a ten-thousandth, set by hand.
const UNSEEN_UNIT: f64 = 1e-4;

/// `counts` of units interpolated with `parent`, with `pseudo` counts.
fn interpolated(counts: &HashMap<char, f64>, parent: &[(char, f64)], pseudo: f64) -> Units {
    let total: f64 = counts.values().sum();
    // every unit of the table is in the parent (the units alone)
    parent.iter().map(|&(u, p)| (u, (counts.get(&u).copied().unwrap_or(0.0) + pseudo * p) / (total + pseudo))).collect()
}

impl WritingModel {
    /// The model of a table in the format of [`SpellingModel::parse`].
    pub fn parse(table: &str) -> WritingModel {
        let mut unit: HashMap<char, f64> = HashMap::new();
        let mut spelling: HashMap<u32, HashMap<char, f64>> = HashMap::new();
        let mut place: HashMap<(u8, u32), HashMap<char, f64>> = HashMap::new();
        for ((u, at, next), s, n) in table.lines().filter(|l| !l.starts_with('#')).filter_map(parse_row) {
            match (at, next) {
                (None, _) => {
                    *unit.entry(u).or_default() += n;
                    *spelling.entry(code(&s)).or_default().entry(u).or_default() += n;
                }
                (Some(at), None) => *place.entry((at, code(&s))).or_default().entry(u).or_default() += n,
                _ => {}
            }
        }
        let total: f64 = unit.values().sum();
        let mut by_unit: Units = unit.iter().map(|(&u, &n)| (u, n / total)).collect();
        by_unit.sort_by_key(|&(u, _)| u);
        let by_spelling: HashMap<u32, Units> =
            spelling.iter().map(|(&c, counts)| (c, interpolated(counts, &by_unit, WRITING_PSEUDO_COUNTS[0]))).collect();
        let by_place = place
            .iter()
            .map(|(&(at, c), counts)| {
                let parent = by_spelling.get(&c).map_or(by_unit.as_slice(), Vec::as_slice);
                ((at, c), interpolated(counts, parent, WRITING_PSEUDO_COUNTS[1]))
            })
            .collect();
        WritingModel { by_place, by_spelling, by_unit }
    }

    /// The model of the shipped table, `cross_script_spellings.txt`.
    pub fn shipped() -> &'static WritingModel {
        static MODEL: OnceLock<WritingModel> = OnceLock::new();
        MODEL.get_or_init(|| WritingModel::parse(TABLE))
    }

    /// The probability of the Arabic-script `unit` at its place `at` (0
    /// first, 1 inside, 2 last) given the Latin `spelling` it is paired
    /// with.
    pub fn probability(&self, unit: char, at: u8, spelling: &[u8]) -> f64 {
        let c = code(spelling);
        let (units, seen) = match self.by_place.get(&(at, c)).or_else(|| self.by_spelling.get(&c)) {
            Some(units) => (units.as_slice(), 1.0),
            None => (self.by_unit.as_slice(), UNSEEN_SPELLING),
        };
        seen * units.binary_search_by_key(&unit, |&(u, _)| u).map_or(UNSEEN_UNIT, |k| units[k].1)
    }

    /// The natural logarithm of the likelihood of the Arabic-script
    /// units `units` given the Latin letters `latin`, summed over every
    /// way of cutting `latin` into one spelling per unit (see the type's
    /// documentation).
    pub fn log_likelihood(&self, units: &[char], latin: &[u8]) -> f64 {
        sum_over_cuts(units, latin, |(unit, at, _), spelling| self.probability(unit, at, spelling))
    }
}

/// The natural logarithm of the sum, over every way of cutting `latin`
/// into one spelling of at most [`LONGEST_SPELLING`] letters per unit
/// of `units`, of the product of `probability(context of unit k,
/// spelling of unit k)` (see [`context`]).
fn sum_over_cuts(units: &[char], latin: &[u8], probability: impl Fn(Place, &[u8]) -> f64) -> f64 {
    let (n, m) = (units.len(), latin.len());
    if n == 0 {
        return if m == 0 { 0.0 } else { f64::NEG_INFINITY };
    }
    let mut prev = vec![0.0; m + 1];
    let mut cur = vec![0.0; m + 1];
    prev[0] = 1.0;
    for k in 0..n {
        cur.iter_mut().for_each(|v| *v = 0.0);
        let place = context(units, k);
        for j in 0..=m {
            if prev[j] == 0.0 {
                continue;
            }
            for l in 0..=LONGEST_SPELLING.min(m - j) {
                cur[j + l] += prev[j] * probability(place, &latin[j..j + l]);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m].ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn likelihood(arabic: &str, latin: &str) -> f64 {
        SpellingModel::shipped().log_likelihood(&arabic_units(arabic), &latin_letters(latin))
    }

    #[test]
    fn every_row_of_the_shipped_table_is_read() {
        let rows: Vec<&str> = TABLE.lines().filter(|l| !l.starts_with('#')).collect();
        let unread: Vec<&&str> = rows.iter().filter(|l| parse_row(l).is_none()).collect();
        assert!(rows.len() > 1000 && unread.is_empty(), "{} rows, unread: {unread:?}", rows.len());
        let model = SpellingModel::shipped();
        assert!(model.by_letter.contains_key(&ARTICLE) && model.by_context.contains_key(&('ب', 1, 2)));
    }

    #[test]
    fn an_arabic_letter_is_likelier_spelled_by_its_usual_latin_letters() {
        assert!(likelihood("باسم", "basim") > likelihood("باسم", "kasim"));
        assert!(likelihood("شاكر", "shaker") > likelihood("شاكر", "saker"));
        assert!(likelihood("الأسعد", "al-asaad") > likelihood("الأسعد", "olasaad"));
    }

    #[test]
    fn arabic_letters_write_best_the_latin_spelling_that_spells_each_of_them() {
        let writes = |arabic: &str, latin: &str| WritingModel::shipped().log_likelihood(&arabic_units(arabic), &latin_letters(latin));
        // ie is ي where e mostly is not written; the two ya of فييرا are
        // the ie and i of Vieira
        assert!(writes("غنيم", "Ghniem") > writes("غنيم", "Ghanem"));
        assert!(writes("فييرا", "Vieira") > writes("فييرا", "Fira"));
        assert!(writes("باسم", "Basim") > writes("باسم", "Kasim"));
        // a cut no pair was seen with costs more than one seen
        let model = WritingModel::shipped();
        assert!(model.probability('ق', 1, b"xq") < 0.01 * model.probability('ق', 1, b"q"));
    }
}
