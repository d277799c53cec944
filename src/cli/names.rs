//! `dragoman names`: variant clusters, names in documents, and the house
//! style (prefer, import, list, export, check, fix).

use super::output::{AtomicFile, is_standard_stream};
use super::terminal::printable;
use super::{OutputFormat, json_line, open_memory, open_memory_for_reading, read_text, read_text_and_bom, stdout};
use anyhow::Context;
use dragoman::formats::values::{TextKind, check_value};
use dragoman::names::{self, HouseStyle, scan};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: NamesCommand,
}

impl Args {
    /// Whether exit code 1 means "found something" (`names check`).
    pub fn reports_findings(&self) -> bool {
        matches!(self.command, NamesCommand::Check(_))
    }
}

#[derive(Debug, clap::Subcommand)]
enum NamesCommand {
    /// Group names (one a line) into clusters of spellings of one name.
    Cluster(ClusterArgs),
    /// Find the names in documents and group their spellings.
    Scan(ScanArgs),
    /// Make a spelling the house style for its name.
    Prefer(PreferArgs),
    /// Add a house-style CSV (`preferred,variant…`) to the memory.
    Import(ImportArgs),
    /// Show the house style stored in the memory.
    List(ListArgs),
    /// Write the house style as CSV (or JSON lines).
    Export(ExportArgs),
    /// Report names spelled against the house style (exit 1 if any, 2 on an error).
    Check(CheckArgs),
    /// Rewrite names to the house style.
    Fix(FixArgs),
}

#[derive(Debug, clap::Args)]
struct ClusterArgs {
    /// One name a line (`-` or nothing: standard input).
    #[arg(default_value = "-")]
    file: PathBuf,
    /// Output: one cluster a line (spellings separated by " | "), or
    /// JSON lines {"variants":[…]}.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
struct ScanArgs {
    /// The documents to scan.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Show every name found, not only those spelled more than one way.
    #[arg(long)]
    all: bool,
    /// Output: grouped for reading, or JSON lines, one cluster each.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
struct PreferArgs {
    /// The preferred spelling, e.g. "Isma'il Haniya".
    name: String,
    /// Other spellings of the name to list with it.
    #[arg(long = "variant")]
    variants: Vec<String>,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// CSV file: `preferred,variant,variant…` a row; header optional
    /// (`-`: standard input).
    file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
enum ExportFormat {
    /// `preferred,variant…`, what `names import` reads.
    #[default]
    Csv,
    /// JSON lines {"preferred","variants"}.
    Json,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    #[arg(long, value_enum, default_value_t)]
    format: ExportFormat,
}

#[derive(Debug, clap::Args)]
struct StyleSource {
    /// Use this house-style CSV instead of the one in the memory (`-`:
    /// standard input).
    #[arg(long)]
    style: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// The documents to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    source: StyleSource,
    /// Output: `file:line:column: found -> preferred (house style)`, or
    /// JSON lines.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, clap::Args)]
struct FixArgs {
    /// The documents to rewrite.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Rewrite the files themselves; otherwise the rewritten text goes to
    /// standard output and the list of changes to standard error.
    #[arg(long)]
    in_place: bool,
    #[command(flatten)]
    source: StyleSource,
    /// How the changes are listed: `file:line:column: found -> new`, or
    /// JSON lines.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    match args.command {
        NamesCommand::Cluster(a) => cluster(a),
        NamesCommand::Scan(a) => scan_files(a),
        NamesCommand::Prefer(a) => prefer(a, memory_path),
        NamesCommand::Import(a) => import(a, memory_path),
        NamesCommand::List(a) => list(a, memory_path),
        NamesCommand::Export(a) => export(a, memory_path),
        NamesCommand::Check(a) => check(a, memory_path),
        NamesCommand::Fix(a) => fix(a, memory_path),
    }
}

#[derive(Serialize)]
struct ClusterOut<'a> {
    variants: Vec<&'a str>,
}

fn cluster(args: ClusterArgs) -> anyhow::Result<ExitCode> {
    let text = read_text(&args.file)?;
    let names: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let clusters = names::cluster(&names, names::SAME_NAME_THRESHOLD);
    let mut out = stdout();
    for members in clusters {
        let variants: Vec<&str> = members.iter().map(|&i| names[i]).collect();
        match args.format {
            OutputFormat::Text => writeln!(out, "{}", printable(&variants.join(" | ")))?,
            OutputFormat::Json => json_line(&mut out, &ClusterOut { variants })?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize, Clone)]
struct Place {
    file: String,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Spelling {
    spelling: String,
    count: usize,
    places: Vec<Place>,
}

#[derive(Serialize)]
struct ScanCluster {
    mentions: usize,
    variants: Vec<Spelling>,
}

fn scan_files(args: ScanArgs) -> anyhow::Result<ExitCode> {
    // spelling (as written, whitespace normalised) → places
    let mut spellings: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for file in &args.files {
        let text = read_text(file)?;
        for mention in scan::find_names(&text) {
            let spelled = mention.text(&text).split_whitespace().collect::<Vec<_>>().join(" ");
            let place = Place { file: file.display().to_string(), line: mention.line, column: mention.column };
            spellings
                .entry(spelled.clone())
                .or_insert_with(|| {
                    order.push(spelled.clone());
                    Vec::new()
                })
                .push(place);
        }
    }
    let clusters = names::cluster(&order, names::SAME_NAME_THRESHOLD);
    let mut out_clusters: Vec<ScanCluster> = clusters
        .into_iter()
        .map(|members| {
            let mut variants: Vec<Spelling> = members
                .iter()
                .map(|&i| {
                    let places = spellings[&order[i]].clone();
                    Spelling { spelling: order[i].clone(), count: places.len(), places }
                })
                .collect();
            variants.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.spelling.cmp(&b.spelling)));
            ScanCluster { mentions: variants.iter().map(|v| v.count).sum(), variants }
        })
        .filter(|c| args.all || distinct_spellings(c) > 1)
        .collect();
    out_clusters.sort_by(|a, b| distinct_spellings(b).cmp(&distinct_spellings(a)).then(b.mentions.cmp(&a.mentions)));
    let mut out = stdout();
    for c in &out_clusters {
        match args.format {
            OutputFormat::Json => json_line(&mut out, c)?,
            OutputFormat::Text => {
                let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
                let first = printable(&c.variants[0].spelling);
                writeln!(out, "{first} ({}, {})", plural(c.variants.len(), "spelling"), plural(c.mentions, "mention"))?;
                for v in &c.variants {
                    let places: Vec<String> = v.places.iter().map(|p| format!("{}:{}:{}", printable(&p.file), p.line, p.column)).collect();
                    writeln!(out, "  {:<28} {:>3}  {}", printable(&v.spelling), v.count, places.join(" "))?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Spellings that differ in more than case (DOHA and Doha are one).
fn distinct_spellings(c: &ScanCluster) -> usize {
    let mut seen: Vec<String> = c.variants.iter().map(|v| v.spelling.to_lowercase()).collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

fn write_style_summary(style: &HouseStyle, name: &str, format: OutputFormat) -> anyhow::Result<()> {
    let mut out = stdout();
    if let Some(entry) = style.entries().iter().find(|e| e.preferred == name) {
        match format {
            OutputFormat::Json => json_line(&mut out, entry)?,
            // a bare "Name: " would read as if the variants had been lost
            OutputFormat::Text if entry.variants.is_empty() => writeln!(out, "{} (no variants yet)", printable(&entry.preferred))?,
            OutputFormat::Text => writeln!(out, "{}: {}", printable(&entry.preferred), printable(&entry.variants.join(", ")))?,
        }
    }
    out.flush()?;
    Ok(())
}

fn prefer(args: PreferArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let name = args.name.split_whitespace().collect::<Vec<_>>().join(" ");
    anyhow::ensure!(!name.is_empty(), "names prefer: the name is empty");
    // refused at the door, as names import refuses them
    check_value(&args.name, "the name", TextKind::Line).map_err(|problem| anyhow::anyhow!("names prefer: {problem}"))?;
    for (k, variant) in args.variants.iter().enumerate() {
        check_value(variant, &format!("variant {}", k + 1), TextKind::Line)
            .map_err(|problem| anyhow::anyhow!("names prefer: {problem}"))?;
    }
    let mut memory = open_memory(memory_path)?;
    let mut style = HouseStyle::load(&memory)?;
    let variants: Vec<&str> = args.variants.iter().map(String::as_str).collect();
    style.prefer(&name, &variants);
    style.save(&mut memory)?;
    write_style_summary(&style, &name, args.format)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ImportSummary<'a> {
    file: &'a str,
    rows: usize,
    entries: usize,
}

fn import(args: ImportArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let bytes = read_bytes(&args.file)?;
    let origin = args.file.display().to_string();
    // read it whole before touching the memory: a bad row changes nothing
    let rows = HouseStyle::read_rows(&bytes, &origin)?;
    let mut memory = open_memory(memory_path)?;
    let mut style = HouseStyle::load(&memory)?;
    style.merge_rows(&rows);
    let rows = rows.len();
    style.save(&mut memory)?;
    let summary = ImportSummary { file: &origin, rows, entries: style.entries().len() };
    let mut out = stdout();
    match args.format {
        OutputFormat::Json => json_line(&mut out, &summary)?,
        OutputFormat::Text => writeln!(out, "{}: {} rows read; the house style has {} names", summary.file, rows, summary.entries)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn list(args: ListArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let style = HouseStyle::load(&open_memory_for_reading(memory_path)?)?;
    let mut out = stdout();
    for entry in style.entries() {
        match args.format {
            OutputFormat::Json => json_line(&mut out, entry)?,
            OutputFormat::Text if entry.variants.is_empty() => writeln!(out, "{}", printable(&entry.preferred))?,
            OutputFormat::Text => writeln!(out, "{}: {}", printable(&entry.preferred), printable(&entry.variants.join(", ")))?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let style = HouseStyle::load(&open_memory_for_reading(memory_path)?)?;
    let mut out = stdout();
    match args.format {
        ExportFormat::Csv => style.write_csv(&mut out)?,
        ExportFormat::Json => {
            for entry in style.entries() {
                json_line(&mut out, entry)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A file's bytes, or standard input's for `-`.
fn read_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    if is_standard_stream(path) {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).context("reading standard input")?;
        Ok(bytes)
    } else {
        std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))
    }
}

fn load_style(source: &StyleSource, memory_path: &Path, files: &[PathBuf]) -> anyhow::Result<HouseStyle> {
    let style = match &source.style {
        Some(path) if is_standard_stream(path) => {
            if files.iter().any(|f| is_standard_stream(f)) {
                anyhow::bail!("-: standard input can be the house style or a document, not both");
            }
            HouseStyle::parse_csv(&read_bytes(path)?, "-")?
        }
        Some(path) => HouseStyle::read_csv(path)?,
        None => HouseStyle::load(&open_memory_for_reading(memory_path)?)?,
    };
    if style.is_empty() {
        let origin = source.style.as_deref().unwrap_or(memory_path);
        anyhow::bail!("{}: no house style; add one with `dragoman names import FILE` or `dragoman names prefer NAME`", origin.display());
    }
    Ok(style)
}

#[derive(Serialize)]
struct Finding<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    found: &'a str,
    preferred: &'a str,
    replacement: &'a str,
}

fn write_finding<W: Write>(out: &mut W, file: &str, change: &names::Change, format: OutputFormat, arrow_to: &str) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => json_line(
            out,
            &Finding {
                file,
                line: change.line,
                column: change.column,
                found: &change.found,
                preferred: &change.preferred,
                replacement: &change.replacement,
            },
        ),
        OutputFormat::Text => {
            let (file, found, arrow_to) = (printable(file), printable(&change.found), printable(arrow_to));
            writeln!(out, "{file}:{}:{}: {found} -> {arrow_to} (house style)", change.line, change.column)?;
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct AmbiguousOut<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    found: &'a str,
    ambiguous: &'a [String],
}

/// A name written alone that several people of the house style bear,
/// spelled differently: left as it is, and said so.
fn write_ambiguous<W: Write>(out: &mut W, file: &str, found: &names::style::Ambiguous, format: OutputFormat) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => json_line(
            out,
            &AmbiguousOut { file, line: found.line, column: found.column, found: &found.found, ambiguous: &found.candidates },
        ),
        OutputFormat::Text => {
            let candidates: Vec<String> = found.candidates.iter().map(|c| printable(c).to_string()).collect();
            writeln!(
                out,
                "{}:{}:{}: {}: ambiguous ({}); left as it is",
                printable(file),
                found.line,
                found.column,
                printable(&found.found),
                candidates.join(" | ")
            )?;
            Ok(())
        }
    }
}

fn check(args: CheckArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let style = load_style(&args.source, memory_path, &args.files)?;
    let mut out = stdout();
    let mut off_style = 0;
    for file in &args.files {
        let text = read_text(file)?;
        let name = file.display().to_string();
        let rewrite = style.rewrite(&text);
        for change in &rewrite.changes {
            off_style += 1;
            write_finding(&mut out, &name, change, args.format, &change.replacement)?;
        }
        for found in &rewrite.ambiguous {
            off_style += 1;
            write_ambiguous(&mut out, &name, found, args.format)?;
        }
    }
    out.flush()?;
    Ok(if off_style > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn fix(args: FixArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    if args.in_place && args.files.iter().any(|f| is_standard_stream(f)) {
        anyhow::bail!("-: standard input cannot be rewritten in place; leave out --in-place to write the text to standard output");
    }
    let style = load_style(&args.source, memory_path, &args.files)?;
    let mut out = stdout();
    let mut report = std::io::stderr().lock();
    for file in &args.files {
        let (text, bom) = read_text_and_bom(file)?;
        let name = file.display().to_string();
        let rewrite = style.rewrite(&text);
        if args.in_place {
            if !rewrite.changes.is_empty() {
                write_atomically(file, &rewrite.text, bom)?;
            }
            for change in &rewrite.changes {
                write_finding(&mut out, &name, change, args.format, &change.replacement)?;
            }
            for found in &rewrite.ambiguous {
                write_ambiguous(&mut out, &name, found, args.format)?;
            }
        } else {
            out.write_all(rewrite.text.as_bytes())?;
            for change in &rewrite.changes {
                write_finding(&mut report, &name, change, args.format, &change.replacement)?;
            }
            for found in &rewrite.ambiguous {
                write_ambiguous(&mut report, &name, found, args.format)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Replaces a file's content whole or not at all (see [`AtomicFile`]):
/// a symbolic link is followed (the file it points to is rewritten and
/// the link stays a link), and a UTF-8 byte-order mark the file started
/// with (`bom`) is written again, since reading the text drops it.
fn write_atomically(path: &Path, text: &str, bom: bool) -> anyhow::Result<()> {
    let mut file = AtomicFile::create(path)?;
    if bom {
        file.write_all("\u{feff}".as_bytes())?;
    }
    file.write_all(text.as_bytes())?;
    file.commit()
}
