//! Sentence alignment: pairs a source document's sentences with its
//! translation's as a sequence of beads (1-1, 1-0, 0-1, 2-1, 1-2, 2-2,
//! and one sentence against up to six: 1-3 … 1-6, 3-1 … 6-1), each with
//! a confidence.
//!
//! A bead's score adds Gale and Church's length cost (both documents
//! rescaled to the same total length, so the ratio between Arabic and
//! English, or Chinese and English, is estimated per document pair), a
//! prior per shape, and how much the two sides share: numbers in any
//! digit system, punctuation that survives translation, footnote markers,
//! URLs, identical words and prefixes, names across scripts (through
//! [`crate::names::NameKey`]), and the translations of a lexicon (given,
//! or learned from a first pass over the pair itself, as hunalign's
//! realign does). Later passes also score how the two sides' last
//! sentences end (a question against a question, a heading without a
//! mark against one) and whether the sides hold as many pauses (commas,
//! semicolons, the boundaries of joined sentences), in any script. No
//! constant is fitted on a benchmark's gold: the first
//! pass uses Gale and Church's priors and variance, and each later pass
//! re-estimates the shape priors, the length variance, the anchor
//! weight and the scores of sentence ends and pauses on the document
//! pair itself from the pass before (hard EM; see `estimate`). The best path comes from
//! dynamic programming over a band found coarse-to-fine, so a book costs
//! time in proportion to its length; a bead's confidence is its posterior
//! probability over all paths in the band (forward-backward).
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

pub mod cedict;
mod cjk;
pub mod dictd;
mod dp;
pub mod embed;
mod features;
pub mod ibm1;
pub mod lexicon;
pub mod review;
pub mod score;
pub mod stored;

pub use lexicon::{Lexicon, LexiconError};

use dp::{Band, Params, Step};
use features::{Prepared, Reading, Sentence};
use serde::{Deserialize, Serialize};

/// One alignment unit: source sentence indices paired with target
/// sentence indices (either side may be empty), 0-based, with the
/// aligner's confidence in it (its posterior probability, in [0, 1]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Bead {
    pub src: Vec<usize>,
    pub tgt: Vec<usize>,
    #[serde(default)]
    pub confidence: f64,
}

/// How a whole document pair aligned, and whether that is too poor to
/// believe the two texts are translations of each other. Confidence alone
/// cannot tell: the aligner pairs unrelated texts by sentence length, and
/// is often sure of it. What tells is the anchors (numbers, names,
/// punctuation, shared words, the given lexicon, and a lexicon learned
/// from every other bead) that the paired sentences share, against what
/// the same sentences share with target sentences elsewhere in the
/// document: in a translation what was learned on some beads holds on
/// the others, far above chance; in unrelated texts it is noise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DocumentVerdict {
    pub beads: usize,
    /// The mean confidence of all beads.
    pub mean_confidence: f64,
    /// The mean anchor similarity (0 to 1) of every other bead that pairs
    /// sentences, with a lexicon learned from the beads in between.
    pub anchors_paired: f64,
    /// The same for chance pairings: those beads' sources with the target
    /// sentences a quarter, half and three quarters of the document away.
    pub anchors_by_chance: f64,
    /// Whether the pair looks like no translation (see [`POOR_SCORE`]).
    pub poor: bool,
}

/// A document pair is [`DocumentVerdict::poor`] when its mean confidence
/// plus [`ANCHOR_GAIN_WEIGHT`] times its anchor gain (anchors paired minus
/// anchors by chance) is below this ([`POOR_SCORE_WITHOUT_WORDS`] when one
/// side is Japanese or Korean, whose words are not read).
///
/// First measured with `align --presegmented --no-memory-lexicon` on 195
/// real document pairs and 205 pairings that are no translations (1.2
/// then, and 0.9 with a Chinese side, which gave no words). Measured
/// again once Chinese had words (jieba), beads reached 1-6 and 6-1 and
/// confidences were tempered (see `CONFIDENCE_TEMPERATURE`), with a
/// probe over textberg_de_fr_test 7, parice_en_is 10,
/// synth_{ar,fa,he,ru,tr,zh}_en 30/24/30/30/30/30 documents (each
/// document's source with its own target, and with the next document's
/// target) and the samples (the 4 real pairs; briefing.zh with speech.en
/// and delegation.en, delegation.ar with briefing.en): real pairs min
/// 1.500 (parice u_1), then 1.557; unrelated pairings max 1.192 (parice
/// n_1), then 1.173. 1.35 lies halfway: every one of the 195 real pairs
/// is stored, every one of the 194 unrelated pairings held back.
pub const POOR_SCORE: f64 = 1.35;

/// [`POOR_SCORE`] for a pair with a Japanese or Korean side, where no
/// lexicon can be learned and the gain is smaller (the first
/// measurement's figure for sides without words).
pub const POOR_SCORE_WITHOUT_WORDS: f64 = 0.9;

/// How much the anchor gain weighs against the mean confidence in the
/// verdict's score: of the weights 1 to 10, the one that, on the
/// measurements of [`POOR_SCORE`] with one threshold for all pairs at the
/// real minimum, held back the most unrelated pairings (160 of 205).
pub const ANCHOR_GAIN_WEIGHT: f64 = 4.0;

/// With fewer beads than this to try the learned lexicon on, a pair is
/// judged on its mean confidence alone (below one half: poor): a short
/// document gives too few to compare with chance.
const VERDICT_MIN_TRIED: usize = 5;

/// The most sentences a side may have. What an alignment holds grows
/// with the sentences (their words, keys and numbers) and with the band
/// of the search: 10,000 × 10,000 sentences peak at 175 MB (BENCHMARKS,
/// "Long documents"), so 50,000 a side stays within about a gigabyte. A
/// long dispatch has a few hundred; a larger text is a book or a corpus,
/// to be aligned in parts.
pub const MAX_DOCUMENT_SENTENCES: usize = 50_000;

/// A configured aligner. `Aligner::default()` is ready to use; a
/// lexicon can be added with [`Aligner::with_lexicon`].
#[derive(Debug, Clone)]
pub struct Aligner {
    /// First pass: how much full anchor agreement between a bead's sides
    /// is worth, in nats. The second pass replaces it by a weight
    /// estimated on the document pair itself (see [`Aligner::align`]).
    pub anchor_weight: f64,
    /// First pass: score of a 1-0 or 0-1 bead (log scale) of no length;
    /// the second pass uses the share of such beads in the first pass.
    pub skip_logp: f64,
    /// How much the score of a 1-0 or 0-1 bead falls per average
    /// sentence length it leaves out.
    pub skip_per_sentence: f64,
    /// At most how many times to learn a lexicon and the model's
    /// constants from the pass before and align again (0: one pass only);
    /// it stops earlier when a pass leaves the path as it was.
    pub realign: usize,
    /// Grids up to this many cells are searched whole; larger ones
    /// coarse-to-fine.
    pub max_full_cells: usize,
    /// The temperature of the confidences (0.5 by default, see `CONFIDENCE_TEMPERATURE`).
    pub confidence_temperature: f64,
    /// Whether each later pass also learns an IBM Model 1 lexicon from
    /// the pass before's sure one-to-one beads (see [`SELF_IBM1_SURE`]).
    /// The path is the one found with it; each bead's confidence is the
    /// lower of its posteriors with and without it: the lexicon alone
    /// made some wrong beads surer (textberg_de_fr_dev's beads at ≥ 0.9
    /// were right only 94.1-94.7% of the time), and with the lower
    /// posterior they are right 95.1% (BENCHMARKS.md, "Alignment").
    pub learn_ibm1_in_passes: bool,
    /// Whether the lexicon each later pass learns from the pass before
    /// pools a word's inflected forms (see [`Lexicon::learn_pooled`]).
    pub pool_inflections: bool,
    /// Whether each later pass re-estimates the shape priors from the
    /// expected number of beads of each shape over all paths (soft EM)
    /// rather than from the best path's beads alone (hard EM), on a
    /// document searched whole (see [`estimate`]).
    pub soft_shape_priors: bool,
    /// Whether each later pass scores how a bead's sides end (a question
    /// against a question) and how their pauses agree, learned on the
    /// document pair (see `dp::Params::end_score`,
    /// `dp::Params::pause_score`). On a document searched whole, a bead's
    /// confidence is then also no higher than its posterior without them.
    pub punctuation_scores: bool,
    lexicon: Lexicon,
    embeddings: Option<std::sync::Arc<embed::Embeddings>>,
}

impl Default for Aligner {
    fn default() -> Self {
        Aligner {
            anchor_weight: FIRST_ANCHOR_WEIGHT,
            skip_logp: GALE_CHURCH_PRIOR[1].ln(),
            skip_per_sentence: SKIP_PER_SENTENCE,
            realign: 2,
            max_full_cells: 300_000,
            confidence_temperature: CONFIDENCE_TEMPERATURE,
            learn_ibm1_in_passes: true,
            pool_inflections: true,
            soft_shape_priors: true,
            punctuation_scores: true,
            lexicon: Lexicon::default(),
            embeddings: None,
        }
    }
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
    /// Adds a bilingual lexicon (from a dictionary, or learned from the
    /// memory) to the anchors.
    pub fn with_lexicon(mut self, lexicon: &Lexicon) -> Aligner {
        self.lexicon.extend(lexicon);
        self
    }

    /// Adds an embedding signal for the one document pair the vectors
    /// were made for (see [`embed`]): align that pair with this aligner.
    pub fn with_embeddings(mut self, embeddings: embed::Embeddings) -> Aligner {
        self.embeddings = Some(std::sync::Arc::new(embeddings));
        self
    }

    /// The first pass's constants: Gale and Church's shape priors and
    /// length variance, and the aligner's first-pass anchor weight.
    fn params(&self) -> Params {
        let mut log_prior = GALE_CHURCH_PRIOR.map(f64::ln);
        log_prior[1] = self.skip_logp;
        log_prior[2] = self.skip_logp;
        Params {
            log_prior,
            skip_per_sentence: self.skip_per_sentence,
            anchor: std::array::from_fn(|k| self.anchor_weight * k as f64 / (dp::ANCHOR_KNOTS - 1) as f64),
            variance: GALE_CHURCH_VARIANCE,
            temperature: 1.0,
            embeddings: self.embeddings.clone(),
            end_score: [[0.0; features::ENDS]; features::ENDS],
            pause_score: [0.0; dp::PAUSE_BINS],
        }
    }

    /// Aligns two lists of sentences. Every sentence of each side ends up
    /// in exactly one bead, in document order; empty inputs give 1-0 or
    /// 0-1 beads (or none). Never fails.
    pub fn align<S: AsRef<str>, T: AsRef<str>>(&self, src: &[S], tgt: &[T]) -> Vec<Bead> {
        let across = features::scripts_differ(src, tgt);
        let mut src_read: Vec<Reading> = src.iter().map(|s| features::read(s.as_ref(), across)).collect();
        let mut tgt_read: Vec<Reading> = tgt.iter().map(|s| features::read(s.as_ref(), across)).collect();
        if across {
            features::link_names(&mut src_read, &mut tgt_read);
        }
        let params = self.params();
        let keyed = features::intern(&src_read, &tgt_read);
        let prepared = features::prepare(&keyed, &src_read, &tgt_read, &[&self.lexicon]);
        // posteriors of the first pass pick the beads the lexicon learns
        // from; they, and the passes' estimates, use the model's own
        // posteriors (temperature 1), and only the pass whose beads are
        // returned uses the confidence temperature
        let tempered = |params: &Params| Params { temperature: self.confidence_temperature, ..params.clone() };
        let (mut steps, mut expected) =
            self.search_expecting(&prepared, &if self.realign == 0 { tempered(&params) } else { params.clone() }, None);
        for round in 0..self.realign {
            let words = |reads: &[Reading], from: usize, count: usize| -> Vec<String> {
                reads[from..from + count].iter().flat_map(|r| r.words.iter().cloned()).collect()
            };
            let pairs: Vec<(Vec<String>, Vec<String>)> = steps
                .iter()
                .filter(|s| s.di > 0 && s.dj > 0 && s.posterior >= 0.5)
                .map(|s| (words(&src_read, s.i, s.di), words(&tgt_read, s.j, s.dj)))
                .collect();
            let pairs = pairs.iter().map(|(a, b)| (a.as_slice(), b.as_slice()));
            let lexicon = if self.pool_inflections { Lexicon::learn_pooled(pairs, 2) } else { Lexicon::learn(pairs, 2) };
            // IBM Model 1 on the document's own sure beads (see
            // `Aligner::learn_ibm1_in_passes`), as it learns from the
            // memory and the stored pairs (see `ibm1`)
            // not on a document searched coarse-to-fine: one that long
            // gives co-occurrence enough evidence, and IBM Model 1 with the
            // second posterior pass nearly doubled the time of 10,000 ×
            // 10,000 sentences (1.02 → 1.84 s CPU, BENCHMARKS.md)
            let long = (src_read.len() + 1) * (tgt_read.len() + 1) > self.max_full_cells;
            let learned = if self.learn_ibm1_in_passes && !long {
                // only beads the pass before was sure of (its own, untempered
                // posteriors), and a bounded number of them
                let sure: Vec<(Vec<String>, Vec<String>)> = steps
                    .iter()
                    .filter(|s| s.di == 1 && s.dj == 1 && s.posterior >= SELF_IBM1_SURE)
                    .take(SELF_IBM1_MAX_PAIRS)
                    .map(|s| (words(&src_read, s.i, 1), words(&tgt_read, s.j, 1)))
                    .collect();
                ibm1::learn_strict(sure.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), SELF_IBM1_MIN_PROBABILITY)
            } else {
                Lexicon::default()
            };
            let prepared = features::prepare(&keyed, &src_read, &tgt_read, &[&lexicon, &learned, &self.lexicon]);
            // without the document's own IBM Model 1, for the confidences
            // (see `Aligner::learn_ibm1_in_passes`)
            let plain = (!learned.is_empty()).then(|| features::prepare(&keyed, &src_read, &tgt_read, &[&lexicon, &self.lexicon]));
            // nor the punctuation scores learned on the document (see
            // `Aligner::punctuation_scores`), as with IBM Model 1 not on a
            // document searched coarse-to-fine
            let plain_params = (plain.is_some() || (!long && self.punctuation_scores))
                .then(|| estimate(plain.as_ref().unwrap_or(&prepared), &steps, expected.as_ref(), &params).without_punctuation());
            let params = estimate(&prepared, &steps, expected.as_ref(), &params);
            let params = if self.punctuation_scores { params } else { params.without_punctuation() };
            let last = round + 1 == self.realign;
            let (mut next, next_expected) =
                self.search_expecting(&prepared, &if last { tempered(&params) } else { params.clone() }, Some(&steps));
            expected = next_expected;
            // re-estimate until the path no longer changes (hard EM's fixed point)
            let converged =
                next.len() == steps.len() && next.iter().zip(&steps).all(|(a, b)| (a.i, a.j, a.di, a.dj) == (b.i, b.j, b.di, b.dj));
            let finished = last || converged;
            if finished && !last && self.confidence_temperature != 1.0 {
                // the same path again, for its tempered confidences
                next = self.search(&prepared, &tempered(&params), true, Some(&next));
            }
            if finished && let Some(plain_params) = &plain_params {
                let plain = plain.as_ref().unwrap_or(&prepared);
                // the lexicon learned from the document's own beads makes
                // some wrong beads surer: a bead is only as sure as the
                // model without it finds it too
                let band = self.band_around(&next, plain.src.len(), plain.tgt.len());
                let without = dp::posteriors_of(plain, &tempered(plain_params), &band, &next);
                for (step, p) in next.iter_mut().zip(without) {
                    step.posterior = step.posterior.min(p);
                }
            }
            steps = next;
            if finished {
                break;
            }
        }
        steps
            .into_iter()
            .map(|s| Bead { src: (s.i..s.i + s.di).collect(), tgt: (s.j..s.j + s.dj).collect(), confidence: s.posterior })
            .collect()
    }

    /// The verdict on `beads`, an alignment of `src` with `tgt` (as
    /// [`Aligner::align`] gives it): whether the two look like translations
    /// of each other at all (see [`DocumentVerdict`]).
    pub fn verdict<S: AsRef<str>, T: AsRef<str>>(&self, src: &[S], tgt: &[T], beads: &[Bead]) -> DocumentVerdict {
        let mean_confidence = if beads.is_empty() { 0.0 } else { beads.iter().map(|b| b.confidence).sum::<f64>() / beads.len() as f64 };
        let across = features::scripts_differ(src, tgt);
        let mut src_read: Vec<Reading> = src.iter().map(|s| features::read(s.as_ref(), across)).collect();
        let mut tgt_read: Vec<Reading> = tgt.iter().map(|s| features::read(s.as_ref(), across)).collect();
        if across {
            features::link_names(&mut src_read, &mut tgt_read);
        }
        let paired: Vec<&Bead> = beads.iter().filter(|b| !b.src.is_empty() && !b.tgt.is_empty()).collect();
        // a lexicon learned from every other bead, tried on the beads in
        // between: in a translation what it learned holds there, in
        // unrelated texts it learned noise
        let words = |reads: &[Reading], indices: &[usize]| -> Vec<String> {
            indices.iter().flat_map(|&i| reads[i].words.iter().cloned()).collect()
        };
        let taught: Vec<(Vec<String>, Vec<String>)> =
            paired.iter().step_by(2).map(|b| (words(&src_read, &b.src), words(&tgt_read, &b.tgt))).collect();
        let lexicon = Lexicon::learn(taught.iter().map(|(a, b)| (a.as_slice(), b.as_slice())), 2);
        let prepared = features::prepare(&features::intern(&src_read, &tgt_read), &src_read, &tgt_read, &[&lexicon, &self.lexicon]);
        let m = tgt.len();
        let similarity = |src: &[usize], tgt: &mut dyn Iterator<Item = usize>| -> f64 {
            let tgt: Vec<usize> = tgt.collect();
            src.iter()
                .flat_map(|&r| tgt.iter().map(move |&c| (r, c)))
                .filter_map(|(r, c)| dp::pair_similarity(&prepared, r, c))
                .fold(0.0, f64::max)
        };
        let tried: Vec<&&Bead> = paired.iter().skip(1).step_by(2).collect();
        let (mut on, mut off) = (0.0, 0.0);
        for bead in &tried {
            on += similarity(&bead.src, &mut bead.tgt.iter().copied());
            let mut chance = 0.0;
            for quarter in 1..=3 {
                let shift = (m * quarter / 4).max(1);
                chance += similarity(&bead.src, &mut bead.tgt.iter().map(|&c| (c + shift) % m));
            }
            off += chance / 3.0;
        }
        let count = tried.len().max(1) as f64;
        let (anchors_paired, anchors_by_chance) = (on / count, off / count);
        let poor = if tried.len() < VERDICT_MIN_TRIED {
            mean_confidence < 0.5
        } else {
            let threshold =
                if features::without_words(src) || features::without_words(tgt) { POOR_SCORE_WITHOUT_WORDS } else { POOR_SCORE };
            mean_confidence + ANCHOR_GAIN_WEIGHT * (anchors_paired - anchors_by_chance) < threshold
        };
        DocumentVerdict { beads: beads.len(), mean_confidence, anchors_paired, anchors_by_chance, poor }
    }

    /// The band the passes after the first search: the whole grid when
    /// it is small, else around `path`.
    fn band_around(&self, path: &[Step], n: usize, m: usize) -> Band {
        if (n + 1) * (m + 1) <= self.max_full_cells || n < 2 * BLOCK || m < 2 * BLOCK {
            Band::full(n, m)
        } else {
            project(path, 1, GUIDE_MARGIN, n, m)
        }
    }

    /// The best path with posteriors, as [`Aligner::search`] finds it, and,
    /// with [`Aligner::soft_shape_priors`] on a document searched whole at
    /// the model's own temperature, the expected number of beads of each
    /// shape over all paths (see [`estimate`]). A document searched
    /// coarse-to-fine keeps hard counts: its band holds few of the other
    /// paths, and its many beads give the priors enough evidence.
    fn search_expecting(&self, p: &Prepared, params: &Params, guide: Option<&[Step]>) -> (Vec<Step>, Option<[f64; dp::SHAPES.len()]>) {
        let (n, m) = (p.src.len(), p.tgt.len());
        let whole = (n + 1) * (m + 1) <= self.max_full_cells || n < 2 * BLOCK || m < 2 * BLOCK;
        if self.soft_shape_priors && whole && params.temperature == 1.0 {
            let (steps, expected) = dp::best_path_and_expected_shapes(p, params, &Band::full(n, m));
            return (steps, Some(expected));
        }
        (self.search(p, params, true, guide), None)
    }

    /// The best path, over the whole grid when it is small, else inside a
    /// band: around `guide` (an earlier path) when given, or around the
    /// path found on blocks of sentences (recursively, as vecalign does).
    fn search(&self, p: &Prepared, params: &Params, posteriors: bool, guide: Option<&[Step]>) -> Vec<Step> {
        let (n, m) = (p.src.len(), p.tgt.len());
        let cells = (n + 1) * (m + 1);
        if cells <= self.max_full_cells || n < 2 * BLOCK || m < 2 * BLOCK {
            return dp::best_path(p, params, &Band::full(n, m), posteriors);
        }
        let band = match guide {
            Some(path) => project(path, 1, GUIDE_MARGIN, n, m),
            None => {
                let coarse = coarsen(p, BLOCK);
                // the vectors are of sentences, not of blocks
                let coarse_params = Params { embeddings: None, ..params.clone() };
                let coarse_steps = self.search(&coarse, &coarse_params, false, None);
                project(&coarse_steps, BLOCK, BLOCK / 2, n, m)
            }
        };
        dp::best_path(p, params, &band, posteriors)
    }
}

/// Gale and Church's (1993) bead priors, in the order of `dp::SHAPES`:
/// 1-1 0.89, 1-0 and 0-1 0.0099 together, 2-1 and 1-2 0.089 together,
/// 2-2 0.011; 1-3 and 3-1 (which they did not model) get a 1-0's share,
/// and each further sentence (1-4 to 1-6, 4-1 to 6-1) halves it: a
/// starting point only, since later passes re-estimate every shape's
/// prior on the document pair itself (see [`estimate`]).
const GALE_CHURCH_PRIOR: [f64; dp::SHAPES.len()] =
    [0.89, 0.00495, 0.00495, 0.0445, 0.0445, 0.011, 0.00495, 0.00495, 0.002475, 0.002475, 0.0012375, 0.0012375, 0.00061875, 0.00061875];

/// Bead confidences are posteriors over paths whose scores are
/// multiplied by this: the model's scores add up evidence (length,
/// anchors) as if independent, which makes the raw posteriors too sure
/// (at 1.0, beads at ≥ 0.9 were right only 90-93% of the time on
/// textberg and synth_he_en). Calibrated on the public sets of
/// `cargo bench --bench align` (see BENCHMARKS.md's reliability table).
const CONFIDENCE_TEMPERATURE: f64 = 0.5;

/// With [`Aligner::learn_ibm1_in_passes`]: the posterior a one-to-one
/// bead of the pass before needs to teach IBM Model 1 (beads at ≥ 0.9
/// were right 98-99% of the time on the synth sets at temperature 0.5).
const SELF_IBM1_SURE: f64 = 0.9;

/// At most this many beads teach it, so that a book costs a bounded time.
const SELF_IBM1_MAX_PAIRS: usize = 3_000;

/// The translation probability a word pair learned from the document
/// itself needs (a memory's pairs need 0.3, see `ibm1`): a document
/// gives few examples of each word, so only clear winners are kept.
const SELF_IBM1_MIN_PROBABILITY: f64 = 0.5;

/// Gale and Church's variance of the length difference per character.
const GALE_CHURCH_VARIANCE: f64 = 6.8;

/// The first pass's anchor weight: a round figure chosen before any
/// measurement; the second pass estimates its own (see [`estimate`]).
const FIRST_ANCHOR_WEIGHT: f64 = 10.0;

/// How much a 1-0 or 0-1 bead's score falls per average sentence length
/// it leaves out.
const SKIP_PER_SENTENCE: f64 = 0.0;

/// How many beads' worth of Gale and Church's figures the per-pair
/// estimates start from, so that a short document keeps them.
const PRIOR_BEADS: f64 = 20.0;

/// The second pass's constants, estimated on the document pair itself
/// from the first pass's path (one step of hard EM, nothing from any
/// gold alignment):
///
/// - shape priors (the share of 1-0, 0-1, 2-1... beads), from the
///   expected number of beads of each shape over all paths when
///   `expected` gives it (soft EM), else from the path's bead counts
///   (hard EM), plus [`PRIOR_BEADS`] beads shaped as Gale and Church's
///   priors. The best path alone undercounts what it is unsure of: an
///   untranslated sentence (1-0) that the first pass, under Gale and
///   Church's priors (a 2-1 nine times as likely as a 1-0), joins to
///   its neighbour at posterior 0.55 counts as no omission at all, so
///   the next pass finds omissions as unlikely as the first did and
///   joins it again (samples/briefing with CC-CEDICT, samples/speech with
///   FreeDict). The expected counts give that omission its 0.45. With
///   hard counts the synth sets' gold 1-0 beads were missed 18 to 29
///   times per set while 1 to 7 wrong 1-0 beads were predicted (bench
///   `--write`, 5 Dec 2026);
/// - the length variance, from the path's confident 1-1 beads, likewise
///   smoothed towards Gale and Church's 6.8;
/// - the anchor weight, as the slope of a logistic regression telling
///   the path's confident 1-1 pairs from the pairs two and three
///   sentences beside them (the alternatives the programme weighs): the
///   log likelihood ratio per unit of anchor similarity;
/// - the scores of sentence ends and of pauses (see [`end_scores`],
///   [`likelihood_ratios`]), from the same pairs: how much more often
///   the confident pairs end alike, or hold as many pauses, than the
///   pairs beside them. On the public sets this moved strict F1 with no
///   lexicon by −0.003 to +0.019 (BENCHMARKS.md, "Alignment").
fn estimate(p: &Prepared, steps: &[Step], expected: Option<&[f64; dp::SHAPES.len()]>, first: &Params) -> Params {
    let mut params = first.clone();
    let mut counts = [0.0f64; dp::SHAPES.len()];
    match expected {
        Some(expected) => counts = *expected,
        None => {
            for s in steps {
                if let Some(k) = dp::SHAPES.iter().position(|&shape| shape == (s.di, s.dj)) {
                    counts[k] += 1.0;
                }
            }
        }
    }
    let total: f64 = counts.iter().sum();
    let prior_total: f64 = GALE_CHURCH_PRIOR.iter().sum();
    for k in 0..counts.len() {
        params.log_prior[k] = ((counts[k] + PRIOR_BEADS * GALE_CHURCH_PRIOR[k] / prior_total) / (total + PRIOR_BEADS)).ln();
    }
    let (n, m) = (p.src.len(), p.tgt.len());
    let total_src: f64 = p.src.iter().map(|s| s.len).sum();
    let total_tgt: f64 = p.tgt.iter().map(|s| s.len).sum();
    let average = (total_src + total_tgt) / 2.0;
    let confident: Vec<&Step> = steps.iter().filter(|s| s.di == 1 && s.dj == 1 && s.posterior >= 0.5).collect();
    if total_src > 0.0 && total_tgt > 0.0 {
        let (mut sum, mut count) = (0.0, 0.0);
        for s in &confident {
            let (l1, l2) = (p.src[s.i].len * average / total_src, p.tgt[s.j].len * average / total_tgt);
            sum += (l2 - l1).powi(2) / ((l1 + l2) / 2.0).max(1.0);
            count += 1.0;
        }
        params.variance = (sum + PRIOR_BEADS * GALE_CHURCH_VARIANCE) / (count + PRIOR_BEADS);
    }
    let mut positives = Vec::new();
    let mut negatives = Vec::new();
    let mut ends_true = [[0.0f64; features::ENDS]; features::ENDS];
    let mut ends_beside = [[0.0f64; features::ENDS]; features::ENDS];
    let mut pauses_true = [0.0f64; dp::PAUSE_BINS];
    let mut pauses_beside = [0.0f64; dp::PAUSE_BINS];
    let pause_bin = |i: usize, j: usize| dp::pause_bin(f64::from(p.src[i].pauses), f64::from(p.tgt[j].pauses));
    for s in &confident {
        positives.extend(dp::pair_similarity(p, s.i, s.j));
        ends_true[p.src[s.i].end as usize][p.tgt[s.j].end as usize] += 1.0;
        pauses_true[pause_bin(s.i, s.j)] += 1.0;
        for d in [-3isize, -2, 2, 3] {
            let c = s.j as isize + d;
            if c >= 0 && (c as usize) < m && s.i < n {
                let c = c as usize;
                negatives.extend(dp::pair_similarity(p, s.i, c));
                ends_beside[p.src[s.i].end as usize][p.tgt[c].end as usize] += 1.0;
                pauses_beside[pause_bin(s.i, c)] += 1.0;
            }
        }
    }
    params.end_score = end_scores(&ends_true, &ends_beside);
    params.pause_score = likelihood_ratios(&pauses_true, &pauses_beside);
    if let Some(weight) = logistic_slope(&positives, &negatives) {
        params.anchor = std::array::from_fn(|k| weight * k as f64 / (dp::ANCHOR_KNOTS - 1) as f64);
    }
    params
}

/// The log likelihood ratio of each pair of sentence ends (see
/// `features::final_mark`) between a document's sure one-to-one beads
/// (`true_pairs`) and the pairs two and three sentences beside them
/// (`beside`), as [`estimate`] counts them. Both distributions are
/// smoothed: the pairs beside get half a count in every cell, and the
/// true beads' distribution starts from [`PRIOR_BEADS`] beads shaped as
/// the pairs beside, so that a pair of ends seen in few beads says
/// little, and a document where ends say nothing (every sentence ends in
/// a full stop) gets scores near 0.
fn end_scores(
    true_pairs: &[[f64; features::ENDS]; features::ENDS],
    beside: &[[f64; features::ENDS]; features::ENDS],
) -> [[f64; features::ENDS]; features::ENDS] {
    let flat = |table: &[[f64; features::ENDS]; features::ENDS]| -> Vec<f64> { table.iter().flatten().copied().collect() };
    let scores: [f64; features::ENDS * features::ENDS] = likelihood_ratios(&flat(true_pairs), &flat(beside));
    std::array::from_fn(|a| std::array::from_fn(|b| scores[a * features::ENDS + b]))
}

/// The smoothed log likelihood ratio of each cell of a histogram of true
/// beads against one of the pairs beside them (see [`end_scores`]); all
/// 0 when there are no true beads to count.
fn likelihood_ratios<const N: usize>(true_pairs: &[f64], beside: &[f64]) -> [f64; N] {
    let cells = true_pairs.len() as f64;
    let total_true: f64 = true_pairs.iter().sum();
    let total_beside: f64 = beside.iter().sum();
    let mut out = [0.0; N];
    if total_true == 0.0 {
        return out;
    }
    for (k, score) in out.iter_mut().enumerate() {
        let chance = (beside[k] + 0.5) / (total_beside + 0.5 * cells);
        let seen = (true_pairs[k] + PRIOR_BEADS * chance) / (total_true + PRIOR_BEADS);
        *score = (seen / chance).ln();
    }
    out
}

/// The slope w of a logistic regression P(true | x) = σ(w x + b) of
/// `positives` against `negatives` (each class weighted to the same
/// total, with a weak Gaussian prior on w so that separable data give a
/// finite slope), by Newton's method. `None` with too few examples.
fn logistic_slope(positives: &[f64], negatives: &[f64]) -> Option<f64> {
    if positives.len() < 5 || negatives.len() < 5 {
        return None;
    }
    let balance = positives.len() as f64 / negatives.len() as f64;
    let examples = positives.iter().map(|&x| (x, 1.0, 1.0)).chain(negatives.iter().map(|&x| (x, 0.0, balance)));
    let examples: Vec<(f64, f64, f64)> = examples.collect();
    // a prior of standard deviation 10 nats on w
    let ridge = 0.01;
    let (mut w, mut b) = (0.0f64, 0.0f64);
    for _ in 0..50 {
        let (mut gw, mut gb, mut hww, mut hwb, mut hbb) = (-ridge * w, 0.0, ridge, 0.0, 1e-9);
        for &(x, y, weight) in &examples {
            let p = 1.0 / (1.0 + (-(w * x + b)).exp());
            let r = weight * (y - p);
            gw += r * x;
            gb += r;
            let v = weight * p * (1.0 - p);
            hww += v * x * x;
            hwb += v * x;
            hbb += v;
        }
        let det = hww * hbb - hwb * hwb;
        if det.abs() < 1e-12 {
            break;
        }
        let (dw, db) = ((hbb * gw - hwb * gb) / det, (hww * gb - hwb * gw) / det);
        w += dw;
        b += db;
        if dw.abs() < 1e-6 && db.abs() < 1e-6 {
            break;
        }
    }
    w.is_finite().then_some(w.max(0.0))
}

/// Sentences merged into one at each coarser level of the search.
const BLOCK: usize = 8;

/// How far (in sentences) the second pass may stray from the first
/// pass's path.
const GUIDE_MARGIN: usize = 8;

/// Merges every `block` consecutive sentences of each side into one.
fn coarsen(p: &Prepared, block: usize) -> Prepared {
    let merge = |side: &[Sentence]| -> Vec<Sentence> {
        side.chunks(block)
            .map(|chunk| {
                let mut keys: Vec<u32> = chunk.iter().flat_map(|s| s.keys.iter().copied()).collect();
                keys.sort_unstable();
                keys.dedup();
                let size = keys.iter().map(|&k| p.weights[k as usize]).sum();
                Sentence {
                    len: chunk.iter().map(|s| s.len).sum(),
                    keys,
                    size,
                    unmatched_note: chunk.iter().all(|s| s.unmatched_note),
                    end: chunk.last().map_or(0, |s| s.end),
                    pauses: chunk.iter().fold(chunk.len().saturating_sub(1) as u16, |sum, s| sum.saturating_add(s.pauses)),
                }
            })
            .collect()
    };
    Prepared { src: merge(&p.src), tgt: merge(&p.tgt), weights: p.weights.clone() }
}

/// The band around a path found on blocks of `block` sentences: each
/// bead's rectangle, widened by `margin` sentences on every side.
fn project(path: &[Step], block: usize, margin: usize, n: usize, m: usize) -> Band {
    let mut lo = vec![usize::MAX; n + 1];
    let mut hi = vec![0usize; n + 1];
    for s in path {
        let rows = ((s.i * block).saturating_sub(margin).min(n), ((s.i + s.di) * block + margin).min(n));
        let cols = ((s.j * block).saturating_sub(margin).min(m), ((s.j + s.dj) * block + margin).min(m));
        for i in rows.0..=rows.1 {
            lo[i] = lo[i].min(cols.0);
            hi[i] = hi[i].max(cols.1);
        }
    }
    for i in 0..=n {
        if lo[i] == usize::MAX {
            lo[i] = 0;
            hi[i] = m;
        }
    }
    Band::new(lo, hi, m)
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
    fn the_anchor_weight_is_the_log_likelihood_ratio_slope() {
        // true pairs share much, neighbours little: a clear positive slope
        let positives: Vec<f64> = (0..40).map(|k| 0.4 + 0.5 * (k % 7) as f64 / 7.0).collect();
        let negatives: Vec<f64> = (0..160).map(|k| 0.3 * (k % 5) as f64 / 5.0).chain([0.5, 0.7]).collect();
        let w = logistic_slope(&positives, &negatives).unwrap();
        assert!(w > 3.0, "{w}");
        // anchors that say nothing get no weight
        let same: Vec<f64> = (0..50).map(|k| (k % 10) as f64 / 10.0).collect();
        assert!(logistic_slope(&same, &same).unwrap() < 0.5);
        assert_eq!(logistic_slope(&[0.9; 3], &[0.1; 30]), None, "too few pairs to estimate from");
    }

    #[test]
    fn a_translation_that_leaves_much_out_raises_the_skip_prior() {
        // ten beads of which four leave a source sentence out
        let (src, tgt) = story(10);
        let reads = |side: &[String]| -> Vec<Reading> { side.iter().map(|s| features::read(s, false)).collect() };
        let (src_read, tgt_read) = (reads(&src), reads(&tgt[..6]));
        let p = features::prepare(&features::intern(&src_read, &tgt_read), &src_read, &tgt_read, &[]);
        let mut steps: Vec<Step> = (0..6).map(|k| Step { i: k, j: k, di: 1, dj: 1, posterior: 1.0 }).collect();
        steps.extend((6..10).map(|k| Step { i: k, j: 6, di: 1, dj: 0, posterior: 1.0 }));
        let first = Aligner::default().params();
        let estimated = estimate(&p, &steps, None, &first);
        assert!(estimated.log_prior[1] > first.log_prior[1] + 1.0, "{} vs {}", estimated.log_prior[1], first.log_prior[1]);
        assert!(estimated.log_prior[3] < first.log_prior[3], "no 2-1 bead seen: its prior falls");
    }

    #[test]
    fn an_arabic_sentence_the_first_pass_joins_to_its_neighbour_still_counts_as_a_possible_omission() {
        // samples/speech: the translation leaves out "وقال إن قضيته ستبقى
        // حية في وجدان اللبنانيين." (src 1); lengths and shared words
        // leave the first pass unsure whether to join it to its neighbour
        let src = [
            "كما استذكر نصر الله الإمام موسى الصدر الذي اختفى في ليبيا عام 1978 في عهد معمر القذافي.",
            "وقال إن قضيته ستبقى حية في وجدان اللبنانيين.",
            "وفي ختام كلمته، دعا نصر الله الشعوب العربية إلى التظاهر تضامنا مع أهل غزة.",
            "واستمرت الكلمة نحو ساعة ونصف الساعة.",
        ];
        let tgt = [
            "Nasrallah also recalled Imam Musa al-Sadr, who disappeared in Libya in 1978 during the rule of Muammar Gaddafi.",
            "At the end of his speech, Nasrallah called on Arab peoples to demonstrate in solidarity with the people of Gaza.",
            "It lasted about an hour and a half.",
        ];
        let across = features::scripts_differ(&src, &tgt);
        let mut src_read: Vec<Reading> = src.iter().map(|s| features::read(s, across)).collect();
        let mut tgt_read: Vec<Reading> = tgt.iter().map(|s| features::read(s, across)).collect();
        features::link_names(&mut src_read, &mut tgt_read);
        let p = features::prepare(&features::intern(&src_read, &tgt_read), &src_read, &tgt_read, &[]);
        let first = Aligner::default().params();
        let (steps, expected) = dp::best_path_and_expected_shapes(&p, &first, &Band::full(4, 3));
        let hard = estimate(&p, &steps, None, &first);
        let soft = estimate(&p, &steps, Some(&expected), &first);
        // the best path joins it (a 2-1 bead) and leaves nothing out: hard
        // counts see no omission, the expected counts some
        assert!(steps.iter().any(|s| (s.i, s.di, s.dj) == (1, 2, 1)) && !steps.iter().any(|s| s.dj == 0), "{steps:?}");
        assert!(expected[3] < 0.99 && expected[1] > 0.01, "{expected:?}");
        assert!(soft.log_prior[1] > hard.log_prior[1] + 0.1, "{} vs {}", soft.log_prior[1], hard.log_prior[1]);
        assert!(soft.log_prior[3] < hard.log_prior[3], "the join counts for less than one 2-1 bead");
    }

    #[test]
    fn how_sentences_end_and_pause_is_learned_from_the_beads_of_a_chinese_document() {
        // a press conference: questions stay questions, an exclamation an
        // exclamation, and the English keeps the Chinese clauses
        let pairs = [
            ("问：联合国安理会通过了决议。中方对此有何评论？", "Q: The Security Council adopted a resolution. What is China's comment?"),
            ("答：中方对决议获得通过表示欢迎。", "A: China welcomes the adoption of the resolution."),
            (
                "加沙目前有超过190万人流离失所，人道主义形势极其严峻。",
                "More than 1.9 million people in Gaza are displaced, and the situation is dire.",
            ),
            ("问：埃及提出了一项新方案。中方是否支持？", "Q: Egypt has put forward a new plan. Does China support it?"),
            ("答：我们注意到有关报道。", "A: We have noted the reports."),
            (
                "中方支持一切外交努力，也赞赏埃及、卡塔尔的工作。",
                "China supports all diplomatic efforts, and appreciates the work of Egypt, Qatar and others.",
            ),
            ("问：你能否介绍更多情况？", "Q: Could you share more details?"),
            ("答：中国是中东国家的真诚朋友！", "A: China is a sincere friend of the countries of the Middle East!"),
            ("我们将继续发挥建设性作用。", "We will continue to play a constructive role."),
            ("问：发言人怎么看？", "Q: What is your view?"),
            ("答：这是又一重要努力，我们希望决议得到执行。", "A: It is another important effort, and we hope it will be implemented."),
            ("中方始终认为，当务之急是停火。", "China has always believed that the most pressing task is a ceasefire."),
        ];
        let reads = |side: Vec<&str>| -> Vec<Reading> { side.iter().map(|s| features::read(s, false)).collect() };
        let (src, tgt) = (reads(pairs.iter().map(|p| p.0).collect()), reads(pairs.iter().map(|p| p.1).collect()));
        let p = features::prepare(&features::intern(&src, &tgt), &src, &tgt, &[]);
        let steps: Vec<Step> = (0..pairs.len()).map(|k| Step { i: k, j: k, di: 1, dj: 1, posterior: 1.0 }).collect();
        let first = Aligner::default().params();
        assert!(first.end_score.iter().flatten().chain(&first.pause_score).all(|&s| s == 0.0), "nothing is known before a pass");
        let learned = estimate(&p, &steps, None, &first);
        let (full_stop, question) = (1, 2);
        assert!(learned.end_score[question][question] > 0.3, "{:?}", learned.end_score);
        assert!(learned.end_score[question][full_stop] < -0.3, "{:?}", learned.end_score);
        assert!(learned.end_score[full_stop][full_stop] > learned.end_score[full_stop][question]);
        let same = dp::pause_bin(1.0, 1.0);
        assert!(learned.pause_score[same] > 0.0, "{:?}", learned.pause_score);
        assert!(
            learned.pause_score.iter().enumerate().all(|(k, &s)| k == same || s < learned.pause_score[same]),
            "{:?}",
            learned.pause_score
        );
    }

    #[test]
    fn tempered_confidences_keep_the_path_and_doubt_what_only_lengths_support() {
        // Hebrew against English with nothing shared but sentence lengths
        let src = ["הממשלה התכנסה הבוקר בירושלים.", "השרים דנו בתקציב.", "הישיבה נמשכה שלוש שעות ארוכות מאוד.", "לא התקבלה החלטה."];
        let tgt = [
            "The cabinet met this morning in Jerusalem.",
            "Ministers discussed the budget.",
            "The meeting lasted three very long hours.",
            "No decision was taken.",
        ];
        let raw = Aligner { confidence_temperature: 1.0, ..Aligner::default() }.align(&src, &tgt);
        let tempered = Aligner::default().align(&src, &tgt);
        assert_eq!(shapes(&raw), shapes(&tempered), "the best path does not depend on the temperature");
        let mean = |beads: &[Bead]| beads.iter().map(|b| b.confidence).sum::<f64>() / beads.len() as f64;
        assert!(mean(&tempered) < mean(&raw), "{} vs {}", mean(&tempered), mean(&raw));
    }

    #[test]
    fn a_long_russian_sentence_rendered_as_five_english_ones_becomes_a_one_to_five_bead() {
        let src = [
            "В понедельник в Москву прибыли 12 делегаций.",
            "Переговоры начались в 9 часов утра, в них участвовали 340 экспертов из 27 стран, обсуждались 15 пунктов повестки, а итоговое заявление подписали 8 министров.",
            "Следующая встреча пройдёт 3 марта.",
        ];
        let tgt = [
            "On Monday 12 delegations arrived in Moscow.",
            "The talks began at 9 in the morning.",
            "340 experts took part.",
            "They came from 27 countries.",
            "15 items of the agenda were discussed.",
            "The final statement was signed by 8 ministers.",
            "The next meeting will take place on 3 March.",
        ];
        let beads = Aligner::default().align(&src, &tgt);
        assert_eq!(shapes(&beads), vec![(1, 1), (1, 5), (1, 1)], "{beads:?}");
    }

    #[test]
    fn four_persian_sentences_joined_in_one_english_one_become_a_four_to_one_bead() {
        let src = [
            "هیئت ۱۲ نفره دوشنبه وارد تهران شد.",
            "مذاکرات ساعت ۹ آغاز شد.",
            "۳۴۰ کارشناس در آن شرکت کردند.",
            "آنها از ۲۷ کشور آمده بودند.",
            "در پایان ۸ وزیر بیانیه را امضا کردند.",
            "نشست بعدی ۳ مارس برگزار می‌شود.",
        ];
        let tgt = [
            "A 12-member delegation arrived in Tehran on Monday.",
            "The talks began at 9, with 340 experts from 27 countries, and in the end 8 ministers signed the statement.",
            "The next meeting will be held on 3 March.",
        ];
        let beads = Aligner::default().align(&src, &tgt);
        assert_eq!(shapes(&beads), vec![(1, 1), (4, 1), (1, 1)], "{beads:?}");
    }

    #[test]
    fn numbers_are_read_in_every_digit_system() {
        assert_eq!(numbers_in("31,000 trucks and ٣١٠٠٠ and ۱۴۰۳ on 17 March"), vec![31000, 31000, 1403, 17]);
    }

    fn covers_everything_in_order(beads: &[Bead], n: usize, m: usize) {
        let s: Vec<usize> = beads.iter().flat_map(|b| b.src.clone()).collect();
        let t: Vec<usize> = beads.iter().flat_map(|b| b.tgt.clone()).collect();
        assert_eq!(s, (0..n).collect::<Vec<_>>());
        assert_eq!(t, (0..m).collect::<Vec<_>>());
        assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence) && !(b.src.is_empty() && b.tgt.is_empty())));
    }

    /// A small made-up story, `n` sentences, each with its own number,
    /// in French and English; neighbouring sentences share neither
    /// subject nor verb.
    fn story(n: usize) -> (Vec<String>, Vec<String>) {
        let words_fr = ["le convoi", "la délégation", "le ministre", "les camions", "la commission"];
        let words_en = ["the convoy", "the delegation", "the minister", "the trucks", "the committee"];
        let verbs_fr = ["est arrivé à Rafah", "a quitté Doha", "a parlé aux journalistes", "sont entrés dans Gaza", "a publié son rapport"];
        let verbs_en = ["reached Rafah", "left Doha", "spoke to reporters", "entered Gaza", "published its report"];
        let src = (0..n)
            .map(|k| {
                format!("Selon le témoin {}, {} {} vers {} heures.", k * 7 + 3, words_fr[k % 5], verbs_fr[(2 * k + k / 5) % 5], k % 24)
            })
            .collect();
        let tgt = (0..n)
            .map(|k| {
                format!("According to witness {}, {} {} at about {}.", k * 7 + 3, words_en[k % 5], verbs_en[(2 * k + k / 5) % 5], k % 24)
            })
            .collect();
        (src, tgt)
    }

    #[test]
    fn a_document_against_an_empty_one_leaves_every_sentence_unaligned() {
        let (src, _) = story(5);
        let none: Vec<String> = Vec::new();
        let beads = Aligner::default().align(&src, &none);
        assert_eq!(shapes(&beads), vec![(1, 0); 5]);
        let beads = Aligner::default().align(&none, &src);
        assert_eq!(shapes(&beads), vec![(0, 1); 5]);
    }

    #[test]
    fn one_sentence_documents_pair_up() {
        let beads = Aligner::default().align(&["Il pleut."], &["It is raining."]);
        assert_eq!(shapes(&beads), vec![(1, 1)]);
        assert!(beads[0].confidence > 0.5, "{}", beads[0].confidence);
    }

    #[test]
    fn an_omitted_paragraph_becomes_unaligned_source_sentences() {
        let (src, tgt) = story(30);
        let kept: Vec<String> = tgt.iter().enumerate().filter(|(k, _)| !(12..17).contains(k)).map(|(_, s)| s.clone()).collect();
        let beads = Aligner::default().align(&src, &kept);
        covers_everything_in_order(&beads, 30, 25);
        let omitted: Vec<usize> = beads.iter().filter(|b| b.tgt.is_empty()).flat_map(|b| b.src.clone()).collect();
        assert_eq!(omitted, vec![12, 13, 14, 15, 16]);
        let correct = beads.iter().filter(|b| b.src.len() == 1 && b.tgt.len() == 1).filter(|b| {
            let (i, j) = (b.src[0], b.tgt[0]);
            if i < 12 { j == i } else { j + 5 == i }
        });
        assert_eq!(correct.count(), 25);
    }

    #[test]
    fn a_fifty_fold_length_ratio_still_gives_sensible_beads() {
        // the same story, every target sentence fifty times as long
        let (src, tgt) = story(12);
        let long: Vec<String> = tgt.iter().map(|s| vec![s.as_str(); 50].join(" ")).collect();
        let beads = Aligner::default().align(&src, &long);
        covers_everything_in_order(&beads, 12, 12);
        assert_eq!(shapes(&beads), vec![(1, 1); 12]);
        // and one document much longer than the other
        let beads = Aligner::default().align(&src[..1], &tgt);
        covers_everything_in_order(&beads, 1, 12);
    }

    #[test]
    fn long_documents_take_the_banded_path_and_still_align() {
        let (src, tgt) = story(900);
        let aligner = Aligner { max_full_cells: 10_000, ..Aligner::default() };
        let beads = aligner.align(&src, &tgt);
        covers_everything_in_order(&beads, 900, 900);
        let correct = beads.iter().filter(|b| b.src.len() == 1 && b.tgt.len() == 1 && b.src[0] == b.tgt[0]).count();
        assert!(correct >= 890, "{correct} of 900");
        // a translation that leaves out 60 sentences in the middle
        let kept: Vec<String> = tgt.iter().enumerate().filter(|(k, _)| !(400..460).contains(k)).map(|(_, s)| s.clone()).collect();
        let beads = aligner.align(&src, &kept);
        covers_everything_in_order(&beads, 900, 840);
        let correct = beads
            .iter()
            .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
            .filter(|b| b.tgt[0] == if b.src[0] < 400 { b.src[0] } else { b.src[0] - 60 })
            .count();
        assert!(correct >= 830, "{correct} of 840");
        let left_out = beads.iter().filter(|b| b.tgt.is_empty()).flat_map(|b| b.src.clone()).filter(|i| (400..460).contains(i)).count();
        assert!(left_out >= 55, "{left_out} of 60 left out");
    }

    #[test]
    fn a_dictionary_anchors_what_lengths_alone_get_wrong() {
        // lengths suggest pairing the short with the short; the words say otherwise
        let src = ["Hund.", "Die Katze schläft lange auf dem warmen Ofen.", "Vogel singt."];
        let tgt = ["The dog barks at every stranger who walks by.", "Cat.", "The bird sings."];
        let mut lexicon = Lexicon::default();
        for (s, t) in [("hund", "dog"), ("katze", "cat"), ("vogel", "bird"), ("singt", "sings")] {
            lexicon.insert(s, t);
        }
        let aligner = Aligner { realign: 0, ..Aligner::default() }.with_lexicon(&lexicon);
        let beads = aligner.align(&src, &tgt);
        let pairs: Vec<(Vec<usize>, Vec<usize>)> = beads.into_iter().map(|b| (b.src, b.tgt)).collect();
        assert_eq!(pairs, vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]);
    }

    #[test]
    fn pairs_already_aligned_teach_the_aligner() {
        let memory = [
            ("Der Hund bellt.", "The dog barks."),
            ("Ein Hund schläft.", "A dog sleeps."),
            ("Die Katze schläft.", "The cat sleeps."),
            ("Eine Katze frisst.", "A cat eats."),
        ];
        let lexicon = Lexicon::learn_from_texts(memory);
        assert_eq!(lexicon.translations("hund"), ["dog"]);
        let src = ["Hund.", "Die Katze schläft lange auf dem warmen Ofen.", "Vogel singt."];
        let tgt = ["The dog barks at every stranger who walks by.", "Cat.", "The bird sings."];
        let beads = Aligner::default().with_lexicon(&lexicon).align(&src, &tgt);
        let pairs: Vec<(Vec<usize>, Vec<usize>)> = beads.into_iter().map(|b| (b.src, b.tgt)).collect();
        assert_eq!(pairs, vec![(vec![0], vec![0]), (vec![1], vec![1]), (vec![2], vec![2])]);
    }
}
