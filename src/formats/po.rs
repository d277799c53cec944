//! gettext PO catalogues: a reader, a writer, and write-back of a read
//! catalogue with new translations.
//!
//! [`PoCatalogue::parse`] reads every part of an entry: `msgctxt`,
//! `msgid`, `msgid_plural`, `msgstr` / `msgstr[n]`, flags (`#, fuzzy`),
//! translator comments (`# `), extracted comments (`#.`), references
//! (`#:`), the previous strings (`#|`), obsolete entries (`#~`) and the
//! header entry (`msgid ""`) with its fields. Strings take the C escapes
//! gettext accepts (`\n \t \" \\ \r \a \b \f \v \' \?`, octal `\ooo` and
//! hex `\xHH`) and may continue over several lines. The file must be
//! UTF-8 (the header's `charset` says UTF-8, ASCII or the template's
//! `CHARSET`); a catalogue declaring ISO-8859-1 or windows-1252 is
//! decoded as windows-1252 (see [`super::input::Encoding::Windows1252`]
//! for why the two are read alike); any other charset is an error naming
//! the header's line. Every error names the file and line, e.g.
//! `x.po: line 12: msgstr without msgid`.
//!
//! [`PoCatalogue::write`] writes UTF-8 (a header that declared another
//! charset is rewritten to say so). An entry read from a file and not
//! changed since is written back exactly as it was read, comments and
//! line breaks included (line ends become LF); a changed or new one is
//! written the way `msgcat` lays it out: split after each line feed, and
//! wrapped after a space at 79 columns. Blank lines
//! between entries become one. What is written passes `msgfmt --check`
//! when the content allows it: a translation keeps the format directives
//! of its `c-format` source, a plural entry has the header's `nplurals`
//! forms, and a catalogue with plurals has a `Plural-Forms` header
//! ([`PoCatalogue::new`] writes the header fields msgfmt wants).
//!
//! An entry is built with [`PoEntry::new`] or [`PoEntry::plural`] (or
//! `PoEntry::default()`) and its public fields; the whole catalogue is
//! read into memory, which PO files, at most a few megabytes, allow.
//!
//! Plural entries keep one `msgstr[n]` per index. As translation-memory
//! pairs ([`PoEntry::pairs`]) a plural entry gives two: `msgid` ↔
//! `msgstr[0]` and `msgid_plural` ↔ `msgstr[1]`; the other forms (Arabic
//! has six) have no source of their own and are not paired.
//!
//! ```
//! use dragoman::formats::po::PoCatalogue;
//!
//! let po = r#"msgid ""
//! msgstr ""
//! "Language: fr\n"
//! "Content-Type: text/plain; charset=UTF-8\n"
//! "Plural-Forms: nplurals=2; plural=(n > 1);\n"
//!
//! #, fuzzy
//! msgctxt "button"
//! msgid "Publish"
//! msgstr "Publier"
//!
//! msgid "%d dispatch"
//! msgid_plural "%d dispatches"
//! msgstr[0] "%d dépêche"
//! msgstr[1] "%d dépêches"
//! "#;
//! let mut catalogue = PoCatalogue::parse(po.as_bytes(), "desk.po").unwrap();
//! assert_eq!(catalogue.header_field("Language"), Some("fr"));
//! assert_eq!(catalogue.nplurals(), Some(2));
//! assert!(catalogue.entries[0].is_fuzzy());
//! assert_eq!(catalogue.entries[0].msgctxt.as_deref(), Some("button"));
//! assert_eq!(catalogue.entries[1].pairs()[1], ("%d dispatches", "%d dépêches"));
//!
//! // the reviewer confirms the first translation
//! catalogue.entries[0].set_fuzzy(false);
//! let mut out = Vec::new();
//! catalogue.write(&mut out).unwrap();
//! let written = String::from_utf8(out).unwrap();
//! assert!(written.contains("msgctxt \"button\"\nmsgid \"Publish\"\nmsgstr \"Publier\"\n"));
//! assert!(!written.contains("fuzzy"));
//! ```

use super::FormatError;
use std::io::{Read, Write};

/// One PO entry (the header entry too).
#[derive(Debug, Clone, Default)]
pub struct PoEntry {
    /// `# ` lines, each without the `# `.
    pub translator_comments: Vec<String>,
    /// `#.` lines, each without the `#. `.
    pub extracted_comments: Vec<String>,
    /// `#:` lines as written (`src/desk.c:12 src/wire.c:40`), without the `#: `.
    pub references: Vec<String>,
    /// The `#,` flags in order (`fuzzy`, `c-format`, `no-wrap` …).
    pub flags: Vec<String>,
    /// `#| msgctxt`: the context before the last update.
    pub previous_msgctxt: Option<String>,
    /// `#| msgid`: the source text the fuzzy translation was made for.
    pub previous_msgid: Option<String>,
    /// `#| msgid_plural`.
    pub previous_msgid_plural: Option<String>,
    pub msgctxt: Option<String>,
    pub msgid: String,
    pub msgid_plural: Option<String>,
    /// One string for a singular entry; one per plural form (index `n`
    /// of `msgstr[n]`) for a plural entry.
    pub msgstr: Vec<String>,
    /// Whether the entry is commented out with `#~`.
    pub obsolete: bool,
    /// Line the entry starts on (its first comment or keyword; 1-based);
    /// 0 for an entry not read from a file.
    pub line: u64,
    /// The entry as read: its text, and its content then, so that an
    /// unchanged entry is written back byte for byte.
    as_read: Option<Box<(String, PoEntry)>>,
}

/// Entries are equal when their content is: the line and the text as
/// read are not compared.
impl PartialEq for PoEntry {
    fn eq(&self, other: &PoEntry) -> bool {
        self.translator_comments == other.translator_comments
            && self.extracted_comments == other.extracted_comments
            && self.references == other.references
            && self.flags == other.flags
            && self.previous_msgctxt == other.previous_msgctxt
            && self.previous_msgid == other.previous_msgid
            && self.previous_msgid_plural == other.previous_msgid_plural
            && self.msgctxt == other.msgctxt
            && self.msgid == other.msgid
            && self.msgid_plural == other.msgid_plural
            && self.msgstr == other.msgstr
            && self.obsolete == other.obsolete
    }
}

impl PoEntry {
    /// A singular entry.
    pub fn new(msgid: &str, msgstr: &str) -> PoEntry {
        PoEntry { msgid: msgid.to_string(), msgstr: vec![msgstr.to_string()], ..PoEntry::default() }
    }

    /// A plural entry with one `msgstr[n]` per form.
    pub fn plural(msgid: &str, msgid_plural: &str, msgstr: &[&str]) -> PoEntry {
        PoEntry {
            msgid: msgid.to_string(),
            msgid_plural: Some(msgid_plural.to_string()),
            msgstr: msgstr.iter().map(|s| s.to_string()).collect(),
            ..PoEntry::default()
        }
    }

    /// Whether this is the header entry (`msgid ""` without a context).
    pub fn is_header(&self) -> bool {
        self.msgid.is_empty() && self.msgctxt.is_none() && !self.obsolete
    }

    pub fn is_fuzzy(&self) -> bool {
        self.has_flag("fuzzy")
    }

    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// Sets or clears the `fuzzy` flag (the other flags stay). Clearing
    /// it also drops the previous strings (`#|`), as `msgmerge` and
    /// editors do once a translation is confirmed.
    pub fn set_fuzzy(&mut self, fuzzy: bool) {
        if fuzzy {
            if !self.is_fuzzy() {
                self.flags.insert(0, "fuzzy".to_string());
            }
        } else {
            self.flags.retain(|f| f != "fuzzy");
            self.previous_msgctxt = None;
            self.previous_msgid = None;
            self.previous_msgid_plural = None;
        }
    }

    /// Whether every form is translated (no `msgstr` is empty).
    pub fn is_translated(&self) -> bool {
        !self.msgstr.is_empty() && self.msgstr.iter().all(|s| !s.is_empty())
    }

    /// The translation-memory pairs (source, target) of the entry:
    /// `msgid` ↔ `msgstr`, and for a plural entry `msgid` ↔ `msgstr[0]`
    /// and `msgid_plural` ↔ `msgstr[1]` (see the module documentation).
    /// A pair with an empty target is left out; so are the header and
    /// obsolete entries. Fuzzy entries are paired: the caller decides.
    pub fn pairs(&self) -> Vec<(&str, &str)> {
        if self.is_header() || self.obsolete {
            return Vec::new();
        }
        let mut pairs = Vec::new();
        if let Some(first) = self.msgstr.first().filter(|s| !s.is_empty()) {
            pairs.push((self.msgid.as_str(), first.as_str()));
        }
        if let (Some(plural), Some(second)) = (&self.msgid_plural, self.msgstr.get(1).filter(|s| !s.is_empty())) {
            pairs.push((plural.as_str(), second.as_str()));
        }
        pairs
    }
}

/// A PO catalogue: the header entry (if any), the other entries in file
/// order, and comments after the last entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoCatalogue {
    pub header: Option<PoEntry>,
    pub entries: Vec<PoEntry>,
    /// Comment lines after the last entry, as written.
    pub trailing_comments: Vec<String>,
}

/// Charsets read as UTF-8 (`CHARSET` is the placeholder of a template
/// that `xgettext` writes before anyone chose one).
const UTF8_CHARSETS: [&str; 5] = ["utf-8", "utf8", "charset", "ascii", "us-ascii"];
/// Charsets decoded as windows-1252 (as [`super::input`] reads them in XML).
const LATIN1_CHARSETS: [&str; 8] = ["iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "windows-1252", "cp1252", "x-cp1252"];

/// The characters of windows-1252's bytes 0x80-0x9F (the table of
/// `super::input`, which keeps its own private).
const WINDOWS_1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–',
    '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => WINDOWS_1252_HIGH[usize::from(b - 0x80)],
            b => char::from(b),
        })
        .collect()
}

impl PoCatalogue {
    /// A new catalogue for `language` with a header holding the fields
    /// `msgfmt --check` wants, and `Plural-Forms` if given (as
    /// `nplurals=2; plural=(n > 1);`).
    pub fn new(language: &str, plural_forms: Option<&str>) -> PoCatalogue {
        let mut header =
            String::from("Project-Id-Version: dragoman\nPO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\nLast-Translator: \nLanguage-Team: \n");
        header.push_str(&format!("Language: {language}\n"));
        header.push_str("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n");
        if let Some(forms) = plural_forms {
            header.push_str(&format!("Plural-Forms: {forms}\n"));
        }
        PoCatalogue { header: Some(PoEntry::new("", &header)), entries: Vec::new(), trailing_comments: Vec::new() }
    }

    /// Reads a whole catalogue; `file` names it in errors.
    pub fn parse<R: Read>(mut reader: R, file: &str) -> Result<PoCatalogue, FormatError> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|source| FormatError::Io { file: file.to_string(), source })?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        // the header is ASCII in any charset gettext reads: a lossy first
        // reading finds which charset to decode the rest with
        let lossy = String::from_utf8_lossy(bytes);
        let first = parse_text(&lossy, file)?;
        let text = match first.charset() {
            Some((charset, line)) if !UTF8_CHARSETS.contains(&charset.to_ascii_lowercase().as_str()) => {
                if LATIN1_CHARSETS.contains(&charset.to_ascii_lowercase().as_str()) {
                    windows_1252(bytes)
                } else {
                    return Err(line_error(file, line, format!("charset {charset} is not supported (convert the file to UTF-8)")));
                }
            }
            _ => match std::str::from_utf8(bytes) {
                Ok(_) => return Ok(first),
                Err(e) => {
                    let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64;
                    return Err(line_error(file, line, format!("invalid UTF-8 at byte {}", e.valid_up_to())));
                }
            },
        };
        parse_text(&text, file)
    }

    /// The header's fields (`Language`, `Plural-Forms` …) in order.
    pub fn header_fields(&self) -> Vec<(&str, &str)> {
        let Some(header) = &self.header else { return Vec::new() };
        let text = header.msgstr.first().map(String::as_str).unwrap_or("");
        text.lines().filter_map(|line| line.split_once(':')).map(|(name, value)| (name.trim(), value.trim())).collect()
    }

    /// One header field's value, by name (any case).
    pub fn header_field(&self, name: &str) -> Option<&str> {
        self.header_fields().into_iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }

    /// Sets a header field (replacing its value, or adding it at the end),
    /// creating the header entry if there is none.
    pub fn set_header_field(&mut self, name: &str, value: &str) {
        let header = self.header.get_or_insert_with(|| PoEntry::new("", ""));
        if header.msgstr.is_empty() {
            header.msgstr.push(String::new());
        }
        let text = &mut header.msgstr[0];
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let field = format!("{name}: {value}");
        match lines.iter_mut().find(|l| l.split_once(':').is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name))) {
            Some(line) => *line = field,
            None => lines.push(field),
        }
        *text = lines.iter().map(|l| format!("{l}\n")).collect();
    }

    /// The entry with a context (`None`: none) and `msgid`, not obsolete.
    pub fn find_mut(&mut self, msgctxt: Option<&str>, msgid: &str) -> Option<&mut PoEntry> {
        self.entries.iter_mut().find(|e| !e.obsolete && e.msgctxt.as_deref() == msgctxt && e.msgid == msgid)
    }

    /// `nplurals` of the `Plural-Forms` field.
    pub fn nplurals(&self) -> Option<usize> {
        let forms = self.header_field("Plural-Forms")?;
        let at = forms.find("nplurals")?;
        let rest = forms[at + "nplurals".len()..].trim_start().strip_prefix('=')?.trim_start();
        rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())].parse().ok()
    }

    /// The charset of the header's `Content-Type`, with the line it is on.
    fn charset(&self) -> Option<(&str, u64)> {
        let content_type = self.header_field("Content-Type")?;
        let at = content_type.find("charset=")?;
        let charset = content_type[at + "charset=".len()..].split(';').next()?.trim();
        // the line that says it: the header entry's line plus its lines before
        let header = self.header.as_ref()?;
        let line = match &header.as_read {
            Some(read) => header.line + read.0.lines().position(|l| l.contains("charset=")).unwrap_or(0) as u64,
            None => header.line,
        };
        Some((charset, line))
    }

    /// Writes the catalogue as UTF-8 PO; see the module documentation.
    pub fn write<W: Write>(&self, mut out: W) -> std::io::Result<()> {
        let mut text = String::new();
        let mut first = true;
        let header = self.header.as_ref().map(|h| {
            let mut h = h.clone();
            if let Some((charset, _)) = self.charset().filter(|(c, _)| !c.eq_ignore_ascii_case("utf-8"))
                && let Some(value) = h.msgstr.first_mut()
            {
                *value = value.replacen(&format!("charset={charset}"), "charset=UTF-8", 1);
            }
            h
        });
        for entry in header.iter().chain(&self.entries) {
            if !first {
                text.push('\n');
            }
            first = false;
            match &entry.as_read {
                Some(read) if read.1 == *entry => text.push_str(&read.0),
                _ => write_entry(&mut text, entry),
            }
        }
        if !first && !self.trailing_comments.is_empty() {
            text.push('\n');
        }
        for comment in &self.trailing_comments {
            text.push_str(comment);
            text.push('\n');
        }
        out.write_all(text.as_bytes())
    }
}

fn line_error(file: &str, line: u64, problem: impl Into<String>) -> FormatError {
    FormatError::At { file: file.to_string(), line, problem: problem.into() }
}

/// Which string a continuation line (`"…"`) adds to.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    None,
    Msgctxt,
    Msgid,
    MsgidPlural,
    Msgstr(usize),
    PreviousMsgctxt,
    PreviousMsgid,
    PreviousMsgidPlural,
}

/// The entry being read.
#[derive(Default)]
struct Building {
    entry: PoEntry,
    /// Whether it has a `msgid` / a `msgstr`.
    has_msgid: bool,
    has_msgstr: bool,
    has_keyword: bool,
    raw: String,
    /// Line of its `msgid`, for errors.
    msgid_line: u64,
}

fn parse_text(text: &str, file: &str) -> Result<PoCatalogue, FormatError> {
    let mut catalogue = PoCatalogue::default();
    let mut building = Building::default();
    let mut open = Open::None;
    for (index, line) in text.split('\n').enumerate() {
        let number = index as u64 + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let error = |problem: String| line_error(file, number, problem);
        // trailing white space stays: it is part of a comment
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            if !building.raw.is_empty() && !building.has_msgstr {
                building.raw.push('\n');
            }
            continue;
        }
        // an obsolete line is read as the line it comments out
        let (obsolete, content) = match trimmed.strip_prefix("#~") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        if obsolete && content.is_empty() {
            // a bare `#~`: nothing commented out
            building.raw.push_str(line);
            building.raw.push('\n');
            continue;
        }
        // `#| msgid …`, and `#~| msgid …` in an obsolete entry
        let previous = content.strip_prefix("#|").or_else(|| content.strip_prefix('|').filter(|_| obsolete)).map(str::trim_start);
        let is_comment = content.starts_with('#') && previous.is_none();
        let starts_entry = is_comment || content.starts_with("msgctxt") || content.starts_with("msgid") || previous.is_some();
        // a comment or keyword after a complete entry starts the next one
        if building.has_msgstr && starts_entry && !(content.starts_with("msgid_plural")) {
            finish(&mut catalogue, &mut building);
            open = Open::None;
        }
        if building.raw.is_empty() {
            building.entry.line = number;
        }
        building.raw.push_str(line);
        building.raw.push('\n');
        if obsolete {
            building.entry.obsolete = true;
        }
        if is_comment {
            if building.has_keyword && !building.has_msgstr {
                return Err(error("comment inside an entry, before its msgstr".to_string()));
            }
            let after = &content[1..];
            match after.chars().next() {
                Some(',') => {
                    // flags are a set: a repeated one (two `#,` lines, as pot2po writes) counts once
                    for flag in after[1..].split(',').map(str::trim).filter(|f| !f.is_empty()) {
                        if !building.entry.has_flag(flag) {
                            building.entry.flags.push(flag.to_string());
                        }
                    }
                }
                Some('.') => building.entry.extracted_comments.push(strip_one_space(&after[1..])),
                Some(':') => building.entry.references.push(strip_one_space(&after[1..])),
                _ => building.entry.translator_comments.push(strip_one_space(after)),
            }
            continue;
        }
        let content = previous.unwrap_or(content);
        if content.starts_with('"') {
            let value = parse_string(content).map_err(error)?;
            let entry = &mut building.entry;
            let target = match open {
                Open::None => return Err(error("string without a keyword before it".to_string())),
                Open::Msgctxt => entry.msgctxt.as_mut(),
                Open::Msgid => Some(&mut entry.msgid),
                Open::MsgidPlural => entry.msgid_plural.as_mut(),
                Open::Msgstr(n) => entry.msgstr.get_mut(n),
                Open::PreviousMsgctxt => entry.previous_msgctxt.as_mut(),
                Open::PreviousMsgid => entry.previous_msgid.as_mut(),
                Open::PreviousMsgidPlural => entry.previous_msgid_plural.as_mut(),
            };
            if previous.is_some() != matches!(open, Open::PreviousMsgctxt | Open::PreviousMsgid | Open::PreviousMsgidPlural) {
                return Err(error("a continuation line mixes #| and ordinary strings".to_string()));
            }
            target.expect("the open string exists").push_str(&value);
            continue;
        }
        let split = content.find(|c: char| c.is_whitespace()).unwrap_or(content.len());
        let (keyword, rest) = content.split_at(split);
        let rest = rest.trim_start();
        let value = || parse_string(rest).map_err(error);
        if previous.is_some() {
            if building.has_keyword {
                return Err(error("#| line after the entry's msgid".to_string()));
            }
            let entry = &mut building.entry;
            open = match keyword {
                "msgctxt" => {
                    entry.previous_msgctxt = Some(value()?);
                    Open::PreviousMsgctxt
                }
                "msgid" => {
                    entry.previous_msgid = Some(value()?);
                    Open::PreviousMsgid
                }
                "msgid_plural" => {
                    entry.previous_msgid_plural = Some(value()?);
                    Open::PreviousMsgidPlural
                }
                _ => return Err(error(format!("unknown keyword '{keyword}' after #|"))),
            };
            continue;
        }
        let entry = &mut building.entry;
        match keyword {
            "msgctxt" => {
                if building.has_keyword {
                    return Err(error("msgctxt inside an entry (a msgid without msgstr before it?)".to_string()));
                }
                entry.msgctxt = Some(value()?);
                building.has_keyword = true;
                open = Open::Msgctxt;
            }
            "msgid" => {
                if building.has_msgid {
                    return Err(error("msgid after a msgid without msgstr".to_string()));
                }
                entry.msgid = value()?;
                building.has_msgid = true;
                building.has_keyword = true;
                building.msgid_line = number;
                open = Open::Msgid;
            }
            "msgid_plural" => {
                if !building.has_msgid || building.has_msgstr || entry.msgid_plural.is_some() {
                    return Err(error("msgid_plural without msgid".to_string()));
                }
                entry.msgid_plural = Some(value()?);
                open = Open::MsgidPlural;
            }
            "msgstr" => {
                if !building.has_msgid {
                    return Err(error("msgstr without msgid".to_string()));
                }
                if building.has_msgstr {
                    return Err(error("a second msgstr in one entry".to_string()));
                }
                if entry.msgid_plural.is_some() {
                    return Err(error("msgstr in a plural entry (msgstr[0], msgstr[1] … expected)".to_string()));
                }
                entry.msgstr.push(value()?);
                building.has_msgstr = true;
                open = Open::Msgstr(0);
            }
            _ if keyword.starts_with("msgstr[") => {
                if !building.has_msgid {
                    return Err(error("msgstr without msgid".to_string()));
                }
                if entry.msgid_plural.is_none() {
                    return Err(error(format!("{keyword} in an entry without msgid_plural")));
                }
                let index: usize = keyword["msgstr[".len()..]
                    .strip_suffix(']')
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| error(format!("bad plural index in '{keyword}'")))?;
                if index != entry.msgstr.len() {
                    return Err(error(format!("{keyword} where msgstr[{}] was expected", entry.msgstr.len())));
                }
                entry.msgstr.push(value()?);
                building.has_msgstr = true;
                open = Open::Msgstr(index);
            }
            _ => return Err(error(format!("unknown keyword '{keyword}'"))),
        }
    }
    if building.has_keyword && !building.has_msgstr {
        let line = if building.has_msgid { building.msgid_line } else { building.entry.line };
        return Err(line_error(file, line, "msgid without msgstr (the file ends inside an entry)"));
    }
    if building.has_msgstr {
        finish(&mut catalogue, &mut building);
    } else if !building.raw.is_empty() {
        catalogue.trailing_comments = building.raw.trim_end_matches('\n').lines().map(String::from).collect();
    }
    Ok(catalogue)
}

fn strip_one_space(text: &str) -> String {
    text.strip_prefix(' ').unwrap_or(text).to_string()
}

/// Ends the entry being built and adds it to the catalogue.
fn finish(catalogue: &mut PoCatalogue, building: &mut Building) {
    let mut done = std::mem::take(building);
    // blank lines inside the entry's comments stay; trailing ones go
    while done.raw.ends_with("\n\n") {
        done.raw.pop();
    }
    let content = done.entry.clone();
    done.entry.as_read = Some(Box::new((done.raw, content)));
    if done.entry.is_header() && catalogue.header.is_none() && catalogue.entries.is_empty() {
        catalogue.header = Some(done.entry);
    } else {
        catalogue.entries.push(done.entry);
    }
}

/// The value of one quoted string (`"…"`, with nothing but white space
/// after it), its escapes resolved.
fn parse_string(text: &str) -> Result<String, String> {
    let Some(body) = text.strip_prefix('"') else {
        return Err(if text.is_empty() { "keyword without a string".to_string() } else { format!("a string must be quoted: {text}") });
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                let after = body[at + 1..].trim();
                if !after.is_empty() && !after.starts_with('#') {
                    return Err(format!("unexpected text after the string: {after}"));
                }
                return Ok(out);
            }
            '\\' => {
                let Some((_, e)) = chars.next() else { break };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{C}'),
                    'v' => out.push('\u{B}'),
                    '"' | '\\' | '\'' | '?' => out.push(e),
                    '0'..='7' => {
                        let mut code = e.to_digit(8).expect("octal digit");
                        for _ in 0..2 {
                            match chars.peek().and_then(|(_, d)| d.to_digit(8)) {
                                Some(d) => {
                                    code = code * 8 + d;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        push_byte_escape(&mut out, code, &format!("\\{:o}", code))?;
                    }
                    'x' => {
                        let mut code: u32 = 0;
                        let mut digits = 0;
                        while let Some(d) = chars.peek().and_then(|(_, d)| d.to_digit(16)) {
                            code = code.saturating_mul(16).saturating_add(d);
                            digits += 1;
                            chars.next();
                        }
                        if digits == 0 {
                            return Err("bad escape \\x without hex digits".to_string());
                        }
                        push_byte_escape(&mut out, code, &format!("\\x{code:x}"))?;
                    }
                    other => return Err(format!("bad escape \\{other}")),
                }
            }
            c => out.push(c),
        }
    }
    Err("unterminated string (no closing quote)".to_string())
}

/// A numeric escape: gettext takes it as a byte; here an ASCII one (a
/// byte of a multi-byte UTF-8 character cannot be joined back safely).
fn push_byte_escape(out: &mut String, code: u32, written: &str) -> Result<(), String> {
    match code {
        1..=0x7F => {
            out.push(char::from_u32(code).expect("ASCII"));
            Ok(())
        }
        0 => Err(format!("escape {written} is a NUL, which ends a C string")),
        _ => Err(format!("escape {written} is not an ASCII character (write the character itself in UTF-8)")),
    }
}

/// The width `msgcat` wraps to (its `--width` default, 79 columns).
const PAGE_WIDTH: usize = 79;

/// Appends `keyword "…"` for `value` the way `msgcat` lays it out: on one
/// line when that line fits in [`PAGE_WIDTH`] columns (or cannot be
/// broken: no space in it) and the value holds no line feed but at its
/// end; else `keyword ""` and then one quoted line per piece, split after
/// each line feed and, where a piece is too long, after the last space
/// that keeps the line within the width (a word longer than the width
/// stays whole). Columns are counted in characters, so wide CJK
/// characters wrap later than msgcat wraps them. An entry flagged
/// `no-wrap` is only split after line feeds, as msgcat does.
fn write_string(out: &mut String, prefix: &str, keyword: &str, value: &str, no_wrap: bool) {
    let escaped = escape(value);
    let wrap = |escaped: &str, room: usize| if no_wrap { vec![escaped.to_string()] } else { wrap(escaped, room) };
    let inner_line_feed = value.trim_end_matches('\n').contains('\n');
    // the keyword line: `prefix keyword "` before, `"` after
    let first_room = PAGE_WIDTH.saturating_sub(prefix.chars().count() + keyword.chars().count() + 3);
    if !inner_line_feed && wrap(&escaped, first_room).len() == 1 {
        out.push_str(&format!("{prefix}{keyword} \"{escaped}\"\n"));
        return;
    }
    out.push_str(&format!("{prefix}{keyword} \"\"\n"));
    let room = PAGE_WIDTH.saturating_sub(prefix.chars().count() + 2);
    for piece in value.split_inclusive('\n') {
        for line in wrap(&escape(piece), room) {
            out.push_str(&format!("{prefix}\"{line}\"\n"));
        }
    }
}

/// `escaped` cut into lines of at most `room` characters, each ending
/// after a space (greedy; a word longer than `room` is a line of its own).
fn wrap(escaped: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0;
    for word in escaped.split_inclusive(' ') {
        let word_width = word.chars().count();
        if width > 0 && width + word_width > room {
            lines.push(std::mem::take(&mut line));
            width = 0;
        }
        line.push_str(word);
        width += word_width;
    }
    lines.push(line);
    lines
}

/// A string's C escapes, as `msgcat` writes them.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{C}' => out.push_str("\\f"),
            '\u{B}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7F}' => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn write_entry(out: &mut String, entry: &PoEntry) {
    for comment in &entry.translator_comments {
        match comment.is_empty() {
            true => out.push_str("#\n"),
            false => out.push_str(&format!("# {comment}\n")),
        }
    }
    for comment in &entry.extracted_comments {
        out.push_str(&format!("#. {comment}\n"));
    }
    for reference in &entry.references {
        out.push_str(&format!("#: {reference}\n"));
    }
    if !entry.flags.is_empty() {
        out.push_str(&format!("#, {}\n", entry.flags.join(", ")));
    }
    let no_wrap = entry.has_flag("no-wrap");
    let prefix = if entry.obsolete { "#~ " } else { "" };
    let previous = if entry.obsolete { "#~| " } else { "#| " };
    if let Some(context) = &entry.previous_msgctxt {
        write_string(out, previous, "msgctxt", context, no_wrap);
    }
    if let Some(msgid) = &entry.previous_msgid {
        write_string(out, previous, "msgid", msgid, no_wrap);
    }
    if let Some(plural) = &entry.previous_msgid_plural {
        write_string(out, previous, "msgid_plural", plural, no_wrap);
    }
    if let Some(context) = &entry.msgctxt {
        write_string(out, prefix, "msgctxt", context, no_wrap);
    }
    write_string(out, prefix, "msgid", &entry.msgid, no_wrap);
    match &entry.msgid_plural {
        Some(plural) => {
            write_string(out, prefix, "msgid_plural", plural, no_wrap);
            // a plural entry has at least two forms
            let forms = entry.msgstr.len().max(2);
            for n in 0..forms {
                let value = entry.msgstr.get(n).map(String::as_str).unwrap_or("");
                write_string(out, prefix, &format!("msgstr[{n}]"), value, no_wrap);
            }
        }
        None => write_string(out, prefix, "msgstr", entry.msgstr.first().map(String::as_str).unwrap_or(""), no_wrap),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/po").join(name)
    }

    fn read(name: &str) -> PoCatalogue {
        PoCatalogue::parse(std::fs::File::open(data(name)).unwrap(), name).unwrap()
    }

    fn parse(text: &str) -> Result<PoCatalogue, FormatError> {
        PoCatalogue::parse(text.as_bytes(), "x.po")
    }

    fn written(catalogue: &PoCatalogue) -> String {
        let mut out = Vec::new();
        catalogue.write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Whether `msgfmt --check` accepts `text` (checked with GNU gettext
    /// 0.21); `None` when msgfmt is not installed (outside CI: the check is skipped with a note; under CI,
    /// which installs gettext, a missing msgfmt fails the test).
    fn msgfmt_check(text: &str) -> Option<bool> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("check.po");
        std::fs::write(&file, text).unwrap();
        crate::formats::checker::accepts(
            std::process::Command::new("msgfmt").args(["--check", "-o", "/dev/null"]).arg(&file),
            "written PO is not checked",
            "Debian: apt-get install gettext",
        )
    }

    #[test]
    fn every_part_of_an_arabic_catalogue_is_read() {
        let catalogue = read("desk.ar.po");
        assert_eq!(catalogue.header_field("language"), Some("ar"));
        assert_eq!(catalogue.nplurals(), Some(6));
        assert!(catalogue.header_field("Plural-Forms").unwrap().ends_with("n%100>=11 ? 4 : 5;"));
        let header = catalogue.header.as_ref().unwrap();
        assert_eq!(header.translator_comments[0], "Arabic translation of the Wire Desk newsroom application.");
        assert_eq!(header.translator_comments.last().map(String::as_str), Some(""));
        let e = &catalogue.entries;
        assert_eq!(e.len(), 9);
        assert_eq!((e[0].msgctxt.as_deref(), e[0].msgid.as_str(), e[0].msgstr[0].as_str()), (Some("toolbar"), "Publish", "انشر"));
        assert_eq!(e[0].extracted_comments, ["TRANSLATORS: button on the dispatch editor's toolbar"]);
        assert_eq!(e[0].references, ["src/editor/toolbar.c:88"]);
        assert_eq!(e[0].line, 21);
        assert_eq!((e[1].msgctxt.as_deref(), e[1].msgstr[0].as_str()), (Some("menu"), "نشر الخبر"));
        assert_eq!(e[2].translator_comments, ["Checked with the desk chief: \"عاجل\" is what the wire uses."]);
        assert_eq!(e[2].references, ["src/wire/flags.c:17 src/wire/list.c:230"]);
        assert_eq!(e[3].msgid_plural.as_deref(), Some("%d new dispatches"));
        assert_eq!(e[3].msgstr.len(), 6);
        assert_eq!(e[3].msgstr[2], "برقيتان جديدتان");
        assert_eq!(e[3].flags, ["c-format"]);
        assert!(e[4].is_fuzzy() && e[4].has_flag("c-format"));
        assert_eq!(e[4].previous_msgid.as_deref(), Some("Embargoed until %s"));
        assert_eq!(e[5].msgid, "The dispatch was changed by another editor.\nReload it before saving?");
        assert_eq!(e[5].msgstr[0], "عدّل محرر آخر هذه البرقية.\nهل تعيد تحميلها قبل الحفظ؟");
        assert_eq!(e[6].msgid, "Dateline: \"%s\"\t(local)");
        assert!(!e[7].is_translated() && e[7].pairs().is_empty());
        assert!(e[8].obsolete);
        assert_eq!((e[8].msgid.as_str(), e[8].msgstr[0].as_str()), ("Send to the wire", "أرسل إلى الشبكة"));
        assert!(e[8].pairs().is_empty());
    }

    #[test]
    fn a_plural_entry_pairs_msgid_with_form_0_and_msgid_plural_with_form_1() {
        let catalogue = read("desk.ar.po");
        assert_eq!(catalogue.entries[3].pairs(), [("%d new dispatch", "لا برقيات جديدة"), ("%d new dispatches", "برقية جديدة واحدة")]);
        let french = read("desk.fr.po");
        assert_eq!(french.entries[2].pairs(), [("%d new dispatch", "%d nouvelle dépêche"), ("%d new dispatches", "%d nouvelles dépêches")]);
        assert_eq!(french.entries[0].pairs(), [("Publish", "Publier")]);
    }

    #[test]
    fn an_unchanged_catalogue_is_written_back_byte_for_byte() {
        for name in ["desk.ar.po", "desk.fr.po"] {
            let original = std::fs::read_to_string(data(name)).unwrap();
            assert_eq!(written(&read(name)), original, "{name}");
        }
    }

    #[test]
    fn write_back_changes_only_the_translations_and_flags_it_was_given() {
        let mut catalogue = read("desk.fr.po");
        let original = std::fs::read_to_string(data("desk.fr.po")).unwrap();
        // confirm the fuzzy entry with a corrected translation
        catalogue.entries[3].msgstr[0] = "Sous embargo jusqu'à %s (heure de %s)".to_string();
        catalogue.entries[3].set_fuzzy(false);
        // fill the untranslated one, as a pretranslation below 100 %
        catalogue.entries[5].msgstr[0] = "Aucune dépêche ne correspond au filtre.".to_string();
        catalogue.entries[5].set_fuzzy(true);
        let text = written(&catalogue);
        let old_entry = "#, fuzzy, c-format\n#| msgid \"Embargoed until %s\"\nmsgid \"Embargoed until %s (%s time)\"\nmsgstr \"Sous embargo jusqu'à %s\"\n";
        let new_entry = "#, c-format\nmsgid \"Embargoed until %s (%s time)\"\nmsgstr \"Sous embargo jusqu'à %s (heure de %s)\"\n";
        let old_empty = "#: src/wire/search.c:73\nmsgid \"No dispatches match the filter.\"\nmsgstr \"\"\n";
        let new_empty = "#: src/wire/search.c:73\n#, fuzzy\nmsgid \"No dispatches match the filter.\"\nmsgstr \"Aucune dépêche ne correspond au filtre.\"\n";
        assert_eq!(text, original.replace(old_entry, new_entry).replace(old_empty, new_empty));
        let again = PoCatalogue::parse(text.as_bytes(), "again.po").unwrap();
        assert_eq!(again, catalogue);
        if let Some(valid) = msgfmt_check(&text) {
            assert!(valid);
        }
    }

    #[test]
    fn a_catalogue_built_from_entries_reads_back_the_same_and_passes_msgfmt() {
        let mut catalogue = PoCatalogue::new(
            "ar",
            Some("nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;"),
        );
        let mut headline = PoEntry::new("Headline", "العنوان");
        headline.msgctxt = Some("field label".to_string());
        headline.translator_comments = vec!["Desk style: no definite article in labels? Kept it.".to_string(), String::new()];
        headline.extracted_comments = vec!["shown above the editor".to_string()];
        headline.references = vec!["src/editor/fields.c:12".to_string()];
        let mut hours = PoEntry::plural(
            "%d hour ago",
            "%d hours ago",
            &["الآن", "منذ ساعة", "منذ ساعتين", "منذ %d ساعات", "منذ %d ساعة", "منذ %d ساعة"],
        );
        hours.flags = vec!["c-format".to_string()];
        hours.set_fuzzy(true);
        hours.previous_msgid = Some("%d hours ago".to_string());
        let controls =
            PoEntry::new("Tab\there, quote \" and backslash \\ and bell \u{7}\nsecond line\n", "علامة\tهنا \" و \\ و \u{7}\nسطر ثان\n");
        let mut old = PoEntry::new("Send to the wire", "أرسل إلى الشبكة");
        old.obsolete = true;
        catalogue.entries = vec![headline, hours, controls, PoEntry::new("Wire", ""), old];
        let text = written(&catalogue);
        assert!(text.contains("#, fuzzy, c-format\n#| msgid \"%d hours ago\"\nmsgid \"%d hour ago\"\n"), "{text}");
        assert!(text.contains("msgid \"\"\n\"Tab\\there, quote \\\" and backslash \\\\ and bell \\a\\n\"\n\"second line\\n\"\n"), "{text}");
        assert!(text.contains("#~ msgid \"Send to the wire\"\n#~ msgstr \"أرسل إلى الشبكة\"\n"), "{text}");
        let again = PoCatalogue::parse(text.as_bytes(), "again.po").unwrap();
        assert_eq!(again, catalogue);
        assert_eq!(written(&again), text);
        if let Some(valid) = msgfmt_check(&text) {
            assert!(valid, "{text}");
        }
        // and msgfmt can fail: a c-format entry whose translation lost its %d
        catalogue.entries[1].msgstr[3] = "منذ ساعات".to_string();
        catalogue.entries[1].set_fuzzy(false);
        if let Some(valid) = msgfmt_check(&written(&catalogue)) {
            assert!(!valid);
        }
    }

    /// `msgcat`'s rewrite of `text` (gettext's own layout; checked with GNU
    /// gettext 0.21), or `None`
    /// when gettext is not installed (outside CI: skipped with a note).
    fn msgcat(text: &str) -> Option<String> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("in.po");
        std::fs::write(&file, text).unwrap();
        let output = crate::formats::checker::output_of(
            std::process::Command::new("msgcat").arg(&file),
            "the PO layout is not compared with gettext's",
            "Debian: apt-get install gettext",
        )?;
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        Some(String::from_utf8(output.stdout).unwrap())
    }

    #[test]
    fn long_strings_are_laid_out_as_msgcat_lays_them_out() {
        let mut catalogue = PoCatalogue::new("fr", Some("nplurals=2; plural=(n > 1);"));
        let long_fr = "Le correspondant à Gaza a confirmé que le point de passage de Rafah restera fermé jusqu'à nouvel ordre, selon les autorités égyptiennes.";
        let long_en = "The Gaza correspondent confirmed that the Rafah crossing will stay closed until further notice, according to the Egyptian authorities.";
        let mut entry = PoEntry::new(long_en, long_fr);
        entry.msgctxt = Some("dispatch body, shown in the preview pane of the editor when a wire story is selected".to_string());
        let lines = PoEntry::new(
            "First line of the \"embargo\" notice.\nSecond line, which is much longer than the first one and has to be wrapped somewhere.\n",
            "Première ligne de l'avis d'« embargo ».\nDeuxième ligne, bien plus longue que la première, qu'il faut couper quelque part.\n",
        );
        let ar = PoEntry::new(
            "Security Council members will meet on Monday to discuss the ceasefire proposal submitted by Egypt and Qatar.",
            "يجتمع أعضاء مجلس الأمن يوم الإثنين لبحث مقترح وقف إطلاق النار الذي قدمته مصر وقطر إلى الأطراف المعنية.",
        );
        let unbreakable = PoEntry::new(&"x".repeat(100), &"y".repeat(100));
        // `msgid "` + 71 + `"` is 79 columns, one more is 80; tabs and quotes count escaped
        let fits = PoEntry::new(&format!("{} end", "word ".repeat(12) + "abcdefg"), "tab\there");
        let over = PoEntry::new(&format!("{} ends", "word ".repeat(12) + "abcdefg"), &"\"quoted\" ".repeat(9));
        let mut unwrapped = PoEntry::new(&format!("{long_en} (no-wrap)"), long_fr);
        unwrapped.flags = vec!["no-wrap".to_string()];
        let mut obsolete = PoEntry::new(long_en, long_fr);
        obsolete.obsolete = true;
        obsolete.msgctxt = Some("old".to_string());
        catalogue.entries = vec![entry, lines, ar, unbreakable, fits, over, unwrapped, obsolete];
        let text = written(&catalogue);
        assert!(text.contains("msgid \"\"\n\"The Gaza correspondent confirmed that the Rafah crossing will stay closed \"\n"), "{text}");
        assert!(text.contains("\nmsgid \"word word word word word word word word word word word word abcdefg end\"\n"), "{text}");
        assert!(text.contains("\nmsgid \"\"\n\"word word word word word word word word word word word word abcdefg ends\"\n"), "{text}");
        assert_eq!(parse(&text).unwrap(), catalogue);
        if let Some(theirs) = msgcat(&text) {
            assert_eq!(text, theirs);
        }
    }

    #[test]
    fn c_escapes_as_gettext_reads_them() {
        let cases = [
            (r#""a\nb\tc\rd""#, "a\nb\tc\rd"),
            (r#""\a\b\f\v""#, "\u{7}\u{8}\u{C}\u{B}"),
            (r#""\"quoted\" \\ back \' \?""#, "\"quoted\" \\ back ' ?"),
            (r#""octal \101\60\0610""#, "octal A0\u{31}0"),
            (r#""hex \x41\x7e!""#, "hex A~!"),
            (r#""trailing"   "#, "trailing"),
            (r#""قال: \"لا\"""#, "قال: \"لا\""),
        ];
        for (written, want) in cases {
            assert_eq!(parse_string(written).as_deref(), Ok(want), "{written}");
        }
    }

    #[test]
    fn bad_input_is_a_one_line_error_naming_the_file_and_line() {
        let header = "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n";
        let cases = [
            (format!("{header}msgid \"Urgent\nmsgstr \"عاجل\"\n"), "x.po: line 4: unterminated string (no closing quote)"),
            (format!("{header}#: a.c:1\nmsgstr \"عاجل\"\n"), "x.po: line 5: msgstr without msgid"),
            (format!("{header}msgid \"Urgent\"\nmsgstr \"bad \\q escape\"\n"), "x.po: line 5: bad escape \\q"),
            (
                format!("{header}msgid \"Urgent\"\nmsgstr \"\\xe9\"\n"),
                "x.po: line 5: escape \\xe9 is not an ASCII character (write the character itself in UTF-8)",
            ),
            (format!("{header}msgid \"Urgent\"\n"), "x.po: line 4: msgid without msgstr (the file ends inside an entry)"),
            (format!("{header}msgid \"a\"\nmsgid \"b\"\nmsgstr \"\"\n"), "x.po: line 5: msgid after a msgid without msgstr"),
            (
                format!("{header}msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"\"\nmsgstr[2] \"\"\n"),
                "x.po: line 7: msgstr[2] where msgstr[1] was expected",
            ),
            (format!("{header}msgid \"a\"\nmsgstr[0] \"\"\n"), "x.po: line 5: msgstr[0] in an entry without msgid_plural"),
            (format!("{header}msgid \"a\"\nmsgstring \"\"\n"), "x.po: line 5: unknown keyword 'msgstring'"),
            (format!("{header}msgid \"a\" junk\nmsgstr \"\"\n"), "x.po: line 4: unexpected text after the string: junk"),
            (format!("# comment\n\"stray\"\n{header}"), "x.po: line 2: string without a keyword before it"),
            (
                "# Russian\nmsgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=KOI8-R\\n\"\n\nmsgid \"a\"\nmsgstr \"b\"\n"
                    .to_string(),
                "x.po: line 4: charset KOI8-R is not supported (convert the file to UTF-8)",
            ),
        ];
        for (text, want) in cases {
            let error = parse(&text).unwrap_err().to_string();
            assert_eq!(error, want, "{text}");
            assert!(!error.contains('\n'));
        }
        let invalid = b"msgid \"\"\nmsgstr \"\"\n\n\nmsgid \"D\xe9p\xeache\"\nmsgstr \"\"\n";
        assert_eq!(PoCatalogue::parse(&invalid[..], "x.po").unwrap_err().to_string(), "x.po: line 5: invalid UTF-8 at byte 29");
    }

    #[test]
    fn a_latin_1_catalogue_is_decoded_and_written_as_utf_8() {
        let catalogue = read("latin1.fr.po");
        assert_eq!(catalogue.entries[0].msgstr[0], "Dépêche");
        // windows-1252's quotes in a file labelled ISO-8859-1
        assert_eq!(catalogue.entries[1].msgstr[0], "“Citations”");
        let text = written(&catalogue);
        assert!(text.contains("charset=UTF-8\\n") && !text.contains("ISO-8859-1"), "{text}");
        assert!(text.contains("msgstr \"Dépêche\""));
        let again = PoCatalogue::parse(text.as_bytes(), "again.po").unwrap();
        assert_eq!(again.entries, catalogue.entries);
        if let Some(valid) = msgfmt_check(&text) {
            assert!(valid);
        }
    }

    /// What `script` prints, run by python3 with translate-toolkit
    /// ([`crate::formats::checker::translate_toolkit`]).
    fn translate_toolkit(script: &str, args: &[&Path]) -> Option<String> {
        crate::formats::checker::translate_toolkit(script, args, "PO")
    }

    /// Each entry as translate-toolkit's `pofile` reads it: context,
    /// source(s), target(s), fuzzy, obsolete.
    const TOOLKIT_DUMP: &str = r#"
import json, sys
from translate.storage import po
out = []
for u in po.pofile.parsefile(sys.argv[1]).units:
    if u.isheader():
        continue
    plural = u.hasplural()
    source = [str(s) for s in u.source.strings] if plural else [str(u.source)]
    target = [str(t) for t in u.target.strings] if plural else [str(u.target)]
    out.append([u.getcontext() or None, source, target, u.isfuzzy(), u.isobsolete()])
print(json.dumps(out, ensure_ascii=False))
"#;

    type Dumped = Vec<(Option<String>, Vec<String>, Vec<String>, bool, bool)>;

    fn dumped(catalogue: &PoCatalogue) -> Dumped {
        let entries = catalogue.entries.iter();
        entries
            .map(|e| {
                let source = std::iter::once(e.msgid.clone()).chain(e.msgid_plural.clone()).collect();
                (e.msgctxt.clone(), source, e.msgstr.clone(), e.is_fuzzy(), e.obsolete)
            })
            .collect()
    }

    #[test]
    fn a_catalogue_dragoman_writes_back_reads_the_same_in_translate_toolkit() {
        let mut catalogue = read("desk.ar.po");
        catalogue.entries[4].msgstr[0] = "محظور النشر حتى %s (بتوقيت %s)".to_string();
        catalogue.entries[4].set_fuzzy(false);
        catalogue.entries[7].msgstr[0] = "لا برقيات تطابق المرشح.".to_string();
        catalogue.entries[7].set_fuzzy(true);
        let mut added = PoEntry::new("Correspondent in \"Gaza\"\n", "مراسل في \"غزة\"\n");
        added.msgctxt = Some("byline".to_string());
        catalogue.entries.push(added);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("desk.ar.po");
        catalogue.write(std::fs::File::create(&file).unwrap()).unwrap();
        if let Some(valid) = msgfmt_check(&std::fs::read_to_string(&file).unwrap()) {
            assert!(valid);
        }
        let Some(json) = translate_toolkit(TOOLKIT_DUMP, &[&file]) else { return };
        let theirs: Dumped = serde_json::from_str(&json).unwrap();
        assert_eq!(theirs, dumped(&catalogue));
        assert_eq!(theirs[4].2, ["محظور النشر حتى %s (بتوقيت %s)"]);
        assert!(theirs[7].3);
    }

    #[test]
    fn a_catalogue_translate_toolkit_merges_with_pot2po_reads_the_same() {
        let translated = read("desk.fr.po");
        // the template: every translation and flag but c-format dropped
        let mut template = translated.clone();
        for entry in &mut template.entries {
            entry.msgstr.iter_mut().for_each(String::clear);
            entry.set_fuzzy(false);
        }
        let dir = tempfile::tempdir().unwrap();
        let pot = dir.path().join("desk.pot");
        template.write(std::fs::File::create(&pot).unwrap()).unwrap();
        let merged = dir.path().join("merged.po");
        let script = "import sys\nfrom translate.convert import pot2po\nsys.argv = ['pot2po', '-t', sys.argv[1], sys.argv[2], sys.argv[3]]\npot2po.main()";
        let Some(_) = translate_toolkit(script, &[&data("desk.fr.po"), &pot, &merged]) else { return };
        let catalogue = PoCatalogue::parse(std::fs::File::open(&merged).unwrap(), "merged.po").unwrap();
        assert_eq!(dumped(&catalogue), dumped(&translated));
        assert_eq!(catalogue.header_field("X-Generator").map(|g| g.starts_with("Translate Toolkit")), Some(true));
        // the fuzzy entry keeps its flags once each, though pot2po writes two #, lines
        assert_eq!(catalogue.entries[3].flags, ["c-format", "fuzzy"]);
    }

    #[test]
    fn every_pair_dragoman_takes_from_a_plural_entry_po2tmx_takes_too() {
        let catalogue = read("desk.ar.po");
        let dir = tempfile::tempdir().unwrap();
        let tmx = dir.path().join("desk.tmx");
        let script =
            "import sys\nfrom translate.convert import po2tmx\nsys.argv = ['po2tmx', '-l', 'ar', sys.argv[1], sys.argv[2]]\npo2tmx.main()";
        let Some(_) = translate_toolkit(script, &[&data("desk.ar.po"), &tmx]) else { return };
        let reader = super::super::tmx::TmxReader::new(std::fs::File::open(&tmx).unwrap(), "desk.tmx").unwrap();
        let theirs: Vec<(String, String)> =
            reader.map(|tu| tu.unwrap()).map(|tu| (tu.tuvs[0].text.clone(), tu.tuvs[1].text.clone())).collect();
        // po2tmx leaves out fuzzy and untranslated entries, as import will
        let ours: Vec<(String, String)> = catalogue
            .entries
            .iter()
            .filter(|e| !e.is_fuzzy())
            .flat_map(|e| e.pairs())
            .map(|(s, t)| (s.to_string(), t.to_string()))
            .collect();
        assert!(ours.iter().all(|pair| theirs.contains(pair)), "{ours:?} not all in {theirs:?}");
        // what po2tmx adds are the further plural forms of msgid_plural
        let plural = &catalogue.entries[3];
        let extra: Vec<_> = theirs.iter().filter(|pair| !ours.contains(pair)).cloned().collect();
        let further: Vec<_> = plural.msgstr[2..].iter().map(|t| (plural.msgid_plural.clone().unwrap(), t.clone())).collect();
        assert_eq!(extra, further);
    }

    #[test]
    fn header_fields_are_set_and_entries_found_by_context_and_msgid() {
        let mut catalogue = read("desk.ar.po");
        catalogue.set_header_field("Last-Translator", "Sami Khoury <sami@desk.example>");
        catalogue.set_header_field("X-Generator", "dragoman");
        assert_eq!(catalogue.header_field("last-translator"), Some("Sami Khoury <sami@desk.example>"));
        assert_eq!(catalogue.header_fields().last(), Some(&("X-Generator", "dragoman")));
        assert_eq!(catalogue.nplurals(), Some(6));
        catalogue.find_mut(Some("menu"), "Publish").unwrap().msgstr[0] = "انشر الخبر".to_string();
        assert_eq!(catalogue.entries[1].msgstr[0], "انشر الخبر");
        assert!(catalogue.find_mut(None, "Publish").is_none());
        // the obsolete entry is not found
        assert!(catalogue.find_mut(None, "Send to the wire").is_none());
        let text = written(&catalogue);
        assert!(text.contains("\"Last-Translator: Sami Khoury <sami@desk.example>\\n\"\n"), "{text}");
        if let Some(valid) = msgfmt_check(&text) {
            assert!(valid);
        }
        let mut bare = PoCatalogue::default();
        bare.set_header_field("Language", "fr");
        assert_eq!(bare.header_field("Language"), Some("fr"));
    }

    #[test]
    fn comments_after_the_last_entry_and_bare_obsolete_lines_survive() {
        let text =
            "msgid \"\"\nmsgstr \"Language: fr\\n\"\n\n#~ msgid \"Wire\"\n#~\n#~ msgstr \"Fil\"\n\n# left over\n#. by the extractor\n";
        let catalogue = parse(text).unwrap();
        assert_eq!(catalogue.entries.len(), 1);
        assert!(catalogue.entries[0].obsolete);
        assert_eq!(catalogue.entries[0].msgstr, ["Fil"]);
        assert_eq!(catalogue.trailing_comments, ["# left over", "#. by the extractor"]);
        assert_eq!(written(&catalogue), text);
    }

    proptest::proptest! {
        /// Whatever the texts (any character but NUL, which no C string
        /// holds), a written catalogue reads back the same, and so does
        /// the same entry obsolete.
        #[test]
        fn written_strings_read_back_the_same(
            context in "[^\\x00]{0,12}",
            msgid in "[^\\x00]{1,40}",
            forms in proptest::collection::vec("[^\\x00]{0,20}", 1..4),
            comment in "[^\\x00\\n\\r]{0,20}",
        ) {
            let mut entry = if forms.len() == 1 { PoEntry::new(&msgid, &forms[0]) } else {
                let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
                PoEntry::plural(&msgid, &format!("{msgid}s"), &forms)
            };
            entry.msgctxt = Some(context);
            entry.translator_comments = vec![comment.trim_start().to_string()];
            let mut old = entry.clone();
            old.obsolete = true;
            let catalogue = PoCatalogue { entries: vec![entry, old], ..PoCatalogue::new("ar", Some("nplurals=3; plural=n;")) };
            let text = written(&catalogue);
            let again = parse(&text).unwrap();
            proptest::prop_assert_eq!(again, catalogue);
        }
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_read() {
        let text = "\u{FEFF}msgid \"\"\r\nmsgstr \"Language: fr\\n\"\r\n\r\nmsgid \"Wire\"\r\nmsgstr \"Fil\"\r\n";
        let catalogue = parse(text).unwrap();
        assert_eq!(catalogue.header_field("Language"), Some("fr"));
        assert_eq!(catalogue.entries[0].pairs(), [("Wire", "Fil")]);
    }
}
