//! `dragoman export`: the memory's pairs as CSV or TSV, with provenance.

use super::{open_existing_memory, parse_lang, stdout};
use anyhow::Context;
use dragoman::formats::Format;
use dragoman::formats::delimited::PairWriter;
use dragoman::lang::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Tsv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// File format.
    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Only pairs from this source language.
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Only pairs into this target language.
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let memory = open_existing_memory(memory_path)?;
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Tsv => Format::Tsv,
    };
    let sink: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("{}: cannot create", path.display()))?))
        }
        None => Box::new(stdout()),
    };
    let mut writer = PairWriter::new(sink, format, &["source", "target", "src_lang", "tgt_lang", "origin", "created_by", "created_at"])?;
    let mut result = Ok(());
    memory.for_each_unit(args.src_lang.as_ref(), args.tgt_lang.as_ref(), |u| {
        if result.is_ok() {
            let origin = u.origin();
            result = writer.write(&[
                &u.source,
                &u.target,
                &u.src_lang,
                &u.tgt_lang,
                &origin,
                u.created_by.as_deref().unwrap_or(""),
                &u.created_at,
            ]);
        }
    })?;
    result?;
    writer.finish()?;
    Ok(ExitCode::SUCCESS)
}
