//! CSV and TSV pairs: a header row names the columns; the source and
//! target columns are found by name (`source`/`target` by default, any
//! case) or by 1-based number.
//!
//! ```
//! use dragoman::formats::delimited::{Columns, read_pairs};
//! use dragoman::formats::Format;
//!
//! let data = "source,target\n\"مرحبا، صديقي\",\"Hello, my friend\"\n";
//! let pairs = read_pairs(data.as_bytes(), "inline.csv", Format::Csv, &Columns::default()).unwrap();
//! let pairs: Vec<_> = pairs.collect::<Result<_, _>>().unwrap();
//! assert_eq!(pairs[0].target, "Hello, my friend");
//! ```

use super::{Format, FormatError, Pair};
use std::io::{Read, Write};

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

fn find_column(headers: &csv::StringRecord, wanted: &str, file: &str) -> Result<usize, FormatError> {
    if let Ok(n) = wanted.parse::<usize>() {
        if n >= 1 && n <= headers.len() {
            return Ok(n - 1);
        }
        return Err(FormatError::Header {
            file: file.into(),
            problem: format!("column {n} does not exist (the header has {} columns)", headers.len()),
        });
    }
    headers.iter().position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(wanted)).ok_or_else(|| FormatError::Header {
        file: file.into(),
        problem: format!(
            "no column named '{wanted}' in the header ({}); name the columns with --source-column/--target-column",
            headers.iter().collect::<Vec<_>>().join(", ")
        ),
    })
}

/// Reads pairs from CSV or TSV. The header is read at once (and an error
/// returned if the columns are not there); records are read as the
/// iterator is advanced. A record whose field count differs from the
/// header's is an error naming its record number.
pub fn read_pairs<R: Read>(
    reader: R,
    file: &str,
    format: Format,
    columns: &Columns,
) -> Result<impl Iterator<Item = Result<Pair, FormatError>> + use<R>, FormatError> {
    let mut csv = csv::ReaderBuilder::new().delimiter(format.delimiter()).has_headers(true).flexible(false).from_reader(reader);
    let headers = csv.headers().map_err(|e| record_error(file, &e))?.clone();
    let source = find_column(&headers, &columns.source, file)?;
    let target = find_column(&headers, &columns.target, file)?;
    let file = file.to_string();
    Ok(csv.into_records().map(move |record| {
        let record = record.map_err(|e| record_error(&file, &e))?;
        let (record_number, line) = record.position().map_or((0, 0), |p| (p.record() + 1, p.line()));
        Ok(Pair { source: record[source].to_string(), target: record[target].to_string(), record: record_number, line })
    }))
}

fn record_error(file: &str, error: &csv::Error) -> FormatError {
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
    pub fn new(writer: W, format: Format, headers: &[&str]) -> csv::Result<PairWriter<W>> {
        let mut csv = csv::WriterBuilder::new().delimiter(format.delimiter()).from_writer(writer);
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
    fn columns_by_number_and_missing_names() {
        let data = "en\tar\nyes\tنعم\n";
        let columns = Columns { source: "2".into(), target: "1".into() };
        let pairs: Vec<Pair> = read_pairs(data.as_bytes(), "t.tsv", Format::Tsv, &columns).unwrap().collect::<Result<_, _>>().unwrap();
        assert_eq!((pairs[0].source.as_str(), pairs[0].target.as_str()), ("نعم", "yes"));
        assert!(read_pairs(data.as_bytes(), "t.tsv", Format::Tsv, &Columns::default()).is_err());
    }
}
