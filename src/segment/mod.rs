//! Sentence segmentation: splits text into sentences as byte spans into
//! the original, per language.
//!
//! A line break always ends a sentence (dispatches keep one paragraph a
//! line, and headings, datelines and footnotes stand on lines of their
//! own); inside a line a sentence ends at a terminator (`. ! ? … ؟ ۔ 。
//! ！ ？`), after any closing quotes, brackets and footnote markers,
//! unless the period belongs to an abbreviation, an initial or a number,
//! or the next word starts in lower case.
//!
//! ```
//! use dragoman::lang::Lang;
//! use dragoman::segment::Segmenter;
//!
//! let seg = Segmenter::new(&Lang::parse("en").unwrap());
//! let text = "Mr. Haniyeh met the U.N. envoy at 10 a.m. on Monday. Talks went on.";
//! let sentences: Vec<&str> = seg.split(text).collect();
//! assert_eq!(sentences, ["Mr. Haniyeh met the U.N. envoy at 10 a.m. on Monday.", "Talks went on."]);
//! ```

mod abbreviations;

use crate::lang::{Lang, Script};
use serde::Serialize;
use std::collections::HashSet;

/// One sentence: its text and its byte span in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A sentence splitter configured for one language.
#[derive(Debug, Clone)]
pub struct Segmenter {
    lang: Lang,
    abbreviations: HashSet<String>,
}

impl Segmenter {
    /// Builds the segmenter for `lang`; languages without their own list
    /// get the rules of their script and the common Latin abbreviations.
    pub fn new(lang: &Lang) -> Segmenter {
        let abbreviations = abbreviations::for_language(lang.primary()).iter().map(|a| a.to_lowercase()).collect();
        Segmenter { lang: lang.clone(), abbreviations }
    }

    /// The language this segmenter was built for.
    pub fn lang(&self) -> &Lang {
        &self.lang
    }

    /// The byte spans of the sentences of `text`, in order, not
    /// overlapping, each trimmed of surrounding whitespace.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            self.split_line(text, line_start, line_start + line.len(), &mut spans);
            line_start += line.len();
        }
        spans
    }

    /// The sentences of `text` as borrowed slices.
    pub fn split<'t>(&self, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
        self.spans(text).into_iter().map(move |(s, e)| &text[s..e])
    }

    /// The sentences of `text` with their spans.
    pub fn sentences(&self, text: &str) -> Vec<Sentence> {
        self.spans(text).into_iter().map(|(start, end)| Sentence { text: text[start..end].to_string(), start, end }).collect()
    }

    fn split_line(&self, text: &str, from: usize, to: usize, spans: &mut Vec<(usize, usize)>) {
        let line = &text[from..to];
        let mut sentence_start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (_, c) = chars[i];
            if !is_terminator(c) {
                i += 1;
                continue;
            }
            let term_at = i;
            // a run of terminators: "?!", "...", "。」"
            while i < chars.len() && is_terminator(chars[i].1) {
                i += 1;
            }
            let run_end = i;
            i = skip_closers_and_markers(&chars, i);
            let end_byte = chars.get(i).map_or(line.len(), |(b, _)| *b);
            let next = chars[i..].iter().find(|(_, c)| !c.is_whitespace()).map(|(_, c)| *c);
            let followed_by_space = chars.get(i).is_none_or(|(_, c)| c.is_whitespace());
            if self.is_boundary(&chars, term_at, run_end, followed_by_space, next) {
                push_trimmed(text, from + sentence_start, from + end_byte, spans);
                sentence_start = end_byte;
            }
        }
        push_trimmed(text, from + sentence_start, to, spans);
    }

    fn is_boundary(&self, chars: &[(usize, char)], term_at: usize, run_end: usize, followed_by_space: bool, next: Option<char>) -> bool {
        let term = chars[term_at].1;
        let Some(next) = next else { return true };
        if is_cjk_terminator(term) {
            return true;
        }
        if !followed_by_space {
            return false;
        }
        if next.is_lowercase() {
            return false;
        }
        let single_period = term == '.' && run_end == term_at + 1;
        if single_period {
            let word = word_before(chars, term_at);
            if self.is_abbreviation(&word) {
                return false;
            }
            // an initial: "Ismail H. Haniyeh"
            let letters: Vec<char> = word.chars().collect();
            if letters.len() == 1 && letters[0].is_uppercase() && crate::lang::char_script(letters[0]) != Some(Script::Han) {
                return false;
            }
        }
        true
    }

    fn is_abbreviation(&self, word: &str) -> bool {
        if word.is_empty() {
            return false;
        }
        let lower = word.to_lowercase();
        // dotted abbreviations like "U.N", "e.g", "a.m" (the final period is the terminator)
        if lower.contains('.') && lower.split('.').all(|p| p.chars().count() <= 2 && !p.is_empty()) {
            return true;
        }
        self.abbreviations.contains(&lower)
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '؟' | '۔' | '。' | '！' | '？' | '‼' | '⁇' | '⁈' | '⁉' | '।' | '॥' | '։' | '\u{037E}')
}

fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '》' | '〉' | '）' | '】' | '〕' | '“')
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁰'..='⁹')
}

/// Skips closing quotes and brackets and footnote markers (`[12]`, `¹²`)
/// that belong to the sentence just ended.
fn skip_closers_and_markers(chars: &[(usize, char)], mut i: usize) -> usize {
    loop {
        if i < chars.len() && (is_closer(chars[i].1) || is_superscript_digit(chars[i].1)) {
            i += 1;
            continue;
        }
        if i < chars.len() && chars[i].1 == '[' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].1.is_ascii_digit() {
                j += 1;
            }
            if j > i + 1 && j < chars.len() && chars[j].1 == ']' {
                i = j + 1;
                continue;
            }
        }
        return i;
    }
}

/// The word before position `at`, including inner periods ("U.N" in "U.N.").
fn word_before(chars: &[(usize, char)], at: usize) -> String {
    let mut start = at;
    while start > 0 {
        let c = chars[start - 1].1;
        if c.is_alphanumeric() || c == '.' {
            start -= 1;
        } else {
            break;
        }
    }
    chars[start..at].iter().map(|(_, c)| *c).collect::<String>().trim_start_matches('.').to_string()
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let slice = &text[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = end - (slice.len() - slice.trim_end().len());
    if trimmed_start < trimmed_end {
        spans.push((trimmed_start, trimmed_end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(lang: &str, text: &str) -> Vec<String> {
        Segmenter::new(&Lang::parse(lang).unwrap()).split(text).map(str::to_string).collect()
    }

    #[test]
    fn rules_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("en", "Hello world. My name is Jonas.", &["Hello world.", "My name is Jonas."]),
            (
                "en",
                "Mr. Smith met Dr. Jones at 10 a.m. today. They talked.",
                &["Mr. Smith met Dr. Jones at 10 a.m. today.", "They talked."],
            ),
            ("en", "The U.N. envoy arrived. He left.", &["The U.N. envoy arrived.", "He left."]),
            ("en", "It cost 3.5 million dollars. No. 5 was sold.", &["It cost 3.5 million dollars.", "No. 5 was sold."]),
            ("en", "Ismail H. Haniyeh spoke. Then he left.", &["Ismail H. Haniyeh spoke.", "Then he left."]),
            ("en", "He said: \"We will not retreat.\" The crowd cheered.", &["He said: \"We will not retreat.\"", "The crowd cheered."]),
            ("en", "It played a role.[1] The war ended.", &["It played a role.[1]", "The war ended."]),
            ("en", "Headline without a stop\nBody text. More text.", &["Headline without a stop", "Body text.", "More text."]),
            ("en", "Wait... what? Yes!", &["Wait... what?", "Yes!"]),
            ("ar", "هل توافق؟ نعم، أوافق. شكرا.", &["هل توافق؟", "نعم، أوافق.", "شكرا."]),
            ("ur", "یہ ایک جملہ ہے۔ یہ دوسرا ہے۔", &["یہ ایک جملہ ہے۔", "یہ دوسرا ہے۔"]),
            ("zh", "我们支持和平。你同意吗？当然！", &["我们支持和平。", "你同意吗？", "当然！"]),
            ("zh", "他说：“我们反对。”会议结束。", &["他说：“我们反对。”", "会议结束。"]),
            ("he", "הוא אמר שלום. היא ענתה.", &["הוא אמר שלום.", "היא ענתה."]),
        ];
        for (lang, text, want) in cases {
            assert_eq!(split(lang, text), *want, "{lang}: {text}");
        }
    }

    #[test]
    fn spans_are_ordered_and_cover_the_text_but_whitespace() {
        let text = "  One. Two!\n\nThree?  ";
        let seg = Segmenter::new(&Lang::parse("en").unwrap());
        let spans = seg.spans(text);
        let mut rebuilt = String::new();
        let mut at = 0;
        for (s, e) in &spans {
            assert!(text[at..*s].trim().is_empty());
            rebuilt.push_str(&text[at..*e]);
            at = *e;
        }
        rebuilt.push_str(&text[at..]);
        assert_eq!(rebuilt, text);
        assert_eq!(spans.len(), 3);
    }
}
