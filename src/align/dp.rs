//! The dynamic programme: best path (Viterbi) and bead posteriors
//! (forward-backward) over a band of the (source, target) grid, so that
//! long documents cost time in proportion to their length, not to the
//! product of their lengths.

use super::features::{ENDS, Prepared, shared};

/// Bead shapes (source sentences, target sentences): besides Gale and
/// Church's, one sentence against up to [`MAX_SPAN`] (a long Arabic or
/// Chinese sentence often becomes four to six English ones, and the synth
/// sets have 1-4 and 4-1 beads that 1-3/3-1 could not reach).
pub(crate) const SHAPES: [(usize, usize); 14] =
    [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (1, 5), (5, 1), (1, 6), (6, 1)];

/// The most sentences one side of a bead holds.
pub(crate) const MAX_SPAN: usize = 6;

/// A bead whose score, with the largest anchor score it could get, stays
/// this many nats below the best way found so far into its end cell is
/// not scored further: it changes neither the best path nor (beyond
/// e^-40) the posteriors. This bounds the work larger shapes add, since
/// their length cost alone usually rules them out.
const PRUNE_NATS: f64 = 40.0;

/// The model's constants. None of them depends on the language pair;
/// the length ratio is estimated per document pair.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    /// log prior of each shape in `SHAPES` (for 1-0 and 0-1: the score
    /// of such a bead of no length).
    pub log_prior: [f64; SHAPES.len()],
    /// How much lower the score of a 1-0 or 0-1 bead is per average
    /// sentence length it leaves out (a stray heading is cheap to leave
    /// unaligned, a long sentence is not).
    pub skip_per_sentence: f64,
    /// What a bead's anchor similarity x (0..1) adds to its score, in
    /// nats: `anchor[k]` at x = k / 10, linear in between (a log
    /// likelihood ratio of true against neighbouring pairs, estimated per
    /// document pair; see `super::estimate`).
    pub anchor: [f64; ANCHOR_KNOTS],
    /// Gale and Church's variance of length per character.
    pub variance: f64,
    /// Posteriors are computed with every score multiplied by this (a
    /// temperature below 1 flattens the distribution over paths: see
    /// `super::CONFIDENCE_TEMPERATURE`); the best path does not change.
    pub temperature: f64,
    /// Sentence vectors of the document pair, when given (see
    /// `super::embed`).
    pub embeddings: Option<std::sync::Arc<super::embed::Embeddings>>,
    /// What a bead whose sides' last sentences end as (a, b) (see
    /// `super::features::final_mark`) adds to its score, in nats: the log
    /// likelihood ratio of that pair of ends in true beads against
    /// neighbouring pairs, estimated per document pair (see
    /// `super::estimate`); all 0 in the first pass.
    pub end_score: [[f64; ENDS]; ENDS],
    /// What a bead adds to its score when its source side holds d more
    /// pauses than its target side (see `super::features::pauses`; a side
    /// of several sentences counts the boundaries between them too):
    /// `pause_score[d + PAUSE_SPAN]`, d clamped to ±[`PAUSE_SPAN`], the
    /// log likelihood ratio of that difference in true beads against
    /// neighbouring pairs, estimated per document pair (see
    /// `super::estimate`); all 0 in the first pass.
    pub pause_score: [f64; PAUSE_BINS],
}

/// The largest difference of pauses told apart (see [`Params::pause_score`]).
pub(crate) const PAUSE_SPAN: i64 = 3;

/// Differences of pauses told apart: -3 (or fewer) to +3 (or more).
pub(crate) const PAUSE_BINS: usize = 2 * PAUSE_SPAN as usize + 1;

/// The bin of [`Params::pause_score`] of a source side with `src` pauses
/// against a target side with `tgt`.
#[inline]
pub(crate) fn pause_bin(src: f64, tgt: f64) -> usize {
    (((src - tgt).round() as i64).clamp(-PAUSE_SPAN, PAUSE_SPAN) + PAUSE_SPAN) as usize
}

/// Knots of the anchor score, at x = 0, 0.1, ..., 1.
pub(crate) const ANCHOR_KNOTS: usize = 11;

impl Params {
    /// These parameters with no score of sentence ends or pauses (the
    /// first pass's, or those the confidences are checked against).
    pub fn without_punctuation(mut self) -> Params {
        self.end_score = [[0.0; ENDS]; ENDS];
        self.pause_score = [0.0; PAUSE_BINS];
        self
    }

    /// The anchor score of similarity `x` in [0, 1].
    #[inline]
    pub fn anchor_score(&self, x: f64) -> f64 {
        let at = x.clamp(0.0, 1.0) * (ANCHOR_KNOTS - 1) as f64;
        let k = (at as usize).min(ANCHOR_KNOTS - 2);
        let f = at - k as f64;
        self.anchor[k] + f * (self.anchor[k + 1] - self.anchor[k])
    }
}

/// For each grid row i (0..=n), the columns lo[i]..=hi[i] the path may
/// visit; lo and hi never decrease.
#[derive(Debug, Clone)]
pub(crate) struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    start: Vec<usize>,
}

impl Band {
    pub fn full(n: usize, m: usize) -> Band {
        Band::new(vec![0; n + 1], vec![m; n + 1], m)
    }

    /// A band from row limits, made monotone and sure to contain both
    /// corners.
    pub fn new(mut lo: Vec<usize>, mut hi: Vec<usize>, m: usize) -> Band {
        let n = lo.len() - 1;
        lo[0] = 0;
        hi[n] = m;
        for i in (0..n).rev() {
            lo[i] = lo[i].min(lo[i + 1]);
        }
        for i in 1..=n {
            hi[i] = hi[i].max(hi[i - 1]);
        }
        for i in 0..=n {
            hi[i] = hi[i].min(m);
            lo[i] = lo[i].min(hi[i]);
        }
        // rows must overlap their neighbours so that every bead shape can
        // step from one row to the next
        for i in 1..=n {
            if lo[i] > hi[i - 1] {
                lo[i] = hi[i - 1];
            }
        }
        let mut start = Vec::with_capacity(n + 2);
        let mut total = 0;
        for i in 0..=n {
            start.push(total);
            total += hi[i] - lo[i] + 1;
        }
        start.push(total);
        Band { lo, hi, start }
    }

    pub fn cells(&self) -> usize {
        *self.start.last().unwrap_or(&0)
    }

    #[inline]
    fn index(&self, i: usize, j: usize) -> Option<usize> {
        let (lo, hi) = (self.lo[i], self.hi[i]);
        (j >= lo && j <= hi).then(|| self.start[i] + j - lo)
    }
}

/// One bead of a path: where it starts, its shape, and its posterior
/// (or 0 when posteriors were not asked for).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    pub i: usize,
    pub j: usize,
    pub di: usize,
    pub dj: usize,
    pub posterior: f64,
}

/// Shared anchor weight of sentence pairs near the band, computed once.
struct Similarity {
    lo: Vec<usize>,
    start: Vec<usize>,
    values: Vec<f32>,
}

impl Similarity {
    fn new(p: &Prepared, band: &Band) -> Similarity {
        let (n, m) = (p.src.len(), p.tgt.len());
        let mut lo = Vec::with_capacity(n);
        let mut start = Vec::with_capacity(n + 1);
        let mut values = Vec::new();
        for r in 0..n {
            let first = band.lo[r + 1].saturating_sub(MAX_SPAN);
            let last = band.hi[(r + MAX_SPAN).min(n)].min(m);
            lo.push(first);
            start.push(values.len());
            let keys = &p.src[r].keys;
            for c in first..last {
                let v = if keys.is_empty() { 0.0 } else { shared(keys, &p.tgt[c].keys, &p.weights) };
                values.push(v);
            }
        }
        start.push(values.len());
        Similarity { lo, start, values }
    }

    #[inline]
    fn get(&self, r: usize, c: usize) -> f32 {
        let lo = self.lo[r];
        if c < lo {
            return 0.0;
        }
        let k = self.start[r] + c - lo;
        if k < self.start[r + 1] { self.values[k] } else { 0.0 }
    }
}

/// Anchor similarity of sentence pair (r, c), as the cost function
/// sees it for a 1-1 bead (`None` when neither has a key).
pub(crate) fn pair_similarity(p: &Prepared, r: usize, c: usize) -> Option<f64> {
    let size = p.src[r].size + p.tgt[c].size;
    (size > 0.0).then(|| (2.0 * shared(&p.src[r].keys, &p.tgt[c].keys, &p.weights) / size).min(1.0) as f64)
}

/// Runs the programme over `band`. Returns the best path's beads in
/// order, with posteriors when `posteriors` is set.
pub(crate) fn best_path(p: &Prepared, params: &Params, band: &Band, posteriors: bool) -> Vec<Step> {
    run(p, params, band, posteriors, None, None)
}

/// The best path with posteriors, as [`best_path`] gives it, and the
/// expected number of beads of each shape of [`SHAPES`] over all paths in
/// the band (the sum of the posteriors of every bead of that shape, at
/// `params.temperature`): what soft EM re-estimates the shape priors from
/// (see `super::estimate`).
pub(crate) fn best_path_and_expected_shapes(p: &Prepared, params: &Params, band: &Band) -> (Vec<Step>, [f64; SHAPES.len()]) {
    let mut expected = [0.0; SHAPES.len()];
    let steps = run(p, params, band, true, None, Some(&mut expected));
    (steps, expected)
}

/// The posteriors, under `params`, of the beads of `path` (a path found
/// with other features): 0 for a bead outside `band` or too unlikely to
/// be scored.
pub(crate) fn posteriors_of(p: &Prepared, params: &Params, band: &Band, path: &[Step]) -> Vec<f64> {
    run(p, params, band, true, Some(path), None).into_iter().map(|s| s.posterior).collect()
}

/// A bead whose log posterior is below this adds nothing an expected
/// count can hold (e^-30 of a bead), so it is not added.
const EXPECTED_FLOOR: f64 = -30.0;

fn run(
    p: &Prepared,
    params: &Params,
    band: &Band,
    posteriors: bool,
    fixed: Option<&[Step]>,
    expected: Option<&mut [f64; SHAPES.len()]>,
) -> Vec<Step> {
    let (n, m) = (p.src.len(), p.tgt.len());
    let sim = Similarity::new(p, band);
    let prefix = |side: &[super::features::Sentence], f: &dyn Fn(&super::features::Sentence) -> f64| {
        let mut out = Vec::with_capacity(side.len() + 1);
        let mut acc = 0.0;
        out.push(0.0);
        for s in side {
            acc += f(s);
            out.push(acc);
        }
        out
    };
    let src_len = prefix(&p.src, &|s| s.len);
    let tgt_len = prefix(&p.tgt, &|s| s.len);
    let src_size = prefix(&p.src, &|s| s.size as f64);
    let tgt_size = prefix(&p.tgt, &|s| s.size as f64);
    let src_notes = prefix(&p.src, &|s| f64::from(u8::from(s.unmatched_note)));
    let tgt_notes = prefix(&p.tgt, &|s| f64::from(u8::from(s.unmatched_note)));
    let src_pauses = prefix(&p.src, &|s| f64::from(s.pauses));
    let tgt_pauses = prefix(&p.tgt, &|s| f64::from(s.pauses));
    // both sides rescaled to the same total length, so the ratio is 1
    let (total_src, total_tgt) = (src_len[n], tgt_len[m]);
    let average = (total_src + total_tgt) / 2.0;
    let scale_src = if total_src > 0.0 { average / total_src } else { 1.0 };
    let scale_tgt = if total_tgt > 0.0 { average / total_tgt } else { 1.0 };
    let mean_src = (total_src / n.max(1) as f64).max(1.0);
    let mean_tgt = (total_tgt / m.max(1) as f64).max(1.0);

    // the anchor part of a bead's score, when it has anchors
    let anchor = |i: usize, j: usize, k: usize| -> f64 {
        let (di, dj) = SHAPES[k];
        let (si, sj) = (i - di, j - dj);
        let size = (src_size[i] - src_size[si]) + (tgt_size[j] - tgt_size[sj]);
        if size <= 0.0 {
            return 0.0;
        }
        let mut inter = 0.0f64;
        for r in si..i {
            for c in sj..j {
                inter += sim.get(r, c) as f64;
            }
        }
        params.anchor_score(2.0 * inter / size)
    };
    let max_anchor = params.anchor.iter().copied().fold(0.0f64, f64::max);
    // a bead's score without its anchors (all of it for 1-0 and 0-1), and
    // whether anchors are still to be added
    let base = |i: usize, j: usize, k: usize| -> (f64, bool) {
        let (di, dj) = SHAPES[k];
        let (si, sj) = (i - di, j - dj);
        let notes = (src_notes[i] - src_notes[si]) + (tgt_notes[j] - tgt_notes[sj]);
        if di == 0 || dj == 0 {
            // a note the other side lacks costs nothing to leave out
            if notes > 0.0 {
                return (params.log_prior[k], false);
            }
            return if di == 0 {
                (params.log_prior[k] - params.skip_per_sentence * (tgt_len[j] - tgt_len[sj]) / mean_tgt, false)
            } else {
                (params.log_prior[k] - params.skip_per_sentence * (src_len[i] - src_len[si]) / mean_src, false)
            };
        }
        if notes > 0.0 {
            return (f64::NEG_INFINITY, false);
        }
        let l1 = (src_len[i] - src_len[si]) * scale_src;
        let l2 = (tgt_len[j] - tgt_len[sj]) * scale_tgt;
        let meaning = params.embeddings.as_ref().map_or(0.0, |e| super::embed::EMBEDDING_WEIGHT * (e.cosine(si, di, sj, dj) - e.chance));
        let ends = params.end_score[p.src[i - 1].end as usize][p.tgt[j - 1].end as usize];
        let pauses = params.pause_score
            [pause_bin(src_pauses[i] - src_pauses[si] + (di - 1) as f64, tgt_pauses[j] - tgt_pauses[sj] + (dj - 1) as f64)];
        (params.log_prior[k] + length_logp(l1, l2, params.variance) + meaning + ends + pauses, true)
    };

    let cells = band.cells();
    let mut scores = if posteriors { vec![f32::NEG_INFINITY; cells * SHAPES.len()] } else { Vec::new() };
    let mut best = vec![f64::NEG_INFINITY; cells];
    let mut back = vec![u8::MAX; cells];
    let mut forward = if posteriors { vec![f64::NEG_INFINITY; cells] } else { Vec::new() };
    let root = band.index(0, 0).expect("the band holds the origin");
    best[root] = 0.0;
    if posteriors {
        forward[root] = 0.0;
    }
    for i in 0..=n {
        for j in band.lo[i]..=band.hi[i] {
            if i == 0 && j == 0 {
                continue;
            }
            let here = band.index(i, j).expect("in band");
            let mut terms = [f64::NEG_INFINITY; SHAPES.len()];
            let mut best_term = f64::NEG_INFINITY;
            for (k, &(di, dj)) in SHAPES.iter().enumerate() {
                if di > i || dj > j {
                    continue;
                }
                let Some(from) = band.index(i - di, j - dj) else { continue };
                if best[from] == f64::NEG_INFINITY {
                    continue;
                }
                let (b, anchored) = base(i, j, k);
                let s = if anchored {
                    let hopeless = best[from] + b + max_anchor < best[here] - PRUNE_NATS
                        && (!posteriors || forward[from] + b + max_anchor < best_term - PRUNE_NATS);
                    if hopeless {
                        continue;
                    }
                    b + anchor(i, j, k)
                } else {
                    b
                };
                if posteriors {
                    scores[here * SHAPES.len() + k] = s as f32;
                }
                let v = best[from] + s;
                if v > best[here] {
                    best[here] = v;
                    back[here] = k as u8;
                }
                if posteriors {
                    terms[k] = forward[from] + params.temperature * s;
                    best_term = best_term.max(terms[k]);
                }
            }
            if posteriors {
                forward[here] = log_sum_exp(&terms);
            }
        }
    }
    let end = band.index(n, m).expect("the band holds the end");
    let mut steps = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = band.index(i, j).expect("on the path");
        let k = back[here] as usize;
        let (di, dj) = SHAPES[k];
        steps.push(Step { i: i - di, j: j - dj, di, dj, posterior: 0.0 });
        (i, j) = (i - di, j - dj);
    }
    steps.reverse();
    if let Some(path) = fixed {
        steps = path.iter().map(|s| Step { posterior: 0.0, ..*s }).collect();
    }
    if posteriors {
        // the beads scored in the forward pass that start at (i, j): their
        // shape, the cell they end in and their score
        let scored = &scores;
        let scored_beads_from = |i: usize, j: usize| {
            SHAPES.iter().enumerate().filter_map(move |(k, &(di, dj))| {
                if i + di > n || j + dj > m {
                    return None;
                }
                let to = band.index(i + di, j + dj)?;
                let s = scored[to * SHAPES.len() + k];
                (s != f32::NEG_INFINITY).then_some((k, to, s as f64))
            })
        };
        let mut backward = vec![f64::NEG_INFINITY; cells];
        backward[end] = 0.0;
        for i in (0..=n).rev() {
            for j in (band.lo[i]..=band.hi[i]).rev() {
                let here = band.index(i, j).expect("in band");
                if here == end {
                    continue;
                }
                let mut terms = [f64::NEG_INFINITY; SHAPES.len()];
                for (k, to, s) in scored_beads_from(i, j) {
                    terms[k] = backward[to] + params.temperature * s;
                }
                backward[here] = log_sum_exp(&terms);
            }
        }
        let total = forward[end];
        if let Some(expected) = expected {
            // every bead's posterior: forward into its start, its score,
            // backward from its end, over all paths
            for i in 0..=n {
                for j in band.lo[i]..=band.hi[i] {
                    let here = band.index(i, j).expect("in band");
                    if forward[here] == f64::NEG_INFINITY {
                        continue;
                    }
                    for (k, to, s) in scored_beads_from(i, j) {
                        let log_posterior = forward[here] + params.temperature * s + backward[to] - total;
                        if log_posterior > EXPECTED_FLOOR {
                            expected[k] += log_posterior.exp().min(1.0);
                        }
                    }
                }
            }
        }
        for step in &mut steps {
            // a fixed path may leave the band or take a shape that is not modelled
            let (Some(from), Some(to), Some(k)) = (
                band.index(step.i, step.j),
                band.index(step.i + step.di, step.j + step.dj),
                SHAPES.iter().position(|&s| s == (step.di, step.dj)),
            ) else {
                continue;
            };
            let s = params.temperature * scores[to * SHAPES.len() + k] as f64;
            step.posterior = (forward[from] + s + backward[to] - total).exp().clamp(0.0, 1.0);
        }
    }
    steps
}

/// log of the two-tailed probability of a length difference this large
/// (Gale and Church), both lengths already on the same scale.
fn length_logp(l1: f64, l2: f64, variance: f64) -> f64 {
    let mean = ((l1 + l2) / 2.0).max(1.0);
    let delta = (l2 - l1).abs() / (variance * mean).sqrt();
    let table = tail_table();
    let x = delta * TABLE_STEPS_PER_UNIT as f64;
    let k = x as usize;
    if k + 1 < table.len() {
        let f = x - k as f64;
        table[k] + f * (table[k + 1] - table[k])
    } else {
        log_two_tailed(delta)
    }
}

const TABLE_STEPS_PER_UNIT: usize = 128;

/// `log_two_tailed` tabulated on [0, 8): the cost function's hot path
/// reads it instead of calling exp and ln.
fn tail_table() -> &'static [f64] {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| (0..=8 * TABLE_STEPS_PER_UNIT).map(|k| log_two_tailed(k as f64 / TABLE_STEPS_PER_UNIT as f64)).collect())
}

/// ln(2 (1 − Φ(δ))) for δ ≥ 0, with the asymptotic tail so that large
/// differences keep a finite, ordered cost.
fn log_two_tailed(delta: f64) -> f64 {
    if delta < 5.0 {
        (erfc(delta / std::f64::consts::SQRT_2)).max(1e-300).ln()
    } else {
        // erfc(x) ≈ exp(−x²) / (x √π)
        let x = delta / std::f64::consts::SQRT_2;
        -x * x - (x * std::f64::consts::PI.sqrt()).ln()
    }
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
    // terms 40 nats below the largest change nothing a f64 can hold
    let sum: f64 = terms.iter().filter(|&&t| t > max - 40.0).map(|t| (t - max).exp()).sum();
    if sum == 1.0 { max } else { max + sum.ln() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_are_monotone_and_hold_both_corners() {
        let band = Band::new(vec![3, 0, 5, 2, 9], vec![2, 4, 4, 8, 7], 8);
        for i in 0..band.lo.len() {
            assert!(band.lo[i] <= band.hi[i]);
            if i > 0 {
                assert!(band.lo[i] >= band.lo[i - 1] && band.hi[i] >= band.hi[i - 1]);
                assert!(band.lo[i] <= band.hi[i - 1], "rows overlap");
            }
        }
        assert_eq!((band.lo[0], band.hi[4]), (0, 8));
    }

    /// Sentences read as the aligner reads them (words, numbers, names).
    fn read(side: &[&str]) -> Vec<super::super::features::Reading> {
        side.iter().map(|s| super::super::features::read(s, true)).collect()
    }

    /// Round parameters for these tests: 1-1 beads likely, the others
    /// rare, anchors worth up to 10 nats.
    fn test_params(temperature: f64) -> Params {
        Params {
            log_prior: std::array::from_fn(|k| if k == 0 { 0.89f64.ln() } else { 0.01f64.ln() }),
            skip_per_sentence: 0.0,
            anchor: std::array::from_fn(|k| 10.0 * k as f64 / (ANCHOR_KNOTS - 1) as f64),
            variance: 6.8,
            temperature,
            embeddings: None,
            end_score: [[0.0; ENDS]; ENDS],
            pause_score: [0.0; PAUSE_BINS],
        }
    }

    #[test]
    fn the_posteriors_of_a_path_found_with_other_features_are_read_under_these() {
        // Hebrew against English: the model's own best path gets the
        // posteriors the search gave it; a path one sentence off gets far less
        let src = read(&["הממשלה התכנסה ב-9 בבוקר בירושלים.", "השרים דנו בתקציב של 2025.", "הישיבה נמשכה 3 שעות.", "לא התקבלה החלטה."]);
        let tgt = read(&[
            "The cabinet met at 9 in the morning in Jerusalem.",
            "Ministers discussed the 2025 budget.",
            "The meeting lasted 3 hours.",
            "No decision was taken.",
        ]);
        let p = super::super::features::prepare(&super::super::features::intern(&src, &tgt), &src, &tgt, &[]);
        let params = test_params(0.5);
        let band = Band::full(4, 4);
        let best = best_path(&p, &params, &band, true);
        let again = posteriors_of(&p, &params, &band, &best);
        for (step, posterior) in best.iter().zip(&again) {
            assert!((step.posterior - posterior).abs() < 1e-9, "{step:?} vs {posterior}");
        }
        let off = [
            Step { i: 0, j: 0, di: 1, dj: 0, posterior: 0.0 },
            Step { i: 1, j: 0, di: 1, dj: 1, posterior: 0.0 },
            Step { i: 2, j: 1, di: 1, dj: 1, posterior: 0.0 },
            Step { i: 3, j: 2, di: 1, dj: 2, posterior: 0.0 },
        ];
        let shifted = posteriors_of(&p, &params, &band, &off);
        assert!(shifted.iter().zip(&again).all(|(a, b)| a < b), "{shifted:?} vs {again:?}");
    }

    #[test]
    fn expected_shape_counts_cover_every_persian_and_english_sentence_once() {
        // whatever the paths, each sentence lies in exactly one bead of
        // each: the expected counts, weighted by the shapes' sides, add up
        // to the documents' lengths
        let src = read(&[
            "هیئت ۱۲ نفره دوشنبه وارد تهران شد.",
            "مذاکرات ساعت ۹ آغاز شد.",
            "۳۴۰ کارشناس در آن شرکت کردند.",
            "آنها از ۲۷ کشور آمده بودند.",
            "سخنگو گفت که نشست در فضایی سازنده برگزار شد.",
            "نشست بعدی ۳ مارس برگزار می‌شود.",
        ]);
        let tgt = read(&[
            "A 12-member delegation arrived in Tehran on Monday.",
            "The talks began at 9, with 340 experts from 27 countries.",
            "The next meeting will be held on 3 March.",
        ]);
        let p = super::super::features::prepare(&super::super::features::intern(&src, &tgt), &src, &tgt, &[]);
        let params = test_params(1.0);
        let band = Band::full(6, 3);
        let (steps, expected) = best_path_and_expected_shapes(&p, &params, &band);
        let covered = |side: fn(&(usize, usize)) -> usize| -> f64 { SHAPES.iter().zip(&expected).map(|(s, e)| side(s) as f64 * e).sum() };
        assert!((covered(|s| s.0) - 6.0).abs() < 1e-6, "{expected:?}");
        assert!((covered(|s| s.1) - 3.0).abs() < 1e-6, "{expected:?}");
        // the best path is the one best_path finds, with the same posteriors
        let alone = best_path(&p, &params, &band, true);
        assert_eq!(steps.len(), alone.len());
        for (a, b) in steps.iter().zip(&alone) {
            assert_eq!((a.i, a.j, a.di, a.dj), (b.i, b.j, b.di, b.dj));
            assert!((a.posterior - b.posterior).abs() < 1e-12);
        }
    }

    #[test]
    fn a_hebrew_sentence_with_a_comma_rendered_as_two_english_ones_becomes_one_bead_by_its_pauses() {
        // "The ministers discussed the budget, and the meeting lasted
        // hours." becomes two English sentences; by lengths alone it pairs
        // with the first, and the second joins the next sentence's bead
        let src = read(&[
            "הממשלה התכנסה הבוקר בירושלים.",
            "השרים דנו בתקציב, והישיבה נמשכה שעות.",
            "לא התקבלה החלטה בנושא המסים והשרים יתכנסו שוב בשבוע הבא.",
            "הדובר סירב להגיב.",
        ]);
        let tgt = read(&[
            "The cabinet met this morning in Jerusalem.",
            "Ministers discussed the budget for next year at great length.",
            "It lasted hours.",
            "No decision was taken on taxes.",
            "The spokesman declined to comment.",
        ]);
        let p = super::super::features::prepare(&super::super::features::intern(&src, &tgt), &src, &tgt, &[]);
        let band = Band::full(4, 5);
        let path = |params: &Params| -> Vec<(usize, usize, usize, usize)> {
            best_path(&p, params, &band, false).iter().map(|s| (s.i, s.di, s.j, s.dj)).collect()
        };
        let without = test_params(1.0);
        assert_eq!(path(&without), vec![(0, 1, 0, 1), (1, 1, 1, 1), (2, 1, 2, 2), (3, 1, 4, 1)]);
        // the log likelihood ratios of differences of pauses -3 … +3 as
        // measured on synth_he_en's gold 1-1 beads against their neighbours
        let with = Params { pause_score: [-1.7, -2.2, -1.1, 0.3, -1.5, -1.4, -1.0], ..without };
        assert_eq!(path(&with), vec![(0, 1, 0, 1), (1, 1, 1, 2), (2, 1, 3, 1), (3, 1, 4, 1)]);
    }

    #[test]
    fn the_tabulated_length_cost_follows_the_formula() {
        for delta in [0.0, 0.01, 0.5, 1.37, 3.0, 7.99, 8.5, 30.0] {
            let mean: f64 = 50.0;
            let l2 = 50.0 + delta * (6.8 * mean).sqrt() / 2.0;
            let l1 = 50.0 - delta * (6.8 * mean).sqrt() / 2.0;
            let (table, exact) = (length_logp(l1, l2, 6.8), log_two_tailed(delta));
            assert!((table - exact).abs() < 1e-3 * (1.0 + exact.abs()), "{delta}: {table} vs {exact}");
        }
    }

    #[test]
    fn the_length_tail_keeps_its_order() {
        let costs: Vec<f64> = [0.0, 1.0, 4.9, 5.1, 20.0, 200.0].iter().map(|&d| log_two_tailed(d)).collect();
        assert!(costs.windows(2).all(|w| w[0] > w[1]), "{costs:?}");
        assert!(costs.iter().all(|c| c.is_finite()));
    }
}
