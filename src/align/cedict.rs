//! Reading CC-CEDICT (the `cedict_ts` text format, gzipped or not), the
//! public Chinese → English dictionary: `#` lines are the header, every
//! other line is `Traditional Simplified [pin1 yin1] /gloss 1/gloss 2/`.
//!
//! A gloss gives word pairs when it is short: "to go" gives (去, go),
//! "ceasefire agreement" gives (停火协议, ceasefire) and (…, agreement);
//! notes in brackets, classifiers (`CL:…`), cross references ("see …",
//! "variant of …") and glosses of more than three words are
//! left out (see `MAX_GLOSS_WORDS`). Both the simplified and the traditional form are headwords.

use super::lexicon::LexiconError;
use std::io::Read;
use std::path::Path;

/// Glosses longer than this many words are explanations, not
/// translations a sentence would use ("to walk slowly while looking
/// around"): a round figure.
const MAX_GLOSS_WORDS: usize = 3;

/// English words a gloss uses for its grammar, not its meaning.
const GLOSS_STOPWORDS: &[&str] = &[
    "a", "an", "the", "to", "of", "and", "or", "in", "on", "at", "for", "with", "by", "from", "one's", "sb", "sth", "sb's", "sth's", "be",
    "is", "as", "oneself", "etc",
];

/// Every (Chinese headword, English word) pair of a CC-CEDICT file. Fails
/// on an unreadable file or an entry line without its `[pinyin] /…/`
/// parts (naming the line).
pub fn read_cedict(path: &Path) -> Result<Vec<(String, String)>, LexiconError> {
    let read_err = |source| LexiconError::Read { path: path.to_path_buf(), source };
    let raw = std::fs::read(path).map_err(read_err)?;
    let bytes = if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut out).map_err(read_err)?;
        out
    } else {
        raw
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut pairs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(entry) = parse_line(line) else {
            return Err(LexiconError::Cedict { path: path.to_path_buf(), line: n + 1 });
        };
        for word in entry.words {
            pairs.push((entry.simplified.to_string(), word.clone()));
            if entry.traditional != entry.simplified {
                pairs.push((entry.traditional.to_string(), word));
            }
        }
    }
    Ok(pairs)
}

struct Entry<'a> {
    traditional: &'a str,
    simplified: &'a str,
    words: Vec<String>,
}

/// One entry line, or `None` when it lacks its parts.
fn parse_line(line: &str) -> Option<Entry<'_>> {
    let (heads, rest) = line.split_once(" [")?;
    let (traditional, simplified) = heads.split_once(' ')?;
    let (_, glosses) = rest.split_once("] /")?;
    let mut words = Vec::new();
    for gloss in glosses.trim_end().trim_end_matches('/').split('/') {
        for word in gloss_words(gloss) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
    }
    Some(Entry { traditional: traditional.trim(), simplified: simplified.trim(), words })
}

/// The English words of one gloss worth pairing with its headword.
fn gloss_words(gloss: &str) -> Vec<String> {
    let lower = gloss.trim().to_lowercase();
    if lower.starts_with("cl:") || lower.starts_with("see ") || lower.contains("variant of") || lower.starts_with("old variant") {
        return Vec::new();
    }
    // notes in brackets: "(coll.)", "(literary)", "[lit.]"
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in lower.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = plain
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty() && !GLOSS_STOPWORDS.contains(w))
        .collect();
    if words.is_empty() || words.len() > MAX_GLOSS_WORDS {
        return Vec::new();
    }
    words.into_iter().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glosses_give_their_content_words() {
        let entry = parse_line("停火協議 停火协议 [ting2 huo3 xie2 yi4] /ceasefire agreement/").unwrap();
        assert_eq!((entry.traditional, entry.simplified), ("停火協議", "停火协议"));
        assert_eq!(entry.words, ["ceasefire", "agreement"]);
        let entry = parse_line("去 去 [qu4] /to go/to go to (a place)/(of a time etc) last/to remove/CL:個|个[ge4]/").unwrap();
        assert_eq!(entry.words, ["go", "last", "remove"], "the note in brackets is no translation");
        let entry = parse_line("哈尼亞 哈尼亚 [Ha1 ni2 ya4] /Chania, a city in Crete, Greece/").unwrap();
        assert!(entry.words.is_empty(), "an explanation, not a translation: {:?}", entry.words);
        assert!(parse_line("中國 中国 /China/").is_none(), "no pinyin");
    }

    #[test]
    fn a_gzipped_file_reads_like_a_plain_one_and_a_bad_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let text = "# CC-CEDICT\n中國 中国 [Zhong1 guo2] /China/\n二十 二十 [er4 shi2] /twenty/\n";
        let plain = dir.path().join("cedict.txt");
        std::fs::write(&plain, text).unwrap();
        let zipped = dir.path().join("cedict.txt.gz");
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut encoder, text.as_bytes()).unwrap();
        std::fs::write(&zipped, encoder.finish().unwrap()).unwrap();
        let want = vec![("中国".to_string(), "china".to_string()), ("中國".into(), "china".into()), ("二十".into(), "twenty".into())];
        assert_eq!(read_cedict(&plain).unwrap(), want);
        assert_eq!(read_cedict(&zipped).unwrap(), want);
        std::fs::write(&plain, "中國 中国 [Zhong1 guo2] /China/\n中國 中国\n").unwrap();
        let err = read_cedict(&plain).unwrap_err().to_string();
        assert!(err.ends_with("cedict.txt:2: expected `Traditional Simplified [pinyin] /gloss/…/`"), "{err}");
    }
}
