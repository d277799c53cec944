//! For the format tests: running an outside program that checks what a
//! writer wrote (xmllint, msgfmt, msgcat, translate-toolkit). Where the
//! program is not installed the check is skipped with a note, except
//! under CI (which installs them all), where that is a failure.

use std::path::Path;
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

/// What `script` prints, run by python3 with translate-toolkit (tested
/// with 3.20.4; `pip install translate-toolkit`) on `args`; `None` when
/// python3 or translate-toolkit is missing (outside CI: skipped with a
/// note saying that `format` interoperability is not checked; under CI a
/// failure).
pub(crate) fn translate_toolkit(script: &str, args: &[&Path], format: &str) -> Option<String> {
    let output = Command::new("python3").arg("-c").arg(format!("import translate\n{script}")).args(args).output();
    let missing = match &output {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(o) => String::from_utf8_lossy(&o.stderr).contains("No module named 'translate'"),
    };
    if missing {
        assert!(std::env::var_os("CI").is_none(), "translate-toolkit is needed under CI (pip install translate-toolkit)");
        eprintln!(
            "note: python3 with translate-toolkit is not installed, so {format} interoperability is not checked (pip install translate-toolkit)"
        );
        return None;
    }
    let output = output.unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    Some(String::from_utf8(output.stdout).unwrap())
}
