//! `dragoman export`: the memory's pairs as TMX 1.4b, CSV, TSV, XLIFF
//! 1.2 or 2.1, or PO, with provenance (and, in TMX and XLIFF, inline
//! markup and metadata as imported). The format is `--format`'s, else
//! the output file's extension's, else CSV.

use super::output::Output;
use super::terminal::printable;
use super::{open_memory_for_reading, parse_lang};
use dragoman::formats::delimited::PairWriter;
use dragoman::formats::po::PoCatalogue;
use dragoman::formats::tmx::{TmxHeader, TmxWriter};
use dragoman::formats::translated::{po_entry, xliff_segment};
use dragoman::formats::xliff::{NewDocument, XliffVersion, write_new};
use dragoman::formats::{Format, RowExtras};
use dragoman::lang::Lang;
use dragoman::memory::{Memory, Unit};
use std::collections::{HashMap, HashSet};
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

impl ExportFormat {
    /// The format an output file's name asks for: `.tmx`, `.csv`, `.tsv`,
    /// `.xlf`/`.xliff` (1.2), `.po`.
    fn of_name(name: &Path) -> Option<ExportFormat> {
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
    let chosen = args.format.or_else(|| args.output.as_deref().and_then(ExportFormat::of_name)).unwrap_or(ExportFormat::Csv);
    anyhow::ensure!(!args.multilingual || matches!(chosen, ExportFormat::Tmx), "--multilingual is for TMX (--format tmx)");
    let memory = open_memory_for_reading(memory_path)?;
    // a file is replaced only once the export is complete
    let mut sink = Output::create(args.output.as_deref())?;
    let format = match chosen {
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Tsv => Format::Tsv,
        ExportFormat::Tmx => {
            export_tmx(&memory, &args, &mut sink)?;
            sink.commit()?;
            return Ok(ExitCode::SUCCESS);
        }
        ExportFormat::Xliff | ExportFormat::Xliff2 | ExportFormat::Po => {
            export_job(&memory, &args, chosen, &mut sink)?;
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
    // the header of the TMX imported last (creation tool, o-tmf, notes, props) goes back out
    let kept = memory.batch_headers("tmx")?.pop().and_then(|(_, json)| serde_json::from_str::<TmxHeader>(&json).ok());
    let mut writer = match &kept {
        Some(header) => TmxWriter::with_header(sink, srclang, header)?,
        None => TmxWriter::new(sink, srclang)?,
    };
    let mut result = Ok(());
    if args.multilingual {
        // units of one source, in order of their first; a second
        // translation into a language goes into a tu of its own
        let mut groups: Vec<Vec<Unit>> = Vec::new();
        let mut by_source: HashMap<(String, String), Vec<usize>> = HashMap::new();
        memory.for_each_unit_of(args.src_lang.as_ref(), args.tgt_lang.as_ref(), args.all, |u| {
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
        memory.for_each_unit_of(args.src_lang.as_ref(), args.tgt_lang.as_ref(), args.all, |u| {
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
/// (within `--src-lang`/`--tgt-lang`), or an error naming the pairs.
fn one_pair(memory: &Memory, args: &Args, format: &str) -> anyhow::Result<(String, String)> {
    let pairs: Vec<(String, String)> = memory
        .stats()?
        .language_pairs
        .into_iter()
        .filter(|p| args.src_lang.as_ref().is_none_or(|l| Lang::parse(&p.src_lang).is_ok_and(|s| s.matches(l))))
        .filter(|p| args.tgt_lang.as_ref().is_none_or(|l| Lang::parse(&p.tgt_lang).is_ok_and(|t| t.matches(l))))
        .map(|p| (p.src_lang, p.tgt_lang))
        .collect();
    match pairs.as_slice() {
        [pair] => Ok(pair.clone()),
        [] => match (&args.src_lang, &args.tgt_lang) {
            (Some(src), Some(tgt)) => Ok((src.to_string(), tgt.to_string())),
            _ => anyhow::bail!("the memory holds no pairs to write as {format}; give --src-lang and --tgt-lang for an empty file"),
        },
        pairs => {
            let shown: Vec<String> = pairs.iter().map(|(s, t)| format!("{} → {}", printable(s), printable(t))).collect();
            anyhow::bail!(
                "{format} holds one language pair and the memory has {} ({}); choose one with --src-lang and --tgt-lang",
                pairs.len(),
                shown.join(", ")
            )
        }
    }
}

/// XLIFF 1.2, 2.1 or PO: one document of the one language pair.
fn export_job(memory: &Memory, args: &Args, format: ExportFormat, sink: &mut Output) -> anyhow::Result<()> {
    let name = match format {
        ExportFormat::Po => "PO",
        _ => "XLIFF",
    };
    let (src, tgt) = one_pair(memory, args, name)?;
    let (src_lang, tgt_lang) = (Lang::parse(&src).ok(), Lang::parse(&tgt).ok());
    let (src_lang, tgt_lang) = (src_lang.as_ref().or(args.src_lang.as_ref()), tgt_lang.as_ref().or(args.tgt_lang.as_ref()));
    if let ExportFormat::Po = format {
        let mut catalogue = PoCatalogue::new(&tgt, None);
        let mut seen = HashSet::new();
        let mut left_out = 0usize;
        memory.for_each_unit_of(src_lang, tgt_lang, args.all, |u| {
            let entry = po_entry(&u);
            // a catalogue holds one translation per msgid and context
            if seen.insert((entry.msgctxt.clone(), entry.msgid.clone())) {
                catalogue.entries.push(entry);
            } else {
                left_out += 1;
            }
        })?;
        catalogue.write(&mut *sink)?;
        if left_out > 0 {
            eprintln!(
                "dragoman: {left_out} {} left out of the PO file: another translation of the same source (and context) was written",
                if left_out == 1 { "pair" } else { "pairs" }
            );
        }
        return Ok(());
    }
    let version = if let ExportFormat::Xliff2 = format { XliffVersion::V2_1 } else { XliffVersion::V1_2 };
    let document = NewDocument {
        version,
        source_language: src.clone(),
        target_language: Some(tgt.clone()),
        original: "dragoman memory".to_string(),
        datatype: "plaintext".to_string(),
    };
    let mut segments = Vec::new();
    memory.for_each_unit_of(src_lang, tgt_lang, args.all, |u| segments.push(xliff_segment(&u, segments.len() + 1, version)))?;
    write_new(&mut *sink, &document, segments)?;
    Ok(())
}
