//! `dragoman align`: split two documents into sentences, align them,
//! print the beads and optionally store the confident pairs.

use super::{OutputFormat, json_line, open_memory, parse_lang, read_text, stdout};
use anyhow::Context;
use dragoman::align::{Aligner, Bead};
use dragoman::lang::Lang;
use dragoman::memory::NewUnit;
use dragoman::segment::Segmenter;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The source document.
    src: PathBuf,
    /// Its translation.
    tgt: PathBuf,
    /// Source language (default: from the file name, then the script).
    #[arg(long, value_parser = parse_lang)]
    src_lang: Option<Lang>,
    /// Target language (default: from the file name, then the script).
    #[arg(long, value_parser = parse_lang)]
    tgt_lang: Option<Lang>,
    /// Take each non-empty input line as one sentence.
    #[arg(long)]
    presegmented: bool,
    /// Store the aligned pairs in the memory, with both documents' names
    /// as provenance.
    #[arg(long)]
    store: bool,
    /// With --store: keep only pairs at least this confident.
    #[arg(long, default_value_t = 0.5)]
    min_confidence: f64,
    /// Output: beads for reading, or JSON lines
    /// {"src":[i…],"tgt":[j…],"confidence":c}.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

/// A document split into sentences.
struct Document {
    path: PathBuf,
    lang: Lang,
    sentences: Vec<String>,
}

fn load(path: &Path, lang: Option<&Lang>, flag: &str, presegmented: bool) -> anyhow::Result<Document> {
    let text = read_text(path)?;
    let lang = Lang::resolve(lang, path, &text, flag)?;
    let sentences = if presegmented {
        text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
    } else {
        Segmenter::new(&lang).split(&text).map(|s| s.replace('\n', " ")).collect()
    };
    Ok(Document { path: path.to_path_buf(), lang, sentences })
}

pub fn run(args: Args, memory_path: &Path) -> anyhow::Result<ExitCode> {
    let src = load(&args.src, args.src_lang.as_ref(), "--src-lang", args.presegmented)?;
    let tgt = load(&args.tgt, args.tgt_lang.as_ref(), "--tgt-lang", args.presegmented)?;
    let beads = Aligner::default().align(&src.sentences, &tgt.sentences);
    let mut out = stdout();
    for (k, bead) in beads.iter().enumerate() {
        match args.format {
            OutputFormat::Json => json_line(&mut out, bead)?,
            OutputFormat::Text => print_bead(&mut out, k, bead, &src, &tgt)?,
        }
    }
    if args.store {
        let (stored, duplicates, held_back) = store(&beads, &src, &tgt, memory_path, args.min_confidence)?;
        let line = format!(
            "stored {stored} pairs in {} ({duplicates} already there, {held_back} held back below confidence {})",
            memory_path.display(),
            args.min_confidence
        );
        // with JSON on stdout, the summary goes to stderr to keep stdout parseable
        match args.format {
            OutputFormat::Json => eprintln!("{line}"),
            OutputFormat::Text => writeln!(out, "{line}")?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_bead(out: &mut impl Write, k: usize, bead: &Bead, src: &Document, tgt: &Document) -> anyhow::Result<()> {
    let flag = if bead.src.is_empty() || bead.tgt.is_empty() {
        "  unaligned"
    } else if bead.confidence < 0.5 {
        "  check"
    } else {
        ""
    };
    writeln!(out, "#{:<3} {}-{}  {:.2}{flag}", k + 1, bead.src.len(), bead.tgt.len(), bead.confidence)?;
    for (lang, doc, indices) in [(&src.lang, src, &bead.src), (&tgt.lang, tgt, &bead.tgt)] {
        let text = if indices.is_empty() { "—".to_string() } else { joined(doc, indices) };
        writeln!(out, "  {:<5} {}", lang.as_str(), text)?;
    }
    writeln!(out)?;
    Ok(())
}

/// The sentences of a bead side joined as one segment (no space between
/// Chinese or Japanese sentences).
fn joined(doc: &Document, indices: &[usize]) -> String {
    let separator = if doc.lang.is_cjk() { "" } else { " " };
    indices.iter().map(|&i| doc.sentences[i].as_str()).collect::<Vec<_>>().join(separator)
}

fn locator(indices: &[usize]) -> String {
    match indices {
        [] => String::new(),
        [one] => (one + 1).to_string(),
        [first, .., last] => format!("{}-{}", first + 1, last + 1),
    }
}

fn store(beads: &[Bead], src: &Document, tgt: &Document, memory_path: &Path, min_confidence: f64) -> anyhow::Result<(usize, usize, usize)> {
    let mut memory = open_memory(memory_path)?;
    let mut writer = memory.writer()?;
    let document = format!("{} + {}", src.path.display(), tgt.path.display());
    let (mut stored, mut duplicates, mut held_back) = (0, 0, 0);
    for bead in beads.iter().filter(|b| !b.src.is_empty() && !b.tgt.is_empty()) {
        if bead.confidence < min_confidence {
            held_back += 1;
            continue;
        }
        let mut unit = NewUnit::new(src.lang.clone(), tgt.lang.clone(), &joined(src, &bead.src), &joined(tgt, &bead.tgt), &document);
        unit.locator = format!("s{}/t{}", locator(&bead.src), locator(&bead.tgt));
        if writer.add(&unit)?.is_added() {
            stored += 1;
        } else {
            duplicates += 1;
        }
    }
    writer.commit().with_context(|| format!("{}: storing the pairs", memory_path.display()))?;
    Ok((stored, duplicates, held_back))
}
