//! An import, as `dragoman import` and the server's `/api/v1/import`
//! both do it: pairs from TMX, CSV or TSV, and the finished segments of a
//! translated XLIFF or PO file, read as a stream and stored in one
//! transaction (a file that fails adds nothing; importing it again adds
//! nothing new), with the report of what was added, skipped and
//! rejected. The file is told by its content. Progress goes to the
//! caller's [`Progress`] (the command line draws a bar); where a message
//! says which setting would help, the caller names it ([`ImportOptions::names`]).

use crate::formats::check_segment;
use crate::formats::delimited::{CsvOptions, CsvReader};
use crate::formats::detect::{FileKind, SNIFF_BYTES, detect};
use crate::formats::po::PoCatalogue;
use crate::formats::report::{ImportReport as Report, PairCount, Rejection};
use crate::formats::tmx::{TmxReader, Tu};
use crate::formats::translated::{Outcome, Take, po_author, po_outcomes, xliff_outcomes};
use crate::formats::values::{TextKind, check_date, check_value, latest_date};
use crate::formats::xliff::{XliffError, XliffReader};
use crate::formats::{FormatError, Pair};
use crate::lang::Lang;
use crate::memory::{Added, Keys, Memory, MemoryError, NewUnit};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A setting of the import that a message may advise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The source language.
    SrcLang,
    /// The target language.
    TgtLang,
    /// Every target language of a multilingual TMX ([`ImportOptions::all_targets`]).
    AllTargets,
    /// The CSV/TSV source and target columns.
    Columns,
}

/// How to import a file.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Source language: the TMX tuv to take, or the CSV column's language.
    pub src_lang: Option<Lang>,
    /// Target language.
    pub tgt_lang: Option<Lang>,
    /// TMX: every language of each unit other than the source, one pair each.
    pub all_targets: bool,
    /// CSV/TSV source column, by header name or 1-based number.
    pub source_column: Option<String>,
    /// CSV/TSV target column.
    pub target_column: Option<String>,
    /// The CSV/TSV file has no header row.
    pub no_header: bool,
    /// CSV/TSV fields are never quoted.
    pub no_quotes: bool,
    /// Skip bad CSV records instead of failing.
    pub skip_bad: bool,
    /// XLIFF and PO: also segments that are not finished.
    pub include_unfinished: bool,
    /// How long to wait for another process writing to the memory.
    pub wait: Duration,
    /// How the caller names a setting in messages (a flag, an API field).
    pub names: fn(Setting) -> &'static str,
}

/// Why an import failed (the memory is as it was).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: cannot read")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// The file cannot be imported with the settings given; the message
    /// names the one that would help.
    #[error("{0}")]
    Settings(String),
}

/// Where an import has got to, for the caller to show.
pub trait Progress {
    /// `bytes` more of the file were read.
    fn read(&self, bytes: u64);
    /// `pairs` were stored so far, `rate` a second.
    fn stored(&self, pairs: u64, rate: u64);
}

/// No progress shown.
pub struct NoProgress;

impl Progress for NoProgress {
    fn read(&self, _bytes: u64) {}
    fn stored(&self, _pairs: u64, _rate: u64) {}
}

/// A reader that tells `progress` how much it read.
struct Counted<R> {
    inner: R,
    progress: Arc<dyn Progress>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.progress.read(read as u64);
        Ok(read)
    }
}

/// A unit to store with what was dropped from it, or why the input item
/// gives none.
type Candidate = Result<(NewUnit, Vec<Rejection>), Rejection>;

/// The candidates of a file, as they are read.
type Candidates = Box<dyn Iterator<Item = Result<Candidate, FormatError>>>;

/// XLIFF and PO segments skipped, by class, and whether any was only unfinished.
type SkipCounts = Rc<RefCell<(BTreeMap<String, usize>, bool)>>;

/// How many items language detection looks at before anything is stored.
const LOOKAHEAD: usize = 200;

/// Imports `file` (named `file_name`, `size` bytes if known) into the
/// memory in one transaction, as `args` say: the command line's import
/// and the server's.
pub fn import(
    args: &ImportOptions,
    file_name: String,
    mut file: Box<dyn Read>,
    memory_path: &Path,
    keys: Keys,
    progress: Arc<dyn Progress>,
) -> Result<Report, ImportError> {
    let names = args.names;
    // the first bytes tell what the file is; they are then read again
    let mut start = Vec::with_capacity(SNIFF_BYTES);
    (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut start).map_err(|source| ImportError::Read { file: file_name.clone(), source })?;
    let kind = detect(&start, &file_name);
    if let Some(what) = kind.unsupported(&file_name) {
        return Err(FormatError::Unsupported { file: file_name, what }.into());
    }
    let input = Counted { inner: Cursor::new(start).chain(file), progress: Arc::clone(&progress) };
    let mut report = Report { file: file_name.clone(), ..Report::default() };
    let other_languages: Rc<RefCell<BTreeMap<String, usize>>> = Rc::default();
    let latest = latest_date();

    let all_targets = args.all_targets;
    if all_targets && kind != FileKind::Tmx {
        return Err(ImportError::Settings(format!(
            "{file_name}: {} takes every language of a multilingual TMX; give one target language for this file",
            names(Setting::AllTargets)
        )));
    }
    let mut header: Option<String> = None;
    let skipped: SkipCounts = Rc::default();
    let take = if args.include_unfinished { Take::Any } else { Take::Finished };
    // the languages reported (`*all*` when rows name their own and differ)
    let (src_lang, tgt_lang, candidates): (String, String, Box<dyn Iterator<Item = Result<Candidate, FormatError>>>) = if kind
        == FileKind::Xliff
    {
        report.format = "xliff";
        let candidates = xliff_candidates(input, &file_name, args, take, Rc::clone(&skipped))?;
        let shown = |lang: &Option<Lang>| lang.as_ref().map_or_else(|| "(the file's)".to_string(), Lang::to_string);
        (shown(&args.src_lang), shown(&args.tgt_lang), candidates)
    } else if kind == FileKind::Po {
        report.format = "po";
        let (src, tgt, candidates) = po_candidates(input, &file_name, args, take, Rc::clone(&skipped))?;
        (src.to_string(), tgt.to_string(), candidates)
    } else if kind == FileKind::Tmx {
        report.format = "tmx";
        let reader = TmxReader::new(input, &file_name)?;
        report.tmx_header = reader.header().attributes.clone();
        // kept with the batch, so that an export writes it back
        header = Some(serde_json::to_string(reader.header()).expect("a header serialises"));
        let header_src = reader.header().srclang();
        let mut reader = reader.peekable_by(LOOKAHEAD);
        let first = reader.buffered(args.skip_bad)?;
        let src = args.src_lang.clone().or(header_src).or_else(|| first.first().and_then(|tu| tu.tuvs.first()).and_then(|t| t.tag.clone()));
        let src = src.ok_or_else(|| {
            ImportError::Settings(format!("{file_name}: no units to take the source language from; give {}", names(Setting::SrcLang)))
        })?;
        let tgt = args.tgt_lang.clone().or_else(|| other_language(&first, &src));
        let tgt = tgt.ok_or_else(|| {
            ImportError::Settings(format!("{file_name}: no unit has a language other than {src}; give {}", names(Setting::TgtLang)))
        })?;
        let (given_src, given_tgt, document) = (args.src_lang.clone(), args.tgt_lang.clone(), file_name.clone());
        let (default_src, default_tgt) = (src.clone(), tgt.clone());
        let user = crate::config::author();
        let others = Rc::clone(&other_languages);
        let all_pairs = {
            let (given_src, default_src, document, user, latest) =
                (given_src.clone(), default_src.clone(), document.clone(), user.clone(), latest.clone());
            move |tu: Tu| every_pair(tu, given_src.as_ref(), &default_src, &document, &user, &latest)
        };
        let candidates = reader.flat_map(move |tu| -> Vec<Result<Candidate, FormatError>> {
            match tu {
                Err(e) => return vec![Err(e)],
                Ok(tu) if all_targets => return all_pairs(tu).into_iter().map(Ok).collect(),
                Ok(_) => {}
            }
            vec![tu.map(|tu| {
                let (s, t) = tu_languages(&tu, given_src.as_ref(), given_tgt.as_ref(), &default_src, &default_tgt);
                let (number, line) = (tu.number, tu.line);
                let not_stored = languages_besides(&tu, &s, &t);
                let mut unit =
                    tu.into_unit(&s, &t, &document).map_err(|reason| Rejection { record: None, tu: Some(number), line, reason })?;
                let mut others = others.borrow_mut();
                for lang in not_stored {
                    *others.entry(lang).or_default() += 1;
                }
                if unit.created_by.is_none() {
                    unit.created_by.clone_from(&user);
                }
                let dropped = check_dates(&mut unit, &latest, |reason| Rejection { record: None, tu: Some(number), line, reason });
                Ok((unit, dropped))
            })]
        });
        let shown_tgt = if all_targets { "*all*".to_string() } else { tgt.to_string() };
        (src.to_string(), shown_tgt, Box::new(candidates))
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
        let reader = CsvReader::new(input, &file_name, &options).map_err(|e| match e {
            FormatError::NoColumn { .. } => ImportError::Settings(format!("{e}; name the columns with {}", names(Setting::Columns))),
            e => e.into(),
        })?;
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
            let src = decide_lang(args.src_lang.clone().or(header_src), &first, |p| &p.source, &file_name, names(Setting::SrcLang))?;
            let tgt = decide_lang(args.tgt_lang.clone().or(header_tgt), &first, |p| &p.target, &file_name, names(Setting::TgtLang))?;
            (Some(src), Some(tgt))
        };
        let shown = |lang: &Option<Lang>| lang.as_ref().map_or_else(|| "*all*".to_string(), Lang::to_string);
        let (shown_src, shown_tgt) = (shown(&src), shown(&tgt));
        let rows = RowLanguages { given_src: args.src_lang.clone(), given_tgt: args.tgt_lang.clone(), src, tgt, names };
        // the template's languages are replaced row by row when rows name them
        let placeholder = Lang::parse("und").expect("a valid tag");
        let mut template = NewUnit::new(
            rows.src.clone().unwrap_or_else(|| placeholder.clone()),
            rows.tgt.clone().unwrap_or(placeholder),
            "",
            "",
            &file_name,
        );
        template.created_by = crate::config::author();
        let candidates = reader.map(move |pair| pair.map(|pair| pair_unit(pair, &template, &rows, &latest)));
        (shown_src, shown_tgt, Box::new(candidates))
    };
    report.src_lang = src_lang;
    report.tgt_lang = tgt_lang;

    let mut memory = Memory::open_waiting(memory_path, args.wait, keys)?;
    store(&mut memory, candidates, args.skip_bad, header.as_deref(), &mut report, progress.as_ref())?;
    report.other_languages = other_languages.take();
    (report.skipped, report.unfinished_skipped) = skipped.take();
    if let [pair] = report.pairs.as_slice() {
        // the pair the units gave, which the header may not have said
        (report.src_lang, report.tgt_lang) = (pair.src_lang.clone(), pair.tgt_lang.clone());
    }
    Ok(report)
}

/// `--tgt-lang all`: a unit for the source and each other language of
/// the `tu` (one per language), or a rejection for each that cannot be
/// stored (a language that is not a tag, no source `tuv`).
fn every_pair(tu: Tu, given_src: Option<&Lang>, default_src: &Lang, document: &str, user: &Option<String>, latest: &str) -> Vec<Candidate> {
    let (number, line) = (tu.number, tu.line);
    let reject = |reason: String| Err(Rejection { record: None, tu: Some(number), line, reason });
    let src = given_src
        .cloned()
        .or_else(|| tu.annotations.attributes.get("srclang").and_then(|l| Lang::parse(l).ok()))
        .unwrap_or_else(|| default_src.clone());
    if tu.tuv(&src).is_none() {
        return vec![reject(format!("no tuv for {src}"))];
    }
    let mut out = Vec::new();
    let mut done: Vec<Lang> = Vec::new();
    for tuv in &tu.tuvs {
        let Some(lang) = tuv.tag.clone() else {
            out.push(reject(format!("tuv xml:lang '{}' is not a language tag", tuv.lang)));
            continue;
        };
        if lang.matches(&src) || src.matches(&lang) || done.contains(&lang) {
            continue;
        }
        done.push(lang.clone());
        match tu.to_unit(&src, &lang, document) {
            Ok(mut unit) => {
                if unit.created_by.is_none() {
                    unit.created_by.clone_from(user);
                }
                let dropped = check_dates(&mut unit, latest, |reason| Rejection { record: None, tu: Some(number), line, reason });
                out.push(Ok((unit, dropped)));
            }
            Err(reason) => out.push(reject(format!("{src} → {lang}: {reason}"))),
        }
    }
    if out.is_empty() {
        out.push(reject(format!("no tuv in a language other than {src}")));
    }
    out
}

/// The languages of a `tu`'s other `tuv`s: those that the pair `src` →
/// `tgt` does not store.
fn languages_besides(tu: &Tu, src: &Lang, tgt: &Lang) -> Vec<String> {
    let mut langs: Vec<String> = tu
        .tuvs
        .iter()
        .filter(|t| t.tag.as_ref().is_none_or(|l| !(l.matches(src) || src.matches(l) || l.matches(tgt) || tgt.matches(l))))
        .map(|t| t.tag.as_ref().map_or_else(|| t.lang.clone(), Lang::to_string))
        .collect();
    langs.sort();
    langs.dedup();
    langs
}

/// Drops a unit's dates that are not ISO 8601 or are in the future (later
/// than `latest`), which would otherwise win every "newest first" tie;
/// the unit is kept, dated by the import. Returns a line for each.
fn check_dates(unit: &mut NewUnit, latest: &str, place: impl Fn(String) -> Rejection) -> Vec<Rejection> {
    let mut dropped = Vec::new();
    for (name, date) in [("created_at", &mut unit.created_at), ("changed_at", &mut unit.changed_at)] {
        if let Some(problem) = date.as_deref().and_then(|d| check_date(d, latest).err()) {
            dropped.push(place(format!("{name} dropped, the unit stored: {problem}")));
            *date = None;
        }
    }
    dropped
}

/// Adds every unit in one transaction; any error that is not a rejection
/// drops the transaction, leaving the memory as it was.
fn store(
    memory: &mut Memory,
    candidates: Box<dyn Iterator<Item = Result<Candidate, FormatError>>>,
    skip_bad: bool,
    tmx_header: Option<&str>,
    report: &mut Report,
    progress: &dyn Progress,
) -> Result<(), ImportError> {
    let mut writer = memory.bulk_writer()?;
    let batch = writer.begin_batch(&report.file, crate::config::author().as_deref())?;
    report.batch = Some(batch);
    if let Some(header) = tmx_header {
        writer.set_batch_header(batch, "tmx", header)?;
    }
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (started, mut done) = (Instant::now(), 0u64);
    for candidate in candidates {
        match candidate {
            Ok(Ok((unit, dropped))) => {
                report.dropped.extend(dropped);
                let pair = (unit.src_lang.to_string(), unit.tgt_lang.to_string());
                match writer.add_owned(unit)? {
                    Added::New => report.added += 1,
                    Added::Duplicate => report.duplicates += 1,
                    Added::Updated => report.updated += 1,
                }
                *pairs.entry(pair).or_default() += 1;
                done += 1;
                // the message is formatted now and then: it costs more than a pair
                if done.is_multiple_of(4096) {
                    let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-3);
                    progress.stored(done, rate.round() as u64);
                }
            }
            Ok(Err(rejection)) => report.rejections.push(rejection),
            Err(FormatError::Record { record, line, problem, .. }) if skip_bad => {
                report.rejections.push(Rejection { record: Some(record), tu: None, line, reason: problem })
            }
            Err(e) => return Err(e.into()),
        }
    }
    writer.commit()?;
    report.rejected = report.rejections.len();
    report.pairs = pairs.into_iter().map(|((src_lang, tgt_lang), units)| PairCount { src_lang, tgt_lang, units }).collect();
    Ok(())
}

/// One XLIFF error as the formats' error (the same one line).
fn xliff_error(error: XliffError) -> FormatError {
    match error {
        XliffError::Xml { file, line, problem } => FormatError::At { file, line, problem },
        XliffError::Io { file, source } => FormatError::Io { file, source },
        XliffError::Encoding { file, problem } => FormatError::Encoding { file, problem },
    }
}

/// Counts a skipped segment's class.
fn count_skip(skipped: &RefCell<(BTreeMap<String, usize>, bool)>, outcome: crate::formats::translated::Skipped) {
    let mut skipped = skipped.borrow_mut();
    *skipped.0.entry(outcome.class).or_default() += 1;
    skipped.1 |= outcome.unfinished;
}

/// The candidates an outcome gives: a unit (created by whoever imports
/// when the file names no author) or a rejection; a skip is counted.
fn outcome_candidate(outcome: Outcome, skipped: &RefCell<(BTreeMap<String, usize>, bool)>, user: &Option<String>) -> Option<Candidate> {
    match outcome {
        Outcome::Unit(unit) => {
            let mut unit = *unit;
            if unit.created_by.is_none() {
                unit.created_by.clone_from(user);
            }
            Some(Ok((unit, Vec::new())))
        }
        Outcome::Skipped(skip) => {
            count_skip(skipped, skip);
            None
        }
        Outcome::Rejected { line, reason } => Some(Err(Rejection { record: None, tu: None, line, reason })),
    }
}

/// The units of an XLIFF file, unit by unit as the file is read; the
/// languages are the flags', else those of each unit's `file`.
fn xliff_candidates(
    input: impl Read + 'static,
    file_name: &str,
    args: &ImportOptions,
    take: Take,
    skipped: SkipCounts,
) -> Result<Candidates, ImportError> {
    let mut reader = XliffReader::new(input, file_name).map_err(xliff_error)?;
    let (version, flavour) = (reader.version(), reader.flavour());
    let (given_src, given_tgt, document) = (args.src_lang.clone(), args.tgt_lang.clone(), file_name.to_string());
    let user = crate::config::author();
    let names = args.names;
    let mut pending: std::collections::VecDeque<Result<Candidate, FormatError>> = std::collections::VecDeque::new();
    Ok(Box::new(std::iter::from_fn(move || {
        loop {
            if let Some(next) = pending.pop_front() {
                return Some(next);
            }
            let unit = match reader.next()? {
                Ok(unit) => unit,
                Err(e) => return Some(Err(xliff_error(e))),
            };
            let file = reader.files().get(unit.file).cloned().unwrap_or_default();
            let language = |given: &Option<Lang>, named: &Option<String>, attribute: &str, flag: &str| match (given, named) {
                (Some(lang), _) => Ok(lang.clone()),
                (None, Some(named)) => Lang::parse(named).map_err(|_| FormatError::At {
                    file: document.clone(),
                    line: unit.line,
                    problem: format!("{attribute} \"{named}\" is not a language tag; give {flag}"),
                }),
                (None, None) => Err(FormatError::At {
                    file: document.clone(),
                    line: unit.line,
                    problem: format!("the <file> of this unit names no {attribute}; give {flag}"),
                }),
            };
            let (src_attribute, tgt_attribute) =
                if version.is_2x() { ("srcLang", "trgLang") } else { ("source-language", "target-language") };
            let languages = language(&given_src, &file.source_language, src_attribute, names(Setting::SrcLang))
                .and_then(|src| language(&given_tgt, &file.target_language, tgt_attribute, names(Setting::TgtLang)).map(|tgt| (src, tgt)));
            let (src, tgt) = match languages {
                Ok(languages) => languages,
                Err(e) => return Some(Err(e)),
            };
            for outcome in xliff_outcomes(&unit, &file, (&src, &tgt), (version, flavour), &document, take) {
                pending.extend(outcome_candidate(outcome, &skipped, &user).map(Ok));
            }
        }
    })))
}

/// The units of a PO catalogue (read whole: catalogues are small), with
/// its languages: the flags', else the header's `Language` (target) and
/// the language the `msgid`s show (source).
fn po_candidates(
    input: impl Read,
    file_name: &str,
    args: &ImportOptions,
    take: Take,
    skipped: SkipCounts,
) -> Result<(Lang, Lang, Candidates), ImportError> {
    let names = args.names;
    let catalogue = PoCatalogue::parse(input, file_name)?;
    let tgt = match (&args.tgt_lang, catalogue.header_field("Language").map(str::trim).filter(|l| !l.is_empty())) {
        (Some(lang), _) => lang.clone(),
        // gettext writes `pt_BR`; a tag has `pt-BR`
        (None, Some(named)) => Lang::parse(&named.replace('_', "-")).map_err(|_| {
            ImportError::Settings(format!(
                "{file_name}: the header's Language \"{named}\" is not a language tag; give {}",
                names(Setting::TgtLang)
            ))
        })?,
        (None, None) => {
            return Err(ImportError::Settings(format!("{file_name}: the header names no Language; give {}", names(Setting::TgtLang))));
        }
    };
    let src = match &args.src_lang {
        Some(lang) => lang.clone(),
        None => {
            let sample: Vec<&str> = catalogue.entries.iter().filter(|e| !e.is_header()).take(LOOKAHEAD).map(|e| e.msgid.as_str()).collect();
            Lang::detect(&sample.join("\n")).ok_or_else(|| {
                ImportError::Settings(format!("{file_name}: cannot tell the language of the msgids; give {}", names(Setting::SrcLang)))
            })?
        }
    };
    let author = po_author(&catalogue);
    let user = crate::config::author();
    let document = file_name.to_string();
    let mut candidates = Vec::new();
    for entry in &catalogue.entries {
        for outcome in po_outcomes(entry, (&src, &tgt), &document, author.as_deref(), take) {
            candidates.extend(outcome_candidate(outcome, &skipped, &user).map(Ok));
        }
    }
    Ok((src, tgt, Box::new(candidates.into_iter())))
}

/// The languages of CSV rows: those given by flags, and the file's
/// (flags, header or detection), if known.
struct RowLanguages {
    given_src: Option<Lang>,
    given_tgt: Option<Lang>,
    src: Option<Lang>,
    tgt: Option<Lang>,
    /// How the caller names the language settings.
    names: fn(Setting) -> &'static str,
}

impl RowLanguages {
    /// A row's language for one side: the row's own cell if it has one
    /// (which a flag must match, as a flag picks the pair from a
    /// multilingual TMX), else the file's.
    fn of(&self, cell: Option<&str>, side: usize) -> Result<Lang, String> {
        let (column, given, file, flag) = if side == 0 {
            ("src_lang", &self.given_src, &self.src, (self.names)(Setting::SrcLang))
        } else {
            ("tgt_lang", &self.given_tgt, &self.tgt, (self.names)(Setting::TgtLang))
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
fn pair_unit(pair: Pair, template: &NewUnit, languages: &RowLanguages, latest: &str) -> Candidate {
    let reject = |reason: String| Rejection { record: Some(pair.record), tu: None, line: pair.line, reason };
    check_segment(&pair.source, "source").and_then(|()| check_segment(&pair.target, "target")).map_err(reject)?;
    for (name, cell) in [("origin", &pair.extras.origin), ("created_by", &pair.extras.created_by), ("created_at", &pair.extras.created_at)]
    {
        if let Some(cell) = cell {
            check_value(cell, name, TextKind::Line).map_err(reject)?;
        }
    }
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
    let dropped = check_dates(&mut unit, latest, reject);
    unit.source = crate::text::into_nfc(trimmed(pair.source));
    unit.target = crate::text::into_nfc(trimmed(pair.target));
    Ok((unit, dropped))
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
fn decide_lang(
    given: Option<Lang>,
    pairs: &[Pair],
    side: impl Fn(&Pair) -> &String,
    file: &str,
    flag_name: &str,
) -> Result<Lang, ImportError> {
    if let Some(lang) = given {
        return Ok(lang);
    }
    let sample: String = pairs.iter().map(|p| side(p).as_str()).collect::<Vec<_>>().join("\n");
    Lang::detect(&sample).ok_or_else(|| ImportError::Settings(format!("{file}: cannot tell the language of the column; give {flag_name}")))
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Counts what an import reports.
    #[derive(Default)]
    struct Counted {
        bytes: AtomicU64,
    }

    impl Progress for Counted {
        fn read(&self, bytes: u64) {
            self.bytes.fetch_add(bytes, Ordering::Relaxed);
        }
        fn stored(&self, _pairs: u64, _rate: u64) {}
    }

    fn options(names: fn(Setting) -> &'static str) -> ImportOptions {
        ImportOptions {
            src_lang: None,
            tgt_lang: None,
            all_targets: false,
            source_column: None,
            target_column: None,
            no_header: false,
            no_quotes: false,
            skip_bad: false,
            include_unfinished: false,
            wait: Duration::from_secs(5),
            names,
        }
    }

    #[test]
    fn an_import_reports_every_byte_read_to_the_callers_progress() {
        let dir = tempfile::tempdir().unwrap();
        let csv = "source,target\nThe talks resumed on Monday.,Les pourparlers ont repris lundi.\nThe delegation arrived.,La délégation est arrivée.\n";
        let progress = Arc::new(Counted::default());
        let mut given = options(|_| "");
        (given.src_lang, given.tgt_lang) = (Some(Lang::parse("en").unwrap()), Some(Lang::parse("fr").unwrap()));
        let report = import(
            &given,
            "talks.csv".into(),
            Box::new(Cursor::new(csv.as_bytes().to_vec())),
            &dir.path().join("m.sqlite"),
            crate::fuzzy::index_keys(),
            progress.clone(),
        )
        .unwrap();
        assert_eq!((report.added, report.format), (2, "csv"));
        assert_eq!(progress.bytes.load(Ordering::Relaxed), csv.len() as u64);
    }

    #[test]
    fn an_import_that_needs_a_language_names_the_setting_as_the_caller_does() {
        let dir = tempfile::tempdir().unwrap();
        let po = "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\nmsgid \"Breaking news\"\nmsgstr \"Dernières nouvelles\"\n";
        let error = import(
            &options(|setting| if setting == Setting::TgtLang { "TARGET" } else { "OTHER" }),
            "desk.po".into(),
            Box::new(Cursor::new(po.as_bytes().to_vec())),
            &dir.path().join("m.sqlite"),
            crate::fuzzy::index_keys(),
            Arc::new(NoProgress),
        )
        .unwrap_err();
        assert_eq!(error.to_string(), "desk.po: the header names no Language; give TARGET");
    }
}
