//! `dragoman dict import`: turn a FreeDict dictionary in dictd format
//! (what Debian's `dict-freedict-*` packages install in
//! `/usr/share/dictd/`) into the TSV word list that
//! `dragoman align --dictionary` reads.

use super::output::{Output, is_standard_stream};
use super::{OutputFormat, json_line, stdout};
use dragoman::align::dictd::{dictd_files, read_dictd};
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
    /// Convert a dictd dictionary (NAME.index with NAME.dict.dz or
    /// NAME.dict) to TSV word pairs: headword TAB translation.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
struct ImportArgs {
    /// The dictionary's .index or .dict(.dz) file.
    dictionary: PathBuf,
    /// Where to write the TSV (default, or `-`: standard output); the file
    /// is replaced only once complete.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// The summary: for reading, or JSON.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

#[derive(serde::Serialize)]
struct Summary {
    pairs: usize,
    headwords: usize,
    output: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let DictCommand::Import(args) = args.command;
    if is_standard_stream(&args.dictionary) {
        anyhow::bail!(
            "-: a dictd dictionary is two files (NAME.index and NAME.dict or NAME.dict.dz) and cannot come from standard input; give one of them"
        );
    }
    let (index, dict) = dictd_files(&args.dictionary);
    let pairs = read_dictd(&index, &dict)?;
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
    let summary = Summary { pairs: pairs.len(), headwords, output: output_name };
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
