//! `dragoman export`: the memory's pairs as TMX 1.4b, CSV, TSV, XLIFF
//! 1.2 or 2.1, or PO, with provenance (and, in TMX and XLIFF, inline
//! markup and metadata as imported). The format is `--format`'s, else
//! the output file's extension's, else CSV. The writing is the library's
//! (`formats::export`, shared with the server's API).

use super::output::Output;
use super::{open_memory_for_reading, parse_lang};
use dragoman::formats::export::{self, ExportError, ExportOptions};
use dragoman::lang::Lang;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Tsv,
    /// TMX 1.4b, as OmegaT, Trados, memoQ and Wordfast read it.
    Tmx,
    /// XLIFF 1.2 (one language pair: give --src-lang/--tgt-lang if the memory has several).
    Xliff,
    /// XLIFF 2.1 (one language pair).
    Xliff2,
    /// gettext PO (one language pair; one entry per source and context).
    Po,
}

impl From<ExportFormat> for export::ExportFormat {
    fn from(format: ExportFormat) -> export::ExportFormat {
        match format {
            ExportFormat::Csv => export::ExportFormat::Csv,
            ExportFormat::Tsv => export::ExportFormat::Tsv,
            ExportFormat::Tmx => export::ExportFormat::Tmx,
            ExportFormat::Xliff => export::ExportFormat::Xliff,
            ExportFormat::Xliff2 => export::ExportFormat::Xliff2,
            ExportFormat::Po => export::ExportFormat::Po,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// File format (default: told by the --output file's extension:
    /// .tmx, .csv, .tsv, .xlf/.xliff for XLIFF 1.2, .po; else csv).
    #[arg(long, value_enum)]
    format: Option<ExportFormat>,
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
    /// TMX: write the units that share a source language and source text
    /// as one `tu` with all their languages (a multilingual TMX).
    #[arg(long)]
    multilingual: bool,
    /// Also export superseded units (a later target was stored for their
    /// source); by default only each source's current unit is written.
    #[arg(long)]
    all: bool,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let format = args
        .format
        .map(export::ExportFormat::from)
        .or_else(|| args.output.as_deref().and_then(export::ExportFormat::of_name))
        .unwrap_or(export::ExportFormat::Csv);
    anyhow::ensure!(!args.multilingual || format == export::ExportFormat::Tmx, "--multilingual is for TMX (--format tmx)");
    let memory = open_memory_for_reading(memory_path)?;
    // a file is replaced only once the export is complete
    let mut sink = Output::create(args.output.as_deref())?;
    let options = ExportOptions {
        format,
        src_lang: args.src_lang,
        tgt_lang: args.tgt_lang,
        bom: args.bom,
        multilingual: args.multilingual,
        superseded: args.all,
    };
    let report = match export::export_to(&memory, &options, &mut sink) {
        Ok(report) => report,
        Err(e @ ExportError::NoPair(_)) => anyhow::bail!("{e}: give --src-lang and --tgt-lang"),
        Err(e @ ExportError::SeveralPairs { .. }) => anyhow::bail!("{e} with --src-lang and --tgt-lang"),
        Err(e) => return Err(e.into()),
    };
    sink.commit()?;
    if report.left_out > 0 {
        eprintln!(
            "dragoman: {} {} left out of the PO file: another translation of the same source (and context) was written",
            report.left_out,
            if report.left_out == 1 { "pair" } else { "pairs" }
        );
    }
    Ok(ExitCode::SUCCESS)
}
