//! Translated jobs as memory units, and memory units as jobs: the
//! segments of an XLIFF file and the entries of a PO catalogue that are
//! done become [`NewUnit`]s (what import stores), and stored units become
//! XLIFF segments and PO entries again (what export writes).
//!
//! A segment is *finished* when its file says so: XLIFF 1.2 `state`
//! `translated`, `final` or `signed-off`, or `approved="yes"`, or the
//! vendor's own status for a confirmed segment (SDLXLIFF `conf`
//! `Translated`, `ApprovedTranslation`, `ApprovedSignOff`; memoQ
//! `mq:status` `ManuallyConfirmed`, `Reviewer1Confirmed`,
//! `Reviewer2Confirmed`, `Proofread`); XLIFF 2.x `state` `translated`,
//! `reviewed` or `final`; a PO entry translated and not `fuzzy`. Others
//! are skipped with a [`Skipped`] class that import counts, unless
//! [`Take::Any`] asks for every segment with a target.
//!
//! Provenance: the unit's document is the file's name as given, its
//! locator the unit id (`7`), with the segment id for a segmented unit
//! (`7/2`) or the PO entry's line (and `[1]` for a plural's second
//! pair, whose units keep their form's index, the entry's `msgid`,
//! `msgid_plural` and further forms: see [`PO_PLURAL_FORM_PROP`]); the state, the XLIFF `file`'s `original`, a PO `msgctxt` and
//! references, and notes are kept as the unit's metadata props and notes
//! (`x-xliff-state`, `x-xliff-file`, `x-po-msgctxt`…), which TMX export
//! writes as `prop`s. The author (1.2 `phase` contact, memoQ's and SDL's
//! user, PO `Last-Translator`) becomes the unit's creator.
//!
//! Inline codes are stored as TMX import stores them: the text with
//! placeholders (`{1}…{/1}`, `{2/}`), and beside it TMX markup in which
//! each XLIFF code is the native code of a `bpt`/`ept`/`ph` (so that a
//! TMX export is valid TMX, and the TMX reader gives the same
//! placeholders back). XLIFF export of the same version puts the codes
//! back as they were; see [`xliff_content`]. A 2.x unit's `originalData`
//! that the codes name (`dataRef`) is kept as a prop ([`DATA_PROP`]) and
//! written back as the exported unit's `originalData`.

use super::po::{PoCatalogue, PoEntry};
use super::tmx::{Annotations, Note, Prop, UnitMetadata};
use super::values::{MAX_UNIT_METADATA_BYTES, TextKind, check_value};
use super::xliff::{Content, Flavour, NewSegment, STATES_1_2, STATES_2, Segment, XliffFile, XliffUnit, XliffVersion};
use crate::lang::Lang;
use crate::memory::{NewUnit, Unit};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Which segments to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Only finished ones (see the module documentation).
    Finished,
    /// Every segment with a non-empty target, whatever its state.
    Any,
}

/// A segment or entry not taken: its class (counted by import, e.g.
/// `state needs-translation`, `fuzzy`, `no target`) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub class: String,
    /// Whether [`Take::Any`] would have taken it.
    pub unfinished: bool,
    pub line: u64,
}

/// A segment or entry that gives a unit, one that is skipped, or one
/// whose content cannot be stored (why, and its line).
#[derive(Debug, Clone)]
pub enum Outcome {
    Unit(Box<NewUnit>),
    Skipped(Skipped),
    Rejected { line: u64, reason: String },
}

/// Props of the metadata of a unit from a job (see the module documentation).
pub const STATE_PROP: &str = "x-xliff-state";
pub const FILE_PROP: &str = "x-xliff-file";
/// The XLIFF version whose codes the unit's markup carries (`1.2`, `2`).
pub const INLINE_PROP: &str = "x-xliff-inline";
/// A 2.x unit's `originalData` that the segment's codes name by
/// `dataRef` (JSON: `[[id, content as markup], …]`), so that export
/// writes the codes back with their data.
pub const DATA_PROP: &str = "x-xliff-original-data";

/// The `dataRef`, `dataRefStart` and `dataRefEnd` values in XLIFF 2.x markup.
static DATA_REF: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r#" dataRef(?:Start|End)?="([^"]*)""#).expect("valid regex"));

/// The ids `markup`'s codes name by `dataRef…`, each once, in order.
fn data_refs<'m>(markups: impl IntoIterator<Item = &'m str>) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for markup in markups {
        for found in DATA_REF.captures_iter(markup) {
            if !ids.iter().any(|id| id == &found[1]) {
                ids.push(found[1].to_string());
            }
        }
    }
    ids
}
pub const PO_STATE_PROP: &str = "x-po-state";
pub const PO_CONTEXT_PROP: &str = "x-po-msgctxt";
pub const PO_REFERENCE_PROP: &str = "x-po-reference";
/// A unit from a plural PO entry: which `msgstr[n]` its target is (`0`
/// for `msgid` ↔ `msgstr[0]`, `1` for `msgid_plural` ↔ `msgstr[1]`), the
/// entry's `msgid` and `msgid_plural` (both on each of its units), and
/// the further forms, which have no source of their own, each as
/// `x-po-msgstr[n]` (on the `msgid_plural` unit, else the `msgid` one).
pub const PO_PLURAL_FORM_PROP: &str = "x-po-plural-form";
pub const PO_MSGID_PROP: &str = "x-po-msgid";
pub const PO_MSGID_PLURAL_PROP: &str = "x-po-msgid-plural";
/// The prop of further plural form `n` (`x-po-msgstr[2]` …).
pub fn po_msgstr_prop(n: usize) -> String {
    format!("x-po-msgstr[{n}]")
}

/// XLIFF 1.2 `state`s of a finished target (XLIFF 1.2 §4.3 "state").
const FINISHED_1_2: [&str; 3] = ["translated", "final", "signed-off"];
/// XLIFF 2.x `state`s of a finished segment (XLIFF 2.1 §4.3.1.40).
const FINISHED_2: [&str; 3] = ["translated", "reviewed", "final"];
/// SDLXLIFF `conf` values of a confirmed segment (as Trados Studio 2017-2022 writes them).
const FINISHED_SDL: [&str; 3] = ["Translated", "ApprovedTranslation", "ApprovedSignOff"];
/// memoQ `mq:status` values of a confirmed segment (memoQ 9 MQXLIFF).
const FINISHED_MEMOQ: [&str; 4] = ["ManuallyConfirmed", "Reviewer1Confirmed", "Reviewer2Confirmed", "Proofread"];

/// The state a segment is recorded with, and whether it is finished.
fn segment_state(unit: &XliffUnit, segment: &Segment, version: XliffVersion, flavour: Flavour) -> (String, bool) {
    if version.is_2x() {
        let state = segment.state.clone().unwrap_or_else(|| "initial".to_string());
        let finished = FINISHED_2.contains(&state.as_str());
        return (segment.sub_state.as_ref().map_or_else(|| state.clone(), |s| format!("{state} ({s})")), finished);
    }
    if let Some(state) = &segment.state
        && FINISHED_1_2.contains(&state.as_str())
    {
        return (state.clone(), true);
    }
    if unit.approved == Some(true) {
        return ("approved".to_string(), true);
    }
    if let Some(vendor) = &segment.vendor_state {
        let finished = match flavour {
            Flavour::Sdlxliff => FINISHED_SDL.contains(&vendor.as_str()),
            Flavour::Mqxliff => FINISHED_MEMOQ.contains(&vendor.as_str()),
            Flavour::Oasis => false,
        };
        let tool = if flavour == Flavour::Mqxliff { "memoQ status" } else { "SDL conf" };
        if finished || segment.state.is_none() {
            return (format!("{tool} {vendor}"), finished);
        }
    }
    match &segment.state {
        Some(state) => (state.clone(), false),
        None => ("no state".to_string(), false),
    }
}

/// The units one XLIFF unit gives, one [`Outcome`] per segment (one for
/// the whole unit when it is not taken as a whole: not to be translated,
/// or the gettext header). `file` is the `file` it is in (its
/// `original` goes into the metadata).
pub fn xliff_outcomes(
    unit: &XliffUnit,
    file: &XliffFile,
    (src, tgt): (&Lang, &Lang),
    (version, flavour): (XliffVersion, Flavour),
    document: &str,
    take: Take,
) -> Vec<Outcome> {
    let skip = |class: &str, unfinished: bool| vec![Outcome::Skipped(Skipped { class: class.to_string(), unfinished, line: unit.line })];
    if !unit.translate {
        return skip("not to be translated (translate=\"no\")", false);
    }
    if unit.restype.as_deref() == Some("x-gettext-domain-header") {
        return skip("gettext header", false);
    }
    let segmented = unit.segments.len() > 1 || unit.segments.iter().any(|s| s.id.is_some() && !version.is_2x());
    let mut outcomes = Vec::with_capacity(unit.segments.len());
    for (k, segment) in unit.segments.iter().enumerate() {
        let skipped = |class: String, unfinished: bool| Outcome::Skipped(Skipped { class, unfinished, line: unit.line });
        let Some(target) = segment.target.as_ref().filter(|t| !t.text.trim().is_empty()) else {
            outcomes.push(skipped("no target".to_string(), false));
            continue;
        };
        if segment.source.text.trim().is_empty() {
            outcomes.push(skipped("empty source".to_string(), false));
            continue;
        }
        let (state, finished) = segment_state(unit, segment, version, flavour);
        if !finished && take == Take::Finished {
            outcomes.push(skipped(format!("state {state}"), true));
            continue;
        }
        let reject = |reason: String| Outcome::Rejected { line: unit.line, reason };
        if let Err(reason) =
            super::check_segment(&segment.source.text, "source").and_then(|()| super::check_segment(&target.text, "target"))
        {
            outcomes.push(reject(reason));
            continue;
        }
        let mut new = NewUnit::without_creator(src.clone(), tgt.clone(), &segment.source.text, &target.text, document);
        new.locator =
            if segmented { format!("{}/{}", unit.id, segment.id.clone().unwrap_or_else(|| (k + 1).to_string())) } else { unit.id.clone() };
        new.created_by.clone_from(&unit.author);
        new.source_markup = tmx_markup(&segment.source);
        new.target_markup = tmx_markup(target);
        let mut tu = Annotations::default();
        let prop = |kind: &str, value: &str| Prop { kind: kind.to_string(), lang: None, value: value.to_string() };
        tu.props.push(prop(STATE_PROP, &state));
        if let Some(original) = &file.original {
            tu.props.push(prop(FILE_PROP, original));
        }
        if !segment.source.codes.is_empty() || !target.codes.is_empty() {
            tu.props.push(prop(INLINE_PROP, if version.is_2x() { "2" } else { "1.2" }));
        }
        // the native data the codes name, kept beside them
        let codes = segment.source.codes.iter().chain(&target.codes).map(|(_, markup)| markup.as_str());
        let data: Vec<&(String, String)> =
            data_refs(codes).iter().filter_map(|id| unit.original_data.iter().find(|(d, _)| d == id)).collect();
        if version.is_2x() && !data.is_empty() {
            tu.props.push(prop(DATA_PROP, &serde_json::to_string(&data).expect("strings serialise")));
        }
        tu.notes = unit.notes.iter().map(|n| Note { lang: None, value: n.text.clone() }).collect();
        outcomes.push(with_metadata(new, tu, reject));
    }
    if outcomes.is_empty() {
        outcomes.push(Outcome::Skipped(Skipped { class: "no segment".to_string(), unfinished: false, line: unit.line }));
    }
    outcomes
}

/// The unit with its annotations as metadata, or the rejection of a
/// value that cannot be stored.
fn with_metadata(mut unit: NewUnit, tu: Annotations, reject: impl Fn(String) -> Outcome) -> Outcome {
    match metadata_json(tu) {
        Ok(json) => {
            unit.metadata = json;
            Outcome::Unit(Box::new(unit))
        }
        Err(reason) => reject(reason),
    }
}

/// The metadata of a unit from a job as JSON; `Err` when a value cannot
/// be kept (a control character, or too large).
fn metadata_json(tu: Annotations) -> Result<Option<String>, String> {
    for prop in &tu.props {
        check_value(&prop.value, format_args!("{}", prop.kind), TextKind::Note)?;
    }
    for note in &tu.notes {
        check_value(&note.value, "a note", TextKind::Note)?;
    }
    if tu.is_empty() {
        return Ok(None);
    }
    let json = serde_json::to_string(&UnitMetadata { tu, ..UnitMetadata::default() }).map_err(|e| e.to_string())?;
    if json.len() > MAX_UNIT_METADATA_BYTES {
        return Err(format!("notes and props too large ({} bytes, limit {MAX_UNIT_METADATA_BYTES})", json.len()));
    }
    Ok(Some(json))
}

/// The units one PO entry gives (the header and obsolete entries give a
/// skip, a plural entry up to two units; see [`PoEntry::pairs`]: each
/// keeps its form's index, the entry's `msgid` and `msgid_plural`, and
/// one of them the further forms, so that export writes the entry back
/// whole). `author` is the catalogue's `Last-Translator`.
pub fn po_outcomes(entry: &PoEntry, (src, tgt): (&Lang, &Lang), document: &str, author: Option<&str>, take: Take) -> Vec<Outcome> {
    let skip = |class: &str, unfinished: bool| vec![Outcome::Skipped(Skipped { class: class.to_string(), unfinished, line: entry.line })];
    if entry.obsolete {
        return skip("obsolete (#~)", false);
    }
    if entry.is_header() {
        return Vec::new();
    }
    let pairs = entry.pairs();
    if pairs.is_empty() {
        return skip("untranslated", false);
    }
    if entry.is_fuzzy() && take == Take::Finished {
        return skip("fuzzy", true);
    }
    // each pair's form: msgstr[0] for msgid, msgstr[1] for msgid_plural (pairs() leaves out empty ones)
    let forms: Vec<usize> = match &entry.msgid_plural {
        None => vec![0],
        Some(_) => (0..2).filter(|&n| entry.msgstr.get(n).is_some_and(|s| !s.is_empty())).collect(),
    };
    // the further forms go with msgid_plural's unit, or msgid's when it has none
    let further_with = forms.last().copied();
    let mut outcomes = Vec::new();
    for (&form, (source, target)) in forms.iter().zip(pairs) {
        let reject = |reason: String| Outcome::Rejected { line: entry.line, reason };
        if let Err(reason) = super::check_segment(source, "msgid").and_then(|()| super::check_segment(target, "msgstr")) {
            outcomes.push(reject(reason));
            continue;
        }
        let mut new = NewUnit::without_creator(src.clone(), tgt.clone(), source, target, document);
        new.locator = if form == 0 { entry.line.to_string() } else { format!("{}[{form}]", entry.line) };
        new.created_by = author.map(str::to_string);
        // white space around a string is part of it in a catalogue
        for (text, markup) in [(source, &mut new.source_markup), (target, &mut new.target_markup)] {
            if text.trim().len() != text.len() {
                *markup = Some(super::xml::escape(text, false));
            }
        }
        let mut tu = Annotations::default();
        let prop = |kind: &str, value: &str| Prop { kind: kind.to_string(), lang: None, value: value.to_string() };
        tu.props.push(prop(PO_STATE_PROP, if entry.is_fuzzy() { "fuzzy" } else { "translated" }));
        if let Some(context) = &entry.msgctxt {
            tu.props.push(prop(PO_CONTEXT_PROP, context));
        }
        for reference in &entry.references {
            tu.props.push(prop(PO_REFERENCE_PROP, reference));
        }
        if let Some(plural) = &entry.msgid_plural {
            tu.props.push(prop(PO_PLURAL_FORM_PROP, &form.to_string()));
            tu.props.push(prop(PO_MSGID_PROP, &entry.msgid));
            tu.props.push(prop(PO_MSGID_PLURAL_PROP, plural));
            if further_with == Some(form) {
                for (n, further) in entry.msgstr.iter().enumerate().skip(2).filter(|(_, t)| !t.is_empty()) {
                    tu.props.push(prop(&po_msgstr_prop(n), further));
                }
            }
        }
        tu.notes = entry.translator_comments.iter().map(|c| Note { lang: None, value: c.clone() }).collect();
        outcomes.push(with_metadata(new, tu, reject));
    }
    outcomes
}

/// A catalogue's `Last-Translator`, unless empty or the template's
/// placeholder (`FULL NAME <EMAIL@ADDRESS>`).
pub fn po_author(catalogue: &PoCatalogue) -> Option<String> {
    catalogue.header_field("Last-Translator").map(str::trim).filter(|a| !a.is_empty() && !a.starts_with("FULL NAME")).map(str::to_string)
}

/// The placeholders `inline` writes: `{1}`, `{/1}`, `{1/}`.
static PLACEHOLDER: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(r"\{/?[0-9]+/?\}").expect("valid regex"));

/// TMX markup for XLIFF content: its text with each inline code as the
/// native code of a TMX `bpt` (`{1}`), `ept` (`{/1}`) or `ph` (`{1/}`) —
/// an `it` for half a pair whose other half is in another segment — so
/// that the TMX reader gives back the same placeholders. `None` when the
/// content has no codes and no white space around it.
pub fn tmx_markup(content: &Content) -> Option<String> {
    if content.codes.is_empty() {
        return content.stored_markup().map(|_| super::xml::escape(&content.text, false));
    }
    let code = |p: &str| content.codes.iter().find(|(q, _)| q == p).map(|(_, m)| m.as_str());
    let esc = |s: &str| super::xml::escape(s, false);
    let mut out = String::with_capacity(content.markup.len() * 2);
    let mut at = 0;
    for found in PLACEHOLDER.find_iter(&content.text) {
        let p = found.as_str();
        let Some(markup) = code(p) else { continue };
        out.push_str(&esc(&content.text[at..found.start()]));
        at = found.end();
        let number = p.trim_matches(|c| matches!(c, '{' | '}' | '/'));
        if p.ends_with("/}") {
            out.push_str(&format!("<ph>{}</ph>", esc(markup)));
        } else if p.starts_with("{/") {
            let opened = content.text[..found.start()].contains(&format!("{{{number}}}"));
            if opened {
                out.push_str(&format!("<ept i=\"{number}\">{}</ept>", esc(markup)));
            } else {
                out.push_str(&format!("<it pos=\"end\">{}</it>", esc(markup)));
            }
        } else if content.text[found.end()..].contains(&format!("{{/{number}}}")) {
            out.push_str(&format!("<bpt i=\"{number}\">{}</bpt>", esc(markup)));
        } else {
            out.push_str(&format!("<it pos=\"begin\">{}</it>", esc(markup)));
        }
    }
    out.push_str(&esc(&content.text[at..]));
    Some(out)
}

/// The native codes of TMX markup (as [`tmx_markup`] or TMX import
/// stored it) by placeholder, numbered as the TMX reader numbers them:
/// each `bpt`, `ept`, `it`, `ph` with its content unescaped. `hi` and
/// other elements give none.
fn native_codes(markup: &str) -> HashMap<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(markup);
    let mut codes = HashMap::new();
    let mut next = 0u32;
    let mut paired: HashMap<String, u32> = HashMap::new();
    // the open code element: its placeholder and the text read so far
    let mut open: Option<(String, String)> = None;
    let mut depth = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if open.is_some() {
                    continue;
                }
                let name = e.name().as_ref().to_string();
                let attribute = |key: &str| e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.to_string());
                let placeholder = match name.as_str() {
                    "bpt" => {
                        next += 1;
                        paired.insert(attribute("i").unwrap_or_default(), next);
                        format!("{{{next}}}")
                    }
                    "ept" => {
                        let number = paired.get(&attribute("i").unwrap_or_default()).copied().unwrap_or_else(|| {
                            next += 1;
                            next
                        });
                        format!("{{/{number}}}")
                    }
                    "it" => {
                        next += 1;
                        if attribute("pos").as_deref() == Some("end") { format!("{{/{next}}}") } else { format!("{{{next}}}") }
                    }
                    "hi" => {
                        next += 1;
                        continue;
                    }
                    _ => {
                        next += 1;
                        format!("{{{next}/}}")
                    }
                };
                open = Some((placeholder, String::new()));
                depth = 1;
            }
            Ok(Event::Empty(e)) if open.is_none() => {
                next += 1;
                if e.name().as_ref() != "hi" {
                    codes.insert(format!("{{{next}/}}"), String::new());
                }
            }
            Ok(Event::Text(t)) => {
                if let Some((_, text)) = open.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some((_, text)) = open.as_mut() {
                    let name = r.xml10_content();
                    if !matches!(super::xml::push_predefined(&name, text), Ok(true)) {
                        text.push_str(&format!("&{name};"));
                    }
                }
            }
            Ok(Event::End(_)) => {
                depth -= 1;
                if depth == 0
                    && let Some((placeholder, text)) = open.take()
                {
                    codes.insert(placeholder, text);
                }
            }
            Ok(Event::Eof) | Err(_) => return codes,
            _ => {}
        }
    }
}

/// The content to write for a stored text (`text` with placeholders and
/// its TMX `markup`, if any) in an XLIFF file of `version`: the original
/// codes where the unit came from XLIFF of the same family (`inline`, its
/// [`INLINE_PROP`]), else each code as a generic one that keeps the
/// native code (1.2 `bpt`/`ept`/`ph`; 2.x `sc`/`ec`/`ph`, with the code
/// in the 2.x `disp` attribute). `Err` when the codes cannot be placed
/// (a closing code before its opening one).
pub fn xliff_content(text: &str, markup: Option<&str>, inline: Option<&str>, version: XliffVersion) -> Result<Content, String> {
    xliff_content_with_data(text, markup, inline, version, &[])
}

/// [`xliff_content`] for a unit that kept the 2.x original data its
/// codes name (`data`, as [`DATA_PROP`] holds it): when every `dataRef`
/// of the codes written back as they were is among them, the `dataRef`s
/// stay (and the caller writes `data` as the unit's `originalData`);
/// otherwise they are left out, as for a unit without data.
pub fn xliff_content_with_data(
    text: &str,
    markup: Option<&str>,
    inline: Option<&str>,
    version: XliffVersion,
    data: &[(String, String)],
) -> Result<Content, String> {
    let Some(markup) = markup else { return Ok(Content::plain(text)) };
    let native = native_codes(markup);
    let same_family = inline.is_some_and(|v| (v == "2") == version.is_2x());
    // a code with a vendor's prefixed name (SDL's `sdl:cid`) needs a
    // namespace the new document does not declare: it is written generic
    static PREFIXED: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"[<\s/]([A-Za-z_][\w.-]*):[A-Za-z_]").expect("valid regex"));
    let foreign = |code: &str| PREFIXED.captures_iter(code).any(|c| &c[1] != "xml");
    let esc = |s: &str| super::xml::escape(s, true);
    let mut codes = Vec::new();
    for found in PLACEHOLDER.find_iter(text) {
        let p = found.as_str();
        if codes.iter().any(|(q, _): &(String, String)| q == p) {
            continue;
        }
        let Some(code) = native.get(p) else { continue };
        let number = p.trim_matches(|c| matches!(c, '{' | '}' | '/'));
        // both halves of a pair are written alike
        let same_family = same_family
            && !foreign(code)
            && !native.iter().any(|(q, c)| q.trim_matches(|c| matches!(c, '{' | '}' | '/')) == number && foreign(c));
        let written = if same_family && version.is_2x() {
            // a `dataRef` needs `originalData` to point at: kept only where the data was kept
            if data_refs([code.as_str()]).iter().all(|id| data.iter().any(|(d, _)| d == id)) {
                code.clone()
            } else {
                DATA_REF.replace_all(code, "").into_owned()
            }
        } else if same_family {
            code.clone()
        } else if version.is_2x() {
            if p.ends_with("/}") {
                format!("<ph id=\"{number}\" disp=\"{}\"/>", esc(code))
            } else if p.starts_with("{/") {
                format!("<ec startRef=\"{number}\" disp=\"{}\"/>", esc(code))
            } else {
                format!("<sc id=\"{number}\" disp=\"{}\"/>", esc(code))
            }
        } else {
            let element = if p.ends_with("/}") {
                "ph"
            } else if p.starts_with("{/") {
                "ept"
            } else {
                "bpt"
            };
            format!("<{element} id=\"{number}\">{}</{element}>", super::xml::escape(code, false))
        };
        codes.push((p.to_string(), written));
    }
    let mut content = Content { text: text.to_string(), markup: String::new(), codes };
    content.markup = content.markup_for(text)?;
    // a 2.x `ec` must close an `sc` of the same unit: one whose `sc` is
    // not in the text is written as an isolated end
    if version.is_2x() && !same_family {
        for (p, written) in &mut content.codes {
            if p.starts_with("{/") && !text.contains(&p.replacen("{/", "{", 1)) {
                *written = written.replacen("startRef=", "isolated=\"yes\" id=", 1);
            }
        }
        content.markup = content.markup_for(text)?;
    }
    Ok(content)
}

/// The segment an exported unit becomes in an XLIFF file of `version`
/// (unit id `u` and `id`, whose numbers cannot clash with the inline
/// codes' in 2.x): its texts with their inline codes (see
/// [`xliff_content`]; a text whose codes cannot be placed is written as
/// plain text with its placeholders), the state it was imported with
/// where `version` has it (else `translated`), its origin as a note, and
/// in 2.x the original data its codes name, where it was kept.
pub fn xliff_segment(unit: &Unit, id: usize, version: XliffVersion) -> NewSegment {
    let inline = unit_prop(unit, INLINE_PROP);
    let data: Vec<(String, String)> = unit_prop(unit, DATA_PROP).and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default();
    let content = |text: &str, markup: Option<&str>| {
        xliff_content_with_data(text, markup, inline.as_deref(), version, &data).unwrap_or_else(|_| Content::plain(text))
    };
    let stored = unit_prop(unit, STATE_PROP).and_then(|s| s.split(' ').next().map(str::to_string));
    let states: &[&str] = if version.is_2x() { &STATES_2 } else { &STATES_1_2 };
    let state = stored.filter(|s| states.contains(&s.as_str())).unwrap_or_else(|| "translated".to_string());
    let (source, target) = (content(&unit.source, unit.source_markup.as_deref()), content(&unit.target, unit.target_markup.as_deref()));
    // the original data the written codes name (none where they were left out)
    let named = data_refs([source.markup.as_str(), target.markup.as_str()]);
    let original_data = if version.is_2x() { data.into_iter().filter(|(d, _)| named.contains(d)).collect() } else { Vec::new() };
    NewSegment {
        id: format!("u{id}"),
        source,
        target: Some(target),
        state: Some(state),
        note: Some(format!("origin: {}", unit.origin())),
        matches: Vec::new(),
        original_data,
    }
}

/// The PO entry an exported unit becomes: `msgid` the source, `msgstr`
/// the target, with the `msgctxt`, references, translator comments and
/// `fuzzy` flag it was imported with. A unit from a plural entry (see
/// [`PO_PLURAL_FORM_PROP`]) becomes that plural entry with its form (and
/// the further forms it keeps) filled and the others empty: the entries
/// of one plural entry's units are put together by [`merge_po_plural`].
pub fn po_entry(unit: &Unit) -> PoEntry {
    let mut entry = PoEntry::new(&unit.source, &unit.target);
    let metadata: UnitMetadata = unit.metadata.as_deref().and_then(|m| serde_json::from_str(m).ok()).unwrap_or_default();
    let mut plural: (Option<usize>, Option<String>, Option<String>) = (None, None, None);
    let mut further: Vec<(usize, String)> = Vec::new();
    for prop in &metadata.tu.props {
        match prop.kind.as_str() {
            PO_CONTEXT_PROP => entry.msgctxt = Some(prop.value.clone()),
            PO_REFERENCE_PROP => entry.references.push(prop.value.clone()),
            PO_STATE_PROP if prop.value == "fuzzy" => entry.set_fuzzy(true),
            PO_PLURAL_FORM_PROP => plural.0 = prop.value.parse().ok(),
            PO_MSGID_PROP => plural.1 = Some(prop.value.clone()),
            PO_MSGID_PLURAL_PROP => plural.2 = Some(prop.value.clone()),
            kind => {
                if let Some(n) = kind.strip_prefix("x-po-msgstr[").and_then(|k| k.strip_suffix(']')).and_then(|n| n.parse::<usize>().ok())
                    && (2..MAX_PLURAL_FORMS).contains(&n)
                {
                    further.push((n, prop.value.clone()));
                }
            }
        }
    }
    if let (Some(form @ (0 | 1)), Some(msgid), Some(msgid_plural)) = plural {
        entry.msgid = msgid;
        entry.msgid_plural = Some(msgid_plural);
        entry.msgstr = vec![String::new(); 2];
        entry.msgstr[form] = unit.target.clone();
        for (n, text) in further {
            if entry.msgstr.len() <= n {
                entry.msgstr.resize(n + 1, String::new());
            }
            entry.msgstr[n] = text;
        }
    }
    entry.translator_comments = metadata.tu.notes.iter().flat_map(|n| n.value.lines()).map(str::to_string).collect();
    entry
}

/// The most plural forms a language has (Arabic's six; gettext allows
/// more, no language uses them), so that a stray prop cannot make an
/// export write thousands of empty forms.
const MAX_PLURAL_FORMS: usize = 6;

/// Puts the forms of `other` (an entry of another unit of the same plural
/// entry, as [`po_entry`] gives it) into `entry` where `entry` has none;
/// `false` (nothing done) when `other` is not a form of the same plural
/// entry or holds a form `entry` has already with another text.
pub fn merge_po_plural(entry: &mut PoEntry, other: &PoEntry) -> bool {
    if entry.msgid_plural.is_none() || entry.msgid_plural != other.msgid_plural || entry.msgid != other.msgid {
        return false;
    }
    let clash = |(mine, theirs): (&String, &String)| !mine.is_empty() && !theirs.is_empty() && mine != theirs;
    if entry.msgstr.iter().zip(&other.msgstr).any(clash) {
        return false;
    }
    if entry.msgstr.len() < other.msgstr.len() {
        entry.msgstr.resize(other.msgstr.len(), String::new());
    }
    for (mine, theirs) in entry.msgstr.iter_mut().zip(&other.msgstr) {
        if mine.is_empty() {
            mine.clone_from(theirs);
        }
    }
    if other.is_fuzzy() {
        entry.set_fuzzy(true);
    }
    for reference in &other.references {
        if !entry.references.contains(reference) {
            entry.references.push(reference.clone());
        }
    }
    true
}

/// Gives a plural entry exactly `nplurals` forms (the target language's):
/// a form it lacks is filled with the nearest form before it that it has
/// (else the first it has) and the entry marked `fuzzy`, for a
/// translator to check; forms beyond `nplurals` are dropped. Returns
/// whether a form was filled in.
pub fn fit_po_plural_forms(entry: &mut PoEntry, nplurals: usize) -> bool {
    if entry.msgid_plural.is_none() || nplurals == 0 {
        return false;
    }
    entry.msgstr.resize(nplurals, String::new());
    let Some(first) = entry.msgstr.iter().find(|s| !s.is_empty()).cloned() else { return false };
    let mut filled = false;
    let mut last = first;
    for form in &mut entry.msgstr {
        if form.is_empty() {
            form.clone_from(&last);
            filled = true;
        } else {
            last.clone_from(form);
        }
    }
    if filled {
        entry.set_fuzzy(true);
    }
    filled
}

/// A stored unit's metadata prop, if it has one.
pub fn unit_prop(unit: &Unit, kind: &str) -> Option<String> {
    let metadata: UnitMetadata = unit.metadata.as_deref().and_then(|m| serde_json::from_str(m).ok())?;
    metadata.tu.props.into_iter().find(|p| p.kind == kind).map(|p| p.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::xliff::read_document;

    fn lang(tag: &str) -> Lang {
        Lang::parse(tag).unwrap()
    }

    #[test]
    fn xliff_codes_stored_as_tmx_markup_read_back_as_the_same_placeholders() {
        let xliff = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en" target-language="fr" datatype="plaintext"><body>
<trans-unit id="1"><source>Press <g id="1">Save &amp; close</g><x id="2"/> now</source><target state="final">Appuyez sur <g id="1">Enregistrer</g><x id="2"/></target></trans-unit>
</body></file></xliff>"#;
        let document = read_document(xliff.as_bytes(), "a.xlf").unwrap();
        let unit = &document.units[0];
        let outcomes = xliff_outcomes(
            unit,
            &document.files[0],
            (&lang("en"), &lang("fr")),
            (document.version, document.flavour),
            "a.xlf",
            Take::Finished,
        );
        let Outcome::Unit(new) = &outcomes[0] else { panic!("{outcomes:?}") };
        assert_eq!(new.source, "Press {1}Save & close{/1}{2/} now");
        let markup = new.source_markup.as_deref().unwrap();
        assert_eq!(
            markup,
            "Press <bpt i=\"1\">&lt;g id=\"1\"&gt;</bpt>Save &amp; close<ept i=\"1\">&lt;/g&gt;</ept><ph>&lt;x id=\"2\"/&gt;</ph> now"
        );
        // the TMX reader reads the same placeholders off the markup
        let tmx = format!(
            "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>{markup}</seg></tuv><tuv xml:lang=\"fr\"><seg>x</seg></tuv></tu></body></tmx>"
        );
        let tu = crate::formats::tmx::TmxReader::new(tmx.as_bytes(), "t.tmx").unwrap().next().unwrap().unwrap();
        assert_eq!(tu.tuvs[0].text, new.source);
        // and XLIFF 1.2 export puts the codes back as they were
        let back = xliff_content(&new.source, Some(markup), Some("1.2"), XliffVersion::V1_2).unwrap();
        assert_eq!(back.markup, r#"Press <g id="1">Save &amp; close</g><x id="2"/> now"#);
        // into 2.1 they become generic codes keeping the native one
        let v2 = xliff_content(&new.source, Some(markup), Some("1.2"), XliffVersion::V2_1).unwrap();
        assert_eq!(
            v2.markup,
            r#"Press <sc id="1" disp="&lt;g id=&quot;1&quot;&gt;"/>Save &amp; close<ec startRef="1" disp="&lt;/g&gt;"/><ph id="2" disp="&lt;x id=&quot;2&quot;/&gt;"/> now"#
        );
    }

    #[test]
    fn only_finished_segments_are_taken_and_the_others_are_classed() {
        let xliff = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en" target-language="fr" datatype="plaintext">
<header><phase-group><phase phase-name="t1" process-name="translation" contact-name="Amal Haddad"/></phase-group></header><body>
<trans-unit id="1"><source>One</source><target state="translated" phase-name="t1">Un</target></trans-unit>
<trans-unit id="2"><source>Two</source><target state="needs-review-translation">Deux</target></trans-unit>
<trans-unit id="3" approved="yes"><source>Three</source><target>Trois</target></trans-unit>
<trans-unit id="4"><source>Four</source></trans-unit>
<trans-unit id="5" translate="no"><source>Five</source><target state="final">Cinq</target></trans-unit>
</body></file></xliff>"#;
        let document = read_document(xliff.as_bytes(), "a.xlf").unwrap();
        let classes: Vec<String> = document
            .units
            .iter()
            .flat_map(|u| {
                xliff_outcomes(
                    u,
                    &document.files[0],
                    (&lang("en"), &lang("fr")),
                    (document.version, document.flavour),
                    "a.xlf",
                    Take::Finished,
                )
            })
            .map(|o| match o {
                Outcome::Unit(u) => format!("unit {} by {:?}", u.locator, u.created_by),
                Outcome::Skipped(s) => s.class,
                Outcome::Rejected { reason, .. } => reason,
            })
            .collect();
        assert_eq!(
            classes,
            [
                "unit 1 by Some(\"Amal Haddad\")",
                "state needs-review-translation",
                "unit 3 by None",
                "no target",
                "not to be translated (translate=\"no\")"
            ]
        );
    }

    #[test]
    fn a_plural_entry_lacking_forms_of_the_target_language_gets_them_filled_and_fuzzy() {
        let mut entry = PoEntry::plural("%d dispatch", "%d dispatches", &["", "برقية واحدة", "برقيتان"]);
        assert!(fit_po_plural_forms(&mut entry, 6));
        assert_eq!(entry.msgstr, ["برقية واحدة", "برقية واحدة", "برقيتان", "برقيتان", "برقيتان", "برقيتان"]);
        assert!(entry.is_fuzzy());
        let mut whole = PoEntry::plural("%d dispatch", "%d dispatches", &["%d dépêche", "%d dépêches", "extra"]);
        assert!(!fit_po_plural_forms(&mut whole, 2));
        assert_eq!(whole.msgstr, ["%d dépêche", "%d dépêches"]);
        assert!(!whole.is_fuzzy());
        // two units of one entry merge; a clashing form does not
        let mut first = PoEntry::plural("%d dispatch", "%d dispatches", &["%d dépêche", ""]);
        assert!(merge_po_plural(&mut first, &PoEntry::plural("%d dispatch", "%d dispatches", &["", "%d dépêches"])));
        assert_eq!(first.msgstr, ["%d dépêche", "%d dépêches"]);
        assert!(!merge_po_plural(&mut first, &PoEntry::plural("%d dispatch", "%d dispatches", &["", "%d brèves"])));
        assert!(!merge_po_plural(&mut first, &PoEntry::new("%d dispatch", "x")));
    }

    #[test]
    fn fuzzy_po_entries_are_skipped_unless_any_state_is_taken() {
        let po = "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\"Last-Translator: Marie <m@example.org>\\n\"\n\n#, fuzzy\nmsgid \"Talks\"\nmsgstr \"Pourparlers\"\n\nmsgctxt \"menu\"\nmsgid \"Open\"\nmsgstr \"Ouvrir\"\n";
        let catalogue = PoCatalogue::parse(po.as_bytes(), "a.po").unwrap();
        let author = po_author(&catalogue);
        let count = |take| {
            catalogue
                .entries
                .iter()
                .flat_map(|e| po_outcomes(e, (&lang("en"), &lang("fr")), "a.po", author.as_deref(), take))
                .filter(|o| matches!(o, Outcome::Unit(_)))
                .count()
        };
        assert_eq!((count(Take::Finished), count(Take::Any)), (1, 2));
        let Outcome::Unit(open) =
            &po_outcomes(&catalogue.entries[1], (&lang("en"), &lang("fr")), "a.po", author.as_deref(), Take::Finished)[0]
        else {
            panic!()
        };
        assert_eq!(open.created_by.as_deref(), Some("Marie <m@example.org>"));
        assert!(open.metadata.as_deref().unwrap().contains("\"x-po-msgctxt\""));
    }
}
