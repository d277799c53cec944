//! Fuzzy matching: how close a stored source is to a new sentence, as a
//! percentage translators read the way CAT tools taught them (100 =
//! identical), what differs, the stored target adapted to the new
//! sentence, and the search for the best stored units through the
//! memory's retrieval index ([`crate::memory::index`]).
//!
//! The score ([`score`] module) is word-level edit distance over folded
//! tokens, `100 · (max − d) / max`; only identical text scores 100, and
//! text differing only in case, punctuation, spacing, tags, name spelling
//! or numbers scores 95-99.
//!
//! ```
//! use dragoman::fuzzy::score;
//!
//! assert_eq!(score("The talks resumed on Monday.", "The talks resumed on Monday."), 100);
//! assert_eq!(score("The talks resumed on Monday.", "The talks resumed on Monday"), 99);
//! assert_eq!(score("The talks resumed on Monday.", "The talks resumed on Tuesday."), 80);
//! ```
//!
//! Retrieval: the query's words are looked up in the index, rarest
//! first; a unit enters the candidates only through a word list that can
//! still bring it to the minimum score, and each candidate's score is
//! bounded from above by `100 · shared / max(n, m)` (shared words,
//! counted with repeats, bound the edit distance). Candidates are then
//! scored exactly in decreasing bound until no remaining bound can beat
//! the matches kept, so the best match found is the best there is, up to
//! a cap on exact comparisons per query ([`Matcher::max_compared`]).
//! Units whose source is identical to the query, or of its form (the
//! same words and numbers in the same order, differing only in case,
//! punctuation, spacing, tags or a name's spelling: 95-99%, which the
//! bound cannot tell from the others), are looked up first by their
//! source key ([`crate::memory::index::source_key`]), so they are found
//! whatever the cap; where the cap falls among candidates of equal
//! bound, those holding the query's numbers go first.

pub mod adapt;
pub mod answer;
pub mod concordance;
pub mod lookup;
pub mod numbers;
pub mod score;
pub mod several;
pub mod tokenize;

use crate::lang::Lang;
use crate::memory::index::{CandidateUnit, PostingSource, Side};
use crate::memory::{MemoryError, Unit};
pub use adapt::{Adaptation, TargetStyle};
pub use score::{Comparison, Edit, Op, Prepared, compare};
use std::collections::HashMap;
use std::sync::Arc;
pub use tokenize::{Token, TokenKind, tokenize};

/// The index keys every memory of the crate is opened with
/// ([`tokenize::TokenKeys`]).
pub fn index_keys() -> crate::memory::Keys {
    std::sync::Arc::new(tokenize::TokenKeys)
}

/// A stored unit that matches a query, with its score and what differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The match percentage (after adaptation, see [`score`]).
    pub score: u8,
    pub unit: Unit,
    /// Stored source against the query: edits, numbers, names.
    pub comparison: Comparison,
    /// The numbers of the query written into the stored target, when
    /// they differ and the target holds them.
    pub adaptation: Option<Adaptation>,
    /// The suggested target: the stored one, adapted, in house style.
    pub target: String,
}

impl Match {
    /// Whether the suggested target differs from the stored one.
    pub fn is_adapted(&self) -> bool {
        self.target != self.unit.target
    }
}

/// The match percentage of `stored` for `query` (before adaptation).
pub fn score(query: &str, stored: &str) -> u8 {
    compare(&Prepared::new(query), &Prepared::new(stored)).score
}

/// How [`mark_edits`] shows deleted and inserted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Markers {
    pub deleted: (&'static str, &'static str),
    pub inserted: (&'static str, &'static str),
}

impl Markers {
    /// `[-deleted-]` and `{+inserted+}`, as `git diff --word-diff` writes them.
    pub const TEXT: Markers = Markers { deleted: ("[-", "-]"), inserted: ("{+", "+}") };
    /// Red struck-through and bold green (ANSI), for a terminal.
    pub const COLOUR: Markers = Markers { deleted: ("\x1b[31;9m", "\x1b[0m"), inserted: ("\x1b[32;1m", "\x1b[0m") };
}

/// The stored source with what the query changes marked: deleted words,
/// inserted words, and both for a replaced word (or another spelling of a
/// name). `edits` are those of [`compare`]`(query, stored)`.
///
/// ```
/// use dragoman::fuzzy::{Markers, Prepared, compare, mark_edits};
///
/// let (query, stored) = ("The long talks resumed today.", "The talks resumed on Monday.");
/// let edits = compare(&Prepared::new(query), &Prepared::new(stored)).edits;
/// assert_eq!(mark_edits(stored, query, &edits, &Markers::TEXT), "The {+long+} talks resumed [-on Monday-]{+today+}.");
/// ```
pub fn mark_edits(stored: &str, query: &str, edits: &[Edit], markers: &Markers) -> String {
    mark_edits_shown(stored, query, edits, markers, |piece| piece.to_string())
}

/// [`mark_edits`] with every piece of the two texts passed through
/// `show` (the markers are not): how a caller escapes what it must not
/// print raw, or indents the lines of a multi-line text.
pub fn mark_edits_shown(stored: &str, query: &str, edits: &[Edit], markers: &Markers, show: impl Fn(&str) -> String) -> String {
    let (stored, query) = (stored.trim(), query.trim());
    let (del, ins) = (markers.deleted, markers.inserted);
    let mut out = String::with_capacity(stored.len() + 16);
    let mut cursor = 0;
    for edit in edits {
        let start = edit.stored.map_or(cursor, |(a, _)| a);
        out.push_str(&show(&stored[cursor..start]));
        cursor = start;
        let deleted = edit.stored.map(|(a, b)| &stored[a..b]).unwrap_or_default();
        let inserted = edit.query.map(|(a, b)| &query[a..b]).unwrap_or_default();
        let (shown_deleted, shown_inserted) = (show(deleted), show(inserted));
        match edit.op {
            Op::Equal => out.push_str(&shown_deleted),
            Op::Insert => {
                let after_word = out.chars().last().is_some_and(|c| !c.is_whitespace());
                if after_word && !inserted.starts_with(is_cjk) {
                    out.push(' ');
                }
                out.push_str(&format!("{}{shown_inserted}{}", ins.0, ins.1));
                if cursor == 0 && !stored.is_empty() && !inserted.ends_with(is_cjk) {
                    out.push(' ');
                }
            }
            Op::Delete => out.push_str(&format!("{}{shown_deleted}{}", del.0, del.1)),
            Op::Replace | Op::Variant => out.push_str(&format!("{}{shown_deleted}{}{}{shown_inserted}{}", del.0, del.1, ins.0, ins.1)),
        }
        if let Some((_, b)) = edit.stored {
            cursor = b;
        }
    }
    out.push_str(&show(&stored[cursor..]));
    out
}

fn is_cjk(c: char) -> bool {
    matches!(crate::lang::char_script(c), Some(crate::lang::Script::Han | crate::lang::Script::Kana))
}

/// Levenshtein distance between two token sequences.
pub fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diagonal } else { 1 + diagonal.min(above).min(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Looks up the best stored units for a sentence.
#[derive(Clone)]
pub struct Matcher {
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    /// Matches below this score are not returned.
    pub min_score: u8,
    /// At most this many matches per query.
    pub limit: usize,
    /// At most this many candidates compared exactly per query: the
    /// bound on time for a query whose words are all common.
    pub max_compared: usize,
    /// Writes suggested targets in the house style, if one is set.
    pub style: Option<Arc<dyn TargetStyle>>,
    /// Also match superseded units ([`crate::memory::supersede`]), ranked
    /// below current ones of the same score; hidden otherwise.
    pub superseded: bool,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("src_lang", &self.src_lang)
            .field("tgt_lang", &self.tgt_lang)
            .field("min_score", &self.min_score)
            .field("limit", &self.limit)
            .field("max_compared", &self.max_compared)
            .field("style", &self.style.is_some())
            .field("superseded", &self.superseded)
            .finish()
    }
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher { src_lang: None, tgt_lang: None, min_score: 50, limit: 5, max_compared: 400, style: None, superseded: false }
    }
}

impl Matcher {
    /// The best matches for each query, best first (see [`Searcher::find`]).
    ///
    /// Units stored since the index was last built are compared one by
    /// one, so the answer is complete even then; call
    /// [`crate::memory::Memory::refresh_index`] first to keep that fast.
    pub fn find_all(&self, memory: &dyn PostingSource, queries: &[String]) -> Result<Vec<Vec<Match>>, MemoryError> {
        let mut searcher = Searcher::new(memory, self)?;
        queries.iter().map(|q| searcher.find(q)).collect()
    }

    /// Runs of two or more consecutive sentences of `text` (byte ranges
    /// `sentences`, in order) that together are a stored source: a unit
    /// stored from a 2-1 bead or a multi-sentence row is a 100% match for
    /// them, which sentence-by-sentence look-ups never see. Runs are taken
    /// left to right, the longest first (at most [`MAX_SPAN`] sentences),
    /// without overlapping. A run's text is the document's own (line
    /// breaks and all; CR LF read as LF), or else its sentences joined by
    /// single spaces.
    pub fn find_spans(&self, memory: &dyn PostingSource, text: &str, sentences: &[(usize, usize)]) -> Result<Vec<SpanMatch>, MemoryError> {
        self.spans_in_one(memory, text, sentences)
    }

    fn accepts(&self, unit: &CandidateUnit) -> bool {
        (self.superseded || unit.superseded_by.is_none()) && self.accepts_languages(&unit.src_lang, &unit.tgt_lang)
    }

    /// Whether units from `src_lang` into `tgt_lang` (stored tags) can
    /// match: each wanted language equals the tag or its primary subtag.
    pub fn accepts_languages(&self, src_lang: &str, tgt_lang: &str) -> bool {
        let lang_ok =
            |want: &Option<Lang>, got: &str| want.as_ref().is_none_or(|l| got == l.as_str() || got.split('-').next() == Some(l.primary()));
        lang_ok(&self.src_lang, src_lang) && lang_ok(&self.tgt_lang, tgt_lang)
    }
}

/// The most consecutive sentences [`Matcher::find_spans`] tries as one
/// stored source: a 2-1 bead joins two, and a stored row of more than six
/// sentences is a paragraph, not a unit a translator re-uses whole.
pub const MAX_SPAN: usize = 6;

/// Consecutive sentences of a query that together are a stored source.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanMatch {
    /// The first and last sentence (indices into the sentences given).
    pub first: usize,
    pub last: usize,
    /// The sentences' text as compared (the matches' edits refer to it).
    pub text: String,
    /// The identical matches, best first.
    pub matches: Vec<Match>,
}

/// The runs of [`Matcher::find_spans`], each with what `identical` finds
/// for its text: (first sentence, last sentence, text, matches).
type Span<T> = (usize, usize, String, Vec<T>);

/// Finds the runs of [`Matcher::find_spans`], asking `identical` for the
/// matches whose source is a candidate run's text exactly.
fn spans_by<T>(
    text: &str,
    sentences: &[(usize, usize)],
    mut identical: impl FnMut(&str) -> Result<Vec<T>, MemoryError>,
) -> Result<Vec<Span<T>>, MemoryError> {
    let mut found = Vec::new();
    let mut first = 0;
    while first < sentences.len() {
        let mut matched = None;
        for last in (first + 1..sentences.len().min(first + MAX_SPAN)).rev() {
            let own = text[sentences[first].0..sentences[last].1].trim();
            let joined: Vec<String> = sentences[first..=last].iter().map(|&(a, b)| text[a..b].trim().replace('\n', " ")).collect();
            let joined = joined.join(" ");
            // the document's own text, with Windows line breaks as stored ones, or joined
            let mut forms = vec![own.to_string(), own.replace("\r\n", "\n"), joined];
            forms.dedup();
            for candidate in forms {
                let matches = identical(&candidate)?;
                if !matches.is_empty() {
                    matched = Some((first, last, candidate, matches));
                    break;
                }
            }
            if matched.is_some() {
                break;
            }
        }
        match matched {
            Some(span) => {
                first = span.1 + 1;
                found.push(span);
            }
            None => first += 1,
        }
    }
    Ok(found)
}

/// A scored candidate, before its full unit is read.
struct Scored {
    score: u8,
    comparison: Comparison,
    adaptation: Option<Adaptation>,
    unit: CandidateUnit,
}

/// Better first: score, identical text, current before superseded, most
/// recently created or changed, with a known author, latest stored.
fn ranking(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    b.score
        .cmp(&a.score)
        .then(b.comparison.exact.cmp(&a.comparison.exact))
        .then(a.unit.superseded_by.is_some().cmp(&b.unit.superseded_by.is_some()))
        .then_with(|| b.unit.last_changed.cmp(&a.unit.last_changed))
        .then(b.unit.created_by.is_some().cmp(&a.unit.created_by.is_some()))
        .then(b.unit.id.cmp(&a.unit.id))
}

/// Scores a candidate, or `None` when its word edits alone put it below
/// `floor` (then the full comparison is not worth making).
fn score_candidate(query: &Prepared, unit: CandidateUnit, floor: usize) -> Option<Scored> {
    let stored = Prepared::new(&unit.source);
    let longest = query.len().max(stored.len());
    let edits = score::distance(query, &stored);
    if edits > 0 && longest > 0 && 100 * (longest - edits) / longest < floor {
        return None;
    }
    let comparison = compare(query, &stored);
    let adaptation = adapt::adapt_numbers(&comparison, &unit.target);
    let score = if adaptation.is_some() { comparison.adapted_score() } else { comparison.score };
    Some(Scored { score, comparison, adaptation, unit })
}

/// What the searches of one [`Searcher`] cost so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchStats {
    pub queries: usize,
    /// Posting entries read.
    pub postings: usize,
    /// Of which in lists that could still bring new candidates.
    pub admitting: usize,
    /// Units that shared enough words to become candidates.
    pub candidates: usize,
    /// Candidates compared exactly.
    pub compared: usize,
}

impl Drop for Searcher<'_> {
    fn drop(&mut self) {
        if self.reading {
            // a read transaction: nothing to lose if ending it fails
            let _ = self.memory.end_reading();
        }
    }
}

/// Candidates read at a time: one round trip to a PostgreSQL memory for
/// up to this many (a SQLite memory reads them one by one anyway); at
/// most this many - 1 are read and not compared when a query stops
/// early. A judgement, not a measurement.
const CANDIDATE_BATCH: usize = 32;

/// Lists longer than this may be left unread (see `candidates`).
const SKIPPABLE_LIST: usize = 20_000;

/// Queries one memory many times, reusing its buffers.
pub struct Searcher<'m> {
    memory: &'m dyn PostingSource,
    matcher: &'m Matcher,
    stats: SearchStats,
    indexed_through: i64,
    max_id: i64,
    /// Whether we hold a read transaction to end when dropped.
    reading: bool,
    /// Per unit id: whether it is a candidate of the current query (a
    /// bit, so that the check stays in cache), shared words, length.
    seen: Vec<u64>,
    shared: Vec<u16>,
    lengths: Vec<u32>,
    touched: Vec<u32>,
}

impl<'m> Searcher<'m> {
    pub fn new(memory: &'m dyn PostingSource, matcher: &'m Matcher) -> Result<Searcher<'m>, MemoryError> {
        memory.prepare_for_queries()?;
        let reading = memory.begin_reading()?;
        let status = memory.index_status()?;
        let indexed_through = if status.current_keys { status.indexed_through } else { 0 };
        let size = indexed_through.max(0) as usize + 1;
        Ok(Searcher {
            memory,
            matcher,
            stats: SearchStats::default(),
            indexed_through,
            max_id: status.max_id,
            reading,
            seen: vec![0; size.div_ceil(64)],
            shared: vec![0; size],
            lengths: vec![0; size],
            touched: Vec::new(),
        })
    }

    /// What the searches so far cost.
    pub fn stats(&self) -> SearchStats {
        self.stats
    }

    /// The best matches for one query, best first: by score, then
    /// identical text, then the most recently stored, then units whose
    /// author is known. Fails only if the memory cannot be read.
    pub fn find(&mut self, query: &str) -> Result<Vec<Match>, MemoryError> {
        let query = Prepared::new(query);
        self.stats.queries += 1;
        let matcher = self.matcher;
        let threshold = usize::from(matcher.min_score.max(1));
        let mut kept: Vec<Scored> = Vec::new();
        let consider = |unit: CandidateUnit, kept: &mut Vec<Scored>| {
            if !matcher.accepts(&unit) {
                return;
            }
            // below the last kept match, a candidate cannot enter
            let floor = if kept.len() >= matcher.limit { usize::from(kept[kept.len() - 1].score) } else { threshold };
            let Some(scored) = score_candidate(&query, unit, floor) else { return };
            if usize::from(scored.score) >= threshold {
                kept.push(scored);
                kept.sort_by(ranking);
                kept.truncate(matcher.limit);
            }
        };
        if !query.is_empty() && self.indexed_through > 0 {
            // identical sources and those of the query's form first, by
            // their source key: whatever the candidates and the cap, none
            // is missed (they score 95 or more; the bound cannot tell them
            // from candidates with other numbers or other words)
            let ids = self.memory.units_with_source(&query.text)?;
            let units = if ids.is_empty() { Vec::new() } else { self.memory.candidates(&ids)? };
            // by increasing id, as `ids`: compared here, skipped below
            let mut looked_up = Vec::with_capacity(units.len());
            for unit in units {
                looked_up.push(unit.id);
                consider(unit, &mut kept);
            }
            let mut candidates = self.candidates(&query, threshold)?;
            self.stats.candidates += candidates.len();
            self.order_ties_at_the_cap(&query, &mut candidates)?;
            let mut compared = 0;
            // read in batches (one round trip each on a database server);
            // the stop is decided candidate by candidate as before
            let mut fetched: std::collections::VecDeque<CandidateUnit> = std::collections::VecDeque::new();
            'candidates: for (k, &(bound, id)) in candidates.iter().enumerate() {
                let full = kept.len() >= matcher.limit;
                if compared >= matcher.max_compared || (full && bound < usize::from(kept[kept.len() - 1].score)) {
                    break;
                }
                if looked_up.binary_search(&id).is_ok() {
                    continue;
                }
                compared += 1;
                self.stats.compared += 1;
                if fetched.front().is_none_or(|u| u.id != id) {
                    let batch: Vec<i64> = candidates[k..]
                        .iter()
                        .map(|&(_, id)| id)
                        .filter(|id| looked_up.binary_search(id).is_err())
                        .take(CANDIDATE_BATCH.min(matcher.max_compared - compared + 1))
                        .collect();
                    fetched = self.memory.candidates(&batch)?.into();
                }
                while let Some(unit) = fetched.pop_front() {
                    if unit.id == id {
                        consider(unit, &mut kept);
                        continue 'candidates;
                    }
                }
            }
        }
        // units the index does not cover yet
        if self.indexed_through < self.max_id {
            let mut tail = Vec::new();
            self.memory.for_each_candidate_after(self.indexed_through, &mut |u| tail.push(u))?;
            for unit in tail {
                consider(unit, &mut kept);
            }
        }
        self.finish(kept)
    }

    /// The stored units whose source is `text` exactly (each a 100%
    /// match), best first, at most [`Matcher::limit`]: found by their
    /// source key, and among the units not indexed yet one by one.
    pub fn find_identical(&mut self, text: &str) -> Result<Vec<Match>, MemoryError> {
        let query = Prepared::new(text);
        let matcher = self.matcher;
        let mut kept: Vec<Scored> = Vec::new();
        let mut add = |unit: CandidateUnit| {
            if matcher.accepts(&unit)
                && unit.source.trim() == query.text
                && let Some(scored) = score_candidate(&query, unit, 0)
            {
                kept.push(scored);
            }
        };
        if !query.is_empty() && self.indexed_through > 0 {
            for id in self.memory.units_with_source(&query.text)? {
                if let Some(unit) = self.memory.candidate(id)? {
                    add(unit);
                }
            }
        }
        if !query.is_empty() && self.indexed_through < self.max_id {
            self.memory.for_each_candidate_after(self.indexed_through, &mut add)?;
        }
        kept.sort_by(ranking);
        kept.truncate(matcher.limit);
        self.finish(kept)
    }

    /// The matches of the units kept, in their order, each with its whole
    /// unit (read in one call; a unit deleted meanwhile is left out).
    fn finish(&self, kept: Vec<Scored>) -> Result<Vec<Match>, MemoryError> {
        if kept.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = kept.iter().map(|s| s.unit.id).collect();
        let mut units: HashMap<i64, Unit> = self.memory.units_of(&ids)?.into_iter().map(|u| (u.id, u)).collect();
        Ok(kept
            .into_iter()
            .filter_map(|scored| {
                let unit = units.remove(&scored.unit.id)?;
                let adapted = scored.adaptation.as_ref().map_or(unit.target.as_str(), |a| a.target.as_str());
                let target = match &self.matcher.style {
                    Some(style) => style.apply(adapted),
                    None => adapted.to_string(),
                };
                Some(Match { score: scored.score, unit, comparison: scored.comparison, adaptation: scored.adaptation, target })
            })
            .collect())
    }

    /// When the cap on comparisons ([`Matcher::max_compared`]) falls
    /// inside a run of candidates with the same bound, which of them are
    /// compared must not depend on the order they were stored in: the
    /// run is reordered so that those holding more of the query's numbers
    /// (by value: their value keys' lists, read only then) come first:
    /// with the same words, a number that differs costs one or two
    /// points. Numbers are what the bound cannot tell apart, since every
    /// number shares the key `#`.
    fn order_ties_at_the_cap(&mut self, query: &Prepared, candidates: &mut [(usize, i64)]) -> Result<(), MemoryError> {
        let cap = self.matcher.max_compared;
        if cap == 0 || candidates.len() <= cap || candidates[cap].0 != candidates[cap - 1].0 {
            return Ok(());
        }
        let tied = candidates[cap].0;
        let start = candidates.partition_point(|&(bound, _)| bound > tied);
        let end = candidates.partition_point(|&(bound, _)| bound >= tied);
        let mut values: HashMap<String, u16> = HashMap::new();
        for &k in &query.comparable {
            let token = &query.tokens[k];
            if token.kind == TokenKind::Number
                && let Some(key) = tokenize::number_value_key(token.text(&query.text))
            {
                *values.entry(key).or_default() += 1;
            }
        }
        if values.is_empty() {
            return Ok(());
        }
        let run = &mut candidates[start..end];
        let mut ids: Vec<i64> = run.iter().map(|&(_, id)| id).collect();
        ids.sort_unstable();
        let mut held = vec![0u16; ids.len()];
        for (key, repeats) in &values {
            let postings = self.memory.postings(Side::Source, key)?;
            self.stats.postings += postings.len();
            postings.for_each(|id, _, count| {
                if let Ok(at) = ids.binary_search(&id) {
                    held[at] += (*repeats).min(count as u16);
                }
            });
        }
        let held_by = |id: i64| ids.binary_search(&id).map_or(0, |at| held[at]);
        // most numbers held first, then latest first, as before
        run.sort_by(|a, b| held_by(b.1).cmp(&held_by(a.1)).then(b.1.cmp(&a.1)));
        Ok(())
    }

    /// Candidate unit ids with an upper bound on their score, best bound
    /// first (latest unit first among equals), bounds below `threshold`
    /// left out.
    fn candidates(&mut self, query: &Prepared, threshold: usize) -> Result<Vec<(usize, i64)>, MemoryError> {
        let n = query.len();
        let mut wanted: HashMap<String, u16> = HashMap::new();
        for &k in &query.comparable {
            *wanted.entry(tokenize::index_key(&query.text, &query.tokens[k])).or_default() += 1;
        }
        // the lists' lengths, then the lists read, each in one call (one
        // round trip each on a database server, not one per key)
        let wanted: Vec<(String, u16)> = wanted.into_iter().collect();
        let keys: Vec<&str> = wanted.iter().map(|(key, _)| key.as_str()).collect();
        let lens = self.memory.postings_lens(Side::Source, &keys)?;
        let mut lists: Vec<(u16, &str, usize)> =
            wanted.iter().zip(lens).filter(|&(_, len)| len > 0).map(|((key, repeats), len)| (*repeats, key.as_str(), len)).collect();
        lists.sort_by_key(|&(_, _, len)| len);
        // a unit must share at least `need` words to reach the threshold
        let need = (threshold * n).div_ceil(100).max(1);
        let longest = 100 * n / threshold;
        // the lists that admit candidates come first: while the words of
        // the lists from there on can still reach `need`
        let total: usize = lists.iter().map(|&(r, _, _)| usize::from(r)).sum();
        let mut remaining = total;
        let admitting = lists
            .iter()
            .take_while(|&&(repeats, _, _)| {
                let may_enter = remaining >= need;
                remaining -= usize::from(repeats);
                may_enter
            })
            .count();
        let keys: Vec<&str> = lists[..admitting].iter().map(|&(_, key, _)| key).collect();
        let postings = self.memory.postings_of(Side::Source, &keys)?;
        for (&(repeats, _, _), postings) in lists[..admitting].iter().zip(postings) {
            self.stats.postings += postings.len();
            self.stats.admitting += postings.len();
            self.add_postings(&postings, repeats, true, longest);
        }
        if admitting < lists.len() {
            // no new candidates from here on: drop those that cannot
            // reach the threshold even holding every word left
            let remaining: usize = lists[admitting..].iter().map(|&(r, _, _)| usize::from(r)).sum();
            let (shared, lengths, seen) = (&mut self.shared, &self.lengths, &mut self.seen);
            self.touched.retain(|&id| {
                let id = id as usize;
                let best = usize::from(shared[id]) + remaining;
                let keep = 100 * best / n.max(lengths[id] as usize) >= threshold;
                if !keep {
                    shared[id] = 0;
                    seen[id / 64] &= !(1u64 << (id % 64));
                }
                keep
            });
        }
        // a long list that can only add to few candidates is not worth
        // reading: count its word as possibly shared by all of them (the
        // candidates are known now: these lists add none)
        let worth_reading = |len: usize| len <= SKIPPABLE_LIST || len <= 64 * self.touched.len();
        let slack: usize = lists[admitting..].iter().filter(|&&(_, _, len)| !worth_reading(len)).map(|&(r, _, _)| usize::from(r)).sum();
        let read: Vec<(u16, &str)> =
            lists[admitting..].iter().filter(|&&(_, _, len)| worth_reading(len)).map(|&(repeats, key, _)| (repeats, key)).collect();
        let keys: Vec<&str> = read.iter().map(|&(_, key)| key).collect();
        let postings = self.memory.postings_of(Side::Source, &keys)?;
        for (&(repeats, _), postings) in read.iter().zip(postings) {
            self.stats.postings += postings.len();
            self.add_postings(&postings, repeats, false, longest);
        }
        let mut out = Vec::new();
        for id in self.touched.drain(..) {
            let id = id as usize;
            self.seen[id / 64] = 0;
            let length = self.lengths[id] as usize;
            let shared = (usize::from(std::mem::take(&mut self.shared[id])) + slack).min(n.min(length));
            let bound = 100 * shared / n.max(length);
            if bound >= threshold {
                out.push((bound, id as i64));
            }
        }
        out.sort_unstable_by(|a, b| b.cmp(a));
        Ok(out)
    }

    /// Counts the words a list's units share with the query; a unit not
    /// yet a candidate becomes one only if `may_enter` and it is not
    /// longer than `longest` words.
    fn add_postings(&mut self, postings: &crate::memory::index::Postings, repeats: u16, may_enter: bool, longest: usize) {
        let (seen, shared, lengths, touched) = (&mut self.seen, &mut self.shared, &mut self.lengths, &mut self.touched);
        let size = shared.len();
        postings.for_each(|id, length, count| {
            let id = id as usize;
            if id >= size {
                return;
            }
            let (word, bit) = (id / 64, 1u64 << (id % 64));
            if seen[word] & bit == 0 {
                if !may_enter || (length as usize) > longest {
                    return;
                }
                seen[word] |= bit;
                touched.push(id as u32);
                lengths[id] = length;
            }
            shared[id] += repeats.min(count as u16);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_show_the_stored_source_turned_into_the_query() {
        let cases = [
            (
                "Haniyeh met the Qatari delegation on Monday.",
                "Haniya met the Egyptian delegation.",
                "[-Haniya-]{+Haniyeh+} met the [-Egyptian-]{+Qatari+} delegation {+on Monday+}.",
            ),
            ("The talks resumed.", "The long talks resumed.", "The [-long-] talks resumed."),
            ("Today the talks resumed.", "The talks resumed.", "{+Today+} The talks resumed."),
            ("The talks resumed.", "The talks resumed.", "The talks resumed."),
            ("外交部发言人表示。", "外交部发言人说。", "外交部发言人[-说-]{+表示+}。"),
        ];
        for (query, stored, want) in cases {
            let c = compare(&Prepared::new(query), &Prepared::new(stored));
            assert_eq!(mark_edits(stored, query, &c.edits, &Markers::TEXT), want, "{query} | {stored}");
        }
    }

    #[test]
    fn edit_distance_counts_words() {
        let a = ["a", "b", "c"];
        let b = ["a", "x", "c", "d"];
        assert_eq!(edit_distance(&a, &b), 2);
        assert_eq!(edit_distance::<&str>(&[], &b), 4);
    }

    // Issue 11 part 1: retrieval reads postings through a trait, so it
    // can be tested without a database, and answers the same as a memory.
    #[test]
    fn retrieval_over_units_held_in_memory_finds_what_a_stored_memory_finds() {
        use crate::memory::index::InMemorySource;
        use crate::memory::{Memory, NewUnit};
        let (en, fr) = (Lang::parse("en").unwrap(), Lang::parse("fr").unwrap());
        let dir = tempfile::tempdir().unwrap();
        let mut memory = Memory::open(&dir.path().join("m.sqlite"), index_keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        for k in 0..300 {
            let source = format!("Haniyeh met the {} delegation in Doha on day {k}.", ["Qatari", "Egyptian", "Turkish"][k % 3]);
            writer
                .add(&NewUnit::new(en.clone(), fr.clone(), &source, &format!("Haniyeh a rencontré la délégation, jour {k}."), "t"))
                .unwrap();
        }
        writer.add(&NewUnit::new(en.clone(), fr.clone(), "Talks resumed.", "Les pourparlers ont repris.", "t")).unwrap();
        writer.commit().unwrap();
        let held = InMemorySource::new(memory.units(None, None).unwrap(), index_keys());
        let matcher = Matcher { limit: 3, ..Matcher::default() };
        let queries: Vec<String> = [
            "Haniyeh met the Egyptian delegation in Doha on day 16.",
            "Haniya met the Qatari delegation in Cairo on day 300.",
            "Talks resumed.",
            "Nothing in common here at all.",
        ]
        .map(String::from)
        .to_vec();
        let from_memory = matcher.find_all(&memory, &queries).unwrap();
        let from_held = matcher.find_all(&held, &queries).unwrap();
        let summary = |found: &Vec<Vec<Match>>| -> Vec<Vec<(u8, i64)>> {
            found.iter().map(|matches| matches.iter().map(|m| (m.score, m.unit.id)).collect()).collect()
        };
        assert_eq!(summary(&from_held), summary(&from_memory));
        assert_eq!(from_held[0][0].score, 100);
        assert_eq!(from_held[0][0].unit.source, queries[0]);
        assert_eq!(from_held[2][0].unit.target, "Les pourparlers ont repris.");
        assert!(from_held[1][0].score >= 70 && from_held[1][0].score < 100, "{}", from_held[1][0].score);
        assert!(from_held[3].is_empty());
    }
}
