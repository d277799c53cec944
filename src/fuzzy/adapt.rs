//! Adaptation: when the stored source and the query differ in numbers
//! (31,000 vs 32,000; 17 March vs 18 March) and the stored target writes
//! those numbers (as 31 000, 31.000, ٣١٠٠٠ ...), the suggested target
//! gets the query's numbers, each written in the style the target used.
//!
//! Names are written in the house style by a hook the caller supplies
//! ([`TargetStyle`]): the names area owns the style list; this module
//! only calls it.

use super::numbers::{find_numbers, format};
use super::score::Comparison;
use serde::Serialize;

/// Rewrites a suggested target in the house style (preferred spellings
/// of names). The identity when no style is set.
pub trait TargetStyle: Send + Sync {
    /// The target with off-style spellings replaced.
    fn apply(&self, target: &str) -> String;
}

impl<F: Fn(&str) -> String + Send + Sync> TargetStyle for F {
    fn apply(&self, target: &str) -> String {
        self(target)
    }
}

/// One number replaced in the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Replacement {
    pub from: String,
    pub to: String,
}

/// A target rewritten for the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adaptation {
    pub target: String,
    pub replacements: Vec<Replacement>,
}

/// The stored target with the query's numbers in place of the stored
/// source's, or `None` when there is nothing to adapt or some differing
/// number cannot be found in the target (then the translator must look).
pub fn adapt_numbers(comparison: &Comparison, target: &str) -> Option<Adaptation> {
    if comparison.numbers.is_empty() {
        return None;
    }
    let found = find_numbers(target);
    let mut used = vec![false; found.len()];
    let mut plan: Vec<(usize, String)> = Vec::new();
    for change in &comparison.numbers {
        let k = found.iter().enumerate().position(|(k, n)| !used[k] && n.value == change.stored_value)?;
        used[k] = true;
        plan.push((k, format(&change.query_value, &found[k].style)));
    }
    plan.sort_by_key(|(k, _)| found[*k].start);
    let mut out = String::with_capacity(target.len() + 8);
    let mut cursor = 0;
    let mut replacements = Vec::new();
    for (k, new) in plan {
        let number = &found[k];
        out.push_str(&target[cursor..number.start]);
        out.push_str(&new);
        replacements.push(Replacement { from: target[number.start..number.end].to_string(), to: new });
        cursor = number.end;
    }
    out.push_str(&target[cursor..]);
    Some(Adaptation { target: out, replacements })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuzzy::score::{Prepared, compare};

    fn adapted(query: &str, stored: &str, target: &str) -> Option<String> {
        adapt_numbers(&compare(&Prepared::new(query), &Prepared::new(stored)), target).map(|a| a.target)
    }

    #[test]
    fn adaptation_table() {
        let cases = [
            ("32,000 trucks entered.", "31,000 trucks entered.", "31 000 camions sont entrés.", Some("32 000 camions sont entrés.")),
            ("32,000 trucks entered.", "31,000 trucks entered.", "31.000 Lastwagen fuhren ein.", Some("32.000 Lastwagen fuhren ein.")),
            ("32,000 trucks entered.", "31,000 trucks entered.", "دخلت ٣١٠٠٠ شاحنة.", Some("دخلت ٣٢٠٠٠ شاحنة.")),
            ("Talks on 18 March.", "Talks on 17 March.", "Pourparlers le 17 mars.", Some("Pourparlers le 18 mars.")),
            (
                "Of 3.5 tonnes and 12 trucks.",
                "Of 2.5 tonnes and 10 trucks.",
                "De 10 camions et 2,5 tonnes.",
                Some("De 12 camions et 3,5 tonnes."),
            ),
            // the number is spelt out in the target: nothing to adapt safely
            ("3 trucks entered.", "2 trucks entered.", "Deux camions sont entrés.", None),
            ("Trucks entered.", "Trucks entered.", "Des camions sont entrés.", None),
        ];
        for (q, s, t, want) in cases {
            assert_eq!(adapted(q, s, t).as_deref(), want, "{q} | {s} | {t}");
        }
    }

    #[test]
    fn a_closure_is_a_house_style() {
        let style = |t: &str| t.replace("Haniya", "Haniyeh");
        let hook: &dyn TargetStyle = &style;
        assert_eq!(hook.apply("Isma'il Haniya spoke."), "Isma'il Haniyeh spoke.");
    }
}
