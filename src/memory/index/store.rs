//! The index in SQLite: `fuzzy_terms` holds one row per key (its id the
//! key's [`super::term_id`]), `fuzzy_state` how far the index is built and
//! with which keys; and the [`Memory`] methods that read and refresh it.

use super::builder::{Lists, Pending, build, by_row_id};
use super::codec::{List, Posting, Postings};
use super::{CandidateUnit, IndexKeys, PostingSource, Side, key_version, source_key, term, term_id};
use crate::memory::{Memory, MemoryError, Store, sqlite_error, sqlite_or};
use rusqlite::{Connection, OptionalExtension, params};

/// The index's tables as a backend keeps them: what [`flush`],
/// [`rebuild`] and [`status`] need, so that one algorithm serves SQLite
/// and PostgreSQL.
pub(crate) trait IndexTables {
    type Error;
    fn state(&mut self, name: &str) -> Result<Option<String>, Self::Error>;
    fn set_state(&mut self, name: &str, value: &str) -> Result<(), Self::Error>;
    /// The highest unit id, 0 if none.
    fn max_id(&mut self) -> Result<i64, Self::Error>;
    /// `(id, source, target)` of the units with `after < id < before`, by id.
    fn units_between(&mut self, after: i64, before: i64) -> Result<Vec<(i64, String, String)>, Self::Error>;
    /// Deletes every list (and the state, with `state`).
    fn clear(&mut self, state: bool) -> Result<(), Self::Error>;
    /// Stores a new row; `false` (nothing written) if `key` has one.
    fn insert_term(&mut self, key: i64, last_id: i64, count: i64, postings: &[u8]) -> Result<bool, Self::Error>;
    /// `(last_id, count, postings)` of a stored row.
    fn term(&mut self, key: i64) -> Result<(i64, i64, Vec<u8>), Self::Error>;
    fn update_term(&mut self, key: i64, last_id: i64, count: i64, postings: &[u8]) -> Result<(), Self::Error>;
}

/// SQLite's index tables, on a connection or inside its transaction.
pub(crate) struct SqliteTables<'c>(pub(crate) &'c Connection);

impl IndexTables for SqliteTables<'_> {
    type Error = rusqlite::Error;

    fn state(&mut self, name: &str) -> rusqlite::Result<Option<String>> {
        self.0.query_row("SELECT value FROM fuzzy_state WHERE name = ?1", [name], |r| r.get(0)).optional()
    }

    fn set_state(&mut self, name: &str, value: &str) -> rusqlite::Result<()> {
        self.0.execute("INSERT OR REPLACE INTO fuzzy_state (name, value) VALUES (?1, ?2)", params![name, value]).map(|_| ())
    }

    fn max_id(&mut self) -> rusqlite::Result<i64> {
        self.0.query_row("SELECT coalesce(max(id), 0) FROM units", [], |r| r.get(0))
    }

    fn units_between(&mut self, after: i64, before: i64) -> rusqlite::Result<Vec<(i64, String, String)>> {
        let mut stmt = self.0.prepare("SELECT id, source, target FROM units WHERE id > ?1 AND id < ?2 ORDER BY id")?;
        stmt.query_map([after, before], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
    }

    fn clear(&mut self, state: bool) -> rusqlite::Result<()> {
        self.0.execute_batch(if state { "DELETE FROM fuzzy_terms; DELETE FROM fuzzy_state;" } else { "DELETE FROM fuzzy_terms" })
    }

    fn insert_term(&mut self, key: i64, last_id: i64, count: i64, postings: &[u8]) -> rusqlite::Result<bool> {
        let mut insert =
            self.0.prepare_cached("INSERT OR IGNORE INTO fuzzy_terms (key, last_id, count, postings) VALUES (?1, ?2, ?3, ?4)")?;
        Ok(insert.execute(params![key, last_id, count, postings])? == 1)
    }

    fn term(&mut self, key: i64) -> rusqlite::Result<(i64, i64, Vec<u8>)> {
        let mut select = self.0.prepare_cached("SELECT last_id, count, postings FROM fuzzy_terms WHERE key = ?1")?;
        select.query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    }

    fn update_term(&mut self, key: i64, last_id: i64, count: i64, postings: &[u8]) -> rusqlite::Result<()> {
        let mut update = self.0.prepare_cached("UPDATE fuzzy_terms SET last_id = ?2, count = ?3, postings = ?4 WHERE key = ?1")?;
        update.execute(params![key, last_id, count, postings]).map(|_| ())
    }
}

/// Up to which unit id the index is complete, and whether it was built
/// with today's keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStatus {
    pub indexed_through: i64,
    pub max_id: i64,
    pub current_keys: bool,
}

impl IndexStatus {
    /// Nothing to do before the index can answer.
    pub fn is_fresh(&self) -> bool {
        self.current_keys && self.indexed_through >= self.max_id
    }
}

pub(crate) fn status<T: IndexTables>(tables: &mut T, keys: &dyn IndexKeys) -> Result<IndexStatus, T::Error> {
    let indexed_through = tables.state("indexed_through")?.and_then(|v| v.parse().ok()).unwrap_or(0);
    let max_id = tables.max_id()?;
    let version = tables.state("key_version")?;
    // an empty index with no units is current whatever built it
    let current_keys = version.as_deref() == Some(key_version(keys).as_str()) || (version.is_none() && indexed_through == 0);
    Ok(IndexStatus { indexed_through, max_id, current_keys })
}

/// Writes the pending units' postings inside the writer's transaction.
/// Units stored earlier but not yet indexed are indexed too; if the keys
/// have changed since the index was built, it is rebuilt whole.
pub(crate) fn flush<T: IndexTables>(tables: &mut T, pending: Pending) -> Result<(), T::Error> {
    let keys = pending.keys.clone();
    let before = status(tables, &*keys)?;
    let (added, added_lists) = pending.finish();
    // units stored without the index (or all, if the keys changed) come first
    let (after, before_first) = match (before.current_keys, added) {
        (false, _) => (0, added.map_or(i64::MAX, |(first, _)| first)),
        (true, Some((first, _))) => (before.indexed_through, first),
        (true, None) => (before.indexed_through, i64::MAX),
    };
    if !before.current_keys {
        tables.clear(false)?;
    }
    let earlier = tables.units_between(after, before_first)?;
    let mut through = earlier.last().map_or(before.indexed_through, |u| u.0);
    let earlier_lists = build(&earlier, &*keys);
    drop(earlier);
    if let Some((_, last)) = added {
        through = through.max(last);
    }
    // the earlier units' ids are all below the added ones': writing them
    // first lets the added lists be appended to theirs
    write_lists(tables, by_row_id(earlier_lists))?;
    write_lists(tables, added_lists)?;
    tables.set_state("indexed_through", &through.max(before.indexed_through).to_string())?;
    tables.set_state("key_version", &key_version(&*keys))
}

/// Writes the lists the builder of `pending` has handed back early, if
/// any, inside the writer's transaction (a large import), so that they
/// need not wait in memory for the commit.
pub(crate) fn write_ready<T: IndexTables>(tables: &mut T, pending: &mut Pending) -> Result<(), T::Error> {
    match pending.ready() {
        Some(lists) => write_lists(tables, lists),
        None => Ok(()),
    }
}

/// Stores `lists` (sorted by row id), appending to the stored lists.
fn write_lists<T: IndexTables>(tables: &mut T, lists: Lists) -> Result<(), T::Error> {
    for (key, list) in lists {
        if list.len == 0 {
            continue;
        }
        // a new key is stored at once (a fresh memory has only new keys);
        // a list's first delta is counted from 0: its bytes are stored as they are
        if tables.insert_term(key, list.last_id, list.len as i64, &list.bytes)? {
            continue;
        }
        // a stored one is read and appended to
        let (last_id, count, mut bytes) = tables.term(key)?;
        if list.first_id > last_id {
            bytes.extend_from_slice(&list.rebased(last_id));
            tables.update_term(key, list.last_id, count + list.len as i64, &bytes)?;
        } else {
            // ids out of order (a unit re-used an id): merge whole
            let mut entries: Vec<Posting> = Postings { bytes, len: count as usize }.iter().collect();
            entries.extend(Postings { bytes: list.rebased(0), len: list.len }.iter());
            entries.sort_by_key(|p| p.id);
            entries.dedup_by_key(|p| p.id);
            let mut merged = List::default();
            for p in &entries {
                merged.push(p.id, p.length as usize, p.count);
            }
            tables.update_term(key, merged.last_id, merged.len as i64, &merged.rebased(0))?;
        }
    }
    Ok(())
}

/// Takes units out of the index and puts units in, touching only their
/// keys' lists (a correction: an edit is its unit's old text out and its
/// new text in, a deletion out, a restore in). `out` and `into` are
/// `(id, source, target)`. Units the index does not cover yet are left to
/// the next writer, and an index built with other keys is rebuilt whole
/// by it; nothing is done for them here.
pub(crate) fn update_units<T: IndexTables>(
    tables: &mut T,
    keys: &dyn IndexKeys,
    out: &[(i64, String, String)],
    into: &[(i64, String, String)],
) -> Result<(), T::Error> {
    let status = status(tables, keys)?;
    if !status.current_keys {
        return Ok(());
    }
    let covered = |units: &[(i64, String, String)]| -> Vec<(i64, String, String)> {
        units.iter().filter(|u| u.0 <= status.indexed_through).cloned().collect()
    };
    let (out, into) = (covered(out), covered(into));
    if !out.is_empty() {
        let gone: Vec<i64> = out.iter().map(|u| u.0).collect();
        for (key, _) in by_row_id(super::builder::build_one(&out, keys)) {
            let (_, count, bytes) = tables.term(key)?;
            let mut kept = List::default();
            for p in (Postings { bytes, len: count as usize }).iter().filter(|p| !gone.contains(&p.id)) {
                kept.push(p.id, p.length as usize, p.count);
            }
            // a list's first delta is counted from 0, as `push` writes it
            tables.update_term(key, kept.last_id, kept.len as i64, &kept.bytes)?;
        }
    }
    if !into.is_empty() {
        write_lists(tables, by_row_id(super::builder::build_one(&into, keys)))?;
    }
    Ok(())
}

/// Rebuilds the whole index from the units.
pub(crate) fn rebuild<T: IndexTables>(tables: &mut T, keys: &dyn IndexKeys) -> Result<usize, T::Error> {
    tables.clear(true)?;
    let units = tables.units_between(0, i64::MAX)?;
    let count = units.len();
    let through = units.last().map_or(0, |u| u.0);
    write_lists(tables, by_row_id(build(&units, keys)))?;
    tables.set_state("indexed_through", &through.to_string())?;
    tables.set_state("key_version", &key_version(keys))?;
    Ok(count)
}

/// The posting list of one stored key.
pub(crate) fn postings(conn: &Connection, term: &str) -> rusqlite::Result<Postings> {
    let mut stmt = conn.prepare_cached("SELECT count, postings FROM fuzzy_terms WHERE key = ?1")?;
    let found: Option<(i64, Vec<u8>)> = stmt.query_row([term_id(term)], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    Ok(found.map(|(len, bytes)| Postings { bytes, len: len as usize }).unwrap_or_default())
}

fn row_to_candidate(r: &rusqlite::Row<'_>) -> rusqlite::Result<CandidateUnit> {
    Ok(CandidateUnit {
        id: r.get(0)?,
        src_lang: r.get(1)?,
        tgt_lang: r.get(2)?,
        source: r.get(3)?,
        target: r.get(4)?,
        created_at: r.get(5)?,
        created_by: r.get(6)?,
        last_changed: r.get(7)?,
        superseded_by: r.get(8)?,
    })
}

const CANDIDATE_COLUMNS: &str =
    "id, src_lang, tgt_lang, source, target, created_at, created_by, coalesce(changed_at, created_at), superseded_by";

impl Memory {
    /// Readies the connection for many index look-ups: posting lists are
    /// read through a memory map, and a larger page cache keeps the
    /// common ones. Fails only on a SQLite error.
    pub fn prepare_for_queries(&self) -> Result<(), MemoryError> {
        let conn = sqlite_or!(self, _pg => Ok(()));
        conn.execute_batch("PRAGMA mmap_size = 4294967296; PRAGMA cache_size = -65536;").map_err(|e| self.err(e))
    }

    /// Starts a read transaction, so that many look-ups share one lock
    /// and one snapshot instead of taking them statement by statement;
    /// `false` if a transaction was open already (then nothing changes).
    pub fn begin_reading(&self) -> Result<bool, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.begin_reading().map_err(|e| pg.err(e)));
        if !conn.is_autocommit() {
            return Ok(false);
        }
        conn.execute_batch("BEGIN DEFERRED").map_err(|e| self.err(e))?;
        Ok(true)
    }

    /// Ends the read transaction [`Memory::begin_reading`] started.
    pub fn end_reading(&self) -> Result<(), MemoryError> {
        let conn = sqlite_or!(self, pg => pg.end_reading().map_err(|e| pg.err(e)));
        if conn.is_autocommit() {
            return Ok(());
        }
        conn.execute_batch("COMMIT").map_err(|e| self.err(e))
    }

    /// How far the retrieval index is built.
    pub fn index_status(&self) -> Result<IndexStatus, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.index_status(&*self.keys).map_err(|e| pg.err(e)));
        status(&mut SqliteTables(conn), &*self.keys).map_err(|e| self.err(e))
    }

    /// Indexes the units stored since the index was last built (all of
    /// them if the name keys changed); returns how many units that was.
    /// Fails only on a SQLite error.
    pub fn refresh_index(&mut self) -> Result<usize, MemoryError> {
        let before = self.index_status()?;
        if before.is_fresh() {
            return Ok(0);
        }
        let after = if before.current_keys { before.indexed_through } else { 0 };
        let units: i64 = match &self.store {
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                pg.count_units_after(after).map_err(|e| pg.err(e))?
            }
            Store::Sqlite(conn) if before.current_keys => conn
                .query_row("SELECT count(*) FROM units WHERE id > ?1", [before.indexed_through], |r| r.get(0))
                .map_err(|e| self.err(e))?,
            Store::Sqlite(conn) => conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0)).map_err(|e| self.err(e))?,
        };
        self.writer()?.commit()?;
        Ok(units as usize)
    }

    /// Drops and rebuilds the retrieval index from the stored units, in
    /// one transaction; returns the number of units indexed.
    pub fn rebuild_index(&mut self) -> Result<usize, MemoryError> {
        let path = self.path.clone();
        let conn = match &mut self.store {
            Store::Sqlite(conn) => conn,
            Store::Postgres(cell) => {
                let pg = cell.get_mut();
                return pg.rebuild_index(&*self.keys).map_err(|e| pg.err(e));
            }
        };
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| sqlite_error(&path, e))?;
        let count = rebuild(&mut SqliteTables(&tx), &*self.keys).map_err(|e| sqlite_error(&path, e))?;
        tx.commit().map_err(|e| sqlite_error(&path, e))?;
        Ok(count)
    }

    /// The posting list of `key` (an index key as the memory's
    /// [`IndexKeys`] make it) on `side`.
    pub fn postings(&self, side: Side, key: &str) -> Result<Postings, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.postings(term_id(&term(side, key))).map_err(|e| pg.err(e)));
        postings(conn, &term(side, key)).map_err(|e| self.err(e))
    }

    /// How many units hold `key` on `side` (without reading the list).
    pub fn postings_len(&self, side: Side, key: &str) -> Result<usize, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.postings_len(term_id(&term(side, key))).map_err(|e| pg.err(e)));
        let mut stmt = conn.prepare_cached("SELECT count FROM fuzzy_terms WHERE key = ?1").map_err(|e| self.err(e))?;
        let found: Option<i64> = stmt.query_row([term_id(&term(side, key))], |r| r.get(0)).optional().map_err(|e| self.err(e))?;
        Ok(found.unwrap_or(0) as usize)
    }

    /// The indexed units whose source may be `source` or of its form
    /// (those of its [`source_key`] bucket with its length and check;
    /// rarely of another form: compare them), by increasing id.
    pub fn units_with_source(&self, source: &str) -> Result<Vec<i64>, MemoryError> {
        let (key, check) = source_key(&*self.keys, source);
        Ok(super::source::with_length_and_check(&self.postings(Side::Source, &key)?, self.keys.length(source.trim()), check))
    }

    /// Whether any unit is from `src_lang` into `tgt_lang` (either may be
    /// left open), matched on the primary subtag as
    /// [`Memory::for_each_unit`] does: the first such unit ends the
    /// search, so this is quick unless there is none.
    pub fn has_units_in(&self, src_lang: Option<&crate::lang::Lang>, tgt_lang: Option<&crate::lang::Lang>) -> Result<bool, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.has_units_in(src_lang, tgt_lang).map_err(|e| pg.err(e)));
        let mut stmt = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM units
                 WHERE (?1 IS NULL OR src_lang = ?1 OR src_lang LIKE ?1 || '-%')
                   AND (?2 IS NULL OR tgt_lang = ?2 OR tgt_lang LIKE ?2 || '-%'))",
            )
            .map_err(|e| self.err(e))?;
        stmt.query_row(params![src_lang.map(|l| l.primary()), tgt_lang.map(|l| l.primary())], |r| r.get(0)).map_err(|e| self.err(e))
    }

    /// One unit's text and dates, by id (a cached statement: cheap).
    pub fn candidate(&self, id: i64) -> Result<Option<CandidateUnit>, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.candidate(id).map_err(|e| pg.err(e)));
        let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM units WHERE id = ?1");
        let mut stmt = conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        stmt.query_row([id], row_to_candidate).optional().map_err(|e| self.err(e))
    }

    /// Calls `f` with every unit whose id is above `after`, in id order.
    pub fn for_each_candidate_after(&self, after: i64, mut f: impl FnMut(CandidateUnit)) -> Result<(), MemoryError> {
        let conn = sqlite_or!(self, pg => {
            let rows = pg.candidates_after(after).map_err(|e| pg.err(e))?;
            rows.into_iter().for_each(f);
            Ok(())
        });
        let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM units WHERE id > ?1 ORDER BY id");
        let mut stmt = conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([after], row_to_candidate).map_err(|e| self.err(e))?;
        for row in rows {
            f(row.map_err(|e| self.err(e))?);
        }
        Ok(())
    }
}

impl PostingSource for Memory {
    fn prepare_for_queries(&self) -> Result<(), MemoryError> {
        Memory::prepare_for_queries(self)
    }

    fn begin_reading(&self) -> Result<bool, MemoryError> {
        Memory::begin_reading(self)
    }

    fn end_reading(&self) -> Result<(), MemoryError> {
        Memory::end_reading(self)
    }

    fn index_status(&self) -> Result<IndexStatus, MemoryError> {
        Memory::index_status(self)
    }

    fn postings(&self, side: Side, key: &str) -> Result<Postings, MemoryError> {
        Memory::postings(self, side, key)
    }

    fn postings_len(&self, side: Side, key: &str) -> Result<usize, MemoryError> {
        Memory::postings_len(self, side, key)
    }

    fn postings_lens(&self, side: Side, keys: &[&str]) -> Result<Vec<usize>, MemoryError> {
        match &self.store {
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                let ids: Vec<i64> = keys.iter().map(|key| term_id(&term(side, key))).collect();
                pg.postings_lens(&ids).map_err(|e| pg.err(e))
            }
            // in-process: one cached statement per key costs no round trip
            Store::Sqlite(_) => keys.iter().map(|key| Memory::postings_len(self, side, key)).collect(),
        }
    }

    fn postings_of(&self, side: Side, keys: &[&str]) -> Result<Vec<Postings>, MemoryError> {
        match &self.store {
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                let ids: Vec<i64> = keys.iter().map(|key| term_id(&term(side, key))).collect();
                pg.postings_of(&ids).map_err(|e| pg.err(e))
            }
            Store::Sqlite(_) => keys.iter().map(|key| Memory::postings(self, side, key)).collect(),
        }
    }

    fn units_with_source(&self, source: &str) -> Result<Vec<i64>, MemoryError> {
        Memory::units_with_source(self, source)
    }

    fn candidate(&self, id: i64) -> Result<Option<CandidateUnit>, MemoryError> {
        Memory::candidate(self, id)
    }

    fn for_each_candidate_after(&self, after: i64, f: &mut dyn FnMut(CandidateUnit)) -> Result<(), MemoryError> {
        Memory::for_each_candidate_after(self, after, f)
    }

    fn candidates(&self, ids: &[i64]) -> Result<Vec<CandidateUnit>, MemoryError> {
        match &self.store {
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                pg.candidates(ids).map_err(|e| pg.err(e))
            }
            Store::Sqlite(_) => ids.iter().filter_map(|&id| Memory::candidate(self, id).transpose()).collect(),
        }
    }

    fn unit(&self, id: i64) -> Result<Option<crate::memory::Unit>, MemoryError> {
        Memory::unit(self, id)
    }

    fn units_of(&self, ids: &[i64]) -> Result<Vec<crate::memory::Unit>, MemoryError> {
        match &self.store {
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                pg.units_of(ids).map_err(|e| pg.err(e))
            }
            Store::Sqlite(_) => ids.iter().filter_map(|&id| Memory::unit(self, id).transpose()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(memory: &crate::memory::Memory) -> Vec<(i64, i64, i64, Vec<u8>)> {
        let mut stmt = memory.sqlite_conn().prepare("SELECT key, last_id, count, postings FROM fuzzy_terms ORDER BY key").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn a_large_write_indexed_in_the_background_equals_a_rebuild() {
        use crate::lang::Lang;
        use crate::memory::{Memory, NewUnit};
        let dir = tempfile::tempdir().unwrap();
        let mut memory = Memory::open(&dir.path().join("m.sqlite"), crate::fuzzy::index_keys()).unwrap();
        let (en, fr) = (Lang::parse("en").unwrap(), Lang::parse("fr").unwrap());
        for round in 0..2 {
            let mut writer = memory.writer().unwrap();
            for k in 0..(super::super::builder::BATCH * 2 + 17) {
                let unit =
                    NewUnit::new(en.clone(), fr.clone(), &format!("word{} the {k} {round}", k % 97), &format!("mot{} le", k % 13), "t");
                writer.add(&unit).unwrap();
            }
            writer.commit().unwrap();
        }
        let written = rows(&memory);
        assert!(written.len() > 100);
        memory.rebuild_index().unwrap();
        assert_eq!(rows(&memory), written);
        assert!(memory.index_status().unwrap().is_fresh());
    }

    // Issue 10 items 2 and 10: the source keys and number value keys
    // came with a new key scheme; a memory indexed under the old one must
    // be rebuilt, not answered from lists that lack them.
    #[test]
    fn an_index_built_with_older_keys_is_rebuilt_with_source_and_value_keys() {
        use crate::lang::Lang;
        use crate::memory::{Memory, NewUnit};
        let dir = tempfile::tempdir().unwrap();
        let mut memory = Memory::open(&dir.path().join("m.sqlite"), crate::fuzzy::index_keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        let unit =
            NewUnit::new(Lang::parse("en").unwrap(), Lang::parse("fr").unwrap(), " Some 31,000 trucks. ", "Quelque 31 000 camions.", "t");
        writer.add(&unit).unwrap();
        writer.commit().unwrap();
        assert_eq!(memory.units_with_source("Some 31,000 trucks.").unwrap(), [1]);
        assert_eq!(memory.postings(Side::Target, "#31000").unwrap().len(), 1);
        // as a dragoman of the previous scheme left it: no source or value keys
        memory.sqlite_conn().execute_batch("DELETE FROM fuzzy_terms WHERE key NOT IN (SELECT key FROM fuzzy_terms LIMIT 1)").unwrap();
        SqliteTables(memory.sqlite_conn()).set_state("key_version", "postings-2/0123456789abcdef").unwrap();
        assert!(!memory.index_status().unwrap().current_keys);
        assert_eq!(memory.refresh_index().unwrap(), 1);
        assert_eq!(memory.units_with_source("Some 31,000 trucks.").unwrap(), [1]);
        assert_eq!(memory.postings(Side::Source, "#31000").unwrap().len(), 1);
        // of the same form (issue 10 item 2), or not
        assert_eq!(memory.units_with_source("some 31,000 trucks").unwrap(), [1]);
        assert!(memory.units_with_source("Some 32,000 trucks.").unwrap().is_empty());
    }

    // Issue 10 item 2: source keys became keys of the source's form; a
    // memory indexed with exact-text source keys (scheme 3) finds a source
    // differing from the query only in case or punctuation once its index
    // is brought up to date, as the first query or write does.
    #[test]
    fn an_index_with_exact_text_source_keys_is_rebuilt_with_form_keys() {
        use crate::lang::Lang;
        use crate::memory::{Memory, NewUnit};
        let dir = tempfile::tempdir().unwrap();
        let keys = crate::fuzzy::index_keys();
        let mut memory = Memory::open(&dir.path().join("m.sqlite"), keys.clone()).unwrap();
        let mut writer = memory.writer().unwrap();
        let unit = NewUnit::new(Lang::parse("en").unwrap(), Lang::parse("fr").unwrap(), "Five people were killed.", "Cinq morts.", "t");
        writer.add(&unit).unwrap();
        writer.commit().unwrap();
        // as scheme 3 left it: the exact text's bucket
        let exact = crate::hash::fnv1a("Five people were killed.".bytes());
        let (old_key, _) = super::super::source_key_of_hash(exact);
        let (new_key, _) = super::super::source_key(&*keys, "five people were killed");
        assert_ne!(old_key, new_key);
        memory.sqlite_conn().execute("DELETE FROM fuzzy_terms WHERE key = ?1", [term_id(&term(Side::Source, &new_key))]).unwrap();
        let mut list = List::default();
        list.push(1, 4, (exact & 7) as u32);
        memory
            .sqlite_conn()
            .execute(
                "INSERT INTO fuzzy_terms (key, last_id, count, postings) VALUES (?1, 1, 1, ?2)",
                params![term_id(&term(Side::Source, &old_key)), list.bytes],
            )
            .unwrap();
        SqliteTables(memory.sqlite_conn()).set_state("key_version", &format!("postings-3/{}", keys.version())).unwrap();
        assert!(memory.units_with_source("five people were killed").unwrap().is_empty());
        assert!(!memory.index_status().unwrap().current_keys);
        assert_eq!(memory.refresh_index().unwrap(), 1);
        assert_eq!(memory.units_with_source("five people were killed").unwrap(), [1]);
        assert_eq!(memory.units_with_source("Five people were killed.").unwrap(), [1]);
    }
}
