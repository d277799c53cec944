//! An optional embedding signal: vectors from a multilingual sentence
//! encoder of the user's own (LaBSE, LASER, …) for every sentence and for
//! the joined runs of up to six consecutive sentences
//! that a multi-sentence bead could hold (as vecalign's overlaps). A
//! bead's score adds [`EMBEDDING_WEIGHT`] times how far the cosine
//! similarity of its two sides lies above chance (the mean cosine of
//! sentences half a document apart). The library only reads vectors; the
//! command line runs the encoder.

use super::dp::MAX_SPAN;

/// Nats per unit of cosine similarity above chance: the first pass's
/// anchor weight (a round figure, `FIRST_ANCHOR_WEIGHT`), since both say
/// how much two sides agree in meaning on a 0-1 scale.
pub const EMBEDDING_WEIGHT: f64 = 10.0;

/// What an encoder gave that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmbeddingError {
    #[error("gave {got} vectors for {want} texts")]
    Count { got: usize, want: usize },
    #[error("vector {index} has {got} numbers, the first had {want}")]
    Dimensions { index: usize, got: usize, want: usize },
}

/// The texts to encode for a document pair, in the order
/// [`Embeddings::new`] expects the vectors: for the source, then the
/// target, for each sentence i the runs i, i..i+2, …, i..i+MAX_SPAN (as far
/// as the document goes), joined with a space (nothing between sentences
/// of Chinese or Japanese).
pub fn candidates<S: AsRef<str>, T: AsRef<str>>(src: &[S], tgt: &[T]) -> Vec<String> {
    let mut out = Vec::new();
    let side = |sentences: Vec<&str>, out: &mut Vec<String>| {
        let sample: String = sentences.iter().take(50).copied().collect();
        let joiner = if matches!(crate::lang::dominant_script(&sample), Some(crate::lang::Script::Han | crate::lang::Script::Kana)) {
            ""
        } else {
            " "
        };
        for i in 0..sentences.len() {
            for k in 1..=MAX_SPAN.min(sentences.len() - i) {
                out.push(sentences[i..i + k].join(joiner));
            }
        }
    };
    side(src.iter().map(|s| s.as_ref()).collect(), &mut out);
    side(tgt.iter().map(|s| s.as_ref()).collect(), &mut out);
    out
}

/// The vectors of a document pair's candidates, unit length.
#[derive(Debug, Clone)]
pub struct Embeddings {
    src: Vec<usize>,
    tgt: Vec<usize>,
    vectors: Vec<Vec<f32>>,
    /// The mean cosine of chance pairings.
    pub chance: f64,
}

/// Where each sentence's runs start in the candidate list, for a side
/// of `n` sentences beginning at `base`.
fn starts(n: usize, base: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(n);
    let mut at = base;
    for i in 0..n {
        out.push(at);
        at += MAX_SPAN.min(n - i);
    }
    out
}

impl Embeddings {
    /// Vectors for the candidates of an `n` × `m` sentence pair, in the
    /// order of [`candidates`].
    pub fn new(n: usize, m: usize, mut vectors: Vec<Vec<f32>>) -> Result<Embeddings, EmbeddingError> {
        let count = |len: usize| (0..len).map(|i| MAX_SPAN.min(len - i)).sum::<usize>();
        let want = count(n) + count(m);
        if vectors.len() != want {
            return Err(EmbeddingError::Count { got: vectors.len(), want });
        }
        let dims = vectors.first().map_or(0, Vec::len);
        if let Some((index, v)) = vectors.iter().enumerate().find(|(_, v)| v.len() != dims) {
            return Err(EmbeddingError::Dimensions { index, got: v.len(), want: dims });
        }
        for v in &mut vectors {
            let norm = v.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|x| *x = (*x as f64 / norm) as f32);
            }
        }
        let mut e = Embeddings { src: starts(n, 0), tgt: starts(m, count(n)), vectors, chance: 0.0 };
        if n > 0 && m > 0 {
            let pairs: Vec<f64> = (0..n).map(|i| e.cosine(i, 1, (i * m / n + m / 2) % m, 1)).collect();
            e.chance = pairs.iter().sum::<f64>() / pairs.len() as f64;
        }
        Ok(e)
    }

    /// The cosine of source sentences i..i+di with target sentences j..j+dj.
    pub fn cosine(&self, i: usize, di: usize, j: usize, dj: usize) -> f64 {
        let (a, b) = (&self.vectors[self.src[i] + di - 1], &self.vectors[self.tgt[j] + dj - 1]);
        a.iter().zip(b).map(|(x, y)| (*x as f64) * (*y as f64)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_runs_of_up_to_six_sentences_in_order() {
        // Russian against English: 2 and 7 sentences
        let src = ["Переговоры продолжались всю ночь.", "Соглашение не достигнуто."];
        let tgt: Vec<String> = (1..=7).map(|k| format!("Sentence {k}.")).collect();
        let texts = candidates(&src, &tgt);
        assert_eq!(
            texts[..3],
            [
                "Переговоры продолжались всю ночь.",
                "Переговоры продолжались всю ночь. Соглашение не достигнуто.",
                "Соглашение не достигнуто."
            ]
        );
        assert_eq!(texts[3], "Sentence 1.");
        assert_eq!(texts[8], "Sentence 1. Sentence 2. Sentence 3. Sentence 4. Sentence 5. Sentence 6.");
        assert_eq!(texts.len(), 3 + (6 + 6 + 5 + 4 + 3 + 2 + 1));
        let vectors: Vec<Vec<f32>> = (0..texts.len()).map(|k| vec![k as f32, 1.0]).collect();
        let e = Embeddings::new(2, 7, vectors).unwrap();
        assert!((e.cosine(0, 1, 0, 1) - e.cosine(0, 1, 0, 1)).abs() < 1e-12);
        assert!(matches!(Embeddings::new(2, 7, vec![vec![1.0]; 5]), Err(EmbeddingError::Count { got: 5, want: 30 })));
        // Chinese is joined without spaces
        assert_eq!(candidates(&["停火开始。", "谈判继续。"], &["Talks go on."])[1], "停火开始。谈判继续。");
    }
}
