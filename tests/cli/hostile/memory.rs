//! Hostile cases: the memory path. Another application's database or a
//! text file given as the memory is refused by every command and left
//! byte-identical (no WAL switch, no `-wal`, `-shm` or `-journal` file);
//! a URL never becomes a folder named `postgres:`; a read command never
//! creates a memory; and a memory on a read-only folder (a shared
//! read-only drive) is read without being written.

use super::super::*;
use std::time::SystemTime;

/// Another application's SQLite database: a table of notes with some
/// rows, the default (rollback) journal.
fn someapp_database(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);").unwrap();
    for k in 0..200 {
        conn.execute("INSERT INTO notes (body) VALUES (?1)", [format!("call the printer about order {k}")]).unwrap();
    }
}

/// The file's bytes and modification time, and which of SQLite's side
/// files lie beside it.
fn snapshot(path: &Path) -> (Vec<u8>, SystemTime, Vec<(String, bool)>) {
    let side = ["-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = path.as_os_str().to_os_string();
            name.push(suffix);
            (suffix.to_string(), Path::new(&name).exists())
        })
        .collect();
    (std::fs::read(path).unwrap(), std::fs::metadata(path).unwrap().modified().unwrap(), side)
}

/// One invocation of every command that opens the memory: those that
/// read and those that write.
fn every_memory_command(dir: &Path) -> Vec<Vec<String>> {
    let names = dir.join("names.csv");
    std::fs::write(&names, "preferred,variant\nHaniyeh,Haniya\n").unwrap();
    let pairs = sample("pairs.csv").display().to_string();
    let (ar, en) = (sample("delegation.ar.txt").display().to_string(), sample("delegation.en.txt").display().to_string());
    [
        // reads the memory for its lexicon
        vec!["align", &ar, &en],
        vec!["stats"],
        vec!["suggest", "--src-lang", "en", "The talks resumed on Monday."],
        vec!["search", "talks"],
        vec!["export"],
        vec!["import", &pairs, "--src-lang", "ar", "--tgt-lang", "en"],
        vec!["reindex"],
        vec!["names", "list"],
        vec!["names", "import", names.to_str().unwrap()],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(String::from).collect())
    .collect()
}

#[test]
fn another_apps_database_given_as_the_memory_is_refused_by_every_command_and_left_byte_identical() {
    let dir = scratch();
    let memory = dir.path().join("someapp.sqlite");
    someapp_database(&memory);
    let before = snapshot(&memory);
    for args in every_memory_command(dir.path()) {
        let output = dragoman(&memory).args(&args).assert().code(1).get_output().clone();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("someapp.sqlite: not a dragoman memory (another application's SQLite database)"), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        assert_eq!(snapshot(&memory), before, "{args:?} changed the database");
    }
    let notes: i64 = rusqlite::Connection::open(&memory).unwrap().query_row("SELECT count(*) FROM notes", [], |r| r.get(0)).unwrap();
    assert_eq!(notes, 200);
}

#[test]
fn a_text_file_given_as_the_memory_is_refused_and_left_unchanged() {
    let dir = scratch();
    let memory = dir.path().join("glossary.sqlite");
    std::fs::write(&memory, "source\ttarget\nهنية\tHaniyeh\n").unwrap();
    let before = snapshot(&memory);
    for args in every_memory_command(dir.path()) {
        dragoman(&memory)
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicates::str::contains("glossary.sqlite: not a dragoman memory (not a SQLite file at all)"));
        assert_eq!(snapshot(&memory), before, "{args:?} changed the file");
    }
}

#[test]
fn an_unreachable_postgres_memory_is_an_error_naming_it_without_its_password_and_never_a_folder() {
    let dir = scratch();
    // nothing listens on port 1
    let url = "postgres://user:secret@127.0.0.1:1/tm";
    let mut runs: Vec<assert_cmd::Command> = Vec::new();
    for args in every_memory_command(dir.path()) {
        let mut by_flag = Command::cargo_bin("dragoman").unwrap();
        by_flag.env_remove("DRAGOMAN_MEMORY").arg("--memory").arg(url).args(&args);
        let mut by_env = Command::cargo_bin("dragoman").unwrap();
        by_env.env("DRAGOMAN_MEMORY", "postgresql://user:secret@127.0.0.1:1/tm").args(&args);
        runs.extend([by_flag, by_env]);
    }
    let mut align = Command::cargo_bin("dragoman").unwrap();
    align.env("DRAGOMAN_MEMORY", url).arg("align").arg(sample("delegation.ar.txt")).arg(sample("delegation.en.txt")).arg("--store");
    runs.push(align);
    for mut run in runs {
        let work = tempfile::tempdir().unwrap();
        let output = run.current_dir(work.path()).assert().code(1).get_output().clone();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("://user@127.0.0.1:1/tm: "), "{stderr}");
        assert!(!stderr.contains("secret"), "the password was printed: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        let left: Vec<_> = std::fs::read_dir(work.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "{run:?} left {left:?}");
    }
}

#[test]
fn a_missing_memory_is_an_error_for_a_read_command_and_no_file_is_created() {
    let dir = scratch();
    let memory = dir.path().join("typo").join("m.sqlite");
    for args in [
        vec!["stats"],
        vec!["suggest", "--src-lang", "en", "Talks resumed."],
        vec!["search", "talks"],
        vec!["export"],
        vec!["names", "list"],
        vec!["reindex"],
    ] {
        dragoman(&memory)
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicates::str::contains("m.sqlite: no such memory; create one by importing into it"));
        assert!(!dir.path().join("typo").exists(), "{args:?} created the folder");
    }
    // the default memory, in the data folder
    let work = scratch();
    Command::cargo_bin("dragoman")
        .unwrap()
        .env_remove("DRAGOMAN_MEMORY")
        .env("XDG_CONFIG_HOME", work.path().join("config"))
        .env("XDG_DATA_HOME", work.path().join("data"))
        .current_dir(work.path())
        .arg("stats")
        .assert()
        .code(1)
        .stderr(predicates::str::contains("data/dragoman/default.sqlite: no such memory"));
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 0);
}

/// The same command run by an unprivileged user, when the tests run as
/// root (to whom permission bits are no obstacle), through `setpriv`;
/// `None` if that is not possible here.
fn as_unprivileged(memory: &Path, args: &[&str]) -> Option<assert_cmd::Command> {
    // SAFETY: geteuid has no preconditions and cannot fail
    if unsafe { libc::geteuid() } != 0 {
        let mut cmd = dragoman(memory);
        cmd.args(args);
        return Some(cmd);
    }
    let available = std::process::Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success());
    if !available {
        return None;
    }
    // nobody:nogroup, the customary unprivileged ids
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin("dragoman"))
        .env("DRAGOMAN_MEMORY", memory)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args);
    crate::away_from_home(&mut cmd);
    Some(cmd)
}

/// A memory with the sample pairs, in a folder made read-only (0555), its
/// file owned by the unprivileged user so that only the folder stops
/// writes (SQLite cannot create its `-wal` and `-shm` files there).
fn memory_in_a_read_only_folder(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let folder = dir.join("share");
    std::fs::create_dir(&folder).unwrap();
    let memory = folder.join("m.sqlite");
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    // SAFETY: geteuid has no preconditions and cannot fail
    if unsafe { libc::geteuid() } == 0 {
        std::os::unix::fs::chown(&memory, Some(65534), Some(65534)).unwrap();
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    memory
}

#[test]
fn a_memory_in_a_read_only_folder_is_read_by_stats_suggest_search_and_export_without_a_write() {
    let dir = scratch();
    let memory = memory_in_a_read_only_folder(dir.path());
    let source = "وتتهم عائلة الصدر نظام العقيد معمر القذافي بالمسؤولية عن اختفائه.";
    let before = snapshot(&memory);
    let reads: [(&[&str], &str); 4] = [
        (&["stats"], "units:     40"),
        (&["suggest", source], "100%"),
        (&["search", "Gaddafi"], "[[Gaddafi]]"),
        (&["export", "--format", "tsv"], "Sadr family"),
    ];
    let mut skipped = false;
    for (args, expected) in reads {
        // as this user: whatever the permissions, a read command writes nothing
        let out = stdout_of(dragoman(&memory).args(args));
        assert!(out.contains(expected), "{args:?}: {out}");
        assert_eq!(snapshot(&memory), before, "{args:?} wrote to the memory");
        match as_unprivileged(&memory, args) {
            Some(mut cmd) => {
                let out = stdout_of(&mut cmd);
                assert!(out.contains(expected), "{args:?} in a read-only folder: {out}");
                assert_eq!(snapshot(&memory), before, "{args:?} wrote to the memory");
            }
            None => skipped = true,
        }
    }
    if skipped {
        eprintln!("note: running as root without setpriv: the read-only folder part of this test was skipped (root writes anyway)");
    }
    // a write command is refused there, and leaves the memory as it was
    if let Some(mut cmd) =
        as_unprivileged(&memory, &["import", sample("pairs.csv").to_str().unwrap(), "--src-lang", "ar", "--tgt-lang", "en"])
    {
        cmd.assert().code(1);
        assert_eq!(snapshot(&memory), before);
    }
    writable_again(&memory);
}

/// Gives the folder its write permission back, so that the scratch
/// folder can be removed.
fn writable_again(memory: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(memory.parent().unwrap(), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn units_stored_without_the_index_on_a_read_only_share_are_still_found_with_a_note() {
    let dir = scratch();
    let memory = memory_in_a_read_only_folder(dir.path());
    // stored by another tool, without the retrieval index
    {
        use std::os::unix::fs::PermissionsExt;
        let folder = memory.parent().unwrap();
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
        rusqlite::Connection::open(&memory)
            .unwrap()
            .execute(
                "INSERT INTO units (src_lang, tgt_lang, source, target, document, created_at, pair_hash)
                 VALUES ('ar', 'en', 'زيتون أخضر من جنين', 'Green olives from Jenin', 'other tool', '2026-01-01T00:00:00Z', 77)",
                [],
            )
            .unwrap();
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let before = snapshot(&memory);
    let Some(mut search) = as_unprivileged(&memory, &["search", "Jenin"]) else {
        eprintln!("note: running as root without setpriv: this test was skipped (root writes anyway)");
        writable_again(&memory);
        return;
    };
    let output = search.assert().success().get_output().clone();
    assert!(String::from_utf8_lossy(&output.stdout).contains("Green olives from [[Jenin]]"));
    assert!(String::from_utf8_lossy(&output.stderr).contains("the retrieval index is behind and the memory cannot be written"));
    let mut suggest = as_unprivileged(&memory, &["suggest", "--format", "json", "زيتون أخضر من جنين"]).unwrap();
    let output = suggest.assert().success().get_output().clone();
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["matches"][0]["score"], 100, "{result}");
    assert_eq!(result["matches"][0]["target"], "Green olives from Jenin");
    assert_eq!(snapshot(&memory), before);
    writable_again(&memory);
}

#[test]
fn an_empty_memory_file_is_refused_by_a_read_command_skipped_by_align_and_made_a_memory_by_import() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    std::fs::write(&memory, "").unwrap();
    dragoman(&memory).arg("stats").assert().code(1).stderr(predicates::str::contains("m.sqlite: empty, not a memory yet"));
    dragoman(&memory).arg("align").arg(sample("delegation.ar.txt")).arg(sample("delegation.en.txt")).assert().success();
    assert_eq!(std::fs::metadata(&memory).unwrap().len(), 0);
    stdout_of(dragoman(&memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    assert!(stdout_of(dragoman(&memory).arg("stats")).contains("units:     40"));
}
