//! `dragoman stats`: what the memory holds.

use super::terminal::printable;
use super::{OutputFormat, json_line, open_memory_for_reading, stdout};
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
    let mut out = stdout();
    match args.format {
        OutputFormat::Json => json_line(&mut out, &stats)?,
        OutputFormat::Text => {
            writeln!(out, "memory:    {} (schema version {})", printable(&stats.path), stats.schema_version)?;
            writeln!(out, "units:     {}", stats.units)?;
            writeln!(out, "documents: {}", stats.documents)?;
            for pair in &stats.language_pairs {
                writeln!(out, "  {} → {}: {}", printable(&pair.src_lang), printable(&pair.tgt_lang), pair.units)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
