//! What a value read from a file may hold, checked at the door: the
//! characters of names and provenance, the size of metadata, and dates.
//!
//! One place for every reader and command that takes such values in
//! (`import` of CSV, TSV and TMX; `names import` and `names prefer`), so
//! that a control character or an oversized attribute is refused the same
//! way whichever door it tries. Segment texts are checked by
//! [`super::check_segment`], which keeps tab, line breaks and the bidi
//! controls that real right-to-left text holds.

/// The longest attribute, `prop` or `note` value, or provenance cell, a
/// unit keeps: 4 KiB. TMX tools write user names, dates, ids and short
/// notes (OmegaT's and Trados' attributes are under 100 bytes, their
/// context props a few hundred); 4 KiB is ten times that, and a longer
/// value is not metadata but a file pasted into one.
pub const MAX_VALUE_BYTES: usize = 4 << 10;

/// The most metadata (attributes, props and notes, names and values
/// together) one unit keeps: 64 KiB, sixteen values at the cap, so that
/// a unit's metadata never outweighs a long segment.
pub const MAX_UNIT_METADATA_BYTES: usize = 64 << 10;

/// What a text is, which decides the characters it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// A name, an attribute value or a provenance cell: one line, no
    /// control characters, no bidi embedding, override or isolate.
    Line,
    /// A `note` or `prop` value: may hold tab and line breaks too.
    Note,
}

/// The first character `text` may not hold as `kind`: C0 controls (for
/// [`TextKind::Note`] other than tab, LF and CR), DEL, C1 controls, and
/// the bidi embedding, override and isolate controls U+202A–U+202E and
/// U+2066–U+2069 (which reorder what a terminal or editor shows after
/// them). The marks U+200E/U+200F (LRM, RLM) are allowed: names in
/// Arabic and Hebrew text carry them.
pub fn forbidden_char(text: &str, kind: TextKind) -> Option<char> {
    let note = kind == TextKind::Note;
    // ASCII fast path: only C0 and DEL can be wrong in it
    if text.is_ascii() {
        return text.bytes().find(|&b| (b < b' ' && !(note && matches!(b, b'\t' | b'\n' | b'\r'))) || b == 0x7F).map(char::from);
    }
    text.chars().find(|&c| match c {
        '\t' | '\n' | '\r' => !note,
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' => true,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    })
}

/// `U+001B`: how a character is named in messages (never printed raw).
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Why `value` cannot be kept as `what` ("origin", "attribute
/// creationid"), if it cannot: a forbidden character, or longer than
/// [`MAX_VALUE_BYTES`]. `what` is only formatted when the value is
/// refused (`format_args!` costs nothing on the way through).
pub fn check_value(value: &str, what: impl std::fmt::Display, kind: TextKind) -> Result<(), String> {
    if value.len() > MAX_VALUE_BYTES {
        return Err(format!("{what} too long ({} bytes, limit {MAX_VALUE_BYTES})", value.len()));
    }
    match forbidden_char(value, kind) {
        Some(c) => Err(format!("control character {} in {what}", code_point(c))),
        None => Ok(()),
    }
}

/// Why a date cannot be kept, if it cannot: not ISO 8601
/// (`2024-01-31`, `2024-01-31T12:00:00Z`, with seconds' fractions or an
/// offset), or later than `latest` (a `YYYY-MM-DD` day; see
/// [`latest_date`]). A date in the future would win every "newest first"
/// tie for ever.
pub fn check_date(date: &str, latest: &str) -> Result<(), String> {
    if !is_iso_date(date) {
        return Err(format!("date {:?} is not ISO 8601 (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)", shown(date)));
    }
    if date[..10] > *latest {
        return Err(format!("date {date} is in the future"));
    }
    Ok(())
}

/// At most 40 characters of a value, for a message.
fn shown(value: &str) -> String {
    let mut out: String = value.chars().take(40).map(|c| if c.is_control() { '?' } else { c }).collect();
    if value.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

fn is_iso_date(date: &str) -> bool {
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let number = |r: std::ops::Range<usize>| date[r].parse::<u32>().unwrap_or(0);
    if b.len() < 10 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return false;
    }
    let time = &b[10..];
    if time.is_empty() {
        return true;
    }
    // Thh:mm:ss, then .fraction, then Z or ±hh:mm
    if time.len() < 9 || !matches!(time[0], b'T' | b't' | b' ') || time[3] != b':' || time[6] != b':' {
        return false;
    }
    if !digits(11..13) || !digits(14..16) || !digits(17..19) || number(11..13) > 23 || number(14..16) > 59 || number(17..19) > 60 {
        return false;
    }
    let mut rest = &time[9..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|d| d.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Tomorrow (UTC) as `YYYY-MM-DD`: the latest day a date read from a file
/// may have (a day's grace for clocks and time zones).
pub fn latest_date() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    day_string(seconds / 86_400 + 1)
}

/// The day `days` after 1970-01-01, as `YYYY-MM-DD` (the civil-from-days
/// algorithm of Howard Hinnant's "chrono-compatible low-level date
/// algorithms").
fn day_string(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_override_characters_are_found_and_marks_allowed() {
        let line = [
            ("Ismail Haniyeh", None),
            ("هنية\u{200F}", None),
            ("tab\there", Some('\t')),
            ("esc \u{1B}[31m", Some('\u{1B}')),
            ("bell\u{7}", Some('\u{7}')),
            ("nul\0", Some('\0')),
            ("del\u{7F}", Some('\u{7F}')),
            ("c1 \u{85}", Some('\u{85}')),
            ("abc \u{202E}cba", Some('\u{202E}')),
            ("x\u{2067}y", Some('\u{2067}')),
        ];
        for (text, want) in line {
            assert_eq!(forbidden_char(text, TextKind::Line), want, "{text:?}");
        }
        assert_eq!(forbidden_char("line one\nline two\ttab", TextKind::Note), None);
        assert_eq!(forbidden_char("a \u{202B}b", TextKind::Note), Some('\u{202B}'));
        assert_eq!(check_value("x\u{1B}", "origin", TextKind::Line).unwrap_err(), "control character U+001B in origin");
        assert!(check_value(&"a".repeat(MAX_VALUE_BYTES + 1), "origin", TextKind::Line).unwrap_err().contains("too long"));
    }

    #[test]
    fn dates_are_iso_8601_and_not_in_the_future() {
        for ok in ["2024-01-31", "2024-02-29T23:59:60Z", "2024-01-31T12:00:00.123+02:00", "2024-01-31 12:00:00"] {
            assert_eq!(check_date(ok, "2026-01-01"), Ok(()), "{ok}");
        }
        for bad in ["yesterday", "2023-02-29", "2024-13-01", "2024-01-31T25:00:00Z", "20240131T120000Z", "2024-01-31Tnoon"] {
            assert!(check_date(bad, "2026-01-01").unwrap_err().contains("not ISO 8601"), "{bad}");
        }
        assert_eq!(check_date("9999-12-31", "2026-01-01").unwrap_err(), "date 9999-12-31 is in the future");
        assert_eq!(check_date("2026-01-01T23:00:00Z", "2026-01-01"), Ok(()));
    }

    #[test]
    fn days_since_1970_become_calendar_days() {
        assert_eq!(day_string(0), "1970-01-01");
        assert_eq!(day_string(19_782), "2024-02-29");
        assert_eq!(day_string(20_454), "2026-01-01");
        assert!(latest_date().as_str() > "2025-01-01");
    }
}
