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
//! Repetitions are told by a 64-bit hash of each source already met in
//! the job (eight bytes per distinct segment are all an analysis keeps
//! of what it has read).

use super::bands::{Band, BandScheme};
use super::words::{count_characters, count_words};
use super::{DocumentError, JobSegment};
use crate::fuzzy::several::Found;
use crate::fuzzy::{Match, Matcher};
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
    /// is lowered to the scheme's lowest fuzzy band when that is lower,
    /// and its `limit` set for the context look-up.
    pub fn new(memories: &'m [&'m Memory], mut matcher: Matcher, scheme: BandScheme) -> Analyzer<'m> {
        matcher.min_score = matcher.min_score.min(scheme.lowest_fuzzy_score());
        matcher.limit = CONTEXT_CANDIDATES;
        Analyzer { memories, matcher, scheme, seen: HashSet::new() }
    }

    /// Looks up the following segments in these languages (a run of
    /// several files, each with its own); repetitions are still told
    /// across the files.
    pub fn set_languages(&mut self, src_lang: Option<crate::lang::Lang>, tgt_lang: Option<crate::lang::Lang>) {
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

    /// The bands of `segments` (consecutive segments of a job, in order).
    pub fn assess(&mut self, segments: Vec<JobSegment>) -> Result<Vec<Assessed>, DocumentError> {
        let queries: Vec<String> = segments.iter().map(|s| s.text().to_string()).collect();
        let found = self.matcher.find_all_in(self.memories, &queries)?;
        let mut out = Vec::with_capacity(segments.len());
        for (segment, mut matches) in segments.into_iter().zip(found) {
            let repeated = !self.seen.insert(crate::hash::fnv1a(segment.text().bytes()));
            let mut context = None;
            for (k, m) in matches.iter().enumerate().filter(|(_, m)| m.item.score == 100) {
                let (before, after) = self.memories[m.memory].neighbours(m.item.unit.id)?;
                let same = |stored: Option<String>, job: &Option<String>| stored.as_deref().map(str::trim) == job.as_deref();
                if same(before, &segment.previous) && same(after, &segment.next) {
                    context = Some(k);
                    break;
                }
            }
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
}
