//! `dragoman pretranslate`: fills a job's segments from the memories
//! (see [`dragoman::documents::pretranslate`]) and writes the filled file
//! atomically; prints what was filled per band and what was left empty.

use super::analyze::{languages_of, scheme_of, worker_connections};
use super::output::AtomicFile;
use super::settings::MemoryChoice;
use super::{OutputFormat, json_line, open_memory_for_queries, parse_lang, stdout};
use dragoman::documents::analysis::Analyzer;
use dragoman::documents::pretranslate::{Options, pretranslate, pretranslate_document};
use dragoman::documents::{BandScheme, Job, JobFormat};
use dragoman::fuzzy::{Matcher, TargetStyle};
use dragoman::lang::Lang;
use dragoman::memory::Memory;
use dragoman::names::HouseStyle;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The job: XLIFF 1.2, 2.0/2.1, PO, a Word file (.docx) or an HTML page.
    file: PathBuf,
    /// Where to write the pretranslated job (replaced only when all went
    /// well); for a Word file or HTML page, the translated document, with
    /// an XLIFF 1.2 to review it beside it (the same name ending in .xlf).
    #[arg(long, short = 'o')]
    out: PathBuf,
    /// Fill segments whose best match scores at least this (0-100; 100: exact matches only).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u8).range(0..=100))]
    min_score: u8,
    /// Mark context and 100% matches final (XLIFF state="final"), so that
    /// they are not edited.
    #[arg(long)]
    lock_exact: bool,
    /// Language of the sources (default: the file's; give it for PO).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Language of the translations (default: the file's).
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
    /// The bands the report counts by (as for `analyze --bands`).
    #[arg(long, value_parser = BandScheme::parse)]
    bands: Option<BandScheme>,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
    /// Threads the look-ups are shared out over, each with its own
    /// connections to the memories (default: one per core).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

#[derive(Serialize)]
struct JsonReport {
    file: String,
    out: String,
    /// The XLIFF to review a translated document in.
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<String>,
    segments: u64,
    filled: Vec<(String, u64)>,
    filled_total: u64,
    already_translated: u64,
    no_match: u64,
    codes_not_mapped: u64,
}

pub fn run(args: Args, memories: &[MemoryChoice], configured: Option<(String, PathBuf, usize)>) -> anyhow::Result<ExitCode> {
    let scheme = scheme_of(args.bands.clone(), configured)?;
    let opened = memories.iter().map(|m| open_memory_for_queries(&m.location)).collect::<anyhow::Result<Vec<Memory>>>()?;
    let mut job = Job::open(&args.file)?;
    let (src_lang, tgt_lang) = languages_of(&mut job, &args.file, args.src_lang.as_ref(), args.tgt_lang.as_ref())?;
    let document = matches!(job.format(), JobFormat::Document(_));
    drop(job);
    // names in the filled targets are written in the house style of the
    // memory with the highest priority, as suggest writes them
    let house_style = HouseStyle::load(&opened[0])?;
    let style: Option<Arc<dyn TargetStyle>> =
        (!house_style.is_empty()).then(|| Arc::new(move |target: &str| house_style.rewrite(target).text) as Arc<dyn TargetStyle>);
    let matcher = Matcher { src_lang: Some(src_lang), tgt_lang, min_score: args.min_score, style, ..Matcher::default() };
    let refs: Vec<&Memory> = opened.iter().collect();
    let mut analyzer = Analyzer::filling(&refs, matcher, scheme.clone()).with_workers(worker_connections(memories, args.jobs)?);
    let options = Options {
        min_score: args.min_score,
        lock_exact: args.lock_exact,
        memory_labels: memories.iter().map(|m| m.label.clone()).collect(),
    };
    let out = AtomicFile::create(&args.out)?;
    // a document's review file: its name with .xlf for its extension
    let review_path = document.then(|| match args.out.extension() {
        Some(e) if e.eq_ignore_ascii_case("xlf") => args.out.with_extension("xlf.xlf"),
        _ => args.out.with_extension("xlf"),
    });
    let report = match &review_path {
        None => {
            let (out, report) = pretranslate(&args.file, &mut analyzer, &options, out)?;
            out.commit()?;
            report
        }
        Some(review_path) => {
            let review = AtomicFile::create(review_path)?;
            let (out, review, report) = pretranslate_document(&args.file, &mut analyzer, &options, out, review)?;
            out.commit()?;
            review.commit()?;
            report
        }
    };

    let mut shown = stdout();
    let filled: Vec<(String, u64)> = scheme.bands.iter().zip(&report.filled).map(|((band, _), n)| (band.name(), *n)).collect();
    match args.format {
        OutputFormat::Json => json_line(
            &mut shown,
            &JsonReport {
                file: args.file.display().to_string(),
                out: args.out.display().to_string(),
                review: review_path.as_ref().map(|p| p.display().to_string()),
                segments: report.segments,
                filled,
                filled_total: report.filled_total(),
                already_translated: report.already_translated,
                no_match: report.no_match,
                codes_not_mapped: report.codes_not_mapped,
            },
        )?,
        OutputFormat::Text => {
            let file = super::terminal::printable(&args.out.display().to_string()).into_owned();
            writeln!(shown, "{file}: {} of {} segments filled (at {}% or more)", report.filled_total(), report.segments, args.min_score)?;
            for ((band, _), n) in scheme.bands.iter().zip(&report.filled).filter(|(_, n)| **n > 0) {
                writeln!(shown, "  {:<15} {n:>7}", band.label())?;
            }
            writeln!(shown, "left empty: {} with no match at {}% or more", report.no_match, args.min_score)?;
            if report.codes_not_mapped > 0 {
                writeln!(shown, "left empty: {} whose match has inline codes the source lacks", report.codes_not_mapped)?;
            }
            if report.already_translated > 0 {
                writeln!(shown, "kept: {} translated already", report.already_translated)?;
            }
            if let Some(review) = &review_path {
                writeln!(shown, "to review: {}", super::terminal::printable(&review.display().to_string()))?;
            }
        }
    }
    shown.flush()?;
    Ok(ExitCode::SUCCESS)
}
