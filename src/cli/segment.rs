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

/// Text is segmented in blocks of whole lines of about this size.
const BLOCK: usize = 1 << 20;

/// With `--wrapped`, a paragraph longer than this (no blank line in 64 MiB)
/// is cut at a line break rather than held whole.
const WRAPPED_LIMIT: usize = 64 << 20;

/// The longest sentence printed whole: the longest segment a memory takes
/// (`formats::MAX_SEGMENT_BYTES`, 1 MiB), so that what `segment` prints
/// can be aligned, stored and exported; a longer one is cut into pieces.
const MAX_SENTENCE: usize = dragoman::formats::MAX_SEGMENT_BYTES;

/// A line that reaches this size without a line break is cut (its last
/// sentence carried into the next block), so that input without line
/// breaks (`/dev/zero`, a 200 MB one-line export) keeps memory bounded:
/// four sentences at the cap, so that each block makes progress.
const LINE_LIMIT: usize = 4 * MAX_SENTENCE;

/// In a folder, a file larger than this is not segmented into memory by a
/// worker but streamed to the output when its turn comes.
const STREAM_IN_FOLDER: u64 = 64 << 20;

/// At most this many warnings about cut sentences per file; then a count.
const CUT_WARNINGS: usize = 5;

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

/// Loads the SRX file `align --rules` and `suggest --rules` take, the
/// way `segment --rules` does (rules it cannot apply listed on stderr).
pub(super) fn load_srx(path: &Path) -> anyhow::Result<Srx> {
    let srx = if path.as_os_str() == "-" { Srx::parse(&super::read_text(path)?, "-")? } else { Srx::load(path)? };
    for skipped in srx.skipped() {
        eprintln!("dragoman: {}: {skipped}", path.display());
    }
    Ok(srx)
}

/// The segmenter for `lang`: the SRX file's rules when one was given
/// (with a note on stderr when it has none for `lang`), else the
/// built-in ones.
pub(super) fn segmenter_for(rules: Option<&(Srx, PathBuf)>, lang: &Lang) -> Segmenter {
    let (segmenter, warning) = match rules {
        Some((srx, path)) => RuleSource::Srx(srx.clone(), path.clone()).segmenter(lang, false),
        None => RuleSource::Builtin.segmenter(lang, false),
    };
    if let Some(warning) = warning {
        eprintln!("dragoman: {warning}");
    }
    segmenter
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
    let stdin_document = args.file.as_ref().is_none_or(|f| f.as_os_str() == "-");
    if stdin_document && args.rules.as_ref().is_some_and(|r| r.as_os_str() == "-") {
        anyhow::bail!("-: standard input can be the rules or the text, not both");
    }
    let rules = match &args.rules {
        Some(path) => RuleSource::Srx(load_srx(path)?, path.clone()),
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
    let mut input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?)
    };
    let mut out = stdout();
    let mut segmenter_for = |lang: &Lang| rules.segmenter(lang, wrapped);
    let result = segment_reader(&mut input, path, None, lang, &mut segmenter_for, wrapped, format, &mut out, &mut |warning| {
        eprintln!("dragoman: {warning}")
    });
    // what was printed before an error stays printed
    out.flush()?;
    result?;
    Ok(ExitCode::SUCCESS)
}

/// Reads `input` in blocks of whole lines (a line without a break is cut
/// at [`LINE_LIMIT`]) and writes its sentences to `out`, as `FILE:
/// sentence` or with a "file" field when `file` is given (a folder run);
/// a sentence over [`MAX_SENTENCE`] is cut into pieces, with a warning
/// naming its byte offset. A NUL byte is an error: the input is not text.
#[allow(clippy::too_many_arguments)]
fn segment_reader(
    input: &mut dyn Read,
    path: &Path,
    file: Option<&str>,
    lang: Option<&Lang>,
    segmenter_for: &mut dyn FnMut(&Lang) -> (Segmenter, Option<String>),
    wrapped: bool,
    format: OutputFormat,
    out: &mut dyn Write,
    warn: &mut dyn FnMut(String),
) -> anyhow::Result<()> {
    let name = display_name(path);
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut segmenter: Option<Segmenter> = None;
    let mut spans = Vec::new();
    let mut block = Vec::with_capacity(BLOCK + 4096);
    let mut offset = 0usize; // of block[0] in the input
    let mut cuts = 0usize;
    let line_limit = if wrapped { WRAPPED_LIMIT } else { LINE_LIMIT };
    loop {
        let read = read_line_within(&mut reader, &mut block, line_limit).with_context(|| format!("{name}: cannot read"))?;
        // a line this long without a break is cut: its last sentence is carried over
        let line_cut = read > 0 && block.len() >= line_limit && block.last() != Some(&b'\n');
        // wrapped text is cut only after a blank line, so that no paragraph
        // is cut; one longer than WRAPPED_LIMIT is cut at a line break all
        // the same, to keep memory bounded
        let at_paragraph_end = !wrapped || block.len() >= WRAPPED_LIMIT || block[block.len() - read..].trim_ascii().is_empty();
        if read > 0 && !line_cut && (block.len() < BLOCK || !at_paragraph_end) {
            continue;
        }
        if block.is_empty() {
            break;
        }
        if let Some(at) = block.iter().position(|&b| b == 0) {
            bail!("{name}: NUL byte at byte {}: not a text file", offset + at);
        }
        // a cut line may end inside a character: that character waits for the next block
        let valid = match std::str::from_utf8(&block) {
            Err(e) if line_cut && e.error_len().is_none() => e.valid_up_to(),
            _ => block.len(),
        };
        let (text, base) = decode_block(path, &block[..valid], offset)?;
        let segmenter = match &segmenter {
            Some(s) => s,
            None => {
                let resolved = Lang::resolve_or_by_script(lang, path, text);
                warn_all(unrecognised(path, &resolved), warn);
                let (built, unmapped) = segmenter_for(&resolved.lang);
                warn_all(unmapped, warn);
                segmenter.insert(built)
            }
        };
        spans.clear();
        segmenter.spans_into(text, base, &mut spans);
        for at in dragoman::segment::cap_spans(text, base, &mut spans, MAX_SENTENCE) {
            cuts += 1;
            if cuts <= CUT_WARNINGS {
                warn(format!("{name}: sentence at byte {at} longer than {MAX_SENTENCE} bytes: printed in pieces of at most that"));
            }
        }
        // the bytes carried into the next block: after a cut line, from its last sentence on
        // (a last sentence within the cap; else what follows it is only white space)
        let mut carry_from = block.len();
        if line_cut {
            carry_from = valid;
            if let Some(&(start, _)) = spans.last()
                && block.len() - (start - offset) <= MAX_SENTENCE + 4
            {
                spans.pop();
                carry_from = start - offset;
            }
        }
        for &(start, end) in &spans {
            let sentence = sentence_as_printed(&text[start - base..end - base], wrapped);
            match (format, file) {
                (OutputFormat::Text, None) => writeln!(out, "{}", super::terminal::printable(&sentence))?,
                (OutputFormat::Text, Some(file)) => {
                    writeln!(out, "{}: {}", super::terminal::printable(file), super::terminal::printable(&sentence))?
                }
                (OutputFormat::Json, None) => json_line(&mut &mut *out, &Sentence { text: sentence, start, end })?,
                (OutputFormat::Json, Some(file)) => json_line(&mut &mut *out, &FileSentence { file, text: &sentence, start, end })?,
            }
        }
        offset += carry_from;
        block.drain(..carry_from);
        if read == 0 {
            break;
        }
    }
    if cuts > CUT_WARNINGS {
        warn(format!("{name}: {} more sentences longer than {MAX_SENTENCE} bytes printed in pieces", cuts - CUT_WARNINGS));
    }
    Ok(())
}

fn warn_all(warnings: impl IntoIterator<Item = String>, warn: &mut dyn FnMut(String)) {
    warnings.into_iter().for_each(warn);
}

/// Appends bytes from `reader` to `block` up to and including the next
/// line break, or until `block` holds `limit` bytes; returns how many
/// were appended (0 at the end of the input). Unlike `read_until`, a
/// line without a break cannot grow `block` without bound.
fn read_line_within(reader: &mut impl BufRead, block: &mut Vec<u8>, limit: usize) -> std::io::Result<usize> {
    let mut appended = 0;
    while block.len() < limit {
        let available = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let room = (limit - block.len()).min(available.len());
        let (taken, line_end) = match available[..room].iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (room, false),
        };
        block.extend_from_slice(&available[..taken]);
        reader.consume(taken);
        appended += taken;
        if line_end {
            break;
        }
    }
    Ok(appended)
}

/// A sentence as printed: in NFC, and on one line when wrapped lines were
/// joined into it (each line break, with a carriage return, is a space).
fn sentence_as_printed(sentence: &str, wrapped: bool) -> String {
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

/// What a folder holds to segment: its regular files (recursively,
/// sorted, hidden ones skipped), and one line each for what is left out
/// (not a regular file; a symbolic link to a folder, out of the folder,
/// or broken) and for a subfolder that cannot be read.
#[derive(Default)]
struct FolderFiles {
    files: Vec<PathBuf>,
    skipped: Vec<String>,
    unreadable: Vec<String>,
}

/// Lists `dir` (inside the folder `root`, canonical) into `found`. A FIFO,
/// socket or device is never opened (reading one would wait for ever or
/// never end); a symbolic link is followed only to a regular file inside
/// `root`, so no link leads out of the folder or round in a loop.
fn files_under(root: &Path, dir: &Path, found: &mut FolderFiles) {
    let listed: std::io::Result<Vec<PathBuf>> = std::fs::read_dir(dir).and_then(|entries| entries.map(|e| e.map(|e| e.path())).collect());
    let mut entries = match listed {
        Ok(entries) => entries,
        Err(e) => {
            found.unreadable.push(format!("{}: cannot read the folder: {e}", dir.display()));
            return;
        }
    };
    entries.sort();
    for entry in entries {
        if entry.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        let kind = match std::fs::symlink_metadata(&entry) {
            Ok(metadata) => metadata.file_type(),
            Err(e) => {
                found.unreadable.push(format!("{}: cannot read: {e}", entry.display()));
                continue;
            }
        };
        if kind.is_dir() {
            files_under(root, &entry, found);
        } else if kind.is_file() {
            found.files.push(entry);
        } else if kind.is_symlink() {
            let why = match std::fs::canonicalize(&entry) {
                Err(_) => Some("a broken symbolic link (or one in a loop)"),
                Ok(target) if !target.starts_with(root) => Some("a symbolic link out of the folder, not followed"),
                Ok(target) if target.is_dir() => Some("a symbolic link to a folder, not followed"),
                Ok(target) if !std::fs::metadata(&target).is_ok_and(|m| m.is_file()) => {
                    Some("a symbolic link to what is not a regular file")
                }
                Ok(_) => None,
            };
            match why {
                Some(why) => found.skipped.push(format!("{}: skipped: {why}", entry.display())),
                None => found.files.push(entry),
            }
        } else {
            found.skipped.push(format!("{}: skipped: {}", entry.display(), special_kind(&kind)));
        }
    }
}

/// What a file that is not a regular file, a folder or a link is.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe), not a regular file";
        }
        if kind.is_socket() {
            return "a socket, not a regular file";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device, not a regular file";
        }
    }
    let _ = kind;
    "not a regular file"
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
    let root = std::fs::canonicalize(dir).with_context(|| format!("{}: cannot read the folder", dir.display()))?;
    let mut found = FolderFiles::default();
    files_under(&root, dir, &mut found);
    // what is left out on purpose is said, and does not fail the run
    found.skipped.iter().for_each(|line| eprintln!("dragoman: {line}"));
    found.unreadable.iter().for_each(|line| eprintln!("dragoman: {line}"));
    let files = found.files;
    if files.is_empty() {
        bail!("{}: no files to segment", dir.display());
    }
    let progress =
        if std::io::stderr().is_terminal() { indicatif::ProgressBar::new(files.len() as u64) } else { indicatif::ProgressBar::hidden() };
    let mut out = stdout();
    let mut failed = 0usize;
    // a warning about the rules would repeat for every file of the language
    let mut warned = std::collections::HashSet::new();
    dragoman::pool::for_each_in_order(
        &files,
        jobs,
        // a segmenter per language, built once per worker, not per file
        std::collections::HashMap::new,
        |segmenters, _, path| {
            segment_file(
                path,
                lang,
                &mut |lang: &Lang| segmenters.entry(lang.clone()).or_insert_with(|| rules.segmenter(lang, wrapped)).clone(),
                wrapped,
                format,
            )
        },
        // print in file order, holding only the files that finished early
        |printed, result| -> anyhow::Result<()> {
            let result = match result {
                Ok(Segmented { streamed: true, .. }) => {
                    // too large to hold: streamed here, in its turn
                    out.flush()?;
                    let path = &files[printed];
                    let name = path.display().to_string();
                    let mut segmenter_for = |lang: &Lang| rules.segmenter(lang, wrapped);
                    let mut warn = |w: String| {
                        if warned.insert(w.clone()) {
                            progress.suspend(|| eprintln!("dragoman: {w}"));
                        }
                    };
                    std::fs::File::open(path)
                        .with_context(|| format!("{}: cannot read", path.display()))
                        .and_then(|mut file| {
                            segment_reader(&mut file, path, Some(&name), lang, &mut segmenter_for, wrapped, format, &mut out, &mut warn)
                        })
                        .map(|()| Segmented { formatted: Vec::new(), warnings: Vec::new(), streamed: true })
                }
                other => other,
            };
            let Segmented { formatted, warnings, .. } = match result {
                Ok(segmented) => segmented,
                Err(error) => {
                    // one unreadable file does not stop the others: say
                    // which, go on, and fail the run at the end
                    out.flush()?;
                    progress.suspend(|| eprintln!("dragoman: {}", super::one_line(&error)));
                    failed += 1;
                    progress.inc(1);
                    return Ok(());
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
            Ok(())
        },
    )?;
    progress.finish_and_clear();
    out.flush()?;
    if failed > 0 || !found.unreadable.is_empty() {
        let (failed, total) = (failed + found.unreadable.len(), files.len() + found.unreadable.len());
        bail!("{}: {failed} of {total} files could not be segmented (see above)", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// One file's sentences, already formatted, and what to say about them on
/// stderr; or, for a file over [`STREAM_IN_FOLDER`], nothing yet: the
/// printing thread streams it when its turn comes.
struct Segmented {
    formatted: Vec<u8>,
    warnings: Vec<String>,
    streamed: bool,
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
    let mut file = std::fs::File::open(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let size = file.metadata().with_context(|| format!("{}: cannot read", path.display()))?.len();
    if size > STREAM_IN_FOLDER {
        return Ok(Segmented { formatted: Vec::new(), warnings: Vec::new(), streamed: true });
    }
    let name = path.display().to_string();
    let mut out = Vec::with_capacity(size as usize * 2);
    let mut warnings = Vec::new();
    segment_reader(&mut file, path, Some(&name), lang, segmenter_for, wrapped, format, &mut out, &mut |w| warnings.push(w))?;
    Ok(Segmented { formatted: out, warnings, streamed: false })
}
