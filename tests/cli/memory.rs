//! Import, suggest, export and the memory file's safety.

use super::*;

fn import_pairs(memory: &Path) -> String {
    stdout_of(dragoman(memory).arg("import").arg(sample("pairs.csv")).args(["--src-lang", "ar", "--tgt-lang", "en"]))
}

fn pair_count(memory: &Path) -> i64 {
    let conn = rusqlite::Connection::open(memory).unwrap();
    conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0)).unwrap()
}

/// The first pair whose source is one line (a multi-line source is more
/// than one query).
fn first_one_line_pair() -> (String, String) {
    let mut reader = csv::Reader::from_path(sample("pairs.csv")).unwrap();
    let record = reader.records().map(Result::unwrap).find(|r| !r[0].contains('\n')).unwrap();
    (record[0].to_string(), record[1].to_string())
}

#[test]
fn suggest_on_a_stored_source_gives_100_and_its_target() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_pairs(&memory);
    let (source, target) = first_one_line_pair();
    let out = stdout_of(dragoman(&memory).args(["suggest", "--format", "json"]).arg(&source));
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["matches"][0]["score"], 100);
    assert_eq!(first["matches"][0]["target"], target.as_str());
}

#[test]
fn importing_the_same_file_again_adds_nothing() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let first = import_pairs(&memory);
    assert!(!first.contains(" 0 pairs added"), "{first}");
    let count = pair_count(&memory);
    let second = import_pairs(&memory);
    assert!(second.contains(" 0 pairs added"), "{second}");
    assert_eq!(pair_count(&memory), count);
}

#[test]
fn a_malformed_record_names_file_and_record_and_changes_nothing() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_pairs(&memory);
    let before = pair_count(&memory);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "source,target\nمرحبا,Hello\nشكرا,Thanks\nواحد,one,extra\n").unwrap();
    dragoman(&memory)
        .arg("import")
        .arg(&bad)
        .args(["--src-lang", "ar", "--tgt-lang", "en"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("bad.csv: record 4"));
    assert_eq!(pair_count(&memory), before);
    let conn = rusqlite::Connection::open(&memory).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn a_memory_from_this_version_opens_and_a_newer_one_is_refused() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_pairs(&memory);
    let stats = stdout_of(dragoman(&memory).args(["stats", "--format", "json"]));
    let stats: serde_json::Value = serde_json::from_str(stats.trim()).unwrap();
    assert_eq!(stats["units"].as_i64().unwrap(), pair_count(&memory));
    let version = stats["schema_version"].as_i64().unwrap();
    rusqlite::Connection::open(&memory).unwrap().pragma_update(None, "user_version", version + 1).unwrap();
    dragoman(&memory).arg("stats").assert().code(1).stderr(predicates::str::contains("newer than this dragoman"));
}

#[test]
fn export_round_trips_through_import() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    import_pairs(&memory);
    let exported = dir.path().join("out.tsv");
    dragoman(&memory).args(["export", "--format", "tsv", "--output"]).arg(&exported).assert().success();
    let other = dir.path().join("other.sqlite");
    stdout_of(dragoman(&other).arg("import").arg(&exported).args(["--src-lang", "ar", "--tgt-lang", "en"]));
    assert_eq!(pair_count(&other), pair_count(&memory));
}
