//! Tokenisation for matching: words, numbers, tags and punctuation, each
//! with its byte span and folded form. Han and kana characters are one
//! token each, since Chinese and Japanese do not put spaces between
//! words. Inline markup (`<b>`, `{1}`, `%s`, `%PRODUCTNAME`, `$(ARG1)`)
//! is one tag token, so that a tag-heavy segment is still matched on its
//! words.

use crate::lang::{Script, char_script};
use crate::text::{fold, is_word_char};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punctuation,
    /// Inline markup or a placeholder.
    Tag,
}

impl TokenKind {
    /// Words and numbers are what the match score counts; tags and
    /// punctuation only cost a fixed penalty.
    pub fn is_comparable(self) -> bool {
        matches!(self, TokenKind::Word | TokenKind::Number)
    }
}

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
    /// The folded form used for comparison.
    pub folded: String,
}

impl Token {
    /// The token's text in `text` (the string it was cut from).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

fn is_ideographic(c: char) -> bool {
    matches!(char_script(c), Some(Script::Han | Script::Kana))
}

/// The byte length of a tag starting at the start of `rest`, if one
/// does: `<…>` markup, `{…}` and `$(…)` placeholders, `%s`-style and
/// `%NAME` variables.
fn tag_len(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let closing = |open: usize, close: u8, max: usize| {
        bytes[open..].iter().take(max).position(|&b| b == close).map(|p| open + p + 1).filter(|&end| end > open + 1)
    };
    match bytes.first()? {
        b'<' if bytes.get(1).is_some_and(|&b| b.is_ascii_alphabetic() || b == b'/' || b == b'!' || b == b'?') => closing(1, b'>', 400),
        b'{' if bytes.get(1).is_some_and(|&b| b.is_ascii_alphanumeric()) => {
            closing(1, b'}', 40).filter(|&end| rest[1..end - 1].chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        }
        b'$' if bytes.get(1) == Some(&b'(') => closing(2, b')', 40),
        b'%' => {
            let run = bytes[1..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'$' || **b == b'_').count();
            (run > 0).then_some(1 + run)
        }
        _ => None,
    }
}

/// Splits `text` into tokens; whitespace separates and is dropped.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if let Some(len) = tag_len(&text[start..]) {
            let end = start + len;
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            tokens.push(Token { kind: TokenKind::Tag, start, end, folded: text[start..end].to_string() });
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = if is_ideographic(c) {
            TokenKind::Word
        } else if is_word_char(c) {
            // a word runs on through letters, digits, inner apostrophes
            // (Isma'il) and inner hyphens (al-Aqsa) and decimal points.
            while let Some(&(i, n)) = chars.peek() {
                let joins_next = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.peek().is_some_and(|&(_, after)| is_word_char(after) && !is_ideographic(after))
                };
                if is_word_char(n) && !is_ideographic(n) {
                    end = i + n.len_utf8();
                    chars.next();
                } else if matches!(n, '\'' | '’' | 'ʼ' | 'ʿ' | 'ʾ' | '-' | '.' | ',' | '٫' | '٬') && joins_next(&mut chars) {
                    let numeric_joiner = matches!(n, '.' | ',' | '٫' | '٬');
                    let last_is_digit = text[start..end].chars().last().is_some_and(|c| c.is_numeric());
                    if numeric_joiner && !last_is_digit {
                        break;
                    }
                    end = i + n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            if text[start..end].chars().all(|c| c.is_numeric() || matches!(c, '.' | ',' | '٫' | '٬')) {
                TokenKind::Number
            } else {
                TokenKind::Word
            }
        } else {
            TokenKind::Punctuation
        };
        // a number's folded form drops group separators: 31,000 = 31000
        let folded = if kind == TokenKind::Number { fold(&text[start..end]).replace([',', '٬'], "") } else { fold(&text[start..end]) };
        tokens.push(Token { kind, start, end, folded });
    }
    tokens
}

/// The index key of a comparable token: every number is `#` (numbers
/// that differ are not word edits), every word its name key, so that
/// spellings of one name meet in the index.
pub fn index_key(text: &str, token: &Token) -> String {
    match token.kind {
        TokenKind::Number => "#".to_string(),
        _ => crate::names::name_key(token.text(text)),
    }
}

/// The index keys of a text's comparable tokens, each with how often it
/// occurs, and the number of comparable tokens.
pub fn index_keys(text: &str) -> (Vec<(String, u32)>, usize) {
    let tokens = tokenize(text);
    let mut keys: Vec<String> = tokens.iter().filter(|t| t.kind.is_comparable()).map(|t| index_key(text, t)).collect();
    let length = keys.len();
    keys.sort_unstable();
    let mut counted: Vec<(String, u32)> = Vec::with_capacity(keys.len());
    for key in keys {
        match counted.last_mut() {
            Some((last, n)) if *last == key => *n += 1,
            _ => counted.push((key, 1)),
        }
    }
    (counted, length)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| text[t.start..t.end].to_string()).collect()
    }

    #[test]
    fn tokens_table() {
        assert_eq!(words("Isma'il Haniyeh met al-Sisi."), ["Isma'il", "Haniyeh", "met", "al-Sisi", "."]);
        assert_eq!(words("31,000 trucks, 3.5 tonnes."), ["31,000", "trucks", ",", "3.5", "tonnes", "."]);
        assert_eq!(words("外交部说。"), ["外", "交", "部", "说", "。"]);
        assert_eq!(words("قال هنية، إن"), ["قال", "هنية", "،", "إن"]);
        assert_eq!(tokenize("٣١٠٠٠")[0].folded, "31000");
        assert_eq!(tokenize("31,000")[0].kind, TokenKind::Number);
    }

    #[test]
    fn tags_are_one_token_each() {
        let cases = [
            ("Click <emph>Save</emph>.", vec!["Click", "<emph>", "Save", "</emph>", "."]),
            ("Open %PRODUCTNAME now", vec!["Open", "%PRODUCTNAME", "now"]),
            ("Copy {0} files to $(ARG1)", vec!["Copy", "{0}", "files", "to", "$(ARG1)"]),
            ("%s of %d", vec!["%s", "of", "%d"]),
            ("50 % more, a < b", vec!["50", "%", "more", ",", "a", "<", "b"]),
        ];
        for (text, want) in cases {
            assert_eq!(words(text), want, "{text}");
        }
        assert_eq!(tokenize("<b>x</b>")[0].kind, TokenKind::Tag);
    }

    #[test]
    fn index_keys_count_repeats_and_unify_numbers_and_name_spellings() {
        let (keys, length) = index_keys("The talks, the 3 talks and 4.");
        assert_eq!(length, 7);
        assert!(keys.contains(&("#".to_string(), 2)));
        assert!(keys.iter().any(|(_, n)| *n == 2));
        assert_eq!(index_keys("Haniyeh").0, index_keys("Haniya").0);
    }
}
