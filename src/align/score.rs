//! Scoring an alignment against a gold one, as vecalign's scorer does
//! (after Sennrich and Volk 2011): strict precision over every predicted
//! bead, 1-0 and 0-1 included; strict recall over the gold beads with both
//! sides non-empty; counts summed over documents before dividing. The
//! lax figures also count a bead that is not exact but links some of its
//! source sentences to some of its target sentences as the gold does (a
//! 1-0 or 0-1 bead only when exact), as vecalign's lax score does.

use super::Bead;
use std::collections::HashSet;

/// Strict hit and miss counts, summable over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub precision_hits: usize,
    pub precision_total: usize,
    pub recall_hits: usize,
    pub recall_total: usize,
    pub lax_precision_hits: usize,
    pub lax_recall_hits: usize,
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
            lax_precision_hits: lax_hits(&predicted_all, &gold_all),
            lax_recall_hits: lax_hits(&gold_both, &predicted_both),
        }
    }

    /// Lax precision (see the module documentation).
    pub fn lax_precision(&self) -> f64 {
        ratio(self.lax_precision_hits, self.precision_total)
    }

    /// Lax recall.
    pub fn lax_recall(&self) -> f64 {
        ratio(self.lax_recall_hits, self.recall_total)
    }

    /// Lax F1; 0 when nothing was predicted or nothing is gold.
    pub fn lax_f1(&self) -> f64 {
        let (p, r) = (self.lax_precision(), self.lax_recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, other: Counts) {
        self.precision_hits += other.precision_hits;
        self.precision_total += other.precision_total;
        self.recall_hits += other.recall_hits;
        self.recall_total += other.recall_total;
        self.lax_precision_hits += other.lax_precision_hits;
        self.lax_recall_hits += other.lax_recall_hits;
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

/// How many of `beads` are in `reference`, or link one of their source
/// sentences to one of their target sentences as a bead of `reference` does.
fn lax_hits(beads: &HashSet<Key>, reference: &HashSet<Key>) -> usize {
    let mut linked: std::collections::HashMap<usize, HashSet<usize>> = std::collections::HashMap::new();
    for (s, t) in reference {
        for &i in s {
            linked.entry(i).or_default().extend(t.iter().copied());
        }
    }
    beads
        .iter()
        .filter(|(s, t)| {
            reference.contains(&(s.clone(), t.clone())) || s.iter().any(|i| linked.get(i).is_some_and(|l| t.iter().any(|j| l.contains(j))))
        })
        .count()
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
        // the 2-1 bead links source 2 with target 1 as the gold does
        assert_eq!((c.lax_precision_hits, c.lax_recall_hits), (2, 2));
        assert!((c.lax_f1() - 1.0).abs() < 1e-9);
    }
}
