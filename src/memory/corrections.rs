//! Correcting the memory by hand (issue 11 part 4): editing, deleting
//! and restoring one unit, each recorded in the unit's history with who
//! did it, when, and the text the unit had before. A deleted unit leaves
//! the `units` table, so that nothing which reads units (export, search,
//! suggest, stats) can find it; its history keeps it whole for a
//! restore. Every correction updates, in the same transaction, the
//! retrieval index's lists of the keys its units have (not the whole
//! index), so the index never names a deleted unit's text or an edited
//! unit's old text.

use super::index::store::{SqliteTables, update_units};
use super::{Memory, MemoryError, Store, Tx, Unit, pair_hash, pg_error, postgres, row_to_unit, sqlite_error};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// One thing done to a unit by hand.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HistoryEntry {
    /// `edit`, `delete` or `restore`.
    pub action: String,
    pub who: Option<String>,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// The unit's text before the action (none for a restore).
    pub old_source: Option<String>,
    pub old_target: Option<String>,
    pub old_source_markup: Option<String>,
    pub old_target_markup: Option<String>,
    pub batch_id: Option<i64>,
}

/// What can stop a correction (beside the store's own errors).
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    #[error("unit {id}: no such unit")]
    NoSuchUnit { id: i64 },
    #[error("unit {id}: deleted; restore it first")]
    Deleted { id: i64 },
    #[error("unit {id}: not deleted")]
    NotDeleted { id: i64 },
    #[error("unit {id}: the same source and target are stored already as unit {other}")]
    SamePairStored { id: i64, other: i64 },
    #[error("import batch {id}: no such batch")]
    NoSuchBatch { id: i64 },
    #[error("import batch {id}: undone already")]
    BatchUndone { id: i64 },
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

const HISTORY_COLUMNS: &str = "action, who, at, old_source, old_target, old_source_markup, old_target_markup, batch_id";
const UNIT_SELECT: &str = "SELECT id, src_lang, tgt_lang, source, target, document, locator, created_by, created_at,
        source_markup, target_markup, metadata, changed_by, changed_at, superseded_by FROM units";

/// A unit's place among those of its source: `(id, src_lang, tgt_lang, source, superseded_by)`.
pub(crate) type SourceRow = (i64, String, String, String, Option<i64>);

/// The source hash a unit is stored under.
fn source_hash_of(unit: &Unit) -> i64 {
    super::source_hash(&unit.src_lang, &unit.tgt_lang, &unit.source)
}

/// The few statements a correction needs, on either backend's transaction.
pub(crate) trait Tables {
    fn unit(&mut self, id: i64) -> Result<Option<Unit>, MemoryError>;
    /// The unit holding the pair, if any, and the hash value the pair
    /// would be stored under (the first free one from its hash).
    fn pair(&mut self, unit: &Unit) -> Result<(Option<i64>, i64), MemoryError>;
    fn set_text(&mut self, unit: &Unit, hash: i64) -> Result<(), MemoryError>;
    /// Deletes a unit; returns the import batch that had added it.
    fn remove(&mut self, id: i64) -> Result<Option<i64>, MemoryError>;
    /// Stores a deleted unit again, with its id and the import batch that had added it.
    fn put_back(&mut self, unit: &Unit, hash: i64, batch: Option<i64>) -> Result<(), MemoryError>;
    /// Records an action; `kept` is what a deletion keeps of the unit ([`kept_json`]).
    fn record(
        &mut self,
        id: i64,
        action: &str,
        who: Option<&str>,
        at: &str,
        old: Option<&Unit>,
        kept: Option<&str>,
    ) -> Result<(), MemoryError>;
    /// The whole unit and its import batch as the last deletion kept
    /// them, if its last action was one.
    fn last_deleted(&mut self, id: i64) -> Result<Option<(Unit, Option<i64>)>, MemoryError>;
    /// Takes the `out` units' postings out of the index and puts the
    /// `into` units' in (`(id, source, target)`), touching their lists only.
    fn update_index(&mut self, keys: &dyn super::IndexKeys, touched: &Touched) -> Result<(), MemoryError>;
    /// The units stored under a source hash, by id.
    fn with_source_hash(&mut self, hash: i64) -> Result<Vec<SourceRow>, MemoryError>;
    /// The source hashes of the units from id `first` on that another
    /// unit (below `first` or not) has too, in increasing order.
    fn sources_shared_from(&mut self, first: i64) -> Result<Vec<i64>, MemoryError>;
    fn set_successor(&mut self, id: i64, successor: Option<i64>) -> Result<(), MemoryError>;
    /// Chains, for each source hash of `hashes`, the units from id
    /// `first` on after the current unit of their source (see
    /// `supersede::link`), one hash at a time; a database server does it
    /// in one statement instead of a round trip per unit.
    fn link_fresh(&mut self, hashes: &[i64], first: i64) -> Result<(), MemoryError> {
        for &hash in hashes {
            super::supersede::link(self, hash, first)?;
        }
        Ok(())
    }
    /// The units whose successor is `id`.
    fn predecessors(&mut self, id: i64) -> Result<Vec<i64>, MemoryError>;
    /// `(id, src_lang, tgt_lang, source)` of units stored before source
    /// hashes were (a memory migrated to schema 8).
    fn without_source_hash(&mut self) -> Result<Vec<(i64, String, String, String)>, MemoryError>;
    fn set_source_hash(&mut self, id: i64, hash: i64) -> Result<(), MemoryError>;
}

struct Sqlite<'a, 't>(&'a rusqlite::Transaction<'t>, &'a std::path::Path);

impl Tables for Sqlite<'_, '_> {
    fn unit(&mut self, id: i64) -> Result<Option<Unit>, MemoryError> {
        let sql = format!("{UNIT_SELECT} WHERE id = ?1");
        self.0.query_row(&sql, [id], row_to_unit).optional().map_err(|e| sqlite_error(self.1, e))
    }

    fn pair(&mut self, unit: &Unit) -> Result<(Option<i64>, i64), MemoryError> {
        let mut hash = pair_hash(&unit.src_lang, &unit.tgt_lang, &unit.source, &unit.target);
        loop {
            let found: Option<(i64, bool)> = self
                .0
                .query_row(
                    "SELECT id, src_lang = ?2 AND tgt_lang = ?3 AND source = ?4 AND target = ?5 FROM units WHERE pair_hash = ?1",
                    params![hash, unit.src_lang, unit.tgt_lang, unit.source, unit.target],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(|e| sqlite_error(self.1, e))?;
            match found {
                None => return Ok((None, hash)),
                Some((id, true)) => return Ok((Some(id), hash)),
                Some((_, false)) => hash = hash.wrapping_add(1),
            }
        }
    }

    fn set_text(&mut self, unit: &Unit, hash: i64) -> Result<(), MemoryError> {
        self.0
            .execute(
                "UPDATE units SET source = ?2, target = ?3, source_markup = ?4, target_markup = ?5, changed_by = ?6, changed_at = ?7,
                        pair_hash = ?8, source_hash = ?9 WHERE id = ?1",
                params![
                    unit.id,
                    unit.source,
                    unit.target,
                    unit.source_markup,
                    unit.target_markup,
                    unit.changed_by,
                    unit.changed_at,
                    hash,
                    source_hash_of(unit)
                ],
            )
            .map(|_| ())
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn remove(&mut self, id: i64) -> Result<Option<i64>, MemoryError> {
        self.0
            .query_row("DELETE FROM units WHERE id = ?1 RETURNING batch_id", [id], |r| r.get(0))
            .optional()
            .map(Option::flatten)
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn put_back(&mut self, unit: &Unit, hash: i64, batch: Option<i64>) -> Result<(), MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        self.0
            .execute(
                &format!("INSERT {}", super::copy::SQLITE_UNIT_WITH_ID),
                super::copy::sqlite_unit_row(unit, &hash, &source_hash_of(unit)).as_slice(),
            )
            .map_err(e)?;
        self.0.execute("UPDATE units SET batch_id = ?2 WHERE id = ?1", params![unit.id, batch]).map(|_| ()).map_err(e)
    }

    fn record(
        &mut self,
        id: i64,
        action: &str,
        who: Option<&str>,
        at: &str,
        old: Option<&Unit>,
        kept: Option<&str>,
    ) -> Result<(), MemoryError> {
        self.0
            .execute(
                "INSERT INTO unit_history (unit_id, action, who, at, old_source, old_target, old_source_markup, old_target_markup, unit)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    id,
                    action,
                    who,
                    at,
                    old.map(|u| &u.source),
                    old.map(|u| &u.target),
                    old.and_then(|u| u.source_markup.as_ref()),
                    old.and_then(|u| u.target_markup.as_ref()),
                    kept
                ],
            )
            .map(|_| ())
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn last_deleted(&mut self, id: i64) -> Result<Option<(Unit, Option<i64>)>, MemoryError> {
        let last: Option<(String, Option<String>)> = self
            .0
            .query_row("SELECT action, unit FROM unit_history WHERE unit_id = ?1 ORDER BY id DESC LIMIT 1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(|e| sqlite_error(self.1, e))?;
        Ok(whole_unit(last))
    }

    fn update_index(&mut self, keys: &dyn super::IndexKeys, touched: &Touched) -> Result<(), MemoryError> {
        update_units(&mut SqliteTables(self.0), keys, &touched.out, &touched.into).map_err(|e| sqlite_error(self.1, e))
    }

    fn with_source_hash(&mut self, hash: i64) -> Result<Vec<SourceRow>, MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        let mut stmt = self
            .0
            .prepare_cached("SELECT id, src_lang, tgt_lang, source, superseded_by FROM units WHERE source_hash = ?1 ORDER BY id")
            .map_err(e)?;
        let rows = stmt.query_map([hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))).map_err(e)?;
        rows.collect::<Result<_, _>>().map_err(e)
    }

    fn sources_shared_from(&mut self, first: i64) -> Result<Vec<i64>, MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        let mut stmt = self
            .0
            .prepare(
                "SELECT DISTINCT f.source_hash FROM units f WHERE f.id >= ?1
                 AND EXISTS (SELECT 1 FROM units o WHERE o.source_hash = f.source_hash AND o.id <> f.id) ORDER BY 1",
            )
            .map_err(e)?;
        let rows = stmt.query_map([first], |r| r.get(0)).map_err(e)?;
        rows.collect::<Result<_, _>>().map_err(e)
    }

    fn set_successor(&mut self, id: i64, successor: Option<i64>) -> Result<(), MemoryError> {
        let mut stmt = self.0.prepare_cached("UPDATE units SET superseded_by = ?2 WHERE id = ?1").map_err(|e| sqlite_error(self.1, e))?;
        stmt.execute(params![id, successor]).map(|_| ()).map_err(|e| sqlite_error(self.1, e))
    }

    fn predecessors(&mut self, id: i64) -> Result<Vec<i64>, MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        let mut stmt = self.0.prepare_cached("SELECT id FROM units WHERE superseded_by = ?1 ORDER BY id").map_err(e)?;
        let rows = stmt.query_map([id], |r| r.get(0)).map_err(e)?;
        rows.collect::<Result<_, _>>().map_err(e)
    }

    fn without_source_hash(&mut self) -> Result<Vec<(i64, String, String, String)>, MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        let mut stmt =
            self.0.prepare("SELECT id, src_lang, tgt_lang, source FROM units WHERE source_hash IS NULL ORDER BY id").map_err(e)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).map_err(e)?;
        rows.collect::<Result<_, _>>().map_err(e)
    }

    fn set_source_hash(&mut self, id: i64, hash: i64) -> Result<(), MemoryError> {
        let mut stmt = self.0.prepare_cached("UPDATE units SET source_hash = ?2 WHERE id = ?1").map_err(|e| sqlite_error(self.1, e))?;
        stmt.execute([id, hash]).map(|_| ()).map_err(|e| sqlite_error(self.1, e))
    }
}

struct Pg<'a, 't>(&'a mut ::postgres::Transaction<'t>, &'a std::path::Path);

impl Tables for Pg<'_, '_> {
    fn unit(&mut self, id: i64) -> Result<Option<Unit>, MemoryError> {
        let sql = format!("SELECT {} FROM units WHERE id = $1", postgres::UNIT_COLUMNS);
        let row = self.0.query_opt(&sql, &[&id]).map_err(|e| pg_error(self.1, e))?;
        Ok(row.as_ref().map(postgres::row_to_unit))
    }

    fn pair(&mut self, unit: &Unit) -> Result<(Option<i64>, i64), MemoryError> {
        let mut hash = pair_hash(&unit.src_lang, &unit.tgt_lang, &unit.source, &unit.target);
        loop {
            let row = self
                .0
                .query_opt(
                    "SELECT id, src_lang = $2 AND tgt_lang = $3 AND source = $4 AND target = $5 FROM units WHERE pair_hash = $1",
                    &[&hash, &unit.src_lang, &unit.tgt_lang, &unit.source, &unit.target],
                )
                .map_err(|e| pg_error(self.1, e))?;
            match row.map(|r| (r.get::<_, i64>(0), r.get::<_, bool>(1))) {
                None => return Ok((None, hash)),
                Some((id, true)) => return Ok((Some(id), hash)),
                Some((_, false)) => hash = hash.wrapping_add(1),
            }
        }
    }

    fn set_text(&mut self, unit: &Unit, hash: i64) -> Result<(), MemoryError> {
        self.0
            .execute(
                "UPDATE units SET source = $2, target = $3, source_markup = $4, target_markup = $5, changed_by = $6, changed_at = $7,
                        pair_hash = $8, source_hash = $9 WHERE id = $1",
                &[
                    &unit.id,
                    &unit.source,
                    &unit.target,
                    &unit.source_markup,
                    &unit.target_markup,
                    &unit.changed_by,
                    &unit.changed_at,
                    &hash,
                    &source_hash_of(unit),
                ],
            )
            .map(|_| ())
            .map_err(|e| pg_error(self.1, e))
    }

    fn remove(&mut self, id: i64) -> Result<Option<i64>, MemoryError> {
        let row = self.0.query_opt("DELETE FROM units WHERE id = $1 RETURNING batch_id", &[&id]).map_err(|e| pg_error(self.1, e))?;
        Ok(row.and_then(|r| r.get(0)))
    }

    fn put_back(&mut self, unit: &Unit, hash: i64, batch: Option<i64>) -> Result<(), MemoryError> {
        let e = |e| pg_error(self.1, e);
        self.0.execute(postgres::PG_INSERT_UNIT_WITH_ID, &postgres::pg_unit_row(unit, &hash, &source_hash_of(unit))).map_err(e)?;
        self.0.execute("UPDATE units SET batch_id = $2 WHERE id = $1", &[&unit.id, &batch]).map(|_| ()).map_err(e)
    }

    fn record(
        &mut self,
        id: i64,
        action: &str,
        who: Option<&str>,
        at: &str,
        old: Option<&Unit>,
        kept: Option<&str>,
    ) -> Result<(), MemoryError> {
        self.0
            .execute(
                "INSERT INTO unit_history (unit_id, action, who, at, old_source, old_target, old_source_markup, old_target_markup, unit)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &id,
                    &action,
                    &who,
                    &at,
                    &old.map(|u| u.source.as_str()),
                    &old.map(|u| u.target.as_str()),
                    &old.and_then(|u| u.source_markup.as_deref()),
                    &old.and_then(|u| u.target_markup.as_deref()),
                    &kept,
                ],
            )
            .map(|_| ())
            .map_err(|e| pg_error(self.1, e))
    }

    fn last_deleted(&mut self, id: i64) -> Result<Option<(Unit, Option<i64>)>, MemoryError> {
        let row = self
            .0
            .query_opt("SELECT action, unit FROM unit_history WHERE unit_id = $1 ORDER BY id DESC LIMIT 1", &[&id])
            .map_err(|e| pg_error(self.1, e))?;
        Ok(whole_unit(row.map(|r| (r.get(0), r.get(1)))))
    }

    fn update_index(&mut self, keys: &dyn super::IndexKeys, touched: &Touched) -> Result<(), MemoryError> {
        update_units(&mut postgres::PgTables::new(self.0), keys, &touched.out, &touched.into).map_err(|e| pg_error(self.1, e))
    }

    fn with_source_hash(&mut self, hash: i64) -> Result<Vec<SourceRow>, MemoryError> {
        let rows = self
            .0
            .query("SELECT id, src_lang, tgt_lang, source, superseded_by FROM units WHERE source_hash = $1 ORDER BY id", &[&hash])
            .map_err(|e| pg_error(self.1, e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))).collect())
    }

    fn sources_shared_from(&mut self, first: i64) -> Result<Vec<i64>, MemoryError> {
        let rows = self
            .0
            .query(
                "SELECT DISTINCT f.source_hash FROM units f WHERE f.id >= $1
                 AND EXISTS (SELECT 1 FROM units o WHERE o.source_hash = f.source_hash AND o.id <> f.id) ORDER BY 1",
                &[&first],
            )
            .map_err(|e| pg_error(self.1, e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn set_successor(&mut self, id: i64, successor: Option<i64>) -> Result<(), MemoryError> {
        self.0.execute("UPDATE units SET superseded_by = $2 WHERE id = $1", &[&id, &successor]).map(|_| ()).map_err(|e| pg_error(self.1, e))
    }

    fn link_fresh(&mut self, hashes: &[i64], first: i64) -> Result<(), MemoryError> {
        // what `supersede::link` does hash by hash (a round trip per unit,
        // 58 s of a 1M-unit import's commit with 56,597 superseded units,
        // BENCHMARKS 5 Dec), in one statement: within each source, the
        // current older unit and the new ones, each superseded by the next
        self.0
            .execute(
                "WITH chain AS (
                    SELECT id, lead(id) OVER (PARTITION BY src_lang, tgt_lang, source ORDER BY id) AS next
                    FROM units WHERE source_hash = ANY($1) AND (id >= $2 OR superseded_by IS NULL))
                 UPDATE units SET superseded_by = chain.next FROM chain
                 WHERE units.id = chain.id AND chain.next IS NOT NULL",
                &[&hashes, &first],
            )
            .map(|_| ())
            .map_err(|e| pg_error(self.1, e))
    }

    fn predecessors(&mut self, id: i64) -> Result<Vec<i64>, MemoryError> {
        let rows = self.0.query("SELECT id FROM units WHERE superseded_by = $1 ORDER BY id", &[&id]).map_err(|e| pg_error(self.1, e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn without_source_hash(&mut self) -> Result<Vec<(i64, String, String, String)>, MemoryError> {
        let rows = self
            .0
            .query("SELECT id, src_lang, tgt_lang, source FROM units WHERE source_hash IS NULL ORDER BY id", &[])
            .map_err(|e| pg_error(self.1, e))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect())
    }

    fn set_source_hash(&mut self, id: i64, hash: i64) -> Result<(), MemoryError> {
        self.0.execute("UPDATE units SET source_hash = $2 WHERE id = $1", &[&id, &hash]).map(|_| ()).map_err(|e| pg_error(self.1, e))
    }
}

/// What a deletion keeps of a unit in its history (`unit_history.unit`):
/// the whole unit as JSON, with the import batch that had added it as
/// `batch_id`, so that a restore brings the unit back into its batch.
fn kept_json(unit: &Unit, batch: Option<i64>) -> String {
    let mut whole = serde_json::to_value(unit).expect("a unit serialises");
    whole["batch_id"] = serde_json::Value::from(batch);
    whole.to_string()
}

/// The unit and batch a history's last entry kept, when that entry is a
/// deletion (deletions recorded before batches were kept have none).
fn whole_unit(last: Option<(String, Option<String>)>) -> Option<(Unit, Option<i64>)> {
    match last {
        Some((action, Some(json))) if action == "delete" => {
            let whole: serde_json::Value = serde_json::from_str(&json).ok()?;
            let batch = whole.get("batch_id").and_then(serde_json::Value::as_i64);
            Some((serde_json::from_value(whole).ok()?, batch))
        }
        _ => None,
    }
}

/// The units a correction takes out of the index and puts in, as
/// `(id, source, target)`.
#[derive(Default)]
pub(crate) struct Touched {
    out: Vec<(i64, String, String)>,
    into: Vec<(i64, String, String)>,
}

impl Touched {
    fn out(&mut self, unit: &Unit) {
        self.out.push((unit.id, unit.source.clone(), unit.target.clone()));
    }

    fn into(&mut self, unit: &Unit) {
        self.into.push((unit.id, unit.source.clone(), unit.target.clone()));
    }
}

impl Memory {
    /// Runs `correct` in one write transaction, then updates the index
    /// lists of the units it touched in it and commits; `correct` gets the
    /// transaction's time and notes the units it touches.
    fn correct<T>(
        &mut self,
        correct: impl FnOnce(&mut dyn Tables, &str, &mut Touched) -> Result<T, CorrectionError>,
    ) -> Result<T, CorrectionError> {
        let keys = self.keys.clone();
        let mut writer = self.writer()?;
        let now = writer.now.clone();
        let path = writer.path.clone();
        let done = match &mut writer.tx {
            Tx::Sqlite(tx) => {
                let mut tables = Sqlite(tx, &path);
                let mut touched = Touched::default();
                let done = correct(&mut tables, &now, &mut touched)?;
                tables.update_index(&*keys, &touched)?;
                done
            }
            Tx::Postgres(tx, _) => {
                let mut tables = Pg(tx, &path);
                let mut touched = Touched::default();
                let done = correct(&mut tables, &now, &mut touched)?;
                tables.update_index(&*keys, &touched)?;
                done
            }
        };
        writer.commit()?;
        Ok(done)
    }

    /// Replaces a unit's target (and its source, if `new_source` is
    /// given), recording the old text; the unit keeps its id. The
    /// changed side loses its inline markup. Refused if the new pair is
    /// stored already as another unit. Returns the unit as it is now.
    pub fn edit_unit(&mut self, id: i64, new_source: Option<&str>, new_target: &str, who: Option<&str>) -> Result<Unit, CorrectionError> {
        self.correct(|tables, now, touched| {
            let old = tables.unit(id)?.ok_or_else(|| missing(tables, id))?;
            let mut unit = old.clone();
            if let Some(source) = new_source {
                unit.source = crate::text::nfc(source.trim());
            }
            unit.target = crate::text::nfc(new_target.trim());
            if unit.source != old.source {
                unit.source_markup = None;
            }
            if unit.target != old.target {
                unit.target_markup = None;
            }
            unit.changed_by = who.map(str::to_string);
            unit.changed_at = Some(now.to_string());
            let (holder, hash) = tables.pair(&unit)?;
            // the unit itself holding the pair (no change of text) keeps its hash
            if let Some(other) = holder.filter(|&other| other != id) {
                return Err(CorrectionError::SamePairStored { id, other });
            }
            // a corrected unit is the newest of its source: out of its place, then current
            super::supersede::unlink(tables, &old)?;
            tables.set_text(&unit, hash)?;
            touched.out(&old);
            touched.into(&unit);
            unit.superseded_by = None;
            super::supersede::make_current(tables, &unit)?;
            tables.record(id, "edit", who, now, Some(&old), None)?;
            Ok(unit)
        })
    }

    /// Deletes a unit: it is no longer read, found or suggested; its
    /// history keeps it for [`Memory::restore_unit`].
    pub fn delete_unit(&mut self, id: i64, who: Option<&str>) -> Result<(), CorrectionError> {
        self.correct(|tables, now, touched| {
            let old = tables.unit(id)?.ok_or_else(|| missing(tables, id))?;
            super::supersede::unlink(tables, &old)?;
            let batch = tables.remove(id)?;
            touched.out(&old);
            Ok(tables.record(id, "delete", who, now, Some(&old), Some(&kept_json(&old, batch)))?)
        })
    }

    /// Brings a deleted unit back as it was, with its id. Refused if it
    /// is not deleted, or if its pair was stored again meanwhile.
    pub fn restore_unit(&mut self, id: i64, who: Option<&str>) -> Result<Unit, CorrectionError> {
        self.correct(|tables, now, touched| {
            if tables.unit(id)?.is_some() {
                return Err(CorrectionError::NotDeleted { id });
            }
            let (unit, batch) = tables.last_deleted(id)?.ok_or(CorrectionError::NoSuchUnit { id })?;
            let (holder, hash) = tables.pair(&unit)?;
            if let Some(other) = holder {
                return Err(CorrectionError::SamePairStored { id, other });
            }
            tables.put_back(&unit, hash, batch)?;
            let unit = super::supersede::put_back_in_place(tables, unit)?;
            touched.into(&unit);
            tables.record(id, "restore", who, now, None, None)?;
            Ok(unit)
        })
    }

    /// What was done to a unit by hand, oldest first (empty if nothing).
    pub fn unit_history(&self, id: i64) -> Result<Vec<HistoryEntry>, MemoryError> {
        let conn = super::sqlite_or!(self, pg => pg.unit_history(id).map_err(|e| pg.err(e)));
        let sql = format!("SELECT {HISTORY_COLUMNS} FROM unit_history WHERE unit_id = ?1 ORDER BY id");
        let mut stmt = conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(HistoryEntry {
                    action: r.get(0)?,
                    who: r.get(1)?,
                    at: r.get(2)?,
                    old_source: r.get(3)?,
                    old_target: r.get(4)?,
                    old_source_markup: r.get(5)?,
                    old_target_markup: r.get(6)?,
                    batch_id: r.get(7)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Whether a unit that is not stored now was deleted (rather than never stored).
    pub fn unit_was_deleted(&self, id: i64) -> Result<bool, MemoryError> {
        Ok(self.unit(id)?.is_none() && self.unit_history(id)?.last().is_some_and(|e| e.action == "delete"))
    }
}

impl postgres::PgStore {
    pub(crate) fn unit_history(&mut self, id: i64) -> Result<Vec<HistoryEntry>, ::postgres::Error> {
        let sql = format!("SELECT {HISTORY_COLUMNS} FROM unit_history WHERE unit_id = $1 ORDER BY id");
        Ok(self
            .client
            .query(&sql, &[&id])?
            .iter()
            .map(|r| HistoryEntry {
                action: r.get(0),
                who: r.get(1),
                at: r.get(2),
                old_source: r.get(3),
                old_target: r.get(4),
                old_source_markup: r.get(5),
                old_target_markup: r.get(6),
                batch_id: r.get(7),
            })
            .collect())
    }
}

/// The error for a unit not stored now: deleted, or never there.
fn missing(tables: &mut dyn Tables, id: i64) -> CorrectionError {
    match tables.last_deleted(id) {
        Ok(Some(_)) => CorrectionError::Deleted { id },
        _ => CorrectionError::NoSuchUnit { id },
    }
}

/// An import batch, as `dragoman history` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Batch {
    pub id: i64,
    pub file: String,
    /// When it was imported, RFC 3339 UTC.
    pub at: String,
    pub who: Option<String>,
    pub added: i64,
    pub updated: i64,
    /// When it was undone, if it was.
    pub undone_at: Option<String>,
}

/// What undoing a batch did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Undone {
    pub batch: i64,
    /// Units the batch had added, now deleted (restorable one by one).
    pub removed: usize,
    /// Units the batch had updated, now as they were before it.
    pub restored: usize,
}

/// The batch a writer is importing: its id, the highest unit id before
/// it began (every unit above is the batch's: the writer holds the
/// memory's write lock), and its counts.
pub(crate) struct OpenBatch {
    pub(crate) id: i64,
    pub(crate) above: i64,
    pub(crate) added: i64,
    pub(crate) updated: i64,
}

/// The statements of import batches, on either backend's transaction.
pub(crate) trait BatchTables: Tables {
    fn begin_batch(&mut self, file: &str, who: Option<&str>, at: &str) -> Result<(i64, i64), MemoryError>;
    fn record_import_update(&mut self, batch: i64, old: &Unit, at: &str) -> Result<(), MemoryError>;
    fn finish_batch(&mut self, batch: &OpenBatch) -> Result<(), MemoryError>;
    /// Whether the batch exists, and when it was undone if it was.
    fn batch_state(&mut self, id: i64) -> Result<Option<Option<String>>, MemoryError>;
    fn batch_units(&mut self, id: i64) -> Result<Vec<i64>, MemoryError>;
    fn batch_updates(&mut self, id: i64) -> Result<Vec<Unit>, MemoryError>;
    fn set_state(&mut self, unit: &Unit) -> Result<(), MemoryError>;
    fn mark_undone(&mut self, id: i64, at: &str) -> Result<(), MemoryError>;
}

impl BatchTables for Sqlite<'_, '_> {
    fn begin_batch(&mut self, file: &str, who: Option<&str>, at: &str) -> Result<(i64, i64), MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        self.0.execute("INSERT INTO import_batches (file, at, who) VALUES (?1, ?2, ?3)", params![file, at, who]).map_err(e)?;
        let id = self.0.last_insert_rowid();
        let above: i64 = self.0.query_row("SELECT coalesce(max(id), 0) FROM units", [], |r| r.get(0)).map_err(e)?;
        Ok((id, above))
    }

    fn record_import_update(&mut self, batch: i64, old: &Unit, at: &str) -> Result<(), MemoryError> {
        let whole = serde_json::to_string(old).expect("a unit serialises");
        self.0
            .execute(
                "INSERT INTO unit_history (unit_id, action, at, old_source, old_target, old_source_markup, old_target_markup, batch_id, unit)
                 VALUES (?1, 'import-update', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![old.id, at, old.source, old.target, old.source_markup, old.target_markup, batch, whole],
            )
            .map(|_| ())
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn finish_batch(&mut self, batch: &OpenBatch) -> Result<(), MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        self.0.execute("UPDATE units SET batch_id = ?1 WHERE id > ?2 AND batch_id IS NULL", params![batch.id, batch.above]).map_err(e)?;
        self.0
            .execute("UPDATE import_batches SET added = ?2, updated = ?3 WHERE id = ?1", params![batch.id, batch.added, batch.updated])
            .map(|_| ())
            .map_err(e)
    }

    fn batch_state(&mut self, id: i64) -> Result<Option<Option<String>>, MemoryError> {
        self.0
            .query_row("SELECT undone_at FROM import_batches WHERE id = ?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn batch_units(&mut self, id: i64) -> Result<Vec<i64>, MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        let mut stmt = self.0.prepare("SELECT id FROM units WHERE batch_id = ?1 ORDER BY id").map_err(e)?;
        let rows = stmt.query_map([id], |r| r.get(0)).map_err(e)?;
        rows.collect::<Result<_, _>>().map_err(e)
    }

    fn batch_updates(&mut self, id: i64) -> Result<Vec<Unit>, MemoryError> {
        let e = |e| sqlite_error(self.1, e);
        let mut stmt =
            self.0.prepare("SELECT unit FROM unit_history WHERE batch_id = ?1 AND action = 'import-update' ORDER BY id DESC").map_err(e)?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0)).map_err(e)?;
        let json: Vec<String> = rows.collect::<Result<_, _>>().map_err(e)?;
        Ok(json.iter().filter_map(|j| serde_json::from_str(j).ok()).collect())
    }

    fn set_state(&mut self, unit: &Unit) -> Result<(), MemoryError> {
        self.0
            .execute(
                "UPDATE units SET source_markup = ?2, target_markup = ?3, metadata = ?4, changed_by = ?5, changed_at = ?6 WHERE id = ?1",
                params![unit.id, unit.source_markup, unit.target_markup, unit.metadata, unit.changed_by, unit.changed_at],
            )
            .map(|_| ())
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn mark_undone(&mut self, id: i64, at: &str) -> Result<(), MemoryError> {
        self.0
            .execute("UPDATE import_batches SET undone_at = ?2 WHERE id = ?1", params![id, at])
            .map(|_| ())
            .map_err(|e| sqlite_error(self.1, e))
    }
}

impl BatchTables for Pg<'_, '_> {
    fn begin_batch(&mut self, file: &str, who: Option<&str>, at: &str) -> Result<(i64, i64), MemoryError> {
        let e = |e| pg_error(self.1, e);
        let id: i64 = self
            .0
            .query_one("INSERT INTO import_batches (file, at, who) VALUES ($1, $2, $3) RETURNING id", &[&file, &at, &who])
            .map_err(e)?
            .get(0);
        let above: i64 = self.0.query_one("SELECT coalesce(max(id), 0) FROM units", &[]).map_err(e)?.get(0);
        Ok((id, above))
    }

    fn record_import_update(&mut self, batch: i64, old: &Unit, at: &str) -> Result<(), MemoryError> {
        let whole = serde_json::to_string(old).expect("a unit serialises");
        self.0
            .execute(
                "INSERT INTO unit_history (unit_id, action, at, old_source, old_target, old_source_markup, old_target_markup, batch_id, unit)
                 VALUES ($1, 'import-update', $2, $3, $4, $5, $6, $7, $8)",
                &[&old.id, &at, &old.source, &old.target, &old.source_markup, &old.target_markup, &batch, &whole],
            )
            .map(|_| ())
            .map_err(|e| pg_error(self.1, e))
    }

    fn finish_batch(&mut self, batch: &OpenBatch) -> Result<(), MemoryError> {
        let e = |e| pg_error(self.1, e);
        self.0.execute("UPDATE units SET batch_id = $1 WHERE id > $2 AND batch_id IS NULL", &[&batch.id, &batch.above]).map_err(e)?;
        self.0
            .execute("UPDATE import_batches SET added = $2, updated = $3 WHERE id = $1", &[&batch.id, &batch.added, &batch.updated])
            .map(|_| ())
            .map_err(e)
    }

    fn batch_state(&mut self, id: i64) -> Result<Option<Option<String>>, MemoryError> {
        let row = self.0.query_opt("SELECT undone_at FROM import_batches WHERE id = $1", &[&id]).map_err(|e| pg_error(self.1, e))?;
        Ok(row.map(|r| r.get(0)))
    }

    fn batch_units(&mut self, id: i64) -> Result<Vec<i64>, MemoryError> {
        let rows = self.0.query("SELECT id FROM units WHERE batch_id = $1 ORDER BY id", &[&id]).map_err(|e| pg_error(self.1, e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn batch_updates(&mut self, id: i64) -> Result<Vec<Unit>, MemoryError> {
        let rows = self
            .0
            .query("SELECT unit FROM unit_history WHERE batch_id = $1 AND action = 'import-update' ORDER BY id DESC", &[&id])
            .map_err(|e| pg_error(self.1, e))?;
        Ok(rows.iter().filter_map(|r| serde_json::from_str(r.get::<_, &str>(0)).ok()).collect())
    }

    fn set_state(&mut self, unit: &Unit) -> Result<(), MemoryError> {
        self.0
            .execute(
                "UPDATE units SET source_markup = $2, target_markup = $3, metadata = $4, changed_by = $5, changed_at = $6 WHERE id = $1",
                &[&unit.id, &unit.source_markup, &unit.target_markup, &unit.metadata, &unit.changed_by, &unit.changed_at],
            )
            .map(|_| ())
            .map_err(|e| pg_error(self.1, e))
    }

    fn mark_undone(&mut self, id: i64, at: &str) -> Result<(), MemoryError> {
        self.0.execute("UPDATE import_batches SET undone_at = $2 WHERE id = $1", &[&id, &at]).map(|_| ()).map_err(|e| pg_error(self.1, e))
    }
}

const BATCH_COLUMNS: &str = "id, file, at, who, added, updated, undone_at";

impl super::Writer<'_> {
    /// Runs `f` on the writer's transaction.
    pub(crate) fn with_tables<T>(&mut self, f: impl FnOnce(&mut dyn BatchTables) -> Result<T, MemoryError>) -> Result<T, MemoryError> {
        match &mut self.tx {
            Tx::Sqlite(tx) => f(&mut Sqlite(tx, &self.path)),
            Tx::Postgres(tx, _) => f(&mut Pg(tx, &self.path)),
        }
    }

    /// Makes what this writer stores from now on an import batch of
    /// `file`, which [`Memory::undo_batch`] can undo; returns its id.
    pub fn begin_batch(&mut self, file: &str, who: Option<&str>) -> Result<i64, MemoryError> {
        let now = self.now.clone();
        let (id, above) = self.with_tables(|t| t.begin_batch(file, who, &now))?;
        self.batch = Some(OpenBatch { id, above, added: 0, updated: 0 });
        Ok(id)
    }

    /// The unit a batch's unit may update (same pair), as it is before.
    pub(crate) fn before_update(&mut self, unit: &super::NewUnit) -> Result<Option<Unit>, MemoryError> {
        if self.batch.is_none() || unit.changed_at.is_none() {
            return Ok(None);
        }
        let probe = Unit {
            id: 0,
            src_lang: unit.src_lang.as_str().to_string(),
            tgt_lang: unit.tgt_lang.as_str().to_string(),
            source: unit.source.clone(),
            target: unit.target.clone(),
            document: String::new(),
            locator: String::new(),
            created_by: None,
            created_at: String::new(),
            source_markup: None,
            target_markup: None,
            metadata: None,
            changed_by: None,
            changed_at: None,
            superseded_by: None,
        };
        self.with_tables(|t| match t.pair(&probe)?.0 {
            Some(id) => t.unit(id),
            None => Ok(None),
        })
    }

    /// Counts a stored unit in the open batch, keeping an updated unit's old state.
    pub(crate) fn count_in_batch(&mut self, added: super::Added, old: Option<Unit>) -> Result<(), MemoryError> {
        let Some(batch) = self.batch.as_mut() else { return Ok(()) };
        match added {
            super::Added::New => batch.added += 1,
            super::Added::Updated => batch.updated += 1,
            super::Added::Duplicate => return Ok(()),
        }
        let id = batch.id;
        let now = self.now.clone();
        match (added, old) {
            (super::Added::Updated, Some(old)) => self.with_tables(|t| t.record_import_update(id, &old, &now)),
            _ => Ok(()),
        }
    }

    /// Tags the batch's new units and writes its counts (before the commit).
    pub(crate) fn finish_batch(&mut self) -> Result<(), MemoryError> {
        let Some(batch) = self.batch.take() else { return Ok(()) };
        self.with_tables(|t| t.finish_batch(&batch))
    }
}

impl Memory {
    /// Undoes an import batch: deletes the units it added (each one
    /// restorable with [`Memory::restore_unit`]) and puts the units it
    /// updated back as they were.
    pub fn undo_batch(&mut self, id: i64, who: Option<&str>) -> Result<Undone, CorrectionError> {
        let keys = self.keys.clone();
        let mut writer = self.writer()?;
        let now = writer.now.clone();
        let undone = writer.with_tables(|t| {
            match t.batch_state(id)? {
                None => return Ok(Err(CorrectionError::NoSuchBatch { id })),
                Some(Some(_)) => return Ok(Err(CorrectionError::BatchUndone { id })),
                Some(None) => {}
            }
            let added = t.batch_units(id)?;
            let mut touched = Touched::default();
            for &unit_id in &added {
                if let Some(old) = t.unit(unit_id)? {
                    super::supersede::unlink(t, &old)?;
                    let batch = t.remove(unit_id)?;
                    touched.out(&old);
                    t.record(unit_id, "delete", who, &now, Some(&old), Some(&kept_json(&old, batch)))?;
                }
            }
            let updated = t.batch_updates(id)?;
            let mut restored = 0;
            for old in &updated {
                if t.unit(old.id)?.is_some() {
                    t.set_state(old)?;
                    restored += 1;
                }
            }
            t.mark_undone(id, &now)?;
            t.update_index(&*keys, &touched)?;
            Ok(Ok(Undone { batch: id, removed: added.len(), restored }))
        })??;
        writer.commit()?;
        Ok(undone)
    }

    /// Every import batch, oldest first.
    pub fn batches(&self) -> Result<Vec<Batch>, MemoryError> {
        let conn = super::sqlite_or!(self, pg => pg.batches().map_err(|e| pg.err(e)));
        let sql = format!("SELECT {BATCH_COLUMNS} FROM import_batches ORDER BY id");
        let mut stmt = conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Batch {
                    id: r.get(0)?,
                    file: r.get(1)?,
                    at: r.get(2)?,
                    who: r.get(3)?,
                    added: r.get(4)?,
                    updated: r.get(5)?,
                    undone_at: r.get(6)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }
}

impl postgres::PgStore {
    pub(crate) fn batches(&mut self) -> Result<Vec<Batch>, ::postgres::Error> {
        let sql = format!("SELECT {BATCH_COLUMNS} FROM import_batches ORDER BY id");
        Ok(self
            .client
            .query(&sql, &[])?
            .iter()
            .map(|r| Batch {
                id: r.get(0),
                file: r.get(1),
                at: r.get(2),
                who: r.get(3),
                added: r.get(4),
                updated: r.get(5),
                undone_at: r.get(6),
            })
            .collect())
    }
}
