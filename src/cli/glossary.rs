//! `dragoman glossary`: TBX glossaries in the memory (import, export,
//! list). An imported file is read whole first (a bad one changes
//! nothing) and stored in one transaction: each concept whole, so that
//! an export writes it back as read, and its terms for `suggest`'s
//! glossary hits. Concepts that are names (see
//! [`dragoman::formats::tbx::Concept::is_name`]) also go into the names
//! house style, their preferred spelling in one language with the others
//! as its variants.

use super::output::Output;
use super::terminal::printable;
use super::{OutputFormat, json_line, open_memory_for_reading, parse_lang, stdout};
use anyhow::Context;
use dragoman::formats::tbx::{Concept, FieldElement, Glossary, TbxHeader, TbxVersion, TermStatus};
use dragoman::lang::Lang;
use dragoman::memory::Memory;
use dragoman::memory::glossary::{ConceptRow, TermRow};
use dragoman::names::HouseStyle;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: GlossaryCommand,
}

#[derive(Debug, clap::Subcommand)]
enum GlossaryCommand {
    /// Add a TBX glossary (TBX-Basic 2008 `martif` or TBX v3) to the memory.
    Import(ImportArgs),
    /// Write the memory's glossary as TBX.
    Export(ExportArgs),
    /// Show the glossary's terms: concept, language, term, status.
    List(ListArgs),
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    file: PathBuf,
    /// The language whose spellings of names go into the house style
    /// (default: the TBX header's xml:lang).
    #[arg(long, value_parser = parse_lang)]
    names_lang: Option<Lang>,
    /// Leave the names house style alone.
    #[arg(long, conflicts_with = "names_lang")]
    no_names: bool,
    /// Seconds to wait for another process writing to the memory.
    #[arg(long, default_value_t = 600)]
    wait: u64,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum TbxFlavour {
    /// TBX v3 (ISO 30042:2019), TBX-Basic dialect.
    V3,
    /// TBX-Basic 2008 (`martif`), for tools that read only that.
    #[value(name = "2008")]
    Martif2008,
}

#[derive(Debug, clap::Args)]
struct ExportArgs {
    /// Write here (`-`: standard output); the file is replaced only once
    /// the export is complete.
    #[arg(long, short, alias = "output")]
    out: PathBuf,
    /// TBX version to write (default: that of the glossary imported last).
    #[arg(long, value_enum)]
    tbx: Option<TbxFlavour>,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// Only terms of this language.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    match args.command {
        GlossaryCommand::Import(a) => import(a, memory_path),
        GlossaryCommand::Export(a) => export(a, memory_path),
        GlossaryCommand::List(a) => list(a, memory_path),
    }
}

/// What a term's status is called in the memory.
fn status_name(status: TermStatus) -> &'static str {
    match status {
        TermStatus::Preferred => "preferred",
        TermStatus::Admitted => "admitted",
        TermStatus::Deprecated => "deprecated",
        TermStatus::Superseded => "superseded",
    }
}

/// A concept as the memory stores it: whole as JSON, and its terms.
fn concept_row(concept: &Concept) -> ConceptRow {
    let terms = concept
        .languages
        .iter()
        .flat_map(|section| {
            section.terms.iter().map(|t| {
                let notes: Vec<&str> = t.fields.iter().filter(|f| f.element == FieldElement::Note).map(|f| f.value.as_str()).collect();
                TermRow {
                    lang: section.lang.clone(),
                    term: t.text.clone(),
                    status: t.status().map(|s| status_name(s).to_string()),
                    deprecated: t.is_deprecated(),
                    notes: (!notes.is_empty()).then(|| notes.join("\n")),
                }
            })
        })
        .collect();
    ConceptRow { concept_id: concept.id.clone(), entry: serde_json::to_string(concept).expect("a concept serialises"), terms }
}

#[derive(Serialize)]
struct ImportReport {
    file: String,
    glossary: i64,
    concepts: usize,
    terms: usize,
    replaced: usize,
    /// Names added to the house style, and in which language.
    names: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    names_lang: Option<String>,
}

fn import(args: ImportArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let name = args.file.display().to_string();
    let file = std::fs::File::open(&args.file).with_context(|| format!("{name}: cannot open"))?;
    // read whole before the memory is touched: a bad file changes nothing
    let glossary = Glossary::read(std::io::BufReader::new(file), &name)?;
    let rows: Vec<ConceptRow> = glossary.concepts.iter().map(concept_row).collect();
    let header = serde_json::to_string(&glossary.header).expect("a header serialises");
    let mut memory = Memory::open_waiting(memory_path, Duration::from_secs(args.wait), dragoman::fuzzy::index_keys())?;
    let mut writer = memory.writer()?;
    let added = writer.add_glossary(&name, super::settings::author().as_deref(), &header, &rows)?;
    writer.commit()?;
    // names: the preferred spelling in one language, the others its variants
    let names_lang = if args.no_names {
        None
    } else {
        args.names_lang.clone().or_else(|| glossary.header.lang.as_deref().and_then(|l| Lang::parse(l).ok()))
    };
    let mut names = 0;
    if let Some(lang) = &names_lang {
        let spellings = glossary.name_spellings(lang);
        if !spellings.is_empty() {
            let mut style = HouseStyle::load(&memory)?;
            for (preferred, variants) in &spellings {
                let variants: Vec<&str> = variants.iter().map(String::as_str).collect();
                style.prefer(preferred, &variants);
            }
            style.save(&mut memory)?;
            names = spellings.len();
        }
    }
    let report = ImportReport {
        file: name,
        glossary: added.glossary,
        concepts: added.concepts,
        terms: added.terms,
        replaced: added.replaced,
        names,
        names_lang: names_lang.map(|l| l.to_string()),
    };
    let mut out = stdout();
    match args.format {
        OutputFormat::Json => json_line(&mut out, &report)?,
        OutputFormat::Text => {
            writeln!(
                out,
                "{}: {} concepts, {} terms stored ({} replaced a concept of the same id; glossary {}, memory {})",
                printable(&report.file),
                report.concepts,
                report.terms,
                report.replaced,
                report.glossary,
                printable(&super::shown_memory(memory_path))
            )?;
            if report.names > 0 {
                writeln!(
                    out,
                    "  {} names added to the house style ({} spellings; see `dragoman names list`)",
                    report.names,
                    printable(report.names_lang.as_deref().unwrap_or(""))
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn export(args: ExportArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let memory = open_memory_for_reading(memory_path)?;
    let (header, entries) = memory.glossary_entries()?;
    let header: TbxHeader = match header.as_deref().map(serde_json::from_str) {
        Some(Ok(header)) => header,
        _ => TbxHeader { version: TbxVersion::V3, dialect: None, lang: Some("en".into()), title: None, source: Vec::new() },
    };
    let concepts = entries
        .iter()
        .map(|e| serde_json::from_str::<Concept>(e))
        .collect::<Result<Vec<_>, _>>()
        .context("a stored glossary concept cannot be read")?;
    anyhow::ensure!(!concepts.is_empty(), "the memory holds no glossary; add one with `dragoman glossary import FILE.tbx`");
    let version = match args.tbx {
        Some(TbxFlavour::V3) => TbxVersion::V3,
        Some(TbxFlavour::Martif2008) => TbxVersion::Martif2008,
        None => header.version,
    };
    let glossary = Glossary { header, concepts };
    let mut sink = Output::create(Some(&args.out))?;
    glossary.write_as(&mut sink, version)?;
    sink.commit()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ListRow<'a> {
    concept: i64,
    #[serde(flatten)]
    term: &'a TermRow,
}

fn list(args: ListArgs, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let memory = open_memory_for_reading(memory_path)?;
    let terms = memory.glossary_terms()?;
    let mut out = stdout();
    for (concept, term) in terms.rows() {
        if let Some(lang) = &args.lang
            && !Lang::parse(&term.lang).is_ok_and(|l| l.matches(lang) || lang.matches(&l))
        {
            continue;
        }
        match args.format {
            OutputFormat::Json => json_line(&mut out, &ListRow { concept, term })?,
            OutputFormat::Text => {
                let status = term.status.as_deref().map(|s| format!("  ({s})")).unwrap_or_default();
                writeln!(out, "{concept:>5}  {:<6} {}{status}", printable(&term.lang), printable(&term.term))?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
