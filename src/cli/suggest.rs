//! `dragoman suggest`: for each new sentence, the closest stored sources
//! with their translations (adapted to the new numbers), a match
//! percentage, and what differs.

use super::settings::MemoryChoice;
use super::terminal::printable;
use super::{OutputFormat, json_line, open_memory_for_queries, open_memory_for_reading, parse_lang, read_text, stdout};
use dragoman::fuzzy::answer::{EditOut, MatchOut, PenaltyOut, QueryResult};
use dragoman::fuzzy::several::Found;
use dragoman::fuzzy::{Markers, Match, Matcher, TargetStyle, mark_edits_shown};
use dragoman::lang::Lang;
use dragoman::memory::Memory;
use dragoman::names::HouseStyle;
use dragoman::segment::Segmenter;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A sentence (or several) to look up; `-` reads the text from
    /// standard input (as `--file -`).
    #[arg(conflicts_with = "file", required_unless_present = "file")]
    text: Option<String>,
    /// A file of new text to look up, sentence by sentence (`-`: standard input).
    #[arg(long)]
    file: Option<PathBuf>,
    /// Language of the new text (default: from the file name or the text;
    /// when the text is too short to tell, the memory's most common source
    /// language in the text's script).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Only suggest translations into this language.
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
    /// Split the text into sentences with the rules of this SRX 2.0 file
    /// (as `segment --rules` does) instead of the built-in ones.
    #[arg(long, value_name = "FILE.srx")]
    rules: Option<PathBuf>,
    /// Hide matches scoring below this (0-100).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(0..=100))]
    min_score: u8,
    /// At most this many matches per sentence.
    #[arg(long, default_value_t = 3, value_parser = super::parse_positive)]
    limit: usize,
    /// Also suggest superseded units (a later target was stored for their
    /// source), ranked below the current ones, marked "superseded by #ID".
    #[arg(long)]
    all: bool,
    /// Colour the differences: auto (on a terminal), always, never.
    /// Without colour, deleted words show as [-word-], inserted ones as {+word+}.
    #[arg(long, value_enum, default_value_t)]
    color: Colour,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

/// Whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Colour {
    #[default]
    Auto,
    Always,
    Never,
}

impl Colour {
    /// Decides for standard output (auto: a terminal, and `NO_COLOR` unset).
    pub fn enabled(self) -> bool {
        match self {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}

/// What suggest answers for one sentence, or for consecutive sentences
/// that together are a stored source.
pub(crate) struct Answer {
    first: usize,
    last: usize,
    query: String,
    matches: Vec<Found<Match>>,
    /// Glossary terms of the first memory found in the query.
    glossary: Vec<dragoman::memory::glossary::GlossaryHit>,
}

impl Answer {
    /// The answer as `--format json` prints it; `memories` name the
    /// memories the matches came from.
    pub(crate) fn shown<'a>(&'a self, memories: &'a [MemoryChoice]) -> QueryResult<'a> {
        let query = self.query.as_str();
        let matches = self.matches.iter().map(|m| match_out(query, &m.item, &memories[m.memory].label)).collect();
        QueryResult { query, span: [self.first + 1, self.last + 1], matches, glossary: &self.glossary }
    }
}

/// Looks the text up in `memories`, the first with the highest priority.
pub fn run(args: Args, memories: &[MemoryChoice]) -> anyhow::Result<ExitCode> {
    let (text, path) = match (&args.text, &args.file) {
        // `suggest -`: the text is on standard input, as with `--file -`
        (Some(text), _) if text == "-" => (read_text(Path::new("-"))?, PathBuf::from("-")),
        (Some(text), _) => (dragoman::text::nfc(text), PathBuf::from("<argument>")),
        (None, Some(file)) => (read_text(file)?, file.clone()),
        (None, None) => unreachable!("clap requires one of them"),
    };
    let opened = memories.iter().map(|m| open_memory_for_queries(&m.location)).collect::<anyhow::Result<Vec<Memory>>>()?;
    let query = Query {
        src_lang: args.src_lang.clone(),
        tgt_lang: args.tgt_lang.clone(),
        rules: args.rules.clone(),
        min_score: args.min_score,
        limit: args.limit,
        superseded: args.all,
    };
    let (style, glossary) = (Arc::new(HouseStyle::load(&opened[0])?), opened[0].glossary_terms()?);
    let answers = look_up(&opened, memories, &text, &path, &query, &style, &glossary)?;
    drop(opened);

    let colour = args.color.enabled();
    let mut out = stdout();
    for answer in &answers {
        let (query, matches) = (answer.query.as_str(), &answer.matches);
        match args.format {
            OutputFormat::Json => json_line(&mut out, &answer.shown(memories))?,
            OutputFormat::Text => {
                let together = if answer.last > answer.first {
                    format!("  (sentences {}-{} together)", answer.first + 1, answer.last + 1)
                } else {
                    String::new()
                };
                writeln!(out, "» {}{together}", shown(query, "  "))?;
                if matches.is_empty() {
                    writeln!(out, "  no match at {}% or more", args.min_score)?;
                }
                for Found { memory, item: m } in matches {
                    let mut notes = Vec::new();
                    if let Some(next) = m.unit.superseded_by {
                        notes.push(format!("superseded by #{next}"));
                    }
                    if m.is_adapted() {
                        notes.push("adapted".to_string());
                    }
                    for name in &m.comparison.names {
                        notes.push(format!("name {} ~ {}", printable(&name.stored), printable(&name.query)));
                    }
                    let notes = if notes.is_empty() { String::new() } else { format!("  [{}]", notes.join("; ")) };
                    let markers = if colour { &Markers::COLOUR } else { &Markers::TEXT };
                    let marked = mark_edits_shown(&m.unit.source, query, &m.comparison.edits, markers, |piece| shown(piece, INDENT));
                    writeln!(out, "  {:>3}%  {marked}{notes}", m.score)?;
                    writeln!(out, "{INDENT}{}", shown(&m.target, INDENT))?;
                    if m.is_adapted() {
                        writeln!(out, "{INDENT}(stored: {})", shown(&m.unit.target, INDENT))?;
                    }
                    // which memory, when there are several
                    let from =
                        if memories.len() > 1 { format!(", from {}", shown(&memories[*memory].label, INDENT)) } else { String::new() };
                    writeln!(out, "{INDENT}({}, {}{from})", shown(&m.unit.origin(), INDENT), shown(&m.unit.created_at, INDENT))?;
                }
                write_glossary_hits(&mut out, &answer.glossary)?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// What to look up, besides the text: the flags of `suggest` (the
/// server's API takes the same).
pub(crate) struct Query {
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    pub rules: Option<PathBuf>,
    pub min_score: u8,
    pub limit: usize,
    /// Superseded units too (ranked below their successors).
    pub superseded: bool,
}

/// Looks `text` (named `path` in messages and for its language) up in
/// the opened `memories`, the first with the highest priority: the
/// answers in document order.
///
/// `style` and `glossary` are those of the first memory (loaded by the
/// caller: the server keeps them loaded between requests).
pub(crate) fn look_up(
    opened: &[Memory],
    memories: &[MemoryChoice],
    text: &str,
    path: &Path,
    args: &Query,
    style: &Arc<HouseStyle>,
    glossary: &dragoman::memory::glossary::GlossaryTerms,
) -> anyhow::Result<Vec<Answer>> {
    let src_lang = match Lang::resolve(args.src_lang.as_ref(), path, text, "--src-lang") {
        Ok(lang) => lang,
        // a short query ("Some 32,000 trucks entered Gaza.") has too few
        // common words to tell English from French: ask the memories, in order
        Err(unknown) => likeliest_source_language(opened, text)?.ok_or(unknown)?,
    };
    let sentences = match &args.rules {
        Some(path) => super::segment::segmenter_for(Some(&(super::segment::load_srx(path)?, path.clone())), &src_lang).spans(text),
        None => Segmenter::new(&src_lang).spans(text),
    };
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
    let spans = matcher.find_spans_in(&opened.iter().collect::<Vec<_>>(), text, &sentences)?;
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

/// The `glossary:` block of the text output: each term found, with the
/// preferred target term, deprecated terms flagged.
fn write_glossary_hits(out: &mut impl Write, hits: &[dragoman::memory::glossary::GlossaryHit]) -> std::io::Result<()> {
    if hits.is_empty() {
        return Ok(());
    }
    writeln!(out, "  glossary:")?;
    for hit in hits {
        let target = match (&hit.target, &hit.tgt_lang) {
            (Some(t), Some(lang)) => format!(" → {} ({})", shown(t, INDENT), printable(lang)),
            _ => String::new(),
        };
        let flag = if hit.deprecated { "  [deprecated]" } else { "" };
        writeln!(out, "    {}{target}{flag}", shown(&hit.term, INDENT))?;
    }
    Ok(())
}

/// Where a match's lines start in the text output: under the text after
/// the percentage (`  100%  `).
const INDENT: &str = "        ";

/// Text from the memory or the document as the text output shows it:
/// control and bidi characters escaped ([`printable`]), and every line
/// after the first indented by `indent`, so that a multi-line unit stays
/// in its column.
pub(super) fn shown(text: &str, indent: &str) -> String {
    let lines: Vec<std::borrow::Cow<'_, str>> = text.split('\n').map(|line| printable(line.strip_suffix('\r').unwrap_or(line))).collect();
    lines.join(&format!("\n{indent}"))
}

/// The likeliest language of `text` among the source languages of the
/// first memory that has one in the text's script.
fn likeliest_source_language(memories: &[Memory], text: &str) -> anyhow::Result<Option<Lang>> {
    for memory in memories {
        if let Some(lang) = memory.likeliest_source_language(text)? {
            return Ok(Some(lang));
        }
    }
    Ok(None)
}

/// Fails (a user error) when no stored unit of any memory is in the
/// wanted languages, saying which language pairs each memory has, rather
/// than answering every sentence with "no match". `src_given`: the
/// source language came from `--src-lang` (otherwise from the text).
fn refuse_languages_not_stored(memories: &[Memory], matcher: &Matcher, src_given: bool) -> anyhow::Result<()> {
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
    let detected = if src_given { "" } else { " (the language of the text; set it with --src-lang)" };
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
        said.push(format!("{}: the memory has no units {wanted}{detected}; {has}", memory.path().display()));
    }
    anyhow::bail!("{}", said.join("; "))
}

/// Looks the queries up in every memory on every core, one connection
/// per memory and thread, in document order.
fn find_in_parallel(
    opened: &[Memory],
    memories: &[MemoryChoice],
    matcher: &Matcher,
    queries: &[String],
) -> anyhow::Result<Vec<Vec<Found<Match>>>> {
    let threads = dragoman::pool::default_jobs().min(queries.len().div_ceil(50)).max(1);
    if threads == 1 {
        return Ok(matcher.find_all_in(&opened.iter().collect::<Vec<_>>(), queries)?);
    }
    let chunk = queries.len().div_ceil(threads);
    let chunks: Vec<&[String]> = queries.chunks(chunk).collect();
    let parts = dragoman::pool::map_ordered(&chunks, threads, |part| -> anyhow::Result<Vec<Vec<Found<Match>>>> {
        let opened = memories.iter().map(|m| open_memory_for_reading(&m.location)).collect::<anyhow::Result<Vec<_>>>()?;
        Ok(matcher.find_all_in(&opened.iter().collect::<Vec<_>>(), part)?)
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
