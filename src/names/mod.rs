//! Names in many spellings: a name key that folds transliteration
//! choices, so that Haniya, Haniyeh, هنية, هنیه and Хания meet, and a
//! similarity on top of it. Align, suggest and the `names` commands all
//! use this one mechanism.
//!
//! - [`NameKey`]: one word, as phones (see [`key`]); [`name_key`] gives
//!   its coarse key for lookups.
//! - [`Name`]: a name of one or more words ("Isma'il Haniya", "Abd
//!   al-Rahman"), articles dropped and Abd- compounds joined.
//! - [`same_name`] / [`similarity`]: the decision and the score behind it.
//! - [`cluster`]: groups a list of names into variant clusters.
//! - [`style`]: the house style (preferred spellings), check and rewrite.
//! - [`scan`]: finds names in running text (scripts with capitals).
//! - [`uncased`]: finds names in Arabic, Persian, Urdu, Hebrew and Chinese.
//!
//! Across scripts, compare with [`same_name`] or [`NameKey::matches`]:
//! an Arabic word's [`name_key`] (consonants and long vowels) is not
//! equal to the key of its Latin spelling (which has all its vowels).
//!
//! ```
//! use dragoman::names::{name_key, same_name};
//!
//! assert_eq!(name_key("Isma'il"), name_key("Ismail"));
//! assert!(same_name("Haniyeh", "Haniya"));
//! assert!(same_name("هنية", "Haniya"));
//! assert!(same_name("Хания", "Haniyeh"));
//! assert!(same_name("Isma'il Haniya", "Ismail Haniyeh"));
//! assert!(!same_name("Hassan", "Hussein"));
//! ```

pub mod chinese;
pub mod graphone;
pub mod key;
pub mod latin_spelling;
pub mod report;
pub mod romanize;
pub mod russian;
pub mod scan;
pub mod style;
pub mod transliteration;
pub mod uncased;

pub use key::NameKey;
pub use style::{Change, FullMentions, HouseStyle, NamesError, Rewrite, StyleEntry};

/// Two names scoring at least this in [`similarity`] are the same name.
pub const SAME_NAME_THRESHOLD: f64 = 0.86;

/// The coarse key of ONE word of a name: folded, with the
/// transliteration choices that vary between spellings collapsed
/// (apostrophes and ʿayn/hamza marks, doubled letters, e/i, o/u, ou/u,
/// ee/i, final -a/-ah/-eh, q/k/g, kh, gh, dh/th/z/d, sh/ch/sch, dj/j,
/// w/v, the article al-/el-/ad-..., Abd al-/Abdel/Abdul, Allah/ullah).
/// Arabic, Persian, Urdu and Hebrew words get a key of their consonants
/// and long vowels; Cyrillic and Chinese words are romanised first.
///
/// Equal keys mean "very likely the same name"; for the decision use
/// [`same_name`], which also accepts near keys (Ahmad / Ahmed) and
/// compares across scripts.
///
/// A word with a digit in it (A4, B-52, COVID-19) is not a name: its key
/// is its folded form, so that codes and numbers stay apart.
pub fn name_key(word: &str) -> String {
    if word.chars().any(|c| crate::text::digit_value(c).is_some()) {
        return crate::text::fold(word);
    }
    NameKey::phones_only(word).coarse()
}

/// Whether two words, or two names of several words, are spellings of
/// the same name, in any of the scripts [`NameKey`] reads.
///
/// Precision comes first: names built on one root stay apart (Ahmad /
/// Hamid / Hamad / Mahmud / Muhammad, Hassan / Hussein, Omar / Amr,
/// Saad / Said, Jamal / Kamal).
pub fn same_name(a: &str, b: &str) -> bool {
    Name::parse(a).matches(&Name::parse(b))
}

/// Whether two words' keys are spellings of one name: the decision of
/// [`same_name`] on keys built once (what the aligner's name anchors,
/// [`crate::align`], call for every pair of candidate words).
pub fn same_name_keys(a: &NameKey, b: &NameKey) -> bool {
    a.matches(b)
}

/// Where a capitalised word stands in its text, which says how surely
/// its capital makes it a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Capitalised inside a sentence (or typed alone as a name to look
    /// for): a name.
    Running,
    /// Capitalised where every word is: first of a sentence, or in a
    /// title-case line. As likely a common word (Send / Sand).
    Initial,
}

/// Words shorter than this (in letters) are never taken for a name
/// where every word is capitalised: "Send" / "Sand", "Copy" / "Cope",
/// "Set" / "Sit" are common words one vowel apart (the regression of
/// `fuzzy::score`); those with equal coarse keys from four letters.
const INITIAL_SIMILAR_LETTERS: usize = 5;

/// A word that may be a name, with its key and placement, prepared once
/// to be compared many times: the one notion of "the same name" that
/// `suggest`, `search`, and the `names` commands share (see
/// [`NameWord::same`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NameWord {
    key: String,
    name: Name,
    letters: usize,
    placement: Placement,
}

impl NameWord {
    pub fn new(word: &str, placement: Placement) -> NameWord {
        NameWord { key: name_key(word), name: Name::parse(word), letters: word.chars().filter(|c| c.is_alphabetic()).count(), placement }
    }

    /// The coarse key ([`name_key`]).
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The coarse key without its vowels: two words that are
    /// [`NameWord::same`] where either stands where every word is
    /// capitalised have the same.
    pub fn consonants(&self) -> String {
        consonants(&self.key)
    }

    /// Whether two words are spellings of one name. Two running words:
    /// [`same_name`]. Where either may be a common word capitalised by
    /// its place, both must have four letters or more and equal coarse
    /// keys, or five or more, differ only in vowels and be [`same_name`]
    /// (Mohammed / Muhammad at the start of a sentence; not Send / Sand,
    /// not Sorceress / Sorcerer).
    pub fn same(&self, other: &NameWord) -> bool {
        if self.placement == Placement::Running && other.placement == Placement::Running {
            return self.name.matches(&other.name);
        }
        let letters = self.letters.min(other.letters);
        if letters < 4 || self.key.is_empty() {
            return false;
        }
        let vowels_apart = || consonants(&self.key) == consonants(&other.key);
        self.key == other.key || (letters >= INITIAL_SIMILAR_LETTERS && vowels_apart() && self.name.matches(&other.name))
    }
}

/// A coarse key without its vowels: spellings that differ only in vowels
/// (Mohammed / Muhammad) share it, common words that differ in a
/// consonant (Sorceress / Sorcerer) do not. The German j is the English
/// y there (Hanija / Haniyeh, see [`key::german_j_spellings`]).
fn consonants(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars().filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')).map(|c| if c == 'j' { 'y' } else { c }) {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// How alike two names are, from 0 to 1 (see [`Name::similarity`]).
pub fn similarity(a: &str, b: &str) -> f64 {
    Name::parse(a).similarity(&Name::parse(b))
}

/// A name of one or more words, ready to compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    words: Vec<NameKey>,
}

/// Whether a (folded) word begins an Abd- compound that the next word
/// completes: Abd al-Rahman, Abdel Khaleq, Abdul Aziz.
fn is_abd_prefix(folded: &str) -> bool {
    let f = folded.trim_end_matches('-');
    matches!(f, "abd" | "abdel" | "abdul" | "abdal" | "abdol" | "abdu" | "abdur" | "abdul-" | "abd-al" | "abd-el" | "abd-ul") || f == "عبد"
}

/// A particle joined to the name it governs by a hyphen (ibn-Muhammad,
/// bint-Ali, Abu-Mazen, Abou-Ali) is a word of its own, as when written
/// apart: two parts; any other word is one.
fn split_particle(word: &str) -> Vec<&str> {
    if let Some((at, hyphen)) = word.char_indices().find(|(_, c)| matches!(c, '-' | '‐' | '‑')) {
        let head = crate::text::fold(&word[..at]);
        let rest = &word[at + hyphen.len_utf8()..];
        if matches!(head.as_str(), "ibn" | "bin" | "bint" | "ben" | "abu" | "abou" | "bou" | "bu") && !rest.is_empty() {
            return vec![&word[..at], rest];
        }
    }
    vec![word]
}

/// The spellings of the particle "son of" in a name (Arabic ibn, bin,
/// Maghrebi and French ben, the abbreviation bn), one word for [`Name`]
/// (Mohammed bin Salman, Muhammad ibn Salman, Mohammed ben Salman), and
/// for `suggest` and `search` where a name follows it. Not bint,
/// "daughter of".
pub const SON_OF: &[&str] = &["bin", "ibn", "ben", "bn"];

/// Whether a word is a spelling of [`SON_OF`] (not bīn, a pinyin
/// syllable with its tone mark: 斌).
pub fn is_son_of(word: &str) -> bool {
    word.is_ascii() && SON_OF.contains(&crate::text::fold(word).as_str())
}

/// A word's "son of" and name when it joins them by a hyphen (bin-Salman,
/// ibn-Saud): ("bin", "Salman").
pub fn split_son_of(word: &str) -> Option<(&str, &str)> {
    word.split_once(['-', '‐', '‑']).filter(|(particle, name)| is_son_of(particle) && !name.is_empty())
}

impl Name {
    /// Splits a name into words (on spaces and the punctuation that can
    /// separate them), drops standalone articles (al, el) and joins
    /// Abd- with the word it governs.
    pub fn parse(text: &str) -> Name {
        let raw: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"' | '/' | '\u{200C}'))
            .filter(|w| !w.is_empty())
            .flat_map(split_particle)
            .collect();
        let mut words = Vec::with_capacity(raw.len());
        let mut k = 0;
        while k < raw.len() {
            let folded = crate::text::fold(raw[k]);
            if key::is_article(folded.trim_end_matches('-')) && k + 1 < raw.len() {
                k += 1;
                continue;
            }
            if is_abd_prefix(&folded) && k + 1 < raw.len() {
                let mut next = k + 1;
                if key::is_article(crate::text::fold(raw[next]).trim_end_matches('-')) && next + 1 < raw.len() {
                    next += 1;
                }
                let joined = format!("{}{}", raw[k].trim_end_matches('-'), raw[next]);
                words.push(NameKey::new(&joined));
                k = next + 1;
                continue;
            }
            let key = if is_son_of(raw[k]) { NameKey::new("bin") } else { NameKey::new(raw[k]) };
            if !key.is_empty() {
                words.push(key);
            }
            k += 1;
        }
        Name { words }
    }

    /// The words' keys.
    pub fn words(&self) -> &[NameKey] {
        &self.words
    }

    /// The name read as Chinese written syllable by syllable (Wang Yi,
    /// Mao Tse-tung, 張): its words' readings run together, the cuts
    /// whose syllables stand apart ([`chinese::Syllables::spelled_apart`]);
    /// None if a word is not read as Chinese or runs syllables together.
    pub fn chinese_syllables(&self) -> Option<chinese::Syllables> {
        chinese::joined(self.words.iter().map(NameKey::chinese))?.spelled_apart()
    }

    /// An upper bound of [`Name::similarity`], cheap to compute.
    pub fn similarity_bound(&self, other: &Name) -> f64 {
        if self.words.is_empty() || other.words.is_empty() {
            return 0.0;
        }
        if self.words.len() != other.words.len() {
            return key::bound_of_lengths(NameKey::joined_length(&self.words), NameKey::joined_length(&other.words));
        }
        self.words.iter().zip(&other.words).map(|(a, b)| a.similarity_bound(b)).fold(1.0, f64::min)
    }

    /// How alike two names are, from 0 to 1. With the same number of
    /// words, the least similar pair of words decides (every word must
    /// match); otherwise the words are run together and compared as one
    /// (Amir-Abdollahian / Amir Abdollahian / Amirabdollahian).
    pub fn similarity(&self, other: &Name) -> f64 {
        if self.words.is_empty() || other.words.is_empty() {
            return 0.0;
        }
        if self.words.len() == other.words.len() {
            return self.words.iter().zip(&other.words).map(|(a, b)| a.similarity(b)).fold(1.0, f64::min);
        }
        joined(&self.words).similarity(&joined(&other.words))
    }

    /// Whether two names are the same name: [`Name::similarity`] at least
    /// [`SAME_NAME_THRESHOLD`], decided word by word
    /// ([`NameKey::matches`]) without the terms that only order names.
    pub fn matches(&self, other: &Name) -> bool {
        if self.words.is_empty() || other.words.is_empty() {
            return false;
        }
        if self.words.len() != other.words.len() {
            return joined(&self.words).matches(&joined(&other.words));
        }
        self.words.iter().zip(&other.words).all(|(a, b)| a.matches(b))
    }

    /// [`Name::similarity`] where it is at least `threshold`; below it,
    /// some value below it, found sooner (see
    /// [`NameKey::similarity_at_least`]).
    pub fn similarity_at_least(&self, other: &Name, threshold: f64) -> f64 {
        if self.words.is_empty() || other.words.is_empty() {
            return 0.0;
        }
        if self.words.len() != other.words.len() {
            return joined(&self.words).similarity_at_least(&joined(&other.words), threshold);
        }
        let mut least: f64 = 1.0;
        for (a, b) in self.words.iter().zip(&other.words) {
            least = least.min(a.similarity_at_least(b, threshold));
            if least < threshold {
                break;
            }
        }
        least
    }
}

fn joined(words: &[NameKey]) -> NameKey {
    if words.len() == 1 {
        return words[0].clone();
    }
    NameKey::joined(words)
}

/// Groups names into variant clusters: two names land in one cluster
/// when their [`similarity`] is at least `threshold` (use
/// [`SAME_NAME_THRESHOLD`]), joined through any chain of such pairs
/// whose average link stays above the threshold. Returns the clusters
/// as lists of indices into `names`, each list in input order, the
/// clusters in order of their first name; every name is in exactly one
/// cluster.
pub fn cluster<S: AsRef<str>>(names: &[S], threshold: f64) -> Vec<Vec<usize>> {
    let parsed: Vec<Name> = names.iter().map(|n| Name::parse(n.as_ref())).collect();
    cluster_names(&parsed, threshold)
}

/// [`cluster`] on names parsed already.
///
/// Names written as Chinese syllables, syllable by syllable (see
/// [`chinese::Syllables::spelled_apart`]), are clustered by what they can
/// stand for rather than by their letters: a cluster of them must share
/// a reading, one character or one pinyin syllable for each syllable
/// ([`chinese::common`]), so that a spelling of two characters (Wong:
/// 王 and 黃) does not chain Wang to Huang; and two of them score 1.0
/// only when they read the same (Li and li, not Lee and Li, nor li and
/// lì), otherwise what [`chinese::same_name_similarity`] gives, so that
/// spellings of one syllable join before spellings that meet only
/// through a character. Among links of one strength, those whose shared
/// reading fewer names of the list can stand for come first, so that
/// the clusters depend less on the order of the list.
pub fn cluster_names(parsed: &[Name], threshold: f64) -> Vec<Vec<usize>> {
    let n = parsed.len();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    let coarse: Vec<Vec<String>> = parsed.iter().map(|p| p.words.iter().map(NameKey::coarse).collect()).collect();
    let readings: Vec<Option<chinese::Syllables>> = parsed.iter().map(Name::chinese_syllables).collect();
    let score = |i: usize, j: usize| match (&readings[i], &readings[j]) {
        (Some(a), Some(b)) if a == b => 1.0,
        (Some(a), Some(b)) if chinese::same(Some(a), Some(b)) => chinese::same_name_similarity(Some(a), Some(b)),
        _ => parsed[i].similarity(&parsed[j]),
    };
    for i in 0..n {
        for j in i + 1..n {
            let chinese = readings[i].is_some() && readings[j].is_some();
            let s = if !chinese && coarse[i] == coarse[j] && !coarse[i].is_empty() {
                1.0
            } else if parsed[i].similarity_bound(&parsed[j]) < threshold {
                continue;
            } else {
                score(i, j)
            };
            if s >= threshold {
                pairs.push((s, i, j));
            }
        }
    }
    // among links of one strength, the surer first: two Chinese names
    // whose shared reading fewer names of the list can stand for (Cheung
    // and Jeung, both 張, before Hong and Ang, both 洪, which many names
    // can be), so that an ambiguous spelling joins the cluster of its
    // least contested reading whatever the order of the list
    let support = shared_reading_support(&readings, &pairs);
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    order.sort_by(|&x, &y| {
        let (a, b) = (pairs[x], pairs[y]);
        b.0.total_cmp(&a.0).then(support[x].cmp(&support[y])).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    });
    let pairs: Vec<(f64, usize, usize)> = order.into_iter().map(|k| pairs[k]).collect();
    let mut known: std::collections::HashMap<(usize, usize), f64> = std::collections::HashMap::new();
    for &(s, i, j) in &pairs {
        known.insert((i, j), s);
    }
    // greedy average linkage: merge two clusters when the pair's link is
    // strong and the clusters are alike on average, so that one spelling
    // halfway between two names (Hamed between Hamid and Hamad) does not
    // chain them together.
    let mut owner: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    // what the Chinese names of each cluster can all stand for (None: no
    // such name in it)
    let mut shared: Vec<Option<chinese::Syllables>> = readings.clone();
    for &(_, i, j) in &pairs {
        let (ci, cj) = (owner[i], owner[j]);
        if ci == cj {
            continue;
        }
        let reading = match (&shared[ci], &shared[cj]) {
            (Some(a), Some(b)) => match chinese::common(a, b) {
                Some(both) => Some(both),
                None => continue,
            },
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        let mut total = 0.0;
        for &a in &members[ci] {
            for &b in &members[cj] {
                let key = if a < b { (a, b) } else { (b, a) };
                total += *known.entry(key).or_insert_with(|| score(key.0, key.1));
            }
        }
        let average = total / (members[ci].len() * members[cj].len()) as f64;
        if average < threshold {
            continue;
        }
        shared[ci] = reading;
        shared[cj] = None;
        let moved = std::mem::take(&mut members[cj]);
        for &m in &moved {
            owner[m] = ci;
        }
        members[ci].extend(moved);
    }
    let mut out: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    for m in &mut out {
        m.sort_unstable();
    }
    out.sort_by_key(|m| m[0]);
    out
}

/// For each pair of names read as Chinese, how many names of the list
/// (the two included) can stand for what the two share
/// ([`chinese::common`]); 0 for other pairs.
fn shared_reading_support(readings: &[Option<chinese::Syllables>], pairs: &[(f64, usize, usize)]) -> Vec<usize> {
    let mut postings: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    for (m, reading) in readings.iter().enumerate() {
        for id in reading.as_ref().map(chinese::blocking_ids).unwrap_or_default() {
            postings.entry(id).or_default().push(m);
        }
    }
    let mut counted_for = vec![usize::MAX; readings.len()];
    pairs
        .iter()
        .enumerate()
        .map(|(k, &(_, i, j))| {
            let (Some(a), Some(b)) = (&readings[i], &readings[j]) else { return 0 };
            let Some(both) = chinese::common(a, b) else { return 0 };
            let mut count = 0;
            for id in chinese::blocking_ids(&both) {
                for &m in postings.get(&id).into_iter().flatten() {
                    if counted_for[m] != k {
                        counted_for[m] = k;
                        count += usize::from(chinese::same(Some(&both), readings[m].as_ref()));
                    }
                }
            }
            count
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_with_digits_keep_their_digits_in_the_key() {
        assert_ne!(super::name_key("A4"), super::name_key("B52"));
        assert_ne!(super::name_key("word12"), super::name_key("word13"));
        assert_eq!(super::name_key("COVID-19"), super::name_key("covid-19"));
    }

    use super::*;

    #[test]
    fn spellings_of_one_name_meet() {
        for (a, b) in [
            ("Haniyeh", "Haniya"),
            ("Haniyah", "Hanieh"),
            ("Isma'il", "Esmail"),
            ("Qaddafi", "Gaddafi"),
            ("Kadhafi", "Qadhafi"),
            ("Gaddafi", "Khadafy"),
            ("Hezbollah", "Hizbullah"),
            ("Hizballah", "Hezbollah"),
            ("Mash'al", "Meshaal"),
            ("Nasrallah", "Nasrullah"),
            ("Mohammed", "Muhammad"),
            ("Ahmad", "Ahmed"),
            ("Hussein", "Hossein"),
            ("Abd al-Rahman", "Abdulrahman"),
            ("Abd al-Rahman", "Abdurrahman"),
            ("Musa al-Sadr", "Musa Sadr"),
            ("Amir-Abdollahian", "Amirabdollahian"),
            ("Hussein Amir Abdollahian", "Hossein Amir-Abdollahian"),
            ("Isma'il Haniya", "Ismail Haniyeh"),
            ("Muammar al-Qadhafi", "Muammar Gaddafi"),
            ("Abdullah", "Abd-Allah"),
            ("Mohammed bin Salman", "Mohammad ibn Salman"),
            ("Abu Mazen", "Abou Mazen"),
            ("Aisha", "Ayesha"),
            ("Haim", "Hayim"),
            ("Cohen", "Cohn"),
        ] {
            assert!(same_name(a, b), "{a} / {b}: {}", similarity(a, b));
        }
    }

    #[test]
    fn different_names_on_one_root_stay_apart() {
        for (a, b) in [
            ("Ahmad", "Mahmud"),
            ("Ahmad", "Muhammad"),
            ("Ahmad", "Hamid"),
            ("Ahmad", "Hamad"),
            ("Hamid", "Hamad"),
            ("Mahmud", "Muhammad"),
            ("Hassan", "Hussein"),
            ("Hasan", "Husain"),
            ("Omar", "Amr"),
            ("Saad", "Said"),
            ("Saad", "Saeed"),
            ("Jamal", "Kamal"),
            ("Iran", "Iraq"),
            ("Nasr", "Nasser"),
            ("Amr", "Amir"),
            ("Ismail Haniyeh", "Haniyeh"),
            ("Muammar Gaddafi", "Gaddafi"),
        ] {
            assert!(!same_name(a, b), "{a} / {b}: {}", similarity(a, b));
        }
    }

    #[test]
    fn names_meet_across_scripts() {
        for (a, b) in [
            ("هنية", "Haniya"),
            ("هنیه", "Haniyeh"),
            ("Хания", "Haniya"),
            ("إسماعيل", "Ismail"),
            ("اسماعیل", "Esmail"),
            ("القذافي", "Gaddafi"),
            ("نصرالله", "Nasrallah"),
            ("حزب الله", "Hezbollah"),
            ("حسن", "Hassan"),
            ("حسين", "Hussein"),
            ("משה", "Moshe"),
            ("王毅", "Wang Yi"),
            ("إسماعيل هنية", "Ismail Haniyeh"),
            ("عبد الرحمن", "Abd al-Rahman"),
            ("معمر القذافي", "Muammar Gaddafi"),
            ("حسن نصر الله", "Hassan Nasrallah"),
        ] {
            assert!(same_name(a, b), "{a} / {b}: {}", similarity(a, b));
        }
        for (a, b) in [("حسن", "Hussein"), ("حسين", "Hassan"), ("هنية", "Hamas")] {
            assert!(!same_name(a, b), "{a} / {b}: {}", similarity(a, b));
        }
    }

    #[test]
    fn chiang_kai_shek_is_jiang_jieshi_in_pinyin() {
        assert!(same_name("Chiang Kai-shek", "Jiang Jieshi"), "{}", similarity("Chiang Kai-shek", "Jiang Jieshi"));
        assert!(same_name("蔣", "Chiang"), "{}", similarity("蔣", "Chiang"));
    }

    #[test]
    fn mao_tse_tung_is_mao_zedong_in_pinyin() {
        assert!(same_name("Mao Tse-tung", "Mao Zedong"), "{}", similarity("Mao Tse-tung", "Mao Zedong"));
        assert!(same_name("Teng Hsiao-p'ing", "Deng Xiaoping"), "{}", similarity("Teng Hsiao-p'ing", "Deng Xiaoping"));
    }

    #[test]
    fn cheung_is_zhang_and_chan_is_chen_in_cantonese_spelling() {
        for (a, b) in [("Cheung", "Zhang"), ("Cheung", "Chang"), ("Chan", "Chen"), ("Wong", "Wang"), ("Lau", "Liu"), ("張", "Cheung")] {
            assert!(same_name(a, b), "{a} / {b}: {}", similarity(a, b));
        }
    }

    #[test]
    fn chinese_syllables_a_letter_apart_are_different_names() {
        for (a, b) in [("Wang", "Wan"), ("Chen", "Cheng"), ("Lin", "Ling"), ("wěi", "wéi"), ("Wan", "Wong")] {
            assert!(!same_name(a, b), "{a} / {b}: {}", similarity(a, b));
        }
    }

    /// Clusters `names` and checks that the second joins the first and
    /// that the third stays apart from them.
    fn assert_second_joins_first_not_third(names: [&str; 3]) {
        let clusters = cluster(&names, SAME_NAME_THRESHOLD);
        let of = |i: usize| clusters.iter().position(|c| c.contains(&i)).unwrap();
        assert_eq!(of(0), of(1), "{names:?}: {clusters:?}");
        assert_ne!(of(0), of(2), "{names:?}: {clusters:?}");
    }

    #[test]
    fn wong_does_not_chain_wang_to_huang() {
        // Wong is the Cantonese spelling of 王 (Wang) and of 黃 (Huang)
        assert_second_joins_first_not_third(["Wang", "Wong", "Huang"]);
    }

    #[test]
    fn wong_joins_wang_rather_than_huang_and_ng_whatever_the_order() {
        // Wong is 王 (as Wang) or 黃 (as Huang and Ng): 黃 is the reading
        // more names of the list can stand for, so Wong goes with Wang,
        // however the list is ordered
        for names in [["Wong", "Huang", "Wang", "Ng"], ["Wong", "Wang", "Huang", "Ng"], ["Huang", "Ng", "Wong", "Wang"]] {
            let clusters = cluster(&names, SAME_NAME_THRESHOLD);
            let of = |name: &str| {
                let i = names.iter().position(|n| *n == name).unwrap();
                clusters.iter().position(|c| c.contains(&i)).unwrap()
            };
            assert_eq!(of("Wong"), of("Wang"), "{names:?}: {clusters:?}");
            assert_eq!(of("Huang"), of("Ng"), "{names:?}: {clusters:?}");
            assert_ne!(of("Wong"), of("Huang"), "{names:?}: {clusters:?}");
        }
    }

    #[test]
    fn chiang_does_not_chain_jiang_to_qiang() {
        // Wade-Giles Chiang is pinyin jiang and qiang
        assert_second_joins_first_not_third(["Jiang", "Chiang", "Qiang"]);
    }

    #[test]
    fn pinyin_of_two_tones_is_not_clustered_together() {
        // lì and lǐ are two syllables (丽, 李); li without its tone mark is either
        let clusters = cluster(&["li", "lì", "lǐ"], SAME_NAME_THRESHOLD);
        let of = |i: usize| clusters.iter().position(|c| c.contains(&i)).unwrap();
        assert_ne!(of(1), of(2), "{clusters:?}");
        assert_eq!(clusters.len(), 2, "{clusters:?}");
    }

    #[test]
    fn names_that_only_cut_into_syllables_still_cluster_by_their_letters() {
        let names = ["Fatima", "Fatema", "Nadia", "Nadiya", "Huda", "Houda"];
        let clusters = cluster(&names, SAME_NAME_THRESHOLD);
        assert_eq!(clusters, [vec![0, 1], vec![2, 3], vec![4, 5]]);
    }

    #[test]
    fn bin_with_a_tone_mark_is_pinyin_not_the_arabic_bin() {
        assert!(same_name("bīn", "Bin"), "{}", similarity("bīn", "Bin"));
        assert!(!same_name("bīn", "bín"), "{}", similarity("bīn", "bín"));
        assert!(same_name("ibn", "bin"));
        assert!(same_name("Mohammed bin Salman", "Mohammad ibn Salman"));
    }

    #[test]
    fn clusters_cover_every_name_once() {
        let names = ["Haniyeh", "Hamid", "Haniya", "Hamed", "Hamad", "Gaddafi", "Qaddafi", "Hanieh"];
        let clusters = cluster(&names, SAME_NAME_THRESHOLD);
        let mut seen: Vec<usize> = clusters.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..names.len()).collect::<Vec<_>>());
        let of = |i: usize| clusters.iter().position(|c| c.contains(&i)).unwrap();
        assert_eq!(of(0), of(2));
        assert_eq!(of(0), of(7));
        assert_eq!(of(5), of(6));
        assert_ne!(of(1), of(4), "Hamed must not chain Hamid and Hamad");
    }
}
