//! `dragoman import`: pairs from TMX, CSV or TSV into the memory, read as
//! a stream and stored in one transaction: a file that fails, or an
//! import that is killed, adds nothing; importing it again adds nothing
//! new. Another process's write is waited for (`--wait`).

use super::{OutputFormat, json_line, parse_lang, stdout};
use anyhow::Context;
use dragoman::formats::check_segment;
use dragoman::formats::delimited::{CsvOptions, CsvReader};
use dragoman::formats::tmx::{TmxReader, Tu};
use dragoman::formats::{FormatError, Pair};
use dragoman::lang::Lang;
use dragoman::memory::{Added, Memory, NewUnit};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file to import: TMX (.tmx, .xml), else CSV or TSV (separator detected).
    file: PathBuf,
    /// Source language: the TMX tuv to take, or the CSV column's language
    /// (default: the TMX header's srclang, a CSV header naming it, or detected).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Target language (default: the other language of the first TMX unit,
    /// a CSV header naming it, or detected).
    #[arg(long, value_parser = parse_lang)]
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
    /// Seconds to wait for another process writing to the memory.
    #[arg(long, default_value_t = 600)]
    wait: u64,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, Default, Serialize)]
struct Report {
    file: String,
    format: &'static str,
    src_lang: String,
    tgt_lang: String,
    added: usize,
    duplicates: usize,
    updated: usize,
    rejected: usize,
    rejections: Vec<Rejection>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    tmx_header: BTreeMap<String, String>,
}

/// A pair or unit not stored, and why.
#[derive(Debug, Serialize)]
struct Rejection {
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tu: Option<u64>,
    line: u64,
    reason: String,
}

impl Rejection {
    fn place(&self) -> String {
        match (self.record, self.tu) {
            (Some(r), _) => format!("record {} (line {})", r, self.line),
            (_, Some(t)) => format!("tu {} (line {})", t, self.line),
            _ => format!("line {}", self.line),
        }
    }
}

/// A unit to store, or why the input item gives none.
type Candidate = Result<NewUnit, Rejection>;

/// How many items language detection looks at before anything is stored.
const LOOKAHEAD: usize = 200;

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let file_name = args.file.display().to_string();
    let file = std::fs::File::open(&args.file).with_context(|| format!("{file_name}: cannot open"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let progress = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
    progress.set_style(ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {per_sec} {msg}").expect("valid template"));
    let input = progress.wrap_read(file);
    let mut report = Report { file: file_name.clone(), ..Report::default() };

    // the languages reported (`*all*` when rows name their own and differ)
    let (src_lang, tgt_lang, candidates): (String, String, Box<dyn Iterator<Item = Result<Candidate, FormatError>>>) = if is_tmx(&args.file)
    {
        report.format = "tmx";
        let reader = TmxReader::new(input, &file_name)?;
        report.tmx_header = reader.header().attributes.clone();
        let header_src = reader.header().srclang();
        let mut reader = reader.peekable_by(LOOKAHEAD);
        let first = reader.buffered(args.skip_bad)?;
        let src = args.src_lang.clone().or(header_src).or_else(|| first.first().and_then(|tu| tu.tuvs.first()).and_then(|t| t.tag.clone()));
        let src = src.with_context(|| format!("{file_name}: no units to take the source language from; give --src-lang"))?;
        let tgt = args.tgt_lang.clone().or_else(|| other_language(&first, &src));
        let tgt = tgt.with_context(|| format!("{file_name}: no unit has a language other than {src}; give --tgt-lang"))?;
        let (given_src, given_tgt, document) = (args.src_lang.clone(), args.tgt_lang.clone(), file_name.clone());
        let (default_src, default_tgt) = (src.clone(), tgt.clone());
        let user = std::env::var("USER").ok().filter(|u| !u.is_empty());
        let candidates = reader.map(move |tu| {
            tu.map(|tu| {
                let (s, t) = tu_languages(&tu, given_src.as_ref(), given_tgt.as_ref(), &default_src, &default_tgt);
                let (number, line) = (tu.number, tu.line);
                let mut unit =
                    tu.into_unit(&s, &t, &document).map_err(|reason| Rejection { record: None, tu: Some(number), line, reason })?;
                if unit.created_by.is_none() {
                    unit.created_by.clone_from(&user);
                }
                Ok(unit)
            })
        });
        (src.to_string(), tgt.to_string(), Box::new(candidates))
    } else {
        report.format = "csv";
        let options = CsvOptions {
            delimiter: None,
            source_column: args.source_column.clone(),
            target_column: args.target_column.clone(),
            src_lang: args.src_lang.clone(),
            tgt_lang: args.tgt_lang.clone(),
            no_header: args.no_header,
            no_quotes: args.no_quotes,
        };
        let reader = CsvReader::new(input, &file_name, &options)?;
        let (header_src, header_tgt) = (reader.src_lang.clone(), reader.tgt_lang.clone());
        let row_languages = reader.has_language_columns();
        let mut reader = reader.peekable_by(LOOKAHEAD);
        let first = reader.buffered(args.skip_bad)?;
        let (src, tgt) = if row_languages {
            // rows name their languages (dragoman's own export): a file-wide
            // language is only needed for rows whose cells are empty
            let src = args.src_lang.clone().or(header_src).or_else(|| row_language(&first, |p| &p.extras.src_lang, |p| &p.source));
            let tgt = args.tgt_lang.clone().or(header_tgt).or_else(|| row_language(&first, |p| &p.extras.tgt_lang, |p| &p.target));
            (src, tgt)
        } else {
            let src = decide_lang(args.src_lang.clone().or(header_src), &first, |p| &p.source, &file_name, "--src-lang")?;
            let tgt = decide_lang(args.tgt_lang.clone().or(header_tgt), &first, |p| &p.target, &file_name, "--tgt-lang")?;
            (Some(src), Some(tgt))
        };
        let shown = |lang: &Option<Lang>| lang.as_ref().map_or_else(|| "*all*".to_string(), Lang::to_string);
        let (shown_src, shown_tgt) = (shown(&src), shown(&tgt));
        let rows = RowLanguages { given_src: args.src_lang.clone(), given_tgt: args.tgt_lang.clone(), src, tgt };
        // the template's languages are replaced row by row when rows name them
        let placeholder = Lang::parse("und").expect("a valid tag");
        let template = NewUnit::new(
            rows.src.clone().unwrap_or_else(|| placeholder.clone()),
            rows.tgt.clone().unwrap_or(placeholder),
            "",
            "",
            &file_name,
        );
        let candidates = reader.map(move |pair| pair.map(|pair| pair_unit(pair, &template, &rows)));
        (shown_src, shown_tgt, Box::new(candidates))
    };
    report.src_lang = src_lang;
    report.tgt_lang = tgt_lang;

    let mut memory = Memory::open_waiting(memory_path, Duration::from_secs(args.wait))?;
    store(&mut memory, candidates, args.skip_bad, &mut report)?;
    progress.finish_and_clear();
    print_report(&report, args.format, memory_path)?;
    Ok(ExitCode::SUCCESS)
}

/// Adds every unit in one transaction; any error that is not a rejection
/// drops the transaction, leaving the memory as it was.
fn store(
    memory: &mut Memory,
    candidates: Box<dyn Iterator<Item = Result<Candidate, FormatError>>>,
    skip_bad: bool,
    report: &mut Report,
) -> anyhow::Result<()> {
    let mut writer = memory.bulk_writer()?;
    for candidate in candidates {
        match candidate {
            Ok(Ok(unit)) => match writer.add_owned(unit)? {
                Added::New => report.added += 1,
                Added::Duplicate => report.duplicates += 1,
                Added::Updated => report.updated += 1,
            },
            Ok(Err(rejection)) => report.rejections.push(rejection),
            Err(FormatError::Record { record, line, problem, .. }) if skip_bad => {
                report.rejections.push(Rejection { record: Some(record), tu: None, line, reason: problem })
            }
            Err(e) => return Err(e.into()),
        }
    }
    writer.commit()?;
    report.rejected = report.rejections.len();
    Ok(())
}

fn print_report(report: &Report, format: OutputFormat, memory_path: &Path) -> anyhow::Result<()> {
    let mut out = stdout();
    match format {
        OutputFormat::Json => json_line(&mut out, report)?,
        OutputFormat::Text => {
            writeln!(
                out,
                "{}: {} {} added, {} skipped as duplicates, {} updated, {} rejected ({} → {}, memory {})",
                report.file,
                report.added,
                if report.added == 1 { "pair" } else { "pairs" },
                report.duplicates,
                report.updated,
                report.rejected,
                report.src_lang,
                report.tgt_lang,
                memory_path.display()
            )?;
            const SHOWN: usize = 20;
            for r in report.rejections.iter().take(SHOWN) {
                writeln!(out, "  {}: {}: {}", report.file, r.place(), r.reason)?;
            }
            if report.rejections.len() > SHOWN {
                writeln!(out, "  … and {} more (see --format json)", report.rejections.len() - SHOWN)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

fn is_tmx(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("tmx") || e.eq_ignore_ascii_case("xml"))
}

/// The languages of CSV rows: those given by flags, and the file's
/// (flags, header or detection), if known.
struct RowLanguages {
    given_src: Option<Lang>,
    given_tgt: Option<Lang>,
    src: Option<Lang>,
    tgt: Option<Lang>,
}

impl RowLanguages {
    /// A row's language for one side: the row's own cell if it has one
    /// (which a flag must match, as a flag picks the pair from a
    /// multilingual TMX), else the file's.
    fn of(&self, cell: Option<&str>, side: usize) -> Result<Lang, String> {
        let (column, given, file, flag) = if side == 0 {
            ("src_lang", &self.given_src, &self.src, "--src-lang")
        } else {
            ("tgt_lang", &self.given_tgt, &self.tgt, "--tgt-lang")
        };
        match cell.map(str::trim).filter(|c| !c.is_empty()) {
            Some(cell) => {
                let lang = Lang::parse(cell).map_err(|_| format!("{column} '{cell}' is not a language tag"))?;
                match given {
                    Some(given) if !lang.matches(given) => Err(format!("{column} is {lang}, not the {given} asked for")),
                    _ => Ok(lang),
                }
            }
            None => file.clone().ok_or_else(|| format!("empty {column}; give {flag}")),
        }
    }
}

/// The language the rows' cells name, when the first rows agree on one;
/// else the one their text shows.
fn row_language(pairs: &[Pair], cell: impl Fn(&Pair) -> &Option<String>, text: impl Fn(&Pair) -> &String) -> Option<Lang> {
    let mut named = pairs.iter().filter_map(|p| cell(p).as_deref().and_then(|c| Lang::parse(c.trim()).ok()));
    match named.next() {
        Some(first) => named.all(|l| l == first).then_some(first),
        None => {
            let sample: String = pairs.iter().map(|p| text(p).as_str()).collect::<Vec<_>>().join("\n");
            Lang::detect(&sample)
        }
    }
}

/// The unit for a CSV pair: `template` (languages, document, creator)
/// with the pair's text and record number, and what the row's own
/// columns say of its languages and provenance.
fn pair_unit(pair: Pair, template: &NewUnit, languages: &RowLanguages) -> Candidate {
    let reject = |reason: String| Rejection { record: Some(pair.record), tu: None, line: pair.line, reason };
    check_segment(&pair.source, "source").and_then(|()| check_segment(&pair.target, "target")).map_err(reject)?;
    let mut unit = template.clone();
    let extras = &pair.extras;
    if extras.src_lang.is_some() || extras.tgt_lang.is_some() {
        unit.src_lang = languages.of(extras.src_lang.as_deref(), 0).map_err(reject)?;
        unit.tgt_lang = languages.of(extras.tgt_lang.as_deref(), 1).map_err(reject)?;
    }
    unit.locator = pair.record.to_string();
    // `origin` is `document:locator` (export joins them); a locator (record,
    // sentence numbers, tuid) rarely holds a colon and a path may, so the
    // last colon splits. Any split gives the same origin back on export.
    if let Some(origin) = extras.origin.as_deref().filter(|o| !o.is_empty()) {
        match origin.rsplit_once(':') {
            Some((document, locator)) if !locator.is_empty() => {
                unit.document = document.to_string();
                unit.locator = locator.to_string();
            }
            _ => {
                unit.document = origin.to_string();
                unit.locator = String::new();
            }
        }
    }
    // a created_by column that is empty says the creator is unknown,
    // not that it is whoever imports the file
    if let Some(by) = &extras.created_by {
        unit.created_by = Some(by.trim()).filter(|b| !b.is_empty()).map(str::to_string);
    }
    if let Some(at) = extras.created_at.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        unit.created_at = Some(at.to_string());
    }
    unit.source = dragoman::text::into_nfc(trimmed(pair.source));
    unit.target = dragoman::text::into_nfc(trimmed(pair.target));
    Ok(unit)
}

/// `text` without surrounding white space, copied only if it had some.
fn trimmed(text: String) -> String {
    if text.trim().len() == text.len() { text } else { text.trim().to_string() }
}

/// The pair a `tu` gives: the flags, else the `tu`'s own `srclang` and,
/// for a `tu` of two `tuv`s, the other one's language; else the file's
/// defaults.
fn tu_languages(tu: &Tu, src: Option<&Lang>, tgt: Option<&Lang>, default_src: &Lang, default_tgt: &Lang) -> (Lang, Lang) {
    let src = src
        .cloned()
        .or_else(|| tu.annotations.attributes.get("srclang").and_then(|l| Lang::parse(l).ok()))
        .unwrap_or_else(|| default_src.clone());
    let tgt = tgt.cloned().or_else(|| {
        let langs: Vec<&Lang> = tu.tuvs.iter().filter_map(|t| t.tag.as_ref()).collect();
        (langs.len() == 2 && langs.iter().any(|l| l.matches(&src))).then(|| langs.into_iter().find(|l| !l.matches(&src)).cloned()).flatten()
    });
    (src, tgt.unwrap_or_else(|| default_tgt.clone()))
}

/// The first language in the first units that is not `src`.
fn other_language(tus: &[Tu], src: &Lang) -> Option<Lang> {
    tus.iter().flat_map(|tu| &tu.tuvs).filter_map(|t| t.tag.clone()).find(|l| !l.matches(src))
}

/// The given language, else the one the column's text shows.
fn decide_lang(given: Option<Lang>, pairs: &[Pair], side: impl Fn(&Pair) -> &String, file: &str, flag_name: &str) -> anyhow::Result<Lang> {
    if let Some(lang) = given {
        return Ok(lang);
    }
    let sample: String = pairs.iter().map(|p| side(p).as_str()).collect::<Vec<_>>().join("\n");
    Lang::detect(&sample).with_context(|| format!("{file}: cannot tell the language of the column; give {flag_name}"))
}

/// An iterator whose first items are read ahead, so that languages can be
/// decided from them before anything is stored.
struct Lookahead<I: Iterator> {
    buffered: std::collections::VecDeque<I::Item>,
    rest: I,
}

trait PeekableBy: Iterator + Sized {
    /// Reads up to `n` items ahead.
    fn peekable_by(mut self, n: usize) -> Lookahead<Self> {
        let mut buffered = std::collections::VecDeque::new();
        for item in self.by_ref() {
            buffered.push_back(item);
            if buffered.len() == n {
                break;
            }
        }
        Lookahead { buffered, rest: self }
    }
}

impl<I: Iterator> PeekableBy for I {}

impl<T: Clone, I: Iterator<Item = Result<T, FormatError>>> Lookahead<I> {
    /// The items read ahead, or the first error among them that ends the
    /// import (a bad CSV record does not when it is to be skipped).
    fn buffered(&mut self, skip_bad: bool) -> Result<Vec<T>, FormatError> {
        let fatal = |r: &Result<T, FormatError>| matches!(r, Err(e) if !(skip_bad && matches!(e, FormatError::Record { .. })));
        if let Some(k) = self.buffered.iter().position(fatal) {
            return Err(self.buffered.remove(k).and_then(Result::err).expect("an error"));
        }
        Ok(self.buffered.iter().filter_map(|r| r.as_ref().ok()).cloned().collect())
    }
}

impl<I: Iterator> Iterator for Lookahead<I> {
    type Item = I::Item;
    fn next(&mut self) -> Option<I::Item> {
        self.buffered.pop_front().or_else(|| self.rest.next())
    }
}
