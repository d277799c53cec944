//! Words in Chinese (and the Han runs of Japanese) text, which has no
//! spaces to find them by: jieba's segmenter (its dictionary and HMM,
//! from the jieba-rs crate) cuts a run of Han characters into words, so
//! that a dictionary (CC-CEDICT) and the lexicon learned from a first
//! pass can read them; its part-of-speech tags pick the words that may
//! be names (matched to their Latin spelling through
//! [`crate::names::NameKey`]'s pinyin: 哈尼亚 and Haniyeh); and Chinese
//! numerals are read as numbers (二十六 is 26, 两千 is 2000), as English
//! number words are (three is 3, December beside a number is 12), so
//! that both meet the digits of the other side.

use jieba_rs::Jieba;
use std::sync::OnceLock;

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// One word of a Han run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Word<'a> {
    pub text: &'a str,
    /// Tagged as a person's name, a place name, a transliterated name
    /// or another proper noun (jieba's nr, nrfg, nrt, ns, nz), or a word
    /// of two or more characters its dictionary does not know.
    pub name_like: bool,
    /// Its value, when the word is a Chinese numeral (see [`numeral`]).
    pub number: Option<u64>,
}

/// jieba's tags of proper nouns (from its dictionary's tag set, the ICTCLAS
/// one: nr person, nrfg and nrt person names, ns place, nz other).
const NAME_TAGS: &[&str] = &["nr", "nrfg", "nrt", "ns", "nz"];

/// The words of a run of Han characters (and whatever jieba keeps with
/// them), in order.
pub(crate) fn words(run: &str) -> Vec<Word<'_>> {
    jieba()
        .tag(run, true)
        .into_iter()
        .filter(|t| !t.word.trim().is_empty())
        .map(|t| {
            let number = numeral(t.word).or_else(|| numeral(t.word.trim_end_matches(['年', '月', '日', '号', '个', '名', '次', '人'])));
            let han = t.word.chars().filter(|&c| is_han(c)).count();
            let name_like = number.is_none() && han >= 2 && (NAME_TAGS.contains(&t.tag) || t.tag == "x");
            Word { text: t.word, name_like, number }
        })
        .collect()
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(crate::lang::char_script(c), Some(crate::lang::Script::Han))
}

/// The value of a word written in Chinese numerals (二十六 26, 一百零五
/// 105, 两千 2000, 三万 30000, 二〇二三 2023), or `None`. A lone 一 is
/// not read: it is as often "a" or part of a word as the number one.
pub(crate) fn numeral(word: &str) -> Option<u64> {
    let chars: Vec<char> = word.chars().collect();
    if chars.is_empty() || chars == ['一'] || !chars.iter().all(|&c| digit(c).is_some() || unit(c).is_some()) {
        return None;
    }
    // digit by digit, as years are written: 二〇二三
    if chars.len() >= 2 && chars.iter().all(|&c| digit(c).is_some()) {
        return chars.iter().try_fold(0u64, |acc, &c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let (mut total, mut section, mut current) = (0u64, 0u64, 0u64);
    for &c in &chars {
        if let Some(d) = digit(c) {
            current = d;
        } else if let Some(u) = unit(c) {
            if u >= 10_000 {
                section = (section + current) * u;
                total = total.checked_add(section)?;
                section = 0;
            } else {
                // 十 alone is ten
                section += current.max(1) * u;
            }
            current = 0;
        }
    }
    Some(total + section + current)
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// English number words (two to ninety-nine, with hundred and thousand
/// as a number's last word: "three hundred" is 300) and month names
/// written beside a number ("December 25, 2023" gives 12), as numbers.
/// "one" is not read (a pronoun as often as a number).
pub(crate) fn english_numbers(sentence: &str) -> Vec<u64> {
    const SMALL: [&str; 20] = [
        "",
        "",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    const MONTHS: [&str; 12] =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    let tokens: Vec<&str> = sentence.split(|c: char| !(c.is_alphanumeric() || c == '-')).filter(|t| !t.is_empty()).collect();
    let mut out = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        if let Some(m) = MONTHS.iter().position(|m| m == token) {
            let beside = |t: Option<&&str>| t.is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()));
            if beside(tokens.get(k + 1)) || (k > 0 && beside(tokens.get(k - 1))) {
                out.push(m as u64 + 1);
            }
            continue;
        }
        let lower = token.to_ascii_lowercase();
        let value = |w: &str| -> Option<u64> {
            if let Some(v) = SMALL.iter().position(|s| !s.is_empty() && *s == w) {
                return Some(v as u64);
            }
            if let Some(v) = TENS.iter().position(|s| !s.is_empty() && *s == w) {
                return Some(10 * v as u64);
            }
            let (tens, ones) = w.split_once('-')?;
            let t = TENS.iter().position(|s| !s.is_empty() && *s == tens)?;
            let o = SMALL.iter().position(|s| !s.is_empty() && *s == ones).filter(|&o| o < 10).or((ones == "one").then_some(1))?;
            Some(10 * t as u64 + o as u64)
        };
        let Some(mut v) = value(&lower) else { continue };
        match tokens.get(k + 1).map(|t| t.to_ascii_lowercase()) {
            Some(next) if next == "hundred" => v *= 100,
            Some(next) if next == "thousand" => v *= 1000,
            Some(next) if next == "million" => v *= 1_000_000,
            _ => {}
        }
        out.push(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_are_read_as_numbers() {
        for (word, want) in [
            ("二十六", Some(26)),
            ("三", Some(3)),
            ("十", Some(10)),
            ("十五", Some(15)),
            ("一百零五", Some(105)),
            ("两千", Some(2000)),
            ("三万", Some(30000)),
            ("二〇二三", Some(2023)),
            ("一", None),
            ("一些", None),
        ] {
            assert_eq!(numeral(word), want, "{word}");
        }
    }

    #[test]
    fn a_chinese_sentence_is_cut_into_words_with_its_names_and_numbers() {
        // a real news sentence (Xinhua style): Haniyeh met the delegation in Doha on 25 December
        let words = words("哈尼亚二十六日在多哈会见了代表团");
        let texts: Vec<&str> = words.iter().map(|w| w.text).collect();
        assert!(texts.contains(&"多哈"), "{texts:?}");
        assert!(texts.contains(&"代表团"), "{texts:?}");
        assert!(words.iter().any(|w| w.number == Some(26)), "{words:?}");
        assert!(words.iter().any(|w| w.text.starts_with("哈尼") && w.name_like), "{words:?}");
    }

    #[test]
    fn english_number_words_and_dated_months_are_numbers() {
        assert_eq!(english_numbers("Three trucks left on December 25, 2023, twenty-six more later."), vec![3, 12, 26]);
        assert_eq!(english_numbers("You may go; one of them stayed. Two hundred people came."), vec![200]);
    }
}
