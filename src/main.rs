//! The `dragoman` binary: parse the command line, run it, report errors.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let error_code = args.error_code();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) if cli::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dragoman: {}", cli::one_line(&error));
            ExitCode::from(error_code)
        }
    }
}
