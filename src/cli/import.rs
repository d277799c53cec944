//! `dragoman import`: pairs from TMX, CSV or TSV, and the finished
//! segments of a translated XLIFF (1.2 with its SDLXLIFF and MQXLIFF
//! flavours, 2.0/2.1) or PO file, into the memory, read as a stream and
//! stored in one transaction: a file that fails, or an import that is
//! killed, adds nothing; importing it again adds nothing new. Another
//! process's write is waited for (`--wait`). The file (or standard input,
//! `-`) is told by its content; a file of another kind (TBX, Word …) is
//! named for what it is.

use super::terminal::printable;
use super::{OutputFormat, json_line, parse_lang, stdout};
use anyhow::Context;
use dragoman::formats::import::{ImportError, ImportOptions, Progress, Setting};
use dragoman::formats::report::ImportReport as Report;
use dragoman::lang::Lang;
use indicatif::{HumanDuration, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to import, `-` for standard input: TMX, CSV, TSV, XLIFF
    /// (1.2, SDLXLIFF, MQXLIFF, 2.0/2.1) or PO, told by the content
    /// (separator detected).
    #[arg(required_unless_present_any = ["undo", "list"])]
    file: Option<PathBuf>,
    /// Undo an import batch (its id as the import's report gives it):
    /// remove the units it added, put back those it updated.
    #[arg(long, value_name = "BATCH", conflicts_with_all = ["file", "list"])]
    undo: Option<i64>,
    /// List the import batches: id, file, when, who, added and updated counts.
    #[arg(long, conflicts_with = "file")]
    list: bool,
    /// Source language: the TMX tuv to take, or the CSV column's language
    /// (default: the TMX header's srclang, a CSV header naming it, or detected).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Target language (default: the other language of the first TMX unit,
    /// a CSV header naming it, or detected). `all` (TMX): every language
    /// of each unit other than the source, one pair each.
    #[arg(long = "tgt-lang", value_parser = parse_target)]
    target: Option<Target>,
    /// The target language given, if one is (set from `target`).
    #[arg(skip)]
    tgt_lang: Option<Lang>,
    /// CSV/TSV source column, by header name (any case) or 1-based number
    /// (default: source, src, or the column named by the source language).
    #[arg(long)]
    source_column: Option<String>,
    /// CSV/TSV target column, like --source-column (default: target, tgt, …).
    #[arg(long)]
    target_column: Option<String>,
    /// The CSV/TSV file has no header row (columns 1 and 2 unless given).
    #[arg(long)]
    no_header: bool,
    /// CSV/TSV fields are never quoted: `"` is text (TSV as Unix tools write it).
    #[arg(long)]
    no_quotes: bool,
    /// List and skip CSV records with the wrong number of fields or a stray
    /// or unterminated quote instead of failing.
    #[arg(long)]
    skip_bad: bool,
    /// XLIFF and PO: also import segments that are not finished (XLIFF
    /// 1.2 state other than translated/final/signed-off and not approved,
    /// 2.x initial, PO fuzzy), as long as they have a target.
    #[arg(long)]
    include_unfinished: bool,
    /// Seconds to wait for another process writing to the memory.
    #[arg(long, default_value_t = 600)]
    wait: u64,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

/// What `--tgt-lang` asks for.
#[derive(Debug, Clone)]
enum Target {
    Lang(Lang),
    /// Every language a TMX unit has besides the source.
    All,
}

fn parse_target(tag: &str) -> Result<Target, String> {
    if tag.eq_ignore_ascii_case("all") { Ok(Target::All) } else { parse_lang(tag).map(Target::Lang) }
}

pub fn run(mut args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    if let Some(Target::Lang(lang)) = &args.target {
        args.tgt_lang = Some(lang.clone());
    }
    if let Some(batch) = args.undo {
        return undo(batch, args.format, memory_path);
    }
    if args.list {
        return list_batches(args.format, memory_path);
    }
    let path = args.file.clone().expect("clap requires a file without --undo or --list");
    let stdin = path.as_os_str() == "-";
    let file_name = if stdin { "standard input".to_string() } else { path.display().to_string() };
    let (file, size): (Box<dyn Read>, Option<u64>) = if stdin {
        (Box::new(std::io::stdin()), None)
    } else {
        let file = std::fs::File::open(&path).with_context(|| format!("{file_name}: cannot open"))?;
        let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        (Box::new(file), size)
    };
    let progress = progress_bar(size);
    let bar = Arc::new(Bar(progress.clone()));
    let report = dragoman::formats::import::import(&options(&args), file_name, file, memory_path, dragoman::fuzzy::index_keys(), bar)
        .map_err(reported)?;
    progress.finish_and_clear();
    print_report(&report, args.format, memory_path)?;
    Ok(ExitCode::SUCCESS)
}

/// The import's settings as `args` give them.
fn options(args: &Args) -> ImportOptions {
    ImportOptions {
        src_lang: args.src_lang.clone(),
        tgt_lang: args.tgt_lang.clone(),
        all_targets: matches!(args.target, Some(Target::All)),
        source_column: args.source_column.clone(),
        target_column: args.target_column.clone(),
        no_header: args.no_header,
        no_quotes: args.no_quotes,
        skip_bad: args.skip_bad,
        include_unfinished: args.include_unfinished,
        wait: Duration::from_secs(args.wait),
        names: flag,
    }
}

/// The flag that gives an import setting.
fn flag(setting: Setting) -> &'static str {
    match setting {
        Setting::SrcLang => "--src-lang",
        Setting::TgtLang => "--tgt-lang",
        Setting::AllTargets => "--tgt-lang all",
        Setting::Columns => "--source-column/--target-column",
    }
}

/// An import error as the command line reports it (a memory or format
/// error as itself, so that it is told apart as before).
fn reported(error: ImportError) -> anyhow::Error {
    match error {
        ImportError::Memory(error) => error.into(),
        ImportError::Format(error) => error.into(),
        error => error.into(),
    }
}

/// The progress bar, as the import reports its progress.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn read(&self, bytes: u64) {
        self.0.inc(bytes);
    }

    fn stored(&self, pairs: u64, rate: u64) {
        self.0.set_message(format!("{} pairs, {} pairs/s", grouped(pairs), grouped(rate)));
    }
}

/// A progress bar on standard error, drawn only on a terminal: bytes read
/// of the file's size (a spinner for standard input), with the pairs
/// stored and their rate in the message (see [`store`]) and the time left.
fn progress_bar(size: Option<u64>) -> ProgressBar {
    let progress = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr());
    let template = if size.is_some() { "{bar:40} {bytes}/{total_bytes} {msg} {eta_left}" } else { "{spinner} {bytes} {msg} {elapsed}" };
    let style = ProgressStyle::with_template(template).expect("valid template").with_key(
        "eta_left",
        |state: &ProgressState, out: &mut dyn std::fmt::Write| {
            let _ = write!(out, "{:#} left", HumanDuration(state.eta()));
        },
    );
    progress.set_style(style);
    progress
}

/// `1234567` → `1,234,567`: the pairs and rate of the progress bar.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn print_report(report: &Report, format: OutputFormat, memory_path: &Path) -> anyhow::Result<()> {
    let mut out = stdout();
    match format {
        OutputFormat::Json => json_line(&mut out, report)?,
        OutputFormat::Text => {
            // the pairs stored, with counts when there are several
            let languages = match report.pairs.as_slice() {
                [] | [_] => format!("{} → {}", printable(&report.src_lang), printable(&report.tgt_lang)),
                pairs => pairs
                    .iter()
                    .map(|p| format!("{} → {} {}", printable(&p.src_lang), printable(&p.tgt_lang), p.units))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            let file = printable(&report.file);
            writeln!(
                out,
                "{}: {} {} added, {} skipped as duplicates, {} updated, {} rejected ({languages}, memory {}, batch {})",
                file,
                report.added,
                if report.added == 1 { "pair" } else { "pairs" },
                report.duplicates,
                report.updated,
                report.rejected,
                printable(&super::shown_memory(memory_path)),
                report.batch.map_or_else(|| "none".to_string(), |b| b.to_string())
            )?;
            const SHOWN: usize = 20;
            for lines in [&report.rejections, &report.dropped] {
                for r in lines.iter().take(SHOWN) {
                    writeln!(out, "  {file}: {}: {}", r.place(), printable(&r.reason))?;
                }
                if lines.len() > SHOWN {
                    writeln!(out, "  … and {} more (see --format json)", lines.len() - SHOWN)?;
                }
            }
            for (class, n) in &report.skipped {
                writeln!(out, "  skipped: {n} {} ({})", if *n == 1 { "segment" } else { "segments" }, printable(class))?;
            }
            if report.unfinished_skipped {
                writeln!(out, "  (import again with --include-unfinished to add the unfinished segments too)")?;
            }
            if let Some((first, _)) = report.other_languages.iter().next() {
                let counts: Vec<String> = report
                    .other_languages
                    .iter()
                    .map(|(lang, n)| format!("{} in {n} {}", printable(lang), if *n == 1 { "unit" } else { "units" }))
                    .collect();
                writeln!(
                    out,
                    "  other languages not imported: {} (import again with --src-lang {} --tgt-lang {} to add them, or --tgt-lang all for every pair)",
                    counts.join(", "),
                    printable(&report.src_lang),
                    printable(first)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// `import --undo BATCH`.
fn undo(batch: i64, format: OutputFormat, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let mut memory = super::open_existing_memory(memory_path)?;
    let undone = memory.undo_batch(batch, super::settings::author().as_deref())?;
    let mut out = stdout();
    match format {
        OutputFormat::Json => json_line(&mut out, &undone)?,
        OutputFormat::Text => writeln!(
            out,
            "import batch {batch} undone: {} added units removed, {} updated units put back as they were",
            undone.removed, undone.restored
        )?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `import --list` (and `dragoman history`): the import batches.
pub fn list_batches(format: OutputFormat, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let memory = super::open_memory_for_reading(memory_path)?;
    let batches = memory.batches()?;
    let mut out = stdout();
    match format {
        OutputFormat::Json => json_line(&mut out, &batches)?,
        OutputFormat::Text => {
            for b in &batches {
                let who = b.who.as_deref().map(printable).unwrap_or_else(|| "unknown".into());
                let undone = b.undone_at.as_deref().map(|at| format!("  undone {}", printable(at))).unwrap_or_default();
                writeln!(out, "{:>5}  {}  {who}  +{} ~{}  {}{undone}", b.id, printable(&b.at), b.added, b.updated, printable(&b.file))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the rate was shown as a raw float ("9,969,403.5447/s").
    #[test]
    fn progress_counts_are_whole_numbers_grouped_by_thousands() {
        let shown: Vec<String> = [0, 7, 999, 1000, 212_863, 9_969_403].into_iter().map(grouped).collect();
        assert_eq!(shown, ["0", "7", "999", "1,000", "212,863", "9,969,403"]);
    }
}
