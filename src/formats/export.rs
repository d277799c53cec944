//! A memory's pairs written out as TMX 1.4b (one language pair per `tu`,
//! or every language of a source in one), CSV, TSV, XLIFF 1.2 or 2.1, or
//! PO, with provenance (and, in TMX and XLIFF, inline markup and metadata
//! as imported): what the export command writes to a file and the
//! server's API answers (one writer for both).
//!
//! ```
//! use dragoman::formats::export::{ExportFormat, ExportOptions, export_to};
//! use dragoman::memory::Memory;
//!
//! let dir = tempfile::tempdir()?;
//! let memory = Memory::open(&dir.path().join("m.sqlite"), dragoman::fuzzy::index_keys())?;
//! let options = ExportOptions::new(ExportFormat::Tmx);
//! let mut out = Vec::new();
//! export_to(&memory, &options, &mut out)?;
//! assert!(String::from_utf8(out)?.contains("<tmx version=\"1.4\">"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::delimited::PairWriter;
use super::plural_forms::{nplurals, plural_forms};
use super::po::PoCatalogue;
use super::tmx::{TmxHeader, TmxWriter};
use super::translated::{fit_po_plural_forms, merge_po_plural, po_entry, xliff_segment};
use super::xliff::{NewDocument, XliffVersion, write_new};
use super::{Format, RowExtras};
use crate::lang::Lang;
use crate::memory::{Memory, MemoryError, Unit};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// The file formats a memory is exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Tsv,
    /// TMX 1.4b, as OmegaT, Trados, memoQ and Wordfast read it.
    Tmx,
    /// XLIFF 1.2 (one language pair).
    Xliff,
    /// XLIFF 2.1 (one language pair).
    Xliff2,
    /// gettext PO (one language pair; one entry per source and context; a
    /// plural entry imported from PO written back as one, with the
    /// `Plural-Forms` of the target language).
    Po,
}

impl ExportFormat {
    /// The format a file's name asks for: `.tmx`, `.csv`, `.tsv`/`.tab`,
    /// `.xlf`/`.xliff` (1.2), `.po`.
    pub fn of_name(name: &Path) -> Option<ExportFormat> {
        let extension = name.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "tmx" => ExportFormat::Tmx,
            "csv" => ExportFormat::Csv,
            "tsv" | "tab" => ExportFormat::Tsv,
            "xlf" | "xliff" => ExportFormat::Xliff,
            "po" => ExportFormat::Po,
            _ => return None,
        })
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV",
            ExportFormat::Tsv => "TSV",
            ExportFormat::Tmx => "TMX",
            ExportFormat::Xliff | ExportFormat::Xliff2 => "XLIFF",
            ExportFormat::Po => "PO",
        }
    }
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
    /// TMX: the units that share a source language and source text as one
    /// `tu` with all their languages.
    pub multilingual: bool,
    /// Superseded units too (by default only each source's current unit).
    pub superseded: bool,
}

impl ExportOptions {
    /// Every pair of the memory in `format`, current units only.
    pub fn new(format: ExportFormat) -> ExportOptions {
        ExportOptions { format, src_lang: None, tgt_lang: None, bom: false, multilingual: false, superseded: false }
    }
}

/// What an export left out, for the caller to tell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// PO: pairs left out because another translation of the same source
    /// (and context) was written.
    pub left_out: usize,
}

/// Why an export failed: writing the file, reading the memory, or a
/// request the format cannot hold. Each wrapped error is the source (so
/// that a closed pipe or a memory error is still seen as one).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Csv(#[from] csv::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Memory(#[from] MemoryError),
    /// Multilingual units are a TMX shape.
    #[error("a multilingual export is written as TMX only, not {0}")]
    MultilingualNotTmx(&'static str),
    /// XLIFF and PO hold one language pair; the memory has none to write.
    #[error("the memory holds no pairs to write as {0}; an empty file needs its source and target languages")]
    NoPair(&'static str),
    /// XLIFF and PO hold one language pair; the memory has several.
    #[error("{format} holds one language pair and the memory has {} ({}); choose one", pairs.len(), pairs.join(", "))]
    SeveralPairs { format: &'static str, pairs: Vec<String> },
}

/// Writes the memory's pairs to `sink` as `options` say.
pub fn export_to(memory: &Memory, options: &ExportOptions, sink: &mut dyn Write) -> Result<ExportReport, ExportError> {
    if options.multilingual && options.format != ExportFormat::Tmx {
        return Err(ExportError::MultilingualNotTmx(options.format.name()));
    }
    let format = match options.format {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Tsv => Format::Tsv,
        ExportFormat::Tmx => return export_tmx(memory, options, sink).map(|()| ExportReport::default()),
        ExportFormat::Xliff | ExportFormat::Xliff2 | ExportFormat::Po => return export_job(memory, options, sink),
    };
    // the extra columns are those import reads back as provenance
    let header: Vec<&str> = ["source", "target"].into_iter().chain(RowExtras::COLUMNS).collect();
    let mut writer = PairWriter::new(sink, format, &header, options.bom)?;
    let mut result = Ok(());
    for_each_unit(memory, options, |u| {
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
    Ok(ExportReport::default())
}

/// The units to export, in the order they were stored.
fn for_each_unit(memory: &Memory, options: &ExportOptions, f: impl FnMut(Unit)) -> Result<(), MemoryError> {
    memory.for_each_unit_of(options.src_lang.as_ref(), options.tgt_lang.as_ref(), options.superseded, f)
}

/// The language pairs of the memory that the options' languages select.
fn selected_pairs(memory: &Memory, options: &ExportOptions) -> Result<Vec<(String, String)>, MemoryError> {
    Ok(memory
        .stats()?
        .language_pairs
        .into_iter()
        .filter(|p| options.src_lang.as_ref().is_none_or(|l| Lang::parse(&p.src_lang).is_ok_and(|s| s.matches(l))))
        .filter(|p| options.tgt_lang.as_ref().is_none_or(|l| Lang::parse(&p.tgt_lang).is_ok_and(|t| t.matches(l))))
        .map(|p| (p.src_lang, p.tgt_lang))
        .collect())
}

fn export_tmx(memory: &Memory, options: &ExportOptions, sink: &mut dyn Write) -> Result<(), ExportError> {
    // The header names one source language when every exported unit has it.
    let mut sources: Vec<String> = selected_pairs(memory, options)?.into_iter().map(|(s, _)| s).collect();
    sources.sort_unstable();
    sources.dedup();
    let srclang = if sources.len() == 1 { sources[0].as_str() } else { "*all*" };
    // the header of the TMX imported last (creation tool, o-tmf, notes, props) goes back out
    let kept = memory.batch_headers("tmx")?.pop().and_then(|(_, json)| serde_json::from_str::<TmxHeader>(&json).ok());
    let mut writer = match &kept {
        Some(header) => TmxWriter::with_header(sink, srclang, header)?,
        None => TmxWriter::new(sink, srclang)?,
    };
    let mut result = Ok(());
    if options.multilingual {
        // units of one source, in order of their first; a second
        // translation into a language goes into a tu of its own
        let mut groups: Vec<Vec<Unit>> = Vec::new();
        let mut by_source: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for_each_unit(memory, options, |u| {
            let slots = by_source.entry((u.src_lang.clone(), u.source.clone())).or_default();
            match slots.iter().find(|&&g| groups[g].iter().all(|other| other.tgt_lang != u.tgt_lang)) {
                Some(&g) => groups[g].push(u),
                None => {
                    slots.push(groups.len());
                    groups.push(vec![u]);
                }
            }
        })?;
        for group in &groups {
            writer.write_multilingual(group)?;
        }
    } else {
        for_each_unit(memory, options, |u| {
            if result.is_ok() {
                result = writer.write_unit(&u);
            }
        })?;
    }
    result?;
    writer.finish()?;
    Ok(())
}

/// The one language pair an XLIFF or PO export writes: the memory's
/// (within the options' languages), or an error naming the pairs.
fn one_pair(memory: &Memory, options: &ExportOptions) -> Result<(String, String), ExportError> {
    let format = options.format.name();
    let pairs = selected_pairs(memory, options)?;
    match pairs.as_slice() {
        [pair] => Ok(pair.clone()),
        [] => match (&options.src_lang, &options.tgt_lang) {
            (Some(src), Some(tgt)) => Ok((src.to_string(), tgt.to_string())),
            _ => Err(ExportError::NoPair(format)),
        },
        pairs => Err(ExportError::SeveralPairs { format, pairs: pairs.iter().map(|(s, t)| format!("{s} → {t}")).collect() }),
    }
}

/// XLIFF 1.2, 2.1 or PO: one document of the one language pair.
fn export_job(memory: &Memory, options: &ExportOptions, sink: &mut dyn Write) -> Result<ExportReport, ExportError> {
    let (src, tgt) = one_pair(memory, options)?;
    let (src_lang, tgt_lang) = (Lang::parse(&src).ok(), Lang::parse(&tgt).ok());
    let narrowed = ExportOptions {
        src_lang: src_lang.or_else(|| options.src_lang.clone()),
        tgt_lang: tgt_lang.or_else(|| options.tgt_lang.clone()),
        ..options.clone()
    };
    if options.format == ExportFormat::Po {
        // the target language's plural forms, from gettext's and CLDR's tables
        let mut catalogue = PoCatalogue::new(&tgt, plural_forms(&tgt));
        let mut seen: HashMap<(Option<String>, String), usize> = HashMap::new();
        let mut left_out = 0usize;
        for_each_unit(memory, &narrowed, |u| {
            let entry = po_entry(&u);
            // a catalogue holds one translation per msgid and context; the
            // units of one plural entry are its forms
            match seen.get(&(entry.msgctxt.clone(), entry.msgid.clone())) {
                None => {
                    seen.insert((entry.msgctxt.clone(), entry.msgid.clone()), catalogue.entries.len());
                    catalogue.entries.push(entry);
                }
                Some(&at) if merge_po_plural(&mut catalogue.entries[at], &entry) => {}
                Some(_) => left_out += 1,
            }
        })?;
        if let Some(forms) = nplurals(&tgt) {
            for entry in &mut catalogue.entries {
                fit_po_plural_forms(entry, forms);
            }
        }
        catalogue.write(&mut *sink)?;
        return Ok(ExportReport { left_out });
    }
    let version = if options.format == ExportFormat::Xliff2 { XliffVersion::V2_1 } else { XliffVersion::V1_2 };
    let document = NewDocument {
        version,
        source_language: src.clone(),
        target_language: Some(tgt.clone()),
        original: "dragoman memory".to_string(),
        datatype: "plaintext".to_string(),
    };
    let mut segments = Vec::new();
    for_each_unit(memory, &narrowed, |u| segments.push(xliff_segment(&u, segments.len() + 1, version)))?;
    write_new(&mut *sink, &document, segments)?;
    Ok(ExportReport::default())
}
