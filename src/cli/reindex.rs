//! `dragoman reindex`: rebuild the memory's retrieval index from its
//! stored pairs (after a crash, a bulk load by other tools, or to
//! compact it).

use super::{OutputFormat, json_line, open_existing_memory, stdout};
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Serialize)]
struct Report {
    memory: String,
    units: usize,
    seconds: f64,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let mut memory = open_existing_memory(memory_path)?;
    let start = Instant::now();
    let units = memory.rebuild_index()?;
    let report = Report { memory: super::shown_memory(memory_path), units, seconds: start.elapsed().as_secs_f64() };
    let mut out = stdout();
    match args.format {
        OutputFormat::Json => json_line(&mut out, &report)?,
        OutputFormat::Text => writeln!(out, "{}: index rebuilt over {} units in {:.1} s", report.memory, report.units, report.seconds)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
