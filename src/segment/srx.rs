//! SRX 2.0 (Segmentation Rules eXchange), the rule format of OmegaT,
//! Okapi and Phrase: `languagerules` holding ordered `rule`s, each a
//! `beforebreak` and an `afterbreak` regular expression and whether the
//! place between them is a break; `maprules` choosing the language rules
//! by a language pattern; `cascade` applying every matching map in order
//! rather than the first.
//!
//! At each place in a line, the rules of the chosen language rules are
//! tried in order and the first whose `beforebreak` matches just before
//! and whose `afterbreak` matches just after decides; where none does,
//! there is no break. Line breaks still end sentences, as everywhere in
//! dragoman.
//!
//! Expressions are compiled with the `regex` crate, which has no
//! look-around, back-references, atomic groups or possessive
//! quantifiers; a rule using them cannot be applied faithfully, so it is
//! left out and reported in [`Srx::skipped`] by its language rules' name
//! and position, never dropped silently.

use super::Segmenter;
use super::engine::push_trimmed;
use crate::lang::Lang;
use quick_xml::events::{BytesStart, Event};
use regex::Regex;
use std::fmt::Write as _;
use std::path::Path;

/// Why an SRX file could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SrxError {
    #[error("{file}: cannot read")]
    Read { file: String, source: std::io::Error },
    #[error("{file}:{line}: {message}")]
    Invalid { file: String, line: usize, message: String },
}

/// One rule: break or not between `before` and `after`.
#[derive(Debug, Clone)]
pub struct SrxRule {
    pub breaks: bool,
    pub before: String,
    pub after: String,
    /// `before` anchored at the end of the text before a place.
    before_at_end: Option<Regex>,
    /// `before` for finding candidate places.
    before_find: Option<Regex>,
    /// `after` anchored at the start of the text after a place.
    after_at_start: Option<Regex>,
    after_find: Option<Regex>,
}

/// A named, ordered list of rules (`languagerule`).
#[derive(Debug, Clone)]
pub struct LanguageRules {
    pub name: String,
    pub rules: Vec<SrxRule>,
}

/// A rule the engine cannot apply, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRule {
    /// The `languagerulename` it belongs to.
    pub language_rules: String,
    /// Its position among that language's rules, from 1.
    pub number: usize,
    pub reason: String,
}

impl std::fmt::Display for SkippedRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rule {} of '{}' skipped: {}", self.number, self.language_rules, self.reason)
    }
}

/// A warning: no `languagemap` of the file matches the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoLanguageMap {
    pub lang: Lang,
}

impl std::fmt::Display for NoLanguageMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "no languagemap matches '{}': only line breaks will end sentences", self.lang)
    }
}

/// A loaded SRX document.
#[derive(Debug, Clone)]
pub struct Srx {
    pub cascade: bool,
    pub language_rules: Vec<LanguageRules>,
    /// (language pattern, language rules name), in order.
    maps: Vec<(Regex, String)>,
    skipped: Vec<SkippedRule>,
}

impl Srx {
    /// Reads and parses an SRX file. Fails with the file and line on
    /// unreadable files, malformed XML, bad language patterns or maps
    /// naming language rules that do not exist.
    pub fn load(path: &Path) -> Result<Srx, SrxError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| SrxError::Read { file: file.clone(), source })?;
        Srx::parse(&text, &file)
    }

    /// Parses SRX 2.0 text; `file` names it in errors.
    pub fn parse(xml: &str, file: &str) -> Result<Srx, SrxError> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let invalid = |pos: u64, message: String| SrxError::Invalid { file: file.to_string(), line: line_of(xml, pos as usize), message };
        let mut srx = Srx { cascade: false, language_rules: Vec::new(), maps: Vec::new(), skipped: Vec::new() };
        let mut saw_root = false;
        // elements open at this point, with the line each opened on: a file
        // cut short leaves some open, and must not load as "no rules"
        let mut open: Vec<(String, usize)> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        // the rule being read: (break, before, after, which text is open)
        let mut rule: Option<(bool, String, String)> = None;
        let mut field: Option<bool> = None; // Some(true) in beforebreak, Some(false) in afterbreak
        loop {
            let pos = reader.buffer_position();
            let event = reader.read_event().map_err(|e| invalid(reader.error_position(), format!("malformed XML: {e}")))?;
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = xml.as_bytes().get(reader.buffer_position() as usize - 2) == Some(&b'/');
                    let name = e.local_name().as_ref().to_string();
                    if !empty {
                        open.push((name.clone(), line_of(xml, pos as usize)));
                    }
                    if !seen.contains(&name) {
                        seen.push(name.clone());
                    }
                    match name.as_str() {
                        "srx" => saw_root = true,
                        "header" => srx.cascade = attr(&e, "cascade").is_some_and(|v| v == "yes"),
                        "languagerule" => {
                            let name =
                                attr(&e, "languagerulename").ok_or_else(|| invalid(pos, "languagerule without languagerulename".into()))?;
                            srx.language_rules.push(LanguageRules { name, rules: Vec::new() });
                        }
                        "rule" => {
                            if srx.language_rules.is_empty() {
                                return Err(invalid(pos, "rule outside a languagerule".into()));
                            }
                            let breaks = attr(&e, "break").is_none_or(|v| v != "no");
                            rule = Some((breaks, String::new(), String::new()));
                        }
                        "beforebreak" if !empty => field = Some(true),
                        "afterbreak" if !empty => field = Some(false),
                        "languagemap" => {
                            let pattern =
                                attr(&e, "languagepattern").ok_or_else(|| invalid(pos, "languagemap without languagepattern".into()))?;
                            let target =
                                attr(&e, "languagerulename").ok_or_else(|| invalid(pos, "languagemap without languagerulename".into()))?;
                            let regex = Regex::new(&format!("^(?:{pattern})$"))
                                .map_err(|e| invalid(pos, format!("languagepattern '{pattern}' is not a regular expression: {e}")))?;
                            srx.maps.push((regex, target));
                        }
                        _ => {}
                    }
                    if empty && name == "rule" {
                        finish_rule(&mut srx, rule.take());
                    }
                }
                Event::Text(t) => push_text(&mut rule, field, &t.xml10_content()),
                Event::CData(t) => push_text(&mut rule, field, &t.into_inner()),
                Event::GeneralRef(r) => {
                    let name = r.into_inner();
                    let resolved = resolve_entity(&name).ok_or_else(|| invalid(pos, format!("unknown entity &{name};")))?;
                    push_text(&mut rule, field, &resolved.to_string());
                }
                Event::End(e) => {
                    open.pop();
                    match e.local_name().as_ref() {
                        "beforebreak" | "afterbreak" => field = None,
                        "rule" => finish_rule(&mut srx, rule.take()),
                        _ => {}
                    }
                }
                Event::Eof => {
                    if let Some((name, line)) = open.last() {
                        return Err(invalid(
                            xml.len() as u64,
                            format!("unexpected end of file: <{name}> (line {line}) is not closed; is the file cut short?"),
                        ));
                    }
                    break;
                }
                _ => {}
            }
        }
        if !saw_root {
            return Err(invalid(0, "not an SRX document (no <srx> element)".into()));
        }
        for (_, target) in &srx.maps {
            if !srx.language_rules.iter().any(|l| &l.name == target) {
                return Err(invalid(0, format!("languagemap names '{target}', which no languagerule defines")));
            }
        }
        // SRX 2.0 requires them; without them the file holds no rules to apply
        for required in ["body", "languagerules", "maprules"] {
            if !seen.iter().any(|n| n == required) {
                return Err(invalid(xml.len() as u64, format!("no <{required}> element: not a complete SRX 2.0 document")));
            }
        }
        Ok(srx)
    }

    /// Rules that could not be compiled and are not applied.
    pub fn skipped(&self) -> &[SkippedRule] {
        &self.skipped
    }

    /// The rules that apply to `lang`, in order: those of the first
    /// matching map, or of every matching map when the file cascades.
    /// Language patterns are matched against the tag as written and in
    /// upper case (SRX files write both `en.*` and `EN.*`).
    pub fn rules_for(&self, lang: &Lang) -> Vec<SrxRule> {
        let tag = lang.as_str();
        let upper = tag.to_uppercase();
        let mut rules = Vec::new();
        for (pattern, target) in &self.maps {
            if pattern.is_match(tag) || pattern.is_match(&upper) || pattern.is_match(&tag.to_lowercase()) {
                if let Some(language) = self.language_rules.iter().find(|l| &l.name == target) {
                    rules.extend(language.rules.iter().cloned());
                }
                if !self.cascade {
                    break;
                }
            }
        }
        rules
    }

    /// Why no rules of this file apply to `lang`, if none do: no
    /// `languagemap` matches it, so only line breaks would end sentences.
    pub fn unmapped(&self, lang: &Lang) -> Option<NoLanguageMap> {
        let tag = lang.as_str();
        let matched = self.maps.iter().any(|(p, _)| p.is_match(tag) || p.is_match(&tag.to_uppercase()) || p.is_match(&tag.to_lowercase()));
        (!matched).then(|| NoLanguageMap { lang: lang.clone() })
    }

    /// A segmenter applying this file's rules for `lang`.
    pub fn segmenter(&self, lang: &Lang) -> Segmenter {
        Segmenter::with_srx_rules(lang, self.rules_for(lang))
    }
}

/// Compiles a rule just read into the last language rules, or records why not.
fn finish_rule(srx: &mut Srx, rule: Option<(bool, String, String)>) {
    let Some((breaks, before, after)) = rule else { return };
    let Some(language) = srx.language_rules.last_mut() else { return };
    let number = language.rules.len() + srx.skipped.iter().filter(|s| s.language_rules == language.name).count() + 1;
    match SrxRule::new(breaks, &before, &after) {
        Ok(compiled) => language.rules.push(compiled),
        Err(reason) => srx.skipped.push(SkippedRule { language_rules: language.name.clone(), number, reason }),
    }
}

fn push_text(rule: &mut Option<(bool, String, String)>, field: Option<bool>, text: &str) {
    if let (Some((_, before, after)), Some(is_before)) = (rule.as_mut(), field) {
        if is_before { before.push_str(text) } else { after.push_str(text) }
    }
}

fn resolve_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

fn line_of(text: &str, pos: usize) -> usize {
    text.as_bytes()[..pos.min(text.len())].iter().filter(|b| **b == b'\n').count() + 1
}

/// Names the construct that makes an expression unusable, if any.
fn unsupported(pattern: &str) -> Option<&'static str> {
    const CONSTRUCTS: &[(&str, &str)] = &[
        ("(?<=", "look-behind"),
        ("(?<!", "negative look-behind"),
        ("(?=", "look-ahead"),
        ("(?!", "negative look-ahead"),
        ("(?>", "atomic group"),
        ("++", "possessive quantifier"),
        ("*+", "possessive quantifier"),
        ("?+", "possessive quantifier"),
    ];
    if let Some((_, what)) = CONSTRUCTS.iter().find(|(c, _)| pattern.contains(c)) {
        return Some(what);
    }
    let bytes = pattern.as_bytes();
    (0..bytes.len().saturating_sub(1))
        .any(|i| bytes[i] == b'\\' && bytes[i + 1].is_ascii_digit() && bytes[i + 1] != b'0')
        .then_some("back-reference")
}

/// Rewrites the SRX notation `\xhhhh` (a code point in exactly four hex
/// digits) as the `regex` crate's `\x{hhhh}`; the crate would read it as
/// `\xhh` followed by two literal characters.
fn translate(pattern: &str) -> String {
    let bytes = pattern.as_bytes();
    let mut out = String::with_capacity(pattern.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            let hex4 = bytes.get(i + 2..i + 6).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if bytes.get(i + 1) == Some(&b'x') && hex4 {
                out.push_str("\\x{");
                out.push_str(&pattern[i + 2..i + 6]);
                out.push('}');
                i += 6;
                continue;
            }
            // keep any other escape whole, so that "\\x0041" stays a backslash and text
            let len = pattern[i + 1..].chars().next().map_or(0, char::len_utf8);
            out.push_str(&pattern[i..i + 1 + len]);
            i += 1 + len;
            continue;
        }
        let len = pattern[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&pattern[i..i + len]);
        i += len;
    }
    out
}

impl SrxRule {
    /// Compiles one rule; the error says which part cannot be used and why.
    pub fn new(breaks: bool, before: &str, after: &str) -> Result<SrxRule, String> {
        let (before, after) = (&translate(before), &translate(after));
        for (part, pattern) in [("beforebreak", before.as_str()), ("afterbreak", after.as_str())] {
            if let Some(what) = unsupported(pattern) {
                return Err(format!("{part} '{pattern}' uses {what}, which the regex engine does not support"));
            }
        }
        let compile = |part: &str, pattern: &str| {
            Regex::new(pattern).map_err(|e| {
                let detail = e.to_string().lines().last().unwrap_or_default().trim().trim_start_matches("error: ").to_string();
                format!("{part} '{pattern}' is not a valid regular expression: {detail}")
            })
        };
        // the patterns as written first, so that errors quote them
        let before_find = (!before.is_empty()).then(|| compile("beforebreak", before)).transpose()?;
        let after_find = (!after.is_empty()).then(|| compile("afterbreak", after)).transpose()?;
        let before_at_end = (!before.is_empty()).then(|| compile("beforebreak", &format!("(?:{before})\\z"))).transpose()?;
        let after_at_start = (!after.is_empty()).then(|| compile("afterbreak", &format!("\\A(?:{after})"))).transpose()?;
        if before.is_empty() && after.is_empty() && breaks {
            return Err("both beforebreak and afterbreak are empty: a break everywhere".to_string());
        }
        Ok(SrxRule { breaks, before: before.to_string(), after: after.to_string(), before_at_end, before_find, after_at_start, after_find })
    }

    fn matches_at(&self, line: &str, at: usize) -> bool {
        self.before_at_end.as_ref().is_none_or(|r| r.is_match(&line[..at]))
            && self.after_at_start.as_ref().is_none_or(|r| r.is_match(&line[at..]))
    }

    /// Places in `line` where this rule could apply (for break rules).
    fn candidates(&self, line: &str, out: &mut Vec<usize>) {
        if let Some(before) = &self.before_find {
            // overlapping ends matter ("..." then "."), so restart one character on
            let mut from = 0;
            while let Some(m) = before.find_at(line, from) {
                out.push(m.end());
                from = if m.end() > m.start() { m.end() } else { m.end() + line[m.end()..].chars().next().map_or(1, char::len_utf8) };
                if from > line.len() {
                    break;
                }
            }
        } else if let Some(after) = &self.after_find {
            out.extend(after.find_iter(line).map(|m| m.start()));
        }
    }
}

/// Splits one line with SRX rules, pushing trimmed spans offset by `base`.
pub(crate) fn split_line(rules: &[SrxRule], line: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let mut places = Vec::new();
    for rule in rules.iter().filter(|r| r.breaks) {
        rule.candidates(line, &mut places);
    }
    places.sort_unstable();
    places.dedup();
    let mut start = 0;
    for at in places {
        if at == 0 || at >= line.len() || at <= start || !line.is_char_boundary(at) {
            continue;
        }
        if rules.iter().find(|r| r.matches_at(line, at)).is_some_and(|r| r.breaks) {
            push_trimmed(line, base, start, at, out);
            start = at;
        }
    }
    push_trimmed(line, base, start, line.len(), out);
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The built-in rules written as SRX 2.0, for the given languages plus a
/// default: per language, a no-break rule for its abbreviations and
/// titles before a capitalised word, one for initials, one for numbers
/// before a period when the language writes ordinals so, then the break
/// rules for its terminators. The contextual rules (quotations kept whole,
/// list items, sentence starters after abbreviations) have no SRX form;
/// a comment in the file says so.
pub fn export_builtin(langs: &[Lang]) -> String {
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n");
    xml.push_str("  <header segmentsubflows=\"yes\" cascade=\"yes\"/>\n  <body>\n");
    xml.push_str("    <!-- Exported by dragoman. The built-in segmenter also keeps short quotations whole, splits list items\n");
    xml.push_str("         and breaks after an abbreviation before a sentence starter (\"the U.S. How\"); SRX cannot say those. -->\n");
    xml.push_str("    <languagerules>\n");
    let mut maps = String::new();
    for lang in langs {
        let name = lang.as_str();
        let rules = super::engine::Rules::new(lang);
        let mut words: Vec<&str> = rules.titles.iter().chain(rules.abbreviations.iter()).map(|s| &**s).collect();
        words.sort_unstable();
        words.dedup();
        let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        let _ = writeln!(xml, "      <languagerule languagerulename=\"{name}\">");
        let rule = |xml: &mut String, breaks: bool, before: &str, after: &str| {
            let _ = writeln!(
                xml,
                "        <rule break=\"{}\">\n          <beforebreak>{}</beforebreak>\n          <afterbreak>{}</afterbreak>\n        </rule>",
                if breaks { "yes" } else { "no" },
                escape_xml(before),
                escape_xml(after)
            );
        };
        if !alternatives.is_empty() {
            rule(&mut xml, false, &format!("(?i)(?:^|[^\\p{{L}}\\p{{N}}])(?:{})\\.", alternatives.join("|")), "\\s");
        }
        let mut before_numbers: Vec<&str> = rules.before_numbers.iter().map(|s| &**s).collect();
        before_numbers.sort_unstable();
        let before_numbers: Vec<String> = before_numbers.iter().map(|w| regex::escape(w)).collect();
        rule(&mut xml, false, &format!("(?i)(?:^|[^\\p{{L}}\\p{{N}}])(?:{})\\.", before_numbers.join("|")), "\\s+\\d");
        rule(&mut xml, false, "(?:^|[^\\p{L}\\p{N}])\\p{Lu}\\.", "\\s");
        rule(&mut xml, false, "\\.", "\\s+\\p{Ll}");
        if rules.ordinal_dot {
            rule(&mut xml, false, "(?:^|\\s)\\d{1,3}\\.", "\\s");
        }
        let mut terminators = String::from("[.!?…؟۔।॥։");
        if rules.colon_ends {
            terminators.push(':');
        }
        if rules.semicolon_ends {
            terminators.push(';');
        }
        terminators.push(']');
        rule(&mut xml, true, &format!("{terminators}+[\"'”’»)\\]]*"), "\\s");
        rule(&mut xml, true, "[。！？｡።፧။][」』”’》）]*", "");
        xml.push_str("      </languagerule>\n");
        let _ = writeln!(maps, "      <languagemap languagepattern=\"{}.*\" languagerulename=\"{name}\"/>", regex::escape(lang.primary()));
    }
    xml.push_str("    </languagerules>\n    <maprules>\n");
    xml.push_str(&maps);
    xml.push_str("    </maprules>\n  </body>\n</srx>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn house() -> Srx {
        Srx::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/house.srx")).unwrap()
    }

    fn split(srx: &Srx, lang: &str, text: &str) -> Vec<String> {
        srx.segmenter(&Lang::parse(lang).unwrap()).split(text).map(str::to_string).collect()
    }

    #[test]
    fn house_rules_apply_in_order_with_cascade() {
        let srx = house();
        let cases: &[(&str, &str, &[&str])] = &[
            ("en", "Amb. Smith arrived. Res. 242 was cited! Then?", &["Amb. Smith arrived.", "Res. 242 was cited!", "Then?"]),
            ("en", "Ismail H. Haniyeh spoke. He left.", &["Ismail H. Haniyeh spoke.", "He left."]),
            ("en-GB", "One.\nTwo. Three.", &["One.", "Two.", "Three."]),
            ("ar", "قال د. محمد إن الوفد وصل. هل توافق؟ نعم.", &["قال د. محمد إن الوفد وصل.", "هل توافق؟", "نعم."]),
            // French has no map of its own: only the default rules apply
            ("fr", "M. Dupont est arrivé. Il parle.", &["M.", "Dupont est arrivé.", "Il parle."]),
        ];
        for (lang, text, want) in cases {
            assert_eq!(split(&srx, lang, text), *want, "{lang}: {text}");
        }
    }

    #[test]
    fn rules_the_engine_cannot_express_are_reported_by_name() {
        let srx = house();
        assert_eq!(srx.skipped().len(), 1);
        let skipped = &srx.skipped()[0];
        assert_eq!((skipped.language_rules.as_str(), skipped.number), ("English desk", 3));
        assert!(skipped.to_string().contains("look-behind"), "{skipped}");
    }

    #[test]
    fn without_cascade_only_the_first_matching_map_applies() {
        let xml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/house.srx")).unwrap();
        let srx = Srx::parse(&xml.replace("cascade=\"yes\"", "cascade=\"no\""), "house.srx").unwrap();
        // the English desk rules alone contain no break rule
        assert_eq!(split(&srx, "en", "One. Two."), ["One. Two."]);
    }

    #[test]
    fn four_digit_hex_escapes_name_code_points() {
        assert_eq!(translate(r"[\x3002\xff01]+"), r"[\x{3002}\x{ff01}]+");
        assert_eq!(translate(r"\\x3002 \x41"), r"\\x3002 \x41");
        let xml = r#"<srx version="2.0"><body><languagerules><languagerule languagerulename="CJK">
            <rule break="yes"><beforebreak>[\x3002\xff01]+</beforebreak><afterbreak></afterbreak></rule>
            </languagerule></languagerules><maprules><languagemap languagepattern="(ja|zh).*" languagerulename="CJK"/></maprules></body></srx>"#;
        let srx = Srx::parse(xml, "cjk.srx").unwrap();
        assert_eq!(split(&srx, "ja", "これはペンです。すごい！はい"), ["これはペンです。", "すごい！", "はい"]);
    }

    #[test]
    fn bad_files_are_named_with_their_line() {
        let err = Srx::parse("<srx>\n<body>\n<languagerule>\n</body></srx>", "x.srx").unwrap_err().to_string();
        assert!(err.starts_with("x.srx:3: "), "{err}");
        let err = Srx::parse(
            "<srx><body><maprules><languagemap languagepattern=\"en\" languagerulename=\"Nope\"/></maprules></body></srx>",
            "y.srx",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("Nope"), "{err}");
        assert!(Srx::parse("<html/>", "z.srx").unwrap_err().to_string().contains("not an SRX document"));
        let srx = Srx::parse(
            r#"<srx><body><languagerules><languagerule languagerulename="a"><rule><beforebreak>[</beforebreak></rule></languagerule></languagerules><maprules/></body></srx>"#,
            "w.srx",
        )
        .unwrap();
        assert_eq!(
            srx.skipped()[0].to_string(),
            "rule 1 of 'a' skipped: beforebreak '[' is not a valid regular expression: unclosed character class"
        );
    }

    #[test]
    fn a_file_cut_short_or_missing_its_parts_is_an_error_naming_file_and_line() {
        let xml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/house.srx")).unwrap();
        let cut = &xml[..500];
        let err = Srx::parse(cut, "cut.srx").unwrap_err().to_string();
        assert!(err.starts_with(&format!("cut.srx:{}: ", line_of(cut, cut.len()))), "{err}");
        // (text, what the error must say)
        let cases: &[(&str, &str)] = &[
            ("<srx><body>", "x.srx:1: unexpected end of file: <body> (line 1) is not closed"),
            ("<srx>\n<body>\n<languagerules>\n", "x.srx:4: unexpected end of file: <languagerules> (line 3) is not closed"),
            ("<srx><body></body></srx>", "x.srx:1: no <languagerules> element"),
            ("<srx/>", "x.srx:1: no <body> element"),
            (
                "<srx><body><languagerules><languagerule languagerulename=\"a\"/></languagerules></body>\n</srx>",
                "x.srx:2: no <maprules> element",
            ),
        ];
        for (text, want) in cases {
            let err = Srx::parse(text, "x.srx").unwrap_err().to_string();
            assert!(err.starts_with(want), "{text}: {err}");
        }
    }

    #[test]
    fn a_language_no_map_matches_is_reported() {
        let xml = r#"<srx version="2.0"><body><languagerules><languagerule languagerulename="en">
            <rule break="yes"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
            </languagerule></languagerules><maprules><languagemap languagepattern="en.*" languagerulename="en"/></maprules></body></srx>"#;
        let srx = Srx::parse(xml, "en.srx").unwrap();
        assert_eq!(srx.unmapped(&Lang::parse("en-GB").unwrap()), None);
        let fr = Lang::parse("fr").unwrap();
        assert_eq!(srx.unmapped(&fr).unwrap().to_string(), "no languagemap matches 'fr': only line breaks will end sentences");
        assert_eq!(house().unmapped(&fr), None, "the house rules have a default map");
    }

    #[test]
    fn exported_builtin_rules_load_back_and_split() {
        let langs: Vec<Lang> = ["en", "de", "ar", "zh", "hy"].iter().map(|l| Lang::parse(l).unwrap()).collect();
        let xml = export_builtin(&langs);
        let srx = Srx::parse(&xml, "exported.srx").unwrap();
        assert!(srx.skipped().is_empty(), "{:?}", srx.skipped());
        assert_eq!(split(&srx, "en", "Mr. Smith met Dr. Jones. They talked."), ["Mr. Smith met Dr. Jones.", "They talked."]);
        assert_eq!(split(&srx, "de", "Am 17. März kam er. Es regnete."), ["Am 17. März kam er.", "Es regnete."]);
        assert_eq!(split(&srx, "zh", "我们支持和平。你同意吗？"), ["我们支持和平。", "你同意吗？"]);
        assert_eq!(split(&srx, "hy", "Ի՞նչ ես մտածում: Ոչինչ:"), ["Ի՞նչ ես մտածում:", "Ոչինչ:"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn srx_spans_are_lossless_on_any_text(text in "[\\PC\\p{Cf}]{0,120}|([a-zA-Z .!?\"'؟»“”\n]{0,10}){0,12}") {
            static SEGMENTERS: std::sync::OnceLock<Vec<Segmenter>> = std::sync::OnceLock::new();
            let segmenters = SEGMENTERS.get_or_init(|| ["en", "ar", "fr"].iter().map(|l| house().segmenter(&Lang::parse(l).unwrap())).collect());
            for segmenter in segmenters {
                let spans = segmenter.spans(&text);
                let mut at = 0;
                for &(s, e) in &spans {
                    prop_assert!(at <= s && s < e && e <= text.len());
                    prop_assert!(text[at..s].trim().is_empty());
                    prop_assert_eq!(text[s..e].trim(), &text[s..e]);
                    at = e;
                }
                prop_assert!(text[at..].trim().is_empty());
            }
        }
    }
}
