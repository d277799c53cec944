//! `dragoman analyze`: a job's segments, words and characters by match
//! band against the memories, per file and in total, as a text table,
//! JSON or CSV, and as a self-contained HTML report with a bar chart.
//! The counting is in [`dragoman::documents`].

use super::output::{AtomicFile, Output};
use super::settings::MemoryChoice;
use super::terminal::printable;
use super::{open_memory_for_queries, parse_lang};
use anyhow::Context;
use dragoman::documents::analysis::{Analyzer, FileAnalysis};
use dragoman::documents::{BandScheme, Job, JobFormat, po_languages};
use dragoman::fuzzy::Matcher;
use dragoman::lang::Lang;
use dragoman::memory::Memory;
use dragoman::text::escape_html;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The job files: XLIFF 1.2, 2.0/2.1 or PO.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Language of the sources (default: the file's; PO files do not say,
    /// give it for them).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Language of the translations (default: the file's).
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
    /// The bands and their weights, e.g.
    /// "context=0,100=0.25,repetitions=0.25,95-99=0.5,85-94=0.6,75-84=0.8,50-74=1,none=1"
    /// (default: the config file's [analysis] bands, else this list).
    #[arg(long, value_parser = parse_scheme)]
    bands: Option<BandScheme>,
    /// How to print the analysis.
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
    /// Also write the analysis as a self-contained HTML page to this file.
    #[arg(long, value_name = "FILE.html")]
    html: Option<PathBuf>,
    /// Threads the look-ups are shared out over, each with its own
    /// connections to the memories (default: one per core).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

/// How the analysis is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
    Csv,
}

fn parse_scheme(value: &str) -> Result<BandScheme, String> {
    BandScheme::parse(value)
}

/// The band scheme: the flag's, else the config file's, else the default.
pub fn scheme_of(given: Option<BandScheme>, configured: Option<(String, PathBuf, usize)>) -> anyhow::Result<BandScheme> {
    if let Some(scheme) = given {
        return Ok(scheme);
    }
    match configured {
        Some((written, file, line)) => {
            BandScheme::parse(&written).map_err(|problem| anyhow::anyhow!("{}: line {line}: [analysis] bands: {problem}", file.display()))
        }
        None => Ok(BandScheme::default()),
    }
}

/// The languages a job's segments are looked up in: the flags', else the
/// file's; a PO file's source language must be given unless its header
/// has `X-Source-Language`.
pub fn languages_of(job: &mut Job, path: &Path, src: Option<&Lang>, tgt: Option<&Lang>) -> anyhow::Result<(Lang, Option<Lang>)> {
    let (file_src, file_tgt) = match job.format() {
        JobFormat::Po => po_languages(path)?,
        JobFormat::Xliff(_) | JobFormat::Document(_) => job.languages(),
    };
    let parsed = |tag: Option<String>, what: &str| -> anyhow::Result<Option<Lang>> {
        tag.map(|t| Lang::parse(&t).map_err(|e| anyhow::anyhow!("{}: {what} '{}': {e}", path.display(), printable(&t)))).transpose()
    };
    let src_lang = match src {
        Some(lang) => lang.clone(),
        None => parsed(file_src, "source language")?
            .with_context(|| format!("{}: the file does not say its source language; give it with --src-lang", path.display()))?,
    };
    let tgt_lang = match tgt {
        Some(lang) => Some(lang.clone()),
        None => parsed(file_tgt, "target language")?,
    };
    // a Word file or HTML page is cut into sentences by its source language's rules
    job.set_source_language(&src_lang);
    Ok((src_lang, tgt_lang))
}

/// How many segments are looked up at once: shared out over the
/// threads, so a few hundred per thread keep the threads' wait for the
/// slowest share short while what is held stays small.
pub const BATCH: usize = 1024;

/// Further connections to the memories for the look-up threads past the
/// first: `jobs - 1` sets (`jobs` given, else one thread per core).
pub fn worker_connections(memories: &[MemoryChoice], jobs: Option<u16>) -> anyhow::Result<Vec<Vec<Memory>>> {
    let threads = jobs.map_or_else(dragoman::pool::default_jobs, usize::from);
    (1..threads).map(|_| memories.iter().map(|m| open_memory_for_queries(&m.location)).collect()).collect()
}

pub fn run(args: Args, memories: &[MemoryChoice], configured: Option<(String, PathBuf, usize)>) -> anyhow::Result<ExitCode> {
    let scheme = scheme_of(args.bands.clone(), configured)?;
    let opened = memories.iter().map(|m| open_memory_for_queries(&m.location)).collect::<anyhow::Result<Vec<Memory>>>()?;
    let refs: Vec<&Memory> = opened.iter().collect();
    let mut analyzer = Analyzer::new(&refs, Matcher::default(), scheme.clone()).with_workers(worker_connections(memories, args.jobs)?);
    let mut files = Vec::new();
    let mut total = FileAnalysis::new("total", &scheme);
    for path in &args.files {
        let mut job = Job::open(path)?;
        let (src_lang, tgt_lang) = languages_of(&mut job, path, args.src_lang.as_ref(), args.tgt_lang.as_ref())?;
        analyzer.set_languages(Some(src_lang), tgt_lang);
        let format = job.format();
        let mut analysis = FileAnalysis::new(&path.display().to_string(), &scheme);
        loop {
            let batch = job.by_ref().take(BATCH).collect::<Result<Vec<_>, _>>()?;
            if batch.is_empty() {
                break;
            }
            for assessed in analyzer.assess(batch)? {
                analysis.count(&scheme, &assessed);
            }
        }
        total.add(&analysis);
        files.push((analysis, format));
    }
    if let Some(html) = &args.html {
        let mut page = AtomicFile::create(html)?;
        page.write_all(html_report(&files, &total, &scheme).as_bytes()).with_context(|| format!("{}: cannot write", html.display()))?;
        page.commit()?;
    }
    let mut out = Output::create(None)?;
    match args.format {
        ReportFormat::Text => write_text(&mut out, &files, &total, &scheme)?,
        ReportFormat::Json => {
            let report = JsonReport {
                files: files.iter().map(|(a, f)| json_file(a, Some(f.name()), &scheme)).collect(),
                total: json_file(&total, None, &scheme),
            };
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ReportFormat::Csv => write_csv(&mut out, &files, &total, &scheme)?,
    }
    out.commit()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct JsonReport {
    files: Vec<JsonFile>,
    total: JsonFile,
}

#[derive(Serialize)]
struct JsonFile {
    file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    bands: Vec<JsonBand>,
    segments: u64,
    words: u64,
    characters: u64,
    weighted_words: f64,
}

#[derive(Serialize)]
struct JsonBand {
    band: String,
    label: String,
    weight: f64,
    segments: u64,
    words: u64,
    characters: u64,
}

fn json_file(analysis: &FileAnalysis, format: Option<&'static str>, scheme: &BandScheme) -> JsonFile {
    JsonFile {
        file: analysis.file.clone(),
        format,
        bands: scheme
            .bands
            .iter()
            .zip(&analysis.per_band)
            .map(|((band, weight), t)| JsonBand {
                band: band.name(),
                label: band.label(),
                weight: *weight,
                segments: t.segments,
                words: t.words,
                characters: t.characters,
            })
            .collect(),
        segments: analysis.total.segments,
        words: analysis.total.words,
        characters: analysis.total.characters,
        weighted_words: round2(analysis.weighted_words(scheme)),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn write_text(out: &mut impl Write, files: &[(FileAnalysis, JobFormat)], total: &FileAnalysis, scheme: &BandScheme) -> anyhow::Result<()> {
    let mut table = |analysis: &FileAnalysis, title: String| -> anyhow::Result<()> {
        writeln!(out, "{title}")?;
        writeln!(out, "  {:<15} {:>9} {:>9} {:>11} {:>7} {:>9}", "band", "segments", "words", "characters", "weight", "weighted")?;
        for ((band, weight), t) in scheme.bands.iter().zip(&analysis.per_band) {
            writeln!(
                out,
                "  {:<15} {:>9} {:>9} {:>11} {:>7} {:>9.1}",
                band.label(),
                t.segments,
                t.words,
                t.characters,
                weight,
                t.words as f64 * weight
            )?;
        }
        let t = &analysis.total;
        writeln!(
            out,
            "  {:<15} {:>9} {:>9} {:>11} {:>7} {:>9.1}\n",
            "total",
            t.segments,
            t.words,
            t.characters,
            "",
            analysis.weighted_words(scheme)
        )?;
        Ok(())
    };
    for (analysis, format) in files {
        table(analysis, format!("{} ({})", printable(&analysis.file), format.name()))?;
    }
    if files.len() > 1 {
        table(total, format!("all {} files", files.len()))?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, files: &[(FileAnalysis, JobFormat)], total: &FileAnalysis, scheme: &BandScheme) -> anyhow::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["file", "band", "segments", "words", "characters", "weight", "weighted_words"])?;
    for analysis in files.iter().map(|(a, _)| a).chain(std::iter::once(total)) {
        for ((band, weight), t) in scheme.bands.iter().zip(&analysis.per_band) {
            let row = [t.segments.to_string(), t.words.to_string(), t.characters.to_string()];
            csv.write_record([
                analysis.file.as_str(),
                &band.name(),
                &row[0],
                &row[1],
                &row[2],
                &weight.to_string(),
                &round2(t.words as f64 * weight).to_string(),
            ])?;
        }
        let t = &analysis.total;
        let weighted = round2(analysis.weighted_words(scheme)).to_string();
        csv.write_record([
            &analysis.file,
            "total",
            &t.segments.to_string(),
            &t.words.to_string(),
            &t.characters.to_string(),
            "",
            &weighted,
        ])?;
    }
    csv.flush()?;
    Ok(())
}

/// Bar colours, one per band in order (then repeated): greens for
/// memory matches, amber for repetitions and fuzzy, grey for new words.
const COLOURS: [&str; 8] = ["#1b7837", "#5aae61", "#7b3294", "#a6dba0", "#fdb863", "#e08214", "#b35806", "#999999"];

/// A self-contained HTML page: one table and one SVG bar chart of words
/// per band for each file and the total; every text escaped.
fn html_report(files: &[(FileAnalysis, JobFormat)], total: &FileAnalysis, scheme: &BandScheme) -> String {
    let mut page = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dragoman analysis</title>\n<style>\
         body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1em}\
         td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}td:first-child,th:first-child{text-align:left}\
         .swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em}</style></head><body>\n<h1>Analysis</h1>\n",
    );
    let mut section = |analysis: &FileAnalysis, title: &str| {
        page.push_str(&format!("<h2>{}</h2>\n", escape_html(title)));
        let width = 600.0;
        let bar = 22.0;
        let height = bar * scheme.bands.len() as f64;
        let most = analysis.per_band.iter().map(|t| t.words).max().unwrap_or(0).max(1) as f64;
        page.push_str(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"words per band\">\n",
            width + 260.0
        ));
        for (i, ((band, _), t)) in scheme.bands.iter().zip(&analysis.per_band).enumerate() {
            let y = i as f64 * bar;
            let w = t.words as f64 / most * width;
            page.push_str(&format!(
                "<text x=\"0\" y=\"{}\" font-size=\"13\">{}</text><rect x=\"120\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"/>\
                 <text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{}</text>\n",
                y + 15.0,
                escape_html(&band.label()),
                y + 3.0,
                bar - 6.0,
                COLOURS[i % COLOURS.len()],
                125.0 + w,
                y + 15.0,
                t.words
            ));
        }
        page.push_str("</svg>\n<table><tr><th>band</th><th>segments</th><th>words</th><th>characters</th><th>weight</th><th>weighted words</th></tr>\n");
        for (i, ((band, weight), t)) in scheme.bands.iter().zip(&analysis.per_band).enumerate() {
            page.push_str(&format!(
                "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{weight}</td><td>{:.1}</td></tr>\n",
                COLOURS[i % COLOURS.len()],
                escape_html(&band.label()),
                t.segments,
                t.words,
                t.characters,
                t.words as f64 * weight
            ));
        }
        let t = &analysis.total;
        page.push_str(&format!(
            "<tr><th>total</th><th>{}</th><th>{}</th><th>{}</th><th></th><th>{:.1}</th></tr></table>\n",
            t.segments,
            t.words,
            t.characters,
            analysis.weighted_words(scheme)
        ));
    };
    for (analysis, format) in files {
        section(analysis, &format!("{} ({})", analysis.file, format.name()));
    }
    if files.len() > 1 {
        section(total, &format!("All {} files", files.len()));
    }
    page.push_str("</body></html>\n");
    page
}
