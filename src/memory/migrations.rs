//! Schema migrations: an ordered list of steps, the schema version kept
//! in `PRAGMA user_version`. Each step runs in its own transaction
//! together with the version bump, so a crash leaves the file at the old
//! version or the new one, never in between.

use rusqlite::Connection;

/// The steps, in order; step `k` (0-based) takes the schema from version
/// `k` to `k + 1`. Never edit a released step: add a new one.
pub const MIGRATIONS: &[&str] = &[
    // 1: translation units with provenance. A pair is deduplicated by a
    // 64-bit hash of its languages and texts (`memory::pair_hash`; on a
    // collision the writer probes the next value), which keeps the
    // uniqueness index small instead of a second copy of every text.
    "CREATE TABLE units (
        id INTEGER PRIMARY KEY,
        src_lang TEXT NOT NULL,
        tgt_lang TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        document TEXT NOT NULL,
        locator TEXT NOT NULL DEFAULT '',
        created_by TEXT,
        created_at TEXT NOT NULL,
        pair_hash INTEGER NOT NULL UNIQUE
    );",
    // 2 (suggest): the retrieval index, see `memory::index`: one posting
    // list per key, and how far (and with which keys) it is built.
    "CREATE TABLE fuzzy_terms (
        key INTEGER PRIMARY KEY,
        last_id INTEGER NOT NULL,
        count INTEGER NOT NULL,
        postings BLOB NOT NULL
    );
    CREATE TABLE fuzzy_state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 3 (interchange): what TMX carries beside the text. Inline markup
    // kept losslessly (the seg's XML content; the text columns hold
    // placeholders), props/notes/attributes as JSON, and who changed
    // the unit last and when.
    "ALTER TABLE units ADD COLUMN source_markup TEXT;
     ALTER TABLE units ADD COLUMN target_markup TEXT;
     ALTER TABLE units ADD COLUMN metadata TEXT;
     ALTER TABLE units ADD COLUMN changed_by TEXT;
     ALTER TABLE units ADD COLUMN changed_at TEXT;",
    // 4 (names): the house style, preferred spellings and their variants.
    "CREATE TABLE name_style (
        id INTEGER PRIMARY KEY,
        preferred TEXT NOT NULL UNIQUE
    );
    CREATE TABLE name_variants (
        style_id INTEGER NOT NULL REFERENCES name_style(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        variant TEXT NOT NULL,
        PRIMARY KEY (style_id, variant)
    );",
    // 5 (corrections, issue 11 part 4): what was done to a unit by hand,
    // with the text it had before. A deleted unit leaves `units` (so
    // nothing that reads units can find it); `unit` keeps it whole, as
    // JSON, for a restore. `batch_id` is reserved for import batches.
    "CREATE TABLE unit_history (
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        who TEXT,
        at TEXT NOT NULL,
        old_source TEXT,
        old_target TEXT,
        old_source_markup TEXT,
        old_target_markup TEXT,
        batch_id INTEGER,
        unit TEXT
    );
    CREATE INDEX unit_history_by_unit ON unit_history (unit_id, id);",
    // 6 (import batches, issue 11 part 4): each import is a batch; the
    // units it added carry its id, the units it updated have their old
    // state in `unit_history` (action `import-update`), so it can be undone.
    "CREATE TABLE import_batches (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        at TEXT NOT NULL,
        who TEXT,
        added INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        undone_at TEXT
    );
    ALTER TABLE units ADD COLUMN batch_id INTEGER;
    CREATE INDEX units_by_batch ON units (batch_id) WHERE batch_id IS NOT NULL;
    CREATE INDEX unit_history_by_batch ON unit_history (batch_id) WHERE batch_id IS NOT NULL;",
    // 7 (glossary and interchange headers, issue 12): TBX glossaries
    // imported (`glossaries`: file, when, who, the TBX header as JSON),
    // their concepts whole as JSON (`entry`, so that an export writes
    // them back as read) and each term with its language, status and
    // notes for look-ups (`glossary_terms`); and the header of the file
    // an import batch came from (a TMX header with its props and notes,
    // as JSON), so that an export can write it back.
    "CREATE TABLE glossaries (
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL,
        at TEXT NOT NULL,
        who TEXT,
        header TEXT NOT NULL
    );
    CREATE TABLE glossary_concepts (
        id INTEGER PRIMARY KEY,
        glossary_id INTEGER NOT NULL REFERENCES glossaries(id),
        concept_id TEXT,
        entry TEXT NOT NULL
    );
    CREATE INDEX glossary_concepts_by_concept_id ON glossary_concepts (concept_id);
    CREATE TABLE glossary_terms (
        concept INTEGER NOT NULL REFERENCES glossary_concepts(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        lang TEXT NOT NULL,
        term TEXT NOT NULL,
        status TEXT,
        deprecated INTEGER NOT NULL DEFAULT 0,
        notes TEXT,
        PRIMARY KEY (concept, position)
    );
    CREATE INDEX glossary_terms_by_lang ON glossary_terms (lang);
    CREATE TABLE batch_headers (
        batch_id INTEGER PRIMARY KEY,
        format TEXT NOT NULL,
        header TEXT NOT NULL
    );",
    // 8 (superseded units, issue 11 part 4): a unit whose source (in its
    // language pair) was later stored with another target names its
    // successor. `source_hash` (`memory::source_hash`, filled by the
    // writer; units of older memories get theirs when the memory is
    // first opened for writing, `memory::supersede`) finds the units of
    // one source without a second copy of every text in an index.
    "ALTER TABLE units ADD COLUMN source_hash INTEGER;
     ALTER TABLE units ADD COLUMN superseded_by INTEGER;
     CREATE INDEX units_by_source ON units (source_hash);
     CREATE INDEX units_by_successor ON units (superseded_by) WHERE superseded_by IS NOT NULL;",
    // 9 (serve, issue 13): the server's API tokens, stored by
    // the SHA-256 of the token (see `memory::tokens`).
    "CREATE TABLE api_tokens (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );",
    // 10 (serve, issue 13 part 3): a counter of changes to what a
    // look-up reads besides the units (the house style and the glossary
    // terms), bumped by triggers on every write to their tables, from
    // any process, so that a server can keep them loaded and reload
    // them only when the counter moved (`Memory::reference_version`).
    "CREATE TABLE reference_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL
    );
    INSERT INTO reference_version (id, version) VALUES (1, 0);
    CREATE TRIGGER name_style_inserted AFTER INSERT ON name_style BEGIN UPDATE reference_version SET version = version + 1; END;
    CREATE TRIGGER name_style_updated AFTER UPDATE ON name_style BEGIN UPDATE reference_version SET version = version + 1; END;
    CREATE TRIGGER name_style_deleted AFTER DELETE ON name_style BEGIN UPDATE reference_version SET version = version + 1; END;
    CREATE TRIGGER name_variants_inserted AFTER INSERT ON name_variants BEGIN UPDATE reference_version SET version = version + 1; END;
    CREATE TRIGGER name_variants_updated AFTER UPDATE ON name_variants BEGIN UPDATE reference_version SET version = version + 1; END;
    CREATE TRIGGER name_variants_deleted AFTER DELETE ON name_variants BEGIN UPDATE reference_version SET version = version + 1; END;
    CREATE TRIGGER glossary_terms_inserted AFTER INSERT ON glossary_terms BEGIN UPDATE reference_version SET version = version + 1; END;
    CREATE TRIGGER glossary_terms_updated AFTER UPDATE ON glossary_terms BEGIN UPDATE reference_version SET version = version + 1; END;
    CREATE TRIGGER glossary_terms_deleted AFTER DELETE ON glossary_terms BEGIN UPDATE reference_version SET version = version + 1; END;",
];

/// The schema version this build writes.
pub fn supported_version() -> i64 {
    MIGRATIONS.len() as i64
}

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("schema version {found} is newer than supported {supported}")]
    TooNew { found: i64, supported: i64 },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// The schema version of an open database.
pub fn current_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies every step the database has not seen yet. Refuses a database
/// whose version is above [`supported_version`].
pub fn upgrade(conn: &mut Connection) -> Result<(), MigrationError> {
    upgrade_to(conn, MIGRATIONS)
}

fn upgrade_to(conn: &mut Connection, steps: &[&str]) -> Result<(), MigrationError> {
    let found = current_version(conn)?;
    let supported = steps.len() as i64;
    if found > supported {
        return Err(MigrationError::TooNew { found, supported });
    }
    for (k, step) in steps.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if current_version(&tx)? > k as i64 {
            continue;
        }
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", k as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_applies_on_a_fresh_database_and_sets_the_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        for k in 1..=MIGRATIONS.len() {
            upgrade_to(&mut conn, &MIGRATIONS[..k]).unwrap();
            assert_eq!(current_version(&conn).unwrap(), k as i64);
        }
        // idempotent
        upgrade(&mut conn).unwrap();
        assert_eq!(current_version(&conn).unwrap(), supported_version());
    }

    #[test]
    fn step_1_creates_units_with_dedup() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade_to(&mut conn, &MIGRATIONS[..1]).unwrap();
        let insert = "INSERT OR IGNORE INTO units (src_lang, tgt_lang, source, target, document, created_at, pair_hash) VALUES ('ar','en','a','b','d','t',7)";
        assert_eq!(conn.execute(insert, []).unwrap(), 1);
        assert_eq!(conn.execute(insert, []).unwrap(), 0);
    }

    #[test]
    fn step_2_creates_the_retrieval_index_tables_beside_existing_units() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade_to(&mut conn, &MIGRATIONS[..1]).unwrap();
        conn.execute(
            "INSERT INTO units (src_lang, tgt_lang, source, target, document, created_at, pair_hash) VALUES ('ar','en','a','b','d','t',7)",
            [],
        )
        .unwrap();
        upgrade_to(&mut conn, &MIGRATIONS[..2]).unwrap();
        let units: i64 = conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0)).unwrap();
        assert_eq!(units, 1);
        conn.execute("INSERT INTO fuzzy_terms (key, last_id, count, postings) VALUES (-42, 1, 1, x'0108')", []).unwrap();
        assert!(conn.execute("INSERT INTO fuzzy_terms (key, last_id, count, postings) VALUES (-42, 1, 1, x'0108')", []).is_err());
        conn.execute("INSERT INTO fuzzy_state (name, value) VALUES ('indexed_through', '1')", []).unwrap();
    }

    #[test]
    fn names_step_stores_house_style_entries_with_variants() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade(&mut conn).unwrap();
        conn.execute("INSERT INTO name_style (id, preferred) VALUES (1, 'Haniyeh')", []).unwrap();
        conn.execute("INSERT INTO name_variants (style_id, position, variant) VALUES (1, 0, 'Haniya')", []).unwrap();
        assert!(conn.execute("INSERT INTO name_style (id, preferred) VALUES (2, 'Haniyeh')", []).is_err());
        assert!(conn.execute("INSERT INTO name_variants (style_id, position, variant) VALUES (1, 1, 'Haniya')", []).is_err());
    }

    #[test]
    fn glossary_step_stores_concepts_terms_and_batch_headers_keeping_units() {
        let mut conn = Connection::open_in_memory().unwrap();
        let step = MIGRATIONS.iter().position(|s| s.contains("CREATE TABLE glossaries")).unwrap();
        assert_eq!(step + 1, 7, "the glossary step is migration 7");
        upgrade_to(&mut conn, &MIGRATIONS[..step]).unwrap();
        conn.execute(
            "INSERT INTO units (src_lang, tgt_lang, source, target, document, created_at, pair_hash) VALUES ('ar','en','a','b','d','t',7)",
            [],
        )
        .unwrap();
        upgrade_to(&mut conn, &MIGRATIONS[..=step]).unwrap();
        conn.execute("INSERT INTO glossaries (id, file, at, header) VALUES (1, 'g.tbx', 't', '{}')", []).unwrap();
        conn.execute("INSERT INTO glossary_concepts (id, glossary_id, concept_id, entry) VALUES (1, 1, 'c1', '{}')", []).unwrap();
        let term = "INSERT INTO glossary_terms (concept, position, lang, term, deprecated) VALUES (1, 0, 'en', 'Doha', 0)";
        conn.execute(term, []).unwrap();
        assert!(conn.execute(term, []).is_err());
        conn.execute("INSERT INTO batch_headers (batch_id, format, header) VALUES (1, 'tmx', '{}')", []).unwrap();
        let units: i64 = conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0)).unwrap();
        assert_eq!(units, 1);
    }

    #[test]
    fn tokens_step_stores_one_hash_per_name() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade(&mut conn).unwrap();
        conn.execute("INSERT INTO api_tokens (name, role, hash, created_at) VALUES ('desk', 'reader', 'ab', 't')", []).unwrap();
        assert!(conn.execute("INSERT INTO api_tokens (name, role, hash, created_at) VALUES ('desk', 'admin', 'cd', 't')", []).is_err());
        assert!(conn.execute("INSERT INTO api_tokens (name, role, hash, created_at) VALUES ('other', 'admin', 'ab', 't')", []).is_err());
    }

    #[test]
    fn reference_version_step_counts_style_and_glossary_writes_and_not_unit_writes() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade(&mut conn).unwrap();
        let version = |conn: &Connection| -> i64 { conn.query_row("SELECT version FROM reference_version", [], |r| r.get(0)).unwrap() };
        assert_eq!(version(&conn), 0);
        conn.execute("INSERT INTO name_style (id, preferred) VALUES (1, 'Haniyeh')", []).unwrap();
        conn.execute("INSERT INTO name_variants (style_id, position, variant) VALUES (1, 0, 'Haniya')", []).unwrap();
        let after_style = version(&conn);
        assert!(after_style >= 2, "{after_style}");
        conn.execute(
            "INSERT INTO units (src_lang, tgt_lang, source, target, document, created_at, pair_hash) VALUES ('ar', 'en', 'a', 'b', 'd', 't', 1)",
            [],
        )
        .unwrap();
        assert_eq!(version(&conn), after_style, "a unit is not a reference change");
        conn.execute("INSERT INTO glossaries (id, file, at, header) VALUES (1, 'g.tbx', 't', '{}')", []).unwrap();
        conn.execute("INSERT INTO glossary_concepts (id, glossary_id, entry) VALUES (1, 1, '{}')", []).unwrap();
        conn.execute("INSERT INTO glossary_terms (concept, position, lang, term) VALUES (1, 0, 'en', 'ceasefire')", []).unwrap();
        assert!(version(&conn) > after_style);
        let before_delete = version(&conn);
        conn.execute("DELETE FROM name_style", []).unwrap();
        assert!(version(&conn) > before_delete, "a deletion counts too");
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", supported_version() + 1).unwrap();
        assert!(matches!(upgrade(&mut conn), Err(MigrationError::TooNew { .. })));
    }

    #[test]
    fn a_failing_step_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        let steps = ["CREATE TABLE a (x);", "CREATE TABLE b (y); THIS IS NOT SQL;"];
        assert!(upgrade_to(&mut conn, &steps).is_err());
        assert_eq!(current_version(&conn).unwrap(), 1);
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'b'", [], |r| r.get(0)).unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn interchange_step_adds_markup_metadata_and_change_columns_keeping_units() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade_to(&mut conn, &MIGRATIONS[..1]).unwrap();
        conn.execute(
            "INSERT INTO units (src_lang, tgt_lang, source, target, document, created_at, pair_hash) VALUES ('ar','en','a','b','d','t',7)",
            [],
        )
        .unwrap();
        let step = MIGRATIONS.iter().position(|s| s.contains("source_markup")).unwrap();
        upgrade_to(&mut conn, &MIGRATIONS[..=step]).unwrap();
        let (markup, changed): (Option<String>, Option<String>) =
            conn.query_row("SELECT source_markup, changed_at FROM units WHERE source = 'a'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!((markup, changed), (None, None));
        conn.execute("UPDATE units SET target_markup = '<ph x=\"1\"/>b', metadata = '{}', changed_by = 'x'", []).unwrap();
    }
}

#[cfg(test)]
mod superseded_step_tests {
    use super::*;

    #[test]
    fn superseded_step_gives_older_units_their_source_hash_and_marks_the_older_of_two_targets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        let step = MIGRATIONS.iter().position(|s| s.contains("superseded_by")).unwrap();
        {
            let mut conn = Connection::open(&path).unwrap();
            upgrade_to(&mut conn, &MIGRATIONS[..step]).unwrap();
            for (id, tgt, target) in [(1, "en", "Thanks"), (2, "fr", "Merci"), (3, "en", "Thank you")] {
                conn.execute(
                    "INSERT INTO units (id, src_lang, tgt_lang, source, target, document, created_at, pair_hash)
                     VALUES (?1, 'ar', ?2, 'شكرا', ?3, 'd', 't', ?1)",
                    rusqlite::params![id, tgt, target],
                )
                .unwrap();
            }
        }
        let memory = crate::memory::Memory::open(&path, crate::fuzzy::index_keys()).unwrap();
        let units = memory.units(None, None).unwrap();
        assert_eq!(units.iter().map(|u| (u.id, u.superseded_by)).collect::<Vec<_>>(), [(1, Some(3)), (2, None), (3, None)]);
        let hashes: Vec<i64> = memory
            .sqlite_conn()
            .prepare("SELECT source_hash FROM units ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(hashes, [crate::memory::source_hash("ar", "en", "شكرا"), crate::memory::source_hash("ar", "fr", "شكرا"), hashes[0]]);
        assert_eq!(memory.stats().unwrap().superseded, 1);
    }
}
