//! The forms of a name in the cases of Russian: Russian declines its
//! names (Путин, Путина, Путину, Путиным; Хания, Хании, Ханией; Катар,
//! Катаре), so a dispatch writes one man in several spellings that are
//! grammar, not other transliterations. [`stems`] lists what a word may
//! be before its case ending, and [`same_word`] says whether two words
//! are forms of one word.
//!
//! ```
//! use dragoman::names::russian::{same_name, same_word};
//!
//! assert!(same_word("Хания", "Хании"));
//! assert!(same_word("Путина", "Путиным"));
//! assert!(same_name("Владимира Путина", "Владимир Путин"));
//! assert!(!same_word("Иран", "Ирак"));
//! ```
//!
//! Written by hand: no maintained crate declines Russian proper names
//! (the Snowball stemmer for Russian strips derivational suffixes of
//! common words too, which cuts names: Хасанов as Хасан).

/// The case endings of Russian nouns, of surnames in -ов / -ин and of
/// names that are adjectives (Зеленский, Зеленского; Саудовская,
/// Саудовской): the singular paradigms of grammars of Russian, and the
/// plural of adjectives (Арабские Эмираты), longest first.
const CASE_ENDINGS: &[&str] = &[
    "ыми", "ими", "ому", "ему", "ого", "его", "ая", "яя", "ую", "юю", "ое", "ее", "ий", "ый", "ые", "ие", "ых", "их", "ым", "им", "ом",
    "ем", "ой", "ей", "ою", "ею", "а", "е", "у", "ю", "ы", "и", "я",
];

/// Fewest letters left before an ending: shorter stems meet by chance
/// (Али, Ала).
const LEAST_STEM: usize = 3;

/// Whether a word is written in Cyrillic letters.
pub fn is_cyrillic(word: &str) -> bool {
    word.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'))
        && word.chars().all(|c| !c.is_alphabetic() || matches!(c, '\u{0400}'..='\u{04FF}'))
}

/// What a Cyrillic word may be without a case ending, in lower case: the
/// word itself, without the soft sign or й that ends a nominative
/// (Израиль, израил; Сергей, серге), without the vowel that drops
/// before an ending (Египет, египт), and each stem left by one ending
/// (Израилем, израил; Сергея, серге). Empty for a word not in Cyrillic.
pub fn stems(word: &str) -> Vec<String> {
    if !is_cyrillic(word) {
        return Vec::new();
    }
    let lower = word.to_lowercase();
    let mut out = vec![lower.clone()];
    let letters: Vec<char> = lower.chars().collect();
    if let Some(stem) = lower.strip_suffix(['ь', 'й'])
        && letters.len() > LEAST_STEM
    {
        out.push(stem.to_string());
    }
    // a vowel that drops before an ending (Египет, Египта)
    if let [.., 'е' | 'о' | 'ё', last] = letters[..]
        && !"аеёиоуыэюяйь".contains(last)
        && letters.len() > LEAST_STEM + 1
    {
        out.push(letters[..letters.len() - 2].iter().chain([&last]).collect());
    }
    for ending in CASE_ENDINGS {
        if let Some(stem) = lower.strip_suffix(ending)
            && stem.chars().count() >= LEAST_STEM
        {
            out.push(stem.to_string());
        }
    }
    out
}

/// A reading of a Cyrillic word in an oblique case as its nominative:
/// Аббаса as Аббас + а, Хании as Хания less я + и, Сергеем as Сергей
/// less й + ем (see [`nominatives`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nominative {
    /// The nominative, as the word is written up to its ending (Аббас).
    pub word: String,
    /// What the nominative ends in that the case drops (я of Хания, й
    /// of Сергей, ий of Зеленский; empty for Аббас).
    pub dropped: &'static str,
    /// The case ending the word was written with (а of Аббаса).
    pub ending: &'static str,
}

/// The paradigms [`nominatives`] reads: (the nominative's own ending,
/// the endings of its other cases in the singular), from the grammars
/// of Russian: nouns ending in a consonant (Аббас, Аббаса, Аббасу,
/// Аббасом, Аббасе; Путиным of the surnames in -ин and -ов), in й and ь
/// (Сергей, Сергея; Игорь, Игорем), in а and я (Хамза, Хамзы; Хания,
/// Хании, Ханией), and surnames that are adjectives (Зеленский,
/// Зеленского).
const PARADIGMS: &[(&str, &[&str])] = &[
    ("", &["ом", "ым", "а", "у", "е"]),
    ("й", &["ем", "я", "ю", "е"]),
    ("ь", &["ем", "я", "ю", "е"]),
    ("а", &["ой", "ою", "ы", "и", "е", "у"]),
    ("я", &["ей", "ею", "и", "ю"]),
    ("ий", &["ого", "ому", "им", "ом"]),
];

/// The nominatives a capitalised Cyrillic word may be a case of (Аббаса:
/// Аббас; Хании: Хания; Ханией: Хания), each with what the case dropped
/// and the ending it added, so that another spelling of the name can be
/// put in the same case ([`Nominative::decline`]). A stem keeps at
/// least [`LEAST_STEM`] letters; a nominative in a consonant ends in
/// one. Empty for a word not in Cyrillic.
pub fn nominatives(word: &str) -> Vec<Nominative> {
    if !is_cyrillic(word) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &(dropped, endings) in PARADIGMS {
        for &ending in endings {
            let Some(stem) = word.strip_suffix(ending) else { continue };
            let Some(last) = stem.chars().last() else { continue };
            if stem.chars().count() < LEAST_STEM
                || (dropped.is_empty() && !is_consonant(last))
                || (dropped == "ий" && !stem.ends_with("ск"))
            {
                continue;
            }
            out.push(Nominative { word: format!("{stem}{dropped}"), dropped, ending });
        }
    }
    out
}

impl Nominative {
    /// Another nominative (the house spelling) put in this case: Аббас in
    /// the case of Абаса is Аббаса. None where the other word does not
    /// decline as this one (Нетаньяху, Хания for a case of Аббас).
    pub fn decline(&self, other: &str) -> Option<String> {
        let stem = other.strip_suffix(self.dropped)?;
        let last = stem.chars().last()?;
        if self.dropped.is_empty() && !is_consonant(last) {
            return None;
        }
        Some(format!("{stem}{}", self.ending))
    }
}

/// A Cyrillic consonant letter that ends a noun of the consonant
/// paradigm (not й, which has its own).
fn is_consonant(c: char) -> bool {
    "бвгджзклмнпрстфхцчшщБВГДЖЗКЛМНПРСТФХЦЧШЩ".contains(c)
}

/// Whether two Cyrillic words are forms of one word in different cases
/// (Хания, Хании; Лавров, Лаврова; Сергей, Сергея).
pub fn same_word(a: &str, b: &str) -> bool {
    let (a, b) = (stems(a), stems(b));
    a.iter().any(|s| b.contains(s))
}

/// Whether two names in Cyrillic are the same words, each in some case
/// (Владимира Путина, Владимир Путин).
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split_whitespace().collect(), b.split_whitespace().collect());
    !a.is_empty() && a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| same_word(x, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cases_of_a_name_are_one_word_and_other_names_are_not() {
        for (a, b) in [
            ("Хания", "Хании"),
            ("Хания", "Ханией"),
            ("Хания", "Ханию"),
            ("Путин", "Путину"),
            ("Лавров", "Лавровым"),
            ("Сергей", "Сергеем"),
            ("Израиль", "Израилем"),
            ("Катар", "Катаре"),
            ("Москва", "Москвой"),
            ("Египет", "Египта"),
            ("Зеленский", "Зеленского"),
            ("Дмитрий", "Дмитрия"),
            ("Дмитрий", "Дмитрием"),
            ("Игорь", "Игоря"),
        ] {
            assert!(same_word(a, b), "{a} {b}");
        }
        for (a, b) in [("Иран", "Ирак"), ("Али", "Ала"), ("Хамас", "Хасан"), ("Путин", "Путиным-младшим"), ("Haniya", "Haniyi")]
        {
            assert!(!same_word(a, b), "{a} {b}");
        }
        // Ханийе is another spelling, not a case of Хания
        assert!(!same_word("Хания", "Ханийе") && !same_word("Хании", "Ханийе"));
        assert!(same_name("Исмаила Хании", "Исмаил Хания"));
        assert!(!same_name("Исмаил Хания", "Хания"));
        assert!(same_name("Саудовской Аравии", "Саудовская Аравия"));
    }

    #[test]
    fn a_case_form_is_read_as_its_nominative_and_another_spelling_put_in_that_case() {
        let declined = |word: &str, nominative: &str, other: &str| {
            nominatives(word).iter().find(|n| n.word == nominative).and_then(|n| n.decline(other))
        };
        assert_eq!(declined("Абаса", "Абас", "Аббас").as_deref(), Some("Аббаса"));
        assert_eq!(declined("Абасом", "Абас", "Аббас").as_deref(), Some("Аббасом"));
        assert_eq!(declined("Ханией", "Хания", "Ханиа"), None);
        assert_eq!(declined("Хании", "Хания", "Хамия").as_deref(), Some("Хамии"));
        assert_eq!(declined("Сергея", "Сергей", "Сергий").as_deref(), Some("Сергия"));
        assert_eq!(declined("Зеленского", "Зеленский", "Зеленськый"), None);
        assert_eq!(declined("Зеленского", "Зеленский", "Зелинский").as_deref(), Some("Зелинского"));
        // an indeclinable spelling is not put in a case
        assert_eq!(declined("Нетаниягу", "Нетаниягу", "Нетаньяху"), None);
        assert_eq!(declined("Абаса", "Абас", "Нетаньяху"), None);
        // too short a stem, a word not in Cyrillic
        assert!(nominatives("Ала").is_empty() && nominatives("Abbasa").is_empty());
        assert!(nominatives("Аббаса").iter().any(|n| n.word == "Аббас" && n.ending == "а"));
    }
}
