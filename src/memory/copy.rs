//! A whole memory copied into another, empty one, on either backend:
//! every unit with its id, dates and provenance, its history and import
//! batches (so that `unit history`, `unit restore` and `import --undo`
//! work the same on the copy), the house style, the glossaries and the
//! headers of imported files (so that `glossary export` and a TMX export
//! write the same bytes), in one transaction on the target; the target's index is then built
//! from the copied units in the same transaction. Afterwards the two
//! export the same bytes and count the same.

use super::index::store::{SqliteTables, rebuild};
use super::{Memory, MemoryError, Tx, Unit, pair_hash, pg_error, postgres, sqlite_error};

impl Memory {
    /// Copies every unit, the house style, the glossaries and the import
    /// history of `from` into this memory,
    /// which must hold no units; `progress(copied, total)` is called as
    /// units are copied. Returns how many units were copied. Nothing is
    /// kept if anything fails.
    pub fn copy_from(&mut self, from: &Memory, mut progress: impl FnMut(u64, u64)) -> Result<u64, MemoryError> {
        let total = from.stats()?.units as u64;
        let units_here = self.stats()?.units;
        if units_here > 0 {
            return Err(MemoryError::NotEmpty { path: self.path.display().to_string(), units: units_here });
        }
        let style = from.style_rows()?;
        let carried = Carried::read(from)?;
        let glossary = super::glossary::GlossaryTables::read(from)?;
        let keys = self.keys.clone();
        // the writer's transaction: the writers' lock on PostgreSQL, the write lock on SQLite
        let writer = self.writer()?;
        let path = writer.path.clone();
        let mut tx = writer.tx;
        let mut copied = 0u64;
        let mut failed: Option<MemoryError> = None;
        from.for_each_unit(None, None, |unit| {
            if failed.is_some() {
                return;
            }
            let stored = match &mut tx {
                Tx::Sqlite(tx) => copy_into_sqlite(tx, &unit).map_err(|e| sqlite_error(&path, e)),
                Tx::Postgres(tx, _) => postgres::store_copy(tx, &unit).map_err(|e| pg_error(&path, e)),
            };
            match stored {
                Ok(_) => {
                    copied += 1;
                    if copied.is_multiple_of(1000) || copied == total {
                        progress(copied, total);
                    }
                }
                Err(e) => failed = Some(e),
            }
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        let rows: Vec<(&str, &[String])> = style.iter().map(|(p, v)| (p.as_str(), v.as_slice())).collect();
        match tx {
            Tx::Sqlite(tx) => {
                let err = |e| sqlite_error(&path, e);
                super::style::save_style_sqlite(&tx, &rows).map_err(err)?;
                carried.write_sqlite(&tx).map_err(err)?;
                glossary.write_sqlite(&tx).map_err(err)?;
                rebuild(&mut SqliteTables(&tx), &*keys).map_err(err)?;
                tx.commit().map_err(err)?;
            }
            Tx::Postgres(mut tx, _) => {
                let err = |e| pg_error(&path, e);
                carried.write_postgres(&mut tx).map_err(err)?;
                glossary.write_postgres(&mut tx).map_err(err)?;
                postgres::resync_ids(&mut tx).map_err(err)?;
                postgres::save_style(&mut tx, &rows).map_err(err)?;
                rebuild(&mut postgres::PgTables::new(&mut tx), &*keys).map_err(err)?;
                tx.commit().map_err(err)?;
            }
        }
        Ok(copied)
    }
}

fn copy_into_sqlite(tx: &rusqlite::Transaction<'_>, unit: &Unit) -> rusqlite::Result<bool> {
    let mut insert = tx.prepare_cached(&format!("INSERT OR IGNORE {SQLITE_UNIT_WITH_ID}"))?;
    // a pair whose hash another pair took is stored on a later value, as a writer stores it
    let mut hash = stored_hash(unit);
    let source_hash = super::source_hash(&unit.src_lang, &unit.tgt_lang, &unit.source);
    for _ in 0..MAX_PROBES {
        let inserted = insert.execute(sqlite_unit_row(unit, &hash, &source_hash).as_slice())?;
        if inserted == 1 {
            return Ok(true);
        }
        hash = hash.wrapping_add(1);
    }
    Ok(false)
}

/// Hash values tried for one copied pair: a 64-bit collision is about
/// one chance in 10^7 for a million units; 64 in a row do not happen.
pub(crate) const MAX_PROBES: usize = 64;

/// The pair hash a unit is stored under: its pair's, as a writer gives it.
fn stored_hash(unit: &Unit) -> i64 {
    pair_hash(&unit.src_lang, &unit.tgt_lang, &unit.source, &unit.target)
}

/// The columns and values of a unit stored with its own id (a copy, or a
/// deleted unit put back): `INSERT` or `INSERT OR IGNORE` goes in front.
pub(super) const SQLITE_UNIT_WITH_ID: &str =
    "INTO units (id, src_lang, tgt_lang, source, target, document, locator, created_by, created_at,
                   source_markup, target_markup, metadata, changed_by, changed_at, pair_hash, source_hash, superseded_by)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";

/// The values of [`SQLITE_UNIT_WITH_ID`], in its order (`source_hash`:
/// the unit's [`super::source_hash`]).
pub(super) fn sqlite_unit_row<'u>(unit: &'u Unit, hash: &'u i64, source_hash: &'u i64) -> [&'u dyn rusqlite::ToSql; 17] {
    [
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
        hash,
        source_hash,
        &unit.superseded_by,
    ]
}

/// One row of `unit_history`, in its columns' order.
type HistoryRow =
    (i64, i64, String, Option<String>, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<i64>, Option<String>);

/// What a copy carries beside the units and the style: the history, the
/// import batches, and which units each batch added (as runs of
/// consecutive units, `(batch, first id, last id)`: a batch's units are
/// mostly one run).
struct Carried {
    history: Vec<HistoryRow>,
    batches: Vec<super::corrections::Batch>,
    runs: Vec<(i64, i64, i64)>,
}

const HISTORY_ROW: &str = "id, unit_id, action, who, at, old_source, old_target, old_source_markup, old_target_markup, batch_id, unit";

/// The runs of consecutive units (by id) of one batch, from `(id, batch)` by id.
fn runs_of(units: impl Iterator<Item = (i64, Option<i64>)>) -> Vec<(i64, i64, i64)> {
    let mut runs: Vec<(i64, i64, i64)> = Vec::new();
    let mut open: Option<(i64, i64, i64)> = None;
    for (id, batch) in units {
        match (open.as_mut(), batch) {
            (Some(run), Some(b)) if run.0 == b => run.2 = id,
            (_, batch) => {
                runs.extend(open.take());
                open = batch.map(|b| (b, id, id));
            }
        }
    }
    runs.extend(open);
    runs
}

impl Carried {
    fn read(from: &Memory) -> Result<Carried, MemoryError> {
        let batches = from.batches()?;
        let sql_history = format!("SELECT {HISTORY_ROW} FROM unit_history ORDER BY id");
        let sql_units = "SELECT id, batch_id FROM units ORDER BY id";
        let (history, runs) = match &from.store {
            super::Store::Sqlite(conn) => {
                let err = |e| sqlite_error(&from.path, e);
                let mut stmt = conn.prepare(&sql_history).map_err(err)?;
                let history = stmt
                    .query_map([], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                            r.get(6)?,
                            r.get(7)?,
                            r.get(8)?,
                            r.get(9)?,
                            r.get(10)?,
                        ))
                    })
                    .map_err(err)?
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(err)?;
                let mut stmt = conn.prepare(sql_units).map_err(err)?;
                let units = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(err)?.collect::<Result<Vec<_>, _>>().map_err(err)?;
                (history, runs_of(units.into_iter()))
            }
            super::Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                let history = pg
                    .client
                    .query(&sql_history, &[])
                    .map_err(|e| pg.err(e))?
                    .iter()
                    .map(|r| {
                        (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7), r.get(8), r.get(9), r.get(10))
                    })
                    .collect();
                let units = pg.client.query(sql_units, &[]).map_err(|e| pg.err(e))?;
                (history, runs_of(units.iter().map(|r| (r.get(0), r.get(1)))))
            }
        };
        Ok(Carried { history, batches, runs })
    }

    fn write_sqlite(&self, tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
        let mut insert =
            tx.prepare(&format!("INSERT INTO unit_history ({HISTORY_ROW}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"))?;
        for h in &self.history {
            insert.execute(rusqlite::params![h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7, h.8, h.9, h.10])?;
        }
        let mut insert =
            tx.prepare("INSERT INTO import_batches (id, file, at, who, added, updated, undone_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for b in &self.batches {
            insert.execute(rusqlite::params![b.id, b.file, b.at, b.who, b.added, b.updated, b.undone_at])?;
        }
        let mut tag = tx.prepare("UPDATE units SET batch_id = ?1 WHERE id BETWEEN ?2 AND ?3")?;
        for &(batch, first, last) in &self.runs {
            tag.execute([batch, first, last])?;
        }
        Ok(())
    }

    fn write_postgres(&self, tx: &mut ::postgres::Transaction<'_>) -> Result<(), ::postgres::Error> {
        let insert =
            tx.prepare(&format!("INSERT INTO unit_history ({HISTORY_ROW}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"))?;
        for h in &self.history {
            tx.execute(&insert, &[&h.0, &h.1, &h.2, &h.3, &h.4, &h.5, &h.6, &h.7, &h.8, &h.9, &h.10])?;
        }
        let insert =
            tx.prepare("INSERT INTO import_batches (id, file, at, who, added, updated, undone_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")?;
        for b in &self.batches {
            tx.execute(&insert, &[&b.id, &b.file, &b.at, &b.who, &b.added, &b.updated, &b.undone_at])?;
        }
        let tag = tx.prepare("UPDATE units SET batch_id = $1 WHERE id BETWEEN $2 AND $3")?;
        for (batch, first, last) in &self.runs {
            tx.execute(&tag, &[batch, first, last])?;
        }
        // new rows go on above the copied ones
        tx.batch_execute(
            "SELECT setval(pg_get_serial_sequence('unit_history', 'id'), coalesce((SELECT max(id) FROM unit_history), 0) + 1, false);
             SELECT setval(pg_get_serial_sequence('import_batches', 'id'), coalesce((SELECT max(id) FROM import_batches), 0) + 1, false);",
        )
    }
}
