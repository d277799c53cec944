//! The commands on a PostgreSQL memory (issue 11 part 2): the same
//! output, exit codes and JSON as on a SQLite file; many importers and
//! readers at once; a killed import; `memory copy` both ways. Each test
//! takes a fresh schema of the database `DRAGOMAN_TEST_POSTGRES` names
//! (`.ci/run` starts one); without it the test is skipped with a note,
//! and fails under CI.

use crate::{dragoman, sample, scratch, skip_visibly, stdout_of};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A fresh schema in the test database, as a memory URL.
pub fn postgres_memory(test: &str) -> Option<PathBuf> {
    let Ok(base) = std::env::var("DRAGOMAN_TEST_POSTGRES") else {
        assert!(std::env::var_os("CI").is_none(), "{test}: DRAGOMAN_TEST_POSTGRES is not set under CI (.ci/run sets it)");
        skip_visibly(&format!("{test} on PostgreSQL"), "DRAGOMAN_TEST_POSTGRES is not set");
        return None;
    };
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let schema = format!("cli_{}_{}", std::process::id(), COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst));
    let mut client = postgres::Client::connect(&base, postgres::NoTls).expect("the test database answers");
    client.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let joiner = if base.contains('?') { '&' } else { '?' };
    Some(PathBuf::from(format!("{base}{joiner}options=-csearch_path%3D{schema}")))
}

/// The memories a test runs on: a SQLite file, and a PostgreSQL schema if there is a test database.
fn both(dir: &Path, test: &str) -> Vec<PathBuf> {
    let mut out = vec![dir.join("m.sqlite")];
    out.extend(postgres_memory(test));
    out
}

/// What a run printed and how it ended, with the memory's name replaced
/// and the timings that differ from run to run left out.
fn run_on(memory: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = dragoman(memory).args(args).output().unwrap();
    let shown = memory.display().to_string();
    let clean = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).replace(&shown, "MEMORY");
        let seconds = regex::Regex::new(r#"("seconds":)[0-9.e-]+|in [0-9.]+ s|[0-9]+ pairs/s"#).unwrap();
        let when = regex::Regex::new(r"20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]+Z").unwrap();
        when.replace_all(&seconds.replace_all(&text, "TIME"), "WHEN").into_owned()
    };
    (output.status.code(), clean(&output.stdout), clean(&output.stderr))
}

#[test]
fn every_memory_command_prints_the_same_on_postgresql_as_on_sqlite() {
    let dir = scratch();
    let memories = both(dir.path(), "same_output");
    if memories.len() < 2 {
        return;
    }
    let names = dir.path().join("names.csv");
    std::fs::write(&names, "preferred,variant\nHaniyeh,Haniya\n").unwrap();
    let exported = |name: &str| dir.path().join(name).display().to_string();
    let (pairs, tmx) = (sample("pairs.csv").display().to_string(), exported("x.tmx"));
    let (ar, en) = (sample("delegation.ar.txt").display().to_string(), sample("delegation.en.txt").display().to_string());
    let query = "هنية يستقبل وفدا أمنيا مصريا في الدوحة ويبحث معه التهدئة وتبادل الأسرى";
    let (fix, corrected) = (exported("fix.csv"), "وتناول اللقاء ملف تبادل الأسرى، وآليات إدخال المساعدات الإنسانية عبر معبر رفح.");
    std::fs::write(&fix, format!("source,target\n{corrected},The meeting also covered prisoner exchanges and aid through Rafah.\n"))
        .unwrap();
    // (before the first import the two differ on purpose: a missing file is
    // "no such memory", a database without tables "empty, not a memory yet")
    let script: Vec<Vec<&str>> = vec![
        vec!["import", &pairs, "--src-lang", "ar", "--tgt-lang", "en", "--format", "json"],
        vec!["import", &pairs, "--src-lang", "ar", "--tgt-lang", "en"],
        vec!["stats", "--format", "json"],
        vec!["suggest", "--src-lang", "ar", "--format", "json", query],
        vec!["suggest", "--src-lang", "ar", query],
        vec!["suggest", "--src-lang", "en", "The talks resumed on Monday."],
        vec!["search", "الدوحة", "--format", "json"],
        vec!["search", "Doha"],
        vec!["export"],
        vec!["export", "--format", "csv"],
        vec!["align", &ar, &en, "--store", "--format", "json"],
        vec!["export", "--format", "tmx", "--output", &tmx],
        vec!["names", "import", names.to_str().unwrap()],
        vec!["names", "list"],
        vec!["names", "export"],
        vec!["suggest", "--src-lang", "ar", "--format", "json", query],
        vec!["reindex", "--format", "json"],
        vec!["stats"],
        vec!["search", "Haniya", "--format", "json"],
        // a corrected target supersedes the stored one (issue 11 part 4)
        vec!["import", &fix, "--src-lang", "ar", "--tgt-lang", "en", "--format", "json"],
        vec!["suggest", "--src-lang", "ar", "--all", "--format", "json", corrected],
        vec!["suggest", "--src-lang", "ar", "--all", corrected],
        vec!["search", "رفح", "--all"],
        vec!["export", "--format", "tsv"],
        vec!["export", "--all", "--format", "tsv"],
        vec!["stats", "--format", "json"],
        vec!["unit", "show", "5"],
    ];
    let mut runs: Vec<Vec<(Option<i32>, String, String)>> = Vec::new();
    for memory in &memories {
        runs.push(script.iter().map(|args| run_on(memory, args)).collect());
        // the TMX file written goes on to the next memory's run
        let _ = std::fs::remove_file(&tmx);
    }
    for (k, args) in script.iter().enumerate() {
        assert_eq!(runs[0][k], runs[1][k], "dragoman {}", args.join(" "));
    }
    // the script did something
    assert!(runs[0][0].1.contains("\"added\":40"), "{}", runs[0][0].1);
    assert!(runs[0][3].1.contains("\"score\":"), "{}", runs[0][3].1);
    assert!(runs[0][20].1.contains("\"superseded_by\":null") && runs[0][20].1.contains("\"superseded_by\":"), "{}", runs[0][20].1);
    assert!(runs[0][26].1.contains("superseded by #"), "{}", runs[0][26].1);
}

#[test]
fn a_pair_imported_by_one_translator_is_suggested_to_another_at_the_next_query() {
    let dir = scratch();
    for memory in both(dir.path(), "next_query") {
        stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
        let mine = dir.path().join("mine.tsv");
        std::fs::write(&mine, "source\ttarget\nاستؤنفت المحادثات في القاهرة صباح الاثنين.\tTalks resumed in Cairo on Monday morning.\n")
            .unwrap();
        // another desk's session, started before the import
        let other = dragoman(&memory)
            .args(["suggest", "--src-lang", "ar", "--format", "json", "استؤنفت المحادثات في القاهرة صباح الاثنين."])
            .output()
            .unwrap();
        assert!(!String::from_utf8_lossy(&other.stdout).contains("Cairo on Monday morning"));
        stdout_of(dragoman(&memory).arg("import").arg(&mine).args(["--src-lang", "ar", "--tgt-lang", "en"]));
        let out = stdout_of(dragoman(&memory).args([
            "suggest",
            "--src-lang",
            "ar",
            "--format",
            "json",
            "استؤنفت المحادثات في القاهرة صباح الاثنين.",
        ]));
        let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(first["matches"][0]["score"], 100, "{memory:?}: {out}");
        assert_eq!(first["matches"][0]["target"], "Talks resumed in Cairo on Monday morning.");
    }
}

/// A TSV of `count` pairs of its own, with `shared` pairs every file has.
fn pairs_file(dir: &Path, name: &str, count: usize, shared: usize) -> PathBuf {
    let mut text = String::from("source\ttarget\n");
    for k in 0..shared {
        text.push_str(&format!("Shared dispatch number {k} from the desk.\tDépêche commune numéro {k}.\n"));
    }
    for k in 0..count {
        text.push_str(&format!(
            "Dispatch {k} of {name} reports talks in Doha.\tLa dépêche {k} de {name} rapporte des pourparlers à Doha.\n"
        ));
    }
    let path = dir.join(format!("{name}.tsv"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn eight_importers_and_thirty_two_readers_at_once_lose_nothing_and_see_no_errors() {
    const IMPORTERS: usize = 8;
    const READERS: usize = 32;
    const PAIRS_EACH: usize = 500;
    const SHARED: usize = 50;
    let dir = scratch();
    for memory in both(dir.path(), "concurrency") {
        stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
        let files: Vec<PathBuf> = (0..IMPORTERS).map(|k| pairs_file(dir.path(), &format!("desk{k}"), PAIRS_EACH, SHARED)).collect();
        let done = std::sync::atomic::AtomicBool::new(false);
        let failures = std::sync::Mutex::new(Vec::<String>::new());
        let reads = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for k in 0..READERS {
                let (memory, done, failures, reads) = (&memory, &done, &failures, &reads);
                scope.spawn(move || {
                    let start = Instant::now();
                    // readers keep reading while the importers run, a few seconds at least
                    while !done.load(std::sync::atomic::Ordering::SeqCst) || start.elapsed() < Duration::from_secs(2) {
                        let args: Vec<String> = if k % 2 == 0 {
                            [
                                "suggest",
                                "--src-lang",
                                "en",
                                "--tgt-lang",
                                "fr",
                                &format!("Dispatch {k} of desk{} reports talks in Doha.", k % IMPORTERS),
                            ]
                            .map(String::from)
                            .to_vec()
                        } else {
                            ["search", "Doha", "--limit", "5"].map(String::from).to_vec()
                        };
                        let output = dragoman(memory).args(&args).output().unwrap();
                        // a query before any English unit is stored finds nothing (exit 1 would say so); errors are what count
                        if !output.stderr.is_empty() && !String::from_utf8_lossy(&output.stderr).contains("no units") {
                            failures.lock().unwrap().push(format!("{args:?}: {}", String::from_utf8_lossy(&output.stderr)));
                        }
                        reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                });
            }
            let importers: Vec<_> = files
                .iter()
                .map(|file| {
                    let memory = &memory;
                    let failures = &failures;
                    scope.spawn(move || {
                        let output =
                            dragoman(memory).arg("import").arg(file).args(["--src-lang", "en", "--tgt-lang", "fr"]).output().unwrap();
                        if !output.status.success() {
                            failures.lock().unwrap().push(format!("import {file:?}: {}", String::from_utf8_lossy(&output.stderr)));
                        }
                    })
                })
                .collect();
            for importer in importers {
                importer.join().unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        let failures = failures.into_inner().unwrap();
        assert!(failures.is_empty(), "{memory:?}: {} errors, the first: {}", failures.len(), failures[0]);
        assert!(reads.into_inner() >= READERS, "{memory:?}: the readers did not read");
        let stats: serde_json::Value = serde_json::from_str(&stdout_of(dragoman(&memory).args(["stats", "--format", "json"]))).unwrap();
        assert_eq!(stats["units"], 40 + IMPORTERS * PAIRS_EACH + SHARED, "{memory:?}");
        // every pair exactly once
        let exported = stdout_of(dragoman(&memory).args(["export", "--format", "tsv", "--src-lang", "en"]));
        let mut lines: Vec<&str> = exported.lines().skip(1).collect();
        let total = lines.len();
        lines.sort_unstable();
        lines.dedup();
        assert_eq!((total, lines.len()), (IMPORTERS * PAIRS_EACH + SHARED, IMPORTERS * PAIRS_EACH + SHARED), "{memory:?}");
        // and the index answers for the last of them
        let out = stdout_of(dragoman(&memory).args([
            "suggest",
            "--src-lang",
            "en",
            "--format",
            "json",
            "Dispatch 499 of desk7 reports talks in Doha.",
        ]));
        assert!(out.contains("\"score\":100"), "{memory:?}: {out}");
    }
}

#[test]
fn a_killed_import_leaves_the_postgres_memory_exactly_as_it_was() {
    let Some(memory) = postgres_memory("killed_import") else { return };
    let dir = scratch();
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let state = |memory: &Path| {
        let export = stdout_of(dragoman(memory).args(["export", "--format", "tmx"]));
        let stats = stdout_of(dragoman(memory).args(["stats", "--format", "json"]));
        (export, stats)
    };
    let before = state(&memory);
    let big = pairs_file(dir.path(), "big", 200_000, 0);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dragoman"))
        .env("DRAGOMAN_MEMORY", &memory)
        .arg("import")
        .arg(&big)
        .args(["--src-lang", "en", "--tgt-lang", "fr"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // wait until the import is writing: its connection holds the writers' lock
    let base = std::env::var("DRAGOMAN_TEST_POSTGRES").unwrap();
    let mut client = postgres::Client::connect(&base, postgres::NoTls).unwrap();
    let start = Instant::now();
    loop {
        let locks: i64 = client.query_one("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted", &[]).unwrap().get(0);
        if locks > 0 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "the import never started writing");
        assert!(child.try_wait().unwrap().is_none(), "the import ended before it was killed");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().unwrap().is_none(), "the import ended before it was killed");
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert_eq!(state(&memory), before);
    // and the memory takes the next import (the killed one's lock is gone with its connection)
    let small = pairs_file(dir.path(), "small", 100, 0);
    let report = stdout_of(dragoman(&memory).arg("import").arg(&small).args(["--src-lang", "en", "--tgt-lang", "fr", "--format", "json"]));
    assert!(report.contains("\"added\":100"), "{report}");
}

#[test]
fn memory_copy_goes_both_ways_and_the_copies_export_and_count_the_same() {
    let dir = scratch();
    let Some(pg) = postgres_memory("memory_copy") else { return };
    let first = dir.path().join("first.sqlite");
    stdout_of(dragoman(&first).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    let names = dir.path().join("names.csv");
    std::fs::write(&names, "preferred,variant\nHaniyeh,Haniya\n").unwrap();
    stdout_of(dragoman(&first).args(["names", "import"]).arg(&names));
    // a glossary, and a TMX whose header the export writes back
    let tbx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tbx/dispatch-basic.tbx");
    stdout_of(dragoman(&first).args(["glossary", "import"]).arg(&tbx));
    let tmx = dir.path().join("desk.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n<header creationtool=\"Wordfast\" creationtoolversion=\"8\" segtype=\"sentence\" o-tmf=\"WF TMX\" adminlang=\"en\" srclang=\"ar\" datatype=\"plaintext\">\n<note>Desk memory</note>\n<prop type=\"x-desk\">Middle East</prop>\n</header>\n<body>\n<tu><tuv xml:lang=\"ar\"><seg>انتهى الاجتماع.</seg></tuv><tuv xml:lang=\"en\"><seg>The meeting ended.</seg></tuv></tu>\n</body>\n</tmx>\n",
    )
    .unwrap();
    stdout_of(dragoman(&first).arg("import").arg(&tmx).args(["--tgt-lang", "en"]));
    let back = dir.path().join("back.sqlite");
    let copied = stdout_of(dragoman(&first).args(["memory", "copy", "--format", "json"]).arg(&first).arg(&pg));
    assert!(copied.contains("\"units\":41"), "{copied}");
    stdout_of(dragoman(&first).args(["memory", "copy"]).arg(&pg).arg(&back));
    let seen = |memory: &Path| {
        let stats = run_on(memory, &["stats", "--format", "json"]);
        [
            stats,
            run_on(memory, &["export", "--format", "tmx"]),
            run_on(memory, &["export", "--format", "csv"]),
            run_on(memory, &["names", "export"]),
            run_on(memory, &["glossary", "export", "--out", "-"]),
        ]
    };
    let original = seen(&first);
    // what is compared holds what was copied: the TMX's header, the glossary's terms
    assert!(original[1].1.contains("creationtool=\"Wordfast\"") && original[1].1.contains("Middle East"), "{}", original[1].1);
    assert!(original[4].0 == Some(0) && original[4].1.contains("hamas-political-bureau"), "{:?}", original[4]);
    assert_eq!(seen(&pg), original);
    assert_eq!(seen(&back), original);
    // a memory that holds units is not copied into
    let again = dragoman(&first).args(["memory", "copy"]).arg(&first).arg(&pg).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("holds 41 units already") && stderr.trim_end().lines().count() == 1, "{stderr}");
}
