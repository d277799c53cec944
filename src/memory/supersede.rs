//! Superseded units (issue 11 part 4): when a source already stored in
//! a language pair is stored again with another target, the newer unit
//! is the source's current rendering and the older one is *superseded*
//! by it (`units.superseded_by`, schema 8), so that two contradictory
//! 100% matches no longer stand side by side without explanation.
//! Suggest and search hide superseded units unless asked, and rank them
//! below current ones; export writes current units unless asked.
//!
//! Precisely: the units of one source (same language tags, same source
//! text; found through `units.source_hash`, [`super::source_hash`]) form
//! a chain in the order they became current, each superseded by the
//! next; the last one is current (`superseded_by` empty). What makes a
//! unit the newest of its source:
//! - being added by a writer (any import, `align --store`, a unit added
//!   through the library): units a writer adds are chained in id order
//!   after the source's current unit, when the writer commits;
//! - being edited (`unit edit`): a corrected unit leaves its place and
//!   becomes current, whatever its id;
//! - being restored after it was current: it is current again.
//!
//! A unit deleted (by hand or by `import --undo`) leaves its chain: the
//! unit it superseded takes its place, so deleting the current unit makes
//! the previous one current again. A restored unit that was superseded
//! goes back before its successor if that unit still has its source.
//! Storing a pair that is stored already changes nothing.

use super::corrections::{SourceRow, Tables};
use super::{Memory, MemoryError, Store, Unit, Writer, source_hash};
use std::collections::{BTreeSet, HashSet};

/// The units a writer has added, for [`Writer::supersede_fresh`]: only
/// the first one's id, since every unit from it on is the writer's (it
/// holds the write lock; ids grow). Which of them share a source with
/// another unit is asked of the database at the commit: a set of every
/// added unit's source hash, kept here until then, grew with the import
/// (75 MB more at the peak of a 4-million-unit import, BENCHMARKS
/// "Import speed").
#[derive(Default)]
pub(crate) struct Fresh {
    first: Option<i64>,
}

impl Fresh {
    pub(crate) fn add(&mut self, id: i64) {
        self.first.get_or_insert(id);
    }
}

/// The rows of `rows` that hold the same source as `(src_lang, tgt_lang, source)`.
fn same_source<'r>(rows: &'r [SourceRow], src_lang: &str, tgt_lang: &str, source: &str) -> impl Iterator<Item = &'r SourceRow> {
    rows.iter().filter(move |r| r.1 == src_lang && r.2 == tgt_lang && r.3 == source)
}

/// Chains the units stored under `hash` from id `first` on after the
/// current unit of their source (and after each other, by id).
pub(super) fn link<T: Tables + ?Sized>(t: &mut T, hash: i64, first: i64) -> Result<(), MemoryError> {
    let rows = t.with_source_hash(hash)?;
    let mut done: HashSet<(&str, &str, &str)> = HashSet::new();
    for row in &rows {
        if !done.insert((&row.1, &row.2, &row.3)) {
            continue;
        }
        // rows come by id: the current older unit first, then the new ones
        let chain: Vec<i64> = same_source(&rows, &row.1, &row.2, &row.3).filter(|r| r.0 >= first || r.4.is_none()).map(|r| r.0).collect();
        for pair in chain.windows(2) {
            t.set_successor(pair[0], Some(pair[1]))?;
        }
    }
    Ok(())
}

/// Takes `old` (a unit as stored) out of its chain: the unit it
/// superseded is superseded by its successor instead (or becomes current).
pub(crate) fn unlink<T: Tables + ?Sized>(t: &mut T, old: &Unit) -> Result<(), MemoryError> {
    for before in t.predecessors(old.id)? {
        if before != old.id {
            t.set_successor(before, old.superseded_by)?;
        }
    }
    Ok(())
}

/// Makes `unit` (stored with its text) the current unit of its source.
pub(crate) fn make_current<T: Tables + ?Sized>(t: &mut T, unit: &Unit) -> Result<(), MemoryError> {
    let rows = t.with_source_hash(source_hash(&unit.src_lang, &unit.tgt_lang, &unit.source))?;
    let current: Vec<i64> =
        same_source(&rows, &unit.src_lang, &unit.tgt_lang, &unit.source).filter(|r| r.0 != unit.id && r.4.is_none()).map(|r| r.0).collect();
    for id in current {
        t.set_successor(id, Some(unit.id))?;
    }
    t.set_successor(unit.id, None)
}

/// Puts a restored unit (stored back as its deletion kept it) in its
/// place: before its successor if that unit still holds its source,
/// else as the current unit. Returns the unit as it is now.
pub(crate) fn put_back_in_place<T: Tables + ?Sized>(t: &mut T, mut unit: Unit) -> Result<Unit, MemoryError> {
    let rows = t.with_source_hash(source_hash(&unit.src_lang, &unit.tgt_lang, &unit.source))?;
    let successor =
        unit.superseded_by.filter(|&next| same_source(&rows, &unit.src_lang, &unit.tgt_lang, &unit.source).any(|r| r.0 == next));
    match successor {
        Some(next) => {
            for before in t.predecessors(next)? {
                if before != unit.id {
                    t.set_successor(before, Some(unit.id))?;
                }
            }
            t.set_successor(unit.id, Some(next))?;
        }
        None => {
            unit.superseded_by = None;
            make_current(t, &unit)?;
        }
    }
    Ok(unit)
}

impl Writer<'_> {
    /// Chains the units this writer added after the units of the same
    /// source stored before them (before the commit).
    pub(crate) fn supersede_fresh(&mut self) -> Result<(), MemoryError> {
        let fresh = std::mem::take(&mut self.fresh);
        let Some(first) = fresh.first else { return Ok(()) };
        self.with_tables(|t| {
            let hashes = t.sources_shared_from(first)?;
            t.link_fresh(&hashes, first)
        })
    }
}

impl Memory {
    /// Gives the units of a memory migrated to schema 8 their source
    /// hash, and marks which of them are superseded (by id order, the
    /// order they were stored in), in one transaction; nothing to do
    /// (one look-up) when every unit has its hash.
    pub(crate) fn fill_source_hashes(&mut self) -> Result<(), MemoryError> {
        let lacking: bool = match &self.store {
            Store::Sqlite(conn) => conn
                .query_row("SELECT EXISTS (SELECT 1 FROM units WHERE source_hash IS NULL)", [], |r| r.get(0))
                .map_err(|e| self.err(e))?,
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                let row = pg.client.query_one("SELECT EXISTS (SELECT 1 FROM units WHERE source_hash IS NULL)", &[]);
                row.map_err(|e| pg.err(e))?.get(0)
            }
        };
        if !lacking {
            return Ok(());
        }
        let mut writer = self.writer()?;
        writer.with_tables(|t| {
            let mut seen = HashSet::new();
            let mut repeated = BTreeSet::new();
            for (id, src_lang, tgt_lang, source) in t.without_source_hash()? {
                let hash = source_hash(&src_lang, &tgt_lang, &source);
                t.set_source_hash(id, hash)?;
                if !seen.insert(hash) {
                    repeated.insert(hash);
                }
            }
            for hash in repeated {
                link(t, hash, 0)?;
            }
            Ok(())
        })?;
        writer.commit()
    }
}
