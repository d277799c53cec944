//! Names in many spellings: a name key that folds transliteration
//! choices, so that Haniya, Haniyeh and هنية meet, and a similarity on
//! top of it. Align, suggest and the `names` commands all use this one
//! mechanism.
//!
//! ```
//! use dragoman::names::{name_key, same_name};
//!
//! assert_eq!(name_key("Isma'il"), name_key("Ismail"));
//! assert!(same_name("Haniyeh", "Haniya"));
//! assert!(!same_name("Hassan", "Hussein"));
//! ```

use crate::text::fold;

/// The key of one word of a name: folded, with the transliteration
/// choices that vary between spellings collapsed (doubled letters, a
/// final -h after a vowel, e/i and o/u).
///
/// This is the first version; it treats Latin-script words only.
pub fn name_key(word: &str) -> String {
    let folded = fold(word);
    let mut key = String::with_capacity(folded.len());
    for c in folded.chars() {
        let c = match c {
            'e' => 'i',
            'o' => 'u',
            other => other,
        };
        if key.ends_with(c) {
            continue;
        }
        key.push(c);
    }
    // final -ah / -eh / -ih / -a / -i: Haniya, Haniyah, Haniyeh
    for ending in ["ah", "ih", "a", "i"] {
        if key.len() > ending.len() + 2 && key.ends_with(ending) {
            key.truncate(key.len() - ending.len());
            break;
        }
    }
    key
}

/// Whether two words are spellings of the same name.
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}
