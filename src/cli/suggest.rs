//! `dragoman suggest`: for each new sentence, the closest stored sources
//! with their translations (adapted to the new numbers), a match
//! percentage, and what differs.

use super::settings::MemoryChoice;
use super::terminal::printable;
use super::{OutputFormat, json_line, open_memory_for_queries, parse_lang, read_text, stdout};
use dragoman::fuzzy::lookup::{self, Answer, LookUpError, Query, Setting};
use dragoman::fuzzy::several::Found;
use dragoman::fuzzy::{Markers, mark_edits_shown};
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
        min_score: args.min_score,
        limit: args.limit,
        superseded: args.all,
    };
    let (style, glossary) = (Arc::new(HouseStyle::load(&opened[0])?), opened[0].glossary_terms()?);
    let answers = look_up(&opened, memories, &text, &path, &query, args.rules.as_ref(), &style, &glossary)?;
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

/// Looks `text` (named `path` in messages and for its language) up in
/// the opened `memories` as [`lookup::look_up`] does, split by the SRX
/// file `rules` when one is given; the library's errors get the flag
/// advice of the command line.
#[allow(clippy::too_many_arguments)]
fn look_up(
    opened: &[Memory],
    memories: &[MemoryChoice],
    text: &str,
    path: &Path,
    query: &Query,
    rules: Option<&PathBuf>,
    style: &Arc<HouseStyle>,
    glossary: &dragoman::memory::glossary::GlossaryTerms,
) -> anyhow::Result<Vec<Answer>> {
    let segmenter = |src_lang: &Lang| -> anyhow::Result<Segmenter> {
        Ok(match rules {
            Some(path) => super::segment::segmenter_for(Some(&(super::segment::load_srx(path)?, path.clone())), src_lang),
            None => Segmenter::new(src_lang),
        })
    };
    lookup::look_up(opened, memories, text, path, query, segmenter, style, glossary).map_err(|error: anyhow::Error| {
        match error.downcast::<LookUpError>() {
            Ok(error) => with_flags(error),
            Err(error) => error,
        }
    })
}

/// A look-up error as the command line says it: the setting that would
/// help named by its flag.
fn with_flags(error: LookUpError) -> anyhow::Error {
    let flag = |setting| match setting {
        Setting::SrcLang => "--src-lang".to_string(),
    };
    match error {
        LookUpError::UnknownLanguage { file, missing } => dragoman::lang::LangError::Unknown { file, flag: flag(missing) }.into(),
        LookUpError::NotStored(not_stored) => anyhow::anyhow!("{}", not_stored.message(flag)),
        LookUpError::Memory(error) => error.into(),
    }
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
