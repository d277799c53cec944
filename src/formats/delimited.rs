//! CSV and TSV pairs, as spreadsheets and other tools write them: the
//! separator (comma, semicolon or tab) is detected, a BOM and UTF-16 are
//! handled (see [`Utf8Input`]), quoted fields may hold separators, quotes
//! and line breaks. A header row names the columns: `source`/`target`,
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
    for delimiter in [b'\t', b',', b';'] {
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
    headers.iter().position(|h| h.trim().eq_ignore_ascii_case(wanted)).ok_or_else(|| FormatError::Header {
        file: file.into(),
        problem: format!(
            "no column named '{wanted}' in the header ({}); name the columns with --source-column/--target-column",
            headers.iter().collect::<Vec<_>>().join(", ")
        ),
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

/// Reads pairs from CSV or TSV, streaming; see [`CsvOptions`].
pub struct CsvReader<R: Read> {
    records: csv::StringRecordsIntoIter<std::io::Chain<Cursor<Vec<u8>>, Utf8Input<R>>>,
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

impl<R: Read> CsvReader<R> {
    /// Reads the header (and detects the separator) at once; fails if the
    /// columns are not there or the start of the file is not text.
    pub fn new(reader: R, file: &str, options: &CsvOptions) -> Result<CsvReader<R>, FormatError> {
        let mut input = Utf8Input::new(reader);
        let mut sample = Vec::with_capacity(SNIFF_BYTES);
        (&mut input).take(SNIFF_BYTES as u64).read_to_end(&mut sample).map_err(|e| io_error(file, e))?;
        let delimiter = options.delimiter.or_else(|| detect_delimiter(&sample, !options.no_quotes)).unwrap_or(b',');
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(!options.no_header)
            .quoting(!options.no_quotes)
            .flexible(false)
            .from_reader(Cursor::new(sample).chain(input));
        let headers = csv.headers().map_err(|e| record_error(file, &e))?.clone();
        let [(source, src_lang), (target, tgt_lang)] = choose_columns(&headers, options, file)?;
        let extras = RowExtras::COLUMNS
            .map(|name| if options.no_header { None } else { headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name)) });
        Ok(CsvReader { records: csv.into_records(), source, target, extras, file: file.to_string(), delimiter, src_lang, tgt_lang })
    }

    /// Whether the file has `src_lang`/`tgt_lang` columns (as dragoman's
    /// export writes), so that each row may name its own languages.
    pub fn has_language_columns(&self) -> bool {
        self.extras[0].is_some() || self.extras[1].is_some()
    }
}

impl<R: Read> Iterator for CsvReader<R> {
    type Item = Result<Pair, FormatError>;

    /// The next pair. A record whose field count differs from the
    /// header's is an error naming its record number, and reading may go
    /// on past it; any other error ends the file.
    fn next(&mut self) -> Option<Self::Item> {
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(e) => return Some(Err(record_error(&self.file, &e))),
        };
        let (record_number, line) = record.position().map_or((0, 0), |p| (p.record() + 1, p.line()));
        let field = |i: usize| record.get(i).unwrap_or_default().to_string();
        let [src_lang, tgt_lang, origin, created_by, created_at] = self.extras.map(|column| column.map(field));
        let extras = RowExtras { src_lang, tgt_lang, origin, created_by, created_at };
        Some(Ok(Pair { source: field(self.source), target: field(self.target), record: record_number, line, extras }))
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
    fn columns_by_number_and_missing_names() {
        let data = "en\tar\nyes\tنعم\n";
        let columns = Columns { source: "2".into(), target: "1".into() };
        let pairs: Vec<Pair> = read_pairs(data.as_bytes(), "t.tsv", Format::Tsv, &columns).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!((pairs[0].source.as_str(), pairs[0].target.as_str()), ("نعم", "yes"));
        assert!(read_pairs(data.as_bytes(), "t.tsv", Format::Tsv, &Columns::default()).is_err());
    }
}
