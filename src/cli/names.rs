//! `dragoman names`: variant clusters, names in documents, and the house
//! style (prefer, import, list, export, check, fix).

use super::output::{AtomicFile, is_standard_stream};
use super::terminal::printable;
use super::{OutputFormat, json_line, open_memory, open_memory_for_reading, read_text, read_text_and_bom, stdout};
use anyhow::Context;
use dragoman::formats::values::{TextKind, check_value};
use dragoman::names::style::{AmbiguousOut, Finding};
use dragoman::names::{self, HouseStyle};
use serde::Serialize;
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
    /// The documents to scan, or folders (every text file in them, and
    /// in their folders).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Show every name found, not only those spelled more than one way.
    #[arg(long)]
    all: bool,
    /// Output: grouped for reading, JSON lines (one name each), CSV (one
    /// spelling a row) or an HTML report.
    #[arg(long, value_enum, default_value_t)]
    format: ScanFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
enum ScanFormat {
    #[default]
    Text,
    Json,
    Csv,
    Html,
}

#[derive(Debug, clap::Args)]
struct PreferArgs {
    /// The preferred spelling, e.g. "Isma'il Haniya".
    name: String,
    /// Other spellings of the name to list with it.
    #[arg(long = "variant")]
    variants: Vec<String>,
    /// Take a variant that is another name (no word in common: a kunya,
    /// Abu Mazen for Mahmoud Abbas), or a preferred spelling that is a
    /// common word in lower case.
    #[arg(long)]
    force: bool,
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
        NamesCommand::Scan(a) => scan_files(a, memory_path),
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

/// The documents named, folders read for their text files (sorted, so
/// that the report is the same on every run).
fn documents(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            let mut pending = vec![path.clone()];
            while let Some(dir) = pending.pop() {
                for entry in std::fs::read_dir(&dir).with_context(|| format!("{}: cannot read the folder", dir.display()))? {
                    let entry = entry.with_context(|| format!("{}: cannot read the folder", dir.display()))?;
                    let p = entry.path();
                    if p.is_dir() {
                        pending.push(p);
                    } else if p.extension().is_some_and(|x| matches!(x.to_str(), Some("txt" | "md" | "text"))) {
                        found.push(p);
                    }
                }
            }
            found.sort();
            if found.is_empty() {
                anyhow::bail!("{}: no text files (.txt, .md) in this folder", path.display());
            }
            out.extend(found);
        } else {
            out.push(path.clone());
        }
    }
    Ok(out)
}

fn scan_files(args: ScanArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    // the house style, when the memory has one: names in scripts without
    // capitals are found by it too
    let style = if memory_path.exists() { HouseStyle::load(&open_memory_for_reading(memory_path)?).ok() } else { None };
    let files = documents(&args.files)?;
    // each file read once: standard input cannot be read again
    let texts: Vec<String> = files.iter().map(|f| read_text(f)).collect::<anyhow::Result<_>>()?;
    let mut survey = names::report::Survey::new(style.as_ref());
    for text in &texts {
        survey.learn_document(text);
    }
    // the memory's pairs: the names its earlier dispatches write, and
    // the words of Arabic-script translations aligned with them (every
    // unit is read)
    if memory_path.exists() && survey.wants_pairs() {
        open_memory_for_reading(memory_path)?.for_each_unit(None, None, |unit| survey.learn_pair(&unit.source, &unit.target))?;
    }
    let mut unreadable = 0;
    let mut report = std::io::stderr().lock();
    for (file, text) in files.iter().zip(&texts) {
        let shown = file.display().to_string();
        // a file that gives nothing says what was done with it: the scan
        // is not silent about a text it read without finding a name
        match survey.scan(&shown, text) {
            names::report::Reading::Names(_) => {}
            names::report::Reading::Empty => writeln!(report, "{}: empty; no names", printable(&shown))?,
            names::report::Reading::NoNames(script) => {
                let script_name = script.and_then(script_name).unwrap_or("the");
                writeln!(report, "{}: {script_name} text read; no names found", printable(&shown))?;
            }
            names::report::Reading::Unreadable(script) => {
                let what = script.and_then(script_name).map_or("this script".to_string(), |s| format!("{s} script"));
                writeln!(report, "{}: names cannot be found in {what} yet; not scanned", printable(&shown))?;
                unreadable += 1;
            }
        }
    }
    drop(report);
    let mut out_clusters = survey.mentions().entities();
    // names spelled one way only are left out unless asked for; the scan
    // says how many, so that a file whose names are all consistent does
    // not look like one where none was found
    let found_names = out_clusters.len();
    out_clusters.retain(|c| args.all || c.off_spelling > 0);
    let hidden = found_names - out_clusters.len();
    let mut out = stdout();
    match args.format {
        ScanFormat::Json => {
            for c in &out_clusters {
                json_line(&mut out, c)?;
            }
        }
        ScanFormat::Text => {
            for c in &out_clusters {
                let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
                let first = printable(&c.name);
                writeln!(
                    out,
                    "{first} ({}, {}, {})",
                    plural(c.variants.len(), "spelling"),
                    plural(c.mentions, "mention"),
                    plural(c.files, "file")
                )?;
                for v in &c.variants {
                    let places: Vec<String> = v.places.iter().map(|p| format!("{}:{}:{}", printable(&p.file), p.line, p.column)).collect();
                    writeln!(out, "  {:<28} {:>3}  {}", printable(&v.spelling), v.count, places.join(" "))?;
                }
            }
        }
        ScanFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(["name", "spelling", "count", "files", "places", "known_as"])?;
            for c in &out_clusters {
                for v in &c.variants {
                    let places: Vec<String> = v.places.iter().map(|p| format!("{}:{}:{}", p.file, p.line, p.column)).collect();
                    let count = v.count.to_string();
                    writer.write_record([
                        c.name.as_str(),
                        v.spelling.as_str(),
                        count.as_str(),
                        v.files.join(" ").as_str(),
                        places.join(" ").as_str(),
                        v.known_as.as_deref().unwrap_or(""),
                    ])?;
                }
            }
            writer.flush()?;
        }
        ScanFormat::Html => write_scan_html(&mut out, &out_clusters, files.len())?,
    }
    out.flush()?;
    if hidden > 0 {
        let names = if hidden == 1 { "1 name".to_string() } else { format!("{hidden} names") };
        if out_clusters.is_empty() {
            eprintln!("{names} found, each spelled one way only (listed with --all)");
        } else {
            eprintln!("and {names} spelled one way only (listed with --all)");
        }
    }
    if unreadable > 0 {
        anyhow::bail!("{unreadable} of {} files could not be scanned (see above)", files.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// A script's name for a reader; none for the scripts the detection
/// does not tell apart (Thai, Georgian, Ethiopic ... are all `Other`).
fn script_name(script: dragoman::lang::Script) -> Option<&'static str> {
    use dragoman::lang::Script;
    Some(match script {
        Script::Latin => "Latin",
        Script::Arabic => "Arabic",
        Script::Hebrew => "Hebrew",
        Script::Cyrillic => "Cyrillic",
        Script::Greek => "Greek",
        Script::Han => "Chinese",
        Script::Kana => "Japanese",
        Script::Hangul => "Korean",
        Script::Devanagari => "Devanagari",
        Script::Armenian => "Armenian",
        Script::Other => return None,
    })
}

/// The scan as one HTML page: a table a name, its spellings with their
/// counts, files and places; the most inconsistent names first.
fn write_scan_html<W: Write>(out: &mut W, clusters: &[names::report::Entity], files: usize) -> anyhow::Result<()> {
    writeln!(out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Names in {files} documents</title>")?;
    writeln!(
        out,
        "<style>body{{font-family:sans-serif}}table{{border-collapse:collapse;margin-bottom:1em}}td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left}}.off{{background:#fee}}</style></head><body>"
    )?;
    writeln!(out, "<h1>Names in {files} documents</h1>")?;
    for c in clusters {
        writeln!(
            out,
            "<h2 dir=\"auto\">{}</h2>\n<p>{} mentions, {} not in the commonest spelling, in {} files</p>",
            dragoman::text::escape_html(&c.name),
            c.mentions,
            c.off_spelling,
            c.files
        )?;
        writeln!(out, "<table><tr><th>spelling</th><th>count</th><th>files</th><th>places</th></tr>")?;
        for (k, v) in c.variants.iter().enumerate() {
            let places: Vec<String> =
                v.places.iter().map(|p| format!("{}:{}:{}", dragoman::text::escape_html(&p.file), p.line, p.column)).collect();
            let files: Vec<String> = v.files.iter().map(|f| dragoman::text::escape_html(f)).collect();
            writeln!(
                out,
                "<tr{}><td dir=\"auto\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                if k > 0 { " class=\"off\"" } else { "" },
                dragoman::text::escape_html(&v.spelling),
                v.count,
                files.join("<br>"),
                places.join(" ")
            )?;
        }
        writeln!(out, "</table>")?;
    }
    writeln!(out, "</body></html>")?;
    Ok(())
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
        check_value(variant, format_args!("variant {}", k + 1), TextKind::Line)
            .map_err(|problem| anyhow::anyhow!("names prefer: {problem}"))?;
    }
    let variants: Vec<&str> = args.variants.iter().map(String::as_str).collect();
    if let Some(doubt) = names::style::doubtful_preference(&name, &variants).filter(|_| !args.force) {
        anyhow::bail!("names prefer: {doubt} (--force to take it)");
    }
    let mut memory = open_memory(memory_path)?;
    let mut style = HouseStyle::load(&memory)?;
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

fn write_finding<W: Write>(out: &mut W, file: &str, change: &names::Change, format: OutputFormat, arrow_to: &str) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => json_line(out, &Finding::of(file, change)),
        OutputFormat::Text => {
            let (file, found, arrow_to) = (printable(file), printable(&change.found), printable(arrow_to));
            writeln!(out, "{file}:{}:{}: {found} -> {arrow_to} (house style)", change.line, change.column)?;
            Ok(())
        }
    }
}

/// A name written alone that several people of the house style bear,
/// spelled differently: left as it is, and said so.
fn write_ambiguous<W: Write>(out: &mut W, file: &str, found: &names::style::Ambiguous, format: OutputFormat) -> anyhow::Result<()> {
    match format {
        OutputFormat::Json => json_line(out, &AmbiguousOut::of(file, found)),
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
    // the documents are one set: a surname alone is tied to a full
    // mention in a document before it
    let mut mentions = names::FullMentions::default();
    for file in &args.files {
        let text = read_text(file)?;
        let name = file.display().to_string();
        let rewrite = style.rewrite_after(&text, &mut mentions);
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
    let mut mentions = names::FullMentions::default();
    for file in &args.files {
        let (text, bom) = read_text_and_bom(file)?;
        let name = file.display().to_string();
        let rewrite = style.rewrite_after(&text, &mut mentions);
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
