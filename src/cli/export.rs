//! `dragoman export`: the memory's pairs as TMX 1.4b, CSV or TSV, with
//! provenance (and, in TMX, inline markup and metadata as imported).

use super::output::Output;
use super::{open_memory_for_reading, parse_lang};
use dragoman::formats::delimited::PairWriter;
use dragoman::formats::tmx::TmxWriter;
use dragoman::formats::{Format, RowExtras};
use dragoman::lang::Lang;
use dragoman::memory::Memory;
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
    /// Also export superseded units (a later target was stored for their
    /// source); by default only each source's current unit is written.
    #[arg(long)]
    all: bool,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let memory = open_memory_for_reading(memory_path)?;
    // a file is replaced only once the export is complete
    let mut sink = Output::create(args.output.as_deref())?;
    let format = match args.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Tsv => Format::Tsv,
        ExportFormat::Tmx => {
            export_tmx(&memory, &args, &mut sink)?;
            sink.commit()?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    // the extra columns are those import reads back as provenance
    let header: Vec<&str> = ["source", "target"].into_iter().chain(RowExtras::COLUMNS).collect();
    let mut writer = PairWriter::new(&mut sink, format, &header, args.bom)?;
    let mut result = Ok(());
    memory.for_each_unit_of(args.src_lang.as_ref(), args.tgt_lang.as_ref(), args.all, |u| {
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
    sink.commit()?;
    Ok(ExitCode::SUCCESS)
}

fn export_tmx(memory: &Memory, args: &Args, sink: &mut Output) -> anyhow::Result<()> {
    // The header names one source language when every exported unit has it.
    let pairs = memory.stats()?.language_pairs;
    let mut sources: Vec<&str> = pairs
        .iter()
        .filter(|p| args.src_lang.as_ref().is_none_or(|l| Lang::parse(&p.src_lang).is_ok_and(|s| s.matches(l))))
        .filter(|p| args.tgt_lang.as_ref().is_none_or(|l| Lang::parse(&p.tgt_lang).is_ok_and(|t| t.matches(l))))
        .map(|p| p.src_lang.as_str())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let srclang = if sources.len() == 1 { sources[0] } else { "*all*" };
    let mut writer = TmxWriter::new(sink, srclang)?;
    let mut result = Ok(());
    memory.for_each_unit_of(args.src_lang.as_ref(), args.tgt_lang.as_ref(), args.all, |u| {
        if result.is_ok() {
            result = writer.write_unit(&u);
        }
    })?;
    result?;
    writer.finish()?;
    Ok(())
}
