//! Numbers as translators write them: `31,000`, `31 000`, `31.000`,
//! `٣١٬٠٠٠`, `3.5`, `3,5`. A number is read into its value (a canonical
//! decimal string) and its style (digit system, group and decimal
//! separators), so that a new value can be written the way the stored
//! translation wrote the old one.
//!
//! Reading rule, the same for every language: a separator followed by
//! exactly three digits (and then the end or the same separator again)
//! groups thousands; any other separator is the decimal point.

use crate::text::digit_value;

/// How a number was written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Style {
    /// The zero of the digit system: '0', '٠' or '۰' (or full-width).
    pub zero: char,
    pub group: Option<char>,
    pub decimal: Option<char>,
}

/// A number found in a text: where, its value and how it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundNumber {
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub style: Style,
}

const SEPARATORS: &[char] = &[',', '.', '٫', '٬', '\u{a0}', '\u{202f}', ' ', '\'', '’'];

fn zero_of(c: char) -> char {
    match c {
        '٠'..='٩' => '٠',
        '۰'..='۹' => '۰',
        '０'..='９' => '０',
        _ => '0',
    }
}

/// Reads one number written alone (`31,000`, `٣١٠٠٠`, `3,5`); `None`
/// if `text` is not a number.
pub fn parse(text: &str) -> Option<(String, Style)> {
    let found = find_numbers(text);
    match found.as_slice() {
        [one] if one.start == 0 && one.end == text.len() => Some((one.value.clone(), one.style.clone())),
        _ => None,
    }
}

/// Every number in `text`, in order. Spaces (plain, no-break, narrow
/// no-break) count as group separators only between a 1-3 digit group
/// and exactly three digits (`31 000`).
pub fn find_numbers(text: &str) -> Vec<FoundNumber> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let (start, c) = chars[k];
        let previous_is_word = k > 0 && (chars[k - 1].1.is_alphanumeric() || chars[k - 1].1 == '_');
        if digit_value(c).is_none() || previous_is_word {
            k += 1;
            continue;
        }
        // groups of digits and the separators between them
        let mut groups: Vec<String> = Vec::new();
        let mut separators: Vec<char> = Vec::new();
        let mut j = k;
        let mut current = String::new();
        let mut end = start;
        loop {
            while j < chars.len()
                && let Some(v) = digit_value(chars[j].1)
            {
                current.push(char::from(b'0' + v as u8));
                end = chars[j].0 + chars[j].1.len_utf8();
                j += 1;
            }
            groups.push(std::mem::take(&mut current));
            let Some(&(_, sep)) = chars.get(j) else { break };
            let next_is_digit = chars.get(j + 1).is_some_and(|&(_, n)| digit_value(n).is_some());
            if !SEPARATORS.contains(&sep) || !next_is_digit {
                break;
            }
            if matches!(sep, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’') {
                // a space groups only 3 digits after a group of 1-3
                let run = chars[j + 1..].iter().take_while(|&&(_, n)| digit_value(n).is_some()).count();
                let previous_len = groups.last().map_or(0, String::len);
                let first_ok = separators.is_empty() && (1..=3).contains(&previous_len) || !separators.is_empty() && previous_len == 3;
                if run != 3 || !first_ok {
                    break;
                }
            }
            separators.push(sep);
            j += 1;
        }
        let word_follows = chars.get(j).is_some_and(|&(_, n)| n.is_alphabetic());
        if !word_follows {
            out.push(interpret(start, end, groups, separators, zero_of(c)));
        }
        k = j.max(k + 1);
    }
    out
}

fn interpret(start: usize, end: usize, groups: Vec<String>, separators: Vec<char>, zero: char) -> FoundNumber {
    // the last separator is decimal unless it is followed by exactly 3
    // digits and is the same as any separator before it (or the only one)
    let mut style = Style { zero, group: None, decimal: None };
    let mut integer = String::new();
    let mut fraction = String::new();
    let last = separators.len();
    for (k, group) in groups.iter().enumerate() {
        if k == 0 {
            integer.push_str(group);
            continue;
        }
        let sep = separators[k - 1];
        let is_last = k == last;
        let grouping = group.len() == 3 && (!is_last || separators[..k - 1].iter().all(|&s| s == sep)) && sep != '٫';
        if grouping && fraction.is_empty() && style.decimal.is_none() {
            style.group = Some(sep);
            integer.push_str(group);
        } else if style.decimal.is_none() && is_last {
            style.decimal = Some(sep);
            fraction.push_str(group);
        } else {
            integer.push_str(group);
        }
    }
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    let value = if fraction.is_empty() { integer.to_string() } else { format!("{integer}.{fraction}") };
    FoundNumber { start, end, value, style }
}

/// Writes `value` (a canonical decimal string, as [`parse`] gives) in
/// `style`. Group separators are used only if the style had one.
pub fn format(value: &str, style: &Style) -> String {
    let (integer, fraction) = value.split_once('.').unwrap_or((value, ""));
    let mut out = String::new();
    let digits: Vec<char> = integer.chars().collect();
    for (k, d) in digits.iter().enumerate() {
        if k > 0
            && (digits.len() - k).is_multiple_of(3)
            && let Some(group) = style.group
        {
            out.push(group);
        }
        out.push(*d);
    }
    if !fraction.is_empty() {
        out.push(style.decimal.unwrap_or('.'));
        out.push_str(fraction);
    }
    let zero = if style.zero == '\0' { '0' } else { style.zero };
    out.chars()
        .map(|c| match c.to_digit(10) {
            Some(v) if zero != '0' => char::from_u32(zero as u32 + v).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_table() {
        let cases = [
            ("31,000", "31000", Some(','), None),
            ("31.000", "31000", Some('.'), None),
            ("31\u{a0}000", "31000", Some('\u{a0}'), None),
            ("31 000", "31000", Some(' '), None),
            ("3.5", "3.5", None, Some('.')),
            ("3,5", "3.5", None, Some(',')),
            ("1,234,567.89", "1234567.89", Some(','), Some('.')),
            ("1.234.567,89", "1234567.89", Some('.'), Some(',')),
            ("٣١٬٠٠٠", "31000", Some('٬'), None),
            ("۱۴۰۲", "1402", None, None),
            ("2019", "2019", None, None),
        ];
        for (text, value, group, decimal) in cases {
            let (v, style) = parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((v.as_str(), style.group, style.decimal), (value, group, decimal), "{text}");
        }
    }

    #[test]
    fn writing_keeps_the_style() {
        for text in ["31,000", "31.000", "31\u{202f}000", "٣١٬٠٠٠", "3,5", "۱۴۰۲", "1,234,567.89"] {
            let (value, style) = parse(text).unwrap();
            assert_eq!(format(&value, &style), text);
        }
        let (_, style) = parse("31 000").unwrap();
        assert_eq!(format("1250000", &style), "1 250 000");
        let (_, style) = parse("٣١٠٠٠").unwrap();
        assert_eq!(format("32000", &style), "٣٢٠٠٠");
    }

    #[test]
    fn numbers_are_found_in_running_text() {
        let found = find_numbers("Le 17 mars, 31 000 camions et 3,5 tonnes (article 12b, version 2).");
        let values: Vec<&str> = found.iter().map(|n| n.value.as_str()).collect();
        assert_eq!(values, ["17", "31000", "3.5", "2"]);
        assert!(find_numbers("x86 and MP3").is_empty());
    }
}
