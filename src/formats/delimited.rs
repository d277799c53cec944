//! CSV and TSV pairs, as spreadsheets and other tools write them: the
//! separator (comma, semicolon or tab) is detected, a BOM and UTF-16 are
//! handled (see [`Utf8Input`]), quoted fields may hold separators, quotes
//! and line breaks; text after a closing quote and a quote that never
//! closes are record errors, not repaired (in TSV a field not wholly
//! quoted is taken as written). A header row names the columns: `source`/`target`,
//! `src`/`tgt` (any case), or language codes (`en,ar`); columns can also
//! be given by name or 1-based number.
//!
//! ```
//! use dragoman::formats::delimited::{CsvOptions, CsvReader};
//!
//! let data = "EN;AR\n\"Hello; my friend\";\"مرحبا\"\n";
//! let options = CsvOptions { src_lang: Some("ar".parse().unwrap()), ..CsvOptions::default() };
//! let reader = CsvReader::new(data.as_bytes(), "inline.csv", &options).unwrap();
//! assert_eq!((reader.delimiter, reader.tgt_lang.clone().unwrap().as_str()), (b';', "en"));
//! let pairs: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
//! assert_eq!((pairs[0].source.as_str(), pairs[0].target.as_str()), ("مرحبا", "Hello; my friend"));
//! ```

use super::input::{InvalidText, Utf8Input};
use super::{Format, FormatError, Pair, RowExtras};
use crate::lang::Lang;
use std::io::{Cursor, Read, Write};

/// Which columns hold the source and the target: names (any case) or
/// 1-based numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub source: String,
    pub target: String,
}

impl Default for Columns {
    fn default() -> Self {
        Columns { source: "source".into(), target: "target".into() }
    }
}

/// How to read a CSV or TSV file; the defaults detect everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field separator; `None` detects comma, semicolon or tab.
    pub delimiter: Option<u8>,
    /// The source column by name (any case) or 1-based number; `None`
    /// looks for `source`/`src`, then a column named by the source
    /// language (`ar`), then the first column named by a language.
    pub source_column: Option<String>,
    /// The target column, like `source_column` (`target`/`tgt`).
    pub target_column: Option<String>,
    /// Languages that name columns, from `--src-lang`/`--tgt-lang`.
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    /// The first record is data, not a header: columns are then numbers
    /// (1 and 2 unless given).
    pub no_header: bool,
    /// Fields are never quoted: `"` is text, as in TSV written by Unix
    /// tools (a field cannot then hold the separator or a line break).
    pub no_quotes: bool,
}

/// How much of the file delimiter detection looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// The separator that splits the sample's records into the same number
/// (two or more) of fields, preferring more fields; tab, comma, then
/// semicolon on a tie. `None` when no candidate is consistent.
/// `quoting` says whether `"` quotes fields.
pub fn detect_delimiter(sample: &[u8], quoting: bool) -> Option<u8> {
    // the last line may be cut off by the sample's end
    let sample = match sample.iter().rposition(|&b| b == b'\n') {
        Some(end) if sample.len() == SNIFF_BYTES => &sample[..=end],
        _ => sample,
    };
    let mut best: Option<(usize, u8)> = None;
    // in TSV a quote is text unless it quotes a whole field: read the
    // sample the way the file will be read
    let mut as_tsv = Vec::new();
    if quoting {
        let _ = TsvQuotes::new(sample, true).read_to_end(&mut as_tsv);
    }
    for delimiter in [b'\t', b',', b';'] {
        let sample = if quoting && delimiter == b'\t' { &as_tsv[..] } else { sample };
        let mut reader =
            csv::ReaderBuilder::new().delimiter(delimiter).quoting(quoting).has_headers(false).flexible(true).from_reader(sample);
        let counts: Vec<usize> = reader.byte_records().take(50).map_while(Result::ok).map(|r| r.len()).collect();
        let Some(&first) = counts.first() else { continue };
        if first >= 2 && counts.iter().all(|&c| c == first) && best.is_none_or(|(n, _)| first > n) {
            best = Some((first, delimiter));
        }
    }
    best.map(|(_, d)| d)
}

fn find_column(headers: &csv::StringRecord, wanted: &str, file: &str) -> Result<usize, FormatError> {
    if let Ok(n) = wanted.parse::<usize>() {
        if n >= 1 && n <= headers.len() {
            return Ok(n - 1);
        }
        return Err(FormatError::Header {
            file: file.into(),
            problem: format!("column {n} does not exist (the file has {} columns)", headers.len()),
        });
    }
    headers.iter().position(|h| h.trim().eq_ignore_ascii_case(wanted)).ok_or_else(|| FormatError::NoColumn {
        file: file.into(),
        wanted: wanted.to_string(),
        columns: headers.iter().collect::<Vec<_>>().join(", "),
    })
}

/// The language a header names (`en`, `AR`, `zh-Hans`), if it is a tag.
fn header_lang(header: &str) -> Option<Lang> {
    let lang = Lang::parse(header.trim()).ok()?;
    (lang.primary().len() == 2 || header.contains('-')).then_some(lang)
}

/// The source and target columns, and the languages their headers name.
fn choose_columns(headers: &csv::StringRecord, options: &CsvOptions, file: &str) -> Result<[(usize, Option<Lang>); 2], FormatError> {
    let sides = [
        (&options.source_column, &options.src_lang, ["source", "src", "source text"]),
        (&options.target_column, &options.tgt_lang, ["target", "tgt", "target text"]),
    ];
    let mut chosen: Vec<(usize, Option<Lang>)> = Vec::new();
    for (k, (column, lang, names)) in sides.into_iter().enumerate() {
        let taken = |i: usize, chosen: &[(usize, Option<Lang>)]| chosen.iter().any(|(c, _)| *c == i);
        let index = if let Some(column) = column {
            find_column(headers, column, file)?
        } else if options.no_header {
            k
        } else if let Some(i) = headers.iter().position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n))) {
            i
        } else if let Some(i) =
            lang.as_ref().and_then(|l| headers.iter().position(|h| header_lang(h).is_some_and(|h| h == *l || h.matches(l))))
        {
            i
        } else if let Some(i) = (0..headers.len()).find(|&i| !taken(i, &chosen) && header_lang(&headers[i]).is_some()) {
            i
        } else {
            let side = if k == 0 { "source" } else { "target" };
            return Err(FormatError::Header {
                file: file.into(),
                problem: format!(
                    "no {side} column in the header ({}); name it {} or a language code, or give --{side}-column",
                    headers.iter().collect::<Vec<_>>().join(", "),
                    names[..2].join("/")
                ),
            });
        };
        let lang = if options.no_header { None } else { header_lang(&headers[index]) };
        chosen.push((index, lang));
    }
    if chosen[0].0 == chosen[1].0 {
        return Err(FormatError::Header {
            file: file.into(),
            problem: format!("source and target are the same column ({})", chosen[0].0 + 1),
        });
    }
    Ok([chosen[0].clone(), chosen[1].clone()])
}

/// The input under the CSV parser: decoded text, the start of which was
/// read ahead for delimiter detection, with TSV's quotes made plain.
type Input<R> = TsvQuotes<std::io::Chain<Cursor<Vec<u8>>, Utf8Input<R>>>;

/// A quoted field longer than this without its closing quote is taken
/// as text (TSV): twice the longest segment, so that no storable field
/// is cut, while a stray quote does not make the whole file one field.
const MAX_QUOTED_TSV_FIELD: usize = 2 * super::MAX_SEGMENT_BYTES;

/// TSV as people and tools write it, made plain for the csv parser: a
/// field is quoted only when a quote opens it and a quote closes it just
/// before a tab or the end of the line (RFC 4180 style, `""` inside);
/// otherwise its quotes are text, as in `" = align right`, a line of a
/// software catalogue. Such a field is passed on quoted (its quotes
/// doubled), so that the parser reads it as written and the rest of the
/// file is not swallowed by a quote that never closes. Inactive (bytes
/// passed on as they are) for CSV and when quotes are off.
struct TsvQuotes<R> {
    inner: R,
    active: bool,
    /// Bytes read but not yet passed on (the start of a quoted field
    /// whose end is not yet known).
    pending: Vec<u8>,
    out: Vec<u8>,
    out_at: usize,
    field_start: bool,
    eof: bool,
}

/// How a field opened by a quote reads in TSV.
enum QuotedField {
    /// Wholly quoted: this many bytes, closing quote included.
    Quoted(usize),
    /// Text: this many bytes, up to the tab or line break.
    Text(usize),
    NeedMore,
}

impl<R: Read> TsvQuotes<R> {
    fn new(inner: R, active: bool) -> TsvQuotes<R> {
        TsvQuotes { inner, active, pending: Vec::new(), out: Vec::new(), out_at: 0, field_start: true, eof: false }
    }

    /// The reader underneath; only for an inactive one (nothing buffered).
    fn into_inner(self) -> R {
        self.inner
    }

    /// How the field at the start of `field` (which opens with a quote) reads.
    fn quoted_field(field: &[u8], eof: bool) -> QuotedField {
        let text = || match field.iter().position(|&b| matches!(b, b'\t' | b'\n' | b'\r')) {
            Some(end) => QuotedField::Text(end),
            None if eof || field.len() >= MAX_QUOTED_TSV_FIELD => QuotedField::Text(field.len()),
            None => QuotedField::NeedMore,
        };
        let mut j = 1;
        while j < field.len() {
            if field[j] == b'"' {
                match field.get(j + 1) {
                    Some(b'"') => j += 1,
                    Some(b'\t' | b'\n' | b'\r') => return QuotedField::Quoted(j + 1),
                    Some(_) => return text(),
                    None if eof => return QuotedField::Quoted(j + 1),
                    None => return QuotedField::NeedMore,
                }
            }
            j += 1;
        }
        if eof || field.len() >= MAX_QUOTED_TSV_FIELD { text() } else { QuotedField::NeedMore }
    }

    /// Passes on what of `pending` can be decided.
    fn process(&mut self) {
        let buf = &self.pending;
        let mut i = 0;
        while i < buf.len() {
            if self.field_start && buf[i] == b'"' {
                match Self::quoted_field(&buf[i..], self.eof) {
                    QuotedField::NeedMore => break,
                    QuotedField::Quoted(n) => {
                        self.out.extend_from_slice(&buf[i..i + n]);
                        i += n;
                    }
                    QuotedField::Text(n) => {
                        self.out.push(b'"');
                        for &b in &buf[i..i + n] {
                            if b == b'"' {
                                self.out.push(b'"');
                            }
                            self.out.push(b);
                        }
                        self.out.push(b'"');
                        i += n;
                    }
                }
                self.field_start = false;
                continue;
            }
            let end = buf[i..].iter().position(|&b| matches!(b, b'\t' | b'\n' | b'\r')).map_or(buf.len(), |p| i + p);
            if end > i {
                self.out.extend_from_slice(&buf[i..end]);
                self.field_start = false;
                i = end;
            } else {
                self.out.push(buf[i]);
                self.field_start = true;
                i += 1;
            }
        }
        self.pending.drain(..i);
    }
}

impl<R: Read> Read for TsvQuotes<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if !self.active {
            return self.inner.read(out);
        }
        while self.out_at == self.out.len() {
            self.out.clear();
            self.out_at = 0;
            if self.eof {
                if self.pending.is_empty() {
                    return Ok(0);
                }
                self.process();
                continue;
            }
            let start = self.pending.len();
            self.pending.resize(start + (64 << 10), 0);
            let n = loop {
                match self.inner.read(&mut self.pending[start..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.pending.truncate(start);
                        return Err(e);
                    }
                }
            };
            self.pending.truncate(start + n);
            self.eof = n == 0;
            self.process();
        }
        let n = out.len().min(self.out.len() - self.out_at);
        out[..n].copy_from_slice(&self.out[self.out_at..self.out_at + n]);
        self.out_at += n;
        Ok(n)
    }
}

/// Where a quote went wrong, found by [`QuoteCheck`].
#[derive(Debug)]
enum QuoteProblem {
    /// A quoted field went on after its closing quote (`"Yes" he said`),
    /// which the csv crate would silently drop the quotes of.
    TextAfterQuote { field: usize },
    /// The quote never closed: the field ran to the end of the file, or
    /// over lines to a quote followed by text (`closed_line`), which is
    /// what a missing quote followed by other quoted fields looks like.
    /// The text after the line it opened on is then read again as records.
    Unterminated { opened_line: u64, closed_line: Option<u64> },
    /// TSV: a field that starts with a quote but is not wholly quoted
    /// (`"Yes" he said`), as it is written: quotes are then text.
    Literal { field: usize, text: Vec<u8> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    /// Before a record; blank lines are skipped, as the csv crate does.
    StartRecord,
    StartField,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: its end, or the first of `""`.
    QuoteInQuoted,
    /// TSV: past a stray quote, keeping the field's text to the separator.
    LiteralRest,
    Done,
}

/// A reader that passes the text on to the csv parser unchanged while
/// following its quoting (RFC 4180 with `""`, as the csv crate reads it)
/// to find what the parser would silently repair: text after a closing
/// quote, and a quote that never closes. One pass over bytes the parser
/// reads anyway, no allocation unless a quoted field spans lines (TSV: is
/// quoted at all).
struct QuoteCheck<R> {
    inner: R,
    /// Off when `"` is never a quote (`--no-quotes`).
    quoting: bool,
    delimiter: u8,
    /// TSV: a field not wholly quoted is taken as written.
    literal: bool,
    state: QuoteState,
    /// Record (1-based, as [`Pair::record`]) and field (1-based) being read.
    record: u64,
    field: usize,
    /// Line of the byte being read (1-based), and the line a quote opened on.
    line: u64,
    opened_line: u64,
    /// Text after the line of the open quote, while the quote is open, and
    /// (`pinned`) after a quote that seems never to have closed, until the
    /// record is read again from there.
    rest: Vec<u8>,
    keeping_rest: bool,
    pinned: bool,
    /// TSV: the quoted field as written, while it is read.
    raw: Vec<u8>,
    problems: std::collections::VecDeque<(u64, QuoteProblem)>,
    /// The line each record starts on, for records the parser has not yet
    /// returned (the csv crate counts a record after CRLF or a blank line
    /// from the line before).
    starts: std::collections::VecDeque<(u64, u64)>,
    /// The last byte of the previous chunk.
    last: u8,
    /// Whether the quote just read inside a quoted field follows a
    /// separator or a line break, as a field's opening quote does.
    quote_starts_field: bool,
}

impl<R: Read> QuoteCheck<R> {
    fn new(inner: R, delimiter: u8, quoting: bool) -> QuoteCheck<R> {
        QuoteCheck {
            inner,
            quoting,
            delimiter,
            literal: delimiter == b'\t',
            state: QuoteState::StartRecord,
            record: 0,
            field: 0,
            line: 1,
            opened_line: 0,
            rest: Vec::new(),
            keeping_rest: false,
            pinned: false,
            raw: Vec::new(),
            problems: std::collections::VecDeque::new(),
            starts: std::collections::VecDeque::new(),
            last: b'\n',
            quote_starts_field: false,
        }
    }

    fn scan(&mut self, bytes: &[u8]) {
        use QuoteState::*;
        let mut i = 0;
        let Some(&last) = bytes.last() else { return };
        while i < bytes.len() {
            // skip at once the runs of bytes that change nothing, as most do
            // (this scan is on import's hot path)
            if !self.keeping_rest {
                let delimiter = self.delimiter;
                let run = match self.state {
                    Quoted if !self.literal => bytes[i..].iter().position(|&c| c == b'"' || c == b'\n'),
                    Unquoted => bytes[i..].iter().position(|&c| c == delimiter || c == b'\n' || c == b'\r'),
                    _ => Some(0),
                };
                i += run.unwrap_or(bytes.len() - i);
                if i == bytes.len() {
                    break;
                }
            }
            let b = bytes[i];
            let before = if i == 0 { self.last } else { bytes[i - 1] };
            i += 1;
            if self.keeping_rest {
                self.rest.push(b);
            }
            if (self.literal && matches!(self.state, Quoted | QuoteInQuoted)) || self.state == LiteralRest {
                self.raw.push(b);
            }
            let end = b == b'\n' || b == b'\r';
            if self.state == StartRecord && !end {
                self.record += 1;
                self.field = 1;
                self.state = StartField;
                self.starts.push_back((self.record, self.line));
            }
            match self.state {
                StartRecord | Done => {}
                StartField if b == b'"' && self.quoting => {
                    self.state = Quoted;
                    self.opened_line = self.line;
                    if self.literal {
                        self.raw.clear();
                        self.raw.push(b);
                    }
                }
                StartField | Unquoted => self.after_field_byte(b, end, Unquoted),
                Quoted => {
                    if b == b'"' {
                        self.state = QuoteInQuoted;
                        self.quote_starts_field = before == self.delimiter || before == b'\n' || before == b'\r';
                    } else if b == b'\n' && !self.keeping_rest {
                        self.keeping_rest = true;
                        self.rest.clear();
                    }
                }
                QuoteInQuoted if b == b'"' => self.state = Quoted,
                QuoteInQuoted => {
                    let spanned_lines = self.keeping_rest;
                    if b == self.delimiter || end {
                        self.closed();
                        self.after_field_byte(b, end, Unquoted);
                    } else if self.literal && !spanned_lines {
                        self.closed();
                        self.state = LiteralRest;
                    } else {
                        // a quote that spanned lines to a quote placed like the
                        // opening of a later field, followed by text: most
                        // likely the first quote was never closed
                        let problem = if spanned_lines && self.quote_starts_field && !self.pinned {
                            // keep the text from the opening line on, to read it again
                            self.pinned = true;
                            QuoteProblem::Unterminated { opened_line: self.opened_line, closed_line: Some(self.line) }
                        } else {
                            self.closed();
                            QuoteProblem::TextAfterQuote { field: self.field }
                        };
                        self.problems.push_back((self.record, problem));
                        // the parser reads on as an unquoted field; so do we
                        self.state = Unquoted;
                    }
                }
                LiteralRest => {
                    if b == self.delimiter || end {
                        self.raw.pop();
                        let text = std::mem::take(&mut self.raw);
                        self.problems.push_back((self.record, QuoteProblem::Literal { field: self.field, text }));
                        self.after_field_byte(b, end, LiteralRest);
                    }
                }
            }
            if b == b'\n' {
                self.line += 1;
            }
        }
        self.last = last;
    }

    /// A quoted field closed: the text after its opening line is not needed.
    fn closed(&mut self) {
        if !self.pinned {
            self.keeping_rest = false;
            if self.rest.capacity() > 1 << 20 {
                self.rest = Vec::new();
            }
        }
    }

    /// A byte outside quotes: a separator starts the next field, a line
    /// break ends the record, anything else stays in `state`.
    fn after_field_byte(&mut self, b: u8, end: bool, state: QuoteState) {
        if b == self.delimiter {
            self.field += 1;
            self.state = QuoteState::StartField;
        } else if end {
            self.state = QuoteState::StartRecord;
        } else {
            self.state = state;
        }
    }

    /// At the end of the input: a quote still open never closed.
    fn finish(&mut self) {
        match self.state {
            QuoteState::Quoted if !self.pinned => {
                if !self.keeping_rest {
                    self.rest.clear();
                }
                self.pinned = true;
                self.problems.push_back((self.record, QuoteProblem::Unterminated { opened_line: self.opened_line, closed_line: None }));
            }
            QuoteState::LiteralRest => {
                let text = std::mem::take(&mut self.raw);
                self.problems.push_back((self.record, QuoteProblem::Literal { field: self.field, text }));
            }
            _ => {}
        }
        self.state = QuoteState::Done;
    }

    /// The line `record` starts on, once the parser has read it.
    fn start_line(&mut self, record: u64) -> Option<u64> {
        while let Some(&(r, line)) = self.starts.front() {
            if r > record {
                break;
            }
            self.starts.pop_front();
            if r == record {
                return Some(line);
            }
        }
        None
    }

    /// The problems found in `record`, dropping any of earlier records.
    fn take_problems(&mut self, record: u64) -> Vec<QuoteProblem> {
        let mut out = Vec::new();
        while let Some((r, _)) = self.problems.front() {
            if *r > record {
                break;
            }
            let (r, problem) = self.problems.pop_front().expect("a front");
            if r == record {
                out.push(problem);
            }
        }
        out
    }
}

impl<R: Read> Read for QuoteCheck<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        if self.state != QuoteState::Done {
            if n == 0 && !out.is_empty() {
                self.finish();
            } else {
                self.scan(&out[..n]);
            }
        }
        Ok(n)
    }
}

/// Reads pairs from CSV or TSV, streaming; see [`CsvOptions`].
pub struct CsvReader<R: Read> {
    /// `None` only while being rebuilt after an unterminated quote.
    csv: Option<csv::Reader<QuoteCheck<Input<R>>>>,
    record: csv::StringRecord,
    /// Added to the parser's record and line numbers: nonzero once it
    /// reads again after an unterminated quote.
    record_base: u64,
    line_base: u64,
    /// Fields every record must have: the header's (or first record's).
    fields: usize,
    quoting: bool,
    source: usize,
    target: usize,
    /// Where the [`RowExtras`] columns are, in [`RowExtras::COLUMNS`] order.
    extras: [Option<usize>; 5],
    file: String,
    /// The separator used.
    pub delimiter: u8,
    /// The languages the source and target headers name, if they do.
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
}

/// A parser over `input`: field counts are checked by [`CsvReader`], so
/// that it can read on after an unterminated quote.
fn parser<R: Read>(input: R, delimiter: u8, header: bool, quoting: bool) -> csv::Reader<R> {
    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(header).quoting(quoting).flexible(true).from_reader(input)
}

impl<R: Read> CsvReader<R> {
    /// Reads the header (and detects the separator) at once; fails if the
    /// columns are not there or the start of the file is not text.
    pub fn new(reader: R, file: &str, options: &CsvOptions) -> Result<CsvReader<R>, FormatError> {
        let mut input = Utf8Input::new(reader);
        let mut sample = Vec::with_capacity(SNIFF_BYTES);
        (&mut input).take(SNIFF_BYTES as u64).read_to_end(&mut sample).map_err(|e| io_error(file, e))?;
        let delimiter = options.delimiter.or_else(|| detect_delimiter(&sample, !options.no_quotes)).unwrap_or(b',');
        let quoting = !options.no_quotes;
        let check = QuoteCheck::new(TsvQuotes::new(Cursor::new(sample).chain(input), quoting && delimiter == b'\t'), delimiter, quoting);
        let mut csv = parser(check, delimiter, !options.no_header, quoting);
        let headers = csv.headers().map_err(|e| record_error(file, &e))?.clone();
        let header_line = csv.get_mut().start_line(1);
        if let Some(problem) = csv.get_mut().take_problems(1).into_iter().next() {
            let line = header_line.unwrap_or(1);
            return Err(FormatError::Record { file: file.into(), record: 1, line, problem: describe(&problem) });
        }
        let [(source, src_lang), (target, tgt_lang)] = choose_columns(&headers, options, file)?;
        let mut extras = RowExtras::COLUMNS
            .map(|name| if options.no_header { None } else { headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name)) });
        // `origin` or `created_at` in a spreadsheet may mean anything; they
        // are dragoman's provenance only beside its language columns
        if extras[0].is_none() && extras[1].is_none() {
            extras = [None; 5];
        }
        Ok(CsvReader {
            csv: Some(csv),
            record: csv::StringRecord::new(),
            record_base: 0,
            line_base: 0,
            fields: headers.len(),
            quoting,
            source,
            target,
            extras,
            file: file.to_string(),
            delimiter,
            src_lang,
            tgt_lang,
        })
    }

    /// Whether the file has `src_lang`/`tgt_lang` columns (as dragoman's
    /// export writes), so that each row may name its own languages.
    pub fn has_language_columns(&self) -> bool {
        self.extras[0].is_some() || self.extras[1].is_some()
    }

    /// After an unterminated quote opened on `opened_line` of `record`:
    /// reads on from the next line, as if the quote had been text.
    fn read_again(&mut self, record: u64, opened_line: u64) {
        let Some(csv) = self.csv.take() else { return };
        let mut check = csv.into_inner();
        let rest = std::mem::take(&mut check.rest);
        check.keeping_rest = false;
        check.pinned = false;
        // only CSV gets here (in TSV every quote closes), so nothing is
        // buffered in the inactive TsvQuotes
        let (_, input) = check.inner.into_inner().into_inner();
        check.inner = TsvQuotes::new(Cursor::new(rest).chain(input), false);
        check.state = QuoteState::StartRecord;
        check.record = record;
        check.line = opened_line + 1;
        check.problems.clear();
        check.starts.clear();
        self.record_base = record;
        self.line_base = opened_line;
        self.csv = Some(parser(check, self.delimiter, false, self.quoting));
    }
}

/// A quote problem as an error message says it.
fn describe(problem: &QuoteProblem) -> String {
    match problem {
        QuoteProblem::TextAfterQuote { field } => format!("text after the closing quote of field {field}"),
        QuoteProblem::Unterminated { opened_line, closed_line: None } => format!("unterminated quote opened at line {opened_line}"),
        QuoteProblem::Unterminated { opened_line, closed_line: Some(closed) } => {
            format!("unterminated quote opened at line {opened_line} (the quote on line {closed} is followed by text)")
        }
        QuoteProblem::Literal { field, .. } => format!("field {field} is partly quoted"),
    }
}

impl<R: Read> Iterator for CsvReader<R> {
    type Item = Result<Pair, FormatError>;

    /// The next pair. A record whose field count differs from the
    /// header's, or whose quotes are wrong, is an error naming its record
    /// number, and reading may go on past it (after an unterminated quote,
    /// from the line after the one it opened on); any other error ends
    /// the file.
    fn next(&mut self) -> Option<Self::Item> {
        let csv = self.csv.as_mut()?;
        match csv.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => return None,
            Err(e) => {
                let mut error = record_error(&self.file, &e);
                if let FormatError::Record { record, line, .. } = &mut error {
                    *record += self.record_base;
                    *line += self.line_base;
                }
                return Some(Err(error));
            }
        }
        let (record, line) = self.record.position().map_or((0, 0), |p| (self.record_base + p.record() + 1, self.line_base + p.line()));
        let check = csv.get_mut();
        let line = check.start_line(record).unwrap_or(line);
        let problems = check.take_problems(record);
        let mut literal: Vec<(usize, Vec<u8>)> = Vec::new();
        for problem in problems {
            match problem {
                QuoteProblem::Literal { field, text } => literal.push((field - 1, text)),
                QuoteProblem::Unterminated { opened_line, .. } => {
                    let problem = describe(&problem);
                    self.read_again(record, opened_line);
                    return Some(Err(FormatError::Record { file: self.file.clone(), record, line, problem }));
                }
                problem => return Some(Err(FormatError::Record { file: self.file.clone(), record, line, problem: describe(&problem) })),
            }
        }
        if self.record.len() != self.fields {
            let problem = format!("has {} fields, expected {}", self.record.len(), self.fields);
            return Some(Err(FormatError::Record { file: self.file.clone(), record, line, problem }));
        }
        let field = |i: usize| match literal.iter().find(|(f, _)| *f == i) {
            Some((_, text)) => String::from_utf8_lossy(text).into_owned(),
            None => self.record.get(i).unwrap_or_default().to_string(),
        };
        let [src_lang, tgt_lang, origin, created_by, created_at] = self.extras.map(|column| column.map(field));
        let extras = RowExtras { src_lang, tgt_lang, origin, created_by, created_at };
        Some(Ok(Pair { source: field(self.source), target: field(self.target), record, line, extras }))
    }
}

/// Reads pairs from CSV or TSV with named (or numbered) columns and the
/// format's separator; see [`CsvReader`] for detection.
pub fn read_pairs<R: Read>(
    reader: R,
    file: &str,
    format: Format,
    columns: &Columns,
) -> Result<impl Iterator<Item = Result<Pair, FormatError>> + use<R>, FormatError> {
    let options = CsvOptions {
        delimiter: Some(format.delimiter()),
        source_column: Some(columns.source.clone()),
        target_column: Some(columns.target.clone()),
        ..CsvOptions::default()
    };
    CsvReader::new(reader, file, &options)
}

fn io_error(file: &str, error: std::io::Error) -> FormatError {
    match InvalidText::from_io(&error) {
        Some(invalid) => FormatError::Encoding { file: file.to_string(), problem: invalid.clone() },
        None => FormatError::Io { file: file.to_string(), source: error },
    }
}

fn record_error(file: &str, error: &csv::Error) -> FormatError {
    if let csv::ErrorKind::Io(e) = error.kind()
        && let Some(invalid) = InvalidText::from_io(e)
    {
        return FormatError::Encoding { file: file.to_string(), problem: invalid.clone() };
    }
    let (record, line) = error.position().map_or((0, 0), |p| (p.record() + 1, p.line()));
    let problem = match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!("has {len} fields, expected {expected_len}"),
        csv::ErrorKind::Utf8 { err, .. } => format!("invalid UTF-8 in field {}", err.field() + 1),
        csv::ErrorKind::Io(e) => e.to_string(),
        _ => error.to_string(),
    };
    FormatError::Record { file: file.to_string(), record, line, problem }
}

/// Writes pairs as CSV or TSV with a `source,target` header (plus the
/// extra columns named in `extra_headers`, filled per row).
pub struct PairWriter<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> PairWriter<W> {
    /// A writer whose first line is the header. With `bom`, the file
    /// starts with a UTF-8 byte-order mark, which Excel needs to read
    /// non-Latin text correctly; CSV lines then end in CRLF too.
    pub fn new(mut writer: W, format: Format, headers: &[&str], bom: bool) -> csv::Result<PairWriter<W>> {
        let mut builder = csv::WriterBuilder::new();
        if bom {
            writer.write_all("\u{feff}".as_bytes())?;
            builder.terminator(csv::Terminator::CRLF);
        }
        let mut csv = builder.delimiter(format.delimiter()).from_writer(writer);
        csv.write_record(headers)?;
        Ok(PairWriter { csv })
    }

    pub fn write(&mut self, fields: &[&str]) -> csv::Result<()> {
        self.csv.write_record(fields)
    }

    pub fn finish(mut self) -> csv::Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_with_commas_quotes_and_newlines() {
        let data = "Source,TARGET\n\"a, b\",\"He said \"\"no\"\"\"\n\"line one\nline two\",x\n";
        let pairs: Vec<Pair> =
            read_pairs(data.as_bytes(), "t.csv", Format::Csv, &Columns::default()).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].source, "a, b");
        assert_eq!(pairs[0].target, "He said \"no\"");
        assert_eq!(pairs[1].source, "line one\nline two");
        assert_eq!((pairs[1].record, pairs[1].line), (3, 3));
    }

    #[test]
    fn a_short_record_is_an_error_naming_its_record() {
        let data = "source,target\na,b\nc\n";
        let results: Vec<_> = read_pairs(data.as_bytes(), "bad.csv", Format::Csv, &Columns::default()).unwrap().collect();
        let message = results[1].as_ref().unwrap_err().to_string();
        assert!(message.starts_with("bad.csv: record 3 (line 3)"), "{message}");
    }

    #[test]
    fn an_unterminated_quote_at_the_end_is_rejected_and_the_lines_after_it_read_again() {
        let data = "source,target\na,b\n\"x,y\nc,d\ne,f\n";
        let results: Vec<_> = read_pairs(data.as_bytes(), "t.csv", Format::Csv, &Columns::default()).unwrap().collect();
        let shown: Vec<String> = results
            .iter()
            .map(|r| match r {
                Ok(p) => format!("{} {} {}|{}", p.record, p.line, p.source, p.target),
                Err(e) => e.to_string(),
            })
            .collect();
        assert_eq!(shown, ["2 2 a|b", "t.csv: record 3 (line 3): unterminated quote opened at line 3", "4 4 c|d", "5 5 e|f"]);
    }

    #[test]
    fn text_after_a_quoted_field_of_several_lines_rejects_that_record_only() {
        // the closing quote ends a word, so the quote did close: text after it
        let data = "source,target\n\"line one\nline two\" more,x\nc,d\n";
        let results: Vec<_> = read_pairs(data.as_bytes(), "t.csv", Format::Csv, &Columns::default()).unwrap().collect();
        assert_eq!(results[0].as_ref().unwrap_err().to_string(), "t.csv: record 2 (line 2): text after the closing quote of field 1");
        assert_eq!(results[1].as_ref().unwrap().source, "c");
        assert_eq!(results.len(), 2);
    }

    proptest::proptest! {
        /// Whatever the texts, what the csv crate writes (CSV or TSV, LF or
        /// CRLF) reads back the same, with no quote problem reported and
        /// every record numbered as the parser numbers it.
        #[test]
        fn written_files_read_back_the_same(
            rows in proptest::collection::vec(("[a-c \",\t\r\n]{0,8}", "[a-c \",\t\r\n]{0,8}"), 1..12),
            tsv: bool,
            crlf: bool,
        ) {
            let format = if tsv { Format::Tsv } else { Format::Csv };
            let mut builder = csv::WriterBuilder::new();
            builder.delimiter(format.delimiter());
            if crlf {
                builder.terminator(csv::Terminator::CRLF);
            }
            let mut writer = builder.from_writer(Vec::new());
            writer.write_record(["source", "target"]).unwrap();
            for (s, t) in &rows {
                writer.write_record([s, t]).unwrap();
            }
            let data = writer.into_inner().unwrap();
            let pairs: Vec<Pair> = read_pairs(&data[..], "p.csv", format, &Columns::default()).unwrap().collect::<Result<_, _>>().unwrap();
            let got: Vec<(String, String)> = pairs.iter().map(|p| (p.source.clone(), p.target.clone())).collect();
            proptest::prop_assert_eq!(&got, &rows);
            let numbers: Vec<u64> = pairs.iter().map(|p| p.record).collect();
            proptest::prop_assert_eq!(numbers, (2..rows.len() as u64 + 2).collect::<Vec<_>>());
        }
    }

    /// Regression: after CRLF line ends (Excel's, and `export --bom`'s) or
    /// a blank line, records were placed on the line before their own.
    #[test]
    fn records_after_crlf_and_blank_lines_are_on_their_own_line() {
        let data = "source,target\r\na,b\r\n\r\nc\r\n\"d\r\nd\",e\r\nf,g\n";
        let results: Vec<_> = read_pairs(data.as_bytes(), "t.csv", Format::Csv, &Columns::default()).unwrap().collect();
        let places: Vec<(u64, u64)> = results
            .iter()
            .map(|r| match r {
                Ok(p) => (p.record, p.line),
                Err(FormatError::Record { record, line, .. }) => (*record, *line),
                Err(e) => panic!("{e}"),
            })
            .collect();
        assert_eq!(places, [(2, 2), (3, 4), (4, 5), (5, 7)]);
        let literal = CsvOptions { no_quotes: true, ..CsvOptions::default() };
        let reader = CsvReader::new("source\ttarget\r\n\r\n\"a\t\"b\r\n".as_bytes(), "t.tsv", &literal).unwrap();
        let pair = reader.into_iter().next().unwrap().unwrap();
        assert_eq!((pair.record, pair.line, pair.source.as_str()), (2, 3, "\"a"));
    }

    #[test]
    fn separators_are_detected() {
        let cases: [(&str, Option<u8>); 6] = [
            ("source,target\nHello,Bonjour\n", Some(b',')),
            ("source;target\n\"Hello, world\";\"Bonjour, monde\"\n", Some(b';')),
            ("en\tfr\nHello, world; hi\tBonjour, monde\n", Some(b'\t')),
            ("a,b;c\nd,e;f\n", Some(b',')),
            ("\"multi\nline\",x\ny,z\n", Some(b',')),
            ("just one column\nno separators\n", None),
        ];
        for (sample, want) in cases {
            assert_eq!(detect_delimiter(sample.as_bytes(), true), want, "{sample:?}");
        }
    }

    /// Regression: a TSV field opening with a quote that is text made the
    /// quote swallow the tab, and the separator was guessed as a comma.
    #[test]
    fn a_leading_quote_that_is_text_keeps_tsv_and_its_fields() {
        let data = "source\ttarget\n\" = align right\t\" = aligné à droite\n\"a\tb\"\t\"say \"\"hi\"\"\"\n";
        assert_eq!(detect_delimiter(data.as_bytes(), true), Some(b'\t'));
        let reader = CsvReader::new(data.as_bytes(), "t.tsv", &CsvOptions::default()).unwrap();
        let pairs: Vec<(String, String)> = reader.map(|p| p.map(|p| (p.source, p.target))).collect::<Result<_, _>>().unwrap();
        let want = [("\" = align right", "\" = aligné à droite"), ("a\tb", "say \"hi\"")];
        assert_eq!(pairs, want.map(|(s, t)| (s.to_string(), t.to_string())));
    }

    #[test]
    fn header_names_and_language_codes_choose_columns() {
        let read = |data: &str, options: CsvOptions| {
            let reader = CsvReader::new(data.as_bytes(), "t.csv", &options).unwrap();
            let langs = (reader.src_lang.clone().map(|l| l.to_string()), reader.tgt_lang.clone().map(|l| l.to_string()));
            let pair = reader.into_iter().next().unwrap().unwrap();
            (pair.source, pair.target, langs)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(read("id,TGT,Src\n1,b,a\n", CsvOptions::default()), ("a".into(), "b".into(), (None, None)));
        assert_eq!(read("fr,en\nb,a\n", CsvOptions::default()), ("b".into(), "a".into(), (some("fr"), some("en"))));
        let ar = CsvOptions { src_lang: Some(Lang::parse("ar").unwrap()), ..CsvOptions::default() };
        assert_eq!(read("en-GB,AR\nb,a\n", ar), ("a".into(), "b".into(), (some("ar"), some("en-GB"))));
        let quotes_are_text = CsvOptions { no_quotes: true, ..CsvOptions::default() };
        assert_eq!(read("source\ttarget\n\" = right\t\" = droite\n", quotes_are_text).1, "\" = droite");
        let missing = CsvReader::new("left,right\na,b\n".as_bytes(), "t.csv", &CsvOptions::default());
        assert!(missing.err().unwrap().to_string().starts_with("t.csv: no source column in the header (left, right)"));
    }

    #[test]
    fn provenance_columns_are_read_only_beside_language_columns() {
        let first = |data: &str| read_pairs(data.as_bytes(), "t.csv", Format::Csv, &Columns::default()).unwrap().next().unwrap().unwrap();
        let exported = first("source,target,src_lang,tgt_lang,origin,created_by,created_at\na,b,en,fr,d.csv:3,rana,2024-01-02T03:04:05Z\n");
        assert_eq!(exported.extras.src_lang.as_deref(), Some("en"));
        assert_eq!(exported.extras.origin.as_deref(), Some("d.csv:3"));
        assert_eq!(exported.extras.created_by.as_deref(), Some("rana"));
        let sheet = first("source,target,origin\na,b,Reuters\n");
        assert_eq!(sheet.extras, RowExtras::default());
    }

    #[test]
    fn columns_by_number_and_missing_names() {
        let data = "en\tar\nyes\tنعم\n";
        let columns = Columns { source: "2".into(), target: "1".into() };
        let pairs: Vec<Pair> = read_pairs(data.as_bytes(), "t.tsv", Format::Tsv, &columns).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!((pairs[0].source.as_str(), pairs[0].target.as_str()), ("نعم", "yes"));
        assert!(read_pairs(data.as_bytes(), "t.tsv", Format::Tsv, &Columns::default()).is_err());
    }
}
