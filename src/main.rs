//! The `dragoman` binary: parse the command line, run it, report errors.

mod cli;
mod serve;

use clap::Parser;
use std::io::ErrorKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let error_code = args.error_code();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) if closed_output(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dragoman: {}", cli::one_line(&error));
            ExitCode::from(error_code)
        }
    }
}

/// True when the error is a closed pipe on the output (`dragoman export |
/// head -1`): the reader has all it wanted, which is a normal end. The
/// CSV and JSON writers' errors hide the I/O error they wrap (neither
/// gives it as its `source`), so they are looked into as well.
fn closed_output(error: &anyhow::Error) -> bool {
    cli::is_broken_pipe(error)
        || error.chain().any(|cause| {
            cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == ErrorKind::BrokenPipe))
                || cause.downcast_ref::<serde_json::Error>().is_some_and(|e| e.io_error_kind() == Some(ErrorKind::BrokenPipe))
        })
}
