//! `dragoman dict import`: read a FreeDict dictionary in dictd format
//! (what Debian's `dict-freedict-*` packages install in
//! `/usr/share/dictd/`), CC-CEDICT (`cedict_ts`, gzipped or not) or TSV
//! word pairs, and keep it in the user data folder, where `align` finds
//! it for its language pair (see [`dragoman::align::stored`]); or, with
//! `--output`, write the TSV word list that `align --dictionary` reads.

use super::output::{Output, is_standard_stream};
use super::{OutputFormat, json_line, stdout};
use dragoman::align::dictd::{dictd_files, read_dictd};
use dragoman::align::stored::{DictionaryFolder, DictionaryStore, languages_from_file_name};
use dragoman::lang::Lang;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DictCommand,
}

#[derive(Debug, clap::Subcommand)]
enum DictCommand {
    /// Keep a dictionary for `align`: dictd (NAME.index with NAME.dict.dz
    /// or NAME.dict), CC-CEDICT (cedict_ts, gzipped or not) or TSV word
    /// pairs; with --output, write it as TSV word pairs instead.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// The dictionary: a dictd .index or .dict(.dz) file, a CC-CEDICT
    /// file, or a TSV file (source word TAB target word).
    dictionary: PathBuf,
    /// Write TSV word pairs here (`-`: standard output) instead of keeping
    /// the dictionary in the data folder; the file is replaced only once
    /// complete.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// The dictionary's source language (default: from a FreeDict name
    /// such as freedict-ara-eng or a TSV name such as ar-en.tsv; zh for
    /// CC-CEDICT).
    #[arg(long, value_parser = super::parse_lang)]
    src_lang: Option<Lang>,
    /// Its target language (default: likewise; en for CC-CEDICT).
    #[arg(long, value_parser = super::parse_lang)]
    tgt_lang: Option<Lang>,
    /// The summary: for reading, or JSON.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(serde::Serialize)]
struct Summary {
    pairs: usize,
    headwords: usize,
    output: Option<String>,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
}

/// The kinds of dictionary file `dict import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dictd,
    Cedict,
    Tsv,
}

/// A dictd file by its name; CC-CEDICT by its name or its header or
/// first entry (`中國 中国 [Zhong1 guo2] /China/`); TSV otherwise.
fn kind_of(path: &std::path::Path) -> Kind {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    if name.ends_with(".index") || name.ends_with(".dict") || name.ends_with(".dict.dz") {
        return Kind::Dictd;
    }
    if name.contains("cedict") {
        return Kind::Cedict;
    }
    let head: Vec<u8> = std::fs::read(path).map(|b| b.into_iter().take(4096).collect()).unwrap_or_default();
    if head.starts_with(&[0x1f, 0x8b]) {
        return Kind::Cedict;
    }
    let text = String::from_utf8_lossy(&head);
    let first = text.lines().find(|l| !l.trim().is_empty() && !l.starts_with('#'));
    if text.starts_with("# CC-CEDICT") || first.is_some_and(|l| !l.contains('\t') && l.contains(" [") && l.contains("] /")) {
        Kind::Cedict
    } else {
        Kind::Tsv
    }
}

/// TSV word pairs as `Lexicon::from_tsv_file` reads them, kept as pairs.
fn read_tsv(path: &std::path::Path) -> anyhow::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", path.display()))?;
    let mut pairs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        match (cols.next(), cols.next()) {
            (Some(s), Some(t)) if !s.trim().is_empty() && !t.trim().is_empty() => pairs.push((s.trim().to_string(), t.trim().to_string())),
            _ => anyhow::bail!("{}:{}: expected two tab-separated columns (source word, target word)", path.display(), n + 1),
        }
    }
    Ok(pairs)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let DictCommand::Import(args) = args.command;
    if is_standard_stream(&args.dictionary) {
        anyhow::bail!(
            "-: a dictd dictionary is two files (NAME.index and NAME.dict or NAME.dict.dz) and cannot come from standard input; give one of them"
        );
    }
    let kind = kind_of(&args.dictionary);
    let pairs = match kind {
        Kind::Dictd => {
            let (index, dict) = dictd_files(&args.dictionary);
            read_dictd(&index, &dict)?
        }
        Kind::Cedict => dragoman::align::cedict::read_cedict(&args.dictionary)?,
        Kind::Tsv => read_tsv(&args.dictionary)?,
    };
    if args.output.is_none() {
        return keep(&args, kind, &pairs);
    }
    let mut tsv = String::new();
    let mut headwords = 0;
    let mut last: Option<&str> = None;
    for (word, translation) in &pairs {
        if last != Some(word.as_str()) {
            headwords += 1;
            last = Some(word);
        }
        tsv.push_str(&word.replace(['\t', '\n'], " "));
        tsv.push('\t');
        tsv.push_str(&translation.replace(['\t', '\n'], " "));
        tsv.push('\n');
    }
    let mut output = Output::create(args.output.as_deref())?;
    let to_file = !output.is_stdout();
    let output_name = args.output.as_ref().filter(|_| to_file).map(|p| p.display().to_string());
    let summary = Summary { pairs: pairs.len(), headwords, output: output_name, src_lang: None, tgt_lang: None };
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let line = format!("{} from {}", plural(summary.pairs, "word pair"), plural(summary.headwords, "headword"));
    output.write_all(tsv.as_bytes())?;
    output.commit()?;
    if let Some(path) = &summary.output {
        let mut out = stdout();
        match args.format {
            OutputFormat::Json => json_line(&mut out, &summary)?,
            OutputFormat::Text => writeln!(out, "{line} written to {path}")?,
        }
        out.flush()?;
    } else {
        // stdout holds the word pairs: the summary goes to stderr
        match args.format {
            OutputFormat::Json => eprintln!("{}", serde_json::to_string(&summary)?),
            OutputFormat::Text => eprintln!("{line}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Keeps the pairs in the data folder for `align` (see
/// [`dragoman::align::stored`]) and says where.
fn keep(args: &ImportArgs, kind: Kind, pairs: &[(String, String)]) -> anyhow::Result<ExitCode> {
    let named = languages_from_file_name(&args.dictionary);
    let by_kind = (kind == Kind::Cedict).then(|| (Lang::parse("zh").expect("a tag"), Lang::parse("en").expect("a tag")));
    let guessed = named.or(by_kind);
    let (Some(src), Some(tgt)) =
        (args.src_lang.clone().or_else(|| guessed.clone().map(|g| g.0)), args.tgt_lang.clone().or_else(|| guessed.map(|g| g.1)))
    else {
        anyhow::bail!(
            "{}: cannot tell the dictionary's languages from its name; give --src-lang and --tgt-lang",
            args.dictionary.display()
        );
    };
    let Some(folder) = DictionaryFolder::default_location() else {
        anyhow::bail!("no data folder: neither XDG_DATA_HOME nor HOME is set; give --output to write the word pairs to a file");
    };
    let file = args.dictionary.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let name = match kind {
        Kind::Cedict => "cedict".to_string(),
        _ => file.split('.').next().unwrap_or("dictionary").to_string(),
    };
    let path = folder.save(&name, &src, &tgt, pairs)?;
    let headwords = pairs.iter().map(|(w, _)| w.as_str()).collect::<std::collections::HashSet<_>>().len();
    let summary = Summary {
        pairs: pairs.len(),
        headwords,
        output: Some(path.display().to_string()),
        src_lang: Some(src.as_str().to_string()),
        tgt_lang: Some(tgt.as_str().to_string()),
    };
    let mut out = stdout();
    match args.format {
        OutputFormat::Json => json_line(&mut out, &summary)?,
        OutputFormat::Text => writeln!(
            out,
            "{} word pairs from {} headwords kept for {}-{} alignment (both ways) in {}",
            summary.pairs,
            summary.headwords,
            src.as_str(),
            tgt.as_str(),
            super::terminal::printable(&path.display().to_string())
        )?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
