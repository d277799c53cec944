//! `dragoman segment`: one sentence a line, or JSON lines with byte spans;
//! a file is read in blocks of whole lines so that memory stays flat
//! whatever its size; a directory is segmented file by file on every
//! core, with a progress bar on a terminal; `--rules` applies an SRX
//! file, `--export-rules` writes the built-in rules as SRX.

use super::{OutputFormat, json_line, parse_lang, stdout};
use anyhow::{Context, bail};
use dragoman::lang::{Lang, Resolved};
use dragoman::segment::srx::{self, Srx};
use dragoman::segment::{Segmenter, Sentence};
use serde::Serialize;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Text is segmented in blocks of whole lines of about this size.
const BLOCK: usize = 1 << 20;

/// With `--wrapped`, a paragraph longer than this (no blank line in 64 MiB)
/// is cut at a line break rather than held whole.
const WRAPPED_LIMIT: usize = 64 << 20;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text file to split (`-` for standard input), or a directory
    /// whose files (recursively) are split one after another.
    #[arg(required_unless_present = "export_rules")]
    file: Option<PathBuf>,
    /// Language of the text (BCP-47); default: from the file name
    /// (x.ar.txt), then from its script.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Segment with the rules of this SRX 2.0 file instead of the
    /// built-in ones; rules it cannot apply are listed on stderr.
    #[arg(long, value_name = "FILE.srx")]
    rules: Option<PathBuf>,
    /// Write the built-in rules (of `--lang`, or of every built-in
    /// language) as SRX 2.0 to standard output, and stop.
    #[arg(long, conflicts_with_all = ["file", "rules"])]
    export_rules: bool,
    /// The text is hard-wrapped: a single line break is a space inside a
    /// paragraph and only a blank line ends one (default: every line
    /// break ends a sentence).
    #[arg(long)]
    wrapped: bool,
    /// Worker threads for a directory (default: one per core).
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Output: one sentence a line (`FILE: sentence` for a directory), or
    /// JSON lines {"text","start","end"} (plus "file" for a directory)
    /// with byte offsets into the input as given (a byte order mark
    /// counts); the text is NFC-normalised.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

/// How each file's segmenter is made: from the built-in rules or an SRX file.
enum RuleSource {
    Builtin,
    Srx(Srx, PathBuf),
}

impl RuleSource {
    /// The segmenter for `lang`, and a warning when an SRX file has no
    /// rules for it.
    fn segmenter(&self, lang: &Lang, wrapped: bool) -> (Segmenter, Option<String>) {
        match self {
            RuleSource::Builtin => (Segmenter::new(lang).wrapped(wrapped), None),
            RuleSource::Srx(srx, path) => {
                (srx.segmenter(lang).wrapped(wrapped), srx.unmapped(lang).map(|warning| format!("{}: {warning}", path.display())))
            }
        }
    }
}

#[derive(Serialize)]
struct FileSentence<'a> {
    file: &'a str,
    text: &'a str,
    start: usize,
    end: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.export_rules {
        let langs: Vec<Lang> = match &args.lang {
            Some(lang) => vec![lang.clone()],
            None => dragoman::segment::BUILTIN_LANGUAGES.iter().map(|tag| Lang::parse(tag)).collect::<Result<_, _>>()?,
        };
        let mut out = stdout();
        out.write_all(srx::export_builtin(&langs).as_bytes())?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let rules = match &args.rules {
        Some(path) => {
            let srx = Srx::load(path)?;
            for skipped in srx.skipped() {
                eprintln!("dragoman: {}: {skipped}", path.display());
            }
            RuleSource::Srx(srx, path.clone())
        }
        None => RuleSource::Builtin,
    };
    let path = args.file.expect("clap requires FILE without --export-rules");
    if path.is_dir() {
        let jobs = args.jobs.map_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()), usize::from);
        segment_directory(&path, args.lang.as_ref(), &rules, args.wrapped, args.format, jobs)
    } else {
        segment_stream(&path, args.lang.as_ref(), &rules, args.wrapped, args.format)
    }
}

/// Segments one file (or standard input) block by block, printing as it goes.
fn segment_stream(path: &Path, lang: Option<&Lang>, rules: &RuleSource, wrapped: bool, format: OutputFormat) -> anyhow::Result<ExitCode> {
    let input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?)
    };
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut out = stdout();
    let mut segmenter: Option<Segmenter> = None;
    let mut spans = Vec::new();
    let mut block = Vec::with_capacity(BLOCK + 4096);
    let mut offset = 0usize;
    loop {
        let read = reader.read_until(b'\n', &mut block).with_context(|| format!("{}: cannot read", path.display()))?;
        // wrapped text is cut only after a blank line, so that no paragraph
        // is cut; one longer than WRAPPED_LIMIT is cut at a line break all
        // the same, to keep memory bounded
        let at_paragraph_end = !wrapped || block.len() >= WRAPPED_LIMIT || block[block.len() - read..].trim_ascii().is_empty();
        if read > 0 && (block.len() < BLOCK || !at_paragraph_end) {
            continue;
        }
        if block.is_empty() {
            break;
        }
        let (text, base) = decode_block(path, &block, offset)?;
        let segmenter = match &segmenter {
            Some(s) => s,
            None => {
                let resolved = Lang::resolve_or_by_script(lang, path, text);
                if let Some(warning) = unrecognised(path, &resolved) {
                    eprintln!("dragoman: {warning}");
                }
                let (built, unmapped) = rules.segmenter(&resolved.lang, wrapped);
                if let Some(warning) = unmapped {
                    eprintln!("dragoman: {warning}");
                }
                segmenter.insert(built)
            }
        };
        spans.clear();
        segmenter.spans_into(text, base, &mut spans);
        for &(start, end) in &spans {
            let sentence = printable(&text[start - base..end - base], wrapped);
            match format {
                OutputFormat::Text => writeln!(out, "{}", super::terminal::printable(&sentence))?,
                OutputFormat::Json => json_line(&mut out, &Sentence { text: sentence, start, end })?,
            }
        }
        offset += block.len();
        block.clear();
        if read == 0 {
            break;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A sentence as printed: in NFC, and on one line when wrapped lines were
/// joined into it (each line break, with a carriage return, is a space).
fn printable(sentence: &str, wrapped: bool) -> String {
    let sentence = dragoman::text::nfc(sentence);
    if wrapped && sentence.contains('\n') { sentence.replace("\r\n", " ").replace('\n', " ") } else { sentence }
}

/// The input's name in messages: `<stdin>` for `-`.
fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".to_string() } else { path.display().to_string() }
}

/// The warning that a text is segmented by its script because its
/// language could not be told, if it is.
fn unrecognised(path: &Path, resolved: &Resolved) -> Option<String> {
    let by_script = resolved.by_script.as_ref()?;
    Some(format!("{}: language not recognised; segmenting with {by_script} (give --lang)", display_name(path)))
}

/// A block of whole lines starting at byte `offset` of the input, as
/// text to split and the offset of that text in the input: the byte order
/// mark at the start of the input is left out of the text but counted in
/// the offsets. The text is not normalised, so that offsets stay those of
/// the bytes as given (the sentences are normalised when printed). The
/// error names the file and byte offset.
fn decode_block<'b>(path: &Path, block: &'b [u8], offset: usize) -> anyhow::Result<(&'b str, usize)> {
    let text = std::str::from_utf8(block)
        .map_err(|e| anyhow::anyhow!("{}: invalid UTF-8 at byte {}", display_name(path), offset + e.valid_up_to()))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) if offset == 0 => (rest, '\u{feff}'.len_utf8()),
        _ => (text, offset),
    })
}

/// Every file under `dir`, sorted, hidden ones skipped.
fn files_under(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read directory", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("{}: cannot read directory", dir.display()))?;
    entries.sort();
    for entry in entries {
        if entry.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        if entry.is_dir() {
            files_under(&entry, files)?;
        } else {
            files.push(entry);
        }
    }
    Ok(())
}

/// Segments every file of a directory on `jobs` threads; output keeps
/// the sorted file order.
fn segment_directory(
    dir: &Path,
    lang: Option<&Lang>,
    rules: &RuleSource,
    wrapped: bool,
    format: OutputFormat,
    jobs: usize,
) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    files_under(dir, &mut files)?;
    if files.is_empty() {
        bail!("{}: no files to segment", dir.display());
    }
    let progress =
        if std::io::stderr().is_terminal() { indicatif::ProgressBar::new(files.len() as u64) } else { indicatif::ProgressBar::hidden() };
    let workers = jobs.min(files.len());
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel::<(usize, anyhow::Result<Segmented>)>();
    let mut out = stdout();
    let mut failed = 0usize;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..workers {
            let sender = sender.clone();
            let (files, next) = (&files, &next);
            scope.spawn(move || {
                // a segmenter per language, built once per worker, not per file
                let mut segmenters = std::collections::HashMap::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(index) else { break };
                    let result = segment_file(
                        path,
                        lang,
                        &mut |lang: &Lang| segmenters.entry(lang.clone()).or_insert_with(|| rules.segmenter(lang, wrapped)).clone(),
                        wrapped,
                        format,
                    );
                    if sender.send((index, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        // print in file order, holding only the files that finished early
        let mut waiting = std::collections::BTreeMap::new();
        let mut printed = 0;
        // a warning about the rules would repeat for every file of the language
        let mut warned = std::collections::HashSet::new();
        for (index, result) in receiver {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&printed) {
                let Segmented { formatted, warnings } = match result {
                    Ok(segmented) => segmented,
                    Err(error) => {
                        // one unreadable file does not stop the others: say
                        // which, go on, and fail the run at the end
                        out.flush()?;
                        progress.suspend(|| eprintln!("dragoman: {}", super::one_line(&error)));
                        failed += 1;
                        progress.inc(1);
                        printed += 1;
                        continue;
                    }
                };
                let warnings: Vec<String> = warnings.into_iter().filter(|w| warned.insert(w.clone())).collect();
                if !warnings.is_empty() {
                    // stdout is buffered: keep the messages next to the file's sentences
                    out.flush()?;
                    progress.suspend(|| warnings.iter().for_each(|w| eprintln!("dragoman: {w}")));
                }
                out.write_all(&formatted)?;
                progress.inc(1);
                printed += 1;
            }
        }
        Ok(())
    })?;
    progress.finish_and_clear();
    out.flush()?;
    if failed > 0 {
        bail!("{}: {failed} of {} files could not be segmented (see above)", dir.display(), files.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// One file's sentences, already formatted, and what to say about them on
/// stderr.
struct Segmented {
    formatted: Vec<u8>,
    warnings: Vec<String>,
}

/// One file's sentences, already formatted (by the worker, so that the
/// printing thread only copies bytes).
fn segment_file(
    path: &Path,
    lang: Option<&Lang>,
    segmenter_for: &mut dyn FnMut(&Lang) -> (Segmenter, Option<String>),
    wrapped: bool,
    format: OutputFormat,
) -> anyhow::Result<Segmented> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let (text, base) = decode_block(path, &bytes, 0)?;
    let resolved = Lang::resolve_or_by_script(lang, path, text);
    let (segmenter, unmapped) = segmenter_for(&resolved.lang);
    let warnings = unrecognised(path, &resolved).into_iter().chain(unmapped).collect();
    let name = path.display().to_string();
    let mut out = Vec::with_capacity(text.len() * 2);
    let mut spans = Vec::new();
    segmenter.spans_into(text, base, &mut spans);
    for (start, end) in spans {
        let sentence = printable(&text[start - base..end - base], wrapped);
        match format {
            OutputFormat::Text => writeln!(out, "{}: {}", super::terminal::printable(&name), super::terminal::printable(&sentence))?,
            OutputFormat::Json => json_line(&mut out, &FileSentence { file: &name, text: &sentence, start, end })?,
        }
    }
    Ok(Segmented { formatted: out, warnings })
}
