//! The key of one word of a name: its sounds as a short string of
//! phone symbols, with the choices that vary between transliterations
//! folded, and a weighted edit distance between two such strings.
//!
//! Latin-script words go through [`latin_phones`]; Arabic, Persian,
//! Urdu and Hebrew words through [`romanize::arabic_phones`] and
//! [`romanize::hebrew_phones`] (consonants and long vowels only, since
//! short vowels are not written); Cyrillic and Chinese words are first
//! romanised (see [`super::romanize`]) and then treated as Latin.
//!
//! Across scripts (a Latin word against an Arabic-script one), the
//! hand-set costs are followed by learned models. The decision of
//! [`super::same_name`] hears two: a model of how Latin spellings write
//! Arabic letters ([`super::transliteration`]), its likelihood of the
//! Latin letters given the Arabic ones (at most +0.02 / -0.015), and a
//! joint-sequence model of both ([`super::graphone`]), which also sees
//! how the letters before were spelled (at most +0.07 / -0.05, and only
//! where it finds the pair well or badly written). The
//! order among names hears more, on the same side of the threshold: the
//! first model up to 0.1, a model of how Latin names are spelled
//! ([`super::latin_spelling`]) up to 0.05, a noisy-channel reading, the
//! first model's counts read the other way (how well the Arabic letters
//! write the Latin spelling, [`transliteration::WritingModel`]) up to
//! 0.05, and the joint-sequence model up to 0.1. Scores the order would
//! take across the threshold are pressed, in order, into a band of 0.01
//! on their side of it.
//!
//! Phone symbols: vowels `a e i o u`; consonants as in English, plus
//! `S` (sh), `c` (ch, Turkish c: sh, kh or j depending on the source), `K`
//! (kh), `G` (gh), `T` (th), `D` (dh, ḍ, ẓ), `Z` (zh), `'` (ʿayn or hamza,
//! abjad words only). `v` stands for both v and w; in abjad words `y` and
//! `v` are the letters ya and waw, which are either a consonant or a long
//! vowel.

use super::{romanize, transliteration};
use crate::lang::{Script, char_script};

/// The sounds of one word of a name, ready to compare.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameKey {
    phones: Vec<u8>,
    /// Written in a script without short vowels (Arabic, Hebrew).
    abjad: bool,
    /// Readings of the word tried only across scripts (a Latin word
    /// against an abjad one): a Latin word's other readings (see
    /// [`foreign_readings`]), or every reading of an Arabic-script word,
    /// its usual one first, which replace its phones there (see
    /// [`romanize::arabic_readings`]).
    readings: Box<[Vec<u8>]>,
    /// The word read as romanised Chinese syllables, if it can be (see
    /// [`super::chinese`]).
    chinese: Option<Box<super::chinese::Syllables>>,
    /// The units [`super::transliteration`] reads of an Arabic-script
    /// word; empty for other words and for [`NameKey::phones_only`].
    units: Box<[char]>,
    /// The letters a-z [`super::transliteration`] reads of a Latin word;
    /// empty for other words and for [`NameKey::phones_only`].
    letters: Box<[u8]>,
    /// A Latin word's usual phones across scripts where they are not its
    /// `phones`: with a Turkish soft ğ, which Latin spellings write g but
    /// which is read silent against Arabic script (see [`fold_latin`]).
    across: Option<Box<[u8]>>,
    /// A Latin word's phones read as German and the transliterations
    /// into German write names, where that differs: j is y (Hanija
    /// Haniya, Jahja Yahya, Selenskyj Zelensky, Sergej Sergei).
    /// Tried against other Latin words only: across scripts a j is ج
    /// (Najib نجيب, Majid ماجد).
    german: Option<Box<[u8]>>,
    /// The Latin letters an Arabic-script word may stand for when it
    /// spells out an initial (جيه J, دبليو W; see
    /// [`romanize::latin_initial_named`]).
    initial_named: Option<&'static [u8]>,
}

impl NameKey {
    /// The key of one word, whatever its script. Latin, Arabic, Persian,
    /// Urdu, Hebrew, Cyrillic and Chinese letters are understood; other
    /// letters are kept as they are, folded.
    pub fn new(word: &str) -> NameKey {
        NameKey::read(word, true)
    }

    /// The word's phones alone, without the readings tried across
    /// scripts or as Chinese: all that [`NameKey::coarse`] needs, at a
    /// fraction of the cost (a coarse key is made for every capitalised
    /// word that `suggest`, `search` and the index meet).
    pub fn phones_only(word: &str) -> NameKey {
        NameKey::read(word, false)
    }

    fn read(word: &str, readings: bool) -> NameKey {
        match word_script(word) {
            Some(Script::Arabic) if !readings => NameKey::of_phones(romanize::arabic_phones(word), true),
            Some(Script::Han) if !readings => NameKey::of_phones(latin_phones(&romanize::chinese_to_latin(word)), false),
            Some(Script::Arabic) => NameKey {
                initial_named: romanize::latin_initial_named(word),
                readings: romanize::arabic_readings(word).into_boxed_slice(),
                units: transliteration::arabic_units(word).into_boxed_slice(),
                ..NameKey::of_phones(romanize::arabic_phones(word), true)
            },
            Some(Script::Hebrew) => NameKey::of_phones(romanize::hebrew_phones(word), true),
            Some(Script::Cyrillic) => NameKey::of_phones(latin_phones(&romanize::cyrillic_to_latin(word)), false),
            Some(Script::Han) => NameKey {
                chinese: super::chinese::of_han(word).map(Box::new),
                ..NameKey::of_phones(latin_phones(&romanize::chinese_to_latin(word)), false)
            },
            _ if !readings => NameKey::of_phones(latin_phones(word), false),
            _ => {
                // folded once, for the phones and the learned model's letters
                let folded = fold_latin(word);
                let phones = folded_latin_phones(&folded);
                // across scripts, the soft ğ silent
                let folded_across = fold_latin_across_scripts(word);
                let across = (folded_across != folded).then(|| folded_latin_phones(&folded_across));
                let usual = across.as_ref().unwrap_or(&phones);
                let readings = foreign_readings(word)
                    .into_iter()
                    .map(|r| folded_latin_phones(&fold_latin_across_scripts(&r)))
                    .filter(|r| r != usual && !r.is_empty());
                let mut distinct: Vec<Vec<u8>> = Vec::new();
                for r in readings {
                    if !distinct.contains(&r) {
                        distinct.push(r);
                    }
                }
                let chinese = super::chinese::of_latin(word).map(Box::new);
                let letters = transliteration::letters_of_folded(&folded_across).collect();
                let across = across.map(Vec::into_boxed_slice);
                let german = german_reading(&folded).map(|g| folded_latin_phones(&g)).filter(|g| *g != phones).map(Vec::into_boxed_slice);
                NameKey { readings: distinct.into_boxed_slice(), chinese, letters, across, german, ..NameKey::of_phones(phones, false) }
            }
        }
    }

    /// A key of these phones and nothing else: no other readings, no
    /// Chinese syllables, no letters for the learned spellings.
    fn of_phones(phones: Vec<u8>, abjad: bool) -> NameKey {
        NameKey {
            phones,
            abjad,
            readings: Box::default(),
            chinese: None,
            units: Box::default(),
            letters: Box::default(),
            across: None,
            german: None,
            initial_named: None,
        }
    }

    /// The phone string, for display and debugging.
    pub fn phones(&self) -> &str {
        std::str::from_utf8(&self.phones).unwrap_or_default()
    }

    /// Whether the word has a German reading (a j read as y) that
    /// comparisons with other Latin words try besides its phones.
    pub(crate) fn has_german_reading(&self) -> bool {
        self.german.is_some()
    }

    /// Whether the word was written without short vowels (Arabic,
    /// Persian, Urdu, Hebrew script).
    pub fn is_abjad(&self) -> bool {
        self.abjad
    }

    /// The words of a name run together, as one word.
    pub fn joined(words: &[NameKey]) -> NameKey {
        let mut phones = Vec::new();
        for w in words {
            phones.extend_from_slice(&w.phones);
        }
        phones.dedup();
        // an abjad word's usual reading across scripts, run together too
        let mut across = Vec::new();
        if words.iter().any(|w| w.abjad && !w.readings.is_empty()) {
            let mut usual: Vec<u8> = Vec::new();
            for w in words {
                usual.extend_from_slice(if w.abjad { &w.across_scripts()[0] } else { w.across_phones() });
            }
            across.push(usual);
        }
        let chinese = super::chinese::joined(words.iter().map(|w| w.chinese.as_deref())).map(Box::new);
        let units = words.iter().flat_map(|w| w.units.iter().copied()).collect();
        let letters = words.iter().flat_map(|w| w.letters.iter().copied()).collect();
        let latin_across = words.iter().any(|w| w.across.is_some()).then(|| {
            let mut joined: Vec<u8> = words.iter().flat_map(|w| w.across_phones().iter().copied()).collect();
            joined.dedup();
            joined.into_boxed_slice()
        });
        let german = words.iter().any(|w| w.german.is_some()).then(|| {
            let mut joined: Vec<u8> = words.iter().flat_map(|w| w.german.as_deref().unwrap_or(&w.phones).iter().copied()).collect();
            joined.dedup();
            joined.into_boxed_slice()
        });
        NameKey {
            phones,
            abjad: words.iter().any(|w| w.abjad),
            readings: across.into_boxed_slice(),
            chinese,
            units,
            letters,
            across: latin_across,
            german,
            initial_named: None,
        }
    }

    /// Whether nothing of the word is left (punctuation only).
    pub fn is_empty(&self) -> bool {
        self.phones.is_empty()
    }

    /// A coarse key for lookups: the folded phones with e/i, o/u, q/k/g/kh/gh,
    /// d/dh/th/z and sh/ch merged. Two spellings of one name written in
    /// the same script usually get the same coarse key; use
    /// [`NameKey::similarity`] to decide.
    pub fn coarse(&self) -> String {
        let mut out = String::with_capacity(self.phones.len());
        let n = self.phones.len();
        for (k, &p) in self.phones.iter().enumerate() {
            let c = match p {
                b'e' if k + 1 == n => 'a',
                b'e' | b'i' => 'i',
                b'o' | b'u' => 'u',
                b'q' | b'g' | b'G' | b'K' => 'k',
                b'c' | b'S' => 'S',
                b'T' | b'D' | b'z' => 'd',
                b'Z' => 'j',
                b'\'' => continue,
                other => other as char,
            };
            if !out.ends_with(c) {
                out.push(c);
            }
        }
        out
    }

    /// Whether two words are spellings of the same name: [`NameKey::similarity`]
    /// at least [`super::SAME_NAME_THRESHOLD`]. Build the keys once and
    /// call this for many pairs (aligners comparing every source word
    /// with every target word).
    ///
    /// ```
    /// use dragoman::names::NameKey;
    ///
    /// let arabic = NameKey::new("هنية");
    /// assert!(arabic.matches(&NameKey::new("Haniyeh")));
    /// assert!(!arabic.matches(&NameKey::new("Hamas")));
    /// ```
    pub fn matches(&self, other: &NameKey) -> bool {
        let threshold = super::SAME_NAME_THRESHOLD;
        self.compared(other, threshold, Asked::SameName) >= threshold
    }

    /// An upper bound of [`NameKey::similarity`], cheap to compute: in
    /// one script every letter more costs at least half a letter.
    pub fn similarity_bound(&self, other: &NameKey) -> f64 {
        if self.is_chinese_spelling_of(other) {
            return 1.0;
        }
        bound_of_lengths((self.phones.len(), self.abjad), (other.phones.len(), other.abjad))
    }

    /// Whether both words read as Chinese syllables that can spell one
    /// name (see [`super::chinese::same`]): Zhang / Chang / Cheung.
    pub fn is_chinese_spelling_of(&self, other: &NameKey) -> bool {
        super::chinese::same(self.chinese.as_deref(), other.chinese.as_deref())
    }

    /// The word read as Chinese syllables, if it can be.
    pub fn chinese(&self) -> Option<&super::chinese::Syllables> {
        self.chinese.as_deref()
    }

    /// The length in phones and the abjad flag of [`NameKey::joined`] of
    /// these words, without building it (the style's search bounds
    /// many names of other word counts).
    pub(crate) fn joined_length(words: &[NameKey]) -> (usize, bool) {
        let mut length = 0;
        let mut last = None;
        for &p in words.iter().flat_map(|w| &w.phones) {
            if last != Some(p) {
                length += 1;
                last = Some(p);
            }
        }
        (length, words.iter().any(|w| w.abjad))
    }

    /// How alike two words sound, from 0 (nothing in common) to 1 (the
    /// same key). A weighted edit distance: swapping letters that
    /// transliterations interchange (e/i, o/u, q/k/g, th/dh/d ...) costs
    /// little, other changes cost a full letter; a short vowel missing
    /// from an Arabic or Hebrew spelling costs almost nothing.
    pub fn similarity(&self, other: &NameKey) -> f64 {
        self.similarity_at_least(other, f64::NEG_INFINITY)
    }

    /// A Latin word's usual phones against an abjad word (see `across`).
    fn across_phones(&self) -> &[u8] {
        self.across.as_deref().unwrap_or(&self.phones)
    }

    /// The readings of an abjad word compared with Latin words, the usual
    /// one first (see [`romanize::arabic_readings`]): its phones when it
    /// has no others.
    fn across_scripts(&self) -> &[Vec<u8>] {
        if self.readings.is_empty() { std::slice::from_ref(&self.phones) } else { &self.readings }
    }

    /// [`NameKey::similarity`] where it is at least `threshold`; below
    /// it, some value below it (the edit distance stops as soon as every
    /// way through costs more than the threshold allows: the style's
    /// search compares many names that are not the same).
    pub fn similarity_at_least(&self, other: &NameKey, threshold: f64) -> f64 {
        self.compared(other, threshold, Asked::Score)
    }

    /// [`NameKey::similarity_at_least`], or where only the decision of
    /// `same_name` is asked, some value at least the threshold for the
    /// same name and below it otherwise (see [`Asked`]).
    fn compared(&self, other: &NameKey, threshold: f64, asked: Asked) -> f64 {
        if self.phones.is_empty() || other.phones.is_empty() {
            return 0.0;
        }
        if self.is_initial_named_by(other) || other.is_initial_named_by(self) {
            return 1.0;
        }
        match super::chinese::verdict(self.chinese.as_deref(), other.chinese.as_deref()) {
            Some(true) if self.phones != other.phones => {
                return super::chinese::same_name_similarity(self.chinese.as_deref(), other.chinese.as_deref());
            }
            Some(false) => {
                let s = phones_similarity(&self.phones, &other.phones, Mode::Same, threshold);
                return s.min(super::chinese::DIFFERENT_CHINESE_SYLLABLE_SIMILARITY);
            }
            _ => {}
        }
        let (latin, abjad) = match (self.abjad, other.abjad) {
            (false, true) => (self, other),
            (true, false) => (other, self),
            (false, false) if self.german.is_some() || other.german.is_some() => {
                // either word read as German spells it, the best
                let mut best = f64::NEG_INFINITY;
                for a in [Some(&self.phones[..]), self.german.as_deref()].into_iter().flatten() {
                    for b in [Some(&other.phones[..]), other.german.as_deref()].into_iter().flatten() {
                        best = best.max(same_script_similarity_at_least(a, b, threshold.max(best)));
                    }
                }
                return best;
            }
            _ => return same_script_similarity_at_least(&self.phones, &other.phones, threshold),
        };
        // the learned models move the score up by at most RANKING_CAPS,
        // and the decision by at most its two raises: the readings are
        // compared with a threshold that much lower
        let lowered = threshold
            - match asked {
                Asked::Score => RANKING_CAPS,
                Asked::SameName => SPELLING_TERM_RAISE + GRAPHONE_DECISION_RAISE,
            };
        let best = across_scripts_similarity(latin, abjad, lowered);
        if best < SPELLING_TERM_FLOOR || best < lowered {
            return best;
        }
        let (letters, units) = (&latin.letters[..], &abjad.units[..]);
        let Some(per_unit) = spelling_likelihood(letters, units) else {
            return best;
        };
        let spelled = best + decision_term(per_unit);
        if asked == Asked::SameName {
            // the graphones are asked only where they can decide
            let same = if spelled - GRAPHONE_DECISION_LOWER >= super::SAME_NAME_THRESHOLD {
                true
            } else if spelled + GRAPHONE_DECISION_RAISE < super::SAME_NAME_THRESHOLD {
                false
            } else {
                spelled + graphone_decision_term(graphone_likelihood(letters, units)) >= super::SAME_NAME_THRESHOLD
            };
            return if same { 1.0 } else { 0.0 };
        }
        // the order from the ranking terms, on the side of the threshold
        // of `same_name` that the smaller decision terms say
        let graphone = graphone_likelihood(letters, units);
        let same = spelled + graphone_decision_term(graphone) >= super::SAME_NAME_THRESHOLD;
        let ranked = below_one(
            best + ranking_term(per_unit)
                + latin_spelling_term(letters, units.len())
                + writing_term(letters, units)
                + graphone_term(graphone),
        );
        kept_on_its_side(ranked, same)
    }

    /// Whether this word is a Latin initial (one letter: the J of J. D.
    /// Vance) that `other`, an Arabic-script word, spells out (جيه). The
    /// sounds alone do not meet: جيه reads "jeh", دبليو "dabliu".
    fn is_initial_named_by(&self, other: &NameKey) -> bool {
        self.letters.len() == 1 && other.initial_named.is_some_and(|named| named.contains(&self.letters[0]))
    }
}

/// What a comparison of two words is asked for: their score
/// ([`NameKey::similarity_at_least`]), which the order among names
/// needs, or only whether they are the same name ([`NameKey::matches`]),
/// which needs neither the ranking terms nor, where the other terms
/// already decide, the graphones: the aligner's name anchors ask it of
/// every pair of candidate words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asked {
    Score,
    SameName,
}

/// [`NameKey::similarity_at_least`] of two words in the same kind of
/// script (both Latin, or both abjad) that are not both read as Chinese,
/// from their phones alone: what the house style's search compares
/// without reading the words' keys (issue 10).
pub(crate) fn same_script_similarity_at_least(a: &[u8], b: &[u8], threshold: f64) -> f64 {
    if a.is_empty() || b.is_empty() {
        0.0
    } else if a == b {
        1.0
    } else {
        phones_similarity(a, b, Mode::Same, threshold)
    }
}

/// The best similarity of every reading of both words across scripts
/// (an abjad word's readings across scripts replace its phones); a
/// Latin reading other than the usual one costs a little.
fn across_scripts_similarity(latin: &NameKey, abjad: &NameKey, threshold: f64) -> f64 {
    let abjad_readings = abjad.across_scripts();
    let mut best = phones_similarity(latin.across_phones(), &abjad_readings[0], Mode::Abjad, threshold);
    for (k, l) in std::iter::once(latin.across_phones()).chain(latin.readings.iter().map(Vec::as_slice)).enumerate() {
        let latin_penalty = if k == 0 { 0.0 } else { OTHER_READING_PENALTY };
        if best >= 1.0 - latin_penalty {
            return best;
        }
        for (m, a) in abjad_readings.iter().enumerate() {
            let penalty = latin_penalty + if m == 0 { 0.0 } else { OTHER_ARABIC_READING_PENALTY };
            if (k == 0 && m == 0) || best >= 1.0 - penalty {
                continue;
            }
            let s = phones_similarity(l, a, Mode::Abjad, (threshold + penalty).max(best + penalty)) - penalty;
            best = best.max(s);
        }
    }
    best
}

/// The learned model's say across scripts (see
/// [`super::transliteration`]): the log-likelihood of the Latin letters
/// as a spelling of the Arabic-script units, plus
/// [`SPELLING_LETTER_BONUS`] per Latin letter, per unit; None where
/// either word has no letters the model reads.
fn spelling_likelihood(letters: &[u8], arabic: &[char]) -> Option<f64> {
    if letters.is_empty() || arabic.is_empty() {
        return None;
    }
    let log_likelihood = transliteration::SpellingModel::shipped().log_likelihood(arabic, letters);
    let per_unit = (log_likelihood + SPELLING_LETTER_BONUS * letters.len() as f64) / (arabic.len() + 1) as f64;
    Some(if per_unit.is_nan() { f64::NEG_INFINITY } else { per_unit })
}

/// What [`spelling_likelihood`] adds to a score for the decision of
/// [`super::same_name`]: a little (see [`SPELLING_TERM_RAISE`]).
fn decision_term(per_unit: f64) -> f64 {
    (SPELLING_TERM_WEIGHT * (per_unit - SPELLING_TERM_CENTER)).clamp(-SPELLING_TERM_LOWER, SPELLING_TERM_RAISE)
}

/// What [`spelling_likelihood`] adds to a score for its order among
/// other names (see [`SPELLING_RANKING_CAP`]).
fn ranking_term(per_unit: f64) -> f64 {
    (SPELLING_RANKING_WEIGHT * (per_unit - SPELLING_RANKING_CENTER)).clamp(-SPELLING_RANKING_CAP, SPELLING_RANKING_CAP)
}

/// How much the Latin spelling model's log-probability of the Latin
/// word (see [`latin_spelling_term`]) moves its rank: -0.02 per unit of
/// natural log per Arabic unit, against [`SPELLING_RANKING_WEIGHT`]
/// (0.05 when this was tuned, 0.04 since) for the likelihood of the
/// Latin letters given the Arabic ones. A noisy-channel reading: the
/// spelling model gives P(Latin | Arabic), which favours Latin spellings
/// that are common anywhere; dividing it by P(Latin) to the power 0.4
/// (0.02 / 0.05; 0.5 since) ranks more as P(Arabic |
/// Latin) would, by how well these Arabic letters write that Latin name.
/// On the tuning samples of issue 15 (every 40th pair from pairs 15, 20
/// and 25; 6,066 pairs), with [`SIDE_BAND`] and a bonus of 2.3: -0.02
/// ranked 4 more names first, -0.035 and -0.05 2 more (6 more with the
/// bonus of 2.0 kept); the Latin model's average per letter as a prior
/// the other way (+0.005 to +0.04, a common spelling preferred) 2 to 10
/// fewer. On the check samples (from pairs 5, 10, 30, 35) -0.02 ranked
/// 7 more first. Order only: the decision of `same_name` does not see
/// it.
const LATIN_SPELLING_WEIGHT: f64 = -0.02;

/// What each Latin letter adds to the Latin model's log-probability
/// before it is divided per Arabic unit (see [`latin_spelling_term`]):
/// a longer word has a lower probability for its length alone (the
/// model averages about -2.7 a letter on the Latin names it was not
/// trained on). 2.0 of 0, 1.0, 1.5, 2.0, 2.3 and 2.6 on the tuning
/// samples (against 2.0: 0 ranked 3 fewer first, 1.0 5 fewer, 1.5 one
/// more, 2.3 2 fewer, 2.6 3 fewer).
const LATIN_LETTER_BONUS: f64 = 2.0;

/// The most [`latin_spelling_term`] moves a score either way: half
/// [`SPELLING_RANKING_CAP`]; 0.1 ranked one more first on the tuning
/// samples, not kept.
const LATIN_SPELLING_CAP: f64 = 0.05;

/// The Latin spelling model's say in the order among Latin names (see
/// [`super::latin_spelling`] and [`LATIN_SPELLING_WEIGHT`]): its
/// log-probability of the Latin letters, plus [`LATIN_LETTER_BONUS`]
/// per letter, per Arabic unit (as [`spelling_likelihood`] divides).
fn latin_spelling_term(latin: &[u8], arabic_units: usize) -> f64 {
    if latin.is_empty() {
        return 0.0;
    }
    let log_probability = super::latin_spelling::LatinSpellingModel::shipped().log_probability(latin);
    let per_unit = (log_probability + LATIN_LETTER_BONUS * latin.len() as f64) / (arabic_units + 1) as f64;
    (LATIN_SPELLING_WEIGHT * per_unit).clamp(-LATIN_SPELLING_CAP, LATIN_SPELLING_CAP)
}

/// How much the likelihood of the Arabic-script units given the Latin
/// letters (see [`writing_term`]) moves the order: 0.04 per unit of
/// natural log per Arabic unit, as [`SPELLING_RANKING_WEIGHT`] for the
/// other direction. Where the likelihood of the Latin letters given the
/// Arabic ones asks whether the Arabic letters could give this Latin
/// spelling, this asks whether the Latin spelling would be written with
/// these Arabic letters: شيبرد writes Shepherd rather than Sherard, عمر
/// Omar rather than ʿĀmir, whose long a would be written. On the names
/// bench's tuning samples of issue 15 (every 40th pair from pairs 15, 20
/// and 25; 6,066 pairs) 0.05 ranked 7 more names first (0.03: 3 more,
/// 0.08: 3 more, 0.12: 1 more); on the check samples (from pairs 5, 10,
/// 30, 35; 8,087 pairs) 16 more. Order only: the decision of `same_name`
/// does not see it. Lowered to 0.04 when the ranking terms were retuned
/// together (see [`SPELLING_RANKING_WEIGHT`]).
const WRITING_TERM_WEIGHT: f64 = 0.04;

/// The likelihood per Arabic unit at which [`writing_term`] is 0: -1.0
/// (it is about 0 for the right pairs, sums over cuts not being a
/// distribution); -0.5 and -2.0 ranked 1 more and 19 fewer first on the
/// seven samples of the tuning and check samples together.
const WRITING_TERM_CENTER: f64 = -1.0;

/// The most [`writing_term`] moves a score either way: 0.05, as
/// [`LATIN_SPELLING_CAP`]; 0.03 ranked 12 fewer first on the seven
/// samples (of 14,153 names), 0.1 as many.
const WRITING_TERM_CAP: f64 = 0.05;

/// The say in the order of how well the Arabic-script word writes the
/// Latin one (see [`transliteration::WritingModel`]): its log-likelihood
/// per Arabic unit, less [`WRITING_TERM_CENTER`], times
/// [`WRITING_TERM_WEIGHT`], within [`WRITING_TERM_CAP`].
fn writing_term(latin: &[u8], arabic: &[char]) -> f64 {
    let log_likelihood = transliteration::WritingModel::shipped().log_likelihood(arabic, latin);
    let per_unit = log_likelihood / (arabic.len() + 1) as f64;
    if per_unit.is_nan() {
        return -WRITING_TERM_CAP;
    }
    (WRITING_TERM_WEIGHT * (per_unit - WRITING_TERM_CENTER)).clamp(-WRITING_TERM_CAP, WRITING_TERM_CAP)
}

/// How much the graphone model's log-probability of the Arabic letters
/// given the Latin ones, per Arabic unit (see [`graphone_term`]), moves
/// the order: 0.06, with [`GRAPHONE_TERM_CENTER`] and
/// [`GRAPHONE_TERM_CAP`] chosen on the names bench's tuning samples
/// (every 40th pair from pairs 15, 20 and 25; 6,066 names, 5,748 ranked
/// first without the term). (weight, center, cap): (0.06, -1.5, 0.05)
/// ranked 5,756 first; (0.06, -1.5, 0.03) 5,755; (0.04, -1.5, 0.05) and
/// (0.04, -1, 0.1) 5,754; (0.06, -1, 0.1) 5,753; (0.06, -2, 0.1) 5,752;
/// (0.12, -1, 0.1) 5,751; (0.12, -1, 0.3) 5,743; centred on 0.2, about
/// the right pairs' value, 5,744 to 5,745, and (0.12, 0.2, 0.3), the
/// setting a scratch experiment that reranked the 15 best names found,
/// 5,718: a term that moves the order much undoes the hand-set costs
/// and the other terms, and it cannot lift a pair over the threshold
/// (see [`kept_on_its_side`]), where that experiment gained most; nor
/// did larger terms rank more first with the graphones also in the
/// decision (with a decision term of weight 0.12 centred on -1.5:
/// (0.12, -1.5, 0.1) 5,755, (0.2, -1, 0.3) 5,744, and a floor under
/// which the graphones are not asked, 0.7 to 0.8 instead of
/// [`SPELLING_TERM_FLOOR`], 5,735 to 5,758).
const GRAPHONE_TERM_WEIGHT: f64 = 0.06;

/// The log-probability per Arabic unit at which [`graphone_term`] is 0:
/// -1, retuned with the other ranking terms (see
/// [`SPELLING_RANKING_WEIGHT`]); -1.5 was chosen with
/// [`GRAPHONE_TERM_WEIGHT`]. Of the pairs above
/// [`SPELLING_TERM_FLOOR`] of tuning sample 15, mostly of different
/// names, the median is -7.4 and a tenth are above -2.5: the term
/// mostly lowers the names these Arabic letters do not write.
const GRAPHONE_TERM_CENTER: f64 = -1.0;

/// The most [`graphone_term`] moves a score either way, and what it takes
/// off a pair the graphones cannot cut (too many Latin letters): 0.1,
/// retuned with the other ranking terms (see [`SPELLING_RANKING_WEIGHT`]);
/// 0.05 was chosen with [`GRAPHONE_TERM_WEIGHT`].
const GRAPHONE_TERM_CAP: f64 = 0.1;

/// The power of the Latin spelling model's probability of the Latin word
/// that the graphone model's joint probability is divided by: 1, P(Arabic,
/// Latin) / P(Latin) = P(Arabic | Latin), how well these Arabic letters
/// write that Latin name.
/// 0.75 ranked 6 fewer first on the tuning samples (with weight 0.06,
/// center -1, cap 0.1).
const GRAPHONE_LATIN_POWER: f64 = 1.0;

/// The graphone model's say across scripts (see [`super::graphone`]):
/// its log-probability of the Arabic letters and the Latin ones by their
/// likeliest cut, less [`GRAPHONE_LATIN_POWER`] times the Latin spelling
/// model's of the Latin word, per Arabic unit; None where the graphones
/// cannot cut the pair (too many Latin letters for the Arabic ones).
fn graphone_likelihood(latin: &[u8], arabic: &[char]) -> Option<f64> {
    let joint = super::graphone::GraphoneModel::shipped().log_probability(arabic, latin)?;
    let latin_log_probability = super::latin_spelling::LatinSpellingModel::shipped().log_probability(latin);
    Some((joint - GRAPHONE_LATIN_POWER * latin_log_probability) / (arabic.len() + 1) as f64)
}

/// The say in the order of the joint-sequence model (see
/// [`graphone_likelihood`]): less [`GRAPHONE_TERM_CENTER`], times
/// [`GRAPHONE_TERM_WEIGHT`], within [`GRAPHONE_TERM_CAP`].
fn graphone_term(per_unit: Option<f64>) -> f64 {
    let Some(per_unit) = per_unit else {
        return -GRAPHONE_TERM_CAP;
    };
    (GRAPHONE_TERM_WEIGHT * (per_unit - GRAPHONE_TERM_CENTER)).clamp(-GRAPHONE_TERM_CAP, GRAPHONE_TERM_CAP)
}

/// How much [`graphone_likelihood`] moves a score for the decision of
/// [`super::same_name`]: 0.1 per unit of natural log above
/// [`GRAPHONE_RAISES_FROM`] and below [`GRAPHONE_LOWERS_FROM`], nothing
/// between, within [`GRAPHONE_DECISION_RAISE`] and
/// [`GRAPHONE_DECISION_LOWER`]. Chosen on the names bench's tuning
/// samples (every 40th pair from pairs 15, 20 and 25; 6,066 right pairs
/// and 12.3 million wrong ones), where the graphones in the order alone
/// had 5,709 right pairs the same name and 1,412 wrong ones, and ranked
/// 5,756 first. (weight, raises from, lowers from, raise, lower): (0.1,
/// -0.8, -2, 0.07, 0.05) 5,714 right, 1,012 wrong, 5,758 first; (0.1,
/// -0.5, -2, ...) 5,705, 1,002; (0.1, -0.5, -1.5, ...) 5,689, 841;
/// (0.1, -0.5, -2.5, ...) 5,717, 1,113. One centre for both: (0.1, -2,
/// 0.07, 0.05) 5,783 right, 1,382 wrong, and (0.12, -2, 0.08, 0.05)
/// 5,792, 1,437, but they make حسن Hussein and حسين Hassan the same
/// name (the graphones give them -0.88 and -1.34, a spelling the
/// Arabic letters could be read as); (0.1, -1.2, 0.07, 0.05) 5,697,
/// 792; (0.15, -1, 0.1, 0.1) 5,579, 529; (0.12, 0.2, 0.3, 0.3), the
/// scratch reranker's setting, 4,376 and 186 and 5,714 first. Names
/// ranked first hardly move whatever the setting (5,753 to 5,762 but
/// for the largest terms). On the check samples (from pairs 5, 10, 30,
/// 35; 8,088 right pairs) the setting kept took right pairs from 7,603
/// to 7,620 and wrong ones from 1,902 to 1,314, and ranked 7,702 first
/// against 7,700.
const GRAPHONE_DECISION_WEIGHT: f64 = 0.1;

/// The value of [`graphone_likelihood`] above which the decision term
/// raises a score: -0.8, chosen with [`GRAPHONE_DECISION_WEIGHT`] (above
/// حسن Hussein's -0.88).
const GRAPHONE_RAISES_FROM: f64 = -0.8;

/// The value of [`graphone_likelihood`] below which the decision term
/// lowers a score: -2, chosen with [`GRAPHONE_DECISION_WEIGHT`]. Of the
/// pairs above [`SPELLING_TERM_FLOOR`] of tuning sample 15, mostly of
/// different names, the median is -7.4 and a tenth are above -2.5.
const GRAPHONE_LOWERS_FROM: f64 = -2.0;

/// The most the graphones' decision term raises a score: 0.07, chosen
/// with [`GRAPHONE_DECISION_WEIGHT`]. With [`SPELLING_TERM_RAISE`] it
/// lifts a pair the hand-set costs score at 0.77 or more over the
/// threshold when the graphones write it well.
const GRAPHONE_DECISION_RAISE: f64 = 0.07;

/// The most the graphones' decision term lowers a score, and what it
/// takes off a pair they cannot cut: 0.05, chosen with
/// [`GRAPHONE_DECISION_WEIGHT`].
const GRAPHONE_DECISION_LOWER: f64 = 0.05;

/// What [`graphone_likelihood`] adds to a score for the decision of
/// [`super::same_name`] (see [`GRAPHONE_DECISION_WEIGHT`]).
fn graphone_decision_term(per_unit: Option<f64>) -> f64 {
    let Some(per_unit) = per_unit else {
        return -GRAPHONE_DECISION_LOWER;
    };
    let raise = (GRAPHONE_DECISION_WEIGHT * (per_unit - GRAPHONE_RAISES_FROM)).clamp(0.0, GRAPHONE_DECISION_RAISE);
    let lower = (GRAPHONE_DECISION_WEIGHT * (per_unit - GRAPHONE_LOWERS_FROM)).clamp(-GRAPHONE_DECISION_LOWER, 0.0);
    raise + lower
}

/// The most the ranking terms together move a score either way: those of
/// the learned spellings, of the Latin spelling model, of the reverse
/// reading and of the graphones.
const RANKING_CAPS: f64 = SPELLING_RANKING_CAP + LATIN_SPELLING_CAP + WRITING_TERM_CAP + GRAPHONE_TERM_CAP;

/// How wide the band is, on either side of the threshold of
/// [`super::same_name`], into which [`kept_on_its_side`] presses the
/// scores whose ranking terms would take them across it. 0.01: 0.002
/// and 0.01 ranked the same names first on the tuning samples of issue
/// 15 (see [`LATIN_SPELLING_WEIGHT`]); on those, with no Latin term, it
/// ranked as many first as the clamp it replaces (one more, one fewer,
/// the same), on the check samples 4 more (of 8,087).
const SIDE_BAND: f64 = 0.01;

/// A score moved by the ranking terms, on the side of the threshold of
/// [`super::same_name`] that the decision term chose (`same`), in the
/// order of the ranking: a score that would fall below the threshold
/// although the pair is the same name is pressed, with the ones just
/// above it, into [threshold, threshold + [`SIDE_BAND`]), in order; one
/// that would rise over it although the pair is not is pressed, with the
/// ones just below, into [threshold - [`SIDE_BAND`], threshold). A
/// clamp to the threshold made ties among them that list order decided
/// (عمرو: Amr, Amer and Ammar all just under 0.86). Scores outside the
/// band are left as they are.
fn kept_on_its_side(ranked: f64, same: bool) -> f64 {
    let threshold = super::SAME_NAME_THRESHOLD;
    if same {
        if ranked >= threshold + SIDE_BAND {
            return ranked;
        }
        // the least a same-name pair can be ranked at
        let lowest = threshold - SPELLING_TERM_RAISE - GRAPHONE_DECISION_RAISE - RANKING_CAPS;
        (threshold + SIDE_BAND * ((ranked - lowest).max(0.0) / (threshold + SIDE_BAND - lowest))).max(threshold)
    } else {
        let from = threshold - SIDE_BAND;
        if ranked < from {
            return ranked.max(0.0);
        }
        // the most a pair of different names can be ranked at
        let highest = threshold + SPELLING_TERM_LOWER + GRAPHONE_DECISION_LOWER + RANKING_CAPS;
        (from + SIDE_BAND * ((ranked - from) / (highest - from)).min(1.0)).min(threshold.next_down())
    }
}

/// Across scripts, the spelling term is added only where the readings
/// already score this much: it reorders names that sound alike and
/// leaves the rest as they were (the model's likelihood of an unrelated
/// name says nothing useful, and computing it for every pair of a long
/// list would cost time).
const SPELLING_TERM_FLOOR: f64 = 0.6;

/// How much the spelling model's log-likelihood per Arabic unit (see
/// [`spelling_term`]) moves the score: 0.05 per unit of natural log,
/// within [`SPELLING_TERM_RAISE`] and [`SPELLING_TERM_LOWER`]. Chosen on
/// the dev sample of issue 15 (every 40th pair of arabic_latin_pairs.tsv
/// from the 21st): 0.035, 0.065 and 0.08 ranked within 0.2 points.
const SPELLING_TERM_WEIGHT: f64 = 0.05;

/// The log-likelihood per Arabic unit at which the spelling term is 0;
/// the right pairs of the dev sample have a median of about -0.6. -1.0
/// of -0.6, -1.0 and -1.5 on the dev sample: as many ranked first,
/// `same_name` true for 94.2%, 94.4% and 94.7% of right pairs and 430,
/// 464 and 487 wrong pairs.
const SPELLING_TERM_CENTER: f64 = -1.0;

/// What each Latin letter adds to the log-likelihood before it is
/// divided per Arabic unit: the model gives a longer Latin word a lower
/// likelihood for its length alone (each letter is one more choice).
/// 1.0 of 0.5, 0.75, 1.0, 1.25 and 1.5 on the dev sample (within 0.2
/// points of names ranked first; 1.5 accepted a third more wrong pairs).
const SPELLING_LETTER_BONUS: f64 = 1.0;

/// The most the spelling term raises a score: it reorders names that
/// the hand-set costs score nearly alike, and lifts few pairs over the
/// threshold of [`super::same_name`] (حسين scores Hassan 0.838 with the
/// costs alone, and must stay under 0.86; an uncapped term gave it
/// 0.89). The order among names takes a larger term (see
/// [`SPELLING_RANKING_CAP`]): with this one alone, the dev sample ranked
/// 1,916 first, against 1,920 with both (1,907 without either).
const SPELLING_TERM_RAISE: f64 = 0.02;

/// The most the spelling term lowers a score: a spelling the model finds
/// unlikely, because the training pairs rarely write it so, may still be
/// the name (Željko جيلكو scores 0.875 with the costs alone: ج for ž is
/// rare in the pairs; القذافي Gaddafi 0.892: ق as g). See
/// [`SPELLING_TERM_RAISE`].
const SPELLING_TERM_LOWER: f64 = 0.015;

/// How far the ranking term (see [`ranking_term`]) moves a score either
/// way. 0.1 on the dev sample (0.05 and 1.0 ranked within 0.1 points of
/// it); [`decision_term`] keeps the side of the threshold, so that a
/// larger term reorders names without changing which are the same.
const SPELLING_RANKING_CAP: f64 = 0.1;

/// [`SPELLING_TERM_CENTER`] of the ranking term: -2.75, retuned with
/// the other ranking terms (see [`SPELLING_RANKING_WEIGHT`]); it was
/// -1.5, where a single term for both was tuned on the dev sample.
const SPELLING_RANKING_CENTER: f64 = -2.75;

/// [`SPELLING_TERM_WEIGHT`] of the ranking term: 0.04. It was the same
/// 0.05 until the fifteenth session retuned the four ranking terms
/// together on the names bench's tuning samples (every 40th pair from
/// pairs 15, 20 and 25; 6,066 names), with a scratch copy of the bench
/// that kept each name's 40 best candidates and their terms' inputs, so
/// that a setting was counted in a second instead of a run of the bench.
/// Coordinate searches over the weights, centres and caps of the four
/// terms found best (5,768 ranked first on tuning against 5,758, and
/// 7,714 against 7,702 on the check samples, from pairs 5, 10, 30, 35)
/// a setting that moved five of them: this weight 0.05 → 0.04,
/// [`SPELLING_RANKING_CENTER`] -1.5 → -2.75, [`WRITING_TERM_WEIGHT`]
/// 0.05 → 0.04, [`GRAPHONE_TERM_CENTER`] -1.5 → -1 and
/// [`GRAPHONE_TERM_CAP`] 0.05 → 0.1, and weighted the hand-set score 1.1
/// against the terms; that weighting is left out, as it would move every
/// score across scripts and not only their order. Names ranked first
/// (`NAMES_BENCH_COUNTS=1 cargo bench --bench names -- dev N`, summed):
/// tuning 5,758 → 5,763, check 7,702 → 7,710, the reported sample 1,913
/// → 1,921. The top is flat: each of the 11 constants a little up or
/// down from the setting kept ranked 5,759 to 5,766 first on tuning and 7,705 to
/// 7,713 on check, and the reported sample ranked 1,918 to 1,922 first
/// with the eight settings of the searches it was counted for (see
/// BENCHMARKS.md). Order only: which pairs are the same name does not
/// change.
const SPELLING_RANKING_WEIGHT: f64 = 0.04;

/// Where [`below_one`] starts to bend scores.
const SCORE_KNEE: f64 = 0.95;

/// Keeps a score moved by the spelling term below 1 without making
/// equals of those above [`SCORE_KNEE`]: from there, the rest of the
/// way to 1 is approached exponentially, in the order of the scores
/// (clamping at 1 made ties that list order decided: 4 fewer names
/// ranked first on the dev sample).
fn below_one(score: f64) -> f64 {
    if score <= SCORE_KNEE { score } else { SCORE_KNEE + (1.0 - SCORE_KNEE) * (1.0 - (-(score - SCORE_KNEE) / (1.0 - SCORE_KNEE)).exp()) }
}

/// [`NameKey::similarity_bound`] of two words of these lengths in
/// phones, abjad or not.
pub(crate) fn bound_of_lengths((a, a_abjad): (usize, bool), (b, b_abjad): (usize, bool)) -> f64 {
    if a_abjad || b_abjad {
        return 1.0;
    }
    1.0 - 0.5 * a.abs_diff(b) as f64 / a.max(b).max(3) as f64
}

/// What a Latin word's reading other than the usual one costs against an
/// abjad word: enough that the usual reading wins a tie (0.02 to 0.06
/// tried on the dev sample of arabic_latin_pairs.tsv, every 40th pair
/// from the 21st, which `cargo bench --bench names -- dev` measures; the
/// bench reports the sample from the first; 0.04 ranked best). Lowered
/// to 0.035 in the eighth session with [`CROSS_SCRIPT_COST_SCALE`]
/// raised to 1.08 (together, on the dev sample: 2 more names ranked
/// first, 50 fewer wrong pairs, 5 fewer right pairs accepted); 0.02
/// ranked one more first but let خوان Juan meet John.
const OTHER_READING_PENALTY: f64 = 0.035;

/// What an Arabic-script word's reading other than its usual one costs
/// against a Latin word (see [`romanize::arabic_readings`]): where two
/// spellings fit equally, the one the usual reading explains wins. Kept
/// small, a tie-break only: on the dev sample of issue 15 (see
/// [`OTHER_READING_PENALTY`]) 0.01 changed no ranking and took 13 wrong
/// pairs of 474 below the threshold.
const OTHER_ARABIC_READING_PENALTY: f64 = 0.01;

/// Across scripts, edit costs count this much more: the readings of
/// both words (see [`NameKey::similarity_at_least`]) give every pair more
/// ways to meet, wrong pairs too; on the dev sample 1.1 brought the
/// acceptance of wrong pairs back to what it was with one reading
/// (0.0158%; 1.0 left it at 0.0206%). With the Arabic readings and the
/// cheaper long vowels, ز for s and ج for g of issue 15, 1.1 accepted
/// 0.0168%; 1.2 brings it to 0.0156% (1.15: 0.0169%, 1.22: 0.0144% but
/// half a point fewer right pairs). Lowered in the seventh session, once
/// a final or first Latin vowel that Arabic script does not write cost
/// more ([`FINAL_VOWEL_COST`], [`INITIAL_VOWEL_COST`]) and wrong pairs
/// fell to 490 of 4,086,462 (the limit, 0.016%, is 653): at 1.05, 555
/// wrong pairs and right pairs with `same_name` 93.8% → 94.2%, two
/// fewer names ranked first (the fixed reading penalties weigh more);
/// at 1.0, 651 wrong pairs, too near the limit. Raised to 1.08 in the
/// eighth session with [`OTHER_READING_PENALTY`] at 0.035 (see there;
/// 1.1 and 1.12 ranked the same names first with 9 and 14 fewer wrong
/// pairs but 1 and 3 fewer right pairs accepted).
const CROSS_SCRIPT_COST_SCALE: f64 = 1.08;

/// The similarity of two phone strings (see [`NameKey::similarity_at_least`]);
/// in [`Mode::Abjad`], `a` is the Latin one.
fn phones_similarity(a: &[u8], b: &[u8], mode: Mode, threshold: f64) -> f64 {
    if a == b {
        return 1.0;
    }
    let len = match mode {
        Mode::Abjad => a.len(),
        Mode::Same => a.len().max(b.len()),
    }
    .max(3) as f64;
    // the most a way through may cost, a little over for rounding
    let scale = if mode == Mode::Abjad { CROSS_SCRIPT_COST_SCALE } else { 1.0 };
    let limit = (1.0 - threshold) * len / scale + 1e-9;
    (1.0 - scale * distance(a, b, mode, limit) / len).max(0.0)
}

/// Where a rule of [`READINGS`] applies.
#[derive(Clone, Copy, PartialEq)]
enum At {
    Anywhere,
    /// At the start of the word.
    Start,
    /// Ending the word.
    End,
    /// Before e, i or y.
    FrontVowel,
    /// Before a vowel.
    Vowel,
    /// Before a consonant or the end.
    Coda,
    /// After a consonant, not ending the word.
    AfterConsonant,
    /// After a consonant and before one consonant and a final e or -es:
    /// the long vowel of English Gates, James, Giles.
    BeforeSilentE,
    /// The final e (or the e of -es) after such a vowel and consonant.
    SilentE,
}

/// Spelling rules of the languages whose names Arabic and Hebrew script
/// write as they sound, each family one reading (pattern, spelling in
/// the letters [`latin_phones`] reads, where). From the languages' own
/// orthographies (French silent endings (-ger Léger) and nasal vowels, Italian
/// cch / gli / gn, Spanish j and ll, Portuguese x, German sch / ch / j /
/// z / ei / ie, Dutch ij / oe, Polish sz / cz / w, Hungarian sz / s /
/// cs, English silent gh / kn and the final silent e), checked against
/// the misses of the dev sample of arabic_latin_pairs.tsv; the first
/// rule that matches at a place applies.
const READINGS: &[&[(&str, &str, At)]] = &[
    // French
    &[
        // a final -que(s) is k, a final d after n silent (Dominique
        // دومينيك, Jacques جاك, Edmond ادمون, Raymond ريمون): issue 15,
        // misses of the dev samples 15, 20, 25
        ("cques", "k", At::End),
        ("ques", "k", At::End),
        ("que", "k", At::End),
        ("nd", "n", At::End),
        ("eaux", "o", At::End),
        ("eau", "o", At::Anywhere),
        ("aux", "o", At::End),
        ("ault", "o", At::End),
        ("ots", "o", At::End),
        ("ot", "o", At::End),
        ("ets", "e", At::End),
        ("et", "e", At::End),
        ("ez", "e", At::End),
        // -ière(s) keeps its r (Fallières فاليير)
        ("ieres", "yer", At::End),
        ("ières", "yer", At::End),
        ("iere", "yer", At::End),
        ("ière", "yer", At::End),
        ("iers", "ye", At::End),
        ("ier", "ye", At::End),
        ("ger", "je", At::End),
        ("ert", "er", At::End),
        ("ourt", "ur", At::End),
        ("ard", "ar", At::End),
        ("ieux", "yo", At::End),
        ("oux", "u", At::End),
        ("ais", "e", At::End),
        ("ait", "e", At::End),
        ("ois", "wa", At::End),
        ("oit", "wa", At::End),
        ("aud", "o", At::End),
        ("ant", "an", At::End),
        ("ent", "an", At::End),
        ("au", "o", At::Anywhere),
        ("oi", "wa", At::Anywhere),
        ("ai", "e", At::Anywhere),
        ("ei", "e", At::Anywhere),
        ("eu", "o", At::Anywhere),
        ("ill", "y", At::Anywhere),
        ("gn", "ny", At::Anywhere),
        ("ch", "sh", At::Anywhere),
        ("qu", "k", At::Anywhere),
        ("ç", "s", At::Anywhere),
        ("c", "s", At::FrontVowel),
        ("g", "j", At::FrontVowel),
        ("h", "", At::Start),
        ("th", "t", At::Anywhere),
        ("ss", "s", At::Anywhere),
    ],
    // Italian
    &[
        ("cch", "k", At::Anywhere),
        ("cc", "ch", At::FrontVowel),
        ("ch", "k", At::Anywhere),
        ("gh", "g", At::Anywhere),
        ("gli", "ly", At::Anywhere),
        ("gn", "ny", At::Anywhere),
        ("gi", "j", At::Vowel),
        ("g", "j", At::FrontVowel),
        ("sc", "sh", At::FrontVowel),
        ("ci", "ch", At::Vowel),
        ("qu", "kw", At::Anywhere),
        ("zz", "ts", At::Anywhere),
    ],
    // Spanish, Portuguese, Basque
    &[
        // ue is we, which Arabic script writes وي (Bueno بوينو, Puente
        // بوينتي, Manuel مانويل; Bueno tied Bowen: issue 15, misses of the
        // dev samples 15, 20, 25)
        ("ue", "we", At::Anywhere),
        ("j", "kh", At::Anywhere),
        ("cch", "ch", At::Anywhere),
        ("g", "kh", At::FrontVowel),
        ("gu", "g", At::FrontVowel),
        ("qu", "k", At::Anywhere),
        ("ll", "y", At::Anywhere),
        ("ñ", "ny", At::Anywhere),
        ("lh", "ly", At::Anywhere),
        ("nh", "ny", At::Anywhere),
        ("tx", "ch", At::Anywhere),
        ("x", "sh", At::Anywhere),
        ("c", "th", At::FrontVowel),
        ("z", "th", At::Anywhere),
        ("h", "", At::Start),
    ],
    // German, Dutch, Scandinavian
    &[
        ("tsch", "ch", At::Anywhere),
        ("sch", "sh", At::Anywhere),
        ("st", "sht", At::Start),
        ("sp", "shp", At::Start),
        ("ach", "akh", At::Anywhere),
        ("och", "okh", At::Anywhere),
        ("uch", "ukh", At::Anywhere),
        ("ch", "sh", At::Anywhere),
        ("ck", "k", At::Anywhere),
        ("dt", "t", At::Anywhere),
        ("tz", "z", At::End),
        ("ts", "z", At::End),
        ("tz", "ts", At::Anywhere),
        ("z", "ts", At::Anywhere),
        ("ij", "ay", At::Anywhere),
        ("j", "y", At::Anywhere),
        ("v", "f", At::Anywhere),
        ("ei", "ay", At::Anywhere),
        ("ie", "i", At::Anywhere),
        ("eu", "oy", At::Anywhere),
        ("oe", "u", At::Anywhere),
        ("ue", "u", At::Anywhere),
        ("ae", "a", At::Anywhere),
        ("uu", "u", At::Anywhere),
        ("th", "t", At::Anywhere),
        ("ah", "a", At::Coda),
        ("eh", "e", At::Coda),
        ("oh", "o", At::Coda),
        ("uh", "u", At::Coda),
        ("qu", "kv", At::Anywhere),
    ],
    // Polish, Czech, Serbo-Croatian
    &[
        ("szcz", "shch", At::Anywhere),
        ("sz", "sh", At::Anywhere),
        ("cz", "ch", At::Anywhere),
        ("rz", "zh", At::Anywhere),
        ("ch", "kh", At::Anywhere),
        ("ł", "w", At::Anywhere),
        ("c", "ts", At::Anywhere),
        ("j", "y", At::Anywhere),
    ],
    // Serbo-Croatian, Slovene, Slovak
    &[("j", "y", At::Anywhere), ("c", "ts", At::Anywhere)],
    // Turkish: the soft ğ, silent in Istanbul speech, is غ in Arabic
    // script (Erdoğan أردوغان, Eroğlu إيروغلو); c is j (Recep رجب, Cemil
    // جميل, Hoca خوجة scored under 0.86 without it; issue 15: on each of
    // the names bench's samples `same_name` true for 1 to 4 more right
    // pairs, 1 to 7 more wrong pairs of about 4 million)
    &[("ğ", "gh", At::Anywhere), ("c", "j", At::Anywhere)],
    // Hungarian
    &[
        ("sz", "s", At::Anywhere),
        ("cs", "ch", At::Anywhere),
        ("zs", "zh", At::Anywhere),
        ("gy", "dy", At::Anywhere),
        ("ly", "y", At::Anywhere),
        ("s", "sh", At::Anywhere),
        ("c", "ts", At::Anywhere),
        ("j", "y", At::Anywhere),
    ],
    // English
    &[
        // the silent h of John, Johnson (جون, جونسون: John ranked below
        // Juan; issue 15, misses of the dev samples 15, 20, 25)
        ("oh", "o", At::Coda),
        // the long vowel before one consonant and a silent final e, as
        // Arabic script writes it: Gates غيتس, Applegate أبلغيت, James
        // جيمس, Giles جايلز, Steve ستيف (Gates ranked below Geis and
        // Applegate scored 0.860; issue 15, misses of the dev samples 15,
        // 20, 25); o stays o (the e alone is dropped), and the rules below
        // for -ake, -ine ... are the cases of these that follow a vowel
        ("a", "ey", At::BeforeSilentE),
        ("i", "ay", At::BeforeSilentE),
        ("e", "i", At::BeforeSilentE),
        ("e", "", At::SilentE),
        // oe after a consonant as two vowels, o and e (Noel نويل, Joel
        // جويل scored 0.854 with the usual reading, which drops the e;
        // issue 15: on the seven samples other than the reported one, 2
        // more ranked first, 3 more right pairs and 1 more wrong pair)
        ("oe", "owe", At::AfterConsonant),
        ("igh", "ay", At::Anywhere),
        ("ough", "o", At::Anywhere),
        ("augh", "o", At::Anywhere),
        ("agh", "a", At::Coda),
        ("egh", "e", At::Coda),
        ("ogh", "o", At::Coda),
        ("ugh", "u", At::Coda),
        ("kn", "n", At::Start),
        // a w before r is silent inside a word too (Cartwright كارترايت)
        ("wr", "r", At::Anywhere),
        ("mb", "m", At::Coda),
        ("dg", "j", At::Anywhere),
        ("ea", "i", At::Anywhere),
        ("ey", "i", At::End),
        ("ts", "z", At::End),
        ("c", "s", At::FrontVowel),
        ("ake", "eyk", At::End),
        ("ale", "eyl", At::End),
        ("ane", "eyn", At::End),
        ("ine", "ayn", At::End),
        ("ike", "ayk", At::End),
        ("ite", "ayt", At::End),
        ("ice", "ays", At::End),
        ("yne", "ayn", At::End),
        ("one", "on", At::End),
        ("ole", "ol", At::End),
        ("ome", "om", At::End),
        // y after a consonant as the diphthong of Myer, Hyatt, Kylie,
        // Tyson, which Arabic script writes اي (ماير, هايت, كايلي,
        // تايسون)
        ("y", "ay", At::AfterConsonant),
    ],
    // Latin American Spanish: z and c before e / i are s (seseo), as
    // Arabic script writes them (خيريز Jerez, not the th of Castilian,
    // which the Spanish reading above keeps), j and g before e / i kh
    &[
        ("ue", "we", At::Anywhere),
        ("j", "kh", At::Anywhere),
        ("g", "kh", At::FrontVowel),
        ("gu", "g", At::FrontVowel),
        ("qu", "k", At::Anywhere),
        ("ll", "y", At::Anywhere),
        ("ñ", "ny", At::Anywhere),
        ("h", "", At::Start),
    ],
];

/// Latin words shorter than this get no other reading: among words of
/// three letters another reading mostly finds another name (on the dev
/// sample, 5 lost 0.4 points of names ranked first against 4).
const MIN_READING_LETTERS: usize = 4;

/// Other spellings of a Latin word, read as the languages of
/// [`READINGS`] would read it, for comparing with a word in Arabic or
/// Hebrew script (which writes a foreign name as it sounds). Only the
/// readings that differ from the word.
fn foreign_readings(word: &str) -> Vec<String> {
    // lower case, letters with a sound of their own spelled out as in
    // [`fold_latin`], ç ñ ł kept for the rules, other marks folded away
    let mut plain = String::with_capacity(word.len() + 4);
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'č' | 'ć' => plain.push_str("ch"),
            'š' | 'ş' | 'ș' => plain.push_str("sh"),
            'ž' => plain.push_str("zh"),
            'ț' => plain.push_str("ts"),
            'ç' | 'ñ' | 'ł' | 'è' | 'ğ' => plain.push(c),
            c if c.is_alphabetic() || c == '-' => plain.push_str(&crate::text::fold(c.encode_utf8(&mut [0; 4]))),
            _ => {}
        }
    }
    if plain.chars().count() < MIN_READING_LETTERS || plain.contains('-') {
        return Vec::new();
    }
    let is_vowel_char = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'è');
    let mut out = Vec::new();
    for rules in READINGS {
        let mut spelled = String::with_capacity(plain.len() + 4);
        let mut rest = plain.as_str();
        let mut previous: Option<char> = None;
        let mut changed = false;
        while let Some(c) = rest.chars().next() {
            let applied = rules.iter().find(|(from, _, at)| {
                rest.starts_with(from) && {
                    let after = rest[from.len()..].chars().next();
                    match at {
                        At::Anywhere => true,
                        At::Start => previous.is_none(),
                        At::End => after.is_none(),
                        At::FrontVowel => matches!(after, Some('e' | 'i' | 'y')),
                        At::Vowel => after.is_some_and(is_vowel_char),
                        At::Coda => previous.is_some() && !after.is_some_and(is_vowel_char),
                        At::AfterConsonant => previous.is_some_and(|p| !is_vowel_char(p)) && after.is_some(),
                        At::BeforeSilentE => {
                            previous.is_some_and(|p| p.is_ascii_lowercase() && !is_vowel_char(p))
                                && before_silent_e(&rest.as_bytes()[from.len()..])
                        }
                        At::SilentE => is_silent_e(plain.as_bytes(), plain.len() - rest.len()),
                    }
                }
            });
            match applied {
                Some((from, to, _)) => {
                    spelled.push_str(to);
                    previous = from.chars().last();
                    rest = &rest[from.len()..];
                    changed = true;
                }
                None => {
                    spelled.push(c);
                    previous = Some(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        if changed && !spelled.is_empty() {
            out.push(spelled);
        }
    }
    out
}

/// A consonant that may stand between an English long vowel and a
/// silent final e (not w, x or h: Rowe, Saxe, Tahe).
fn is_silent_e_consonant(c: u8) -> bool {
    c.is_ascii_lowercase() && !matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'x' | b'h')
}

/// Whether what follows a vowel is one consonant and a final e or -es
/// (see [`At::BeforeSilentE`]).
fn before_silent_e(after: &[u8]) -> bool {
    match after {
        [c, b'e'] | [c, b'e', b's'] => is_silent_e_consonant(*c),
        _ => false,
    }
}

/// Whether `plain[at]` is the silent final e (or the e of -es) of an
/// English word whose vowel before one consonant is long (see
/// [`At::SilentE`]): a single vowel, not a pair (Reeve, Keane).
fn is_silent_e(plain: &[u8], at: usize) -> bool {
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    at > 1 && before_silent_e(&plain[at - 1..]) && vowel(plain[at - 2]) && plain[at - 2] != b'y' && (at < 3 || !vowel(plain[at - 3]))
}

/// Words of at most this many phones are short names, where one
/// syllable more or less is another name.
const SHORT_NAME: usize = 4;

/// Whether `phones[k]` is a vowel standing alone between two consonants
/// other than y, w (v) and h.
fn is_bare_vowel(phones: &[u8], k: usize) -> bool {
    let strong = |p: u8| !is_vowel(p) && !matches!(p, b'y' | b'v' | b'h' | b'\'');
    k > 0 && k + 1 < phones.len() && is_vowel(phones[k]) && strong(phones[k - 1]) && strong(phones[k + 1])
}

fn word_script(word: &str) -> Option<Script> {
    word.chars().find_map(|c| char_script(c).filter(|s| *s != Script::Other))
}

/// Article segments that come before a hyphen: al-Sadr, el-Gadhafi,
/// as-Sadr, ad-Din, ul-Haq.
const ARTICLES: &[&str] = &[
    "al", "el", "ul", "il", "ol", "an", "ar", "as", "ash", "at", "ath", "ad", "adh", "az", "ed", "en", "er", "es", "esh", "et", "ez", "ud",
    "un", "ur", "us", "ut", "uz",
];

/// Whether a (folded) word is an Arabic article on its own: "al", "el".
pub(crate) fn is_article(folded: &str) -> bool {
    matches!(folded, "al" | "el" | "ul" | "il")
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Folds one Latin-script word to ASCII letters and hyphens, dropping
/// apostrophes, ʿayn/hamza marks and diacritics.
pub(crate) fn fold_latin(word: &str) -> String {
    fold_latin_reading(word, false)
}

/// A folded Latin word as German writes names, where that differs: j is
/// y, as German and the German transliterations of Arabic, Russian and
/// Ukrainian write it (Hanija, Jahja, Sergej, Selenskyj, Jurij), but
/// not in the French dj (Djibouti, Nadjib).
fn german_reading(folded: &str) -> Option<String> {
    let bytes = folded.as_bytes();
    let german_j = |k: usize| bytes[k] == b'j' && (k == 0 || bytes[k - 1] != b'd');
    if !(0..bytes.len()).any(german_j) {
        return None;
    }
    Some((0..bytes.len()).map(|k| if german_j(k) { 'y' } else { bytes[k] as char }).collect())
}

/// A Latin word and its spellings with the German j for the English y
/// and back, as [`NameKey`] takes them for one name (Hanija, Haniya;
/// Haniyeh, Hanijeh; Jahja, Yahya): what a look-up by key tries, since
/// the coarse keys of j and y differ. At most [`MOST_J_OR_Y`] letters are
/// changed, each j (not in dj) to y, each y after a vowel or h, or
/// starting the word before a vowel, to j.
pub fn german_j_spellings(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let vowel = |c: char| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u');
    let at: Vec<usize> = (0..chars.len())
        .filter(|&k| match chars[k] {
            'j' | 'J' => k == 0 || !matches!(chars[k - 1], 'd' | 'D'),
            'y' | 'Y' => (k > 0 && (vowel(chars[k - 1]) || chars[k - 1] == 'h')) || (k == 0 && chars.get(1).is_some_and(|&c| vowel(c))),
            _ => false,
        })
        .take(MOST_J_OR_Y)
        .collect();
    let mut out = vec![word.to_string()];
    for chosen in 1..1usize << at.len() {
        let mut spelled = chars.clone();
        for (n, &k) in at.iter().enumerate() {
            if chosen & (1 << n) != 0 {
                spelled[k] = match spelled[k] {
                    'j' => 'y',
                    'J' => 'Y',
                    'y' => 'j',
                    _ => 'J',
                };
            }
        }
        out.push(spelled.into_iter().collect());
    }
    out
}

/// Of the letters j and y of a word, at most this many are tried in
/// the other spelling by [`german_j_spellings`]: 2^2 = 4 spellings,
/// enough for Jahja / Yahya (a look-up tries each under a few dozen
/// keys, see `fuzzy::concordance`).
const MOST_J_OR_Y: usize = 2;

/// [`fold_latin`] with the Turkish soft ğ silent, as a Latin word is
/// read against Arabic script, which often leaves it unwritten (Yağmur
/// يامور, Kocaoğlu كوجولو in arabic_latin_pairs.tsv): read g there too,
/// one right pair of the names bench's dev sample 15 was lost (93.7% →
/// 93.6% `same_name` right, issue 15).
fn fold_latin_across_scripts(word: &str) -> String {
    fold_latin_reading(word, true)
}

fn fold_latin_reading(word: &str, silent_soft_g: bool) -> String {
    // letters that stand for a sound of their own, spelled out before the
    // marks are folded away: Slavic, Romanian and Turkish č ć ş ș š ž ț
    // (Jeftić / يفتيتش, Doğuş); the Turkish soft ğ is g, as English and
    // French write it (Erdogan, Davutoglu, Cavusoglu: the names bench's
    // Turkish clusters spell it g or gh, never drop it; issue 15: silent,
    // Erdoğan / Erdogan scored 0.857, under the threshold, and had two
    // coarse keys, so `search Erdogan` missed Erdoğan)
    let mut spelled = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        match c {
            'č' | 'ć' | 'Č' | 'Ć' | 'ç' | 'Ç' => spelled.push_str("ch"),
            'š' | 'ş' | 'ș' | 'Š' | 'Ş' | 'Ș' => spelled.push_str("sh"),
            'ž' | 'Ž' => spelled.push_str("zh"),
            'ț' | 'Ț' => spelled.push_str("ts"),
            'ğ' | 'Ğ' if silent_soft_g => {}
            other => spelled.push(other),
        }
    }
    let folded = crate::text::fold(&spelled);
    folded
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '-' => Some(c),
            '‐' | '‑' | '–' => Some('-'),
            _ => None,
        })
        .collect()
}

/// Drops article segments (al-, el-, ad- ...) and joins the rest.
fn strip_articles(folded: &str) -> String {
    let segments: Vec<&str> = folded.split('-').filter(|s| !s.is_empty()).collect();
    let mut out = String::new();
    for (k, seg) in segments.iter().enumerate() {
        if k + 1 < segments.len() && ARTICLES.contains(seg) {
            continue;
        }
        out.push_str(seg);
    }
    out
}

/// Abd al-Rahman, Abdel Rahman, Abdul-Rahman, Abdurrahman: "abd" and the
/// rest, without the article between them.
fn fold_abd(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() < 6 || !s.starts_with("abd") {
        return s.to_string();
    }
    let mut rest = &s[3..];
    let r = rest.as_bytes();
    if r.len() >= 3 && is_vowel(r[0]) {
        if r[1] == b'l' {
            rest = &rest[2..];
        } else if r[1] == r[2] && !is_vowel(r[1]) {
            rest = &rest[1..];
        }
    }
    format!("abd{rest}")
}

/// Allah, -ullah, -ollah, -ellah: one spelling.
fn fold_allah(s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    let mut k = 1;
    while k + 3 <= b.len() {
        // -ulla, -olla, -alla with or without h, -ellah with it: not the
        // -ella and -illa of Latin names (Luella, Camilla, Stella)
        let h = k + 3 < b.len() && b[k + 3] == b'h';
        if &b[k..k + 3] == b"lla" && (k + 3 == b.len() || h) && (matches!(b[k - 1], b'a' | b'o' | b'u') || (b[k - 1] == b'e' && h)) {
            b[k - 1] = b'a';
        }
        k += 1;
    }
    String::from_utf8(b).unwrap_or_default()
}

/// The phones of a Latin-script word (see the module documentation).
pub fn latin_phones(word: &str) -> Vec<u8> {
    folded_latin_phones(&fold_latin(word))
}

/// [`latin_phones`] of a word already folded by [`fold_latin`].
fn folded_latin_phones(folded: &str) -> Vec<u8> {
    let joined = fold_allah(&fold_abd(&strip_articles(folded)));
    let s = joined.as_bytes();
    let at = |k: usize| -> u8 { s.get(k).copied().unwrap_or(0) };
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    let mut k = 0;
    while k < s.len() {
        let c = s[k];
        let (phone, used): (&[u8], usize) = match c {
            // English Mc-, Wh-; Gu- before e or i is a hard g (Hugues)
            b'm' if k == 0 && at(1) == b'c' && !is_vowel(at(2)) => (b"mak", 2),
            b'w' if at(k + 1) == b'h' => (b"v", 2),
            b'g' if at(k + 1) == b'u' && matches!(at(k + 2), b'e' | b'i') && k + 3 < s.len() => (b"g", 2),
            // tch, tsch: one sound (Ritchie, Witschge)
            b't' if at(k + 1) == b'c' && at(k + 2) == b'h' => (b"c", 3),
            b't' if at(k + 1) == b's' && at(k + 2) == b'c' && at(k + 3) == b'h' => (b"c", 4),
            b's' if at(k + 1) == b'c' && at(k + 2) == b'h' => (b"S", 3),
            b's' if at(k + 1) == b'h' => (b"S", 2),
            b'c' if at(k + 1) == b'h' => (b"c", 2),
            b'c' if at(k + 1) == b'k' => (b"k", 2),
            b'c' if matches!(at(k + 1), b'e' | b'i' | b'y') => (b"c", 1),
            b'c' => (b"k", 1),
            b'k' if at(k + 1) == b'h' => (b"K", 2),
            b'g' if at(k + 1) == b'h' => (b"G", 2),
            b't' if at(k + 1) == b'h' => (b"T", 2),
            b't' if matches!(at(k + 1), b'z' | b's') && k + 2 < s.len() => (b"z", 2),
            b'd' if at(k + 1) == b'h' => (b"D", 2),
            b'd' if at(k + 1) == b'j' => (b"j", 2),
            b'z' if at(k + 1) == b'h' => (b"Z", 2),
            b'p' if at(k + 1) == b'h' => (b"f", 2),
            b'q' if at(k + 1) == b'u' && is_vowel(at(k + 2)) => (b"q", 2),
            b'x' => (b"ks", 1),
            b'w' => (b"v", 1),
            b'a' if at(k + 1) == b'a' => (b"a", 2),
            b'e' if at(k + 1) == b'e' => (b"i", 2),
            b'o' if matches!(at(k + 1), b'o' | b'u') => (b"u", 2),
            b'o' if at(k + 1) == b'e' && k + 2 < s.len() && !is_vowel(at(k + 2)) => (b"o", 2),
            b'u' if at(k + 1) == b'e' && k > 0 && k + 2 < s.len() && !is_vowel(at(k + 2)) && at(k - 1) != b'q' => (b"u", 2),
            b'y' => {
                let prev_vowel = k > 0 && is_vowel(s[k - 1]);
                let next_vowel = is_vowel(at(k + 1));
                if k == 0 || next_vowel || prev_vowel { (b"y", 1) } else { (b"i", 1) }
            }
            b'h' if k > 0 && k + 1 == s.len() && is_vowel(s[k - 1]) => (b"", 1),
            other => {
                out.push(other);
                k += 1;
                continue;
            }
        };
        out.extend_from_slice(phone);
        k += used;
    }
    // diphthongs: ai, ay, ei, ey before a consonant or at the end → a + y
    let mut phones: Vec<u8> = Vec::with_capacity(out.len());
    let mut k = 0;
    while k < out.len() {
        let p = out[k];
        let next = out.get(k + 1).copied().unwrap_or(0);
        let after = out.get(k + 2).copied().unwrap_or(0);
        if matches!(p, b'a' | b'e') && matches!(next, b'i' | b'y') && !is_vowel(after) && after != b'y' {
            phones.extend_from_slice(b"ay");
            k += 2;
            continue;
        }
        // i or e before another vowel is a glide: after a consonant it is
        // y (Ziad = Ziyad = zyad, Yahia = Yahya, Hanieh = Haniyeh), at the
        // start or after a vowel a vowel and a y
        let glide = matches!(p, b'i' | b'e') && matches!(next, b'a' | b'o' | b'u' | b'e') && !(p == b'e' && next == b'e');
        let after_consonant = phones.last().is_some_and(|&q| !is_vowel(q) && q != b'y');
        if p == b'i' && next == b'y' && is_vowel(after) && after_consonant {
            k += 1;
            continue;
        }
        if glide && after_consonant {
            phones.push(b'y');
            k += 1;
            continue;
        }
        phones.push(p);
        if glide {
            phones.push(b'y');
        }
        k += 1;
    }
    phones.dedup();
    phones
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Two words in the same kind of script.
    Same,
    /// A Latin word (first) against an abjad word (second).
    Abjad,
}

fn vowel_cost(a: u8, b: u8) -> f64 {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    match (x, y) {
        (b'e', b'i') => 0.2,
        (b'o', b'u') => 0.15,
        (b'a', b'e') => 0.45,
        (b'a', b'o') | (b'e', b'o') | (b'e', b'u') => 0.6,
        _ => 1.0,
    }
}

fn consonant_cost(a: u8, b: u8) -> f64 {
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    match (x, y) {
        (b'k', b'q') => 0.15,
        (b'g', b'q') | (b'G', b'g') => 0.2,
        (b'g', b'k') | (b'G', b'q') | (b'K', b'k') | (b'K', b'q') | (b'K', b'h') | (b'K', b'c') => 0.3,
        (b'D', b'd') | (b'D', b'z') | (b'D', b'T') | (b'T', b't') => 0.2,
        (b'T', b'd') | (b'T', b's') | (b'd', b't') | (b'S', b'c') => 0.3,
        (b'Z', b'j') | (b'c', b'j') | (b'Z', b'z') | (b'c', b'k') | (b'c', b'h') => 0.35,
        (b'T', b'z') | (b'd', b'z') | (b's', b'z') | (b'S', b's') | (b'G', b'k') | (b'G', b'K') | (b'c', b's') => 0.4,
        (b'b', b'p') | (b'f', b'p') | (b'b', b'v') | (b'f', b'v') | (b'g', b'j') | (b'c', b'z') | (b'j', b'y') => 0.5,
        (b'K', b'g') => 0.45,
        _ => 1.0,
    }
}

fn sub_cost(a: u8, b: u8, mode: Mode, final_vowels: bool) -> f64 {
    if a == b {
        return 0.0;
    }
    match (is_vowel(a), is_vowel(b)) {
        (true, true) if final_vowels && (a == b'e' || b == b'e') => vowel_cost(a, b).min(0.2),
        // إ (i) is the e of foreign names as well (إدوارد Edward): as
        // close as o to و (0.1)
        (true, true) if mode == Mode::Abjad && matches!((a, b), (b'e', b'i')) => 0.1,
        // a long vowel letter stands for more than one Latin vowel
        (true, true) if mode == Mode::Abjad => vowel_cost(a, b).min(0.25),
        (true, true) => vowel_cost(a, b),
        (false, false) => {
            if mode == Mode::Abjad {
                // b: the abjad letter, which stands for more sounds
                match (a, b) {
                    (_, b'\'') => return 0.3,
                    // Arabic script writes foreign p as b, v as f, g as gh, j or q
                    (b'p', b'b') | (b'v', b'f') | (b'g', b'G') | (b'g', b'q') => return 0.15,
                    // g before e / i is j in Italian and French, and
                    // Egyptian writing has ج for every g (Gottstein
                    // جوتستين); Arabic has no ž but ج (Željko جيلكو);
                    // were 0.2 and 0.35 (dev sample of issue 15)
                    (b'g', b'j') => return 0.1,
                    (b'Z', b'j') => return 0.15,
                    (b'v', b'b') | (b'f', b'p') | (b'K', b'k') | (b'c', b'S') => return 0.2,
                    (b's', b'S') => return 0.3,
                    // s between vowels or after a voiced sound is z in
                    // most European languages, and Arabic writes it ز
                    // (Esposito إسبوزيتو, Summers سامرز); was 0.4 (dev
                    // sample of issue 15)
                    (b's', b'z') => return 0.2,
                    _ => {}
                }
            }
            match (a, b) {
                (b'y', b'i') | (b'i', b'y') | (b'v', b'u') | (b'u', b'v') => 0.3,
                _ => consonant_cost(a, b),
            }
        }
        (true, false) | (false, true) => {
            let (v, c) = if is_vowel(a) { (a, b) } else { (b, a) };
            match (v, c) {
                (b'i' | b'e', b'y') | (b'u' | b'o', b'v') => {
                    if mode == Mode::Abjad {
                        0.1
                    } else {
                        0.3
                    }
                }
                (_, b'\'') if mode == Mode::Abjad => 0.1,
                (b'a', b'h') if mode == Mode::Abjad => 0.3,
                _ => 1.0,
            }
        }
    }
}

/// Cost of a phone present in `a` (the Latin side in abjad mode) but not
/// in `b`.
fn del_a_cost(p: u8, mode: Mode) -> f64 {
    match p {
        // a Latin h not written: silent after a vowel (John, Stroh); was
        // 0.5, lowered on the dev sample of issue 15
        b'h' if mode == Mode::Abjad => 0.4,
        _ if is_vowel(p) && mode == Mode::Abjad => 0.15,
        _ if is_vowel(p) => 0.5,
        b'h' | b'\'' => 0.5,
        b'y' => 0.7,
        _ => 1.0,
    }
}

/// Cost of a phone present in `b` but not in `a`.
fn del_b_cost(p: u8, mode: Mode) -> f64 {
    match p {
        b'\'' => 0.1,
        // an alef, waw or ya where the Latin word has no vowel: Arabic
        // script writes the vowels of foreign names long (Biden بايدن,
        // Kellner كيلينر, Luella لويلا); were 0.5 and 0.6, lowered on the
        // dev sample of issue 15 (0.3 and 0.4 accepted more wrong pairs
        // than they found right ones)
        b'a' if mode == Mode::Abjad => 0.35,
        b'y' | b'v' if mode == Mode::Abjad => 0.45,
        _ if mode == Mode::Abjad && (p == b'h' || p == b'y' || p == b'v') => 0.6,
        _ => del_a_cost(p, Mode::Same),
    }
}

/// Weighted edit distance between phone strings; past `limit`, some
/// cost over it.
fn distance(a: &[u8], b: &[u8], mode: Mode, limit: f64) -> f64 {
    // two rows on the stack for words of usual length: clustering
    // compares every pair of names
    const SHORT: usize = 40;
    let m = b.len();
    if m < SHORT {
        let (mut prev, mut cur) = ([0.0; SHORT], [0.0; SHORT]);
        distance_rows(a, b, mode, limit, &mut prev[..=m], &mut cur[..=m])
    } else {
        distance_rows(a, b, mode, limit, &mut vec![0.0; m + 1], &mut vec![0.0; m + 1])
    }
}

/// [`sub_cost`] for every pair of ASCII phones, by mode and by whether
/// both are final vowels: clustering compares every pair of names.
fn cost_table(mode: Mode) -> &'static [Vec<f64>; 2] {
    static SAME: std::sync::OnceLock<[Vec<f64>; 2]> = std::sync::OnceLock::new();
    static ABJAD: std::sync::OnceLock<[Vec<f64>; 2]> = std::sync::OnceLock::new();
    let build = || {
        let table = |final_vowels: bool| {
            (0..128usize * 128).map(|k| sub_cost((k / 128) as u8, (k % 128) as u8, mode, final_vowels)).collect::<Vec<f64>>()
        };
        [table(false), table(true)]
    };
    match mode {
        Mode::Same => SAME.get_or_init(build),
        Mode::Abjad => ABJAD.get_or_init(build),
    }
}

/// What a consonant letter of an abjad word written twice costs where the
/// Latin word has it once: a Latin double letter copied (برانن Brannan),
/// or a short vowel between the two not written (ممدوح Mamdouh; the
/// Latin side pays for that vowel, see [`del_a_cost`]); and what the h
/// of a Latin digraph written out letter by letter costs (th, kh, ph:
/// Wertheim فيرتهايم, Burkholder بيركهولدر); and a final ح after a long
/// vowel, whose h the Latin word has but [`latin_phones`] drops with the
/// h of -ah / -eh (ممدوح Mamdouh, مفتوح Maftouh). Like a Latin vowel
/// missing (0.15); 0.1 and 0.25 tried on the dev sample changed one pair.
const REPEATED_LETTER_COST: f64 = 0.15;

/// Whether `b[j]` is an abjad word's consonant written twice, an h after
/// a consonant, or a final h after a long vowel (see
/// [`REPEATED_LETTER_COST`]).
fn repeated(b: &[u8], j: usize, mode: Mode) -> bool {
    mode == Mode::Abjad
        && j > 0
        && ((b[j] == b[j - 1] && !is_vowel(b[j]))
            || (b[j] == b'h' && matches!(b[j - 1], b't' | b'k' | b'd' | b'b' | b'p' | b'g' | b's'))
            || (b[j] == b'h' && j + 1 == b.len() && matches!(b[j - 1], b'a' | b'v' | b'y')))
}

/// Whether an abjad word ends in an h after a consonant (صالح, مسامح,
/// فاتح): where the Latin word ends in e or a, its spelling -eh / -ah
/// wrote that h, which [`latin_phones`] drops with the h of the vowel
/// endings (Haniyah, Haniyeh), and the h costs what a letter of
/// [`repeated`] does (Saleh صالح ranked below Solh, and scored 0.860
/// where the short vowel before the h made it pay a whole h; issue 15,
/// misses of the dev samples 15, 20, 25).
fn is_final_h_after_consonant(b: &[u8], mode: Mode) -> bool {
    let m = b.len();
    mode == Mode::Abjad && m > 1 && b[m - 1] == b'h' && !is_vowel(b[m - 2]) && !matches!(b[m - 2], b'v' | b'y' | b'h')
}

/// Whether the Latin phone `latin` (th, sh, dh, kh) may be the abjad
/// letter `abjad` followed by an h (see [`distance_rows`]).
fn is_split_digraph(latin: u8, abjad: u8) -> bool {
    matches!((latin, abjad), (b'T', b't') | (b'S', b's') | (b'D', b'd') | (b'K', b'k'))
}

/// What a Latin y that is not written costs across scripts where it
/// does not follow a vowel: mostly an i or e read as a glide before
/// another vowel (Georgiu جورجيو, Jeongjo جونغجو), which Arabic script
/// leaves out; a y after a vowel (the diphthong of Hussein حسين) costs
/// what any y does. 0.4 chosen on the dev sample of issue 15 (0.3
/// accepted more wrong pairs than it found right ones; 0.7 before).
const GLIDE_COST: f64 = 0.4;

/// What a Latin word's last vowel (a, i, o, u) costs across scripts where
/// the Arabic-script word has no letter for it. Arabic script writes a
/// final long vowel, of Arabic names and of foreign ones: the nisba -i
/// as ي (Asadi الأسدي, not الأسد), -a as ا, ة, ى or ه (Tesla تسلا),
/// -o and -u as و (Devito ديفيتو); a final e may be silent (Barte بارت)
/// and keeps the cost of any vowel (0.15). Chosen on the dev sample of
/// issue 15 (see [`OTHER_READING_PENALTY`]): 0.5 ranked 7 more right
/// names first and cut wrong pairs from 634 to about 490, 0.7 two more;
/// 1.0 (with [`INITIAL_VOWEL_COST`] at 1.0 too) one fewer than 0.7 and
/// two right pairs fewer.
const FINAL_VOWEL_COST: f64 = 0.7;

/// What a Latin word's first vowel costs across scripts where the
/// Arabic-script word has no letter for it: Arabic script always writes
/// a word's first vowel, with alef, ʿayn or hamza (Anastasia أناستازيا,
/// Issiaga إيسياغا, Oribe أوريبي), so a Latin spelling with a vowel more
/// at the start spells another name (ناستازيا Nastassja, not Anastasia).
/// Like [`FINAL_VOWEL_COST`], chosen on the dev sample of issue 15.
const INITIAL_VOWEL_COST: f64 = 0.7;

/// What deleting `a[i]`, a Latin phone, costs across scripts (see
/// [`GLIDE_COST`], [`FINAL_VOWEL_COST`] and [`INITIAL_VOWEL_COST`]) or
/// within one.
fn latin_deletion_cost(a: &[u8], i: usize, mode: Mode) -> f64 {
    if is_glide(a, i, mode) {
        GLIDE_COST
    } else if mode == Mode::Abjad && i + 1 == a.len() && matches!(a[i], b'a' | b'i' | b'o' | b'u') {
        FINAL_VOWEL_COST
    } else if mode == Mode::Abjad && i == 0 && a.len() > 1 && is_vowel(a[0]) {
        INITIAL_VOWEL_COST
    } else {
        del_a_cost(a[i], mode)
    }
}

/// Whether `a[i]` is a Latin y not after a vowel, compared across scripts
/// (see [`GLIDE_COST`]).
fn is_glide(a: &[u8], i: usize, mode: Mode) -> bool {
    mode == Mode::Abjad && a[i] == b'y' && (i == 0 || !is_vowel(a[i - 1]))
}

fn distance_rows<'r>(a: &[u8], b: &[u8], mode: Mode, limit: f64, mut prev: &'r mut [f64], mut cur: &'r mut [f64]) -> f64 {
    let (n, m) = (a.len(), b.len());
    let costs = cost_table(mode);
    let short = mode == Mode::Same && n.min(m) <= SHORT_NAME;
    prev[0] = 0.0;
    for j in 0..m {
        let last = prev[j];
        let initial_vowel = mode == Mode::Same && j == 0 && is_vowel(b[0]) && n > 0 && !is_vowel(a[0]);
        prev[j + 1] = last
            + if initial_vowel {
                1.0
            } else if repeated(b, j, mode) {
                REPEATED_LETTER_COST
            } else {
                del_b_cost(b[j], mode)
            };
    }
    for i in 0..n {
        let del_a = latin_deletion_cost(a, i, mode);
        cur[0] = prev[0] + if mode == Mode::Same && i == 0 && is_vowel(a[0]) && m > 0 && !is_vowel(b[0]) { 1.0 } else { del_a };
        for j in 0..m {
            let final_vowels = i + 1 == n && j + 1 == m && n >= 4 && m >= 3;
            let mut sub = prev[j] + costs[usize::from(final_vowels)][usize::from(a[i] & 0x7f) * 128 + usize::from(b[j] & 0x7f)];
            // a Latin th, sh, dh or kh where the Arabic-script word has
            // two letters, ت ح / ه, س ح, د ه, ك ه (Fathi فتحي, Ishaq
            // إسحاق, Adham أدهم): Latin spellings of Arabic names write
            // the two letters as a digraph; its first letter matches here
            // and the h costs what [`repeated`] says
            if mode == Mode::Abjad && b.get(j + 1) == Some(&b'h') && is_split_digraph(a[i], b[j]) {
                sub = prev[j];
            }
            let mut del = prev[j + 1] + del_a;
            // a vowel added at the start makes another name (Nur / Onur)
            if mode == Mode::Same && j == 0 && i == 0 && is_vowel(a[0]) && !is_vowel(b[0]) {
                del = prev[1] + 1.0;
            }
            // in a short name a vowel between two strong consonants is
            // a syllable, and a syllable more makes another name (Nasr /
            // Nasser, Amr / Amir); next to y, w or h spellings disagree
            // on syllables (Aisha / Ayesha, Cohen / Cohn)
            if short && is_bare_vowel(a, i) {
                del = del.max(prev[j + 1] + 1.0);
            }
            let mut ins = cur[j] + if repeated(b, j, mode) { REPEATED_LETTER_COST } else { del_b_cost(b[j], mode) };
            if i + 1 == n && j + 1 == m && is_final_h_after_consonant(b, mode) && matches!(a[i], b'e' | b'a') {
                ins = ins.min(cur[j] + REPEATED_LETTER_COST);
            }
            if short && is_bare_vowel(b, j) {
                ins = ins.max(cur[j] + 1.0);
            }
            // a vowel added at the end of a word ending in a consonant
            // makes another name (Ahmad / Ahmadi, Samir / Samira), and so
            // does a consonant added at the end (America / American,
            // Palestinian / Palestinians)
            if mode == Mode::Same && i + 1 == n && j + 1 == m {
                if is_vowel(a[i]) && !is_vowel(b[j]) {
                    del = prev[j + 1] + 1.5;
                } else if !is_vowel(a[i]) {
                    del = prev[j + 1] + 2.0 * del_a_cost(a[i], mode);
                }
                if is_vowel(b[j]) && !is_vowel(a[i]) {
                    ins = cur[j] + 1.5;
                } else if !is_vowel(b[j]) {
                    ins = cur[j] + 2.0 * del_b_cost(b[j], mode);
                }
            }
            cur[j + 1] = sub.min(del).min(ins);
        }
        // every cost is positive: a way through the rest costs at least
        // the least of this row (Ukkonen's cut-off)
        let least = cur[..=m].iter().copied().fold(f64::INFINITY, f64::min);
        if least > limit {
            return least;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(word: &str) -> String {
        NameKey::new(word).phones().to_string()
    }

    #[test]
    fn latin_phones_fold_transliteration_choices() {
        for (word, expected) in [
            ("Haniyeh", "hanye"),
            ("Haniya", "hanya"),
            ("Hussein", "husayn"),
            ("Husain", "husayn"),
            ("Qadhdhafi", "qaDafi"),
            ("al-Qaddafi", "qadafi"),
            ("Abdulrahman", "abdrahman"),
            ("Abd-al-Rahman", "abdrahman"),
            ("Abdurrahman", "abdrahman"),
            ("Nasrullah", "nasrala"),
            ("Hizbullah", "hizbala"),
            ("Saeed", "sayd"),
            ("Sa'id", "sayd"),
            ("Ziad", "zyad"),
            ("Schmuel", "Smul"),
            ("Djamshid", "jamSid"),
            ("Waleed", "valid"),
            // letters with a sound of their own, English Mc- and Wh-, tch
            ("Jeftić", "jeftic"),
            ("Doğuş", "doguS"),
            ("Žorić", "Zoric"),
            ("McCain", "makayn"),
            ("Whitehouse", "vitehuse"),
            ("Ritchie", "ricye"),
        ] {
            assert_eq!(phones(word), expected, "{word}");
        }
    }

    #[test]
    fn foreign_names_meet_their_arabic_spelling_read_as_their_language_reads_them() {
        // French silent endings, Spanish j, German st- and -tz, Dutch -ts,
        // English kn-, igh and mb: missed with the English reading alone
        for (arabic, latin) in [
            ("موسيه", "Musset"),
            ("كارنو", "Carnot"),
            ("تورنيي", "Tournier"),
            ("خوان", "Juan"),
            ("شتوتس", "Stotz"),
            ("سميتس", "Smits"),
            ("نايت", "Knight"),
            ("لامتون", "Lambton"),
        ] {
            let (a, l) = (NameKey::new(arabic), NameKey::new(latin));
            assert!(a.matches(&l) && l.matches(&a), "{arabic} / {latin}: {}", a.similarity(&l));
        }
        // another reading does not join different names
        for (arabic, latin) in [("حسن", "Hussein"), ("حسين", "Hassan"), ("هنية", "Hamas"), ("خوان", "John")] {
            assert!(!NameKey::new(arabic).matches(&NameKey::new(latin)), "{arabic} / {latin}");
        }
    }

    #[test]
    fn a_french_final_ieres_keeps_its_r() {
        for latin in ["Fallières", "Fallieres"] {
            let (a, l) = (NameKey::new("فاليير"), NameKey::new(latin));
            assert!(a.matches(&l), "{latin}: {}", a.similarity(&l));
        }
    }

    #[test]
    fn a_french_final_que_is_k_and_a_final_d_after_n_silent() {
        // Edmond ادمون ranked below Damone; Raymond ريمون and Jacques جاك
        // under the threshold (0.836, 0.617)
        assert!(ranks_above("ادمون", "Edmond", "Damone"));
        assert_meet(&[("ريمون", "Raymond"), ("جاك", "Jacques")]);
    }

    #[test]
    fn an_arabic_name_with_the_article_meets_a_latin_spelling_that_keeps_it() {
        for (arabic, latin) in [("القطري", "Alqatari"), ("الأمين", "Elamine"), ("الفريد", "Alfred"), ("القطري", "Qatari")]
        {
            assert!(NameKey::new(arabic).matches(&NameKey::new(latin)), "{arabic} / {latin}");
        }
    }

    #[test]
    fn a_first_alef_with_waw_or_ya_is_read_as_one_vowel_or_as_a_diphthong() {
        for (arabic, latin) in [("أوتيلي", "Ottilie"), ("إيفو", "Ivo"), ("أيمن", "Ayman"), ("أوس", "Aws")] {
            assert!(NameKey::new(arabic).matches(&NameKey::new(latin)), "{arabic} / {latin}");
        }
    }

    #[test]
    fn arabic_script_spellings_of_foreign_and_arabic_names_meet_their_latin_spelling() {
        // missed before: hamza below alef read as a (Edward), a letter
        // written twice deduplicated (Mamdouh, Aaltonen), تس always one
        // sound (Tesla, Smits), s written ز and g written ج (Summers,
        // Gottstein, Željko), the h of a Latin digraph written out
        // (Wertheim), the final ح after a long vowel (Mamdouh), an
        // alef added before st- (Stuttgart), a glide not written (Georgiu)
        for (arabic, latin) in [
            ("إدوارد", "Edward"),
            ("إبراهيم", "Ibrahim"),
            ("ممدوح", "Mamdouh"),
            ("آلتونن", "Aaltonen"),
            ("تسلا", "Tesla"),
            ("سميتس", "Smits"),
            ("سامرز", "Summers"),
            ("إسبوزيتو", "Esposito"),
            ("جوتستين", "Gottstein"),
            ("جيلكو", "Željko"),
            ("فيرتهايم", "Wertheim"),
            ("اشتوتغارت", "Stuttgart"),
            ("جورجيو", "Georgiu"),
        ] {
            let (a, l) = (NameKey::new(arabic), NameKey::new(latin));
            assert!(a.matches(&l) && l.matches(&a), "{arabic} / {latin}: {}", a.similarity(&l));
        }
        // the cheaper readings do not join names built on one root
        for (arabic, latin) in [("حسن", "Hussein"), ("حسين", "Hassan"), ("أحمد", "Mahmoud"), ("سعيد", "Saad"), ("علی", "Ala")]
        {
            assert!(!NameKey::new(arabic).matches(&NameKey::new(latin)), "{arabic} / {latin}");
        }
    }

    /// Asserts that each Arabic-script word meets its Latin spelling.
    fn assert_meet(pairs: &[(&str, &str)]) {
        for &(arabic, latin) in pairs {
            let (a, l) = (NameKey::new(arabic), NameKey::new(latin));
            assert!(a.matches(&l), "{arabic} / {latin}: {}", a.similarity(&l));
        }
    }

    /// Whether `arabic` scores `right` above `wrong` (both Latin).
    fn ranks_above(arabic: &str, right: &str, wrong: &str) -> bool {
        let a = NameKey::new(arabic);
        a.similarity(&NameKey::new(right)) > a.similarity(&NameKey::new(wrong))
    }

    #[test]
    fn the_learned_spellings_rank_the_spelling_of_the_arabic_letters_above_a_name_that_sounds_alike() {
        // each pair scored equal or the wrong way round with the hand-set
        // costs alone (pairs of arabic_latin_pairs.tsv that the model
        // learned from, none of the bench's samples)
        assert!(ranks_above("أنجيلو", "Angelou", "Angelov"));
        assert!(ranks_above("شيخو", "Cheikho", "Chekhov"));
        assert!(ranks_above("معوش", "Maouche", "Miłosz"));
        assert!(ranks_above("المسعدي", "Messaadi", "Massoudy"));
        assert!(ranks_above("خضر", "Kheder", "Khudhair"));
    }

    #[test]
    fn the_decision_alone_is_the_score_against_the_threshold() {
        // `matches` skips the ranking terms and, where the other terms
        // decide, the graphones: it must still say what the score says
        let words = [
            "هنية",
            "حسن",
            "حسين",
            "عمرو",
            "نجيب",
            "كامبيل",
            "القذافي",
            "جيلكو",
            "محمد",
            "عمر",
            "سليمان",
            "بن",
            "عبد",
            "Haniyeh",
            "Haniya",
            "Hamas",
            "Hassan",
            "Hasan",
            "Hussein",
            "Amr",
            "Amer",
            "Ammar",
            "Najib",
            "Nayib",
            "Campbell",
            "Kimball",
            "Gaddafi",
            "Qaddafi",
            "Željko",
            "Muhammad",
            "Mahmoud",
            "Omar",
            "Umar",
            "Suleiman",
            "Salman",
            "Bin",
            "Abd",
            "Abdel",
            "Jahja",
            "Yahya",
            "Хания",
            "王毅",
            "Wang",
        ];
        let keys: Vec<NameKey> = words.iter().map(|w| NameKey::new(w)).collect();
        let mut same = 0;
        for (a, x) in words.iter().zip(&keys) {
            for (b, y) in words.iter().zip(&keys) {
                let by_score = x.similarity(y) >= crate::names::SAME_NAME_THRESHOLD;
                assert_eq!(x.matches(y), by_score, "{a} / {b}: {}", x.similarity(y));
                same += usize::from(by_score);
            }
        }
        assert!(same > 2 * words.len(), "{same}");
    }

    #[test]
    fn the_graphones_make_the_same_name_of_a_spelling_they_write_well() {
        // each scored under the threshold by the hand-set costs and the
        // letter model alone (pairs of arabic_latin_pairs.tsv's reported
        // sample, which the graphone table leaves out)
        for (arabic, latin) in [("كامبيل", "Campbell"), ("وايتهاوس", "Whitehouse"), ("أوفرن", "Auvergne")] {
            let (a, l) = (NameKey::new(arabic), NameKey::new(latin));
            assert!(a.matches(&l), "{arabic} / {latin}: {}", a.similarity(&l));
        }
        // and a spelling the Arabic letters could be read as is not
        // enough: Hasan and Hussein stay two names
        assert!(!NameKey::new("حسن").matches(&NameKey::new("Hussein")));
        assert!(!NameKey::new("حسين").matches(&NameKey::new("Hassan")));
    }

    #[test]
    fn the_graphones_rank_the_latin_name_spelled_letter_by_letter_above_one_that_sounds_alike() {
        // each the wrong way round without the graphone term (pairs of the
        // names bench's tuning sample from pair 15)
        assert!(ranks_above("بومبيوس", "Pompey", "Bombino"));
        assert!(ranks_above("جوهر", "Dzhokhar", "Gohmert"));
        assert!(ranks_above("معين", "Moeen", "Moin"));
    }

    #[test]
    fn the_arabic_letters_rank_the_latin_name_they_write_above_one_that_could_give_them() {
        // each the wrong way round without the reverse reading (pairs of
        // the names bench's check samples, from pairs 5, 20 and 30)
        assert!(ranks_above("شيبرد", "Shepherd", "Sherard"));
        assert!(ranks_above("كافلين", "Coughlin", "Katalin"));
        assert!(ranks_above("إياد", "Iyed", "Head"));
        assert!(ranks_above("عمر", "Omar", "ʿĀmir"));
    }

    #[test]
    fn names_the_spelling_term_keeps_on_one_side_of_the_threshold_are_not_tied_there() {
        // عمرو: Amr, Amer and Ammar all had their ranking term cut to
        // just under the threshold, and list order decided (a pair of
        // arabic_latin_pairs.tsv the models learned from)
        let arabic = NameKey::new("عمرو");
        let [amr, amer, ammar] = ["Amr", "Amer", "Ammar"].map(|latin| arabic.similarity(&NameKey::new(latin)));
        // Amr first, and no two tied (Amer and Ammar, spellings of
        // عامر and عمار, may come in either order)
        assert!(
            ammar < amr && amer < amr && amer != ammar && amr < crate::names::SAME_NAME_THRESHOLD,
            "Amr {amr} / Amer {amer} / Ammar {ammar}"
        );
        // the band keeps every side and the order of the ranking
        let t = crate::names::SAME_NAME_THRESHOLD;
        let ranked: Vec<f64> = (0..=300).map(|k| 0.7 + 0.001 * f64::from(k)).collect();
        for same in [true, false] {
            let kept: Vec<f64> = ranked.iter().map(|&r| kept_on_its_side(r, same)).collect();
            assert!(kept.iter().all(|&k| (k >= t) == same), "same: {same}");
            assert!(kept.windows(2).all(|w| w[0] < w[1]), "same: {same}: {kept:?}");
        }
        assert_eq!(kept_on_its_side(0.95, true), 0.95);
        assert_eq!(kept_on_its_side(0.8, false), 0.8);
    }

    #[test]
    fn an_initial_meets_the_arabic_spelling_of_its_letter_name() {
        // جيه reads "jeh" and دبليو "dabliu": by sound, J and W met neither
        for (arabic, latin) in
            [("جيه", "J"), ("دبليو", "W"), ("إف", "F"), ("بي", "P"), ("بي", "B"), ("جي", "G"), ("اتش", "H"), ("کیه", "K")]
        {
            assert!(NameKey::new(arabic).matches(&NameKey::new(latin)), "{arabic} {latin}");
            assert_eq!(NameKey::new(latin).similarity(&NameKey::new(arabic)), 1.0, "{arabic} {latin}");
        }
        for (arabic, latin) in [("جيه", "K"), ("دبليو", "V"), ("إف", "P"), ("جيه", "John"), ("جاي", "J"), ("جون", "J")] {
            assert!(!NameKey::new(arabic).matches(&NameKey::new(latin)), "{arabic} {latin}");
        }
    }

    #[test]
    fn the_latin_spelling_model_ranks_the_name_these_arabic_letters_write_above_a_commoner_spelling() {
        // each ranked the other way without the Latin model's term (pairs
        // of arabic_latin_pairs.tsv that both models learned from, none
        // of the bench's samples)
        assert!(ranks_above("كدي", "Keddie", "Code"));
        assert!(ranks_above("عطية", "Attieh", "Tea"));
        assert!(ranks_above("نوفلر", "Knopfler", "Knoller"));
    }

    #[test]
    fn a_score_raised_by_the_learned_spellings_stays_below_one() {
        for (arabic, latin) in [("حسين", "Hussein"), ("أنجيلو", "Angelou"), ("خوان", "Juan")] {
            let s = NameKey::new(arabic).similarity(&NameKey::new(latin));
            assert!((0.95..1.0).contains(&s), "{arabic} / {latin}: {s}");
        }
    }

    #[test]
    fn a_final_vowel_that_arabic_script_does_not_write_spells_another_name() {
        // the nisba -i is written ي: الأسعد is Lassaad, not al-Asadi;
        // حمدان Hamdan, not Hamdani; a final -a or -o is written too
        assert!(ranks_above("الأسعد", "Lassaad", "Alasadi"));
        assert!(ranks_above("حمدان", "Hamdan", "Hamdani"));
        assert!(ranks_above("جيدن", "Jaden", "Gaidano"));
        for (arabic, latin) in [("الأسد", "Asadi"), ("بندر", "Bandera")] {
            let (a, l) = (NameKey::new(arabic), NameKey::new(latin));
            assert!(!a.matches(&l), "{arabic} / {latin}: {}", a.similarity(&l));
        }
        // a silent final e costs no more than any vowel: بارت Barte
        assert!(NameKey::new("بارت").matches(&NameKey::new("Barte")));
    }

    #[test]
    fn a_first_vowel_that_arabic_script_does_not_write_spells_another_name() {
        // Arabic script writes a first vowel with alef or ʿayn
        assert!(ranks_above("ناستازيا", "Nastassja", "Anastasia"));
        assert!(ranks_above("زيجه", "Siege", "Issiaga"));
        assert!(ranks_above("ريب", "Rep", "Oribe"));
        for (arabic, latin) in [("أناستازيا", "Anastasia"), ("عمر", "Omar"), ("إبراهيم", "Ibrahim"), ("أسامة", "Oussama")]
        {
            assert!(NameKey::new(arabic).matches(&NameKey::new(latin)), "{arabic} / {latin}");
        }
    }

    #[test]
    fn hamza_on_a_ya_or_waw_seat_reads_as_its_seat() {
        assert!(ranks_above("رائف", "Raif", "Ralph"));
        for (arabic, latin) in
            [("رائف", "Raif"), ("وائل", "Wael"), ("وائل", "Wail"), ("عائشة", "Aisha"), ("رؤوف", "Raouf"), ("رائد", "Raed")]
        {
            let (a, l) = (NameKey::new(arabic), NameKey::new(latin));
            assert!(a.matches(&l), "{arabic} / {latin}: {}", a.similarity(&l));
        }
    }

    #[test]
    fn a_final_he_after_a_consonant_may_be_the_e_of_persian_turkish_and_german_names() {
        // إمره ranked Imara above Emre, بوته Botta above Bute; Goethe and
        // Çehre scored 0.860 and 0.834
        assert!(ranks_above("إمره", "Emre", "Imara"));
        assert!(ranks_above("بوته", "Bute", "Botta"));
        let goethe = NameKey::new("غوته").similarity(&NameKey::new("Goethe"));
        assert!(goethe > 0.9, "{goethe}");
        let (a, l) = (NameKey::new("جهره"), NameKey::new("Çehre"));
        assert!(a.matches(&l), "{}", a.similarity(&l));
        // within the script the final ه stays a (هنية, هنیه one spelling)
        assert_eq!(phones("هنیه"), phones("هنية"));
    }

    #[test]
    fn spanish_ue_is_the_we_arabic_script_writes_waw_ya() {
        // بوينو tied Bueno with Bowen at 0.860; Puente scored 0.860
        assert!(ranks_above("بوينو", "Bueno", "Bowen"));
        let puente = NameKey::new("بوينتي").similarity(&NameKey::new("Puente"));
        assert!(puente > 0.9, "{puente}");
    }

    #[test]
    fn english_oe_after_a_consonant_may_be_two_vowels_and_wr_inside_a_word_is_r() {
        assert_meet(&[("نويل", "Noel"), ("جويل", "Joel"), ("كارترايت", "Cartwright")]);
    }

    #[test]
    fn an_english_vowel_before_a_consonant_and_a_silent_e_is_long() {
        // غيتس ranked Geis above Gates; أبلغيت Applegate scored 0.860
        assert!(ranks_above("غيتس", "Gates", "Geis"));
        let applegate = NameKey::new("أبلغيت").similarity(&NameKey::new("Applegate"));
        assert!(applegate > 0.9, "{applegate}");
        assert!(foreign_readings("Giles").contains(&"gayls".to_string()));
        // a vowel pair before the consonant is not read so
        assert!(!foreign_readings("Reeve").iter().any(|r| r.ends_with('v')));
    }

    #[test]
    fn the_silent_h_of_english_john_is_not_written() {
        // جون ranked Juan above John
        assert!(ranks_above("جون", "John", "Juan"));
    }

    #[test]
    fn a_final_ha_after_a_consonant_is_the_h_of_a_latin_eh_or_ah() {
        // صالح Saleh ranked below Solh and scored 0.860, مسامح Musameh too
        assert!(ranks_above("صالح", "Saleh", "Solh"));
        for (arabic, latin) in [("صالح", "Saleh"), ("مسامح", "Musameh")] {
            let s = NameKey::new(arabic).similarity(&NameKey::new(latin));
            assert!(s > 0.9, "{arabic} / {latin}: {s}");
        }
    }

    #[test]
    fn a_final_he_after_alef_or_waw_is_an_h() {
        // شاه Shah, شتروه Stroh, ماروه Maroh; after a consonant or ya the
        // final ه stays the vowel of Haniyeh, Zhaleh
        for (arabic, latin) in [("شاه", "Shah"), ("شتروه", "Stroh"), ("ماروه", "Maroh"), ("هنیه", "Haniyeh"), ("ژاله", "Zhaleh")]
        {
            let (a, l) = (NameKey::new(arabic), NameKey::new(latin));
            assert!(a.matches(&l), "{arabic} / {latin}: {}", a.similarity(&l));
        }
        assert!(ranks_above("ماروه", "Maroh", "Marwi"));
    }

    #[test]
    fn turkish_soft_g_is_ghayn_turkish_c_is_jim_and_french_final_ger_is_je() {
        assert_meet(&[
            ("أردوغان", "Erdoğan"),
            ("إيروغلو", "Eroğlu"),
            ("ليجيه", "Léger"),
            ("رجب", "Recep"),
            ("جميل", "Cemil"),
            ("جلبي", "Celebi"),
            ("خوجة", "Hoca"),
        ]);
    }

    #[test]
    fn hamza_below_alef_before_s_is_the_names_vowel_not_a_helping_one() {
        // إسبينوزا Espinoza, سبينوزا Spinoza; a bare alef there may be a
        // helping vowel (استوكهولم Stockholm)
        assert!(ranks_above("إسبينوزا", "Espinoza", "Spinoza"));
        assert!(ranks_above("سبينوزا", "Spinoza", "Espinoza"));
        assert!(NameKey::new("استوكهولم").matches(&NameKey::new("Stockholm")));
    }

    #[test]
    fn english_y_after_a_consonant_is_the_diphthong_arabic_script_writes_alef_ya() {
        // Myer ماير, Hyatt هايت: ranked below Moyer and Khayat before
        assert!(ranks_above("ماير", "Myer", "Moyer"));
        assert!(ranks_above("هايت", "Hyatt", "Khayat"));
        assert_meet(&[("كايلي", "Kylie"), ("تايسون", "Tyson"), ("مايرون", "Myron"), ("لين", "Lynn")]);
    }

    #[test]
    fn latin_american_spanish_z_is_the_s_arabic_script_writes() {
        // the Castilian reading made Jerez kherez with th
        assert!(ranks_above("خيريز", "Jerez", "Jerrells"));
        assert!(NameKey::new("خيريز").matches(&NameKey::new("Jerez")));
    }

    #[test]
    fn dal_jim_is_d_and_j_as_well_as_the_dj_of_foreign_names() {
        assert_meet(&[("الدجاني", "Dajani"), ("دجلة", "Dijla"), ("دجانة", "Dujana"), ("دجانغو", "Django")]);
    }

    #[test]
    fn a_latin_digraph_may_stand_for_two_arabic_letters() {
        // th, sh, dh for ت ح, س ح, د ه: Fathi فتحي, Ishaq إسحاق, Adham أدهم
        for (arabic, latin) in [("فتحي", "Fathi"), ("إسحاق", "Ishaq"), ("أدهم", "Adham"), ("فتحية", "Fathiya")] {
            let (a, l) = (NameKey::new(arabic), NameKey::new(latin));
            assert!(a.similarity(&l) > 0.88, "{arabic} / {latin}: {}", a.similarity(&l));
        }
        // a digraph of one Arabic letter stays what it was
        assert!(NameKey::new("عثمان").matches(&NameKey::new("Othman")));
        assert!(!NameKey::new("فتحي").matches(&NameKey::new("Fahd")));
    }

    #[test]
    fn the_article_before_ayn_or_alef_may_be_written_as_l_alone() {
        // Laraki, Labidi: the French and Maghrebi spelling of al-ʿIraqi
        assert!(ranks_above("العراقي", "Laraki", "Raggi"));
        assert!(ranks_above("العبيدي", "Labidi", "Bedoui"));
        // only there: before another letter the article is al or nothing
        let readings = romanize::arabic_readings("الفريد");
        assert!(readings.iter().all(|r| r[0] != b'l'), "{readings:?}");
        assert!(romanize::arabic_readings("العراقي").contains(&b"l'raqy".to_vec()));
    }

    #[test]
    fn a_two_letter_word_of_alef_and_waw_reads_as_one_vowel() {
        assert!(ranks_above("أو", "Ou", "Ave"));
    }

    #[test]
    fn common_arabic_persian_and_urdu_names_meet_their_usual_latin_spellings() {
        assert_meet(&[
            ("محمد", "Muhammad"),
            ("محمد", "Mohammed"),
            ("محمد", "Mohamed"),
            ("عبدالله", "Abdullah"),
            ("عبدالله", "Abdallah"),
            ("هنية", "Haniya"),
            ("هنية", "Haniyeh"),
            ("حسين", "Hussein"),
            ("يوسف", "Youssef"),
            ("یوسف", "Yousuf"),
            ("خامنئی", "Khamenei"),
            ("جعفر", "Jafar"),
        ]);
    }

    #[test]
    fn hamza_below_alef_ranks_the_e_spelling_above_the_a_spelling() {
        let arabic = NameKey::new("إندريه");
        assert!(arabic.similarity(&NameKey::new("Endre")) > arabic.similarity(&NameKey::new("Andrei")));
    }

    #[test]
    fn persian_and_urdu_letters_meet_their_latin_spelling() {
        // پ ژ گ چ, Persian ک and ی, Urdu ٹ ڈ ھ ہ ے; a final ی is the a of
        // Arabic names in Persian writing (Musa, Mustafa), and i in a
        // word of three letters (Ali)
        for (word, latin) in [
            ("پرویز", "Pervez"),
            ("ژاله", "Zhaleh"),
            ("کامران", "Kamran"),
            ("یزدی", "Yazdi"),
            ("موسی", "Musa"),
            ("مصطفی", "Mustafa"),
            ("علی", "Ali"),
            ("بھٹو", "Bhutto"),
            ("ٹنڈولکر", "Tendulkar"),
            ("گاندھی", "Gandhi"),
            ("ٹیپو", "Tipu"),
        ] {
            let (a, l) = (NameKey::new(word), NameKey::new(latin));
            assert!(a.matches(&l), "{word} / {latin}: {}", a.similarity(&l));
        }
    }

    #[test]
    fn latin_names_in_ella_and_illa_keep_their_vowel_while_allah_folds() {
        assert_eq!(phones("Camilla"), "kamila");
        assert_eq!(phones("Luella"), "lula");
        assert_eq!(phones("Abdulla"), phones("Abdallah"));
        assert_eq!(phones("Nasrullah"), "nasrala");
        assert_eq!(phones("Abdellah"), phones("Abdallah"));
    }

    #[test]
    fn coarse_keys_meet_for_spellings_of_one_name() {
        for (a, b) in [
            ("Haniyeh", "Haniyah"),
            ("Qaddafi", "Gadhafi"),
            ("Kadhafi", "Qaddafi"),
            ("Hezbollah", "Hizbullah"),
            ("Isma'il", "Ismail"),
            ("Abdelaziz", "Abdulaziz"),
        ] {
            assert_eq!(NameKey::new(a).coarse(), NameKey::new(b).coarse(), "{a} / {b}");
        }
    }

    // Issue 15: `names cluster` kept Erdoğan and Erdogan apart (0.857)
    // and Çavuşoğlu and Cavusoglu too, while suggest took them for one
    // name: the soft ğ was read as silent, English writes it g.
    #[test]
    fn turkish_names_written_with_g_for_the_soft_g_are_the_same_name() {
        for (turkish, english) in [("Erdoğan", "Erdogan"), ("Çavuşoğlu", "Cavusoglu"), ("Davutoğlu", "Davutoglu"), ("Doğan", "Dogan")]
        {
            let (a, b) = (NameKey::new(turkish), NameKey::new(english));
            assert!(a.matches(&b), "{turkish} / {english}: {}", a.similarity(&b));
        }
        assert_eq!(NameKey::new("Erdoğan").coarse(), NameKey::new("Erdogan").coarse());
        assert!(super::super::same_name("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"));
    }

    // A German dispatch's Hanija, Jahja and Selenskyj were not the
    // Haniyeh, Yahya and Zelensky of an English one (0.800, 0.800, 0.789):
    // German writes y as j. Across scripts a j stays ج.
    #[test]
    fn the_german_j_for_y_is_the_same_name_between_latin_spellings() {
        for (german, english) in
            [("Hanija", "Haniyeh"), ("Jahja", "Yahya"), ("Selenskyj", "Zelensky"), ("Sergej", "Sergei"), ("Kijew", "Kyiv")]
        {
            let (a, b) = (NameKey::new(german), NameKey::new(english));
            assert!(a.matches(&b), "{german} / {english}: {}", a.similarity(&b));
        }
        assert!(super::super::same_name("Ismail Hanija", "Ismail Haniyeh"));
        // the plain reading still counts: Majid / Magid, Nadjib / Najib
        assert!(NameKey::new("Majid").matches(&NameKey::new("Magid")));
        assert!(NameKey::new("Nadjib").matches(&NameKey::new("Najib")));
        // across scripts the German reading is not tried: Najib is نجيب
        let arabic = NameKey::new("نجيب");
        assert!(arabic.matches(&NameKey::new("Najib")) && !arabic.matches(&NameKey::new("Nayib")));
    }
}
