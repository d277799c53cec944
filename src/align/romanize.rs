//! Consonant skeletons of words, so that a name written in Arabic,
//! Persian, Hebrew or Cyrillic script meets its Latin spelling: هنية and
//! Haniyeh both give `hn`, إسماعيل and Ismail both `sml`.
//!
//! Vowels (and the letters that mostly write them: alef, waw, ya, Latin
//! y and w) are dropped, consonants that transliterations confuse share a
//! class (d/t/ṭ/ḍ/ẓ/dh/th, s/z/sh/ṣ, k/q/g/kh/gh, ḥ/h) and doubled
//! classes collapse. A final -h after a vowel (Haniyeh) and a final ة/ه
//! are dropped. This is the aligner's own small romanisation, kept here
//! until the names module reads non-Latin scripts.

/// The consonant skeleton of one word, or `None` when the word has no
/// letters this table knows (Han, Hangul, digits) or fewer than two
/// consonant classes (too ambiguous to anchor anything).
pub fn skeleton(word: &str) -> Option<String> {
    let mut classes: Vec<char> = Vec::with_capacity(word.len());
    let chars: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        let next = chars.get(k + 1).copied();
        // Latin digraphs first
        let (class, used) = match (c, next) {
            ('k' | 'g', Some('h')) => (Some('k'), 2),
            ('s' | 'c', Some('h')) => (Some('s'), 2),
            ('t' | 'd' | 'z', Some('h')) => (Some('t'), 2),
            ('p', Some('h')) => (Some('f'), 2),
            _ => (class_of(c), 1),
        };
        let at_end = k + used >= chars.len();
        match class {
            Some('h') if at_end && k > 0 && c == 'h' && is_latin_vowel(chars[k - 1]) => {}
            Some('-') => return None,
            Some(class) if class != '.' && classes.last() != Some(&class) => classes.push(class),
            _ => {}
        }
        k += used;
    }
    // Arabic-script final ة / ه (ta marbuta) reads as a vowel
    if matches!(chars.last(), Some('ة' | 'ه' | 'ۀ' | 'ہ')) && classes.last() == Some(&'h') && classes.len() > 2 {
        classes.pop();
    }
    (classes.len() >= 2).then(|| classes.into_iter().collect())
}

fn is_latin_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'ā' | 'ī' | 'ū')
}

/// The consonant class of one lower-case letter: `.` for a vowel or a
/// vowel carrier, `-` for a letter of a script this table does not know,
/// `None` for a non-letter.
fn class_of(c: char) -> Option<char> {
    if !c.is_alphabetic() {
        return None;
    }
    let class = match c {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' => '.',
        'b' | 'p' => 'b',
        'f' | 'v' => 'f',
        't' | 'd' | 'ṭ' | 'ḍ' | 'ẓ' | 'ṯ' | 'ḏ' => 't',
        's' | 'z' | 'c' | 'ṣ' | 'š' | 'ž' | 'x' => 's',
        'k' | 'q' | 'g' | 'ḳ' | 'ġ' | 'ḫ' => 'k',
        'h' | 'ḥ' => 'h',
        'j' => 'j',
        'l' => 'l',
        'm' => 'm',
        'n' => 'n',
        'r' => 'r',
        // Arabic and Persian
        'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' | 'ي' | 'ی' | 'ئ' | 'و' | 'ؤ' | 'ء' | 'ع' => '.',
        'ب' | 'پ' => 'b',
        'ف' | 'ڤ' => 'f',
        'ت' | 'ث' | 'د' | 'ذ' | 'ط' | 'ض' | 'ظ' => 't',
        'س' | 'ش' | 'ص' | 'ز' | 'ژ' => 's',
        'ك' | 'ک' | 'ق' | 'گ' | 'غ' | 'خ' => 'k',
        'ح' | 'ه' | 'ة' | 'ۀ' | 'ہ' => 'h',
        'ج' | 'چ' => 'j',
        'ل' => 'l',
        'م' => 'm',
        'ن' => 'n',
        'ر' => 'r',
        // Hebrew
        'א' | 'ו' | 'י' | 'ע' => '.',
        'ב' => 'b',
        'פ' | 'ף' => 'f',
        'ת' | 'ד' | 'ט' => 't',
        'ס' | 'ש' | 'צ' | 'ץ' | 'ז' => 's',
        'כ' | 'ך' | 'ק' | 'ג' => 'k',
        'ה' | 'ח' => 'h',
        'ל' => 'l',
        'מ' | 'ם' => 'm',
        'נ' | 'ן' => 'n',
        'ר' => 'r',
        // Cyrillic
        'а' | 'е' | 'ё' | 'и' | 'й' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'ь' | 'ъ' => '.',
        'б' | 'п' => 'b',
        'ф' | 'в' => 'f',
        'т' | 'д' => 't',
        'с' | 'з' | 'ш' | 'щ' | 'ж' | 'ц' => 's',
        'к' | 'г' | 'х' => 'k',
        'ч' | 'џ' => 'j',
        'л' => 'l',
        'м' => 'm',
        'н' => 'n',
        'р' => 'r',
        other if other.is_ascii_alphabetic() => '.',
        other if crate::lang::char_script(other) == Some(crate::lang::Script::Latin) => '.',
        _ => '-',
    };
    Some(class)
}

/// The Arabic-script clitics a word may start with (the article, "and",
/// "by", "for"): a name is looked up with and without them.
pub fn without_arabic_prefixes(word: &str) -> Vec<&str> {
    let mut out = vec![word];
    for prefix in ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل"] {
        if let Some(rest) = word.strip_prefix(prefix)
            && rest.chars().count() >= 3
        {
            out.push(rest);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_meet_across_scripts() {
        for (a, b) in [
            ("هنية", "Haniyeh"),
            ("هنية", "Haniya"),
            ("إسماعيل", "Ismail"),
            ("إسماعيل", "Isma'il"),
            ("اسماعیل", "Ismail"),
            ("دوحة", "Doha"),
            ("القذافي", "al-Qaddafi"),
            ("قذافی", "Gaddafi"),
            ("Путин", "Putin"),
            ("נתניהו", "Netanyahu"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
        }
    }

    #[test]
    fn different_names_stay_apart() {
        for (a, b) in [("هنية", "Hassan"), ("Nasrallah", "Netanyahu"), ("Doha", "Cairo")] {
            assert_ne!(skeleton(a), skeleton(b), "{a} / {b}");
        }
    }

    #[test]
    fn unknown_scripts_and_short_words_have_no_skeleton() {
        assert_eq!(skeleton("北京"), None);
        assert_eq!(skeleton("Ai"), None);
        assert_eq!(skeleton("42"), None);
    }

    #[test]
    fn arabic_clitics_are_stripped() {
        assert!(without_arabic_prefixes("والدوحة").contains(&"دوحة"));
        assert_eq!(without_arabic_prefixes("قطر"), vec!["قطر"], "too short to carry a prefix");
    }
}
