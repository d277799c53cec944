//! Integration tests: drive the real `dragoman` binary on `samples/`.
//! One test binary, one module per area.

mod align;
mod analyze;
mod backends;
mod browser;
mod config;
mod glossary;
mod hostile;
mod interchange;
mod jobs;
mod memory;
mod multilingual;
mod names;
mod office;
mod pretranslate;
mod segment;
mod serve;
mod suggest;
mod units;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The binary under test, with the memory pointed at `memory`, and the
/// user's config and data folders at empty folders of the build's own
/// (see [`away_from_home`]).
pub fn dragoman(memory: &Path) -> Command {
    let mut cmd = Command::cargo_bin("dragoman").unwrap();
    away_from_home(&mut cmd);
    // dictionaries and lexicons kept by `dict import` and `align --store`
    // go to a data folder beside the memory: never the user's, nor shared
    // between tests
    let data = if memory.to_string_lossy().contains("://") {
        // a PostgreSQL memory has no folder: one of the build's own per command
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("pg-data-{}-{n}", std::process::id()))
    } else {
        memory.parent().unwrap_or(Path::new(".")).join("data")
    };
    cmd.env("DRAGOMAN_MEMORY", memory).env("XDG_DATA_HOME", data).current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Points the config and data folders (`XDG_CONFIG_HOME`,
/// `XDG_DATA_HOME`) away from the real home, at folders under the
/// build's scratch folder that hold no config file, so that no test
/// reads the user's config or writes their default memory.
pub fn away_from_home(cmd: &mut Command) {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    cmd.env("XDG_CONFIG_HOME", tmp.join("no-config")).env("XDG_DATA_HOME", tmp.join("no-data"));
}

/// A sample file's path.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples").join(name)
}

/// The bilingual sample pairs: (name, source language).
pub const PAIRS: &[(&str, &str)] = &[("delegation", "ar"), ("speech", "ar"), ("majlis", "fa"), ("briefing", "zh")];

/// The gold beads of a sample pair.
pub fn gold(name: &str) -> Vec<dragoman::align::Bead> {
    let text = std::fs::read_to_string(sample(&format!("{name}.gold.jsonl"))).unwrap();
    dragoman::align::score::read_beads(&text).unwrap()
}

/// Standard output of a successful run, as text.
pub fn stdout_of(cmd: &mut Command) -> String {
    let output = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(output).unwrap()
}

/// A fresh folder for memories and scratch files.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Says that a check was skipped, and why, where the person running
/// `cargo test` sees it. libtest captures `eprintln!` of a passing test,
/// so a skip noted that way is invisible; a write to the standard error
/// handle itself is not captured (tried with `cargo test` on Rust 1.95:
/// the note shows among the test results).
pub fn skip_visibly(what: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "note: skipped {what}: {why}");
}

/// Where the OASIS XLIFF schemas are: `$DRAGOMAN_SCHEMAS`, else
/// `../shared/data/schemas` beside the repository (as in CI); `None`
/// (with a visible note) where they are missing outside CI; under CI a
/// missing schema folder fails the test.
pub fn schemas() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("DRAGOMAN_SCHEMAS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/schemas"));
    if dir.join("catalog.xml").is_file() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "the XLIFF schemas are needed under CI: {} is missing", dir.display());
    skip_visibly("the XLIFF schema check", &format!("{} is missing (set DRAGOMAN_SCHEMAS)", dir.display()));
    None
}
