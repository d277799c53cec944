//! Counting a job by match band: each segment is looked up in the
//! memories (the fuzzy [`Matcher`], as `suggest` does, several memories
//! merged by priority) and put in a [`Band`] by the order of
//! [`super::bands`]; segments, words ([`super::words::count_words`]) and
//! characters are added up per band.
//!
//! A context match is a 100% match whose stored unit has, as the units
//! stored just before and after it from the same document
//! ([`Memory::neighbours`]), the sources of the job's previous and next
//! segments (none on a side matching none: the start or end of both).
//! Each segment is searched for its best match only (the search can stop
//! as soon as no candidate left can beat it); when that is a 100% match,
//! the units stored with the same source are read by their source key
//! for the context check.
//!
//! Repetitions are told by a 64-bit hash of each source already met in
//! the job (eight bytes per distinct segment are all an analysis keeps
//! of what it has read).
//!
//! The look-ups of a batch (the per-segment search is nearly all of an
//! analysis's time) are shared out over worker threads when the
//! analyzer is given further connections to the same memories
//! ([`Analyzer::with_workers`]): each thread searches a contiguous share
//! of the batch on its own connections, and the results are put back in
//! the job's order before repetitions and bands are told, so the
//! analysis is the same whatever the number of threads. Nothing is held
//! beyond the batch, so memory stays bounded by the batch size.

use super::bands::{Band, BandScheme};
use super::words::{count_characters, count_words};
use super::{DocumentError, JobSegment};
use crate::fuzzy::several::{Found, merge_matches};
use crate::fuzzy::{Match, Matcher, Searcher};
use crate::memory::Memory;
use serde::Serialize;
use std::collections::HashSet;

/// Segments, words and characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub segments: u64,
    pub words: u64,
    pub characters: u64,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.segments += other.segments;
        self.words += other.words;
        self.characters += other.characters;
    }
}

/// The analysis of one file (or of all files together).
#[derive(Debug, Clone, PartialEq)]
pub struct FileAnalysis {
    pub file: String,
    /// One tally per band of the scheme, in its order.
    pub per_band: Vec<Tally>,
    pub total: Tally,
}

impl FileAnalysis {
    pub fn new(file: &str, scheme: &BandScheme) -> FileAnalysis {
        FileAnalysis { file: file.to_string(), per_band: vec![Tally::default(); scheme.bands.len()], total: Tally::default() }
    }

    /// Counts one assessed segment.
    pub fn count(&mut self, scheme: &BandScheme, assessed: &Assessed) {
        let text = assessed.segment.text();
        let tally = Tally { segments: 1, words: count_words(text) as u64, characters: count_characters(text) as u64 };
        self.per_band[scheme.index_of(assessed.band)].add(&tally);
        self.total.add(&tally);
    }

    /// Adds another file's figures (for the total of a run).
    pub fn add(&mut self, other: &FileAnalysis) {
        for (mine, theirs) in self.per_band.iter_mut().zip(&other.per_band) {
            mine.add(theirs);
        }
        self.total.add(&other.total);
    }

    /// The words weighted by the scheme's weights.
    pub fn weighted_words(&self, scheme: &BandScheme) -> f64 {
        self.per_band.iter().zip(&scheme.bands).map(|(t, (_, w))| t.words as f64 * w).sum()
    }
}

/// A segment with its band and best match.
#[derive(Debug)]
pub struct Assessed {
    pub segment: JobSegment,
    pub band: Band,
    /// The best match at the look-up's minimum score, if any (for a
    /// context match, the unit whose neighbours matched).
    pub best: Option<Found<Match>>,
}

/// Looks up a job's segments in the memories and tells their bands.
pub struct Analyzer<'m> {
    memories: &'m [&'m Memory],
    /// The search for each segment's best match.
    best: Matcher,
    /// Further connections to the same memories (in the same order), one
    /// set per extra worker thread.
    workers: Vec<Vec<Memory>>,
    matcher: Matcher,
    scheme: BandScheme,
    /// Hashes of the sources met so far in the job (all files of a run).
    seen: HashSet<u64>,
}

/// How many matches are looked at for a context match: the identical
/// units of one source stored from several documents (a headline kept
/// in five dispatches) are seldom more.
const CONTEXT_CANDIDATES: usize = 5;

impl<'m> Analyzer<'m> {
    /// An analyzer over `memories` (highest priority first). The
    /// matcher's languages and style are used as given; its `min_score`
    /// is lowered to the scheme's lowest fuzzy band when that is lower.
    pub fn new(memories: &'m [&'m Memory], mut matcher: Matcher, scheme: BandScheme) -> Analyzer<'m> {
        matcher.min_score = matcher.min_score.min(scheme.lowest_fuzzy_score());
        Analyzer::filling(memories, matcher, scheme)
    }

    /// An analyzer for filling segments: matches below the matcher's
    /// `min_score` are not looked for (they would not be used), which
    /// makes the search cheaper; a segment whose best match is below it
    /// is told as having none.
    pub fn filling(memories: &'m [&'m Memory], matcher: Matcher, scheme: BandScheme) -> Analyzer<'m> {
        let best = Matcher { limit: 1, ..matcher.clone() };
        let matcher = Matcher { limit: CONTEXT_CANDIDATES, ..matcher };
        Analyzer { memories, best, workers: Vec::new(), matcher, scheme, seen: HashSet::new() }
    }

    /// Looks up the following segments in these languages (a run of
    /// several files, each with its own); repetitions are still told
    /// across the files.
    pub fn set_languages(&mut self, src_lang: Option<crate::lang::Lang>, tgt_lang: Option<crate::lang::Lang>) {
        self.best.src_lang = src_lang.clone();
        self.best.tgt_lang = tgt_lang.clone();
        self.matcher.src_lang = src_lang;
        self.matcher.tgt_lang = tgt_lang;
    }

    /// The languages segments are looked up in: source and target.
    pub fn languages(&self) -> (Option<&crate::lang::Lang>, Option<&crate::lang::Lang>) {
        (self.matcher.src_lang.as_ref(), self.matcher.tgt_lang.as_ref())
    }

    pub fn scheme(&self) -> &BandScheme {
        &self.scheme
    }

    /// Looks up each batch on `1 + workers.len()` threads: `workers` are
    /// further connections to the analyzer's memories, in the same order,
    /// one set per extra thread.
    pub fn with_workers(mut self, workers: Vec<Vec<Memory>>) -> Analyzer<'m> {
        debug_assert!(workers.iter().all(|set| set.len() == self.memories.len()));
        self.workers = workers;
        self
    }

    /// The bands of `segments` (consecutive segments of a job, in order).
    pub fn assess(&mut self, segments: Vec<JobSegment>) -> Result<Vec<Assessed>, DocumentError> {
        let looked_up = self.look_up_all(&segments)?;
        let mut out = Vec::with_capacity(segments.len());
        for (segment, (mut matches, context)) in segments.into_iter().zip(looked_up) {
            let repeated = !self.seen.insert(crate::hash::fnv1a(segment.text().bytes()));
            let best = match context {
                Some(k) => Some(matches.swap_remove(k)),
                None => matches.into_iter().next(),
            };
            let band = match &best {
                _ if context.is_some() => Band::Context,
                Some(m) if m.item.score == 100 => Band::Exact,
                _ if repeated => Band::Repetition,
                Some(m) => self.scheme.band_of_score(m.item.score),
                None => Band::NoMatch,
            };
            out.push(Assessed { segment, band, best });
        }
        Ok(out)
    }

    /// The matches of each segment, and which of them is a context match:
    /// on this thread alone, or shared out in contiguous shares over the
    /// worker threads, put back in order.
    fn look_up_all(&mut self, segments: &[JobSegment]) -> Result<Vec<LookedUp>, DocumentError> {
        let threads = 1 + self.workers.len();
        if threads == 1 || segments.len() < 2 * MIN_SHARE {
            return look_up(self.memories, (&self.best, &self.matcher), segments);
        }
        let share = segments.len().div_ceil(threads).max(MIN_SHARE);
        let mut shares = segments.chunks(share);
        let mine = shares.next().unwrap_or_default();
        let (memories, matchers, workers) = (self.memories, (&self.best, &self.matcher), &mut self.workers);
        std::thread::scope(|scope| {
            let handles: Vec<_> = shares
                .zip(workers.iter_mut())
                .map(|(theirs, connections)| {
                    scope.spawn(move || {
                        let memories: Vec<&Memory> = connections.iter().collect();
                        look_up(&memories, matchers, theirs)
                    })
                })
                .collect();
            let mut all = look_up(memories, matchers, mine);
            for handle in handles {
                let theirs = handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                all = match (all, theirs) {
                    (Ok(mut all), Ok(theirs)) => {
                        all.extend(theirs);
                        Ok(all)
                    }
                    (Err(e), _) | (_, Err(e)) => Err(e),
                };
            }
            all
        })
    }
}

/// A segment's matches (best first) and the index among them of its context match.
type LookedUp = (Vec<Found<Match>>, Option<usize>);

/// The fewest segments worth a thread of their own: a thread costs tens
/// of microseconds to start, a look-up about half a millisecond (the
/// Documents section of BENCHMARKS.md), so eight keep the start-up cost
/// to a few percent.
const MIN_SHARE: usize = 8;

/// Looks up `segments` in `memories` and finds each one's context match:
/// `best` searches for the best match, `identical` (its limit the number
/// of context candidates) reads the units stored with the same source.
fn look_up(memories: &[&Memory], (best, identical): (&Matcher, &Matcher), segments: &[JobSegment]) -> Result<Vec<LookedUp>, DocumentError> {
    let mut searchers = memories.iter().map(|m| Searcher::new(*m, best)).collect::<Result<Vec<_>, _>>()?;
    let mut readers = memories.iter().map(|m| Searcher::new(*m, identical)).collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(segments.len());
    for segment in segments {
        let text = segment.text();
        let per_memory = searchers.iter_mut().map(|s| s.find(text)).collect::<Result<Vec<_>, _>>()?;
        let mut matches = merge_matches(per_memory, 1);
        let mut context = None;
        if matches.first().is_some_and(|m| m.item.score == 100) {
            let per_memory = readers.iter_mut().map(|s| s.find_identical(text)).collect::<Result<Vec<_>, _>>()?;
            let same_text = merge_matches(per_memory, CONTEXT_CANDIDATES);
            // a 100% match whose text is not the same (other white space) is a candidate too
            let first = matches.remove(0);
            let mut candidates = same_text;
            if !candidates.iter().any(|c| c.memory == first.memory && c.item.unit.id == first.item.unit.id) {
                candidates.insert(0, first);
            }
            for (k, m) in candidates.iter().enumerate() {
                let (before, after) = memories[m.memory].neighbours(m.item.unit.id)?;
                let same = |stored: Option<String>, job: &Option<String>| stored.as_deref().map(str::trim) == job.as_deref();
                if same(before, &segment.previous) && same(after, &segment.next) {
                    context = Some(k);
                    break;
                }
            }
            matches = candidates;
        }
        out.push((matches, context));
    }
    Ok(out)
}
