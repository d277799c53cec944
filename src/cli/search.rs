//! `dragoman search`: a concordance of the memory: the stored pairs
//! holding a word or phrase, with the hit highlighted.

use super::settings::MemoryChoice;
use super::suggest::shown;
use super::{OutputFormat, json_line, open_memory_for_queries, stdout};
use dragoman::fuzzy::concordance::{Report, Sides, hit_out};
use dragoman::fuzzy::several::{Found, search_in};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The word or phrase to find (name spellings count as one name).
    term: String,
    /// Which side of the stored pairs to search.
    #[arg(long, value_enum, default_value_t = SideArg::Both)]
    side: SideArg,
    /// At most this many pairs, most recently stored first.
    #[arg(long, default_value_t = 20, value_parser = super::parse_positive)]
    limit: usize,
    /// Also show superseded pairs (a later target was stored for their
    /// source), after the current ones, marked "superseded by #ID".
    #[arg(long)]
    all: bool,
    /// Highlight hits in colour: auto (on a terminal), always, never.
    /// Without colour, hits are shown as [[hit]].
    #[arg(long, value_enum, default_value_t)]
    color: super::suggest::Colour,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SideArg {
    Source,
    Target,
    Both,
}

/// Searches `memories`, the first with the highest priority.
pub fn run(args: Args, memories: &[MemoryChoice]) -> anyhow::Result<ExitCode> {
    let term = dragoman::text::nfc(args.term.trim());
    if dragoman::fuzzy::Prepared::new(&term).is_empty() {
        anyhow::bail!("search: '{term}' has no word or number to look for");
    }
    let opened = memories.iter().map(|m| open_memory_for_queries(&m.location)).collect::<anyhow::Result<Vec<_>>>()?;
    let sides = match args.side {
        SideArg::Source => Sides::Source,
        SideArg::Target => Sides::Target,
        SideArg::Both => Sides::Both,
    };
    let hits = search_in(&opened.iter().collect::<Vec<_>>(), &term, sides, args.limit, args.all)?;
    let mut out = stdout();
    match args.format {
        OutputFormat::Json => {
            let hits = hits.iter().map(|h| hit_out(&h.item, &memories[h.memory].label)).collect();
            json_line(&mut out, &Report { term: &term, hits })?;
        }
        OutputFormat::Text => {
            let colour = args.color.enabled();
            if hits.is_empty() {
                writeln!(out, "no stored pair holds '{}'", shown(&term, ""))?;
            }
            for Found { memory, item: hit } in &hits {
                let u = &hit.unit;
                // which memory, when there are several
                let from = if memories.len() > 1 {
                    format!(", from {}", super::terminal::printable(&memories[*memory].label))
                } else {
                    String::new()
                };
                let replaced = u.superseded_by.map_or(String::new(), |next| format!("  [superseded by #{next}]"));
                writeln!(
                    out,
                    "#{} {} → {}  ({}, {}{from}){replaced}",
                    u.id,
                    super::terminal::printable(&u.src_lang),
                    super::terminal::printable(&u.tgt_lang),
                    super::terminal::printable(&u.origin()),
                    super::terminal::printable(&u.created_at)
                )?;
                writeln!(out, "{INDENT}{}", highlighted(&u.source, &hit.in_source, colour))?;
                writeln!(out, "{INDENT}{}", highlighted(&u.target, &hit.in_target, colour))?;
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The text with each span marked: reverse video on a terminal, `[[…]]`
/// otherwise; control and bidi characters escaped, and the lines of a
/// multi-line unit indented under the first.
fn highlighted(text: &str, spans: &[(usize, usize)], colour: bool) -> String {
    let (open, close) = if colour { ("\x1b[1;7m", "\x1b[0m") } else { ("[[", "]]") };
    let mut out = String::with_capacity(text.len() + 8 * spans.len());
    let mut cursor = 0;
    for &(a, b) in spans {
        out.push_str(&shown(&text[cursor..a], INDENT));
        out.push_str(open);
        out.push_str(&shown(&text[a..b], INDENT));
        out.push_str(close);
        cursor = b;
    }
    out.push_str(&shown(&text[cursor..], INDENT));
    out
}

/// Where the source and target lines of a hit start.
const INDENT: &str = "  ";
