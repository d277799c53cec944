//! The command line: one module per subcommand, each with its `Args` and
//! `run`. This layer reads files, turns flags into ready library objects,
//! calls the library and prints; the library itself never prints.

pub(crate) mod align;
mod analyze;
mod dict;
pub(crate) mod export;
mod glossary;
pub(crate) mod import;
mod memory;
pub(crate) mod names;
mod output;
mod pretranslate;
mod reindex;
pub(crate) mod search;
pub(crate) mod segment;
mod serve;
pub(crate) mod settings;
pub(crate) mod stats;
pub(crate) mod suggest;
pub mod terminal;
mod unit;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use dragoman::lang::Lang;
use dragoman::memory::{Memory, MemoryError};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "dragoman", version, about = "Translation memory and sentence aligner for translators of news dispatches")]
pub struct Cli {
    /// The memory: a path, a database URL or a name from the config file
    /// (default: the config file's `default`, else
    /// $XDG_DATA_HOME/dragoman/default.sqlite). `suggest` and `search`
    /// read several when it is given more than once, the first with the
    /// highest priority.
    #[arg(long, global = true, env = "DRAGOMAN_MEMORY", value_name = "MEMORY", action = clap::ArgAction::Append)]
    memory: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Split a text into sentences, one per line.
    Segment(segment::Args),
    /// Align a source document's sentences with its translation's.
    Align(align::Args),
    /// Bilingual dictionaries for the aligner (FreeDict dictd import).
    Dict(dict::Args),
    /// Import pairs from TMX, CSV, TSV, XLIFF or PO into the memory.
    Import(import::Args),
    /// Find stored translations of sentences similar to new ones.
    Suggest(suggest::Args),
    /// Find stored pairs holding a word or phrase (a concordance).
    Search(search::Args),
    /// Rebuild the memory's retrieval index.
    Reindex(reindex::Args),
    /// Write the memory's pairs as TMX, CSV, TSV, XLIFF or PO.
    Export(export::Args),
    /// Show what the memory holds.
    Stats(stats::Args),
    /// Names in many spellings: clusters, scan, house style, check, fix.
    Names(names::Args),
    /// TBX glossaries in the memory: import, export, list.
    Glossary(glossary::Args),
    /// Whole memories: copy one into another (SQLite ↔ PostgreSQL).
    Memory(memory::Args),
    /// One unit: show, edit, delete, restore, history.
    Unit(unit::Args),
    /// Count a job (XLIFF, PO) by match band against the memory.
    Analyze(analyze::Args),
    /// Fill a job's segments (XLIFF, PO) from the memory.
    Pretranslate(pretranslate::Args),
    /// Serve the memory over HTTP: a JSON API and web pages.
    Serve(serve::Args),
}

impl Cli {
    /// The exit code for an error: 2 where 1 already means "found
    /// something" (`names check`: names off the house style), as grep and
    /// diff do, so that a script can tell the two apart; 1 elsewhere.
    pub fn error_code(&self) -> u8 {
        match &self.command {
            Command::Names(args) if args.reports_findings() => 2,
            _ => 1,
        }
    }
}

/// A memory's path or URL as it may be shown: a URL without its password.
pub fn shown_memory(path: &Path) -> String {
    dragoman::memory::shown_location(path)
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let reads_several = matches!(
        cli.command,
        Command::Suggest(_) | Command::Search(_) | Command::Analyze(_) | Command::Pretranslate(_) | Command::Serve(_)
    );
    if memory_flags(std::env::args_os().skip(1)) > cli.memory.len() {
        use clap::CommandFactory;
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "give every --memory before the command's name or every one after it (given on both sides, only those after count)",
            )
            .exit();
    }
    if cli.memory.len() > 1 && !reads_several {
        use clap::CommandFactory;
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--memory may be given more than once only to suggest, search, analyze, pretranslate and serve",
            )
            .exit();
    }
    if let Command::Segment(args) = cli.command {
        return segment::run(args);
    }
    if let Command::Dict(args) = cli.command {
        return dict::run(args);
    }
    let settings = settings::Settings::load()?;
    settings::set_author(settings.author());
    if reads_several {
        let memories = settings.lookup(&cli.memory)?;
        return match cli.command {
            Command::Suggest(args) => suggest::run(args, &memories),
            Command::Search(args) => search::run(args, &memories),
            Command::Analyze(args) => analyze::run(args, &memories, settings.analysis_bands()),
            Command::Pretranslate(args) => pretranslate::run(args, &memories, settings.analysis_bands()),
            Command::Serve(args) => serve::run(args, &memories),
            _ => unreachable!("only suggest, search, analyze, pretranslate and serve read several memories"),
        };
    }
    let memory = settings.memory(cli.memory.first().map(PathBuf::as_path))?.location;
    match cli.command {
        Command::Align(args) => align::run(args, &memory),
        Command::Import(args) => import::run(args, &memory),
        Command::Reindex(args) => reindex::run(args, &memory),
        Command::Export(args) => export::run(args, &memory),
        Command::Stats(args) => stats::run(args, &memory),
        Command::Names(args) => names::run(args, &memory),
        Command::Glossary(args) => glossary::run(args, &memory),
        Command::Memory(args) => memory::run(args),
        Command::Unit(args) => unit::run(args, &memory),
        Command::Segment(_)
        | Command::Dict(_)
        | Command::Suggest(_)
        | Command::Search(_)
        | Command::Analyze(_)
        | Command::Pretranslate(_)
        | Command::Serve(_) => {
            unreachable!("handled above")
        }
    }
}

/// How many `--memory` flags a command line holds (before a `--` that
/// ends the flags). clap keeps only those after the command's name when
/// the global flag is given on both sides of it.
fn memory_flags(args: impl Iterator<Item = std::ffi::OsString>) -> usize {
    args.map(|arg| arg.to_string_lossy().into_owned())
        .take_while(|arg| arg != "--")
        .filter(|arg| arg == "--memory" || arg.starts_with("--memory="))
        .count()
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    /// For people.
    #[default]
    Text,
    /// Machine-readable JSON (one document, or JSON lines for streams).
    Json,
}

/// True when the error is a closed pipe (`dragoman ... | head`), which is
/// not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

/// The error and its causes on one line, each cause once: a cause whose
/// text the message so far already holds (library errors quote their
/// source) is left out.
pub fn one_line(error: &anyhow::Error) -> String {
    dragoman::text::one_line(error.as_ref())
}

/// Reads a whole text file (or standard input for `-`), NFC-normalised:
/// UTF-8 (a byte order mark left out) or UTF-16 with or without a byte
/// order mark (what Windows editors save as "Unicode"), told as the
/// imports tell it ([`dragoman::formats::input::Utf8Input`]). The error
/// names the file and, for bad UTF-8 or a NUL byte in UTF-8 (a binary
/// file), the byte offset.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    Ok(read_text_encoded(path)?.0)
}

/// Like [`read_text`], and whether the file began with a UTF-8 byte
/// order mark (which the text leaves out), for a command that writes the
/// file back; a UTF-16 file is an error, as it would be written back in
/// UTF-8.
pub fn read_text_and_bom(path: &Path) -> anyhow::Result<(String, bool)> {
    match read_text_encoded(path)? {
        (text, TextEncoding::Utf8 { bom }) => Ok((text, bom)),
        (_, TextEncoding::Utf16) => anyhow::bail!(
            "{}: UTF-16 text cannot be rewritten in place (dragoman writes UTF-8); convert the file to UTF-8 or write the text elsewhere",
            path.display()
        ),
    }
}

/// How [`read_text_encoded`] found a text file encoded.
enum TextEncoding {
    Utf8 { bom: bool },
    Utf16,
}

fn read_text_encoded(path: &Path) -> anyhow::Result<(String, TextEncoding)> {
    let (mut input, name): (Box<dyn Read>, String) = if path.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), "<stdin>".to_string())
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
        (Box::new(file), path.display().to_string())
    };
    // read in chunks, each checked for NUL once the start says it is
    // not UTF-16: /dev/zero or a binary file ends the read at once
    // instead of filling memory
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    let mut utf16 = None;
    let mut checked = 0;
    let no_nul = |bytes: &[u8], from: usize| match bytes[from..].iter().position(|&b| b == 0) {
        Some(at) => Err(anyhow::anyhow!("{name}: NUL byte at byte {}: not a text file", from + at)),
        None => Ok(bytes.len()),
    };
    loop {
        let read = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(anyhow::Error::new(e).context(format!("{name}: cannot read"))),
        };
        bytes.extend_from_slice(&chunk[..read]);
        if utf16.is_none() && bytes.len() >= dragoman::formats::input::UTF16_SNIFF_BYTES {
            utf16 = Some(is_utf16(&bytes));
        }
        if utf16 == Some(false) {
            checked = no_nul(&bytes, checked)?;
        }
    }
    let utf16 = utf16.unwrap_or_else(|| is_utf16(&bytes));
    if !utf16 {
        no_nul(&bytes, checked)?;
    }
    if utf16 {
        let mut text = String::new();
        dragoman::formats::input::Utf8Input::new(bytes.as_slice()).read_to_string(&mut text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        return Ok((dragoman::text::into_nfc(text), TextEncoding::Utf16));
    }
    let mut text = String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{}: invalid UTF-8 at byte {}", path.display(), e.utf8_error().valid_up_to()))?;
    let bom = text.starts_with('\u{feff}');
    if bom {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok((dragoman::text::into_nfc(text), TextEncoding::Utf8 { bom }))
}

/// Whether a file starting with these bytes is UTF-16: a byte order mark
/// of UTF-16, or the NUL bytes in every other place of mostly-ASCII
/// UTF-16 text.
fn is_utf16(start: &[u8]) -> bool {
    matches!(start, [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..]) || dragoman::formats::input::utf16_without_bom(start).is_some()
}

/// Standard output, buffered.
pub fn stdout() -> BufWriter<std::io::StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

/// Writes one value as a JSON line.
pub fn json_line<W: Write, T: serde::Serialize>(out: &mut W, value: &T) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// Opens the memory for a command that writes, creating it if needed.
pub fn open_memory(path: &Path) -> anyhow::Result<Memory> {
    Ok(Memory::open(path, dragoman::fuzzy::index_keys())?)
}

/// Opens a memory that must exist already, for a command that writes it
/// (`reindex`).
pub fn open_existing_memory(path: &Path) -> anyhow::Result<Memory> {
    Memory::open_existing(path, dragoman::fuzzy::index_keys()).map_err(with_advice)
}

/// Opens an existing memory for a command that only reads: nothing is
/// created, and the file is left as it is (see [`Memory::open_for_reading`]).
pub fn open_memory_for_reading(path: &Path) -> anyhow::Result<Memory> {
    Memory::open_for_reading(path, dragoman::fuzzy::index_keys()).map_err(with_advice)
}

/// Opens the memory for reading if there is one, for a command that can
/// do without (`align`'s lexicon): `None` when the file is missing or
/// empty; any other memory error (a URL, a file that is not a memory) is
/// an error.
pub fn open_memory_if_any(path: &Path) -> anyhow::Result<Option<Memory>> {
    match Memory::open_for_reading(path, dragoman::fuzzy::index_keys()) {
        Ok(memory) => Ok(Some(memory)),
        Err(MemoryError::NoSuchMemory { .. } | MemoryError::Empty { .. }) => Ok(None),
        Err(e) => Err(with_advice(e)),
    }
}

/// Opens a memory for `suggest` and `search`, like
/// [`open_memory_for_reading`]. Units stored without the retrieval index
/// (by an older dragoman, or before a name-key change) are indexed first
/// where the file can be written; where it cannot (a read-only share),
/// the queries compare them one by one for this run, and a note says so.
pub fn open_memory_for_queries(path: &Path) -> anyhow::Result<Memory> {
    let memory = open_memory_for_reading(path)?;
    if memory.index_status()?.is_fresh() {
        return Ok(memory);
    }
    drop(memory);
    match Memory::open_existing(path, dragoman::fuzzy::index_keys()).and_then(|mut writable| writable.refresh_index()) {
        Ok(indexed) if indexed > 0 => eprintln!("dragoman: indexed {indexed} units not indexed before"),
        Ok(_) => {}
        Err(e) if e.is_cannot_write() => eprintln!(
            "dragoman: {}: the retrieval index is behind and the memory cannot be written, so the units missing from it are compared \
             one by one (slower); `dragoman reindex` where it can be written brings the index up to date",
            path.display()
        ),
        Err(e) => return Err(anyhow::Error::new(e).context(format!("{}: updating the index", path.display()))),
    }
    open_memory_for_reading(path)
}

/// A memory error with what the user can do about it, where the library
/// (which names no command) cannot say.
fn with_advice(error: MemoryError) -> anyhow::Error {
    match error {
        MemoryError::NoSuchMemory { .. } | MemoryError::Empty { .. } => {
            anyhow::anyhow!("{error}; create one by importing into it, or aligning with --store into it")
        }
        MemoryError::OlderSchema { .. } => {
            anyhow::anyhow!("{error}; run `dragoman reindex` on it (or on a copy) where it can be written")
        }
        error => error.into(),
    }
}

/// Parses a count that must be at least 1 (`--limit`).
pub fn parse_positive(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Parses a value from 0 to 1 (`align --flag-below`): anything else,
/// NaN and infinities included, is a usage error.
pub fn parse_fraction(value: &str) -> Result<f64, String> {
    match value.trim().parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        Ok(_) => Err("must be a number from 0 to 1".to_string()),
        Err(e) => Err(format!("{e}; must be a number from 0 to 1")),
    }
}

/// Parses a `--lang` style flag value.
pub fn parse_lang(tag: &str) -> Result<Lang, String> {
    Lang::parse(tag).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_flags_on_both_sides_of_the_command_are_all_counted() {
        let line = |args: &[&str]| memory_flags(args.iter().map(std::ffi::OsString::from));
        assert_eq!(line(&["--memory", "a", "suggest", "--memory=b", "text"]), 2);
        assert_eq!(line(&["suggest", "text", "--", "--memory"]), 0);
        let parsed = Cli::try_parse_from(["dragoman", "--memory", "a", "suggest", "--memory", "b", "text"]).unwrap();
        // what the check is for: clap drops the one before the command
        assert_eq!(parsed.memory, [PathBuf::from("b")]);
    }

    #[test]
    fn a_cause_quoted_by_its_error_is_printed_once() {
        let io = std::io::Error::other("file is not a database");
        let error = anyhow::Error::new(io).context("m.sqlite: file is not a database").context("opening the memory");
        assert_eq!(one_line(&error), "opening the memory: m.sqlite: file is not a database");
        let coded =
            anyhow::Error::new(std::io::Error::other("Error code 26: file is not a database")).context("m.sqlite: file is not a database");
        assert_eq!(one_line(&coded), "m.sqlite: file is not a database");
        let different = anyhow::Error::new(std::io::Error::other("permission denied")).context("m.sqlite: cannot open");
        assert_eq!(one_line(&different), "m.sqlite: cannot open: permission denied");
    }
}
