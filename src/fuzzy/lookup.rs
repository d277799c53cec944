//! A suggest look-up, as `dragoman suggest` and the server's
//! `/api/v1/suggest` both do it: the text's source language (given, else
//! from its name or its words, else the likeliest one stored), its
//! sentences, the matches of each in several memories (the first with
//! the highest priority; consecutive sentences that together are a
//! stored source answer as one), names written in the first memory's
//! house style, and the first memory's glossary terms found in each
//! sentence. The caller splits the text (it may have an SRX file to
//! read); errors say which setting would help ([`Setting`]) and leave
//! naming it (a flag, an API field) to the caller.

use crate::config::MemoryChoice;
use crate::fuzzy::answer::{EditOut, MatchOut, PenaltyOut, QueryResult};
use crate::fuzzy::several::Found;
use crate::fuzzy::{Match, Matcher, TargetStyle};
use crate::lang::Lang;
use crate::memory::glossary::{GlossaryHit, GlossaryTerms};
use crate::memory::{Memory, MemoryError};
use crate::names::HouseStyle;
use crate::segment::Segmenter;
use crate::text::printable;
use std::path::Path;
use std::sync::Arc;

/// A setting the caller can give to answer a look-up it could not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The language of the text looked up.
    SrcLang,
}

/// Why a look-up failed.
#[derive(Debug, thiserror::Error)]
pub enum LookUpError {
    /// Neither the setting, the name nor the text tells its language, and
    /// no memory has a source language in the text's script.
    #[error("{file}: cannot tell the language; name it x.LANG.txt or give the source language")]
    UnknownLanguage { file: String, missing: Setting },
    /// No stored unit of any memory is in the wanted languages.
    #[error("{}", .0.message(|_| "the source language".to_string()))]
    NotStored(NotStored),
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

/// The memories have no unit in the wanted languages: what was wanted
/// and what each memory has.
#[derive(Debug)]
pub struct NotStored {
    /// "from ar into en", "from ar", "into en" (or empty).
    pub wanted: String,
    /// The source language came from the text, not a setting: this
    /// setting would set it.
    pub unset: Option<Setting>,
    /// Each memory's location and what it has ("it is empty", "it has ar → en (3)").
    pub memories: Vec<(String, String)>,
}

impl NotStored {
    /// The message, naming the unset setting as `name` does.
    pub fn message(&self, name: impl Fn(Setting) -> String) -> String {
        let detected = match self.unset {
            Some(setting) => format!(" (the language of the text; set it with {})", name(setting)),
            None => String::new(),
        };
        let wanted = &self.wanted;
        let said: Vec<String> =
            self.memories.iter().map(|(path, has)| format!("{path}: the memory has no units {wanted}{detected}; {has}")).collect();
        said.join("; ")
    }
}

/// What to look up, besides the text.
#[derive(Debug, Clone)]
pub struct Query {
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    /// 0-100.
    pub min_score: u8,
    /// Matches per sentence.
    pub limit: usize,
    /// Superseded units too (ranked below their successors).
    pub superseded: bool,
}

/// What a look-up answers for one sentence, or for consecutive sentences
/// that together are a stored source.
pub struct Answer {
    /// The first and last sentence (from 0).
    pub first: usize,
    pub last: usize,
    pub query: String,
    pub matches: Vec<Found<Match>>,
    /// Glossary terms of the first memory found in the query.
    pub glossary: Vec<GlossaryHit>,
}

impl Answer {
    /// The answer as `suggest --format json` prints it; `memories` name
    /// the memories the matches came from.
    pub fn shown<'a>(&'a self, memories: &'a [MemoryChoice]) -> QueryResult<'a> {
        let query = self.query.as_str();
        let matches = self.matches.iter().map(|m| match_out(query, &m.item, &memories[m.memory].label)).collect();
        QueryResult { query, span: [self.first + 1, self.last + 1], matches, glossary: &self.glossary }
    }
}

/// Looks `text` (named `path` in messages and for its language) up in
/// the opened `memories`, the first with the highest priority: the
/// answers in document order. `segmenter` gives the segmenter for the
/// text's language (the caller's error type `E` takes this module's).
///
/// `style` and `glossary` are those of the first memory (loaded by the
/// caller: the server keeps them loaded between requests).
#[allow(clippy::too_many_arguments)]
pub fn look_up<E: From<LookUpError>>(
    opened: &[Memory],
    memories: &[MemoryChoice],
    text: &str,
    path: &Path,
    args: &Query,
    segmenter: impl FnOnce(&Lang) -> Result<Segmenter, E>,
    style: &Arc<HouseStyle>,
    glossary: &GlossaryTerms,
) -> Result<Vec<Answer>, E> {
    let src_lang = match args.src_lang.clone().or_else(|| Lang::from_file_name(path)).or_else(|| Lang::detect(text)) {
        Some(lang) => lang,
        // a short query ("Some 32,000 trucks entered Gaza.") has too few
        // common words to tell English from French: ask the memories, in order
        None => likeliest_source_language(opened, text)?
            .ok_or_else(|| LookUpError::UnknownLanguage { file: path.display().to_string(), missing: Setting::SrcLang })?,
    };
    let sentences = segmenter(&src_lang)?.spans(text);
    // names in suggested translations are written in the house style of
    // the memory with the highest priority
    let house_style = Arc::clone(style);
    let style: Option<Arc<dyn TargetStyle>> =
        (!house_style.is_empty()).then(|| Arc::new(move |target: &str| house_style.rewrite(target).text) as Arc<dyn TargetStyle>);
    let matcher = Matcher {
        src_lang: Some(src_lang.clone()),
        tgt_lang: args.tgt_lang.clone(),
        min_score: args.min_score,
        limit: args.limit,
        superseded: args.superseded,
        style,
        ..Matcher::default()
    };
    refuse_languages_not_stored(opened, &matcher, args.src_lang.is_some())?;
    // consecutive sentences that together are a stored source answer as one
    let spans = matcher.find_spans_in(&opened.iter().collect::<Vec<_>>(), text, &sentences).map_err(LookUpError::from)?;
    let mut covered = vec![false; sentences.len()];
    for span in &spans {
        covered[span.first..=span.last].fill(true);
    }
    let singles: Vec<usize> = (0..sentences.len()).filter(|&k| !covered[k]).collect();
    let queries: Vec<String> = singles.iter().map(|&k| text[sentences[k].0..sentences[k].1].replace('\n', " ")).collect();
    let results = find_in_parallel(opened, memories, &matcher, &queries)?;
    let mut answers: Vec<Answer> = singles
        .into_iter()
        .zip(queries.into_iter().zip(results))
        .map(|(k, (query, matches))| Answer { first: k, last: k, query, matches, glossary: Vec::new() })
        .chain(spans.into_iter().map(|s| Answer { first: s.first, last: s.last, query: s.text, matches: s.matches, glossary: Vec::new() }))
        .collect();
    answers.sort_by_key(|a| a.first);
    // glossary terms of each query, from the memory with the highest priority
    for answer in &mut answers {
        answer.glossary = glossary.hits(&answer.query, &src_lang, args.tgt_lang.as_ref());
    }
    Ok(answers)
}

/// The likeliest language of `text` among the source languages of the
/// first memory that has one in the text's script.
fn likeliest_source_language(memories: &[Memory], text: &str) -> Result<Option<Lang>, LookUpError> {
    for memory in memories {
        if let Some(lang) = memory.likeliest_source_language(text)? {
            return Ok(Some(lang));
        }
    }
    Ok(None)
}

/// Fails when no stored unit of any memory is in the wanted languages,
/// saying which language pairs each memory has, rather than answering
/// every sentence with "no match". `src_given`: the source language was
/// given (otherwise it came from the text).
fn refuse_languages_not_stored(memories: &[Memory], matcher: &Matcher, src_given: bool) -> Result<(), LookUpError> {
    for memory in memories {
        if memory.has_units_in(matcher.src_lang.as_ref(), matcher.tgt_lang.as_ref())? {
            return Ok(());
        }
    }
    let wanted = match (&matcher.src_lang, &matcher.tgt_lang) {
        (Some(src), Some(tgt)) => format!("from {src} into {tgt}"),
        (Some(src), None) => format!("from {src}"),
        (None, Some(tgt)) => format!("into {tgt}"),
        (None, None) => String::new(),
    };
    let mut said = Vec::new();
    for memory in memories {
        let pairs = memory.stats()?.language_pairs;
        let has = if pairs.is_empty() {
            "it is empty".to_string()
        } else {
            let listed: Vec<String> =
                pairs.iter().map(|p| format!("{} → {} ({})", printable(&p.src_lang), printable(&p.tgt_lang), p.units)).collect();
            format!("it has {}", listed.join(", "))
        };
        said.push((memory.path().display().to_string(), has));
    }
    Err(LookUpError::NotStored(NotStored { wanted, unset: (!src_given).then_some(Setting::SrcLang), memories: said }))
}

/// Looks the queries up in every memory on every core, one connection
/// per memory and thread, in document order.
fn find_in_parallel(
    opened: &[Memory],
    memories: &[MemoryChoice],
    matcher: &Matcher,
    queries: &[String],
) -> Result<Vec<Vec<Found<Match>>>, LookUpError> {
    let threads = crate::pool::default_jobs().min(queries.len().div_ceil(50)).max(1);
    if threads == 1 {
        return Ok(matcher.find_all_in(&opened.iter().collect::<Vec<_>>(), queries)?);
    }
    let chunk = queries.len().div_ceil(threads);
    let chunks: Vec<&[String]> = queries.chunks(chunk).collect();
    let parts = crate::pool::map_ordered(&chunks, threads, |part| -> Result<Vec<Vec<Found<Match>>>, MemoryError> {
        let opened =
            memories.iter().map(|m| Memory::open_for_reading(&m.location, crate::fuzzy::index_keys())).collect::<Result<Vec<_>, _>>()?;
        matcher.find_all_in(&opened.iter().collect::<Vec<_>>(), part)
    });
    let mut all = Vec::with_capacity(queries.len());
    for part in parts {
        all.extend(part?);
    }
    Ok(all)
}

fn match_out<'a>(query: &'a str, m: &'a Match, memory: &'a str) -> MatchOut<'a> {
    let source = m.unit.source.as_str();
    let query = query.trim();
    MatchOut {
        score: m.score,
        source,
        target: &m.target,
        origin: m.unit.origin(),
        src_lang: &m.unit.src_lang,
        tgt_lang: &m.unit.tgt_lang,
        created_at: &m.unit.created_at,
        memory,
        id: m.unit.id,
        exact: m.comparison.exact,
        adapted: m.is_adapted(),
        stored_target: &m.unit.target,
        edits: m
            .comparison
            .edits
            .iter()
            .map(|e| EditOut { op: e.op, stored: e.stored.map(|(a, b)| &source[a..b]), query: e.query.map(|(a, b)| &query[a..b]) })
            .collect(),
        numbers: &m.comparison.numbers,
        names: &m.comparison.names,
        replacements: m.adaptation.as_ref().map_or(&[], |a| a.replacements.as_slice()),
        penalties: m.comparison.penalties.iter().map(|&(reason, points)| PenaltyOut { reason, points }).collect(),
        superseded_by: m.unit.superseded_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::NewUnit;

    fn memory_with(path: &Path, pairs: &[(&str, &str)]) -> Memory {
        let mut memory = Memory::open(path, crate::fuzzy::index_keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        let (en, fr) = (Lang::parse("en").unwrap(), Lang::parse("fr").unwrap());
        for (source, target) in pairs {
            writer.add(&NewUnit::new(en.clone(), fr.clone(), source, target, "talks.txt")).unwrap();
        }
        writer.commit().unwrap();
        memory.refresh_index().unwrap();
        memory
    }

    fn query(src_lang: Option<&str>, tgt_lang: Option<&str>) -> Query {
        let lang = |tag: Option<&str>| tag.map(|t| Lang::parse(t).unwrap());
        Query { src_lang: lang(src_lang), tgt_lang: lang(tgt_lang), min_score: 50, limit: 3, superseded: false }
    }

    fn run(opened: &[Memory], text: &str, query: &Query) -> Result<Vec<Answer>, LookUpError> {
        let choices: Vec<MemoryChoice> =
            opened.iter().map(|m| MemoryChoice { label: "m".into(), location: m.path().to_path_buf() }).collect();
        let segmenter = |lang: &Lang| Ok(Segmenter::new(lang));
        look_up(opened, &choices, text, Path::new("<request>"), query, segmenter, &Arc::default(), &GlossaryTerms::default())
    }

    #[test]
    fn a_look_up_finds_a_stored_sentence_among_several_in_document_order() {
        let dir = tempfile::tempdir().unwrap();
        let memory = memory_with(&dir.path().join("m.sqlite"), &[("The talks resumed on Monday.", "Les pourparlers ont repris lundi.")]);
        let answers = run(&[memory], "The talks resumed on Monday. Nothing else happened today.", &query(Some("en"), None)).unwrap();
        assert_eq!(answers.len(), 2);
        assert_eq!((answers[0].first, answers[0].matches[0].item.score), (0, 100));
        assert_eq!(answers[0].matches[0].item.target, "Les pourparlers ont repris lundi.");
        assert!(answers[1].matches.is_empty());
    }

    #[test]
    fn a_look_up_in_languages_not_stored_says_which_setting_would_help_without_naming_a_flag() {
        let dir = tempfile::tempdir().unwrap();
        let memory = memory_with(&dir.path().join("m.sqlite"), &[("The talks resumed on Monday.", "Les pourparlers ont repris lundi.")]);
        let Err(LookUpError::NotStored(not_stored)) = run(&[memory], "The talks resumed on Monday.", &query(None, Some("de"))) else {
            panic!("expected languages not stored")
        };
        assert_eq!(not_stored.unset, Some(Setting::SrcLang));
        let message = not_stored.message(|_| "SETTING".to_string());
        assert!(message.contains("the memory has no units from en into de (the language of the text; set it with SETTING)"), "{message}");
        assert!(message.ends_with("it has en → fr (1)"), "{message}");
        assert!(!LookUpError::NotStored(not_stored).to_string().contains("--"));
    }
}
