//! Tokenisation for matching: words, numbers and punctuation, each with
//! its byte span and folded form. Han and kana characters are one token
//! each, since Chinese and Japanese do not put spaces between words.

use crate::lang::{Script, char_script};
use crate::text::{fold, is_word_char};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punctuation,
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

fn is_ideographic(c: char) -> bool {
    matches!(char_script(c), Some(Script::Han | Script::Kana))
}

/// Splits `text` into tokens; whitespace separates and is dropped.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
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
                } else if matches!(n, '\'' | '’' | 'ʼ' | 'ʿ' | 'ʾ' | '-' | '.' | ',') && joins_next(&mut chars) {
                    let numeric_joiner = matches!(n, '.' | ',');
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
            if text[start..end].chars().all(|c| c.is_numeric() || matches!(c, '.' | ',')) { TokenKind::Number } else { TokenKind::Word }
        } else {
            TokenKind::Punctuation
        };
        // a number's folded form drops group separators: 31,000 = 31000
        let folded = if kind == TokenKind::Number { fold(&text[start..end]).replace(',', "") } else { fold(&text[start..end]) };
        tokens.push(Token { kind, start, end, folded });
    }
    tokens
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
}
