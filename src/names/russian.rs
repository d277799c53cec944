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
}
