//! How a job's words and characters are counted: one rule, in
//! [`count_words`], that every figure of an analysis uses.
//!
//! The rule, a simplified form of the Unicode word boundaries (UAX #29,
//! <https://www.unicode.org/reports/tr29/>) that CAT tools follow:
//!
//! - Inline-code placeholders (`{1}`, `{/1}`, `{2/}`) count zero and
//!   split nothing: they are removed first.
//! - In alphabetic scripts (Latin, Cyrillic, Greek, Hebrew, Arabic,
//!   Persian, Urdu, Hangul, …) a word is a run of letters, digits and
//!   combining marks. An apostrophe (`'`, `’`), a full stop, or Hebrew
//!   gershayim (`"`, `״`) between two letters keeps the run going
//!   (`don't`, `U.S`, `צה"ל` are one word each, as in UAX #29's
//!   MidLetter/MidNumLet); a hyphen, slash or any other punctuation
//!   ends it (`five-day` is two words, as UAX #29 has it).
//! - A number is one word: digits with `.` or `,` between them (`1.7`,
//!   `32,000`, `2720`).
//! - Zero-width non-joiner and joiner (U+200C, U+200D) are inside a
//!   word: Persian `می‌خواهند` is one word.
//! - Arabic, Persian and Urdu clitics written attached to the word
//!   (و، ف، ب، ل، ك and the article ال) are **not** split off:
//!   `وبالمساعدات` is one orthographic word and counts one, as in
//!   Trados, memoQ and Phrase. (Splitting them would need a
//!   morphological analyser and would make Arabic counts disagree with
//!   every client's invoice.)
//! - Each CJK ideograph, Japanese kana and CJK compatibility ideograph
//!   counts as one word on its own (Chinese and Japanese put no spaces
//!   between words; one character per word is what the CAT tools'
//!   Asian-language counts do). Hangul is written with spaces and is
//!   counted by runs like Latin.
//! - Thai, Lao, Khmer and Burmese, written without spaces, count one word
//!   per run between spaces (no dictionary segmentation here).
//!
//! Characters ([`count_characters`]) are the characters of the text that
//! are not white space, placeholders left out.

use std::sync::LazyLock;

/// The inline-code placeholders of [`crate::formats::xliff::Content::text`]
/// and of stored TMX markup: `{1}`, `{/1}`, `{1/}`.
static PLACEHOLDER: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"\{/?[0-9]+/?\}").expect("valid regex"));

/// The text without its placeholders.
pub fn without_placeholders(text: &str) -> std::borrow::Cow<'_, str> {
    PLACEHOLDER.replace_all(text, "")
}

/// Whether `c` counts as a word of its own: a CJK ideograph (unified,
/// extensions A–F, compatibility), or hiragana/katakana (Unicode blocks
/// as in the Unicode 15 charts).
pub fn is_cjk_word_character(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}'   // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9D}'   // half-width katakana
        | '\u{20000}'..='\u{2FA1F}' // extensions B–F and compatibility supplement
    )
}

/// Whether `c` is inside a word: a letter or digit (not CJK), a
/// combining mark of the scripts news desks meet (Latin/Greek/Cyrillic
/// diacritics, Hebrew points, Arabic harakat and Quranic marks,
/// Devanagari/Thai vowel signs), or ZWNJ/ZWJ.
fn is_word_character(c: char) -> bool {
    (c.is_alphanumeric() && !is_cjk_word_character(c))
        || matches!(c,
            '\u{0300}'..='\u{036F}'   // combining diacritical marks
            | '\u{0483}'..='\u{0489}' // Cyrillic combining marks
            | '\u{0591}'..='\u{05C7}' // Hebrew points and accents
            | '\u{0610}'..='\u{061A}' // Arabic marks
            | '\u{064B}'..='\u{065F}' // Arabic harakat
            | '\u{0670}'              // Arabic superscript alef
            | '\u{06D6}'..='\u{06ED}' // Arabic Quranic marks
            | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}' // Devanagari signs
            | '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' // Thai vowel signs and tone marks
            | '\u{200C}' | '\u{200D}' // zero-width non-joiner and joiner
        )
}

/// Punctuation that joins two word characters into one word: `'` `’`
/// `.` between letters (UAX #29 MidLetter, MidNumLet), `.` `,` between
/// digits (MidNum), `"` `״` between Hebrew letters (gershayim).
fn joins(before: char, mid: char, after: char) -> bool {
    let hebrew = |c: char| ('\u{05D0}'..='\u{05EA}').contains(&c);
    match mid {
        '\'' | '\u{2019}' => before.is_alphabetic() && after.is_alphabetic(),
        '.' => (before.is_alphabetic() && after.is_alphabetic()) || (before.is_numeric() && after.is_numeric()),
        ',' | '\u{066B}' | '\u{066C}' => before.is_numeric() && after.is_numeric(), // and the Arabic decimal and thousands separators
        '"' | '\u{05F4}' => hebrew(before) && hebrew(after),
        _ => false,
    }
}

/// The number of words in `text` by the rule of this module's
/// documentation.
pub fn count_words(text: &str) -> usize {
    let text = without_placeholders(text);
    let chars: Vec<char> = text.chars().collect();
    let mut words = 0;
    let mut in_word = false;
    for (i, &c) in chars.iter().enumerate() {
        if is_cjk_word_character(c) {
            words += 1;
            in_word = false;
        } else if is_word_character(c) {
            if !in_word {
                words += 1;
                in_word = true;
            }
        } else if in_word && i > 0 && i + 1 < chars.len() && joins(chars[i - 1], c, chars[i + 1]) && is_word_character(chars[i + 1]) {
            // the run goes on over the joining punctuation
        } else {
            in_word = false;
        }
    }
    words
}

/// The characters of `text` that are not white space, placeholders left out.
pub fn count_characters(text: &str) -> usize {
    without_placeholders(text).chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_dispatch_sentence_counts_by_word_boundaries() {
        // 'five-day' is two words (the hyphen splits), 'U.S.' one, "Egypt's" one
        assert_eq!(count_words("The U.S. and Egypt's mediators proposed a five-day truce."), 10);
        assert_eq!(count_words("Qatar, Egypt and the U.N. - all three - called for calm!"), 10);
    }

    #[test]
    fn numbers_count_one_word_each() {
        assert_eq!(count_words("Some 1.7 million people, 32,000 trucks and resolution 2720."), 9);
        // Arabic-Indic digits with the Arabic decimal separator
        assert_eq!(count_words("نحو ١٫٧ مليون شخص"), 4);
    }

    #[test]
    fn arabic_attached_clitics_are_not_split() {
        // و+ب+ال+تنسيق is one orthographic word; so are وساطتهما and لإطلاق
        assert_eq!(count_words("وتواصل قطر ومصر، بالتنسيق مع الولايات المتحدة، وساطتهما بين حماس وإسرائيل."), 11);
        assert_eq!(count_words("وقف شامل ودائم لإطلاق النار"), 5);
        // harakat (vowel marks) stay inside the word
        assert_eq!(count_words("كَتَبَ الوَلَدُ"), 2);
    }

    #[test]
    fn persian_words_with_zero_width_non_joiner_count_one() {
        // می‌خواهند is written with U+200C between the prefix and the verb
        assert_eq!(count_words("آنها می\u{200C}خواهند به تهران بروند."), 5);
    }

    #[test]
    fn hebrew_acronyms_with_gershayim_count_one() {
        assert_eq!(count_words("דובר צה\"ל אמר כי הכוחות נסוגו."), 6);
        assert_eq!(count_words("ראש הממשלה נפגש עם מזכ״ל האו״ם"), 6);
    }

    #[test]
    fn russian_and_greek_sentences_count_by_spaces_and_punctuation() {
        assert_eq!(count_words("Делегация прибыла в Доху во вторник."), 6);
        assert_eq!(count_words("Η αντιπροσωπεία έφτασε στη Ντόχα."), 5);
    }

    #[test]
    fn each_cjk_ideograph_and_kana_is_one_word() {
        // 9 ideographs and the punctuation between them
        assert_eq!(count_words("代表团周二抵达多哈。"), 9);
        // kana and kanji one each; the Latin run 'Doha' one
        assert_eq!(count_words("代表団はDohaに到着した"), 10);
    }

    #[test]
    fn placeholders_count_zero_and_do_not_split_words() {
        assert_eq!(count_words("{1}Haniyeh{/1} arrived in {2}Doha{/2}{3/}"), 4);
        assert_eq!(count_words("{1/}"), 0);
        assert_eq!(count_characters("{1}Doha{/1} now"), 7);
    }
}
