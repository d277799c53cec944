//! `dragoman memory copy FROM TO`: a whole memory copied into an empty
//! one, between any two backends (a SQLite file, a `postgres://` URL), with
//! progress on a terminal.

use super::{OutputFormat, json_line, stdout};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: MemoryCommand,
}

#[derive(Debug, clap::Subcommand)]
enum MemoryCommand {
    /// Copy every unit and the house style of one memory into another, empty one.
    Copy {
        /// The memory to copy: a SQLite file or a postgres:// URL.
        from: PathBuf,
        /// The memory to copy into (created if missing; must hold no units).
        to: PathBuf,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
}

#[derive(Serialize)]
struct Report {
    from: String,
    to: String,
    units: u64,
    seconds: f64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let MemoryCommand::Copy { from, to, format } = args.command;
    let source = super::open_memory_for_reading(&from)?;
    let mut target = super::open_memory(&to)?;
    let progress = if std::io::stderr().is_terminal() { indicatif::ProgressBar::new(0) } else { indicatif::ProgressBar::hidden() };
    progress.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} units {per_sec}").expect("a valid template").progress_chars("##-"),
    );
    let start = std::time::Instant::now();
    let units = target
        .copy_from(&source, |copied, total| {
            progress.set_length(total);
            progress.set_position(copied);
        })
        .map_err(|e| match e {
            dragoman::memory::MemoryError::NotEmpty { .. } => anyhow::anyhow!("{e}; give a new file or an empty database"),
            e => e.into(),
        })?;
    progress.finish_and_clear();
    let report = Report {
        from: source.path().display().to_string(),
        to: target.path().display().to_string(),
        units,
        seconds: start.elapsed().as_secs_f64(),
    };
    let mut out = stdout();
    match format {
        OutputFormat::Json => json_line(&mut out, &report)?,
        OutputFormat::Text => writeln!(
            out,
            "{} units copied from {} to {} in {:.1} s",
            report.units,
            super::terminal::printable(&report.from),
            super::terminal::printable(&report.to),
            report.seconds
        )?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
