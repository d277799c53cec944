//! Correcting the memory by hand: `dragoman unit show / edit / delete /
//! restore / history`, seen through suggest, search and export.

use super::*;

const PAIRS: &[(&str, &str)] = &[
    ("The talks resumed on Monday.", "Les pourparlers ont reprit lundi."),
    ("The border crossing stayed closed all week.", "Le point de passage est resté fermé toute la semaine."),
];

fn memory_with_pairs(dir: &Path) -> PathBuf {
    let memory = dir.join("m.sqlite");
    let file = dir.join("dispatch.tsv");
    let mut text = String::from("source\ttarget\n");
    for (s, t) in PAIRS {
        text.push_str(&format!("{s}\t{t}\n"));
    }
    std::fs::write(&file, text).unwrap();
    stdout_of(dragoman(&memory).arg("import").arg(&file).args(["--src-lang", "en", "--tgt-lang", "fr"]));
    memory
}

fn json(cmd: &mut assert_cmd::Command) -> serde_json::Value {
    serde_json::from_str(stdout_of(cmd).lines().next().unwrap()).unwrap()
}

fn top_target(memory: &Path, query: &str) -> Option<String> {
    let result = json(dragoman(memory).args(["suggest", "--format", "json", "--src-lang", "en"]).arg(query));
    result["matches"].as_array().unwrap().first().map(|m| m["target"].as_str().unwrap().to_string())
}

fn id_of(memory: &Path, source: &str) -> i64 {
    let export = stdout_of(dragoman(memory).args(["export", "--format", "tsv"]));
    assert!(export.contains(source));
    let hit = json(dragoman(memory).args(["search", "--format", "json"]).arg(source));
    hit["hits"][0]["id"].as_i64().unwrap()
}

#[test]
fn an_edited_target_is_suggested_and_the_old_one_kept_in_the_history() {
    let dir = scratch();
    let memory = memory_with_pairs(dir.path());
    let id = id_of(&memory, "The talks resumed on Monday.");
    let edited = json(
        dragoman(&memory)
            .env("USER", "reviser")
            .args(["unit", "edit", &id.to_string(), "--format", "json"])
            .args(["--target", "Les pourparlers ont repris lundi."]),
    );
    assert_eq!(edited["target"], "Les pourparlers ont repris lundi.");
    assert_eq!(top_target(&memory, "The talks resumed on Monday.").as_deref(), Some("Les pourparlers ont repris lundi."));
    let shown = json(dragoman(&memory).args(["unit", "show", &id.to_string(), "--format", "json"]));
    assert_eq!(shown["target"], "Les pourparlers ont repris lundi.");
    assert_eq!(shown["changed_by"], "reviser");
    // the old wording is found no more
    let found = json(dragoman(&memory).args(["search", "--format", "json", "reprit"]));
    assert!(found["hits"].as_array().unwrap().is_empty(), "{found}");
    let history = json(dragoman(&memory).args(["unit", "history", &id.to_string(), "--format", "json"]));
    let entry = &history["history"][0];
    assert_eq!((entry["action"].as_str(), entry["who"].as_str()), (Some("edit"), Some("reviser")));
    assert_eq!(entry["old_target"], "Les pourparlers ont reprit lundi.");
    assert!(entry["at"].as_str().unwrap().starts_with("20"));
    let text = stdout_of(dragoman(&memory).args(["unit", "history", &id.to_string()]));
    assert!(
        text.contains("edit") && text.contains("by reviser") && text.contains("old target: Les pourparlers ont reprit lundi."),
        "{text}"
    );
}

#[test]
fn a_deleted_unit_is_neither_suggested_found_nor_exported_until_restored() {
    let dir = scratch();
    let memory = memory_with_pairs(dir.path());
    let query = "The border crossing stayed closed all week.";
    let id = id_of(&memory, query);
    stdout_of(dragoman(&memory).args(["unit", "delete", &id.to_string()]));
    assert_eq!(top_target(&memory, query), None);
    let found = json(dragoman(&memory).args(["search", "--format", "json", "crossing"]));
    assert!(found["hits"].as_array().unwrap().is_empty(), "{found}");
    let export = stdout_of(dragoman(&memory).args(["export", "--format", "tsv"]));
    assert!(!export.contains("crossing") && export.contains("talks"), "{export}");
    dragoman(&memory).args(["unit", "show", &id.to_string()]).assert().code(1).stderr(predicates::str::contains("deleted"));

    let restored = json(dragoman(&memory).args(["unit", "restore", &id.to_string(), "--format", "json"]));
    assert_eq!(restored["id"], id);
    assert_eq!(top_target(&memory, query).as_deref(), Some(PAIRS[1].1));
    assert!(stdout_of(dragoman(&memory).args(["export", "--format", "tsv"])).contains("crossing"));
    let history = json(dragoman(&memory).args(["unit", "history", &id.to_string(), "--format", "json"]));
    let actions: Vec<_> = history["history"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["delete", "restore"]);
    assert_eq!(history["history"][0]["old_source"], query);
}

#[test]
fn an_unknown_unit_id_is_a_one_line_error() {
    let dir = scratch();
    let memory = memory_with_pairs(dir.path());
    for action in ["show", "delete", "restore", "history"] {
        let out = dragoman(&memory).args(["unit", action, "4242"]).assert().code(1).get_output().clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{action}: {stderr}");
        assert!(stderr.contains("unit 4242: no such unit"), "{action}: {stderr}");
    }
    dragoman(&memory).args(["unit", "edit", "4242", "--target", "x"]).assert().code(1).stderr(predicates::str::contains("no such unit"));
}

fn import_report(memory: &Path, file: &Path) -> serde_json::Value {
    json(dragoman(memory).arg("import").arg(file).args(["--format", "json"]))
}

fn export_tmx(memory: &Path) -> String {
    stdout_of(dragoman(memory).args(["export", "--format", "tmx"]))
}

#[test]
fn undoing_an_import_batch_that_added_and_updated_units_gives_back_the_memory_before_it() {
    let dir = scratch();
    let memory = dir.path().join("m.sqlite");
    let first = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/interchange/multi.tmx");
    let a = import_report(&memory, &first);
    let after_a = export_tmx(&memory);
    // B: a later change of two stored units, and a unit not stored yet
    let text = std::fs::read_to_string(&first).unwrap();
    let extra = r#"<tu tuid="d-9"><tuv xml:lang="ar"><seg>بدأت المحادثات صباح الجمعة.</seg></tuv><tuv xml:lang="en-US"><seg>The talks began on Friday morning.</seg></tuv></tu>
  </body>"#;
    let second = dir.path().join("second.tmx");
    std::fs::write(&second, text.replace("changedate=\"20240302T101010Z\"", "changedate=\"20240405T000000Z\"").replace("</body>", extra))
        .unwrap();
    let b = import_report(&memory, &second);
    assert_eq!((b["added"].as_i64(), b["updated"].as_i64()), (Some(1), Some(1)), "{b}");
    assert_ne!(export_tmx(&memory), after_a);
    let (batch_a, batch_b) = (a["batch"].as_i64().unwrap(), b["batch"].as_i64().unwrap());
    assert_ne!(batch_a, batch_b);

    let listed = json(dragoman(&memory).args(["import", "--list", "--format", "json"]));
    let rows: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["id"].as_i64().unwrap(), b["added"].as_i64().unwrap(), b["updated"].as_i64().unwrap()))
        .collect();
    assert_eq!(rows, [(batch_a, a["added"].as_i64().unwrap(), 0), (batch_b, 1, 1)]);
    assert!(listed[1]["file"].as_str().unwrap().ends_with("second.tmx"));

    let undone = json(dragoman(&memory).args(["import", "--undo", &batch_b.to_string(), "--format", "json"]));
    assert_eq!((undone["removed"].as_i64(), undone["restored"].as_i64()), (Some(1), Some(1)));
    assert_eq!(export_tmx(&memory), after_a);
    assert_eq!(top_target_ar(&memory, "بدأت المحادثات صباح الجمعة."), None);
    // undone once only; an unknown batch is a one-line error
    dragoman(&memory).args(["import", "--undo", &batch_b.to_string()]).assert().code(1).stderr(predicates::str::contains("undone already"));
    dragoman(&memory)
        .args(["import", "--undo", "777"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("import batch 777: no such batch"));
    let listed = stdout_of(dragoman(&memory).args(["import", "--list"]));
    assert!(listed.lines().nth(1).unwrap().contains("undone"), "{listed}");
}

fn top_target_ar(memory: &Path, query: &str) -> Option<String> {
    let result = json(dragoman(memory).args(["suggest", "--format", "json", "--src-lang", "ar"]).arg(query));
    result["matches"].as_array().unwrap().first().map(|m| m["target"].as_str().unwrap().to_string())
}

#[test]
fn stats_break_the_units_down_and_count_recent_corrections() {
    let dir = scratch();
    let memory = memory_with_pairs(dir.path());
    let id = id_of(&memory, "The talks resumed on Monday.");
    stdout_of(dragoman(&memory).args(["unit", "edit", &id.to_string(), "--target", "Les pourparlers ont repris lundi."]));
    let stats = json(dragoman(&memory).args(["stats", "--format", "json"]));
    assert_eq!(stats["units"], 2);
    assert!(stats["by_document"][0]["name"].as_str().unwrap().ends_with("dispatch.tsv"));
    assert_eq!(stats["by_document"][0]["units"], 2);
    assert_eq!(stats["by_month"].as_array().unwrap().len(), 1);
    assert_eq!((stats["edited_recently"].as_i64(), stats["deleted_recently"].as_i64()), (Some(1), Some(0)));
    let text = stdout_of(dragoman(&memory).args(["stats"]));
    assert!(text.contains("by author:") && text.contains("last 30 days: 1 units edited, 0 deleted"), "{text}");
}

/// Imports `pairs` (en → fr) from a TSV file named `name`; returns the batch id.
fn import_pairs(memory: &Path, dir: &Path, name: &str, pairs: &[(&str, &str)]) -> i64 {
    let file = dir.join(name);
    let rows: String = pairs.iter().map(|(s, t)| format!("{s}\t{t}\n")).collect();
    std::fs::write(&file, format!("source\ttarget\n{rows}")).unwrap();
    let report = json(dragoman(memory).arg("import").arg(&file).args(["--src-lang", "en", "--tgt-lang", "fr", "--format", "json"]));
    report["batch"].as_i64().unwrap()
}

#[test]
fn a_corrected_target_supersedes_the_old_one_which_only_all_shows_and_deleting_it_brings_back() {
    let dir = scratch();
    let memory = memory_with_pairs(dir.path());
    let old_id = id_of(&memory, "The talks resumed on Monday.");
    let batch = import_pairs(&memory, dir.path(), "fix.tsv", &[("The talks resumed on Monday.", "Les pourparlers ont repris lundi.")]);
    let new_id = id_of(&memory, "The talks resumed on Monday.");
    assert_ne!(new_id, old_id);

    // suggest: the correction alone; with --all the old one below it, marked
    let query = "The talks resumed on Monday.";
    let plain = json(dragoman(&memory).args(["suggest", "--format", "json", "--src-lang", "en"]).arg(query));
    let targets: Vec<_> = plain["matches"].as_array().unwrap().iter().map(|m| m["target"].as_str().unwrap()).collect();
    assert_eq!(targets, ["Les pourparlers ont repris lundi."]);
    let all = json(dragoman(&memory).args(["suggest", "--all", "--format", "json", "--src-lang", "en"]).arg(query));
    let rows: Vec<_> = all["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_i64().unwrap(), m["superseded_by"].as_i64(), m["score"].as_i64()))
        .collect();
    assert_eq!(rows, [(new_id, None, Some(100)), (old_id, Some(new_id), Some(100))]);
    let text = stdout_of(dragoman(&memory).args(["suggest", "--all", "--color", "never", "--src-lang", "en"]).arg(query));
    assert!(text.contains(&format!("superseded by #{new_id}")), "{text}");

    // search and export leave it out unless --all
    let found = json(dragoman(&memory).args(["search", "--format", "json", "pourparlers"]));
    assert_eq!(found["hits"].as_array().unwrap().len(), 1, "{found}");
    let found = json(dragoman(&memory).args(["search", "--all", "--format", "json", "pourparlers"]));
    assert_eq!(found["hits"][1]["superseded_by"].as_i64(), Some(new_id), "{found}");
    let text = stdout_of(dragoman(&memory).args(["search", "--all", "pourparlers"]));
    assert!(text.contains(&format!("[superseded by #{new_id}]")), "{text}");
    assert!(!stdout_of(dragoman(&memory).args(["export", "--format", "tsv"])).contains("reprit"));
    assert!(stdout_of(dragoman(&memory).args(["export", "--all", "--format", "tsv"])).contains("reprit"));
    assert!(stdout_of(dragoman(&memory).arg("stats")).contains("superseded: 1 "));
    let stats = json(dragoman(&memory).args(["stats", "--format", "json"]));
    assert_eq!(stats["stats"]["superseded"].as_i64().or(stats["superseded"].as_i64()), Some(1), "{stats}");

    // undoing the correction's import, or deleting it, makes the old target current again
    dragoman(&memory).args(["import", "--undo", &batch.to_string()]).assert().success();
    assert_eq!(top_target(&memory, query).as_deref(), Some("Les pourparlers ont reprit lundi."));
    assert!(stdout_of(dragoman(&memory).arg("stats")).contains("superseded: 0 "));
    import_pairs(&memory, dir.path(), "fix2.tsv", &[("The talks resumed on Monday.", "Les pourparlers ont repris lundi.")]);
    let newest = id_of(&memory, "The talks resumed on Monday.");
    assert!(newest > new_id);
    dragoman(&memory).args(["unit", "delete", &newest.to_string()]).assert().success();
    assert_eq!(top_target(&memory, query).as_deref(), Some("Les pourparlers ont reprit lundi."));
    dragoman(&memory).args(["unit", "restore", &newest.to_string()]).assert().success();
    assert_eq!(top_target(&memory, query).as_deref(), Some("Les pourparlers ont repris lundi."));
    let shown = stdout_of(dragoman(&memory).args(["unit", "show", &old_id.to_string()]));
    assert!(shown.contains(&format!("superseded by #{newest}")), "{shown}");
}
