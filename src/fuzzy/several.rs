//! Looking things up in several memories at once, in priority order, as
//! CAT tools do (a desk's shared memory first, a personal one second, a
//! read-only reference memory last): each memory is searched as alone,
//! and the answers are merged. A match keeps the rank its memory gave it
//! among that memory's matches; between memories, the better score wins
//! (an identical text before a 100% that is not), and at the same score
//! the memory listed first. The same pair (languages, source and target)
//! stored in two memories is given once, from the memory listed first.

use super::concordance::{Hit, Sides, search_with};
use super::{Match, Matcher, Searcher, SpanMatch};
use crate::memory::index::PostingSource;
use crate::memory::{Memory, MemoryError, Unit};
use std::cmp::Reverse;
use std::collections::HashSet;

/// Something found in one of several memories: `memory` is the index of
/// that memory in the list searched (0: the highest priority).
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub memory: usize,
    pub item: T,
}

/// Consecutive sentences that together are a stored source in one of the
/// memories (see [`Matcher::find_spans`]), with their identical matches
/// from every memory.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanFound {
    pub first: usize,
    pub last: usize,
    /// The sentences' text as compared.
    pub text: String,
    pub matches: Vec<Found<Match>>,
}

/// Merges each memory's matches for one query (`per_memory[k]`: memory
/// k's, best first) into at most `limit`, best first: by score, then
/// identical text, then the memory's priority; each memory's own order
/// (its recency and author rules) kept at equal score. A pair found in
/// two memories is kept once, from the memory with the higher priority.
pub fn merge_matches(per_memory: Vec<Vec<Match>>, limit: usize) -> Vec<Found<Match>> {
    let mut all: Vec<Found<Match>> = per_memory
        .into_iter()
        .enumerate()
        .flat_map(|(memory, matches)| matches.into_iter().map(move |item| Found { memory, item }))
        .collect();
    // stable: within one memory and one score, the memory's own order stays
    all.sort_by_key(|f| (Reverse(f.item.score), Reverse(f.item.comparison.exact), f.memory));
    first_of_each_pair(all, |m| &m.unit, limit)
}

/// Merges each memory's concordance hits (`per_memory[k]`: memory k's,
/// most recent first) into at most `limit`: every hit holds the phrase
/// alike, so the memory listed first gives its hits first. A pair found
/// in two memories is kept once, from the memory with the higher priority.
pub fn merge_hits(per_memory: Vec<Vec<Hit>>, limit: usize) -> Vec<Found<Hit>> {
    let all = per_memory.into_iter().enumerate().flat_map(|(memory, hits)| hits.into_iter().map(move |item| Found { memory, item }));
    first_of_each_pair(all, |h| &h.unit, limit)
}

/// The first `limit` items, each stored pair once (the first seen).
fn first_of_each_pair<T>(items: impl IntoIterator<Item = Found<T>>, unit: impl Fn(&T) -> &Unit, limit: usize) -> Vec<Found<T>> {
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    for found in items {
        if kept.len() >= limit {
            break;
        }
        let u = unit(&found.item);
        if seen.insert((u.src_lang.clone(), u.tgt_lang.clone(), u.source.clone(), u.target.clone())) {
            kept.push(found);
        }
    }
    kept
}

impl Matcher {
    /// The best matches for each query across `memories` (highest
    /// priority first), merged by [`merge_matches`].
    pub fn find_all_in(&self, memories: &[&Memory], queries: &[String]) -> Result<Vec<Vec<Found<Match>>>, MemoryError> {
        let mut searchers = memories.iter().map(|m| Searcher::new(*m, self)).collect::<Result<Vec<_>, _>>()?;
        let mut answers = Vec::with_capacity(queries.len());
        for query in queries {
            let per_memory = searchers.iter_mut().map(|s| s.find(query)).collect::<Result<Vec<_>, _>>()?;
            answers.push(merge_matches(per_memory, self.limit));
        }
        Ok(answers)
    }

    /// [`Matcher::find_spans`] across `memories` (highest priority first):
    /// a run of sentences is taken when any memory holds it as one source,
    /// and its identical matches from every memory are merged.
    pub fn find_spans_in(&self, memories: &[&Memory], text: &str, sentences: &[(usize, usize)]) -> Result<Vec<SpanFound>, MemoryError> {
        let mut searchers = memories.iter().map(|m| Searcher::new(*m, self)).collect::<Result<Vec<_>, _>>()?;
        let spans = super::spans_by(text, sentences, |candidate| {
            let per_memory = searchers.iter_mut().map(|s| s.find_identical(candidate)).collect::<Result<Vec<_>, _>>()?;
            Ok(merge_matches(per_memory, self.limit))
        })?;
        Ok(spans.into_iter().map(|(first, last, text, matches)| SpanFound { first, last, text, matches }).collect())
    }

    /// [`Matcher::find_spans`] with one memory, through `spans_by`.
    pub(super) fn spans_in_one(
        &self,
        memory: &dyn PostingSource,
        text: &str,
        sentences: &[(usize, usize)],
    ) -> Result<Vec<SpanMatch>, MemoryError> {
        let mut searcher = Searcher::new(memory, self)?;
        let spans = super::spans_by(text, sentences, |candidate| searcher.find_identical(candidate))?;
        Ok(spans.into_iter().map(|(first, last, text, matches)| SpanMatch { first, last, text, matches }).collect())
    }
}

/// [`search`] in each of `memories` (highest priority first), the hits
/// merged by [`merge_hits`].
/// `superseded`: superseded units too, after the current ones
/// ([`super::concordance::search_with`]).
pub fn search_in(memories: &[&Memory], phrase: &str, sides: Sides, limit: usize, superseded: bool) -> Result<Vec<Found<Hit>>, MemoryError> {
    let per_memory = memories.iter().map(|m| search_with(m, phrase, sides, limit, superseded)).collect::<Result<Vec<_>, _>>()?;
    Ok(merge_hits(per_memory, limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::memory::NewUnit;

    fn memory_with(dir: &std::path::Path, name: &str, pairs: &[(&str, &str)]) -> Memory {
        let mut memory = Memory::open(&dir.join(name), crate::fuzzy::index_keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        let (en, fr) = (Lang::parse("en").unwrap(), Lang::parse("fr").unwrap());
        for (source, target) in pairs {
            writer.add(&NewUnit::new(en.clone(), fr.clone(), source, target, name)).unwrap();
        }
        writer.commit().unwrap();
        memory.refresh_index().unwrap();
        memory
    }

    fn found(answer: &[Found<Match>]) -> Vec<(usize, u8, &str)> {
        answer.iter().map(|f| (f.memory, f.item.score, f.item.unit.target.as_str())).collect()
    }

    #[test]
    fn a_tie_goes_to_the_memory_listed_first_and_a_better_score_to_any() {
        let dir = tempfile::tempdir().unwrap();
        let desk = memory_with(dir.path(), "desk.sqlite", &[("The talks resumed on Monday.", "Les pourparlers ont repris lundi (desk).")]);
        let personal = memory_with(
            dir.path(),
            "personal.sqlite",
            &[
                ("The talks resumed on Monday.", "Les pourparlers ont repris lundi (personal)."),
                ("The talks resumed on Tuesday.", "Les pourparlers ont repris mardi."),
            ],
        );
        let matcher = Matcher { limit: 5, ..Matcher::default() };
        let query = vec!["The talks resumed on Monday.".to_string(), "The talks resumed Tuesday.".to_string()];
        for (order, first) in [([&desk, &personal], "desk"), ([&personal, &desk], "personal")] {
            let answers = matcher.find_all_in(&order, &query).unwrap();
            let monday = found(&answers[0]);
            assert_eq!(monday[0], (0, 100, format!("Les pourparlers ont repris lundi ({first}).").as_str()), "{monday:?}");
            assert_eq!((monday[1].0, monday[1].1), (1, 100));
            assert!(monday[2].1 < 100);
            // the better match wins whatever its memory's priority
            let tuesday = found(&answers[1]);
            assert_eq!(tuesday[0].2, "Les pourparlers ont repris mardi.", "{tuesday:?}");
        }
    }

    #[test]
    fn a_pair_stored_in_two_memories_is_suggested_once_from_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let pair = [("The talks resumed on Monday.", "Les pourparlers ont repris lundi.")];
        let (desk, reference) = (memory_with(dir.path(), "desk.sqlite", &pair), memory_with(dir.path(), "ref.sqlite", &pair));
        let answers = Matcher::default().find_all_in(&[&reference, &desk], &["The talks resumed on Monday.".to_string()]).unwrap();
        assert_eq!(found(&answers[0]), [(0, 100, "Les pourparlers ont repris lundi.")]);
        let hits = search_in(&[&desk, &reference], "talks", Sides::Both, 10, false).unwrap();
        assert_eq!(hits.iter().map(|h| h.memory).collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn search_gives_the_first_memorys_hits_first_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let desk =
            memory_with(dir.path(), "desk.sqlite", &[("Gaza talks.", "Pourparlers de Gaza."), ("Doha talks.", "Pourparlers de Doha.")]);
        let reference = memory_with(dir.path(), "ref.sqlite", &[("Cairo talks.", "Pourparlers du Caire.")]);
        let hits = search_in(&[&reference, &desk], "talks", Sides::Source, 2, false).unwrap();
        let shown: Vec<(usize, &str)> = hits.iter().map(|h| (h.memory, h.item.unit.source.as_str())).collect();
        assert_eq!(shown, [(0, "Cairo talks."), (1, "Doha talks.")]);
    }

    #[test]
    fn sentences_stored_together_in_a_lower_memory_are_found_as_one_span() {
        let dir = tempfile::tempdir().unwrap();
        let desk = memory_with(dir.path(), "desk.sqlite", &[("Talks resumed.", "Les pourparlers ont repris.")]);
        let reference =
            memory_with(dir.path(), "ref.sqlite", &[("Talks resumed. They ended.", "Les pourparlers ont repris et ont pris fin.")]);
        let text = "Talks resumed. They ended.";
        let spans = Matcher::default().find_spans_in(&[&desk, &reference], text, &[(0, 14), (15, 26)]).unwrap();
        assert_eq!(spans.len(), 1);
        assert_eq!((spans[0].first, spans[0].last), (0, 1));
        assert_eq!(found(&spans[0].matches), [(1, 100, "Les pourparlers ont repris et ont pris fin.")]);
    }
}
