//! `dragoman stats`: what the memory holds.

use super::terminal::printable;
use super::{OutputFormat, json_line, open_memory_for_reading, stdout};
use dragoman::memory::breakdown::Shown;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let memory = open_memory_for_reading(memory_path)?;
    let stats = memory.stats()?;
    let breakdown = memory.breakdown()?;
    let mut out = stdout();
    match args.format {
        OutputFormat::Json => json_line(&mut out, &Shown { stats: &stats, breakdown: &breakdown })?,
        OutputFormat::Text => {
            writeln!(out, "memory:    {} (schema version {})", printable(&stats.path), stats.schema_version)?;
            writeln!(out, "units:     {}", stats.units)?;
            writeln!(out, "documents: {}", stats.documents)?;
            for pair in &stats.language_pairs {
                writeln!(out, "  {} → {}: {}", printable(&pair.src_lang), printable(&pair.tgt_lang), pair.units)?;
            }
            writeln!(out, "superseded: {} (a later target was stored for their source)", stats.superseded)?;
            let sections = [
                ("by document (top 10):", &breakdown.by_document),
                ("by author:", &breakdown.by_author),
                ("by month:", &breakdown.by_month),
            ];
            for (title, counts) in sections {
                writeln!(out, "{title}")?;
                for count in counts {
                    let name = if count.name.is_empty() { "(unknown)".into() } else { printable(&count.name) };
                    writeln!(out, "  {name}: {}", count.units)?;
                }
            }
            writeln!(
                out,
                "last {} days: {} units edited, {} deleted",
                dragoman::memory::breakdown::RECENT_DAYS,
                breakdown.edited_recently,
                breakdown.deleted_recently
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
