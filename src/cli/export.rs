//! `dragoman export`: the memory's pairs as TMX 1.4b, CSV or TSV, with
//! provenance (and, in TMX, inline markup and metadata as imported).

use super::output::Output;
use super::{open_memory_for_reading, parse_lang};
use dragoman::formats::export;
use dragoman::lang::Lang;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Tsv,
    /// TMX 1.4b, as OmegaT, Trados, memoQ and Wordfast read it.
    Tmx,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// File format.
    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,
    /// Write here instead of standard output (`-`: standard output); the
    /// file is replaced only once the export is complete.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Only pairs from this source language.
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Only pairs into this target language.
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
    /// Start CSV/TSV with a UTF-8 byte-order mark and end lines in CRLF,
    /// so that Excel shows Arabic, Persian or Chinese text correctly.
    #[arg(long)]
    bom: bool,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let memory = open_memory_for_reading(memory_path)?;
    // a file is replaced only once the export is complete
    let mut sink = Output::create(args.output.as_deref())?;
    let format = match args.format {
        ExportFormat::Csv => export::ExportFormat::Csv,
        ExportFormat::Tsv => export::ExportFormat::Tsv,
        ExportFormat::Tmx => export::ExportFormat::Tmx,
    };
    let options = export::ExportOptions { format, src_lang: args.src_lang, tgt_lang: args.tgt_lang, bom: args.bom };
    export::export_to(&memory, &options, &mut sink)?;
    sink.commit()?;
    Ok(ExitCode::SUCCESS)
}
