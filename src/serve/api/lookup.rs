//! The look-up routes: suggest, search (concordance), segment, align,
//! stats. Their answers are the command line's `--format json` objects
//! (suggest's `fuzzy::answer::QueryResult`, from the library's
//! `fuzzy::lookup`; `concordance::Report`, `breakdown::Shown`,
//! `segment::Sentence`, `align::Bead`).

use crate::serve::AppState;
use crate::serve::error::{ApiError, Json, Query as QueryString};
use crate::serve::pool::blocking;
use axum::extract::State;
use dragoman::fuzzy::concordance::Sides;
use dragoman::lang::Lang;
use dragoman::memory::Memory;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Largest number of texts in one suggest batch, and of matches or hits
/// asked for: bounds one request's work (a day's dispatches are a few
/// hundred sentences).
const MAX_BATCH: usize = 1000;
const MAX_LIMIT: usize = 1000;

fn lang(tag: Option<&str>, field: &str) -> Result<Option<Lang>, ApiError> {
    tag.map(|t| Lang::parse(t).map_err(|e| ApiError::bad_request(format!("{field}: {e}")))).transpose()
}

fn limit(value: Option<usize>, default: usize) -> Result<usize, ApiError> {
    match value.unwrap_or(default) {
        0 => Err(ApiError::bad_request("limit: must be at least 1")),
        n if n > MAX_LIMIT => Err(ApiError::bad_request(format!("limit: at most {MAX_LIMIT}"))),
        n => Ok(n),
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuggestIn {
    /// One text (one sentence or several).
    text: Option<String>,
    /// Several texts, answered each on its own.
    texts: Option<Vec<String>>,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
    /// 0-100, default 50 (as `suggest --min-score`).
    min_score: Option<u8>,
    /// Matches per sentence, default 3.
    limit: Option<usize>,
}

/// One text's answer: one result per sentence, as `suggest --format
/// json` prints them (made by the command line's look-up, hence a JSON
/// value here; its schema is that of the command line's type).
#[derive(Serialize, schemars::JsonSchema)]
pub struct SuggestResults {
    #[schemars(with = "Vec<dragoman::fuzzy::answer::QueryResult<'static>>")]
    results: serde_json::Value,
}

/// What suggest answers: one text's results, or a batch of them.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum SuggestOut {
    One(SuggestResults),
    Batch { batch: Vec<SuggestResults> },
}

/// `POST /api/v1/suggest`: `{"results": [...]}` for `text`, one result
/// per sentence as `suggest --format json` prints them;
/// `{"batch": [{"results": [...]}, ...]}` for `texts`.
pub async fn suggest(State(state): State<AppState>, Json(input): Json<SuggestIn>) -> Result<Json<SuggestOut>, ApiError> {
    let (texts, batch) = match (input.text, input.texts) {
        (Some(text), None) => (vec![text], false),
        (None, Some(texts)) if texts.len() <= MAX_BATCH => (texts, true),
        (None, Some(_)) => return Err(ApiError::bad_request(format!("texts: at most {MAX_BATCH} in one request"))),
        _ => return Err(ApiError::bad_request("give either text or texts")),
    };
    let min_score = input.min_score.unwrap_or(50);
    if min_score > 100 {
        return Err(ApiError::bad_request("min_score: from 0 to 100"));
    }
    let query = dragoman::fuzzy::lookup::Query {
        src_lang: lang(input.src_lang.as_deref(), "src_lang")?,
        tgt_lang: lang(input.tgt_lang.as_deref(), "tgt_lang")?,
        min_score,
        limit: limit(input.limit, 3)?,
        superseded: false,
    };
    let inner = state.inner.clone();
    let permit = inner.readers[0].permit().await;
    blocking(move || {
        let _permit = permit;
        let opened = inner.readers.iter().map(|r| r.take()).collect::<anyhow::Result<Vec<Memory>>>()?;
        let answered = inner.references.get(&opened[0]).and_then(|references| {
            texts
                .iter()
                .map(|text| {
                    let text = dragoman::text::nfc(text);
                    let answers = dragoman::fuzzy::lookup::look_up(
                        &opened,
                        &inner.memories,
                        &text,
                        Path::new("<request>"),
                        &query,
                        |lang| Ok(dragoman::segment::Segmenter::new(lang)),
                        &references.style,
                        &references.glossary,
                    )
                    .map_err(crate::serve::desk::look_up_error)?;
                    let results: Vec<_> = answers.iter().map(|a| a.shown(&inner.memories)).collect();
                    Ok(SuggestResults { results: serde_json::to_value(results)? })
                })
                .collect::<anyhow::Result<Vec<_>>>()
        });
        for (readers, memory) in inner.readers.iter().zip(opened) {
            readers.give_back(memory);
        }
        let mut answered = answered?;
        Ok(Json(if batch { SuggestOut::Batch { batch: answered } } else { SuggestOut::One(answered.remove(0)) }))
    })
    .await
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchIn {
    term: String,
    /// source, target or both (default).
    side: Option<String>,
    limit: Option<usize>,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
    /// Only pairs whose document (file imported or aligned) contains this.
    document: Option<String>,
    /// Only pairs stored by this author.
    author: Option<String>,
    /// Only pairs stored on or after / on or before this date (YYYY-MM-DD).
    from: Option<String>,
    to: Option<String>,
}

/// How many hits are read before filtering, per hit wanted: the
/// concordance has no filters of its own, so a filtered search reads
/// more and keeps those that pass (at most [`MAX_LIMIT`] × this).
const FILTER_READ_FACTOR: usize = 20;

/// `GET /api/v1/search?term=…`: the concordance, as `search --format
/// json` prints it, filtered by language pair, document, author and date.
pub async fn search(State(state): State<AppState>, QueryString(input): QueryString<SearchIn>) -> Result<Json<serde_json::Value>, ApiError> {
    let term = dragoman::text::nfc(input.term.trim());
    if dragoman::fuzzy::Prepared::new(&term).is_empty() {
        return Err(ApiError::bad_request(format!("term: '{term}' has no word or number to look for")));
    }
    let sides = match input.side.as_deref() {
        None | Some("both") => Sides::Both,
        Some("source") => Sides::Source,
        Some("target") => Sides::Target,
        Some(other) => return Err(ApiError::bad_request(format!("side: '{other}' is not source, target or both"))),
    };
    let limit = limit(input.limit, 20)?;
    let src_lang = lang(input.src_lang.as_deref(), "src_lang")?;
    let tgt_lang = lang(input.tgt_lang.as_deref(), "tgt_lang")?;
    for (field, date) in [("from", &input.from), ("to", &input.to)] {
        if let Some(date) = date
            && !is_date(date)
        {
            return Err(ApiError::bad_request(format!("{field}: '{date}' is not a date YYYY-MM-DD")));
        }
    }
    let filtered = src_lang.is_some()
        || tgt_lang.is_some()
        || input.document.is_some()
        || input.author.is_some()
        || input.from.is_some()
        || input.to.is_some();
    let keep = move |u: &dragoman::memory::Unit| {
        src_lang.as_ref().is_none_or(|l| u.src_lang == l.as_str())
            && tgt_lang.as_ref().is_none_or(|l| u.tgt_lang == l.as_str())
            && input.document.as_ref().is_none_or(|d| u.document.contains(d.as_str()))
            && input.author.as_ref().is_none_or(|a| u.created_by.as_deref() == Some(a.as_str()))
            && input.from.as_ref().is_none_or(|f| u.created_at.get(..10).is_some_and(|day| day >= f.as_str()))
            && input.to.as_ref().is_none_or(|t| u.created_at.get(..10).is_some_and(|day| day <= t.as_str()))
    };
    let inner = state.inner.clone();
    let permit = inner.readers[0].permit().await;
    blocking(move || {
        let _permit = permit;
        let opened = inner.readers.iter().map(|r| r.take()).collect::<anyhow::Result<Vec<Memory>>>()?;
        let read = if filtered { limit * FILTER_READ_FACTOR } else { limit };
        let found = dragoman::fuzzy::several::search_in(&opened.iter().collect::<Vec<_>>(), &term, sides, read, false);
        for (readers, memory) in inner.readers.iter().zip(opened) {
            readers.give_back(memory);
        }
        let mut hits = found?;
        hits.retain(|h| keep(&h.item.unit));
        hits.truncate(limit);
        let report = dragoman::fuzzy::concordance::Report {
            term: &term,
            hits: hits.iter().map(|h| dragoman::fuzzy::concordance::hit_out(&h.item, &inner.memories[h.memory].label)).collect(),
        };
        Ok(Json(serde_json::to_value(report)?))
    })
    .await
}

/// True for `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && b.iter().enumerate().all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit())
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SegmentIn {
    text: String,
    /// The text's language (default: detected).
    lang: Option<String>,
}

/// What segment answers.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SegmentOut {
    /// The text's language, given or detected.
    lang: String,
    sentences: Vec<dragoman::segment::Sentence>,
}

/// `POST /api/v1/segment`: `{"lang": …, "sentences": [{text, start, end}]}`
/// (each sentence as `segment --format json` prints it).
pub async fn segment(Json(input): Json<SegmentIn>) -> Result<Json<SegmentOut>, ApiError> {
    let given = lang(input.lang.as_deref(), "lang")?;
    blocking(move || {
        let text = dragoman::text::nfc(&input.text);
        let lang = Lang::resolve(given.as_ref(), Path::new("<request>"), &text, "lang")?;
        let sentences: Vec<dragoman::segment::Sentence> = dragoman::segment::Segmenter::new(&lang)
            .spans(&text)
            .into_iter()
            .map(|(start, end)| dragoman::segment::Sentence { text: text[start..end].to_string(), start, end })
            .collect();
        Ok(Json(SegmentOut { lang: lang.as_str().to_string(), sentences }))
    })
    .await
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AlignIn {
    source: String,
    target: String,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
    /// Beads below this confidence are flagged (default 0.5, as `align --flag-below`).
    flag_below: Option<f64>,
}

/// A bead as `align --format json` prints it, and whether it is flagged.
#[derive(Serialize, schemars::JsonSchema)]
pub struct FlaggedBead {
    #[serde(flatten)]
    bead: dragoman::align::Bead,
    /// Its confidence is below `flag_below`.
    flagged: bool,
}

/// What align answers: both texts' sentences and the beads (sentence
/// numbers from 0).
#[derive(Serialize, schemars::JsonSchema)]
pub struct AlignOut {
    src_lang: String,
    tgt_lang: String,
    source: Vec<String>,
    target: Vec<String>,
    beads: Vec<FlaggedBead>,
}

/// `POST /api/v1/align`: both texts split into sentences and aligned:
/// `{"source": [sentences], "target": [sentences], "beads": [{src, tgt,
/// confidence, flagged}]}` (a bead as `align --format json` prints it,
/// with `flagged`). The aligner uses no dictionary or memory lexicon here.
pub async fn align(Json(input): Json<AlignIn>) -> Result<Json<AlignOut>, ApiError> {
    let src_given = lang(input.src_lang.as_deref(), "src_lang")?;
    let tgt_given = lang(input.tgt_lang.as_deref(), "tgt_lang")?;
    let flag_below = input.flag_below.unwrap_or(0.5);
    if !(0.0..=1.0).contains(&flag_below) {
        return Err(ApiError::bad_request("flag_below: a number from 0 to 1"));
    }
    blocking(move || {
        let (source, target) = (dragoman::text::nfc(&input.source), dragoman::text::nfc(&input.target));
        let src_lang = Lang::resolve(src_given.as_ref(), Path::new("<source>"), &source, "src_lang")?;
        let tgt_lang = Lang::resolve(tgt_given.as_ref(), Path::new("<target>"), &target, "tgt_lang")?;
        let src: Vec<&str> = dragoman::segment::Segmenter::new(&src_lang).split(&source).collect();
        let tgt: Vec<&str> = dragoman::segment::Segmenter::new(&tgt_lang).split(&target).collect();
        let beads = dragoman::align::Aligner::default().align(&src, &tgt);
        let beads = beads.into_iter().map(|bead| FlaggedBead { flagged: bead.confidence < flag_below, bead }).collect();
        Ok(Json(AlignOut {
            src_lang: src_lang.as_str().to_string(),
            tgt_lang: tgt_lang.as_str().to_string(),
            source: src.iter().map(|s| s.to_string()).collect(),
            target: tgt.iter().map(|s| s.to_string()).collect(),
            beads,
        }))
    })
    .await
}

/// `GET /api/v1/stats`: the first memory's counts and breakdown, as
/// `stats --format json` prints them.
pub async fn stats(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    let value = state.inner.readers[0]
        .read(|memory| {
            let (stats, breakdown) = (memory.stats()?, memory.breakdown()?);
            Ok(serde_json::to_value(dragoman::memory::breakdown::Shown { stats: &stats, breakdown: &breakdown })?)
        })
        .await?;
    Ok(Json(value))
}
