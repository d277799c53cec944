//! Sentence alignment: pairs a source document's sentences with its
//! translation's as a sequence of beads (1-1, 1-0, 0-1, 1-2, 2-1, 2-2),
//! each with a confidence.
//!
//! The model is Gale and Church's: a bead's cost is the improbability of
//! its length ratio, with the expected ratio and its spread estimated
//! from the document pair itself (Arabic and Chinese are not as long as
//! English), plus a prior per bead shape. Tokens both sides share
//! (numbers in any digit system) lower the cost. The best path comes from
//! dynamic programming; a bead's confidence is its posterior probability
//! over all paths (forward-backward), so 0.9 means what it says.
//!
//! ```
//! use dragoman::align::Aligner;
//!
//! let src = ["Il est arrivé hier à Paris.", "Il repart demain."];
//! let tgt = ["He arrived in Paris yesterday.", "He leaves tomorrow."];
//! let beads = Aligner::default().align(&src, &tgt);
//! assert_eq!(beads.len(), 2);
//! assert_eq!((beads[0].src.clone(), beads[0].tgt.clone()), (vec![0], vec![0]));
//! ```

pub mod score;

use serde::{Deserialize, Serialize};

/// One alignment unit: source sentence indices paired with target
/// sentence indices (either side may be empty), 0-based.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bead {
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    #[serde(default)]
    pub confidence: f64,
}

/// The bead shapes the aligner considers, with their prior probabilities
/// (Gale and Church's, with 2-2 kept rare).
const SHAPES: [(usize, usize, f64); 6] = [(1, 1, 0.89), (1, 0, 0.005), (0, 1, 0.005), (2, 1, 0.0445), (1, 2, 0.0445), (2, 2, 0.011)];

/// Gale and Church's variance of target length per source character.
const VARIANCE_PER_CHAR: f64 = 6.8;

/// A configured aligner.
#[derive(Debug, Clone)]
pub struct Aligner {
    /// How much a shared token (a number) is worth, in nats.
    pub anchor_weight: f64,
}

impl Default for Aligner {
    fn default() -> Self {
        Aligner { anchor_weight: 2.0 }
    }
}

/// Per-sentence features the cost function needs, computed once.
struct SentenceFeatures {
    len: f64,
    numbers: Vec<u64>,
}

fn features(sentence: &str) -> SentenceFeatures {
    let len = sentence.chars().filter(|c| !c.is_whitespace()).count() as f64;
    SentenceFeatures { len, numbers: numbers_in(sentence) }
}

/// The numbers written in a sentence, in any digit system, with
/// thousands separators dropped ("31,000" and "٣١٠٠٠" give 31000).
pub fn numbers_in(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut current: Option<u64> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = crate::text::digit_value(c) {
            current = Some(current.unwrap_or(0).saturating_mul(10).saturating_add(d as u64));
        } else if current.is_some()
            && matches!(c, ',' | '٬' | '\u{202F}' | '\u{00A0}')
            && chars.peek().and_then(|n| crate::text::digit_value(*n)).is_some()
        {
            // thousands separator inside a number
        } else if let Some(n) = current.take() {
            out.push(n);
        }
    }
    if let Some(n) = current {
        out.push(n);
    }
    out
}

impl Aligner {
    /// Aligns two lists of sentences. Every sentence of each side ends up
    /// in exactly one bead, in document order; empty inputs give 1-0 or
    /// 0-1 beads (or none).
    pub fn align<S: AsRef<str>, T: AsRef<str>>(&self, src: &[S], tgt: &[T]) -> Vec<Bead> {
        let src: Vec<SentenceFeatures> = src.iter().map(|s| features(s.as_ref())).collect();
        let tgt: Vec<SentenceFeatures> = tgt.iter().map(|s| features(s.as_ref())).collect();
        let model = LengthModel::estimate(&src, &tgt);
        let (n, m) = (src.len(), tgt.len());
        let width = m + 1;
        let idx = |i: usize, j: usize| i * width + j;
        let bead_logp = |i: usize, j: usize, di: usize, dj: usize, prior: f64| -> f64 {
            let l1: f64 = src[i..i + di].iter().map(|s| s.len).sum();
            let l2: f64 = tgt[j..j + dj].iter().map(|s| s.len).sum();
            let mut logp = prior.ln() + model.log_prob(l1, l2);
            if di > 0 && dj > 0 {
                logp += self.anchor_weight * anchor_evidence(&src[i..i + di], &tgt[j..j + dj]);
            }
            logp
        };
        // Viterbi and forward passes share one sweep.
        let mut best = vec![f64::NEG_INFINITY; (n + 1) * width];
        let mut back = vec![0u8; (n + 1) * width];
        let mut forward = vec![f64::NEG_INFINITY; (n + 1) * width];
        best[0] = 0.0;
        forward[0] = 0.0;
        for i in 0..=n {
            for j in 0..=m {
                if i == 0 && j == 0 {
                    continue;
                }
                let mut terms = [f64::NEG_INFINITY; SHAPES.len()];
                for (k, &(di, dj, prior)) in SHAPES.iter().enumerate() {
                    if di > i || dj > j {
                        continue;
                    }
                    let (pi, pj) = (i - di, j - dj);
                    let lp = bead_logp(pi, pj, di, dj, prior);
                    let v = best[idx(pi, pj)] + lp;
                    if v > best[idx(i, j)] {
                        best[idx(i, j)] = v;
                        back[idx(i, j)] = k as u8;
                    }
                    terms[k] = forward[idx(pi, pj)] + lp;
                }
                forward[idx(i, j)] = log_sum_exp(&terms);
            }
        }
        let mut backward = vec![f64::NEG_INFINITY; (n + 1) * width];
        backward[idx(n, m)] = 0.0;
        for i in (0..=n).rev() {
            for j in (0..=m).rev() {
                if i == n && j == m {
                    continue;
                }
                let mut terms = [f64::NEG_INFINITY; SHAPES.len()];
                for (k, &(di, dj, prior)) in SHAPES.iter().enumerate() {
                    if i + di > n || j + dj > m {
                        continue;
                    }
                    terms[k] = backward[idx(i + di, j + dj)] + bead_logp(i, j, di, dj, prior);
                }
                backward[idx(i, j)] = log_sum_exp(&terms);
            }
        }
        let total = forward[idx(n, m)];
        let mut beads = Vec::new();
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let (di, dj, prior) = SHAPES[back[idx(i, j)] as usize];
            let (pi, pj) = (i - di, j - dj);
            let posterior = (forward[idx(pi, pj)] + bead_logp(pi, pj, di, dj, prior) + backward[idx(i, j)] - total).exp();
            beads.push(Bead { src: (pi..i).collect(), tgt: (pj..j).collect(), confidence: posterior.clamp(0.0, 1.0) });
            (i, j) = (pi, pj);
        }
        beads.reverse();
        beads
    }
}

/// Evidence from shared numbers: +1 when every number on each side is
/// found on the other, down to −1 when none are.
fn anchor_evidence(src: &[SentenceFeatures], tgt: &[SentenceFeatures]) -> f64 {
    let a: Vec<u64> = src.iter().flat_map(|s| s.numbers.iter().copied()).collect();
    let b: Vec<u64> = tgt.iter().flat_map(|s| s.numbers.iter().copied()).collect();
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|x| b.contains(x)).count() + b.iter().filter(|x| a.contains(x)).count();
    let fraction = shared as f64 / (a.len() + b.len()) as f64;
    2.0 * fraction - 1.0
}

/// The length part of Gale and Church's model, with the ratio of target
/// to source length estimated from the two documents.
struct LengthModel {
    ratio: f64,
}

impl LengthModel {
    fn estimate(src: &[SentenceFeatures], tgt: &[SentenceFeatures]) -> LengthModel {
        let a: f64 = src.iter().map(|s| s.len).sum();
        let b: f64 = tgt.iter().map(|s| s.len).sum();
        let ratio = if a > 0.0 && b > 0.0 { b / a } else { 1.0 };
        LengthModel { ratio }
    }

    /// log of the two-tailed probability of seeing target length `l2`
    /// for source length `l1`.
    fn log_prob(&self, l1: f64, l2: f64) -> f64 {
        let expected = l1 * self.ratio;
        let mean = ((expected + l2) / 2.0).max(1.0);
        let delta = (l2 - expected) / (VARIANCE_PER_CHAR * mean).sqrt();
        let p = 2.0 * (1.0 - normal_cdf(delta.abs()));
        p.max(1e-300).ln()
    }
}

fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Complementary error function (Numerical Recipes' erfcc, relative error
/// below 1.2e-7), enough for a cost function.
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07 + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

fn log_sum_exp(terms: &[f64]) -> f64 {
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(beads: &[Bead]) -> Vec<(usize, usize)> {
        beads.iter().map(|b| (b.src.len(), b.tgt.len())).collect()
    }

    #[test]
    fn every_sentence_in_exactly_one_bead() {
        let src = ["a b c d e f.", "g h i.", "j k l m n o p q r s t u v w x y z.", "short."];
        let tgt = ["aa bb cc dd ee ff.", "gg hh ii jj kk ll mm nn oo pp qq rr ss tt uu vv ww xx yy zz.", "s."];
        let beads = Aligner::default().align(&src, &tgt);
        let s: Vec<usize> = beads.iter().flat_map(|b| b.src.clone()).collect();
        let t: Vec<usize> = beads.iter().flat_map(|b| b.tgt.clone()).collect();
        assert_eq!(s, (0..src.len()).collect::<Vec<_>>());
        assert_eq!(t, (0..tgt.len()).collect::<Vec<_>>());
        assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
    }

    #[test]
    fn a_merge_becomes_a_two_to_one_bead() {
        let src = [
            "The delegation arrived in Doha on Monday.",
            "It met the leadership.",
            "Talks on the ceasefire continued late into the night.",
        ];
        let tgt = [
            "Die Delegation kam am Montag in Doha an und traf die Führung.",
            "Die Gespräche über die Waffenruhe dauerten bis spät in die Nacht.",
        ];
        let beads = Aligner::default().align(&src, &tgt);
        assert_eq!(shapes(&beads), vec![(2, 1), (1, 1)]);
    }

    #[test]
    fn empty_documents_give_empty_beads() {
        let none: [&str; 0] = [];
        assert!(Aligner::default().align(&none, &none).is_empty());
        let beads = Aligner::default().align(&["One."], &none);
        assert_eq!(shapes(&beads), vec![(1, 0)]);
    }

    #[test]
    fn numbers_are_read_in_every_digit_system() {
        assert_eq!(numbers_in("31,000 trucks and ٣١٠٠٠ and ۱۴۰۳ on 17 March"), vec![31000, 31000, 1403, 17]);
    }
}
