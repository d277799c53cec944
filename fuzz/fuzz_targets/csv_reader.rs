//! Any bytes as CSV/TSV, with separator and column detection: pairs or
//! errors, never a panic.
#![no_main]

use dragoman::formats::delimited::{CsvOptions, CsvReader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = [
        CsvOptions::default(),
        CsvOptions { src_lang: "ar".parse().ok(), tgt_lang: "en".parse().ok(), ..CsvOptions::default() },
        CsvOptions { no_header: true, no_quotes: true, ..CsvOptions::default() },
    ];
    for options in &options {
        let Ok(reader) = CsvReader::new(data, "fuzz.csv", options) else { continue };
        for pair in reader.take(10_000) {
            if let Err(e) = pair {
                assert!(e.to_string().starts_with("fuzz.csv: "));
            }
        }
    }
});
