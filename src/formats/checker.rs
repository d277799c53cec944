//! For the format tests: running an outside program that checks what a
//! writer wrote (xmllint, msgfmt, msgcat, translate-toolkit). Where the
//! program is not installed the check is skipped with a note, except
//! under CI (which installs them all), where that is a failure.

use std::process::{Command, Output};

/// What `command` printed; `None`, with a note saying that `unchecked`
/// goes unchecked and how to `install` the program, when it is not
/// installed outside CI.
pub(crate) fn output_of(command: &mut Command, unchecked: &str, install: &str) -> Option<Output> {
    let program = command.get_program().to_string_lossy().into_owned();
    match command.output() {
        Ok(output) => Some(output),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && std::env::var_os("CI").is_none() => {
            eprintln!("note: {program} is not installed, so {unchecked} ({install})");
            None
        }
        Err(e) => panic!("{program} is needed ({install}): {e}"),
    }
}

/// Whether `command` accepted what it checked (it exits 0), printing what
/// it said when it did not; `None` as for [`output_of`].
pub(crate) fn accepts(command: &mut Command, unchecked: &str, install: &str) -> Option<bool> {
    let output = output_of(command, unchecked, install)?;
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    Some(output.status.success())
}
