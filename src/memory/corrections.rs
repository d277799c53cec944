//! Correcting the memory by hand (issue 11 part 4): editing, deleting
//! and restoring one unit, each recorded in the unit's history with who
//! did it, when, and the text the unit had before. A deleted unit leaves
//! the `units` table, so that nothing which reads units (export, search,
//! suggest, stats) can find it; its history keeps it whole for a
//! restore. Every correction rebuilds the retrieval index in the same
//! transaction, so the index never names a deleted unit's text or an
//! edited unit's old text.

use super::index::store::{SqliteTables, rebuild};
use super::{Memory, MemoryError, Store, Tx, Unit, pair_hash, pg_error, postgres, row_to_unit, sqlite_error};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// One thing done to a unit by hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

const HISTORY_COLUMNS: &str = "action, who, at, old_source, old_target, old_source_markup, old_target_markup, batch_id";
const UNIT_SELECT: &str = "SELECT id, src_lang, tgt_lang, source, target, document, locator, created_by, created_at,
        source_markup, target_markup, metadata, changed_by, changed_at FROM units";

/// The few statements a correction needs, on either backend's transaction.
trait Tables {
    fn unit(&mut self, id: i64) -> Result<Option<Unit>, MemoryError>;
    /// The unit holding the pair, if any, and the hash value the pair
    /// would be stored under (the first free one from its hash).
    fn pair(&mut self, unit: &Unit) -> Result<(Option<i64>, i64), MemoryError>;
    fn set_text(&mut self, unit: &Unit, hash: i64) -> Result<(), MemoryError>;
    fn remove(&mut self, id: i64) -> Result<(), MemoryError>;
    fn put_back(&mut self, unit: &Unit, hash: i64) -> Result<(), MemoryError>;
    fn record(&mut self, id: i64, action: &str, who: Option<&str>, at: &str, old: Option<&Unit>) -> Result<(), MemoryError>;
    /// The whole unit as the last deletion kept it, if its last action was one.
    fn last_deleted(&mut self, id: i64) -> Result<Option<Unit>, MemoryError>;
    fn reindex(&mut self, keys: &dyn super::IndexKeys) -> Result<(), MemoryError>;
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
                        pair_hash = ?8 WHERE id = ?1",
                params![unit.id, unit.source, unit.target, unit.source_markup, unit.target_markup, unit.changed_by, unit.changed_at, hash],
            )
            .map(|_| ())
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn remove(&mut self, id: i64) -> Result<(), MemoryError> {
        self.0.execute("DELETE FROM units WHERE id = ?1", [id]).map(|_| ()).map_err(|e| sqlite_error(self.1, e))
    }

    fn put_back(&mut self, unit: &Unit, hash: i64) -> Result<(), MemoryError> {
        self.0
            .execute(
                "INSERT INTO units (id, src_lang, tgt_lang, source, target, document, locator, created_by, created_at,
                                    source_markup, target_markup, metadata, changed_by, changed_at, pair_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                params![
                    unit.id,
                    unit.src_lang,
                    unit.tgt_lang,
                    unit.source,
                    unit.target,
                    unit.document,
                    unit.locator,
                    unit.created_by,
                    unit.created_at,
                    unit.source_markup,
                    unit.target_markup,
                    unit.metadata,
                    unit.changed_by,
                    unit.changed_at,
                    hash
                ],
            )
            .map(|_| ())
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn record(&mut self, id: i64, action: &str, who: Option<&str>, at: &str, old: Option<&Unit>) -> Result<(), MemoryError> {
        let whole = if action == "delete" { old.map(|u| serde_json::to_string(u).expect("a unit serialises")) } else { None };
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
                    whole
                ],
            )
            .map(|_| ())
            .map_err(|e| sqlite_error(self.1, e))
    }

    fn last_deleted(&mut self, id: i64) -> Result<Option<Unit>, MemoryError> {
        let last: Option<(String, Option<String>)> = self
            .0
            .query_row("SELECT action, unit FROM unit_history WHERE unit_id = ?1 ORDER BY id DESC LIMIT 1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(|e| sqlite_error(self.1, e))?;
        Ok(whole_unit(last))
    }

    fn reindex(&mut self, keys: &dyn super::IndexKeys) -> Result<(), MemoryError> {
        rebuild(&mut SqliteTables(self.0), keys).map(|_| ()).map_err(|e| sqlite_error(self.1, e))
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
                        pair_hash = $8 WHERE id = $1",
                &[
                    &unit.id,
                    &unit.source,
                    &unit.target,
                    &unit.source_markup,
                    &unit.target_markup,
                    &unit.changed_by,
                    &unit.changed_at,
                    &hash,
                ],
            )
            .map(|_| ())
            .map_err(|e| pg_error(self.1, e))
    }

    fn remove(&mut self, id: i64) -> Result<(), MemoryError> {
        self.0.execute("DELETE FROM units WHERE id = $1", &[&id]).map(|_| ()).map_err(|e| pg_error(self.1, e))
    }

    fn put_back(&mut self, unit: &Unit, hash: i64) -> Result<(), MemoryError> {
        self.0
            .execute(
                "INSERT INTO units (id, src_lang, tgt_lang, source, target, document, locator, created_by, created_at,
                                    source_markup, target_markup, metadata, changed_by, changed_at, pair_hash)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                &[
                    &unit.id,
                    &unit.src_lang,
                    &unit.tgt_lang,
                    &unit.source,
                    &unit.target,
                    &unit.document,
                    &unit.locator,
                    &unit.created_by,
                    &unit.created_at,
                    &unit.source_markup,
                    &unit.target_markup,
                    &unit.metadata,
                    &unit.changed_by,
                    &unit.changed_at,
                    &hash,
                ],
            )
            .map(|_| ())
            .map_err(|e| pg_error(self.1, e))
    }

    fn record(&mut self, id: i64, action: &str, who: Option<&str>, at: &str, old: Option<&Unit>) -> Result<(), MemoryError> {
        let whole = if action == "delete" { old.map(|u| serde_json::to_string(u).expect("a unit serialises")) } else { None };
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
                    &whole,
                ],
            )
            .map(|_| ())
            .map_err(|e| pg_error(self.1, e))
    }

    fn last_deleted(&mut self, id: i64) -> Result<Option<Unit>, MemoryError> {
        let row = self
            .0
            .query_opt("SELECT action, unit FROM unit_history WHERE unit_id = $1 ORDER BY id DESC LIMIT 1", &[&id])
            .map_err(|e| pg_error(self.1, e))?;
        Ok(whole_unit(row.map(|r| (r.get(0), r.get(1)))))
    }

    fn reindex(&mut self, keys: &dyn super::IndexKeys) -> Result<(), MemoryError> {
        rebuild(&mut postgres::PgTables::new(self.0), keys).map(|_| ()).map_err(|e| pg_error(self.1, e))
    }
}

/// The unit a history's last entry kept, when that entry is a deletion.
fn whole_unit(last: Option<(String, Option<String>)>) -> Option<Unit> {
    match last {
        Some((action, Some(json))) if action == "delete" => serde_json::from_str(&json).ok(),
        _ => None,
    }
}

impl Memory {
    /// Runs `correct` in one write transaction, then rebuilds the index
    /// in it and commits; `correct` gets the transaction's time.
    fn correct<T>(&mut self, correct: impl FnOnce(&mut dyn Tables, &str) -> Result<T, CorrectionError>) -> Result<T, CorrectionError> {
        let keys = self.keys.clone();
        let mut writer = self.writer()?;
        let now = writer.now.clone();
        let path = writer.path.clone();
        let done = match &mut writer.tx {
            Tx::Sqlite(tx) => {
                let mut tables = Sqlite(tx, &path);
                let done = correct(&mut tables, &now)?;
                tables.reindex(&*keys)?;
                done
            }
            Tx::Postgres(tx, _) => {
                let mut tables = Pg(tx, &path);
                let done = correct(&mut tables, &now)?;
                tables.reindex(&*keys)?;
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
        self.correct(|tables, now| {
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
            tables.set_text(&unit, hash)?;
            tables.record(id, "edit", who, now, Some(&old))?;
            Ok(unit)
        })
    }

    /// Deletes a unit: it is no longer read, found or suggested; its
    /// history keeps it for [`Memory::restore_unit`].
    pub fn delete_unit(&mut self, id: i64, who: Option<&str>) -> Result<(), CorrectionError> {
        self.correct(|tables, now| {
            let old = tables.unit(id)?.ok_or_else(|| missing(tables, id))?;
            tables.remove(id)?;
            Ok(tables.record(id, "delete", who, now, Some(&old))?)
        })
    }

    /// Brings a deleted unit back as it was, with its id. Refused if it
    /// is not deleted, or if its pair was stored again meanwhile.
    pub fn restore_unit(&mut self, id: i64, who: Option<&str>) -> Result<Unit, CorrectionError> {
        self.correct(|tables, now| {
            if tables.unit(id)?.is_some() {
                return Err(CorrectionError::NotDeleted { id });
            }
            let unit = tables.last_deleted(id)?.ok_or(CorrectionError::NoSuchUnit { id })?;
            let (holder, hash) = tables.pair(&unit)?;
            if let Some(other) = holder {
                return Err(CorrectionError::SamePairStored { id, other });
            }
            tables.put_back(&unit, hash)?;
            tables.record(id, "restore", who, now, None)?;
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
