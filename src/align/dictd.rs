//! Reading FreeDict dictionaries in the dictd format that Debian's
//! `dict-freedict-*` packages install (`/usr/share/dictd/NAME.index` and
//! `NAME.dict.dz`): the index gives each headword's offset and length
//! (base-64 numbers) in the dictionary text, gzip-compressed or not.
//!
//! An entry's first line repeats the headword (with pronunciation and
//! part of speech); translations are on the following lines, numbered
//! `1. maison, foyer` when there are several senses, unnumbered when
//! there is one; other lines are glosses and are skipped.

use super::lexicon::LexiconError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The two files of a dictd dictionary, from the path of either.
pub fn dictd_files(path: &Path) -> (PathBuf, PathBuf) {
    let text = path.to_string_lossy();
    let stem = text.trim_end_matches(".dz").trim_end_matches(".dict").trim_end_matches(".index").to_string();
    let index = PathBuf::from(format!("{stem}.index"));
    let compressed = PathBuf::from(format!("{stem}.dict.dz"));
    let dict = if compressed.exists() { compressed } else { PathBuf::from(format!("{stem}.dict")) };
    (index, dict)
}

/// Every (headword, translation) pair of a dictd dictionary, in index
/// order; the `00-database-…` metadata entries are left out. Fails when
/// a file cannot be read or a index line is malformed (naming the line).
pub fn read_dictd(index_path: &Path, dict_path: &Path) -> Result<Vec<(String, String)>, LexiconError> {
    let read_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| LexiconError::Read { path, source }
    };
    let index = std::fs::read_to_string(index_path).map_err(read_err(index_path))?;
    let raw = std::fs::read(dict_path).map_err(read_err(dict_path))?;
    let text = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out).map_err(read_err(dict_path))?;
        out
    } else {
        raw
    };
    let mut pairs = Vec::new();
    for (n, line) in index.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |problem: &str| LexiconError::Dictd { path: index_path.to_path_buf(), line: n + 1, problem: problem.to_string() };
        let mut cols = line.split('\t');
        let (Some(headword), Some(offset), Some(length)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(bad("expected headword, offset and length separated by tabs"));
        };
        let (Some(offset), Some(length)) = (base64_number(offset), base64_number(length)) else {
            return Err(bad("offset or length is not a dictd base-64 number"));
        };
        if headword.starts_with("00database") || headword.starts_with("00-database") || headword.is_empty() {
            continue;
        }
        let Some(entry) = text.get(offset..offset + length) else {
            return Err(bad("entry lies beyond the end of the dictionary file"));
        };
        let entry = String::from_utf8_lossy(entry);
        // the index key is folded (lower case, no punctuation); the
        // entry's first line has the headword as written
        let written = headword_of(&entry).unwrap_or(headword);
        for translation in translations(&entry) {
            pairs.push((written.to_string(), translation));
        }
    }
    Ok(pairs)
}

/// dictd's base-64 numbers: digits A–Z a–z 0–9 + /, most significant first.
fn base64_number(text: &str) -> Option<usize> {
    let mut value: usize = 0;
    for c in text.bytes() {
        let digit = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        value = value.checked_mul(64)?.checked_add(digit as usize)?;
    }
    (!text.is_empty()).then_some(value)
}

/// The headword as the entry's first line writes it, before its
/// pronunciation (/…/), part of speech (<…>) or notes ([…]).
fn headword_of(entry: &str) -> Option<&str> {
    let first = entry.lines().next()?;
    let end = [" /", " <", " ["].iter().filter_map(|m| first.find(m)).min().unwrap_or(first.len());
    let word = first[..end].trim();
    (!word.is_empty()).then_some(word)
}

/// The translations of one entry (see the module documentation).
fn translations(entry: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lines: Vec<&str> = entry.lines().skip(1).collect();
    let numbered = lines.iter().any(|l| sense_text(l).is_some());
    for (k, line) in lines.iter().enumerate() {
        let text = match sense_text(line) {
            Some(text) => text,
            None if !numbered && k == 0 && !line.starts_with(char::is_whitespace) => line.trim(),
            None => continue,
        };
        // "aller, marcher 2." (a stray sense number) and notes in brackets
        for part in text.split([',', ';']) {
            let part = part.trim().trim_end_matches(|c: char| c.is_ascii_digit() || c == '.').trim();
            let part = part.split(['(', '<', '[']).next().unwrap_or("").trim();
            if !part.is_empty() {
                out.push(part.to_string());
            }
        }
    }
    out
}

/// The text of a numbered sense line `2. partir, aller`.
fn sense_text(line: &str) -> Option<&str> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    line[digits..].strip_prefix(". ").map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_numbers_read_as_dictd_writes_them() {
        for (text, value) in
            [("A", 0), ("B", 1), ("BA", 64), ("c", 28), ("bWIQ", 27 * 64 * 64 * 64 + 22 * 64 * 64 + 8 * 64 + 16), ("/", 63)]
        {
            assert_eq!(base64_number(text), Some(value), "{text}");
        }
        assert_eq!(base64_number("a-b"), None);
        assert_eq!(base64_number(""), None);
    }

    #[test]
    fn the_headword_is_read_as_written() {
        assert_eq!(headword_of("0,2-Literflasche /ˈnʊlkɔmaˌt͡svaɪ/ <n, fem>\nbouteille\n"), Some("0,2-Literflasche"));
        assert_eq!(headword_of("Andalusian woman /ændələziənwumən/\nAndalouse\n"), Some("Andalusian woman"));
        assert_eq!(headword_of("Berg\nmont\n"), Some("Berg"));
    }

    #[test]
    fn translations_come_from_sense_lines_not_glosses() {
        let cases: &[(&str, &[&str])] = &[
            (
                "gehen /ɡeːn/ <v>\n1. aller, marcher 2.\nsich fortbewegen\n 3.\nfunktionieren\n2. partir\nverlassen\n",
                &["aller", "marcher", "partir"],
            ),
            ("Andorra /ændɔːrə/\nAndorre\n", &["Andorre"]),
            ("abel /aːbl̩/ <suffix>\nable\nnachgestelltes Wortbildungselement, das Verben ableitet\n", &["able"]),
            ("Bank <n>\n1. banque (institution)\n2. banc [meuble]\n", &["banque", "banc"]),
        ];
        for (entry, want) in cases {
            assert_eq!(translations(entry), *want, "{entry}");
        }
    }
}
