//! The house style's tables (`name_style`, `name_variants`): the
//! memory keeps each entry's preferred spelling and its variants, in
//! order; what they mean is [`crate::names`]'s business, not this
//! layer's.

use super::{Memory, MemoryError, Store, sqlite_error, sqlite_or};
use rusqlite::params;

/// One stored house-style entry: the preferred spelling and its variants.
pub type StyleRow = (String, Vec<String>);

impl Memory {
    /// The house-style entries stored, in the order they were saved
    /// (none if no style was stored).
    pub fn style_rows(&self) -> Result<Vec<StyleRow>, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.style_rows().map_err(|e| pg.err(e)));
        let mut stmt = conn.prepare("SELECT id, preferred FROM name_style ORDER BY id").map_err(|e| self.err(e))?;
        let heads: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        let mut stmt = conn.prepare("SELECT variant FROM name_variants WHERE style_id = ?1 ORDER BY position").map_err(|e| self.err(e))?;
        let mut rows = Vec::with_capacity(heads.len());
        for (id, preferred) in heads {
            let variants: Vec<String> =
                stmt.query_map([id], |r| r.get(0)).map_err(|e| self.err(e))?.collect::<Result<_, _>>().map_err(|e| self.err(e))?;
            rows.push((preferred, variants));
        }
        Ok(rows)
    }

    /// A counter of the changes to the house style and the glossary terms
    /// (what a look-up reads besides the units), made by any process:
    /// when it has not moved, a style and glossary loaded before are
    /// still those stored. `None` for a memory whose schema predates the
    /// counter (opened without being brought up to date): load every time.
    pub fn reference_version(&self) -> Result<Option<i64>, MemoryError> {
        const SQL: &str = "SELECT version FROM reference_version";
        // the step of `migrations` that made the counter (10)
        const SINCE: i64 = 10;
        match &self.store {
            Store::Sqlite(conn) => {
                if super::migrations::current_version(conn).map_err(|e| self.err(e))? < SINCE {
                    return Ok(None);
                }
                conn.query_row(SQL, [], |r| r.get(0)).map(Some).map_err(|e| self.err(e))
            }
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                if pg.version()? < SINCE {
                    return Ok(None);
                }
                pg.client.query_one(SQL, &[]).map(|row| Some(row.get(0))).map_err(|e| pg.err(e))
            }
        }
    }

    /// Replaces the stored house style by `rows`, in one transaction.
    pub fn save_style_rows<'a>(&mut self, rows: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Result<(), MemoryError> {
        let path = self.path.clone();
        let err = |e| sqlite_error(&path, e);
        let conn = match &mut self.store {
            Store::Sqlite(conn) => conn,
            Store::Postgres(cell) => {
                let pg = cell.get_mut();
                let rows: Vec<(&str, &[String])> = rows.into_iter().collect();
                return pg.save_style_rows(&rows).map_err(|e| pg.err(e));
            }
        };
        // each row's insert fires a trigger (the reference version) and
        // so writes a statement journal: kept in memory, not a temporary
        // file (issue 10: with a file, its writes were a fifth of the time
        // of importing 52,950 names)
        conn.execute_batch("PRAGMA temp_store = MEMORY;").map_err(err)?;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(err)?;
        let rows: Vec<(&str, &[String])> = rows.into_iter().collect();
        save_style_sqlite(&tx, &rows).map_err(err)?;
        tx.commit().map_err(err)
    }
}

/// Replaces the house style inside a SQLite transaction.
pub(crate) fn save_style_sqlite(tx: &rusqlite::Connection, rows: &[(&str, &[String])]) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM name_variants", [])?;
    tx.execute("DELETE FROM name_style", [])?;
    // prepared once, not per row
    let mut style = tx.prepare("INSERT INTO name_style (id, preferred) VALUES (?1, ?2)")?;
    let mut variant = tx.prepare("INSERT OR IGNORE INTO name_variants (style_id, position, variant) VALUES (?1, ?2, ?3)")?;
    for (k, (preferred, variants)) in rows.iter().enumerate() {
        style.execute(params![k as i64 + 1, preferred])?;
        for (p, v) in variants.iter().enumerate() {
            variant.execute(params![k as i64 + 1, p as i64, v])?;
        }
    }
    Ok(())
}
