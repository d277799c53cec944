//! Text normalisation shared by every stage: NFC on the way in, and a
//! folded form for comparisons (case, diacritics, Arabic tatweel and
//! harakat, alef/ya/ta-marbuta variants, apostrophes and ʿayn/hamza
//! marks). The folded form is kept beside the original, never instead.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// NFC-normalises text as it enters the tool.
pub fn nfc(text: &str) -> String {
    if is_nfc(text) { text.to_string() } else { text.nfc().collect() }
}

/// [`nfc`] of a text that is owned already: kept as it is (no copy) when
/// it is in NFC.
pub fn into_nfc(text: String) -> String {
    if is_nfc(&text) { text } else { text.nfc().collect() }
}

fn is_nfc(text: &str) -> bool {
    // ASCII is always NFC, and checking it is much cheaper than the quick check
    text.is_ascii() || unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
}

/// [`fold`] of one word, with a shortcut for ASCII (lower case,
/// apostrophes and backticks dropped: what `fold` does to ASCII), the
/// common case on every hot path that folds words.
pub fn fold_word(word: &str) -> String {
    if word.is_ascii() {
        word.bytes().filter(|b| !matches!(b, b'\'' | b'`')).map(|b| char::from(b.to_ascii_lowercase())).collect()
    } else {
        fold(word)
    }
}

/// Folds one word or phrase for comparison: lower case, no diacritics,
/// Arabic letters unified, apostrophe-like marks removed. Digits of any
/// system become ASCII digits.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match fold_char(c) {
            FoldedChar::Drop => {}
            FoldedChar::Keep(c) => {
                for lower in c.to_lowercase() {
                    out.push(lower);
                }
            }
        }
    }
    out
}

/// The letter [`fold`] keeps for one character, before lower-casing
/// (the Arabic, Persian and Urdu forms of one letter unified: ی ى ي, ک
/// ك, ہ ة ه, أ إ آ ا), or `None` for one it drops (harakat, tatweel,
/// apostrophes): a comparison letter by letter that allocates nothing.
pub fn folded_char(c: char) -> Option<char> {
    match fold_char(c) {
        FoldedChar::Drop => None,
        FoldedChar::Keep(c) => Some(c),
    }
}

enum FoldedChar {
    Drop,
    Keep(char),
}

fn fold_char(c: char) -> FoldedChar {
    use FoldedChar::*;
    match c {
        // apostrophes, ʿayn and hamza marks in transliteration
        '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | '`' | '´' | 'ʹ' => Drop,
        // Arabic tatweel and harakat (also caught as combining marks)
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' => Keep('ا'),
        'ى' | 'ی' | 'ئ' | 'ې' | 'ے' => Keep('ي'),
        'ة' | 'ۀ' | 'ہ' | 'ە' => Keep('ه'),
        'ؤ' => Keep('و'),
        'ک' => Keep('ك'),
        '٠'..='٩' => Keep(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '۰'..='۹' => Keep(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '０'..='９' => Keep(char::from(b'0' + (c as u32 - 0xFF10) as u8)),
        'ı' => Keep('i'),
        'ß' => Keep('s'),
        'ø' => Keep('o'),
        'đ' | 'ð' => Keep('d'),
        'ł' => Keep('l'),
        'æ' => Keep('e'),
        _ => Keep(c),
    }
}

/// The ASCII value of a digit in any of the digit systems dispatches use
/// (ASCII, Arabic-Indic, Persian, full-width).
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '٠'..='٩' => Some(c as u32 - 0x0660),
        '۰'..='۹' => Some(c as u32 - 0x06F0),
        '０'..='９' => Some(c as u32 - 0xFF10),
        _ => None,
    }
}

/// Whether a character is a letter or digit for tokenising purposes.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{200C}' || c == '\u{200D}'
}

/// Text for HTML: the five characters that mean something there escaped,
/// and control characters shown, not written.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') => {
                out.push_str(&format!("&#x{:x};", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out
}

/// True for a character that must not reach a terminal raw: C0 and C1
/// controls other than tab, DEL, and the bidirectional embedding,
/// override and isolate controls.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every unsafe character (see [`is_unsafe`]) written as a
/// visible escape such as `\u{1b}`; text without one is returned as is.
/// A line break is escaped too: a caller that prints multi-line text
/// splits it into lines first.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// An error and its causes on one line, each cause once: a cause whose
/// text the message so far already holds (library errors quote their
/// source) is left out. The command line prints errors so, and the
/// server answers them so.
pub fn one_line(error: &(dyn std::error::Error + 'static)) -> String {
    let mut line = String::new();
    for cause in std::iter::successors(Some(error), |e| e.source()) {
        let text = cause.to_string();
        // SQLite's codes say again what the message said ("Error code 26: file is not a database")
        let gist = text.rsplit(": ").next().unwrap_or(&text);
        if line.contains(&text) || line.contains(gist) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn into_nfc_normalises_like_nfc() {
        for text in ["plain", "e\u{301}te\u{301}", "\u{e9}t\u{e9}", "قال", "Ω\u{2126}", ""] {
            assert_eq!(into_nfc(text.to_string()), nfc(text), "{text:?}");
        }
        assert_eq!(nfc("e\u{301}"), "\u{e9}");
    }

    #[test]
    fn folding_unifies_what_translators_consider_the_same() {
        for (a, b) in [
            ("Isma'il", "Ismail"),
            ("ISMAʿIL", "ismail"),
            ("Müller", "muller"),
            ("أحمد", "احمد"),
            ("هنيّة", "هنيه"),
            ("فلسطين", "فلســطين"),
            ("یک", "يك"),
            ("٣١٠٠٠", "31000"),
            ("۱۴۰۳", "1403"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} vs {b}");
        }
        assert_ne!(fold("Hassan"), fold("Hussein"));
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(nfc("e\u{301}"), "é");
    }
}
