//! What kind of file this is, from its first bytes (and its name as a
//! hint): TMX, CSV/TSV, XLIFF and PO, which import reads, and the formats
//! people hand it by mistake (a TBX glossary; a Word file or HTML page,
//! which are jobs to pretranslate, not memories; other ZIP files, PDF,
//! binary data), so that the error says what the file is and what to do
//! with it instead of a CSV parser's complaint about it.
//!
//! ```
//! use dragoman::formats::detect::{FileKind, detect};
//!
//! assert_eq!(detect(b"<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">", "x.xml"), FileKind::Tmx);
//! assert_eq!(detect(b"source,target\nHello,Bonjour\n", "x.txt"), FileKind::Delimited);
//! assert_eq!(detect(b"<xliff version=\"1.2\">", "x.xlf"), FileKind::Xliff);
//! assert!(detect(b"PK\x03\x04\x14\0", "report.docx").unsupported("report.docx").unwrap().contains("Word"));
//! ```

/// How many bytes detection wants to see (it works on fewer): enough for
/// an XML declaration, a DOCTYPE and comments before the root element.
pub const SNIFF_BYTES: usize = 8 << 10;

/// What to do with a Word file or HTML page given to import: it is a job.
/// `pretranslate` writes the translated document and an XLIFF to review it
/// in; that XLIFF, once reviewed, is what import takes (its finished units).
const DOCUMENT_JOB: &str = "count it with `dragoman analyze`, translate it with `dragoman pretranslate` (which writes an XLIFF to review beside the translated document), and import that XLIFF once reviewed";

/// What a file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// XML whose root is `<tmx>`, or XML whose root was not seen in the
    /// bytes looked at (the TMX reader then says what it is).
    Tmx,
    /// Text that is not XML or PO: CSV or TSV.
    Delimited,
    Xliff,
    Tbx,
    /// Gettext PO (`msgid`/`msgstr`).
    Po,
    Html,
    /// XML with another root element, named.
    Xml {
        root: String,
    },
    /// A ZIP archive (Word .docx, Excel .xlsx, OpenDocument …).
    Zip,
    Pdf,
    /// Not text in any encoding read (NUL bytes, or bytes that are not UTF-8).
    Binary,
}

impl FileKind {
    /// Whether import reads this kind.
    pub fn is_supported(&self) -> bool {
        matches!(self, FileKind::Tmx | FileKind::Delimited | FileKind::Xliff | FileKind::Po)
    }

    /// For a kind import does not read: what the file is, as the rest of
    /// an error message that starts with the file's name (`name` tells a
    /// Word file from an Excel one).
    pub fn unsupported(&self, name: &str) -> Option<String> {
        let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        Some(match self {
            FileKind::Tmx | FileKind::Delimited | FileKind::Xliff | FileKind::Po => return None,
            FileKind::Tbx => "a TBX termbase, not a translation memory: use `dragoman glossary import`".to_string(),
            FileKind::Html => format!("an HTML page, not a translation memory: {DOCUMENT_JOB}"),
            FileKind::Xml { root } => format!("XML with root element <{root}>, not TMX (<tmx>)"),
            FileKind::Zip => match extension.as_str() {
                "docx" | "doc" | "docm" => {
                    format!("this is a ZIP file (Word .docx?), a document to translate, not a translation memory: {DOCUMENT_JOB}")
                }
                "xlsx" | "xlsm" => "this is a ZIP file (Excel .xlsx?); save the sheet as CSV (UTF-8) and import that".to_string(),
                "odt" | "ods" => "this is a ZIP file (OpenDocument?); save it as CSV (UTF-8) and import that".to_string(),
                _ => "this is a ZIP archive; unpack it and import the TMX, CSV or TSV inside".to_string(),
            },
            FileKind::Pdf => "this is a PDF document; dragoman cannot import PDF".to_string(),
            FileKind::Binary => "this is a binary file, not text (TMX, CSV or TSV)".to_string(),
        })
    }
}

/// The kind of the file whose first bytes are `start` (up to
/// [`SNIFF_BYTES`]; fewer when the file is shorter). The content decides;
/// `name` only breaks ties (a `.po` name with `msgid` lines).
pub fn detect(start: &[u8], name: &str) -> FileKind {
    if start.starts_with(b"PK\x03\x04") || start.starts_with(b"PK\x05\x06") {
        return FileKind::Zip;
    }
    if start.starts_with(b"%PDF-") {
        return FileKind::Pdf;
    }
    let text = match as_text(start) {
        Some(text) => text,
        None => return FileKind::Binary,
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('<') {
        return match root_element(text) {
            Some(root) => {
                let local = root.rsplit(':').next().unwrap_or(&root).to_ascii_lowercase();
                match local.as_str() {
                    "tmx" => FileKind::Tmx,
                    "xliff" => FileKind::Xliff,
                    "martif" | "tbx" => FileKind::Tbx,
                    "html" => FileKind::Html,
                    _ => FileKind::Xml { root },
                }
            }
            None if text.get(..14).is_some_and(|t| t.eq_ignore_ascii_case("<!doctype html")) => FileKind::Html,
            None => FileKind::Tmx,
        };
    }
    let po_name = name.to_ascii_lowercase().ends_with(".po") || name.to_ascii_lowercase().ends_with(".pot");
    let first_line = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#'));
    if first_line.is_some_and(|l| l.starts_with("msgid ") || l.starts_with("msgctxt ")) || (po_name && text.contains("\nmsgid ")) {
        return FileKind::Po;
    }
    FileKind::Delimited
}

/// The start of a file as text for sniffing: UTF-8 (cut where a sequence
/// is incomplete; windows-1252 passes too), or UTF-16 told by its BOM or,
/// without one, by NUL bytes in every other place (ASCII in UTF-16);
/// `None` for anything else.
fn as_text(start: &[u8]) -> Option<String> {
    let utf16 = |bytes: &[u8], little: bool| {
        let units = bytes.chunks_exact(2).map(|p| if little { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect::<String>()
    };
    match start {
        [0xFF, 0xFE, rest @ ..] => return Some(utf16(rest, true)),
        [0xFE, 0xFF, rest @ ..] => return Some(utf16(rest, false)),
        _ => {}
    }
    if let Some(little) = crate::formats::input::utf16_without_bom(start) {
        return Some(utf16(start, little));
    }
    // a NUL near the start (where binary formats put their headers), or
    // NULs in more than 1% of the sample, is not text; a stray control
    // character in a CSV record is that record's problem (it is rejected)
    let nuls = start.iter().filter(|&&b| b == 0).count();
    if start[..start.len().min(512)].contains(&0) || nuls * 100 > start.len() {
        return None;
    }
    match std::str::from_utf8(start) {
        Ok(text) => Some(text.to_string()),
        // cut in the middle of a character by the sample's end
        Err(e) if e.error_len().is_none() => Some(String::from_utf8_lossy(&start[..e.valid_up_to()]).into_owned()),
        // windows-1252 text has stray high bytes but no control bytes
        Err(_) if start.iter().all(|&b| b >= b' ' || matches!(b, b'\t' | b'\n' | b'\r')) => {
            Some(String::from_utf8_lossy(start).into_owned())
        }
        Err(_) => None,
    }
}

/// The name of the root element of XML text, past the declaration,
/// comments, processing instructions and a DOCTYPE; `None` if it is not
/// in `text`.
fn root_element(text: &str) -> Option<String> {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if rest.starts_with("<!") {
            // a DOCTYPE, perhaps with an internal subset in brackets
            let mut depth = 0;
            let end = rest.char_indices().find(|&(_, c)| {
                match c {
                    '[' => depth += 1,
                    ']' => depth -= 1,
                    '>' if depth == 0 => return true,
                    _ => {}
                }
                false
            })?;
            rest = &rest[end.0 + 1..];
        } else {
            let name = rest.strip_prefix('<')?;
            let end = name.find(|c: char| c.is_whitespace() || c == '>' || c == '/')?;
            return (end > 0).then(|| name[..end].to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_by_their_content() {
        let utf16le: Vec<u8> = "source,target\r\nHello,Bonjour\r\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let cases: [(&[u8], &str, FileKind); 13] = [
            (b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x -->\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n<tmx>", "a.tmx", FileKind::Tmx),
            (b"<?xml version=\"1.0\"?><xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">", "a.xlf", FileKind::Xliff),
            (b"<?xml version=\"1.0\"?><!DOCTYPE martif [<!ENTITY a \"b\">]><martif type=\"TBX\">", "a.tbx", FileKind::Tbx),
            (b"<tbx type=\"TBX-Basic\">", "a.tbx", FileKind::Tbx),
            (b"<?xml version=\"1.0\"?><resources><string name=\"a\">", "strings.xml", FileKind::Xml { root: "resources".into() }),
            (b"<!DOCTYPE html><html><body>", "page.csv", FileKind::Html),
            (b"# Translators\nmsgid \"\"\nmsgstr \"\"\n", "fr.po", FileKind::Po),
            (b"PK\x03\x04\x14\0\x06\0", "x.docx", FileKind::Zip),
            (b"%PDF-1.7\n", "x.csv", FileKind::Pdf),
            (b"\x7fELF\x02\x01\x01\0\0\0", "dragoman", FileKind::Binary),
            (&utf16le, "sheet.csv", FileKind::Delimited),
            ("en\tar\nyes\tنعم\n".as_bytes(), "a.tsv", FileKind::Delimited),
            (b"source,target\n\"msgid \"\"x\"\"\",y\n", "a.csv", FileKind::Delimited),
        ];
        // one stray control character far into a CSV is that record's problem
        let mut csv = "source,target\n".to_string() + &"Hello,Bonjour\n".repeat(60);
        csv.push_str("Bell\u{7}\0,Cloche\n");
        assert_eq!(detect(csv.as_bytes(), "a.csv"), FileKind::Delimited);
        for (bytes, name, want) in cases {
            assert_eq!(detect(bytes, name), want, "{name}: {}", String::from_utf8_lossy(bytes));
        }
    }

    #[test]
    fn unsupported_kinds_say_what_they_are() {
        let word = FileKind::Zip.unsupported("x.docx").unwrap();
        assert!(word.starts_with("this is a ZIP file (Word .docx?), a document to translate, not a translation memory: "), "{word}");
        assert!(word.contains("`dragoman pretranslate`") && word.contains("import that XLIFF") && !word.contains("yet"), "{word}");
        assert!(FileKind::Html.unsupported("x.html").unwrap().contains("`dragoman pretranslate`"));
        assert_eq!(FileKind::Xliff.unsupported("x.xlf"), None);
        assert!(FileKind::Tbx.unsupported("x.tbx").unwrap().contains("glossary import"));
        assert!(FileKind::Xml { root: "resources".into() }.unsupported("s.xml").unwrap().contains("<resources>"));
        assert_eq!(FileKind::Tmx.unsupported("a.tmx"), None);
    }
}
