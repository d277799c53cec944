//! Filling a job from the memory: each segment without a translation
//! whose best match reaches the minimum score gets the match's target
//! (numbers adapted and names in house style, as the [`Matcher`] of
//! `suggest` gives it), with the source's inline codes put back by
//! [`Content::markup_for`].
//!
//! How a filled segment is marked:
//!
//! - XLIFF 1.2: a context or 100% match `state="translated"`, any other
//!   `state="needs-review-translation"`; the match as an `alt-trans` with
//!   `match-quality` (the score) and `origin` (memory and stored unit).
//! - XLIFF 2.x: `state="translated"` for context and 100%, else
//!   `state="initial"` with `subState="dragoman:fuzzy-match"`; the match
//!   in the unit's `mtc:matches` (`matchQuality`, `origin`).
//! - PO: the `fuzzy` flag below 100% (context and 100% are not flagged).
//!   A plural entry gets `msgstr[0]` from its `msgid`'s match and
//!   `msgstr[1]` on from its `msgid_plural`'s; where that match was
//!   stored from a plural PO entry, the further forms (Arabic's `[2]` to
//!   `[5]`) are that entry's, else they repeat `msgstr[1]` and the entry
//!   is `fuzzy`. A catalogue with plurals and no `Plural-Forms` header
//!   gets the target language's ([`crate::formats::plural_forms`]).
//!
//! Locking exact matches sets `state="final"` (1.2 and 2.x): the state
//! XLIFF gives a translation no one is to change. 1.2 `translate="no"`
//! says the *source* is not to be translated, which is not what a lock
//! is, and `approved="yes"` is on the `trans-unit`, which write-back does
//! not set; PO has no lock, so a locked PO entry is simply not fuzzy.
//!
//! A match whose target holds a placeholder the source has no code for
//! (a stored unit with other inline codes), or whose paired codes would
//! not nest, cannot be written as markup: the segment is left empty and
//! counted. Segments that have a translation already are left as they are.
//!
//! - Word and HTML: the translated document (every segment without a
//!   match keeps its source), and an XLIFF 1.2 to review it in with one
//!   unit per sentence, the filled ones with their target and the state
//!   XLIFF 1.2 would get (`translated`, `needs-review-translation`, or
//!   `final` when locked) and the match as an `alt-trans`, as in an
//!   XLIFF 1.2 job.
//!
//! XLIFF is written in one pass with bounded memory: the file is read a
//! second time by the [`Job`] a batch of segments ahead of
//! [`write_back_by_unit`], which asks for each unit's updates in turn.

use super::analysis::{Analyzer, Assessed};
use super::bands::Band;
use super::{DocumentError, Job, JobFormat, JobSegment, Place};
use crate::formats::plural_forms::{nplurals, plural_forms};
use crate::formats::po::PoCatalogue;
use crate::formats::translated::{PO_PLURAL_FORM_PROP, po_msgstr_prop, unit_prop};
use crate::formats::xliff::{Content, TargetUpdate, TmMatch, XliffVersion, write_back_by_unit};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::io::{BufReader, Write};
use std::path::Path;
use std::sync::LazyLock;

/// How segments are filled.
#[derive(Debug, Clone)]
pub struct Options {
    /// The lowest score of a match that is taken (0–100).
    pub min_score: u8,
    /// Exact (context and 100%) matches are marked final.
    pub lock_exact: bool,
    /// Each memory's name (index as in the analyzer's memories), for the
    /// matches' `origin`.
    pub memory_labels: Vec<String>,
}

/// What pretranslation did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Segments of the job.
    pub segments: u64,
    /// Filled segments per band of the scheme, in its order.
    pub filled: Vec<u64>,
    /// Segments with a translation already, left as they were.
    pub already_translated: u64,
    /// Segments with no match at the minimum score, left empty.
    pub no_match: u64,
    /// Segments whose match's inline codes could not be mapped to the source's, left empty.
    pub codes_not_mapped: u64,
}

impl Report {
    pub fn filled_total(&self) -> u64 {
        self.filled.iter().sum()
    }
}

/// How many segments are looked up at once: a few hundred per look-up
/// thread keep the threads' wait for the slowest share and the
/// per-batch set-up small, and what is held ahead bounded (a
/// judgement, as `analyze`'s batch).
const BATCH: usize = 1024;

/// Pretranslates the job at `path` into `out` (which the caller commits
/// only on success). Returns `out` and the report.
pub fn pretranslate<W: Write>(path: &Path, analyzer: &mut Analyzer<'_>, options: &Options, out: W) -> Result<(W, Report), DocumentError> {
    let job = Job::open(path)?;
    match job.format() {
        JobFormat::Xliff(version) => pretranslate_xliff(path, job, version, analyzer, options, out),
        JobFormat::Po => pretranslate_po(path, job, analyzer, options, out),
        JobFormat::Document(_) => {
            let (out, _, report) = pretranslate_document(path, analyzer, options, out, std::io::sink())?;
            Ok((out, report))
        }
    }
}

/// Placeholders of inline codes, as [`Content::text`] writes them.
static PLACEHOLDER: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"\{/?[0-9]+/?\}").expect("valid regex"));

/// The target to write for an assessed segment, with its band, score and
/// match; `None` (and the report says why) when it stays as it is.
fn decide<'a>(assessed: &'a Assessed, options: &Options, report: &mut Report, xliff: bool) -> Option<(&'a str, u8, Band, usize)> {
    report.segments += 1;
    if assessed.segment.translated {
        report.already_translated += 1;
        return None;
    }
    let Some(found) = assessed.best.as_ref().filter(|m| m.item.score >= options.min_score) else {
        report.no_match += 1;
        return None;
    };
    let target = found.item.target.as_str();
    if xliff && PLACEHOLDER.find_iter(target).any(|p| !assessed.segment.source.codes.iter().any(|(q, _)| q == p.as_str())) {
        report.codes_not_mapped += 1;
        return None;
    }
    // a match below the lowest fuzzy band is counted with "no match" filled
    Some((target, found.item.score, assessed.band, found.memory))
}

fn count_filled(report: &mut Report, analyzer: &Analyzer<'_>, band: Band) {
    if report.filled.is_empty() {
        report.filled = vec![0; analyzer.scheme().bands.len()];
    }
    report.filled[analyzer.scheme().index_of(band)] += 1;
}

/// The XLIFF update for a segment, if it is filled.
fn xliff_update(
    assessed: &Assessed,
    version: XliffVersion,
    analyzer: &Analyzer<'_>,
    options: &Options,
    report: &mut Report,
) -> Option<TargetUpdate> {
    let (target, score, band, memory) = decide(assessed, options, report, true)?;
    let markup = match assessed.segment.source.markup_for(target) {
        Ok(markup) => markup,
        Err(_) => {
            report.codes_not_mapped += 1;
            return None;
        }
    };
    count_filled(report, analyzer, band);
    let exact = band.is_exact() && score == 100;
    let (state, sub_state) = match (exact, options.lock_exact, version.is_2x()) {
        (true, true, _) => ("final", None),
        (true, false, _) => ("translated", None),
        (false, _, false) => ("needs-review-translation", None),
        (false, _, true) => ("initial", Some("dragoman:fuzzy-match".to_string())),
    };
    let tm_match = tm_match(assessed, score, memory, options, &markup);
    Some(TargetUpdate { markup, state: Some(state.to_string()), sub_state, matches: vec![tm_match] })
}

/// The memory match a segment was filled from, as recorded beside it
/// (XLIFF 1.2 `alt-trans`, 2.x `mtc:match`): its score, its origin (the
/// memory's label and the stored unit's origin), the stored source as
/// text and the target as written (`markup`).
fn tm_match(assessed: &Assessed, score: u8, memory: usize, options: &Options, markup: &str) -> TmMatch {
    let found = assessed.best.as_ref().expect("decided on a match");
    let label = options.memory_labels.get(memory).map_or("memory", String::as_str);
    TmMatch {
        quality: f64::from(score),
        origin: format!("dragoman {label}: {}", found.item.unit.origin()),
        source: Content::plain(&found.item.unit.source).markup,
        target: markup.to_string(),
    }
}

/// Reads the next batch of the job and assesses it into `ready`; false at the end.
fn refill(job: &mut Job, analyzer: &mut Analyzer<'_>, ready: &mut VecDeque<Assessed>) -> Result<bool, DocumentError> {
    let batch: Vec<JobSegment> = job.by_ref().take(BATCH).collect::<Result<_, _>>()?;
    if batch.is_empty() {
        return Ok(false);
    }
    ready.extend(analyzer.assess(batch)?);
    Ok(true)
}

fn pretranslate_xliff<W: Write>(
    path: &Path,
    mut job: Job,
    version: XliffVersion,
    analyzer: &mut Analyzer<'_>,
    options: &Options,
    out: W,
) -> Result<(W, Report), DocumentError> {
    let file = job.file().to_string();
    let original = std::fs::File::open(path).map_err(|source| DocumentError::Io { file: file.clone(), source })?;
    let mut ready: VecDeque<Assessed> = VecDeque::new();
    let mut report = Report { filled: vec![0; analyzer.scheme().bands.len()], ..Report::default() };
    let mut failed: Option<DocumentError> = None;
    let updates_of = |file_index: usize, unit: &str| {
        let mut updates = HashMap::new();
        loop {
            if failed.is_some() {
                return HashMap::new();
            }
            if ready.is_empty() {
                match refill(&mut job, analyzer, &mut ready) {
                    Ok(true) => {}
                    Ok(false) => return updates,
                    Err(e) => {
                        failed = Some(e);
                        return HashMap::new();
                    }
                }
            }
            let Some(Place::Xliff(key)) = ready.front().map(|a| &a.segment.place) else { return updates };
            // the job leaves out units it does not translate: their turn asks for nothing
            if key.file != file_index || key.unit != unit {
                return updates;
            }
            let assessed = ready.pop_front().expect("a front");
            let segment = match &assessed.segment.place {
                Place::Xliff(key) => key.segment,
                Place::Po { .. } | Place::Document { .. } => unreachable!("an XLIFF job"),
            };
            if let Some(update) = xliff_update(&assessed, version, analyzer, options, &mut report) {
                updates.insert(segment, update);
            }
        }
    };
    let written = write_back_by_unit(BufReader::new(original), &file, out, updates_of, |_| {});
    if let Some(e) = failed {
        return Err(e);
    }
    let (out, _) = written?;
    Ok((out, report))
}

fn pretranslate_po<W: Write>(
    path: &Path,
    job: Job,
    analyzer: &mut Analyzer<'_>,
    options: &Options,
    mut out: W,
) -> Result<(W, Report), DocumentError> {
    let file = job.file().to_string();
    let io = |source| DocumentError::Io { file: file.clone(), source };
    let mut catalogue = PoCatalogue::parse(BufReader::new(std::fs::File::open(path).map_err(io)?), &file)?;
    // the forms a plural entry has: the header's, else the target language's
    // (and the header then says so, as msgfmt wants of a catalogue with plurals)
    let target_language = analyzer.languages().1.map(|l| l.to_string());
    let table = target_language.as_deref().and_then(|l| plural_forms(l).zip(nplurals(l)));
    let nplurals = match (catalogue.nplurals(), table) {
        (Some(n), _) => n,
        (None, Some((forms, n))) if catalogue.entries.iter().any(|e| e.msgid_plural.is_some() && !e.obsolete) => {
            catalogue.set_header_field("Plural-Forms", forms);
            n
        }
        (None, _) => 2,
    };
    let mut report = Report { filled: vec![0; analyzer.scheme().bands.len()], ..Report::default() };
    let segments: Vec<JobSegment> = job.collect::<Result<_, _>>()?;
    for batch in segments.chunks(BATCH) {
        for assessed in analyzer.assess(batch.to_vec())? {
            let Some((target, score, band, _)) = decide(&assessed, options, &mut report, false) else { continue };
            let Place::Po { entry, plural } = assessed.segment.place else { unreachable!("a PO job") };
            let entry = &mut catalogue.entries[entry];
            let forms = if entry.msgid_plural.is_some() { nplurals.max(1) } else { 1 };
            entry.msgstr.resize(forms, String::new());
            let exact = band.is_exact() && score == 100;
            if plural {
                // msgstr[1] and on; a language of one form has msgstr[0] alone
                let first = if forms > 1 { 1 } else { 0 };
                entry.msgstr[first..].iter_mut().for_each(|form| *form = target.to_string());
                // the further forms of the plural entry the match was stored from
                let found = assessed.best.as_ref().map(|m| &m.item.unit);
                let stored_form = found.and_then(|u| unit_prop(u, PO_PLURAL_FORM_PROP));
                let mut all_stored = forms <= 2;
                if stored_form.as_deref() == Some("1") {
                    all_stored = true;
                    for n in 2..forms {
                        match found.and_then(|u| unit_prop(u, &po_msgstr_prop(n))) {
                            Some(further) => entry.msgstr[n] = further,
                            None => all_stored = false,
                        }
                    }
                }
                // a form copied from another is for a translator to check
                if !exact || !all_stored {
                    entry.set_fuzzy(true);
                }
            } else {
                entry.msgstr[0] = target.to_string();
                if !exact {
                    entry.set_fuzzy(true);
                }
            }
            count_filled(&mut report, analyzer, band);
        }
    }
    catalogue.write(&mut out).map_err(|source| DocumentError::Io { file: file.clone(), source })?;
    out.flush().map_err(|source| DocumentError::Io { file, source })?;
    Ok((out, report))
}

/// Pretranslates a Word file or HTML page at `path` into `out` (the
/// translated document) and `review` (an XLIFF 1.2 of its sentences with
/// the filled targets), in the analyzer's languages; the caller commits
/// both only on success. Returns them and the report.
pub fn pretranslate_document<W: Write, X: Write>(
    path: &Path,
    analyzer: &mut Analyzer<'_>,
    options: &Options,
    out: W,
    review: X,
) -> Result<(W, X, Report), DocumentError> {
    let mut job = Job::open(path)?;
    let (src_lang, tgt_lang) = analyzer.languages();
    let tgt_lang = tgt_lang.map(|l| l.to_string());
    if let Some(lang) = src_lang {
        job.set_source_language(&lang.clone());
    }
    let file = job.file().to_string();
    let Some(document) = job.read_document()? else {
        return Err(DocumentError::NotAJob { file, what: "not a Word file or HTML page".to_string() });
    };
    let mut report = Report { filled: vec![0; analyzer.scheme().bands.len()], ..Report::default() };
    let mut targets: HashMap<String, String> = HashMap::new();
    let mut states: HashMap<String, &'static str> = HashMap::new();
    let mut matches: HashMap<String, TmMatch> = HashMap::new();
    let segments: Vec<JobSegment> = job.collect::<Result<_, _>>()?;
    for batch in segments.chunks(BATCH) {
        for assessed in analyzer.assess(batch.to_vec())? {
            let Some((target, score, band, memory)) = decide(&assessed, options, &mut report, true) else { continue };
            let markup = match assessed.segment.source.markup_for(target) {
                Ok(markup) if document.check_target(&assessed.segment.id, target).is_ok() => markup,
                _ => {
                    report.codes_not_mapped += 1;
                    continue;
                }
            };
            matches.insert(assessed.segment.id.clone(), tm_match(&assessed, score, memory, options, &markup));
            count_filled(&mut report, analyzer, band);
            let exact = band.is_exact() && score == 100;
            let state = match (exact, options.lock_exact) {
                (true, true) => "final",
                (true, false) => "translated",
                (false, _) => "needs-review-translation",
            };
            targets.insert(assessed.segment.id.clone(), target.to_string());
            states.insert(assessed.segment.id.clone(), state);
        }
    }
    // the ZIP writer needs to seek: the document is written in memory first
    let written = document.write_translated(&targets, std::io::Cursor::new(Vec::new()))?.into_inner();
    let mut out = out;
    let io = |source| DocumentError::Io { file: file.clone(), source };
    out.write_all(&written).map_err(io)?;
    out.flush().map_err(io)?;
    let mut units = document.review_segments(&targets)?;
    for unit in &mut units {
        unit.state = states.get(&unit.id).map(|s| s.to_string());
        unit.matches = matches.remove(&unit.id).into_iter().collect();
    }
    let review = crate::formats::xliff::write_new(review, &document.review_document(tgt_lang.as_deref()), units).map_err(io)?;
    Ok((out, review, report))
}
