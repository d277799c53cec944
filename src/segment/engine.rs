//! The built-in rule engine: one pass over the bytes of a line looking
//! for the few bytes that can matter (terminators, openers, list
//! markers), then a decision at each candidate from its neighbourhood:
//! the word before, the run of terminators and closers, and the start of
//! the next word. No allocation per character; the word lists are
//! consulted only at periods.

use super::abbreviations;
use crate::lang::{Lang, Script};
use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A quotation or bracket is kept whole (no break inside it) only when it
/// closes within this many bytes; longer ones are split like running text.
const PROTECT_LIMIT: usize = 400;

/// What the built-in rules know about one language.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    pub(crate) abbreviations: HashSet<Box<str>>,
    pub(crate) titles: HashSet<Box<str>>,
    pub(crate) before_numbers: HashSet<Box<str>>,
    pub(crate) starters: HashSet<Box<str>>,
    /// "17. März": short numbers before a period are ordinals.
    pub(crate) ordinal_dot: bool,
    /// Greek: a period before a lower-case word still ends a sentence.
    pub(crate) lowercase_breaks: bool,
    /// Armenian: `:` is the full stop.
    pub(crate) colon_ends: bool,
    /// Greek: `;` is the question mark.
    pub(crate) semicolon_ends: bool,
    /// Bytes worth a look: ASCII specials, the last byte of two-byte
    /// specials and the lead byte of longer ones.
    trigger: [bool; 256],
    /// For a multi-byte special, its first two bytes (a bit per pair), so
    /// that most letters sharing a trigger byte with a special are passed
    /// over without decoding.
    pairs: Box<[u64; 1024]>,
}

impl Rules {
    pub(crate) fn new(lang: &Lang) -> Rules {
        let primary = lang.primary();
        let (abbr, titles, starters) = abbreviations::for_language(primary, lang.script());
        let lower = |v: Vec<&str>| v.into_iter().map(|a| a.to_lowercase().into_boxed_str()).collect::<HashSet<_>>();
        let colon_ends = lang.script() == Script::Armenian;
        let semicolon_ends = lang.script() == Script::Greek;
        let mut trigger = [false; 256];
        let mut pairs = Box::new([0u64; 1024]);
        for b in [b'.', b'!', b'?', b'(', b'[', b'"', b')'] {
            trigger[b as usize] = true;
        }
        trigger[b':' as usize] = colon_ends;
        trigger[b';' as usize] = semicolon_ends;
        for c in TERMINATORS.iter().chain(OPENERS.iter().map(|(o, _)| o)).chain(BULLETS) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            // Two-byte specials are caught at their last byte, longer ones at
            // their lead byte: neither is then the byte of a common letter of
            // Arabic (two-byte) or Han (three-byte, other leads) text.
            if bytes.len() > 1 {
                trigger[bytes[if bytes.len() == 2 { 1 } else { 0 }] as usize] = true;
                let pair = usize::from(bytes[0]) << 8 | usize::from(bytes[1]);
                pairs[pair / 64] |= 1 << (pair % 64);
            }
        }
        Rules {
            abbreviations: lower(abbr),
            titles: lower(titles),
            before_numbers: lower(abbreviations::BEFORE_NUMBERS.to_vec()),
            starters: starters.into_iter().map(Box::from).collect(),
            ordinal_dot: abbreviations::writes_ordinal_dot(primary),
            lowercase_breaks: semicolon_ends,
            colon_ends,
            semicolon_ends,
            trigger,
            pairs,
        }
    }

    #[inline]
    fn pair_may_start_special(&self, first: u8, second: u8) -> bool {
        let pair = usize::from(first) << 8 | usize::from(second);
        self.pairs[pair / 64] & (1 << (pair % 64)) != 0
    }
}

/// Characters that can end a sentence (besides `:` in Armenian and `;`
/// in Greek).
const TERMINATORS: &[char] =
    &['.', '!', '?', '…', '؟', '۔', '。', '！', '？', '｡', '‼', '⁇', '⁈', '⁉', '।', '॥', '։', '\u{037E}', '።', '፧', '။', '܀', '؞'];

/// Terminators after which no space is written (CJK, Ethiopic, Burmese):
/// they end a sentence whatever follows.
fn is_spaceless_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡' | '።' | '፧' | '။')
}

/// Opening quotes and brackets with their closers.
const OPENERS: &[(char, &[char])] = &[
    ('(', &[')']),
    ('[', &[']']),
    ('"', &['"']),
    ('“', &['”']),
    ('„', &['“', '”']),
    ('«', &['»']),
    ('‹', &['›']),
    ('「', &['」']),
    ('『', &['』']),
    ('《', &['》']),
    ('（', &['）']),
    ('【', &['】']),
];

const BULLETS: &[char] = &['•', '⁃', '‣', '◦', '▪'];

fn closers_of(c: char) -> Option<&'static [char]> {
    OPENERS.iter().find(|(o, _)| *o == c).map(|(_, cl)| *cl)
}

/// Closing quotes, brackets and invisible direction marks that stay with
/// the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』' | '》' | '〉' | '）' | '】' | '〕' | '“' | '\u{200E}' | '\u{200F}' | '\u{202A}'
            ..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

fn is_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{0640}')
}

/// Invisible characters that shape how text is shown, not what it says
/// (general category Cf: direction marks, the zero-width space and
/// joiners, the byte order mark, Arabic number signs, soft hyphen, tags):
/// a terminator followed by one still ends its sentence.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Opening punctuation that may precede the first word of a sentence.
fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '„' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡' | '「' | '『' | '《' | '（' | '【')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―')
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '¹' | '²' | '³' | '⁰'..='⁹')
}

fn is_cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase()
}

/// The character starting at byte `i`.
#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// The character ending just before byte `i`.
#[inline]
fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i).and_then(|t| t.chars().next_back())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventKind {
    Terminator,
    Opener,
    Bullet,
    /// A list marker ("2.", "2)", "2.)", "b."), with its value.
    Marker(u32),
}

#[derive(Debug, Clone, Copy)]
struct Event {
    at: usize,
    kind: EventKind,
    /// For markers: whether it belongs to a list (a neighbour with the next value).
    in_list: bool,
}

/// Reused buffers, so that segmenting allocates per call, not per line.
#[derive(Default)]
pub(crate) struct Scratch {
    events: Vec<Event>,
}

/// Splits one line (without its line break) and pushes the trimmed spans,
/// offset by `base`.
pub(crate) fn split_line(rules: &Rules, line: &str, base: usize, out: &mut Vec<(usize, usize)>, scratch: &mut Scratch) {
    let bytes = line.as_bytes();
    let events = &mut scratch.events;
    events.clear();
    collect_events(rules, line, bytes, events);
    mark_lists(line, events);

    let mut sentence_start = 0;
    let mut consumed = 0; // bytes before this are decided
    let mut protected_until = 0; // inside a quotation or bracket up to here
    for &event in events.iter() {
        if event.at < consumed {
            continue;
        }
        match event.kind {
            EventKind::Opener => {
                if event.at >= protected_until
                    && let Some(end) = matching_close(line, event.at)
                {
                    protected_until = end;
                }
            }
            EventKind::Bullet => {
                if event.at >= protected_until && has_content(&line[sentence_start..event.at]) {
                    push_trimmed(line, base, sentence_start, event.at, out);
                    sentence_start = event.at;
                }
            }
            EventKind::Marker(_) => {
                if event.in_list {
                    if event.at >= protected_until && has_content(&line[sentence_start..event.at]) {
                        push_trimmed(line, base, sentence_start, event.at, out);
                        sentence_start = event.at;
                    }
                    // the marker's own period or bracket is not a terminator
                    consumed = marker_end(line, event.at);
                }
            }
            EventKind::Terminator => {
                let run = Run::read(rules, line, event.at);
                // inside a quotation only a terminator just before its closer
                // (French spacing allowed: « Non. ») may end the sentence
                if event.at < protected_until
                    && run.end < protected_until
                    && !line[run.end..protected_until].trim_start().chars().all(is_closer)
                {
                    continue;
                }
                consumed = run.end;
                if let Some(end) = boundary(rules, line, &run, sentence_start) {
                    push_trimmed(line, base, sentence_start, end, out);
                    sentence_start = end;
                    consumed = end;
                    if end >= protected_until {
                        protected_until = 0;
                    }
                }
            }
        }
    }
    push_trimmed(line, base, sentence_start, line.len(), out);
}

fn has_content(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

fn collect_events(rules: &Rules, line: &str, bytes: &[u8], events: &mut Vec<Event>) {
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        let b = bytes[i];
        if !rules.trigger[b as usize] {
            i += 1;
            continue;
        }
        let (at, c) = if b < 0x80 {
            (i, b as char)
        } else {
            // a lead byte starts a long special; a continuation byte ends a two-byte one
            let start = if b >= 0xC0 { i } else { i.saturating_sub(1) };
            let candidate = start + 1 < n && rules.pair_may_start_special(bytes[start], bytes[start + 1]);
            match candidate.then(|| char_at(line, start)).flatten() {
                Some(c) if line.is_char_boundary(start) => (start, c),
                _ => {
                    i += 1;
                    continue;
                }
            }
        };
        i = at + c.len_utf8();
        let kind = match c {
            ')' => match list_marker(line, at) {
                Some(value) => EventKind::Marker(value),
                None => continue,
            },
            '.' => match list_marker(line, at) {
                Some(value) => EventKind::Marker(value),
                None => EventKind::Terminator,
            },
            ':' if rules.colon_ends => EventKind::Terminator,
            ';' if rules.semicolon_ends => EventKind::Terminator,
            c if TERMINATORS.contains(&c) => EventKind::Terminator,
            c if closers_of(c).is_some() => EventKind::Opener,
            c if BULLETS.contains(&c) => {
                if char_before(line, at).is_none_or(char::is_whitespace) {
                    EventKind::Bullet
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        let at = match kind {
            EventKind::Marker(_) => marker_start(line, at),
            _ => at,
        };
        events.push(Event { at, kind, in_list: false });
    }
    // markers are recorded at their start, which can precede an earlier event
    if events.iter().any(|e| matches!(e.kind, EventKind::Marker(_))) {
        events.sort_unstable_by_key(|e| e.at);
    }
}

/// If the `.` or `)` at `at` closes a list marker ("3.", "3)", "3.)",
/// "c.") standing after a space, bullet or the line start and before a
/// space, its value.
fn list_marker(line: &str, at: usize) -> Option<u32> {
    let bytes = line.as_bytes();
    let mut end = at + 1;
    if bytes[at] == b'.' && bytes.get(end) == Some(&b')') {
        end += 1;
    }
    if !bytes.get(end).is_some_and(|b| *b == b' ' || *b == b'\t') {
        return None;
    }
    let mut start = at;
    while start > 0 && bytes[start - 1].is_ascii_digit() && at - start < 2 {
        start -= 1;
    }
    let value = if start < at {
        line[start..at].parse::<u32>().ok()?
    } else if at > 0 && bytes[at - 1].is_ascii_lowercase() {
        start = at - 1;
        u32::from(bytes[at - 1] - b'a') + 1
    } else {
        return None;
    };
    let before = char_before(line, start);
    if before.is_none_or(|c| c.is_whitespace() || BULLETS.contains(&c)) { Some(value) } else { None }
}

fn marker_start(line: &str, at: usize) -> usize {
    let bytes = line.as_bytes();
    let mut start = at;
    while start > 0 && (bytes[start - 1].is_ascii_digit() || (bytes[start - 1].is_ascii_lowercase() && start == at)) {
        start -= 1;
    }
    start
}

fn marker_end(line: &str, at: usize) -> usize {
    let bytes = line.as_bytes();
    let mut i = at;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    while i < bytes.len() && (bytes[i] == b'.' || bytes[i] == b')') {
        i += 1;
    }
    i
}

/// Markers count as list items only in a run of consecutive values
/// ("1. … 2. …", "a. … b. …") whose first marker starts the line or
/// follows a colon or a bullet: "im 1. Halbjahr … im 2. Halbjahr" is
/// running text with ordinals, not a list.
fn mark_lists(line: &str, events: &mut [Event]) {
    let anchored = |at: usize| {
        let before = line[..at].trim_end();
        before.is_empty() || before.ends_with(':') || before.chars().next_back().is_some_and(|c| BULLETS.contains(&c))
    };
    let alphabetic = |e: &Event| line.as_bytes()[e.at].is_ascii_lowercase();
    let mut chain: Vec<usize> = Vec::new();
    let flush = |chain: &mut Vec<usize>, events: &mut [Event]| {
        if chain.len() >= 2 && anchored(events[chain[0]].at) {
            for &i in chain.iter() {
                events[i].in_list = true;
            }
        }
        chain.clear();
    };
    for index in 0..events.len() {
        let EventKind::Marker(b) = events[index].kind else { continue };
        let continues = chain.last().is_some_and(|&p| {
            matches!(events[p].kind, EventKind::Marker(a) if b == a + 1) && alphabetic(&events[p]) == alphabetic(&events[index])
        });
        if !continues {
            flush(&mut chain, events);
        }
        chain.push(index);
    }
    flush(&mut chain, events);
    // markers outside a list are plain text again: their period may end a sentence
    for event in events.iter_mut() {
        if let EventKind::Marker(_) = event.kind
            && !event.in_list
            && line.as_bytes()[marker_end_period(line, event.at)] == b'.'
        {
            event.at = marker_end_period(line, event.at);
            event.kind = EventKind::Terminator;
        }
    }
}

/// The byte of the `.` or `)` that closes the marker starting at `at`.
fn marker_end_period(line: &str, at: usize) -> usize {
    let bytes = line.as_bytes();
    let mut i = at;
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i.min(bytes.len() - 1)
}

/// The end (exclusive) of the closer matching the opener at `at`, if it
/// closes within [`PROTECT_LIMIT`] bytes, nesting counted.
fn matching_close(line: &str, at: usize) -> Option<usize> {
    let open = char_at(line, at)?;
    let closers = closers_of(open)?;
    if open == '"' && char_before(line, at).is_some_and(|c| !c.is_whitespace() && !is_opening(c)) {
        return None; // a closing straight quote
    }
    let start = at + open.len_utf8();
    let limit = (start + PROTECT_LIMIT).min(line.len());
    let mut depth = 0usize;
    for (offset, c) in line[start..].char_indices() {
        let i = start + offset;
        if i >= limit {
            break;
        }
        if closers.contains(&c) {
            if depth == 0 {
                // A quotation that ends with its own full stop is made of
                // sentences and is split like them ("He said: \"We came. We
                // stay.\""); one that ends otherwise is a phrase inside the
                // sentence ("„Wir kommen. Morgen“, sagte er") and stays whole.
                let raw = line[start..i].trim_end();
                let inner = raw.trim_end_matches(|c: char| c.is_whitespace() || is_closer(c));
                let omission = raw.ends_with("[...]") || raw.ends_with("[…]");
                let ends_with_stop = inner.chars().next_back().is_some_and(|c| TERMINATORS.contains(&c)) && !omission;
                return (!ends_with_stop).then_some(i + c.len_utf8());
            }
            depth -= 1;
        } else if c == open {
            depth += 1;
        }
    }
    None
}

/// A run of terminators with the closers and footnote markers after it.
#[derive(Debug)]
struct Run {
    /// First byte of the first terminator.
    start: usize,
    /// Byte after the run.
    end: usize,
    first: char,
    dots: usize,
    /// Only periods (possibly spaced: ". . .").
    only_dots: bool,
    terminators: usize,
    /// The run follows a word directly ("end." rather than "end .").
    attached: bool,
    /// The dots are an omission mark: "[...]".
    omission: bool,
    /// Closing quotes or brackets follow the terminators.
    closed: bool,
    spaceless: bool,
}

impl Run {
    fn read(rules: &Rules, line: &str, start: usize) -> Run {
        let first = char_at(line, start).unwrap_or('.');
        let before = char_before(line, start);
        let attached = before.is_some_and(|c| !c.is_whitespace());
        let omission = before.is_some_and(|c| c == '[' || c == '(');
        let mut run =
            Run { start, end: start, first, dots: 0, only_dots: true, terminators: 0, attached, omission, closed: false, spaceless: false };
        let bytes = line.as_bytes();
        let mut i = start;
        while let Some(c) = char_at(line, i) {
            let is_term = TERMINATORS.contains(&c) || (c == ':' && rules.colon_ends) || (c == ';' && rules.semicolon_ends);
            if is_term {
                run.terminators += 1;
                if c == '.' {
                    run.dots += 1;
                } else {
                    run.only_dots = false;
                    if c == '…' {
                        run.dots += 3;
                    }
                }
                run.spaceless |= is_spaceless_terminator(c);
                i += c.len_utf8();
            } else if is_closer(c) || is_superscript_digit(c) || is_invisible_format(c) {
                run.closed |= is_closer(c);
                i += c.len_utf8();
            } else if c == '[' {
                // footnote marker: [12]
                let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                if digits > 0 && bytes.get(i + 1 + digits) == Some(&b']') {
                    i += digits + 2;
                } else {
                    break;
                }
            } else if c == ' '
                && run.only_dots
                && run.dots > 0
                && bytes.get(i + 1) == Some(&b'.')
                && !run.attached_and_text_follows(line, i)
            {
                // a spaced ellipsis ". . ." continues the run
                i += 1;
            } else {
                break;
            }
        }
        run.end = i;
        run
    }

    /// For "word. . . . Next": the spaced dots after an attached period
    /// open the next sentence when words follow them.
    fn attached_and_text_follows(&self, line: &str, space_at: usize) -> bool {
        if !self.attached || self.dots != 1 {
            return false;
        }
        let rest = &line[space_at..];
        let after_dots = rest.trim_start_matches(['.', ' ']);
        after_dots.chars().next().is_some_and(char::is_alphanumeric)
    }
}

/// The kind of word before a period.
#[derive(Debug, PartialEq, Eq)]
enum WordKind {
    Title,
    /// "No" in "No. 5": an abbreviation only before a number.
    BeforeNumber,
    Abbreviation,
    /// "U.S", "a.m", "Ph.D", "т.б".
    Dotted,
    /// "E" in "Jonas E. Smith" (cased scripts).
    Initial,
    /// One letter of an uncased script ("د." for doctor) or lower case.
    SingleLetter,
    /// A number of at most three digits, or a Roman numeral.
    ShortNumber,
    Number,
    Word,
    None,
}

/// The word before the terminator at `at`: letters, digits, inner
/// periods and degree signs, skipping direction marks.
fn word_before(line: &str, at: usize) -> &str {
    let mut end = at;
    while let Some(c) = char_before(line, end) {
        if is_format(c) {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    let mut start = end;
    while let Some(c) = char_before(line, start) {
        if c.is_alphanumeric() || is_combining_mark(c) || c == '.' || c == '°' || c == 'º' || c == '-' && start < end {
            start -= c.len_utf8();
        } else {
            break;
        }
    }
    line[start..end].trim_start_matches(['.', '-'])
}

fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        if len + c.len_utf8() > buf.len() {
            return f(&word.to_lowercase());
        }
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    f(std::str::from_utf8(&buf[..len]).unwrap_or(""))
}

fn is_roman(word: &str) -> bool {
    word.len() >= 2 && word.bytes().all(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'))
}

fn classify(rules: &Rules, line: &str, word: &str) -> WordKind {
    // "km/h.": a unit, not an initial
    let unit_after_slash = line.as_ptr() < word.as_ptr() && {
        let offset = word.as_ptr() as usize - line.as_ptr() as usize;
        char_before(line, offset) == Some('/')
    };
    if word.is_empty() {
        return WordKind::None;
    }
    // the lists are in NFC; decomposed input must decide the same way
    let word = &*nfc(word);
    let known = with_lowercase(word, |w| {
        if rules.titles.contains(w) {
            Some(WordKind::Title)
        } else if rules.before_numbers.contains(w) {
            Some(WordKind::BeforeNumber)
        } else if rules.abbreviations.contains(w) {
            Some(WordKind::Abbreviation)
        } else {
            None
        }
    });
    if let Some(kind) = known {
        return kind;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    if chars.next().is_none() && !unit_after_slash {
        return if first.is_uppercase() {
            WordKind::Initial
        } else if first.is_alphabetic() {
            WordKind::SingleLetter
        } else if first.is_ascii_digit() {
            WordKind::ShortNumber
        } else {
            WordKind::Word
        };
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return if word.len() <= 3 { WordKind::ShortNumber } else { WordKind::Number };
    }
    if word.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return WordKind::Number;
    }
    if is_roman(word) {
        return WordKind::ShortNumber;
    }
    if word.contains('.') && word.split('.').all(|part| (1..=3).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)) {
        return WordKind::Dotted;
    }
    WordKind::Word
}

/// The first word at `at` (letters, digits and their combining marks).
fn word_at(line: &str, at: usize) -> &str {
    let rest = &line[at..];
    let end = rest.find(|c: char| !c.is_alphanumeric() && !is_combining_mark(c)).unwrap_or(rest.len());
    &rest[..end]
}

/// A word in NFC, borrowed when it is already (as nearly every word is):
/// the segmenter splits text as given, decomposed or not.
fn nfc(word: &str) -> std::borrow::Cow<'_, str> {
    if word.is_ascii() || unicode_normalization::is_nfc_quick(word.chars()) == unicode_normalization::IsNormalized::Yes {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.nfc().collect())
    }
}

/// Where the sentence ends if the run ends one, else `None`.
fn boundary(rules: &Rules, line: &str, run: &Run, sentence_start: usize) -> Option<usize> {
    if run.omission && run.only_dots {
        return None;
    }
    let mut end = run.end;
    let Some(after) = char_at(line, end) else { return Some(end) };
    if let Some(quote_at) = opening_quote_ending(line, run, sentence_start, after) {
        // 他说完了。“你走吧。”: the quote opens the next sentence
        return Some(quote_at);
    }
    if !after.is_whitespace() {
        if run.spaceless {
            // 「はい。」と言った: a quotation followed by the quoting particle
            return (!(run.closed && matches!(after, 'と' | 'っ'))).then_some(end);
        }
        // "жағдайы.XVIII ғасырдың": a period glued between a lower-case word and a capitalised one
        if run.first == '.' && run.terminators == 1 && run.end == run.start + 1 && after.is_uppercase() {
            let word = word_before(line, run.start);
            let lower_word = word.chars().count() >= 3 && word.chars().all(|c| c.is_lowercase());
            let next_is_word = line[end..].chars().nth(1).is_some_and(|c| c.is_alphabetic());
            if lower_word && next_is_word {
                return Some(end);
            }
        }
        return None;
    }
    if run.spaceless {
        return Some(end);
    }
    // look at what follows: spaces, spaced closers (« … »), a dash, openers
    let mut k = end;
    let mut dashed = false;
    let mut opened = false;
    let mut inverted = false; // Spanish ¿ ¡ open only sentences
    let next = loop {
        let rest = &line[k..];
        let trimmed = rest.trim_start();
        k += rest.len() - trimmed.len();
        let Some(c) = trimmed.chars().next() else { return Some(end) };
        if is_invisible_format(c) {
            // "الوفد. \u{200F}وذهب": a direction mark or zero-width space
            // before the next sentence says nothing about it
            k += c.len_utf8();
            continue;
        }
        if matches!(c, '»' | '›' | '”') {
            // French spacing: the sentence goes on to the closer
            k += c.len_utf8();
            end = k;
            continue;
        }
        if is_dash(c) && !dashed {
            let dash_len = trimmed.chars().take_while(|c| is_dash(*c)).map(char::len_utf8).sum::<usize>();
            if trimmed[dash_len..].starts_with(char::is_whitespace) {
                dashed = true;
                k += dash_len;
                continue;
            }
        }
        if is_opening(c) {
            opened = true;
            inverted |= c == '¿' || c == '¡';
            k += c.len_utf8();
            continue;
        }
        break c;
    };
    let single_dot = run.first == '.' && run.terminators == 1;
    if !single_dot && (next.is_numeric() || (next.is_alphabetic() && !next.is_lowercase() && !(run.only_dots && run.dots >= 2))) {
        // "!" or "?" before a capital, a digit or an uncased letter
        return Some(end);
    }
    let word = if run.attached { word_before(line, run.start) } else { "" };

    if next == '.' || next == '…' {
        // "raak. ...en toen": an ellipsis opens the next sentence
        return (single_dot && run.attached).then_some(end);
    }
    if next.is_lowercase() {
        if single_dot {
            let kind = classify(rules, line, word);
            return (rules.lowercase_breaks && kind == WordKind::Word).then_some(end);
        }
        // "кім? не?": questions in a row; "Yahoo! in", "so? -- a bit" and
        // "\"Why?\" he asked" go on
        return (run.first == '?' && !run.only_dots && !run.closed && !dashed && !opened && run.terminators == 1).then_some(end);
    }
    if next.is_numeric() {
        if !single_dot {
            return Some(end);
        }
        return match classify(rules, line, word) {
            WordKind::Title
            | WordKind::BeforeNumber
            | WordKind::Abbreviation
            | WordKind::Dotted
            | WordKind::Initial
            | WordKind::SingleLetter => None,
            _ if word.is_empty() && run.attached => None, // "N°. 5"
            _ => Some(end),
        };
    }
    if !next.is_alphabetic() {
        // "жыл. № 70", "$5": symbols do not start sentences after a period
        return (!single_dot || !run.only_dots).then_some(end);
    }
    // an upper-case letter, or a letter of a script without case
    if run.only_dots && run.dots >= 2 {
        // ". . . I didn’t mean it": a spaced omission mark inside a sentence
        return (run.attached || run.dots >= 4).then_some(end);
    }
    if !single_dot {
        return Some(end);
    }
    let starter = || {
        let next_word = word_at(line, k);
        // "А. И. Семенов": a one-letter starter before a period is an initial
        rules.starters.contains(&*nfc(next_word)) && line.as_bytes().get(k + next_word.len()) != Some(&b'.')
    };
    let kind = classify(rules, line, word);
    if inverted && kind != WordKind::Title {
        return Some(end);
    }
    match kind {
        WordKind::Title => None,
        WordKind::Abbreviation | WordKind::Dotted | WordKind::Initial => {
            if is_am_pm(word) && is_cased(next) && words_between(line, sentence_start, run.start) > 3 {
                return Some(end);
            }
            starter().then_some(end)
        }
        WordKind::SingleLetter => (is_cased(next) && starter()).then_some(end),
        WordKind::ShortNumber if rules.ordinal_dot => starter().then_some(end),
        _ => Some(end),
    }
}

/// Where the last character of `run` is, when it is a quote that can
/// close or open (“ closes in German „…“ and opens in Chinese and English
/// “…”; a straight " does both) and here opens the next sentence: it
/// follows the terminator with text directly after it, and it closes
/// nothing opened in this sentence (no „ left open before it; an even
/// number of " before it). A quote followed by a space or the end closes
/// ("„Wir kommen.“ Dann", "\"Go.\" Then").
fn opening_quote_ending(line: &str, run: &Run, sentence_start: usize, after: char) -> Option<usize> {
    if !after.is_alphanumeric() {
        return None;
    }
    let quote = line[run.start..run.end].chars().next_back()?;
    let quote_at = run.end - quote.len_utf8();
    if quote_at <= run.start {
        return None;
    }
    let before = &line[sentence_start..quote_at];
    let opens = match quote {
        '“' => before.matches('„').count() <= before.matches('“').count(),
        '"' => before.matches('"').count().is_multiple_of(2),
        _ => false,
    };
    opens.then_some(quote_at)
}

fn is_am_pm(word: &str) -> bool {
    word.eq_ignore_ascii_case("a.m") || word.eq_ignore_ascii_case("p.m")
}

fn words_between(line: &str, from: usize, to: usize) -> usize {
    line[from..to].split_whitespace().count()
}

/// Pushes `line[start..end]` without its outer white space, as a span
/// offset by `base`, unless nothing is left.
#[inline]
pub(super) fn push_trimmed(line: &str, base: usize, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let slice = &line[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = end - (slice.len() - slice.trim_end().len());
    if trimmed_start < trimmed_end {
        out.push((base + trimmed_start, base + trimmed_end));
    }
}
