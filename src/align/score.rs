//! Scoring an alignment against a gold one, as vecalign's scorer does
//! (after Sennrich and Volk 2011): strict precision over every predicted
//! bead, 1-0 and 0-1 included; strict recall over the gold beads with both
//! sides non-empty; counts summed over documents before dividing.

use super::Bead;
use std::collections::HashSet;

/// Strict hit and miss counts, summable over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub precision_hits: usize,
    pub precision_total: usize,
    pub recall_hits: usize,
    pub recall_total: usize,
}

type Key = (Vec<usize>, Vec<usize>);

fn keys<'a>(beads: impl IntoIterator<Item = &'a Bead>, both_sides: bool) -> HashSet<Key> {
    beads
        .into_iter()
        .filter(|b| if both_sides { !b.src.is_empty() && !b.tgt.is_empty() } else { !b.src.is_empty() || !b.tgt.is_empty() })
        .map(|b| (b.src.clone(), b.tgt.clone()))
        .collect()
}

impl Counts {
    /// Counts one document's predicted beads against its gold beads.
    pub fn of(gold: &[Bead], predicted: &[Bead]) -> Counts {
        let gold_all = keys(gold, false);
        let predicted_all = keys(predicted, false);
        let gold_both = keys(gold, true);
        let predicted_both = keys(predicted, true);
        Counts {
            precision_hits: predicted_all.iter().filter(|k| gold_all.contains(*k)).count(),
            precision_total: predicted_all.len(),
            recall_hits: gold_both.iter().filter(|k| predicted_both.contains(*k)).count(),
            recall_total: gold_both.len(),
        }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: Counts) {
        self.precision_hits += other.precision_hits;
        self.precision_total += other.precision_total;
        self.recall_hits += other.recall_hits;
        self.recall_total += other.recall_total;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.precision_hits, self.precision_total)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.recall_hits, self.recall_total)
    }

    /// Strict F1; 0 when nothing was predicted or nothing is gold.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Reads beads from JSON lines (`{"src":[0],"tgt":[0,1]}`), skipping blank
/// lines. The error names the line.
pub fn read_beads(text: &str) -> Result<Vec<Bead>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str::<Bead>(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(src: &[usize], tgt: &[usize]) -> Bead {
        Bead { src: src.to_vec(), tgt: tgt.to_vec(), confidence: 1.0 }
    }

    #[test]
    fn deletions_count_for_precision_not_recall() {
        let gold = [bead(&[0], &[0]), bead(&[1], &[]), bead(&[2], &[1])];
        let predicted = [bead(&[0], &[0]), bead(&[1, 2], &[1])];
        let c = Counts::of(&gold, &predicted);
        assert_eq!((c.precision_hits, c.precision_total, c.recall_hits, c.recall_total), (1, 2, 1, 2));
        assert!((c.f1() - 0.5).abs() < 1e-9);
    }
}
