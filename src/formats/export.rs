//! A memory's pairs written out as TMX 1.4b, CSV or TSV, with provenance
//! (and, in TMX, inline markup and metadata as imported): what the
//! export command writes to a file and the server's API answers (one
//! writer for both).

use super::delimited::PairWriter;
use super::tmx::TmxWriter;
use super::{Format, RowExtras};
use crate::lang::Lang;
use crate::memory::{Memory, MemoryError};
use std::io::Write;

/// The file formats a memory is exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Tsv,
    /// TMX 1.4b, as OmegaT, Trados, memoQ and Wordfast read it.
    Tmx,
}

/// What to export and how.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: ExportFormat,
    /// Only pairs from this source language.
    pub src_lang: Option<Lang>,
    /// Only pairs into this target language.
    pub tgt_lang: Option<Lang>,
    /// CSV/TSV: a UTF-8 byte-order mark first and CRLF line ends.
    pub bom: bool,
}

/// Why an export failed: writing the file, or reading the memory. Each
/// says what the error it wraps says, and has it as its source (so that
/// a closed pipe or a memory error is still seen as one).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Memory(#[from] MemoryError),
}

/// Writes the memory's pairs to `sink` as `options` say.
pub fn export_to(memory: &Memory, options: &ExportOptions, sink: &mut dyn Write) -> Result<(), ExportError> {
    let format = match options.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Tsv => Format::Tsv,
        ExportFormat::Tmx => return export_tmx(memory, options, sink),
    };
    // the extra columns are those import reads back as provenance
    let header: Vec<&str> = ["source", "target"].into_iter().chain(RowExtras::COLUMNS).collect();
    let mut writer = PairWriter::new(sink, format, &header, options.bom)?;
    let mut result = Ok(());
    memory.for_each_unit(options.src_lang.as_ref(), options.tgt_lang.as_ref(), |u| {
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
    Ok(())
}

fn export_tmx(memory: &Memory, options: &ExportOptions, sink: &mut dyn Write) -> Result<(), ExportError> {
    // The header names one source language when every exported unit has it.
    let pairs = memory.stats()?.language_pairs;
    let mut sources: Vec<&str> = pairs
        .iter()
        .filter(|p| options.src_lang.as_ref().is_none_or(|l| Lang::parse(&p.src_lang).is_ok_and(|s| s.matches(l))))
        .filter(|p| options.tgt_lang.as_ref().is_none_or(|l| Lang::parse(&p.tgt_lang).is_ok_and(|t| t.matches(l))))
        .map(|p| p.src_lang.as_str())
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let srclang = if sources.len() == 1 { sources[0] } else { "*all*" };
    let mut writer = TmxWriter::new(sink, srclang)?;
    let mut result = Ok(());
    memory.for_each_unit(options.src_lang.as_ref(), options.tgt_lang.as_ref(), |u| {
        if result.is_ok() {
            result = writer.write_unit(&u);
        }
    })?;
    result?;
    writer.finish()?;
    Ok(())
}
