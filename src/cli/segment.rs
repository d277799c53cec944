//! `dragoman segment`: one sentence a line, or JSON lines with byte spans.

use super::{OutputFormat, json_line, parse_lang, read_text, stdout};
use dragoman::lang::Lang;
use dragoman::segment::Segmenter;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The text file to split (`-` for standard input).
    file: PathBuf,
    /// Language of the text (BCP-47); default: from the file name
    /// (x.ar.txt), then from its script.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Output: one sentence a line, or JSON lines {"text","start","end"}
    /// with byte offsets into the input.
    #[arg(long, value_enum, default_value_t)]
    format: OutputFormat,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = read_text(&args.file)?;
    let lang = Lang::resolve(args.lang.as_ref(), &args.file, &text, "--lang")?;
    let segmenter = Segmenter::new(&lang);
    let mut out = stdout();
    for sentence in segmenter.sentences(&text) {
        match args.format {
            OutputFormat::Text => writeln!(out, "{}", sentence.text.replace('\n', " "))?,
            OutputFormat::Json => json_line(&mut out, &sentence)?,
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
