//! The shared backend test suite: every test runs on a fresh SQLite file
//! and on a fresh PostgreSQL schema (in the database
//! `DRAGOMAN_TEST_POSTGRES` names, as `.ci/run` starts one). Without that
//! variable the PostgreSQL half is skipped with a note, and fails under
//! CI (`CI` set), where it must run.

use super::*;
use crate::lang::Lang;

/// A fresh schema in the test database, as a memory URL; `None` (after a
/// visible note) when there is no test database outside CI.
pub(crate) fn fresh_postgres(test: &str) -> Option<String> {
    let Ok(base) = std::env::var("DRAGOMAN_TEST_POSTGRES") else {
        assert!(std::env::var_os("CI").is_none(), "{test}: DRAGOMAN_TEST_POSTGRES is not set under CI (.ci/run sets it)");
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "note: skipped {test} on PostgreSQL: DRAGOMAN_TEST_POSTGRES is not set");
        return None;
    };
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let schema = format!(
        "t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
        test.chars().filter(|c| c.is_ascii_alphanumeric()).take(30).collect::<String>()
    );
    let mut client = ::postgres::Client::connect(&base, ::postgres::NoTls).expect("the test database answers");
    client.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let joiner = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{joiner}options=-csearch_path%3D{schema}"))
}

/// The memories a test runs on: a SQLite file in `dir`, and a PostgreSQL
/// schema when there is a test database.
fn locations(dir: &Path, test: &str) -> Vec<PathBuf> {
    let mut out = vec![dir.join("m.sqlite")];
    out.extend(fresh_postgres(test).map(PathBuf::from));
    out
}

fn keys() -> Keys {
    crate::fuzzy::index_keys()
}

fn unit(source: &str, target: &str) -> NewUnit {
    NewUnit::new(Lang::parse("ar").unwrap(), Lang::parse("en").unwrap(), source, target, "doc.txt")
}

#[test]
fn units_are_added_once_updated_by_a_later_change_and_read_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "units_added_once") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        assert_eq!(writer.add(&unit("شكرا", "Thank you")).unwrap(), Added::New);
        assert_eq!(writer.add(&unit("شكرا", "Thank you")).unwrap(), Added::Duplicate);
        assert_eq!(writer.add(&unit("شكرا", "Thanks")).unwrap(), Added::New);
        let mut changed = unit("شكرا", "Thanks");
        changed.changed_at = Some("2030-01-01T00:00:00Z".into());
        changed.metadata = Some("{\"note\":\"x\"}".into());
        assert_eq!(writer.add(&changed).unwrap(), Added::Updated);
        let mut en = NewUnit::new(Lang::parse("en-US").unwrap(), Lang::parse("fr").unwrap(), "Hello.", "Bonjour.", "b.tmx");
        en.created_at = Some("2020-05-01T10:00:00Z".into());
        writer.add(&en).unwrap();
        writer.commit().unwrap();
        let units = memory.units(None, None).unwrap();
        assert_eq!(units.iter().map(|u| (u.id, u.target.as_str())).collect::<Vec<_>>(), [(1, "Thank you"), (2, "Thanks"), (3, "Bonjour.")]);
        assert_eq!(units[1].metadata.as_deref(), Some("{\"note\":\"x\"}"));
        assert_eq!(units[2].created_at, "2020-05-01T10:00:00Z");
        assert!(units[0].created_at.ends_with('Z') && units[0].created_at.len() == 20, "{}", units[0].created_at);
        let english = memory.units(Some(&Lang::parse("en").unwrap()), None).unwrap();
        assert_eq!(english.len(), 1, "{at:?}");
        assert_eq!(memory.unit(3).unwrap().unwrap(), units[2]);
        let stats = memory.stats().unwrap();
        assert_eq!((stats.units, stats.documents, stats.schema_version), (3, 2, migrations::supported_version()));
        assert_eq!(stats.language_pairs[0].units, 2);
        assert!(memory.has_units_in(Some(&Lang::parse("en").unwrap()), Some(&Lang::parse("fr").unwrap())).unwrap());
        assert!(!memory.has_units_in(Some(&Lang::parse("fr").unwrap()), None).unwrap());
        assert_eq!(memory.likeliest_source_language("مرحبا").unwrap(), Some(Lang::parse("ar").unwrap()));
    }
}

#[test]
fn a_writer_dropped_without_commit_leaves_the_memory_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "writer_dropped") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("أ", "a")).unwrap();
        writer.commit().unwrap();
        let mut writer = memory.writer().unwrap();
        for k in 0..5000 {
            writer.add(&unit(&format!("جملة {k}"), &format!("sentence {k}"))).unwrap();
        }
        drop(writer);
        assert_eq!(memory.stats().unwrap().units, 1, "{at:?}");
        let reopened = Memory::open_for_reading(&at, keys()).unwrap();
        assert_eq!(reopened.units(None, None).unwrap().len(), 1);
        assert!(reopened.index_status().unwrap().is_fresh());
    }
}

#[test]
fn the_index_written_by_writers_equals_a_rebuilt_one_and_finds_matches() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "index_equals_rebuild") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        for round in 0..3 {
            let mut writer = memory.writer().unwrap();
            for k in 0..(builder_batch() + 50) {
                let source = format!("Haniyeh met delegation {} on day {k} round {round}.", ["Qatari", "Egyptian"][k % 2]);
                writer.add(&unit(&source, &format!("Target {k} {round}"))).unwrap();
            }
            writer.commit().unwrap();
        }
        let lists = |memory: &Memory| -> Vec<usize> {
            ["haniyeh", "#", "qatari", "round"]
                .iter()
                .map(|key| memory.postings(index::Side::Source, &crate::names::name_key(key)).unwrap().len())
                .collect()
        };
        let written = lists(&memory);
        let found =
            crate::fuzzy::Matcher::default().find_all(&memory, &["Haniyeh met delegation Qatari on day 10 round 1.".to_string()]).unwrap();
        assert_eq!(found[0][0].score, 100, "{at:?}");
        assert_eq!(memory.rebuild_index().unwrap(), 3 * (builder_batch() + 50));
        assert_eq!(lists(&memory), written);
        assert!(written[0] > 0);
        assert!(memory.index_status().unwrap().is_fresh());
        assert_eq!(memory.units_with_source("Haniyeh met delegation Qatari on day 10 round 1.").unwrap().len(), 1);
    }
}

fn builder_batch() -> usize {
    index::builder::BATCH
}

#[test]
fn the_house_style_is_saved_and_loaded_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "house_style") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        assert!(memory.style_rows().unwrap().is_empty());
        let rows = vec![("Haniyeh".to_string(), vec!["Haniya".to_string(), "Hanieh".to_string()]), ("Doha".to_string(), vec![])];
        memory.save_style_rows(rows.iter().map(|(p, v)| (p.as_str(), v.as_slice()))).unwrap();
        assert_eq!(memory.style_rows().unwrap(), rows);
        memory.save_style_rows(rows[1..].iter().map(|(p, v)| (p.as_str(), v.as_slice()))).unwrap();
        assert_eq!(memory.style_rows().unwrap(), rows[1..]);
    }
}

#[test]
fn the_reference_version_moves_with_the_house_style_and_not_with_units() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "reference_version_moves") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let start = memory.reference_version().unwrap().expect("a memory of this schema has the counter");
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("شكرا", "Thank you")).unwrap();
        writer.commit().unwrap();
        assert_eq!(memory.reference_version().unwrap(), Some(start), "{at:?}: a unit is not a reference change");
        let variants = vec!["Haniya".to_string()];
        memory.save_style_rows([("Haniyeh", variants.as_slice())]).unwrap();
        let after = memory.reference_version().unwrap().unwrap();
        assert!(after > start, "{at:?}: {start} -> {after}");
        // seen from another connection (another process would see the same)
        let other = Memory::open(&at, keys()).unwrap();
        assert_eq!(other.reference_version().unwrap(), Some(after));
    }
}

#[test]
fn a_memory_migrated_by_a_newer_dragoman_is_refused() {
    let Some(url) = fresh_postgres("newer_schema") else { return };
    Memory::open(Path::new(&url), keys()).unwrap();
    let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    client.batch_execute("UPDATE dragoman_schema SET version = version + 1").unwrap();
    for result in [Memory::open(Path::new(&url), keys()).map(drop), Memory::open_for_reading(Path::new(&url), keys()).map(drop)] {
        assert!(matches!(result, Err(MemoryError::NewerSchema { .. })), "{:?}", result.err());
    }
}

#[test]
fn an_empty_postgres_database_is_not_a_memory_for_reading_and_becomes_one_for_writing() {
    let Some(url) = fresh_postgres("empty_database") else { return };
    assert!(matches!(Memory::open_for_reading(Path::new(&url), keys()), Err(MemoryError::Empty { .. })));
    assert!(matches!(Memory::open_existing(Path::new(&url), keys()), Err(MemoryError::Empty { .. })));
    let memory = Memory::open(Path::new(&url), keys()).unwrap();
    assert_eq!(memory.stats().unwrap().schema_version, migrations::supported_version());
    assert!(memory.is_postgres());
}

#[test]
fn the_postgres_schema_takes_the_sqlite_schema_step_for_step() {
    assert_eq!(postgres::MIGRATIONS.len(), migrations::MIGRATIONS.len());
}

#[test]
fn a_memory_copied_both_ways_holds_the_same_units_style_and_index() {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = fresh_postgres("copy_both_ways") else { return };
    let first = dir.path().join("a.sqlite");
    let mut memory = Memory::open(&first, keys()).unwrap();
    let mut writer = memory.writer().unwrap();
    for k in 0..300 {
        writer.add(&unit(&format!("جملة رقم {k}"), &format!("Sentence number {k}"))).unwrap();
    }
    writer.commit().unwrap();
    memory.save_style_rows([("Haniyeh", &["Haniya".to_string()][..])]).unwrap();
    let mut pg = Memory::open(Path::new(&url), keys()).unwrap();
    let mut seen = 0;
    assert_eq!(pg.copy_from(&memory, |copied, total| seen = copied.max(seen).min(total)).unwrap(), 300);
    assert_eq!(seen, 300);
    let back_path = dir.path().join("b.sqlite");
    let mut back = Memory::open(&back_path, keys()).unwrap();
    assert_eq!(back.copy_from(&pg, |_, _| {}).unwrap(), 300);
    for copy in [&pg, &back] {
        assert_eq!(copy.units(None, None).unwrap(), memory.units(None, None).unwrap());
        assert_eq!(copy.style_rows().unwrap(), memory.style_rows().unwrap());
        assert!(copy.index_status().unwrap().is_fresh());
        assert_eq!(copy.units_with_source("جملة رقم 17").unwrap().len(), 1);
    }
    // new units continue above the copied ids
    let mut writer = pg.writer().unwrap();
    writer.add(&unit("جديد", "new")).unwrap();
    writer.commit().unwrap();
    assert_eq!(pg.units(None, None).unwrap().last().unwrap().id, 301);
    assert!(matches!(back.copy_from(&pg, |_, _| {}), Err(MemoryError::NotEmpty { units: 300, .. })));
}

#[test]
fn a_second_postgres_writer_waits_for_the_first_and_gives_up_after_its_wait() {
    let Some(url) = fresh_postgres("busy_writer") else { return };
    let mut first = Memory::open(Path::new(&url), keys()).unwrap();
    let mut second = Memory::open_waiting(Path::new(&url), Duration::from_millis(300), keys()).unwrap();
    let mut writer = first.writer().unwrap();
    writer.add(&unit("أ", "a")).unwrap();
    let start = std::time::Instant::now();
    assert!(matches!(second.writer().err(), Some(MemoryError::Busy { .. })));
    assert!(start.elapsed() >= Duration::from_millis(300));
    writer.commit().unwrap();
    let mut writer = second.writer().unwrap();
    writer.add(&unit("ب", "b")).unwrap();
    writer.commit().unwrap();
    assert_eq!(first.stats().unwrap().units, 2);
}

#[test]
fn a_unit_edited_deleted_and_restored_is_found_by_its_current_text_only_and_keeps_its_history() {
    use super::corrections::CorrectionError;
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "unit_corrections") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("شكرا جزيلا", "Thank you very mutch")).unwrap();
        writer.add(&unit("صباح الخير", "Good morning")).unwrap();
        writer.commit().unwrap();
        let id = memory.units(None, None).unwrap()[0].id;
        let edited = memory.edit_unit(id, None, "Thank you very much", Some("reviser")).unwrap();
        assert_eq!((edited.id, edited.target.as_str(), edited.changed_by.as_deref()), (id, "Thank you very much", Some("reviser")));
        assert_eq!(memory.unit(id).unwrap().unwrap().target, "Thank you very much");
        memory.edit_unit(id, Some("شكرا"), "Thank you very much", Some("reviser")).unwrap();
        assert!(memory.units_with_source("شكرا جزيلا").unwrap().is_empty());
        assert_eq!(memory.units_with_source("شكرا").unwrap(), vec![id]);
        assert!(memory.index_status().unwrap().is_fresh());
        // the pair of another unit is refused, changing nothing
        let other = memory.units(None, None).unwrap()[1].id;
        assert!(
            matches!(memory.edit_unit(id, Some("صباح الخير"), "Good morning", None), Err(CorrectionError::SamePairStored { other: o, .. }) if o == other)
        );
        assert_eq!(memory.unit(id).unwrap().unwrap().source, "شكرا");

        memory.delete_unit(id, Some("reviser")).unwrap();
        assert_eq!(memory.unit(id).unwrap(), None);
        assert!(memory.unit_was_deleted(id).unwrap());
        assert_eq!(memory.units(None, None).unwrap().len(), 1);
        assert!(memory.units_with_source("شكرا").unwrap().is_empty());
        assert_eq!(memory.stats().unwrap().units, 1);
        assert!(matches!(memory.edit_unit(id, None, "x", None), Err(CorrectionError::Deleted { .. })));
        assert!(matches!(memory.delete_unit(id, None), Err(CorrectionError::Deleted { .. })));

        let restored = memory.restore_unit(id, Some("lead")).unwrap();
        assert_eq!(memory.unit(id).unwrap().unwrap(), restored);
        assert_eq!(restored.target, "Thank you very much");
        assert_eq!(memory.units_with_source("شكرا").unwrap(), vec![id]);
        assert!(matches!(memory.restore_unit(id, None), Err(CorrectionError::NotDeleted { .. })));

        let history = memory.unit_history(id).unwrap();
        let actions: Vec<_> = history.iter().map(|e| (e.action.as_str(), e.who.as_deref())).collect();
        assert_eq!(actions, [("edit", Some("reviser")), ("edit", Some("reviser")), ("delete", Some("reviser")), ("restore", Some("lead"))]);
        assert_eq!(history[0].old_target.as_deref(), Some("Thank you very mutch"));
        assert_eq!(history[1].old_source.as_deref(), Some("شكرا جزيلا"));
        assert!(history.iter().all(|e| e.at.ends_with('Z')));

        assert!(matches!(memory.delete_unit(9999, None), Err(CorrectionError::NoSuchUnit { id: 9999 })));
        assert!(matches!(memory.restore_unit(9999, None), Err(CorrectionError::NoSuchUnit { id: 9999 })));
        assert!(memory.unit_history(9999).unwrap().is_empty());
    }
}

#[test]
fn an_undone_import_batch_removes_what_it_added_and_puts_back_what_it_updated() {
    use super::corrections::CorrectionError;
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "undo_batch") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut changed = unit("شكرا", "Thanks");
        changed.changed_at = Some("2024-01-01T00:00:00Z".into());
        let mut writer = memory.writer().unwrap();
        let first = writer.begin_batch("a.tmx", Some("rana")).unwrap();
        writer.add(&unit("صباح الخير", "Good morning")).unwrap();
        writer.add(&changed).unwrap();
        writer.commit().unwrap();
        let before = memory.units(None, None).unwrap();

        let mut writer = memory.writer().unwrap();
        let second = writer.begin_batch("b.tmx", Some("omar")).unwrap();
        let mut later = changed.clone();
        later.changed_at = Some("2025-01-01T00:00:00Z".into());
        later.metadata = Some("{\"note\":\"later\"}".into());
        assert_eq!(writer.add(&later).unwrap(), Added::Updated);
        assert_eq!(writer.add(&unit("مساء الخير", "Good evening")).unwrap(), Added::New);
        writer.commit().unwrap();
        let batches = memory.batches().unwrap();
        let counts: Vec<_> = batches.iter().map(|b| (b.id, b.file.as_str(), b.who.as_deref(), b.added, b.updated)).collect();
        assert_eq!(counts, [(first, "a.tmx", Some("rana"), 2, 0), (second, "b.tmx", Some("omar"), 1, 1)]);

        let undone = memory.undo_batch(second, Some("lead")).unwrap();
        assert_eq!((undone.removed, undone.restored), (1, 1));
        assert_eq!(memory.units(None, None).unwrap(), before);
        assert!(memory.units_with_source("مساء الخير").unwrap().is_empty());
        assert!(memory.index_status().unwrap().is_fresh());
        assert!(memory.batches().unwrap()[1].undone_at.is_some());
        assert!(matches!(memory.undo_batch(second, None), Err(CorrectionError::BatchUndone { .. })));
        assert!(matches!(memory.undo_batch(99, None), Err(CorrectionError::NoSuchBatch { id: 99 })));
    }
}

#[test]
fn the_breakdown_counts_units_by_document_author_and_month_and_recent_corrections() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "breakdown") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        // 12 documents, document k holding k + 1 units; two authors; two months
        for k in 0..12 {
            for n in 0..=k {
                let mut u = unit(&format!("جملة {k} {n}"), &format!("Sentence {k} {n}"));
                u.document = format!("doc{k:02}.tmx");
                u.created_by = Some(if n % 2 == 0 { "rana" } else { "omar" }.to_string());
                u.created_at = Some(if k < 3 { "2024-02-10T00:00:00Z" } else { "2024-03-05T00:00:00Z" }.to_string());
                writer.add(&u).unwrap();
            }
        }
        writer.commit().unwrap();
        let ids: Vec<i64> = memory.units(None, None).unwrap().iter().map(|u| u.id).collect();
        memory.edit_unit(ids[0], None, "Sentence zero", Some("lead")).unwrap();
        memory.edit_unit(ids[0], None, "Sentence nought", Some("lead")).unwrap();
        memory.delete_unit(ids[1], Some("lead")).unwrap();
        memory.delete_unit(ids[2], Some("lead")).unwrap();
        memory.restore_unit(ids[2], Some("lead")).unwrap();

        let b = memory.breakdown().unwrap();
        let documents: Vec<_> = b.by_document.iter().map(|c| (c.name.as_str(), c.units)).collect();
        assert_eq!(documents.len(), 10);
        assert_eq!(documents[..3], [("doc11.tmx", 12), ("doc10.tmx", 11), ("doc09.tmx", 10)]);
        // doc01 lost one unit to the deletion
        assert_eq!(b.by_document.iter().map(|c| c.units).sum::<i64>(), (3..=12).sum::<i64>());
        let authors: Vec<_> = b.by_author.iter().map(|c| (c.name.as_str(), c.units)).collect();
        // 42 by rana (n even), 36 by omar; the deleted unit (doc01, n = 0) was rana's
        assert_eq!(authors, [("rana", 41), ("omar", 36)]);
        let months: Vec<_> = b.by_month.iter().map(|c| (c.name.as_str(), c.units)).collect();
        assert_eq!(months, [("2024-02", 5), ("2024-03", 72)]);
        assert_eq!((b.edited_recently, b.deleted_recently), (1, 1));
    }
}

#[test]
fn a_units_neighbours_are_the_units_stored_beside_it_from_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "neighbours") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        for (source, document) in [("أ", "one.txt"), ("ب", "one.txt"), ("ج", "one.txt"), ("د", "two.txt")] {
            let mut new = unit(source, source);
            new.document = document.to_string();
            writer.add(&new).unwrap();
        }
        writer.commit().unwrap();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(memory.neighbours(2).unwrap(), (some("أ"), some("ج")), "{at:?}");
        // the start of the memory, and the unit after is from another document
        assert_eq!(memory.neighbours(1).unwrap(), (None, some("ب")));
        assert_eq!(memory.neighbours(3).unwrap(), (some("ب"), None));
        assert_eq!(memory.neighbours(4).unwrap(), (None, None));
        assert_eq!(memory.neighbours(99).unwrap(), (None, None));
    }
}
/// `(id, target, superseded_by)` of every unit, by id.
fn chain_of(memory: &Memory) -> Vec<(i64, String, Option<i64>)> {
    memory.units(None, None).unwrap().into_iter().map(|u| (u.id, u.target, u.superseded_by)).collect()
}

/// The targets suggested for `query`, best first, with or without superseded units.
fn suggested(memory: &Memory, query: &str, superseded: bool) -> Vec<(String, Option<i64>)> {
    let matcher = crate::fuzzy::Matcher { superseded, limit: 10, ..crate::fuzzy::Matcher::default() };
    let found = matcher.find_all(memory, &[query.to_string()]).unwrap().remove(0);
    found.into_iter().map(|m| (m.unit.target, m.unit.superseded_by)).collect()
}

#[test]
fn a_later_target_for_a_stored_source_supersedes_the_older_one_on_every_write_path() {
    use super::corrections::CorrectionError;
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "supersede") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("وصل الوفد إلى القاهرة.", "The delegation arrived in Cairo.")).unwrap();
        // another language pair with the same source stays apart
        let mut french = unit("وصل الوفد إلى القاهرة.", "La délégation est arrivée au Caire.");
        french.tgt_lang = Lang::parse("fr").unwrap();
        writer.add(&french).unwrap();
        writer.commit().unwrap();
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("وصل الوفد إلى القاهرة.", "The delegation reached Cairo.")).unwrap();
        // the same pair again changes nothing
        assert_eq!(writer.add(&unit("وصل الوفد إلى القاهرة.", "The delegation arrived in Cairo.")).unwrap(), Added::Duplicate);
        writer.commit().unwrap();
        let (a, b) = (1, 3);
        assert_eq!(
            chain_of(&memory),
            [
                (a, "The delegation arrived in Cairo.".into(), Some(b)),
                (2, "La délégation est arrivée au Caire.".into(), None),
                (b, "The delegation reached Cairo.".into(), None)
            ],
            "{at:?}"
        );
        assert_eq!(memory.stats().unwrap().superseded, 1);
        let query = "وصل الوفد إلى القاهرة.";
        let english = |m: &Memory, all| suggested(m, query, all).into_iter().filter(|(t, _)| !t.starts_with("La ")).collect::<Vec<_>>();
        assert_eq!(english(&memory, false), [("The delegation reached Cairo.".to_string(), None)]);
        assert_eq!(
            english(&memory, true),
            [("The delegation reached Cairo.".to_string(), None), ("The delegation arrived in Cairo.".to_string(), Some(b))]
        );
        let mut current = Vec::new();
        memory.for_each_unit_of(None, None, false, |u| current.push(u.id)).unwrap();
        assert_eq!(current, [2, b]);

        // three targets in one writer: each supersedes the one before
        let mut writer = memory.writer().unwrap();
        for target in ["Talks resumed.", "The talks resumed.", "Negotiations resumed."] {
            writer.add(&unit("استؤنفت المحادثات.", target)).unwrap();
        }
        writer.commit().unwrap();
        let (c, d, e) = (4, 5, 6);
        let tail: Vec<_> = chain_of(&memory).into_iter().skip(3).map(|(id, _, next)| (id, next)).collect();
        assert_eq!(tail, [(c, Some(d)), (d, Some(e)), (e, None)]);
        // deleting the middle one joins its neighbours; restoring it puts it back between them
        memory.delete_unit(d, None).unwrap();
        assert_eq!(memory.unit(c).unwrap().unwrap().superseded_by, Some(e));
        memory.restore_unit(d, None).unwrap();
        assert_eq!((memory.unit(c).unwrap().unwrap().superseded_by, memory.unit(d).unwrap().unwrap().superseded_by), (Some(d), Some(e)));

        // deleting the current unit makes the older one current again; restoring it makes it current again
        memory.delete_unit(b, None).unwrap();
        assert_eq!(memory.unit(a).unwrap().unwrap().superseded_by, None);
        assert_eq!(english(&memory, false), [("The delegation arrived in Cairo.".to_string(), None)]);
        memory.restore_unit(b, None).unwrap();
        assert_eq!(memory.unit(a).unwrap().unwrap().superseded_by, Some(b));
        assert_eq!(memory.unit(b).unwrap().unwrap().superseded_by, None);

        // an edited unit is the corrected one: current, whatever its id
        memory.edit_unit(a, None, "The delegation arrived in Cairo on Monday.", None).unwrap();
        assert_eq!((memory.unit(a).unwrap().unwrap().superseded_by, memory.unit(b).unwrap().unwrap().superseded_by), (None, Some(a)));
        assert_eq!(english(&memory, false), [("The delegation arrived in Cairo on Monday.".to_string(), None)]);
        // a unit edited to another source leaves its chain and heads its new one
        memory.edit_unit(e, Some("استؤنفت المحادثات اليوم."), "Talks resumed today.", None).unwrap();
        assert_eq!(memory.unit(d).unwrap().unwrap().superseded_by, None);
        assert_eq!(memory.unit(e).unwrap().unwrap().superseded_by, None);
        assert!(matches!(memory.restore_unit(e, None), Err(CorrectionError::NotDeleted { .. })));

        // an undone import puts back the unit its batch superseded
        let mut writer = memory.writer().unwrap();
        let batch = writer.begin_batch("fix.csv", None).unwrap();
        writer.add(&unit("استؤنفت المحادثات.", "Talks have resumed.")).unwrap();
        writer.commit().unwrap();
        let f = 7;
        assert_eq!(memory.unit(d).unwrap().unwrap().superseded_by, Some(f));
        memory.undo_batch(batch, None).unwrap();
        assert_eq!(memory.unit(d).unwrap().unwrap().superseded_by, None);
        assert_eq!(memory.stats().unwrap().superseded, 2);
    }
}

#[test]
fn a_new_unit_never_takes_the_id_of_a_deleted_newest_unit() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "id_reuse") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("صباح الخير", "Good morning")).unwrap();
        writer.add(&unit("مساء الخير", "Good evening")).unwrap();
        writer.commit().unwrap();
        memory.delete_unit(2, Some("reviser")).unwrap();
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("تصبح على خير", "Good night")).unwrap();
        writer.commit().unwrap();
        let ids: Vec<_> = memory.units(None, None).unwrap().iter().map(|u| u.id).collect();
        assert_eq!(ids, [1, 3], "{at:?}");
        // the deleted unit's history is still its own, and it comes back under its id
        assert_eq!(memory.unit_history(2).unwrap().len(), 1);
        assert_eq!(memory.restore_unit(2, None).unwrap().target, "Good evening");
    }
}

#[test]
fn a_bulk_import_stores_the_same_units_ids_batches_and_successors_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    // per backend: its units, its batches' (added, updated), its superseded count
    type Seen = (Vec<Unit>, Vec<(i64, i64)>, usize);
    let mut seen: Vec<Seen> = Vec::new();
    for at in locations(dir.path(), "bulk_import") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("نص قديم", "An old text")).unwrap();
        writer.commit().unwrap();
        memory.delete_unit(1, None).unwrap();
        let mut writer = memory.bulk_writer().unwrap();
        writer.begin_batch("big.tsv", None).unwrap();
        let mut added = 0;
        for k in 0..5000 {
            // texts COPY must escape, duplicates, a later change and later targets for a source
            let source = format!("الجملة {}\tمع\\فاصل\nوسطر", k % 4000);
            let target = if k >= 4500 { format!("Sentence {k} corrected") } else { format!("Sentence\t{}\\ with\r\nbreaks", k % 4000) };
            let mut u = unit(&source, &target);
            if k % 1000 == 999 || k == 4001 {
                u.changed_at = Some("2031-01-01T00:00:00Z".into());
                u.metadata = Some(format!("{{\"k\":{k}}}"));
            }
            if writer.add_owned(u).unwrap() == Added::New {
                added += 1;
            }
        }
        writer.commit().unwrap();
        let units = memory.units(None, None).unwrap();
        assert_eq!(units.len(), added, "{at:?}");
        // the deleted unit's id is not given again
        assert!(units.iter().all(|u| u.id > 1), "{at:?}");
        assert!(memory.index_status().unwrap().is_fresh());
        let found = memory.units_with_source(&units[10].source).unwrap();
        assert!(found.contains(&units[10].id), "{at:?}");
        let batches = memory.batches().unwrap();
        let counts: Vec<(i64, i64)> = batches.iter().map(|b| (b.added, b.updated)).collect();
        // a unit added later goes on from the ids given in bulk
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("نص جديد", "A new text")).unwrap();
        writer.commit().unwrap();
        assert_eq!(memory.units(None, None).unwrap().last().unwrap().id, units.last().unwrap().id + 1, "{at:?}");
        seen.push((units, counts, memory.stats().unwrap().superseded as usize));
    }
    for other in &seen[1..] {
        assert_eq!(other.1, seen[0].1);
        assert_eq!(other.2, seen[0].2);
        let strip = |units: &[Unit]| units.iter().map(|u| Unit { created_at: String::new(), ..u.clone() }).collect::<Vec<_>>();
        assert_eq!(strip(&other.0), strip(&seen[0].0));
    }
    assert_eq!(seen[0].2, 500);
    assert_eq!(seen[0].1, [(4500, 1)]);
}

#[test]
fn a_restored_unit_comes_back_in_its_import_batch_so_that_undoing_the_batch_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "restore_batch") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        let batch = writer.begin_batch("a.tsv", Some("rana")).unwrap();
        writer.add(&unit("صباح الخير", "Good morning")).unwrap();
        writer.add(&unit("مساء الخير", "Good evening")).unwrap();
        writer.commit().unwrap();
        // deleted and restored twice: each deletion keeps the batch the restore gives back
        for _ in 0..2 {
            memory.delete_unit(2, Some("reviser")).unwrap();
            assert_eq!(memory.restore_unit(2, Some("reviser")).unwrap().target, "Good evening");
        }
        // it was left behind by the undo: restored without its batch
        let undone = memory.undo_batch(batch, None).unwrap();
        assert_eq!(undone.removed, 2, "{at:?}");
        assert!(memory.units(None, None).unwrap().is_empty(), "{at:?}");
        // a unit the undo deleted comes back as its batch's too
        memory.restore_unit(2, None).unwrap();
        let mut writer = memory.writer().unwrap();
        let tagged = writer.with_tables(|t| super::corrections::BatchTables::batch_units(t, batch)).unwrap();
        drop(writer);
        assert_eq!(tagged, [2], "{at:?}");
    }
}

#[test]
fn a_copied_memory_keeps_its_history_and_batches_so_that_undo_and_restore_work_on_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let Some(url) = fresh_postgres("copy_history") else { return };
    let first = dir.path().join("a.sqlite");
    let mut memory = Memory::open(&first, keys()).unwrap();
    let mut writer = memory.writer().unwrap();
    let batch_a = writer.begin_batch("a.tsv", Some("rana")).unwrap();
    writer.add(&unit("صباح الخير", "Good morning")).unwrap();
    writer.add(&unit("شكرا", "Thanks")).unwrap();
    writer.commit().unwrap();
    let mut writer = memory.writer().unwrap();
    let batch_b = writer.begin_batch("b.tsv", Some("omar")).unwrap();
    writer.add(&unit("مساء الخير", "Good evening")).unwrap();
    writer.add(&unit("شكرا", "Thank you")).unwrap();
    writer.add(&unit("تصبح على خير", "Good night")).unwrap();
    writer.commit().unwrap();
    memory.edit_unit(1, None, "Good morning!", Some("reviser")).unwrap();
    memory.delete_unit(5, Some("reviser")).unwrap();

    let mut pg = Memory::open(Path::new(&url), keys()).unwrap();
    pg.copy_from(&memory, |_, _| {}).unwrap();
    let mut back = Memory::open(&dir.path().join("b.sqlite"), keys()).unwrap();
    back.copy_from(&pg, |_, _| {}).unwrap();
    for copy in [&mut pg, &mut back] {
        assert_eq!(copy.units(None, None).unwrap(), memory.units(None, None).unwrap());
        assert_eq!(copy.batches().unwrap(), memory.batches().unwrap());
        for id in 1..=5 {
            assert_eq!(copy.unit_history(id).unwrap(), memory.unit_history(id).unwrap(), "unit {id}");
        }
        assert!(copy.unit_was_deleted(5).unwrap());
        // a new unit takes neither a copied id nor the deleted one's; history and batches go on
        let mut writer = copy.writer().unwrap();
        let batch_c = writer.begin_batch("c.tsv", None).unwrap();
        writer.add(&unit("إلى اللقاء", "Goodbye")).unwrap();
        writer.commit().unwrap();
        assert_eq!((batch_c, copy.units(None, None).unwrap().last().unwrap().id), (batch_b + 1, 6));
        // undo and restore work on the copy as on the original
        let undone = copy.undo_batch(batch_b, None).unwrap();
        assert_eq!((undone.removed, undone.restored), (2, 0));
        assert_eq!(copy.unit(2).unwrap().unwrap().superseded_by, None);
        assert_eq!(copy.restore_unit(5, None).unwrap().target, "Good night");
        assert_eq!(copy.unit_history(1).unwrap().len(), 1);
        assert!(copy.batches().unwrap().iter().any(|b| b.id == batch_a && b.file == "a.tsv"));
    }
}

#[test]
fn an_edited_unit_is_suggested_by_its_new_text_and_not_its_old_one_with_only_its_lists_updated() {
    let dir = tempfile::tempdir().unwrap();
    for at in locations(dir.path(), "incremental_index") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        for k in 0..50 {
            writer.add(&unit(&format!("وصل الوفد رقم {k} إلى القاهرة"), &format!("Delegation {k} arrived in Cairo"))).unwrap();
        }
        writer.commit().unwrap();
        let best = |m: &Memory, query: &str| {
            let matcher = crate::fuzzy::Matcher { min_score: 100, ..crate::fuzzy::Matcher::default() };
            matcher.find_all(m, &[query.to_string()]).unwrap().remove(0).into_iter().map(|m| (m.unit.id, m.score)).collect::<Vec<_>>()
        };
        assert_eq!(best(&memory, "وصل الوفد رقم 7 إلى القاهرة"), [(8, 100)]);
        memory.edit_unit(8, Some("غادر الوزير دمشق مساء الأحد"), "The minister left Damascus on Sunday evening", None).unwrap();
        assert_eq!(best(&memory, "غادر الوزير دمشق مساء الأحد"), [(8, 100)], "{at:?}");
        assert!(best(&memory, "وصل الوفد رقم 7 إلى القاهرة").is_empty(), "{at:?}");
        memory.delete_unit(3, None).unwrap();
        assert!(best(&memory, "وصل الوفد رقم 2 إلى القاهرة").is_empty());
        memory.restore_unit(3, None).unwrap();
        assert_eq!(best(&memory, "وصل الوفد رقم 2 إلى القاهرة"), [(3, 100)]);
        assert!(memory.index_status().unwrap().is_fresh());
        if !memory.is_postgres() {
            // the lists equal a rebuilt index's (an emptied list aside)
            let rows = |m: &Memory| {
                let mut stmt =
                    m.sqlite_conn().prepare("SELECT key, last_id, count, postings FROM fuzzy_terms WHERE count > 0 ORDER BY key").unwrap();
                stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, Vec<u8>>(3)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect::<Vec<_>>()
            };
            let updated = rows(&memory);
            memory.rebuild_index().unwrap();
            assert_eq!(updated, rows(&memory));
        }
    }
}

#[test]
fn a_postgres_schema_holding_another_applications_tables_is_refused_and_left_as_it_was() {
    let Some(url) = fresh_postgres("foreign_tables") else { return };
    let schema = url.rsplit("search_path%3D").next().unwrap().to_string();
    let base = std::env::var("DRAGOMAN_TEST_POSTGRES").unwrap();
    let mut client = ::postgres::Client::connect(&base, ::postgres::NoTls).unwrap();
    client.batch_execute(&format!("CREATE TABLE {schema}.invoices (id BIGINT PRIMARY KEY, total BIGINT)")).unwrap();
    for open in [Memory::open, Memory::open_for_reading] {
        let refused = open(Path::new(&url), keys()).map(drop).unwrap_err();
        assert!(matches!(refused, MemoryError::NotAMemory { what: opening::Foreign::OtherPostgres, .. }), "{refused}");
    }
    let tables: i64 =
        client.query_one("SELECT count(*) FROM information_schema.tables WHERE table_schema = $1", &[&schema]).unwrap().get(0);
    assert_eq!(tables, 1);
}

// Regression (issue 10 item 2): the cap on comparisons cut candidates of
// equal bound latest first, so a source differing from the query only in
// a full stop (99), stored first, was dropped behind 450 that also differ
// in case (98); sources of the query's form are now found by their key.
#[test]
fn a_source_differing_from_the_query_only_in_case_or_punctuation_is_found_past_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let words = ["five", "people", "were", "killed", "in", "gaza", "on", "march"];
    for at in locations(dir.path(), "form_past_the_cap") {
        let mut memory = Memory::open(&at, keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        writer.add(&unit("five people were killed in gaza on 7 march.", "Cinq morts à Gaza le 7 mars.")).unwrap();
        for k in 0..450 {
            let (mask, end) = (1 + k / 4, [".", "!", "?", ";"][k % 4]);
            let cased: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(at, word)| if mask >> at & 1 == 1 { word.to_uppercase() } else { word.to_string() })
                .collect();
            writer.add(&unit(&format!("{} 7 {}{end}", cased[..7].join(" "), cased[7]), &format!("Cinq morts ({k})."))).unwrap();
        }
        writer.commit().unwrap();
        let query = "five people were killed in gaza on 7 march";
        let found = crate::fuzzy::Matcher::default().find_all(&memory, &[query.to_string()]).unwrap();
        assert_eq!((found[0][0].unit.source.as_str(), found[0][0].score), ("five people were killed in gaza on 7 march.", 99), "{at:?}");
        // the key of a form: every case and punctuation variant, no other number
        assert_eq!(memory.units_with_source(query).unwrap().len(), 451, "{at:?}");
        assert!(memory.units_with_source("five people were killed in gaza on 8 march").unwrap().is_empty(), "{at:?}");
    }
}
