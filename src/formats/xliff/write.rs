//! Writing XLIFF: [`write_back`] puts new targets into an existing file,
//! keeping everything else as written; [`write_new`] writes a new 1.2 or
//! 2.1 document from segment pairs.

use super::XliffError;
use super::events::{Events, push_raw};
use super::model::{Content, XliffVersion};
use super::read::{XLIFF_1_2_NAMESPACE, XLIFF_2_NAMESPACE, root_kind};
use super::{escape, escape_into};
use quick_xml::events::{BytesStart, Event};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};

/// Names a segment for write-back: the index of its `file` in the
/// document, its unit's `id`, and its index in [`super::XliffUnit::segments`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentKey {
    pub file: usize,
    pub unit: String,
    pub segment: usize,
}

/// A segment's new target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetUpdate {
    /// The target's content as XML (escaped text with inline codes of
    /// the file's XLIFF version).
    pub markup: String,
    /// The new `state`: on the 1.2 `target` (shared by the unit's
    /// segments: the first update of a unit that has one sets it), on the
    /// 2.x `segment`. `None` leaves it as it is. A value outside
    /// [`super::STATES_1_2`] (unless `x-…`) or [`super::STATES_2`] makes the
    /// file invalid against the schema.
    pub state: Option<String>,
    /// 2.x `subState`, set with `state` (a `state` without one removes the
    /// old `subState`, which described the old state).
    pub sub_state: Option<String>,
    /// Memory matches to record beside the segment: 1.2 `alt-trans`
    /// after the `target` (with the segment's `mid` in a segmented unit),
    /// 2.x `mtc:match` in the unit's `mtc:matches` (added first in the
    /// unit when it has none; a segment without `id` cannot be referred
    /// to, so its matches are not written).
    pub matches: Vec<TmMatch>,
}

/// A translation memory match, as pretranslation records it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TmMatch {
    /// 0–100 (1.2 `match-quality`, 2.x `matchQuality`).
    pub quality: f64,
    /// Where it comes from (`origin`), e.g. the memory's name.
    pub origin: String,
    /// The match's source and target, as markup of the file's version.
    pub source: String,
    pub target: String,
}

/// The XLIFF 2.x translation candidates module's namespace (XLIFF 2.1 §5.1).
pub const MATCHES_NAMESPACE: &str = "urn:oasis:names:tc:xliff:matches:2.0";

/// A match element with its attributes, its source and target (and, in
/// 2.x, the `originalData` its codes' `dataRef`s name, as written).
fn push_match(out: &mut String, prefix: &str, element: &str, attributes: &[(&str, &str)], m: &TmMatch, original_data: Option<&str>) {
    out.push('<');
    out.push_str(element);
    for (name, value) in attributes {
        out.push_str(&format!(" {name}=\""));
        escape_into(out, value, true);
        out.push('"');
    }
    let (source, target) = (qualified(prefix, "source"), qualified(prefix, "target"));
    out.push('>');
    if let Some(data) = original_data.filter(|_| m.source.contains("dataRef") || m.target.contains("dataRef")) {
        out.push_str(data);
    }
    out.push_str(&format!("<{source}>{}</{source}><{target}>{}</{target}></{element}>", m.source, m.target));
}

/// `alt-trans` elements for the matches of a 1.2 segment.
fn push_alt_trans(out: &mut String, indent: &str, prefix: &str, mid: Option<&str>, matches: &[TmMatch]) {
    let element = qualified(prefix, "alt-trans");
    for m in matches {
        let quality = format!("{}", m.quality);
        let mut attributes = vec![("match-quality", quality.as_str()), ("origin", m.origin.as_str())];
        if let Some(mid) = mid {
            attributes.insert(0, ("mid", mid));
        }
        out.push_str(indent);
        push_match(out, prefix, &element, &attributes, m, None);
    }
}

impl TargetUpdate {
    /// An update to plain text (escaped here).
    pub fn text(text: &str, state: Option<&str>) -> TargetUpdate {
        TargetUpdate { markup: escape(text, false), state: state.map(str::to_string), ..TargetUpdate::default() }
    }
}

/// What [`write_back`] did.
#[derive(Debug)]
pub struct WrittenBack<W> {
    /// The sink, flushed.
    pub out: W,
    /// How many segments got their update.
    pub updated: usize,
    /// The updates that name no segment of the file, in order.
    pub not_found: Vec<SegmentKey>,
}

/// Flushes the output when this much is buffered (64 KiB, the size of
/// the reader's input buffer, as in the TMX reader).
const FLUSH_AT: usize = 1 << 16;

/// Copies the XLIFF `original` (named `file` in errors) to `out` with the
/// targets of the segments in `updates` replaced, or inserted where there
/// is none, and their `state` set. Everything else is copied event by
/// event, each tag as written (a non-UTF-8 declaration is rewritten to
/// say UTF-8, which is what is written). Streams: one unit is held at a
/// time. An update that names no segment is reported, not an error.
pub fn write_back<R: Read, W: Write>(
    original: R,
    file: &str,
    updates: &HashMap<SegmentKey, TargetUpdate>,
    out: W,
) -> Result<WrittenBack<W>, XliffError> {
    let applied: RefCell<HashSet<SegmentKey>> = RefCell::new(HashSet::new());
    let units_to_change: HashSet<(usize, &str)> = updates.keys().map(|k| (k.file, k.unit.as_str())).collect();
    let updates_of = |file_index: usize, id: &str| {
        if !units_to_change.contains(&(file_index, id)) {
            return HashMap::new();
        }
        updates.iter().filter(|(k, _)| k.file == file_index && k.unit == id).map(|(k, update)| (k.segment, update.clone())).collect()
    };
    let (out, _) = write_back_by_unit(original, file, out, updates_of, |key| {
        applied.borrow_mut().insert(key.clone());
    })?;
    let applied = applied.into_inner();
    let mut not_found: Vec<SegmentKey> = updates.keys().filter(|k| !applied.contains(*k)).cloned().collect();
    not_found.sort();
    Ok(WrittenBack { out, updated: applied.len(), not_found })
}

/// [`write_back`] with the updates asked for unit by unit, in document
/// order: `updates_of(file index, unit id)` gives the unit's updates by
/// segment index (empty: the unit is copied as written). Nothing but the
/// unit at hand is held, so a caller that works out each unit's updates
/// as it is asked (pretranslation) writes a file of any size in bounded
/// memory. `applied` is told each segment that got its update. Returns
/// the sink, flushed, and how many segments were updated.
pub fn write_back_by_unit<R: Read, W: Write>(
    original: R,
    file: &str,
    mut out: W,
    mut updates_of: impl FnMut(usize, &str) -> HashMap<usize, TargetUpdate>,
    mut applied: impl FnMut(&SegmentKey),
) -> Result<(W, usize), XliffError> {
    let mut updated = 0usize;
    let mut events = Events::new(original, file);
    let io_error = |source: std::io::Error| XliffError::Io { file: file.to_string(), source };
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut version = None;
    let mut files = 0usize;
    // the prefix the root binds to the matches module, if any
    let mut mtc_prefix: Option<String> = None;
    // elements open outside units: a file that ends inside one is truncated
    let mut depth = 0usize;
    loop {
        let event = events.next(&mut buf)?;
        match &event {
            Event::Eof if depth > 0 => return Err(events.unexpected_end("xliff")),
            Event::Eof => break,
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        match &event {
            Event::Decl(d) if d.encoding().and_then(Result::ok).is_some_and(|e| !e.eq_ignore_ascii_case("utf-8")) => {
                text.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
                continue;
            }
            Event::Start(e) | Event::Empty(e) if version.is_none() => {
                let attributes = events.attributes(e)?;
                let (v, _, prefix) = root_kind(e.name().as_ref(), &attributes).map_err(|p| events.error(p))?;
                mtc_prefix =
                    attributes.iter().find(|(k, v)| k.starts_with("xmlns:") && *v == MATCHES_NAMESPACE).map(|(k, _)| k[6..].to_string());
                version = Some(v);
                events.prefix = prefix;
            }
            Event::Start(e) | Event::Empty(e) if events.xliff_name(e.name().as_ref()) == Some("file") => files += 1,
            Event::Start(e) if matches!(events.xliff_name(e.name().as_ref()), Some("trans-unit" | "unit")) => {
                let v2 = version.is_some_and(XliffVersion::is_2x);
                let attributes = events.attributes(e)?;
                let id = attributes.get("id").cloned().unwrap_or_default();
                let line = events.line;
                let unit = collect_element(&mut events, event.into_owned())?;
                depth -= 1; // its end was read with it
                let file_index = files.saturating_sub(1);
                let of_unit = updates_of(file_index, &id);
                if !of_unit.is_empty() {
                    let done: RefCell<HashSet<usize>> = RefCell::new(HashSet::new());
                    let update_of = |segment| {
                        of_unit.get(&segment).inspect(|_| {
                            done.borrow_mut().insert(segment);
                        })
                    };
                    let prefix = events.prefix.clone();
                    let written =
                        if v2 { unit_2(&unit, &prefix, mtc_prefix.as_deref(), &update_of) } else { unit_1_2(&unit, &prefix, &update_of) };
                    text.push_str(&written.map_err(|p| events.error_at(line, p))?);
                    for segment in done.into_inner() {
                        applied(&SegmentKey { file: file_index, unit: id.clone(), segment });
                        updated += 1;
                    }
                } else {
                    for e in &unit {
                        push_raw(&mut text, e);
                    }
                }
                if text.len() > FLUSH_AT {
                    out.write_all(text.as_bytes()).map_err(io_error)?;
                    text.clear();
                }
                continue;
            }
            _ => {}
        }
        push_raw(&mut text, &event);
        if text.len() > FLUSH_AT {
            out.write_all(text.as_bytes()).map_err(io_error)?;
            text.clear();
        }
    }
    if version.is_none() {
        return Err(events.error("not an XLIFF file: no root element"));
    }
    out.write_all(text.as_bytes()).map_err(io_error)?;
    out.flush().map_err(io_error)?;
    Ok((out, updated))
}

/// The events of an element from its start (given) to its end.
fn collect_element<R: Read>(events: &mut Events<R>, start: Event<'static>) -> Result<Vec<Event<'static>>, XliffError> {
    let mut all = vec![start];
    let mut buf = Vec::new();
    let mut depth = 1;
    while depth > 0 {
        let event = events.next(&mut buf)?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Eof => return Err(events.unexpected_end("unit")),
            _ => {}
        }
        all.push(event.into_owned());
    }
    Ok(all)
}

/// The local name of an XLIFF element (by the root's prefix).
fn local<'n>(qname: &'n str, prefix: &str) -> Option<&'n str> {
    match qname.split_once(':') {
        Some((p, l)) if p == prefix => Some(l),
        None if prefix.is_empty() => Some(qname),
        _ => None,
    }
}

fn qualified(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_string() } else { format!("{prefix}:{name}") }
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| a.value.to_string())
}

/// A start tag (without `<` `>`) with attributes set (`Some`) or removed
/// (`None`), the others kept as written.
fn retag(e: &BytesStart<'_>, changes: &[(&str, Option<&str>)]) -> String {
    let mut tag = e.name().as_ref().to_string();
    for a in e.attributes().flatten() {
        if changes.iter().any(|(name, _)| a.key.as_ref() == *name) {
            continue;
        }
        tag.push(' ');
        tag.push_str(a.key.as_ref());
        tag.push_str("=\"");
        tag.push_str(&a.value.replace('"', "&quot;"));
        tag.push('"');
    }
    for (name, value) in changes {
        if let Some(value) = value {
            tag.push_str(&format!(" {name}=\""));
            escape_into(&mut tag, value, true);
            tag.push('"');
        }
    }
    tag
}

/// Index just past the end of the element starting at `start`.
fn end_of(events: &[Event<'_>], start: usize) -> usize {
    if matches!(events[start], Event::Empty(_)) {
        return start + 1;
    }
    let mut depth = 0;
    for (i, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// The children of the element at `at` (a start): each child element's
/// local name and its index.
fn children<'e>(events: &'e [Event<'e>], at: usize, prefix: &str) -> Vec<(Option<&'e str>, usize)> {
    let end = end_of(events, at) - 1;
    let mut out = Vec::new();
    let mut i = at + 1;
    while i < end {
        match &events[i] {
            Event::Start(e) | Event::Empty(e) => {
                out.push((local(e.name().into_inner(), prefix), i));
                i = end_of(events, i);
            }
            _ => i += 1,
        }
    }
    out
}

/// The white space just before the element at `at`, to indent an
/// inserted sibling the same way.
fn indent_before(events: &[Event<'_>], at: usize) -> String {
    match at.checked_sub(1).map(|i| &events[i]) {
        Some(Event::Text(t)) if t.trim().is_empty() => {
            let t: &str = t;
            t.rfind('\n').map(|n| t[n..].to_string()).unwrap_or_else(|| t.to_string())
        }
        _ => String::new(),
    }
}

fn push_range(out: &mut String, events: &[Event<'_>], from: usize, to: usize) {
    for e in &events[from..to] {
        push_raw(out, e);
    }
}

/// Writes `<target …>content</target>` in place of the target at `at`
/// (or a new one when `at` is `None`), with `state` set when given.
fn push_target(out: &mut String, existing: Option<&Event<'_>>, prefix: &str, state: Option<&str>, content: &str) {
    let name = qualified(prefix, "target");
    // no new state leaves the old one
    let changes: Vec<(&str, Option<&str>)> = state.map(|s| vec![("state", Some(s))]).unwrap_or_default();
    let tag = match existing {
        Some(Event::Start(e) | Event::Empty(e)) => retag(e, &changes),
        _ => retag(&BytesStart::new(name.as_str()), &changes),
    };
    out.push_str(&format!("<{tag}>{content}</{name}>"));
}

type UpdateOf<'u> = dyn Fn(usize) -> Option<&'u TargetUpdate> + 'u;

/// A 1.2 `trans-unit` with its updates applied.
fn unit_1_2<'u>(unit: &[Event<'_>], prefix: &str, update_of: &UpdateOf<'u>) -> Result<String, String> {
    let kids = children(unit, 0, prefix);
    let find = |name: &str| kids.iter().find(|(n, _)| *n == Some(name)).map(|&(_, i)| i);
    let source = find("source").ok_or("a <trans-unit> with no <source>")?;
    let seg_source = find("seg-source");
    let target = find("target");
    let mut out = String::new();
    match seg_source {
        None => {
            let Some(update) = update_of(0) else {
                push_range(&mut out, unit, 0, unit.len());
                return Ok(out);
            };
            let state = update.state.as_deref();
            let indent = indent_before(unit, source);
            match target {
                Some(t) => {
                    push_range(&mut out, unit, 0, t);
                    push_target(&mut out, Some(&unit[t]), prefix, state, &update.markup);
                    push_alt_trans(&mut out, &indent, prefix, None, &update.matches);
                    push_range(&mut out, unit, end_of(unit, t), unit.len());
                }
                None => {
                    let after = end_of(unit, source);
                    push_range(&mut out, unit, 0, after);
                    out.push_str(&indent);
                    push_target(&mut out, None, prefix, state, &update.markup);
                    push_alt_trans(&mut out, &indent, prefix, None, &update.matches);
                    push_range(&mut out, unit, after, unit.len());
                }
            }
        }
        Some(s) => {
            // segment mrks of seg-source, in order, give each mid its index
            let mut mids = Vec::new();
            let mut skeleton = String::new();
            let mut i = s + 1;
            let s_end = end_of(unit, s) - 1;
            while i < s_end {
                if let Some(mid) = segment_mid(&unit[i], prefix) {
                    let index = mids.len();
                    mids.push(mid);
                    let end = end_of(unit, i);
                    // a new target: the segments not updated are left empty
                    push_mark(&mut skeleton, unit, i, end, Some(update_of(index).map_or("", |u| u.markup.as_str())), prefix);
                    i = end;
                } else {
                    push_raw(&mut skeleton, &unit[i]);
                    i += 1;
                }
            }
            let state = (0..mids.len()).filter_map(update_of).find_map(|u| u.state.as_deref());
            let indent = indent_before(unit, source);
            let mut alt_trans = String::new();
            for (index, mid) in mids.iter().enumerate() {
                if let Some(update) = update_of(index) {
                    push_alt_trans(&mut alt_trans, &indent, prefix, Some(mid), &update.matches);
                }
            }
            match target {
                Some(t) => {
                    push_range(&mut out, unit, 0, t);
                    let t_end = end_of(unit, t);
                    let mut content = String::new();
                    let mut seen = HashSet::new();
                    let mut i = t + 1;
                    while i + 1 < t_end {
                        let Some(mid) = segment_mid(&unit[i], prefix) else {
                            push_raw(&mut content, &unit[i]);
                            i += 1;
                            continue;
                        };
                        let index = mids.iter().position(|m| *m == mid);
                        seen.insert(mid);
                        let end = end_of(unit, i);
                        push_mark(&mut content, unit, i, end, index.and_then(update_of).map(|u| u.markup.as_str()), prefix);
                        i = end;
                    }
                    for (index, mid) in mids.iter().enumerate() {
                        if let Some(update) = update_of(index).filter(|_| !seen.contains(mid)) {
                            let mrk = qualified(prefix, "mrk");
                            content.push_str(&format!("<{mrk} mtype=\"seg\" mid=\"{}\">{}</{mrk}>", escape(mid, true), update.markup));
                        }
                    }
                    push_target(&mut out, Some(&unit[t]), prefix, state, &content);
                    out.push_str(&alt_trans);
                    push_range(&mut out, unit, t_end, unit.len());
                }
                None => {
                    let after = end_of(unit, s);
                    push_range(&mut out, unit, 0, after);
                    out.push_str(&indent_before(unit, s));
                    push_target(&mut out, None, prefix, state, &skeleton);
                    out.push_str(&alt_trans);
                    push_range(&mut out, unit, after, unit.len());
                }
            }
        }
    }
    Ok(out)
}

/// Writes the segment `mrk` at `at` (its events end before `end`) with
/// `content` in place of its own, or as it is when `content` is `None`.
fn push_mark(out: &mut String, unit: &[Event<'_>], at: usize, end: usize, content: Option<&str>, prefix: &str) {
    match (content, &unit[at]) {
        (None, _) => push_range(out, unit, at, end),
        (Some(content), Event::Empty(e)) => out.push_str(&format!("<{}>{content}</{}>", &**e, qualified(prefix, "mrk"))),
        (Some(content), _) => {
            push_raw(out, &unit[at]);
            out.push_str(content);
            push_raw(out, &unit[end - 1]);
        }
    }
}

/// The `mid` of a segment `mrk` start tag, if `event` is one.
fn segment_mid(event: &Event<'_>, prefix: &str) -> Option<String> {
    match event {
        Event::Start(e) | Event::Empty(e)
            if local(e.name().into_inner(), prefix) == Some("mrk") && attribute(e, "mtype").as_deref() == Some("seg") =>
        {
            attribute(e, "mid")
        }
        _ => None,
    }
}

/// A 2.x `unit` with its updates applied.
fn unit_2<'u>(unit: &[Event<'_>], prefix: &str, mtc_prefix: Option<&str>, update_of: &UpdateOf<'u>) -> Result<String, String> {
    let mut out = String::new();
    let mut from = 0;
    let kids = children(unit, 0, prefix);
    let segments: Vec<usize> = kids.iter().filter(|(n, _)| *n == Some("segment")).map(|&(_, i)| i).collect();
    // the new mtc:match elements, and where they go; a match whose codes
    // name the unit's original data gets a copy of it (the codes of a
    // match name its own: XLIFF 2.1 §5.2, mtc:match holds an originalData)
    let mtc = mtc_prefix.unwrap_or("mtc");
    let original_data = kids.iter().find(|(n, _)| *n == Some("originalData")).map(|&(_, at)| {
        let mut raw = String::new();
        push_range(&mut raw, unit, at, end_of(unit, at));
        raw
    });
    let mut matches = String::new();
    for (index, &at) in segments.iter().enumerate() {
        let (Some(update), Event::Start(start)) = (update_of(index), &unit[at]) else { continue };
        let Some(id) = attribute(start, "id") else { continue };
        for m in &update.matches {
            let (reference, quality) = (format!("#{id}"), format!("{}", m.quality));
            let attributes = [("ref", reference.as_str()), ("matchQuality", quality.as_str()), ("origin", m.origin.as_str())];
            push_match(&mut matches, prefix, &format!("{mtc}:match"), &attributes, m, original_data.as_deref());
        }
    }
    if !matches.is_empty() {
        let existing = mtc_prefix.and_then(|p| {
            let name = format!("{p}:matches");
            (1..unit.len()).find(|&i| matches!(&unit[i], Event::Start(e) if e.name().into_inner() == name))
        });
        let first = kids.first().map_or(1, |&(_, i)| i);
        match existing {
            Some(at) => {
                let end = end_of(unit, at) - 1;
                push_range(&mut out, unit, 0, end);
                out.push_str(&matches);
                from = end;
            }
            None if mtc_prefix.is_some() => {
                push_range(&mut out, unit, 0, 1);
                out.push_str(&format!("{}<{mtc}:matches>{matches}</{mtc}:matches>", indent_before(unit, first)));
                from = 1;
            }
            None => {
                push_range(&mut out, unit, 0, 1);
                out.push_str(&format!(
                    "{}<mtc:matches xmlns:mtc=\"{MATCHES_NAMESPACE}\">{matches}</mtc:matches>",
                    indent_before(unit, first)
                ));
                from = 1;
            }
        }
    }
    for (index, &at) in segments.iter().enumerate() {
        let Some(update) = update_of(index) else { continue };
        push_range(&mut out, unit, from, at);
        let Event::Start(start) = &unit[at] else {
            return Err("an empty <segment>".into());
        };
        let tag = match &update.state {
            Some(state) => retag(start, &[("state", Some(state)), ("subState", update.sub_state.as_deref())]),
            None => start.to_string(),
        };
        out.push_str(&format!("<{tag}>"));
        let kids = children(unit, at, prefix);
        let source = kids.iter().find(|(n, _)| *n == Some("source")).map(|&(_, i)| i).ok_or("a <segment> with no <source>")?;
        match kids.iter().find(|(n, _)| *n == Some("target")).map(|&(_, i)| i) {
            Some(t) => {
                push_range(&mut out, unit, at + 1, t);
                push_target(&mut out, Some(&unit[t]), prefix, None, &update.markup);
                from = end_of(unit, t);
            }
            None => {
                let after = end_of(unit, source);
                push_range(&mut out, unit, at + 1, after);
                out.push_str(&indent_before(unit, source));
                push_target(&mut out, None, prefix, None, &update.markup);
                from = after;
            }
        }
    }
    push_range(&mut out, unit, from, unit.len());
    Ok(out)
}

/// The document-level facts of a new XLIFF file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    /// 1.2, or 2.0/2.1 (both written with the 2.x core).
    pub version: XliffVersion,
    pub source_language: String,
    pub target_language: Option<String>,
    /// The `file`'s `original`: the document the segments come from.
    pub original: String,
    /// 1.2 `datatype` (`plaintext` for sentences from text).
    pub datatype: String,
}

/// One unit of a new document: one segment with its source and target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewSegment {
    /// The unit's `id` (a 2.x id must be an NMTOKEN); the 2.x segment
    /// takes the same id.
    pub id: String,
    /// Content whose markup uses the inline codes of `version`.
    pub source: Content,
    pub target: Option<Content>,
    /// 1.2 `target` `state` (`translated`, `needs-review-translation`…)
    /// or 2.x `segment` `state` (`initial`, `translated`, `reviewed`, `final`).
    pub state: Option<String>,
    pub note: Option<String>,
    /// Memory matches to record beside the segment, as [`write_back`]
    /// records them: 1.2 `alt-trans` after the `target`, 2.x `mtc:match`
    /// in the unit's `mtc:matches`.
    pub matches: Vec<TmMatch>,
    /// 2.x: the unit's `originalData` (each `data` element's `id` and
    /// content as markup), which the codes' `dataRef`s name; not written
    /// in 1.2, nor when empty.
    pub original_data: Vec<(String, String)>,
}

/// Writes a new XLIFF document with one `file` and one unit per segment.
/// Returns `out`, flushed.
pub fn write_new<W: Write>(mut out: W, document: &NewDocument, segments: impl IntoIterator<Item = NewSegment>) -> std::io::Result<W> {
    let a = |s: &str| escape(s, true);
    let v2 = document.version.is_2x();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    let target_language = document.target_language.as_deref();
    if v2 {
        let version = if document.version == XliffVersion::V2_0 { "2.0" } else { "2.1" };
        let trg = target_language.map(|t| format!(" trgLang=\"{}\"", a(t))).unwrap_or_default();
        writeln!(out, "<xliff xmlns=\"{XLIFF_2_NAMESPACE}\" version=\"{version}\" srcLang=\"{}\"{trg}>", a(&document.source_language))?;
        writeln!(out, "  <file id=\"f1\" original=\"{}\">", a(&document.original))?;
    } else {
        let trg = target_language.map(|t| format!(" target-language=\"{}\"", a(t))).unwrap_or_default();
        writeln!(out, "<xliff version=\"1.2\" xmlns=\"{XLIFF_1_2_NAMESPACE}\">")?;
        writeln!(
            out,
            "  <file original=\"{}\" source-language=\"{}\"{trg} datatype=\"{}\">",
            a(&document.original),
            a(&document.source_language),
            a(&document.datatype)
        )?;
        writeln!(
            out,
            "    <header><tool tool-id=\"dragoman\" tool-name=\"dragoman\" tool-version=\"{}\"/></header>",
            env!("CARGO_PKG_VERSION")
        )?;
        writeln!(out, "    <body>")?;
    }
    for segment in segments {
        let state = segment.state.as_deref().map(|s| format!(" state=\"{}\"", a(s))).unwrap_or_default();
        let note = segment.note.as_deref().map(|n| escape(n, false));
        if v2 {
            writeln!(out, "    <unit id=\"{}\">", a(&segment.id))?;
            if !segment.matches.is_empty() {
                let mut matches = String::new();
                let reference = format!("#{}", segment.id);
                for m in &segment.matches {
                    let quality = format!("{}", m.quality);
                    let attributes = [("ref", reference.as_str()), ("matchQuality", quality.as_str()), ("origin", m.origin.as_str())];
                    push_match(&mut matches, "", "mtc:match", &attributes, m, None);
                }
                writeln!(out, "      <mtc:matches xmlns:mtc=\"{MATCHES_NAMESPACE}\">{matches}</mtc:matches>")?;
            }
            if let Some(note) = note {
                writeln!(out, "      <notes><note>{note}</note></notes>")?;
            }
            if !segment.original_data.is_empty() {
                let data: String =
                    segment.original_data.iter().map(|(id, content)| format!("<data id=\"{}\">{content}</data>", a(id))).collect();
                writeln!(out, "      <originalData>{data}</originalData>")?;
            }
            writeln!(out, "      <segment id=\"{}\"{state}>", a(&segment.id))?;
            writeln!(out, "        <source>{}</source>", segment.source.markup)?;
            if let Some(target) = &segment.target {
                writeln!(out, "        <target>{}</target>", target.markup)?;
            }
            writeln!(out, "      </segment>\n    </unit>")?;
        } else {
            writeln!(out, "      <trans-unit id=\"{}\">", a(&segment.id))?;
            writeln!(out, "        <source>{}</source>", segment.source.markup)?;
            if let Some(target) = &segment.target {
                writeln!(out, "        <target{state}>{}</target>", target.markup)?;
            }
            let mut alt_trans = String::new();
            push_alt_trans(&mut alt_trans, "\n        ", "", None, &segment.matches);
            if !alt_trans.is_empty() {
                writeln!(out, "{}", &alt_trans[1..])?;
            }
            if let Some(note) = note {
                writeln!(out, "        <note>{note}</note>")?;
            }
            writeln!(out, "      </trans-unit>")?;
        }
    }
    if v2 {
        writeln!(out, "  </file>\n</xliff>")?;
    } else {
        writeln!(out, "    </body>\n  </file>\n</xliff>")?;
    }
    out.flush()?;
    Ok(out)
}
