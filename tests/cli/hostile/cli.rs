//! Hostile cases of the command line itself: standard output closed by
//! the reader (`dragoman export | head -1`), an output file whose writer
//! is killed midway, and control characters from documents or the memory
//! on their way to a terminal.

use super::super::*;
use assert_cmd::cargo::CommandCargoExt;
use std::process::{Command as Process, Output, Stdio};

/// A memory with the sample pairs and house style, and a few hundred
/// dispatch lines, so that every printing command has something to print.
fn busy_memory(dir: &Path) -> PathBuf {
    let memory = dir.join("m.sqlite");
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let mut tsv = String::from("source\ttarget\n");
    for n in 1..=400 {
        tsv.push_str(&format!(
            "Ismail Haniyeh met the delegation on day {n} of the talks.\tIsmaïl Haniyeh a rencontré la délégation le jour {n}.\n"
        ));
    }
    std::fs::write(dir.join("days.tsv"), tsv).unwrap();
    stdout_of(dragoman(&memory).arg("import").arg(dir.join("days.tsv")).args(["--src-lang", "en", "--tgt-lang", "fr"]));
    stdout_of(dragoman(&memory).args(["names", "import"]).arg(sample("house-style.csv")));
    memory
}

/// Runs the binary with its standard output a pipe whose reading end is
/// already closed, so that its first write fails with a broken pipe
/// whatever the timing.
fn with_closed_stdout(memory: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = Process::cargo_bin("dragoman").unwrap();
    // align keeps what it learns in the data folder: beside the memory, never the user's
    let data = memory.parent().unwrap_or(Path::new(".")).join("data");
    cmd.env("DRAGOMAN_MEMORY", memory).env("XDG_DATA_HOME", data).current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    cmd.stdin(Stdio::null()).stdout(writer).stderr(Stdio::piped()).output().unwrap()
}

#[test]
fn a_closed_standard_output_ends_every_printing_command_quietly() {
    let dir = scratch();
    let memory = busy_memory(dir.path());
    let text = dir.path().join("dispatch.en.txt");
    std::fs::write(&text, "Ismail Haniya met the delegation on day 3 of the talks.\nHaniya said so.\n".repeat(50)).unwrap();
    let text = text.to_str().unwrap();
    let (ar, en) = (sample("delegation.ar.txt"), sample("delegation.en.txt"));
    let folder = dir.path().join("pair");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&ar, folder.join("delegation.ar.txt")).unwrap();
    std::fs::copy(&en, folder.join("delegation.en.txt")).unwrap();
    let (ar, en, folder) = (ar.to_str().unwrap(), en.to_str().unwrap(), folder.to_str().unwrap());
    let (style, pairs) = (sample("house-style.csv"), sample("pairs.csv"));
    let (style, pairs) = (style.to_str().unwrap(), pairs.to_str().unwrap());
    let commands: &[&[&str]] = &[
        &["segment", folder],
        &["segment", folder, "--format", "json"],
        &["align", folder],
        &["align", folder, "--format", "json"],
        &["export", "--format", "csv"],
        &["export", "--format", "tsv"],
        &["export", "--format", "tmx"],
        &["segment", text],
        &["segment", text, "--format", "json"],
        &["segment", "--export-rules"],
        &["align", ar, en],
        &["align", ar, en, "--format", "json"],
        &["align", ar, en, "--format", "tsv"],
        &["align", ar, en, "--format", "html"],
        &["suggest", "--src-lang", "en", "--file", text],
        &["suggest", "--src-lang", "en", "--file", text, "--format", "json"],
        &["search", "delegation"],
        &["search", "delegation", "--format", "json"],
        &["stats"],
        &["stats", "--format", "json"],
        &["names", "list"],
        &["names", "list", "--format", "json"],
        &["names", "export"],
        &["names", "scan", text, "--all"],
        &["names", "scan", text, "--all", "--format", "json"],
        &["names", "check", text, "--format", "json"],
        &["names", "cluster", text],
        &["names", "fix", text],
        // the commands that change the memory print a summary after it
        &["names", "import", style],
        &["import", pairs, "--src-lang", "ar", "--tgt-lang", "en"],
        &["reindex"],
    ];
    for args in commands {
        let output = with_closed_stdout(&memory, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        // names check exits 1 for "found names off the house style"
        let expected = if args.starts_with(&["names", "check"]) { [0, 1] } else { [0, 0] };
        assert!(expected.contains(&output.status.code().unwrap()), "{args:?}: {:?} {stderr}", output.status);
        assert!(!stderr.contains("Broken pipe") && !stderr.contains("os error 32"), "{args:?}: {stderr}");
        if !args.starts_with(&["names", "fix"]) {
            assert_eq!(stderr, "", "{args:?}");
        }
    }
}

#[test]
fn export_piped_into_a_reader_that_stops_after_one_line_exits_0() {
    let dir = scratch();
    let memory = busy_memory(dir.path());
    for format in ["csv", "tsv", "tmx"] {
        let mut child = Process::cargo_bin("dragoman")
            .unwrap()
            .env("DRAGOMAN_MEMORY", &memory)
            .args(["export", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
        assert!(!first.is_empty(), "{format}");
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{format}");
    }
}

/// How many units the killed export is given: enough that its TMX takes
/// a good fraction of a second to write, so that it is caught midway.
const UNITS_TO_KILL: usize = 40_000;

/// Regression: `export -o` truncated the old file before writing, so
/// that a kill (or a full disk) midway left a broken file where the old
/// one had been. A SIGKILL cannot be cleaned up after: at most the one
/// temporary file of the killed process, `.NAME.PID.dragoman-tmp`, stays.
#[cfg(target_os = "linux")]
#[test]
fn an_export_killed_midway_leaves_the_old_file_byte_identical() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let mut tsv = String::from("source\ttarget\n");
    for n in 0..UNITS_TO_KILL {
        tsv.push_str(&format!("Dispatch {n} on the talks in Doha.\tDépêche {n} sur les pourparlers à Doha.\n"));
    }
    std::fs::write(dir.path().join("many.tsv"), tsv).unwrap();
    stdout_of(dragoman(&memory).arg("import").arg(dir.path().join("many.tsv")).args(["--src-lang", "en", "--tgt-lang", "fr"]));
    let target = dir.path().join("out.tmx");
    let old = b"<?xml version=\"1.0\"?>\n<!-- last week's export -->\n".repeat(100);
    std::fs::write(&target, &old).unwrap();

    let mut child = Process::cargo_bin("dragoman")
        .unwrap()
        .env("DRAGOMAN_MEMORY", &memory)
        .args(["export", "--format", "tmx", "-o"])
        .arg(&target)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let temp = dir.path().join(format!(".out.tmx.{}.dragoman-tmp", child.id()));
    let start = std::time::Instant::now();
    // wait until the export has written a good part of its file
    while std::fs::metadata(&temp).map_or(0, |m| m.len()) < 256 * 1024 {
        assert!(child.try_wait().unwrap().is_none(), "the export finished before it could be killed");
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "the export wrote nothing");
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), old);
    let mut left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.retain(|n| !n.starts_with("m.sqlite") && n != "many.tsv" && n != "out.tmx");
    assert_eq!(left, [temp.file_name().unwrap().to_string_lossy()]);

    // the next export replaces the old file and leaves no temporary file of its own
    dragoman(&memory).args(["export", "--format", "tmx", "-o"]).arg(&target).assert().success();
    assert!(std::fs::read_to_string(&target).unwrap().contains("Dispatch 39999 on the talks in Doha."));
    let after = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with("dragoman-tmp"))
        .count();
    assert_eq!(after, 1, "only the killed export's temporary file");
}

/// Screen-clearing escape and a right-to-left override, as a hostile
/// document or memory would carry them.
const ESCAPE: &str = "\u{1b}[2J";
const OVERRIDE: char = '\u{202e}';

/// Asserts that text printed for a terminal holds neither raw, and does
/// show the escape (so that nothing was silently dropped).
fn assert_shown_not_obeyed(what: &str, out: &str) {
    assert!(!out.contains('\u{1b}') && !out.contains(OVERRIDE), "{what} printed a raw control: {out:?}");
    assert!(out.contains("\\u{1b}[2J"), "{what} dropped the escape instead of showing it: {out:?}");
}

/// Regression: segment, align, names and stats printed control
/// characters and bidi overrides from documents, file names and the
/// memory raw (terminal escape injection); JSON output keeps the text
/// as it is (JSON escapes controls itself).
#[test]
fn control_characters_from_documents_and_memories_are_not_printed_raw() {
    let dir = scratch();
    let memory = dir.path().join(format!("m{ESCAPE}.sqlite"));
    let doc = dir.path().join("hostile.en.txt");
    let text = format!("Ismail Haniya{ESCAPE} met Qaddafi in Doha.{OVERRIDE} The talks resumed.\n");
    std::fs::write(&doc, &text).unwrap();

    let out = stdout_of(dragoman(&memory).arg("segment").arg(&doc));
    assert_shown_not_obeyed("segment", &out);
    assert!(out.contains("\\u{202e}"), "{out}");
    let json = stdout_of(dragoman(&memory).args(["segment", "--format", "json"]).arg(&doc));
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert!(first["text"].as_str().unwrap().contains(ESCAPE), "JSON keeps the text as it is: {json}");

    let folder = dir.path().join("docs");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join(format!("n{ESCAPE}.en.txt")), &text).unwrap();
    assert_shown_not_obeyed("segment FOLDER", &stdout_of(dragoman(&memory).arg("segment").arg(&folder)));

    let translation = dir.path().join("hostile.fr.txt");
    std::fs::write(&translation, format!("Ismail Haniyeh{ESCAPE} a rencontré Kadhafi.{OVERRIDE} Les pourparlers ont repris.\n")).unwrap();
    assert_shown_not_obeyed("align", &stdout_of(dragoman(&memory).arg("align").arg(&doc).arg(&translation)));

    let names = dir.path().join("names.txt");
    std::fs::write(&names, format!("Ismail Haniya{ESCAPE}\nIsmail Haniyeh{OVERRIDE}\n")).unwrap();
    assert_shown_not_obeyed("names cluster", &stdout_of(dragoman(&memory).args(["names", "cluster"]).arg(&names)));

    // a file name carries the escape into every finding
    let named = dir.path().join(format!("note{ESCAPE}.en.txt"));
    std::fs::write(&named, "Haniya met Qaddafi.\n").unwrap();
    stdout_of(dragoman(&memory).args(["names", "import"]).arg(sample("house-style.csv")));
    assert_shown_not_obeyed("names scan", &stdout_of(dragoman(&memory).args(["names", "scan", "--all"]).arg(&named)));
    let check = dragoman(&memory).args(["names", "check"]).arg(&named).assert().code(1).get_output().stdout.clone();
    assert_shown_not_obeyed("names check", &String::from_utf8(check).unwrap());
    let fix = dragoman(&memory).args(["names", "fix"]).arg(&named).assert().success().get_output().stderr.clone();
    assert_shown_not_obeyed("names fix (the changes on stderr)", &String::from_utf8(fix).unwrap());
    assert_shown_not_obeyed("stats", &stdout_of(dragoman(&memory).arg("stats")));

    // a house style stored by an older version, before names were checked at the door
    let conn = rusqlite::Connection::open(&memory).unwrap();
    conn.execute("UPDATE name_style SET preferred = preferred || char(27) || '[2J' || char(8238) WHERE id = 1", []).unwrap();
    conn.execute("UPDATE name_variants SET variant = variant || char(27) || '[2J' WHERE style_id = 2", []).unwrap();
    drop(conn);
    assert_shown_not_obeyed("names list", &stdout_of(dragoman(&memory).args(["names", "list"])));
}

/// Every numeric flag given a value out of its range, NaN or no number
/// at all is a usage error (exit 2, clap's message naming the flag),
/// never a run that fails with exit 1 or a panic.
#[test]
fn every_numeric_flag_out_of_range_or_nan_is_a_usage_error() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let (ar, en) = (sample("delegation.ar.txt"), sample("delegation.en.txt"));
    let (ar, en) = (ar.to_str().unwrap(), en.to_str().unwrap());
    let cases: &[(&[&str], &str, &[&str])] = &[
        (&["segment", en], "--jobs", &["0", "70000", "NaN", "two"]),
        (&["suggest", "hello"], "--min-score", &["101", "-1", "NaN", "50.5"]),
        (&["suggest", "hello"], "--limit", &["0", "-3", "NaN", "99999999999999999999999"]),
        (&["search", "hello"], "--limit", &["0", "-3", "NaN", "1e3"]),
        (&["import", en], "--wait", &["-1", "NaN", "1.5", "99999999999999999999999"]),
        (&["align", ar, en], "--flag-below", &["2", "-0.1", "NaN", "inf"]),
    ];
    for (command, flag, values) in cases {
        for value in *values {
            let output = dragoman(&memory).args(*command).arg(format!("{flag}={value}")).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command:?} {flag}={value}: {stderr}");
            assert!(stderr.contains(&format!("invalid value '{value}' for '{flag}")), "{command:?} {flag}={value}: {stderr}");
        }
    }
    assert!(!memory.exists(), "a usage error touched the memory");
}
