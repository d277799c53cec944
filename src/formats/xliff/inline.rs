//! Inline codes: a `source`, `target` or segment `mrk` read into its raw
//! markup and its plain text with placeholders, numbered in order of
//! appearance as the TMX reader numbers them:
//!
//! | XLIFF 1.2 | XLIFF 2.x | placeholder |
//! |---|---|---|
//! | `g`, `mrk` (content kept) | `pc`, `mrk` | `{1}` … `{/1}` |
//! | `bpt` … `ept`, `bx` … `ex`, `it pos="open"`/`"close"` | `sc` … `ec`, `sm` … `em` | `{1}`, `{/1}` |
//! | `x`, `ph` | `ph` | `{1/}` |
//!
//! The content of `bpt`, `ept`, `ph` and `it` (native code, with any `sub`)
//! is not text. A 2.x `cp` is the character it stands for. Elements of
//! other namespaces count as `g` (with content) or `x` (empty).
//!
//! 1.2 paired codes must be closed in the same segment; 2.x `sc`/`ec` and
//! `sm`/`em` may span segments of a unit, so what is left open or closed
//! is handed to the unit, which checks the balance.

use super::XliffError;
use super::events::{Events, push_raw};
use super::model::Content;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::Read;

/// A 2.x `sc`/`sm` left open, or an `ec`/`em` closing a code opened
/// outside the content: the id, the element and the line.
#[derive(Debug, Clone)]
pub(crate) struct Loose {
    pub(crate) id: String,
    pub(crate) element: String,
    pub(crate) line: u64,
}

/// What a 2.x content leaves for its unit to balance.
#[derive(Debug, Default)]
pub(crate) struct Spans {
    pub(crate) opened: Vec<Loose>,
    pub(crate) closed: Vec<Loose>,
}

struct Open {
    /// Placeholder number to close with, 0 when the element closes none.
    number: u32,
    /// Its content is native code, not text.
    hides_text: bool,
    /// A code whose whole element is its placeholder (`bpt`, `ph`…):
    /// the placeholder and where its markup starts.
    whole: Option<(String, usize)>,
}

/// Reads the content of the element whose start tag was just read, up to
/// its end tag, into [`Content`]; `v2` chooses the 2.x rules.
pub(crate) fn read_content<R: Read>(events: &mut Events<R>, element: &str, v2: bool) -> Result<(Content, Spans), XliffError> {
    let mut buf = Vec::new();
    let mut text = String::new();
    let mut markup = String::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut next_number = 0u32;
    // paired codes open in this content: key (1.2 `rid`/`id`, 2.x `id`) → number and line
    let mut paired: HashMap<String, (u32, u64, String)> = HashMap::new();
    let mut spans = Spans::default();
    let mut codes: Vec<(String, String)> = Vec::new();
    loop {
        let hidden = stack.iter().any(|o| o.hides_text);
        let event = events.next(&mut buf)?;
        let mut raw = String::new();
        push_raw(&mut raw, &event);
        match &event {
            Event::Text(t) if !hidden => text.push_str(&t.xml10_content()),
            Event::CData(t) if !hidden => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let mut expanded = String::new();
                events.expand(r, &mut expanded)?;
                if !hidden {
                    text.push_str(&expanded);
                }
            }
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                let qname = e.name().as_ref().to_string();
                let local = events.xliff_name(&qname).map(str::to_string);
                let attributes = events.attributes(e)?;
                let mut fresh = || {
                    next_number += 1;
                    next_number
                };
                let mut number = 0;
                let mut hides_text = false;
                let mut whole = None;
                if !hidden {
                    let key = |names: &[&str]| names.iter().find_map(|n| attributes.get(*n)).cloned().unwrap_or_default();
                    let isolated = attributes.get("isolated").is_some_and(|v| v == "yes");
                    let placeholder = match (local.as_deref(), v2) {
                        (Some("g" | "mrk"), false) | (Some("pc" | "mrk"), true) | (None, _) if !empty => {
                            number = fresh();
                            Some(format!("{{{number}}}"))
                        }
                        (Some("bx" | "bpt"), false) | (Some("sc" | "sm"), true) => {
                            let n = fresh();
                            let id = if v2 { key(&["id"]) } else { key(&["rid", "id"]) };
                            if !(v2 && isolated) {
                                paired.insert(id, (n, events.line, qname.clone()));
                            }
                            Some(format!("{{{n}}}"))
                        }
                        (Some("ex" | "ept"), false) | (Some("ec" | "em"), true) => {
                            let id = if v2 { key(&["startRef"]) } else { key(&["rid", "id"]) };
                            let n = match paired.remove(&id) {
                                Some((n, _, _)) => n,
                                None if v2 && isolated => fresh(),
                                None if v2 => {
                                    spans.closed.push(Loose { id, element: qname.clone(), line: events.line });
                                    fresh()
                                }
                                None => {
                                    let opener = if qname.ends_with("ex") { "bx" } else { "bpt" };
                                    return Err(events.error(format!("<{qname}> with id \"{id}\" closes no <{opener}> in this segment")));
                                }
                            };
                            Some(format!("{{/{n}}}"))
                        }
                        (Some("it"), false) if attributes.get("pos").is_some_and(|p| p == "close") => Some(format!("{{/{}}}", fresh())),
                        (Some("it"), false) => Some(format!("{{{}}}", fresh())),
                        (Some("cp"), true) => {
                            let hex = attributes.get("hex").map(String::as_str).unwrap_or_default();
                            let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                            text.push(c.ok_or_else(|| events.error(format!("<cp hex=\"{hex}\"> is not a character")))?);
                            None
                        }
                        (Some("sub"), false) => None,
                        _ => Some(format!("{{{}/}}", fresh())),
                    };
                    hides_text = !v2 && matches!(local.as_deref(), Some("bpt" | "ept" | "ph" | "it" | "x" | "bx" | "ex"));
                    if let Some(p) = placeholder {
                        text.push_str(&p);
                        if empty {
                            codes.push((p, raw.clone()));
                        } else if number > 0 {
                            codes.push((p, raw.clone())); // a container's start tag
                        } else {
                            whole = Some((p, markup.len()));
                        }
                    }
                }
                if !empty {
                    stack.push(Open { number, hides_text, whole });
                }
            }
            Event::End(_) => match stack.pop() {
                None => break,
                Some(open) => {
                    if open.number > 0 && !stack.iter().any(|o| o.hides_text) {
                        let placeholder = format!("{{/{}}}", open.number);
                        text.push_str(&placeholder);
                        codes.push((placeholder, raw.clone()));
                    }
                    if let Some((placeholder, from)) = open.whole {
                        codes.push((placeholder, format!("{}{raw}", &markup[from..])));
                    }
                }
            },
            Event::Eof => return Err(events.unexpected_end(element)),
            _ => {}
        }
        markup.push_str(&raw);
    }
    for (id, (_, line, qname)) in paired {
        if v2 {
            spans.opened.push(Loose { id, element: qname, line });
        } else {
            let closer = if qname.ends_with("bx") { "ex" } else { "ept" };
            return Err(events.error_at(line, format!("<{qname}> with id \"{id}\" is not closed by an <{closer}> in its segment")));
        }
    }
    spans.opened.sort_by_key(|l| l.line);
    Ok((Content { text, markup, codes }, spans))
}

/// Checks that the 2.x codes the contents of one unit's sources (or
/// targets), in segment order, leave open are closed later and that each
/// close has an opening before it.
pub(crate) fn check_unit_spans<R: Read>(events: &Events<R>, contents: &[Spans]) -> Result<(), XliffError> {
    let mut open: Vec<&Loose> = Vec::new();
    for spans in contents {
        for close in &spans.closed {
            match open.iter().position(|o| o.id == close.id) {
                Some(at) => {
                    open.remove(at);
                }
                None => {
                    let problem = format!("<{}> with startRef \"{}\" closes nothing opened before it in its unit", close.element, close.id);
                    return Err(events.error_at(close.line, problem));
                }
            }
        }
        open.extend(&spans.opened);
    }
    match open.first() {
        Some(o) => Err(events.error_at(
            o.line,
            format!("<{}> with id \"{}\" is never closed in its unit (isolated=\"yes\" says it is meant to be)", o.element, o.id),
        )),
        None => Ok(()),
    }
}
