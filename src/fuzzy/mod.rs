//! Fuzzy matching: how close a stored source is to a new sentence, as a
//! percentage translators read the way CAT tools taught them (100 =
//! identical), and the search for the best stored units.
//!
//! The score is word-level edit distance over folded tokens (case,
//! diacritics and punctuation ignored; each Han or kana character counts
//! as a word): `100 · (max − d) / max`, where `max` is the longer token
//! count. Only identical text scores 100; text that differs only in case,
//! punctuation or spacing scores 99.
//!
//! ```
//! use dragoman::fuzzy::score;
//!
//! assert_eq!(score("The talks resumed on Monday.", "The talks resumed on Monday."), 100);
//! assert_eq!(score("The talks resumed on Monday.", "the talks resumed on monday"), 99);
//! assert_eq!(score("The talks resumed on Monday.", "The talks resumed on Tuesday."), 80);
//! ```

pub mod tokenize;

use crate::lang::Lang;
use crate::memory::{Memory, MemoryError, Unit};
pub use tokenize::{Token, TokenKind, tokenize};

/// A stored unit that matches a query, with its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub score: u8,
    pub unit: Unit,
}

/// The match percentage of `stored` for `query`.
pub fn score(query: &str, stored: &str) -> u8 {
    let q = comparable(query);
    let s = comparable(stored);
    score_tokens(query, stored, &q, &s)
}

fn comparable(text: &str) -> Vec<String> {
    tokenize(text).into_iter().filter(|t| t.kind != TokenKind::Punctuation).map(|t| t.folded).collect()
}

fn score_tokens(query: &str, stored: &str, q: &[String], s: &[String]) -> u8 {
    if query.trim() == stored.trim() {
        return 100;
    }
    let longest = q.len().max(s.len());
    if longest == 0 {
        return 99;
    }
    let distance = edit_distance(q, s);
    let percent = (100 * (longest - distance)) / longest;
    percent.min(99) as u8
}

/// Levenshtein distance between two token sequences.
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diagonal } else { 1 + diagonal.min(above).min(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Looks up the best stored units for a sentence.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    /// Matches below this score are not returned.
    pub min_score: u8,
    /// At most this many matches per query.
    pub limit: usize,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher { src_lang: None, tgt_lang: None, min_score: 50, limit: 5 }
    }
}

impl Matcher {
    /// The best matches for each query, best first; ties go to the most
    /// recently stored unit.
    pub fn find_all(&self, memory: &Memory, queries: &[String]) -> Result<Vec<Vec<Match>>, MemoryError> {
        let prepared: Vec<Vec<String>> = queries.iter().map(|q| comparable(q)).collect();
        let mut results: Vec<Vec<Match>> = vec![Vec::new(); queries.len()];
        memory.for_each_unit(self.src_lang.as_ref(), self.tgt_lang.as_ref(), |unit| {
            let stored = comparable(&unit.source);
            for (k, query) in queries.iter().enumerate() {
                let score = score_tokens(query, &unit.source, &prepared[k], &stored);
                if score >= self.min_score {
                    results[k].push(Match { score, unit: unit.clone() });
                }
            }
        })?;
        for matches in &mut results {
            matches.sort_by(|a, b| b.score.cmp(&a.score).then(b.unit.id.cmp(&a.unit.id)));
            matches.truncate(self.limit);
        }
        Ok(results)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_table() {
        let cases = [
            ("Haniyeh met the delegation.", "Haniyeh met the delegation.", 100),
            ("Haniyeh met the delegation.", "Haniyeh met the delegation", 99),
            ("Haniyeh met the delegation.", "HANIYEH MET THE DELEGATION.", 99),
            ("Haniyeh met the Egyptian delegation.", "Haniyeh met the delegation.", 80),
            ("one two three four", "five six seven eight", 0),
            ("外交部发言人表示。", "外交部发言人说。", 75),
        ];
        for (q, s, want) in cases {
            assert_eq!(score(q, s), want, "{q} | {s}");
        }
    }

    #[test]
    fn edit_distance_counts_words() {
        let a = ["a", "b", "c"];
        let b = ["a", "x", "c", "d"];
        assert_eq!(edit_distance(&a, &b), 2);
        assert_eq!(edit_distance::<&str>(&[], &b), 4);
    }
}
