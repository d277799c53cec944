//! Names written in other scripts, brought to the phone symbols of
//! [`super::key`]: Arabic, Persian and Urdu letters, Hebrew letters
//! (both without short vowels: consonants and long vowels only),
//! Cyrillic (to Latin letters, then read as Latin) and Chinese (to
//! toneless pinyin with the `pinyin` crate).
//!
//! No Rust crate romanises Arabic script; the tables here follow the
//! common English news practice (ج j, خ kh, ذ dh, ش sh, ع ʿ, غ gh, ق q, ة a).

use pinyin::ToPinyin;

fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}')
}

/// The phones of a word in Arabic script (Arabic, Persian, Urdu). The
/// article ال is dropped, as is the one inside عبدال‍.
pub fn arabic_phones(word: &str) -> Vec<u8> {
    arabic_letters_phones(&arabic_letters(word, true), Reading::default())
}

/// The other ways a word in Arabic script may be written in Latin
/// letters, as phones (see [`arabic_phones`] for the usual one): with the
/// article kept (Alqatari, Elamine, and Alfred, whose al- is no article),
/// with a first alef and waw or ya read as one vowel, o / u or i / e
/// (أوتون Oughton, إيفو Ivo), not as aw / ay (أوس Aws, أيمن Ayman), and
/// with a final يه read as the e or é of a French or German name
/// (إندريه Endre, ثوميه Thomé, موسيه Musset).
pub fn arabic_readings(word: &str) -> Vec<Vec<u8>> {
    let dropped = arabic_letters(word, true);
    let kept = arabic_letters(word, false);
    let mut out: Vec<Vec<u8>> = Vec::new();
    for letters in [&dropped, &kept] {
        for reading in 0..4 {
            let phones = arabic_letters_phones(letters, Reading { initial_vowel: reading & 1 != 0, final_e: reading & 2 != 0 });
            if !phones.is_empty() && !out.contains(&phones) {
                out.push(phones);
            }
        }
    }
    out.retain(|p| *p != arabic_letters_phones(&dropped, Reading::default()));
    out
}

/// The letters of a word in Arabic script that carry sounds: marks and
/// tatweel gone, the article dropped when `drop_article`, and the one
/// inside عبدال‍ always.
fn arabic_letters(word: &str, drop_article: bool) -> Vec<char> {
    let mut chars: Vec<char> = word.chars().filter(|c| !is_arabic_mark(*c) && (c.is_alphabetic() || *c == 'ء')).collect();
    let allah = ['ا', 'ل', 'ل', 'ه'];
    if drop_article && chars.len() > 3 && chars[0] == 'ا' && chars[1] == 'ل' && chars[..] != allah[..] {
        chars.drain(..2);
    }
    if chars.len() > 5 && chars[..3] == ['ع', 'ب', 'د'] && chars[3] == 'ا' && chars[4] == 'ل' {
        chars.drain(3..5);
        // عبدالله: the article was part of Allah; keep its alef as a vowel
        if chars.len() == 5 && chars[3..] == ['ل', 'ه'] {
            chars.insert(3, 'ا');
        }
    }
    chars
}

/// How [`arabic_letters_phones`] reads the letters that may stand for
/// vowels (see [`arabic_readings`]).
#[derive(Clone, Copy, Default)]
struct Reading {
    /// A first alef followed by waw or ya is one vowel.
    initial_vowel: bool,
    /// A final يه is one e.
    final_e: bool,
}

/// The phones of letters prepared by [`arabic_letters`], read as `reading` says.
fn arabic_letters_phones(chars: &[char], reading: Reading) -> Vec<u8> {
    let n = chars.len();
    let mut out = Vec::with_capacity(n + 2);
    let mut skip_next = false;
    for (k, &c) in chars.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let last = k + 1 == n;
        let next = chars.get(k + 1).copied();
        if reading.final_e && k + 2 == n && n > 2 && matches!(c, 'ي' | 'ی') && matches!(next, Some('ه' | 'ە')) {
            out.push(b'e');
            skip_next = true;
            continue;
        }
        if reading.initial_vowel && k == 0 && matches!(c, 'ا' | 'أ' | 'إ') && matches!(next, Some('و' | 'ي' | 'ی')) && n > 2 {
            out.push(if next == Some('و') { b'u' } else { b'i' });
            skip_next = true;
            continue;
        }
        // تش, دج, تس: how Arabic writes ch, j (dj) and ts/z of foreign names
        let pair: Option<&[u8]> = match (c, next) {
            ('ت', Some('ش')) => Some(b"c"),
            ('د', Some('ج')) => Some(b"j"),
            ('ت', Some('س')) => Some(b"z"),
            _ => None,
        };
        if let Some(phone) = pair {
            out.extend_from_slice(phone);
            skip_next = true;
            continue;
        }
        let phone: &[u8] = match c {
            'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' => b"a",
            'ء' | 'ؤ' | 'ئ' | 'ع' => b"'",
            'ب' => b"b",
            'پ' => b"p",
            'ت' | 'ط' | 'ٹ' => b"t",
            'ث' => b"T",
            'ج' => b"j",
            'چ' => b"c",
            'ح' => b"h",
            'خ' => b"K",
            'د' | 'ڈ' => b"d",
            'ذ' | 'ض' | 'ظ' => b"D",
            'ر' | 'ڑ' => b"r",
            'ز' => b"z",
            'ژ' => b"Z",
            'س' | 'ص' => b"s",
            'ش' => b"S",
            'غ' => b"G",
            'ف' => b"f",
            'ق' => b"q",
            'ك' | 'ک' => b"k",
            'گ' => b"g",
            'ل' => b"l",
            'م' => b"m",
            'ن' | 'ں' => b"n",
            'ة' | 'ۃ' => b"a",
            'ه' | 'ہ' | 'ۀ' | 'ە' if last && k > 0 => b"a",
            'ه' | 'ہ' | 'ھ' | 'ۀ' | 'ە' => b"h",
            'و' => b"v",
            'ى' if last => b"a",
            'ي' | 'ی' | 'ى' | 'ے' | 'ې' | 'ۍ' => b"y",
            _ => b"",
        };
        out.extend_from_slice(phone);
    }
    out.dedup();
    out
}

/// The phones of a word in Hebrew script.
pub fn hebrew_phones(word: &str) -> Vec<u8> {
    let chars: Vec<char> = word.chars().filter(|c| ('\u{05D0}'..='\u{05EA}').contains(c)).collect();
    let n = chars.len();
    let mut out = Vec::with_capacity(n + 2);
    for (k, &c) in chars.iter().enumerate() {
        let last = k + 1 == n;
        let phone: &[u8] = match c {
            'א' | 'ע' => b"'",
            'ב' => b"b",
            'ג' => b"g",
            'ד' => b"d",
            'ה' if last && k > 0 => b"a",
            'ה' => b"h",
            'ו' => b"v",
            'ז' => b"z",
            'ח' => b"K",
            'ט' | 'ת' => b"t",
            'י' => b"y",
            'כ' | 'ך' => b"K",
            'ל' => b"l",
            'מ' | 'ם' => b"m",
            'נ' | 'ן' => b"n",
            'ס' => b"s",
            'פ' => b"p",
            'ף' => b"f",
            'צ' | 'ץ' => b"z",
            'ק' => b"q",
            'ר' => b"r",
            'ש' => b"S",
            _ => b"",
        };
        out.extend_from_slice(phone);
    }
    out.dedup();
    out
}

/// A Cyrillic word in Latin letters (English-style romanisation: х kh,
/// ж zh, ц ts, ч ch, ш sh, я ya).
pub fn cyrillic_to_latin(word: &str) -> String {
    let mut out = String::with_capacity(word.len() * 2);
    for c in word.chars().flat_map(char::to_lowercase) {
        let s = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ґ' => "g",
            'д' => "d",
            'е' | 'є' => "e",
            'ё' => "yo",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'ї' => "yi",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'э' => "e",
            'ю' => "yu",
            'я' => "ya",
            '-' => "-",
            other if other.is_ascii_alphabetic() => {
                out.push(other);
                continue;
            }
            _ => "",
        };
        out.push_str(s);
    }
    out
}

/// A Chinese word in toneless pinyin, spelled so that the Latin rules
/// read it as pinyin is pronounced (x as sh, q as ch, c as ts, zh as ch).
pub fn chinese_to_latin(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        match c.to_pinyin() {
            Some(p) => {
                let plain = p.plain();
                let (initial, rest) = match plain.as_bytes() {
                    [b'z', b'h', ..] => ("ch", &plain[2..]),
                    [b'x', ..] => ("sh", &plain[1..]),
                    [b'q', ..] => ("ch", &plain[1..]),
                    [b'c', b'h', ..] => ("ch", &plain[2..]),
                    [b'c', ..] => ("ts", &plain[1..]),
                    _ => ("", plain),
                };
                out.push_str(initial);
                out.push_str(rest);
            }
            None if c.is_alphabetic() => out.extend(c.to_lowercase()),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letters_become_consonants_and_long_vowels() {
        for (word, expected) in [
            ("هنية", "hnya"),
            ("هنیه", "hnya"),
            ("إسماعيل", "asma'yl"),
            ("القذافي", "qDafy"),
            ("نصرالله", "nsrala"),
            ("عبدالرحمن", "'bdrhmn"),
            ("عبدالله", "'bdala"),
            ("مُحَمَّد", "mhmd"),
        ] {
            assert_eq!(String::from_utf8(arabic_phones(word)).unwrap(), expected, "{word}");
        }
    }

    #[test]
    fn hebrew_letters_become_consonants_and_long_vowels() {
        assert_eq!(String::from_utf8(hebrew_phones("משה")).unwrap(), "mSa");
        assert_eq!(String::from_utf8(hebrew_phones("יצחק")).unwrap(), "yzKq");
    }

    #[test]
    fn cyrillic_and_chinese_are_romanised() {
        assert_eq!(cyrillic_to_latin("Хания"), "khaniya");
        assert_eq!(cyrillic_to_latin("Насралла"), "nasralla");
        assert_eq!(chinese_to_latin("王毅"), "wangyi");
        assert_eq!(chinese_to_latin("习近平"), "shijinping");
    }
}
