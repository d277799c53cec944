//! The index in SQLite: `fuzzy_terms` holds one row per key (its id the
//! key's [`super::term_id`]), `fuzzy_state` how far the index is built and
//! with which keys; and the [`Memory`] methods that read and refresh it.

use super::builder::{Lists, Pending, build, by_row_id};
use super::codec::{List, Posting, Postings};
use super::{CandidateUnit, IndexKeys, PostingSource, Side, key_version, source_key, term, term_id};
use crate::memory::{Memory, MemoryError, sqlite_error};
use rusqlite::{Connection, OptionalExtension, params};

pub(crate) fn state(conn: &Connection, name: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM fuzzy_state WHERE name = ?1", [name], |r| r.get(0)).optional()
}

pub(crate) fn set_state(conn: &Connection, name: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute("INSERT OR REPLACE INTO fuzzy_state (name, value) VALUES (?1, ?2)", params![name, value]).map(|_| ())
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

pub(crate) fn status(conn: &Connection, keys: &dyn IndexKeys) -> rusqlite::Result<IndexStatus> {
    let indexed_through = state(conn, "indexed_through")?.and_then(|v| v.parse().ok()).unwrap_or(0);
    let max_id: i64 = conn.query_row("SELECT coalesce(max(id), 0) FROM units", [], |r| r.get(0))?;
    let version = state(conn, "key_version")?;
    // an empty index with no units is current whatever built it
    let current_keys = version.as_deref() == Some(key_version(keys).as_str()) || (version.is_none() && indexed_through == 0);
    Ok(IndexStatus { indexed_through, max_id, current_keys })
}

fn units_between(conn: &Connection, after: i64, before: i64) -> rusqlite::Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare("SELECT id, source, target FROM units WHERE id > ?1 AND id < ?2 ORDER BY id")?;
    stmt.query_map([after, before], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// Writes the pending units' postings inside the writer's transaction.
/// Units stored earlier but not yet indexed are indexed too; if the keys
/// have changed since the index was built, it is rebuilt whole.
pub(crate) fn flush(conn: &Connection, pending: Pending) -> rusqlite::Result<()> {
    let keys = pending.keys.clone();
    let before = status(conn, &*keys)?;
    let (added, added_lists) = pending.finish();
    // units stored without the index (or all, if the keys changed) come first
    let (after, before_first) = match (before.current_keys, added) {
        (false, _) => (0, added.map_or(i64::MAX, |(first, _)| first)),
        (true, Some((first, _))) => (before.indexed_through, first),
        (true, None) => (before.indexed_through, i64::MAX),
    };
    if !before.current_keys {
        conn.execute_batch("DELETE FROM fuzzy_terms")?;
    }
    let earlier = units_between(conn, after, before_first)?;
    let mut through = earlier.last().map_or(before.indexed_through, |u| u.0);
    let earlier_lists = build(&earlier, &*keys);
    drop(earlier);
    if let Some((_, last)) = added {
        through = through.max(last);
    }
    // the earlier units' ids are all below the added ones': writing them
    // first lets the added lists be appended to theirs
    write_lists(conn, by_row_id(earlier_lists))?;
    write_lists(conn, added_lists)?;
    set_state(conn, "indexed_through", &through.max(before.indexed_through).to_string())?;
    set_state(conn, "key_version", &key_version(&*keys))
}

/// Writes the lists the builder of `pending` has handed back early, if
/// any, inside the writer's transaction (a large import), so that they
/// need not wait in memory for the commit.
pub(crate) fn write_ready(conn: &Connection, pending: &mut Pending) -> rusqlite::Result<()> {
    match pending.ready() {
        Some(lists) => write_lists(conn, lists),
        None => Ok(()),
    }
}

/// Stores `lists` (sorted by row id), appending to the stored lists.
fn write_lists(conn: &Connection, lists: Lists) -> rusqlite::Result<()> {
    let mut select = conn.prepare_cached("SELECT last_id, count, postings FROM fuzzy_terms WHERE key = ?1")?;
    // a new key is stored at once (a fresh memory has only new keys); a
    // stored one is read and appended to
    let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO fuzzy_terms (key, last_id, count, postings) VALUES (?1, ?2, ?3, ?4)")?;
    let mut update = conn.prepare_cached("UPDATE fuzzy_terms SET last_id = ?2, count = ?3, postings = ?4 WHERE key = ?1")?;
    for (key, list) in lists {
        if list.len == 0 {
            continue;
        }
        // a list's first delta is counted from 0: its bytes are stored as they are
        if insert.execute(params![key, list.last_id, list.len as i64, list.bytes])? == 1 {
            continue;
        }
        // the row the insert found
        let (last_id, count, mut bytes): (i64, i64, Vec<u8>) = select.query_row([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        if list.first_id > last_id {
            bytes.extend_from_slice(&list.rebased(last_id));
            update.execute(params![key, list.last_id, count + list.len as i64, bytes])?;
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
            update.execute(params![key, merged.last_id, merged.len as i64, merged.rebased(0)])?;
        }
    }
    Ok(())
}

/// Rebuilds the whole index from the units.
pub(crate) fn rebuild(conn: &Connection, keys: &dyn IndexKeys) -> rusqlite::Result<usize> {
    conn.execute_batch("DELETE FROM fuzzy_terms; DELETE FROM fuzzy_state;")?;
    let units = units_between(conn, 0, i64::MAX)?;
    let count = units.len();
    let through = units.last().map_or(0, |u| u.0);
    write_lists(conn, by_row_id(build(&units, keys)))?;
    set_state(conn, "indexed_through", &through.to_string())?;
    set_state(conn, "key_version", &key_version(keys))?;
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
    })
}

const CANDIDATE_COLUMNS: &str = "id, src_lang, tgt_lang, source, target, created_at, created_by, coalesce(changed_at, created_at)";

impl Memory {
    /// Readies the connection for many index look-ups: posting lists are
    /// read through a memory map, and a larger page cache keeps the
    /// common ones. Fails only on a SQLite error.
    pub fn prepare_for_queries(&self) -> Result<(), MemoryError> {
        self.conn.execute_batch("PRAGMA mmap_size = 4294967296; PRAGMA cache_size = -65536;").map_err(|e| self.err(e))
    }

    /// Starts a read transaction, so that many look-ups share one lock
    /// and one snapshot instead of taking them statement by statement;
    /// `false` if a transaction was open already (then nothing changes).
    pub fn begin_reading(&self) -> Result<bool, MemoryError> {
        if !self.conn.is_autocommit() {
            return Ok(false);
        }
        self.conn.execute_batch("BEGIN DEFERRED").map_err(|e| self.err(e))?;
        Ok(true)
    }

    /// Ends the read transaction [`Memory::begin_reading`] started.
    pub fn end_reading(&self) -> Result<(), MemoryError> {
        if self.conn.is_autocommit() {
            return Ok(());
        }
        self.conn.execute_batch("COMMIT").map_err(|e| self.err(e))
    }

    /// How far the retrieval index is built.
    pub fn index_status(&self) -> Result<IndexStatus, MemoryError> {
        status(&self.conn, &*self.keys).map_err(|e| self.err(e))
    }

    /// Indexes the units stored since the index was last built (all of
    /// them if the name keys changed); returns how many units that was.
    /// Fails only on a SQLite error.
    pub fn refresh_index(&mut self) -> Result<usize, MemoryError> {
        let before = self.index_status()?;
        if before.is_fresh() {
            return Ok(0);
        }
        let units: i64 = if before.current_keys {
            self.conn
                .query_row("SELECT count(*) FROM units WHERE id > ?1", [before.indexed_through], |r| r.get(0))
                .map_err(|e| self.err(e))?
        } else {
            self.conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0)).map_err(|e| self.err(e))?
        };
        self.writer()?.commit()?;
        Ok(units as usize)
    }

    /// Drops and rebuilds the retrieval index from the stored units, in
    /// one transaction; returns the number of units indexed.
    pub fn rebuild_index(&mut self) -> Result<usize, MemoryError> {
        let path = self.path.clone();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| sqlite_error(&path, e))?;
        let count = rebuild(&tx, &*self.keys).map_err(|e| sqlite_error(&path, e))?;
        tx.commit().map_err(|e| sqlite_error(&path, e))?;
        Ok(count)
    }

    /// The posting list of `key` (an index key as the memory's
    /// [`IndexKeys`] make it) on `side`.
    pub fn postings(&self, side: Side, key: &str) -> Result<Postings, MemoryError> {
        postings(&self.conn, &term(side, key)).map_err(|e| self.err(e))
    }

    /// How many units hold `key` on `side` (without reading the list).
    pub fn postings_len(&self, side: Side, key: &str) -> Result<usize, MemoryError> {
        let mut stmt = self.conn.prepare_cached("SELECT count FROM fuzzy_terms WHERE key = ?1").map_err(|e| self.err(e))?;
        let found: Option<i64> = stmt.query_row([term_id(&term(side, key))], |r| r.get(0)).optional().map_err(|e| self.err(e))?;
        Ok(found.unwrap_or(0) as usize)
    }

    /// The indexed units whose source may be `source` exactly (those of
    /// its [`source_key`] bucket with its length and check; rarely another
    /// text: compare them), by increasing id.
    pub fn units_with_source(&self, source: &str) -> Result<Vec<i64>, MemoryError> {
        let (key, check) = source_key(source);
        Ok(super::source::with_length_and_check(&self.postings(Side::Source, &key)?, self.keys.length(source.trim()), check))
    }

    /// Whether any unit is from `src_lang` into `tgt_lang` (either may be
    /// left open), matched on the primary subtag as
    /// [`Memory::for_each_unit`] does: the first such unit ends the
    /// search, so this is quick unless there is none.
    pub fn has_units_in(&self, src_lang: Option<&crate::lang::Lang>, tgt_lang: Option<&crate::lang::Lang>) -> Result<bool, MemoryError> {
        let mut stmt = self
            .conn
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
        let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM units WHERE id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        stmt.query_row([id], row_to_candidate).optional().map_err(|e| self.err(e))
    }

    /// Calls `f` with every unit whose id is above `after`, in id order.
    pub fn for_each_candidate_after(&self, after: i64, mut f: impl FnMut(CandidateUnit)) -> Result<(), MemoryError> {
        let sql = format!("SELECT {CANDIDATE_COLUMNS} FROM units WHERE id > ?1 ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
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

    fn units_with_source(&self, source: &str) -> Result<Vec<i64>, MemoryError> {
        Memory::units_with_source(self, source)
    }

    fn candidate(&self, id: i64) -> Result<Option<CandidateUnit>, MemoryError> {
        Memory::candidate(self, id)
    }

    fn for_each_candidate_after(&self, after: i64, f: &mut dyn FnMut(CandidateUnit)) -> Result<(), MemoryError> {
        Memory::for_each_candidate_after(self, after, f)
    }

    fn unit(&self, id: i64) -> Result<Option<crate::memory::Unit>, MemoryError> {
        Memory::unit(self, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(memory: &crate::memory::Memory) -> Vec<(i64, i64, i64, Vec<u8>)> {
        let mut stmt = memory.conn.prepare("SELECT key, last_id, count, postings FROM fuzzy_terms ORDER BY key").unwrap();
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
        memory.conn.execute_batch("DELETE FROM fuzzy_terms WHERE key NOT IN (SELECT key FROM fuzzy_terms LIMIT 1)").unwrap();
        set_state(&memory.conn, "key_version", "postings-2/0123456789abcdef").unwrap();
        assert!(!memory.index_status().unwrap().current_keys);
        assert_eq!(memory.refresh_index().unwrap(), 1);
        assert_eq!(memory.units_with_source("Some 31,000 trucks.").unwrap(), [1]);
        assert_eq!(memory.postings(Side::Source, "#31000").unwrap().len(), 1);
        assert!(memory.units_with_source("Some 31,000 trucks").unwrap().is_empty());
    }
}
