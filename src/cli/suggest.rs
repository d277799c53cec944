//! `dragoman suggest`: for each new sentence, the closest stored sources
//! with their translations and a match percentage.

use super::{OutputFormat, json_line, open_existing_memory, parse_lang, read_text, stdout};
use dragoman::fuzzy::Matcher;
use dragoman::lang::Lang;
use dragoman::segment::Segmenter;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A sentence (or several) to look up.
    #[arg(conflicts_with = "file", required_unless_present = "file")]
    text: Option<String>,
    /// A file of new text to look up, sentence by sentence.
    #[arg(long)]
    file: Option<PathBuf>,
    /// Language of the new text (default: from the file name or script).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Only suggest translations into this language.
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
    /// Hide matches scoring below this (0-100).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(0..=100))]
    min_score: u8,
    /// At most this many matches per sentence.
    #[arg(long, default_value_t = 3)]
    limit: usize,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct QueryResult<'a> {
    query: &'a str,
    matches: Vec<MatchOut<'a>>,
}

#[derive(Serialize)]
struct MatchOut<'a> {
    score: u8,
    source: &'a str,
    target: &'a str,
    origin: String,
    src_lang: &'a str,
    tgt_lang: &'a str,
    created_at: &'a str,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let (text, path) = match (&args.text, &args.file) {
        (Some(text), _) => (dragoman::text::nfc(text), PathBuf::from("<argument>")),
        (None, Some(file)) => (read_text(file)?, file.clone()),
        (None, None) => unreachable!("clap requires one of them"),
    };
    let src_lang = Lang::resolve(args.src_lang.as_ref(), &path, &text, "--src-lang")?;
    let queries: Vec<String> = Segmenter::new(&src_lang).split(&text).map(|s| s.replace('\n', " ")).collect();
    let memory = open_existing_memory(memory_path)?;
    let matcher = Matcher { src_lang: Some(src_lang), tgt_lang: args.tgt_lang.clone(), min_score: args.min_score, limit: args.limit };
    let results = matcher.find_all(&memory, &queries)?;

    let mut out = stdout();
    for (query, matches) in queries.iter().zip(&results) {
        match args.format {
            OutputFormat::Json => {
                let matches = matches
                    .iter()
                    .map(|m| MatchOut {
                        score: m.score,
                        source: &m.unit.source,
                        target: &m.unit.target,
                        origin: m.unit.origin(),
                        src_lang: &m.unit.src_lang,
                        tgt_lang: &m.unit.tgt_lang,
                        created_at: &m.unit.created_at,
                    })
                    .collect();
                json_line(&mut out, &QueryResult { query, matches })?;
            }
            OutputFormat::Text => {
                writeln!(out, "» {query}")?;
                if matches.is_empty() {
                    writeln!(out, "  no match at {}% or more", args.min_score)?;
                }
                for m in matches {
                    writeln!(out, "  {:>3}%  {}", m.score, m.unit.source)?;
                    writeln!(out, "        {}", m.unit.target)?;
                    writeln!(out, "        ({}, {})", m.unit.origin(), m.unit.created_at)?;
                }
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
