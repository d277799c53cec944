//! `dragoman import`: aligned pairs from CSV or TSV into the memory, in
//! one transaction: a file with a bad record adds nothing.

use super::{OutputFormat, json_line, open_memory, parse_lang, stdout};
use anyhow::Context;
use dragoman::formats::delimited::{Columns, read_pairs};
use dragoman::formats::{Format, Pair};
use dragoman::lang::Lang;
use dragoman::memory::NewUnit;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to import: CSV, or TSV by extension (.tsv, .tab).
    file: PathBuf,
    /// Source language (default: detected from the source column).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Target language (default: detected from the target column).
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
    /// The source column, by header name (any case) or 1-based number.
    #[arg(long, default_value = "source")]
    source_column: String,
    /// The target column, by header name (any case) or 1-based number.
    #[arg(long, default_value = "target")]
    target_column: String,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, Default, Serialize)]
struct Report {
    file: String,
    added: usize,
    duplicates: usize,
    rejected: Vec<Rejection>,
}

#[derive(Debug, Serialize)]
struct Rejection {
    record: u64,
    line: u64,
    reason: String,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let file_name = args.file.display().to_string();
    let columns = Columns { source: args.source_column.clone(), target: args.target_column.clone() };
    let format = Format::from_path(&args.file);
    let open = || std::fs::File::open(&args.file).with_context(|| format!("{file_name}: cannot open"));
    // Read everything first: a bad record must fail before the memory is touched.
    let pairs: Vec<Pair> = read_pairs(std::io::BufReader::new(open()?), &file_name, format, &columns)?.collect::<Result<_, _>>()?;
    let src_lang = decide_lang(args.src_lang, &pairs, |p| &p.source, &file_name, "--src-lang")?;
    let tgt_lang = decide_lang(args.tgt_lang, &pairs, |p| &p.target, &file_name, "--tgt-lang")?;

    let mut memory = open_memory(memory_path)?;
    let mut writer = memory.writer()?;
    let mut report = Report { file: file_name.clone(), ..Report::default() };
    for pair in &pairs {
        if pair.source.trim().is_empty() || pair.target.trim().is_empty() {
            let side = if pair.source.trim().is_empty() { "source" } else { "target" };
            report.rejected.push(Rejection { record: pair.record, line: pair.line, reason: format!("empty {side}") });
            continue;
        }
        let mut unit = NewUnit::new(src_lang.clone(), tgt_lang.clone(), &pair.source, &pair.target, &file_name);
        unit.locator = pair.record.to_string();
        if writer.add(&unit)?.is_added() {
            report.added += 1;
        } else {
            report.duplicates += 1;
        }
    }
    writer.commit()?;

    let mut out = stdout();
    match args.format {
        OutputFormat::Json => json_line(&mut out, &report)?,
        OutputFormat::Text => {
            writeln!(
                out,
                "{file_name}: {} pairs added, {} skipped as duplicates, {} rejected ({src_lang} → {tgt_lang}, memory {})",
                report.added,
                report.duplicates,
                report.rejected.len(),
                memory_path.display()
            )?;
            for r in &report.rejected {
                writeln!(out, "  {file_name}: record {} (line {}): {}", r.record, r.line, r.reason)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The flag's language, else the one the column's text shows.
fn decide_lang(flag: Option<Lang>, pairs: &[Pair], side: impl Fn(&Pair) -> &String, file: &str, flag_name: &str) -> anyhow::Result<Lang> {
    if let Some(lang) = flag {
        return Ok(lang);
    }
    let sample: String = pairs.iter().take(200).map(|p| side(p).as_str()).collect::<Vec<_>>().join("\n");
    Lang::detect(&sample).with_context(|| format!("{file}: cannot tell the language of the column; give {flag_name}"))
}
