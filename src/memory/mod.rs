//! The translation memory: translation units (source, target,
//! languages, provenance), the retrieval index and the house style, in
//! one SQLite file or in a PostgreSQL database ([`postgres`]: a
//! `postgres://` URL where a path would be), the same operations on
//! both. This is the bottom layer of the crate's storage: no SQL lives
//! anywhere else, and it uses neither `fuzzy` nor `names` (the index's
//! keys are handed in, [`IndexKeys`]).
//!
//! [`Memory`] owns the connection. Opening for writing sets the pragmas
//! (WAL, a busy timeout) and brings the schema up to date through the
//! ordered migrations in [`migrations`]; opening for reading
//! ([`Memory::open_for_reading`]) writes nothing. Either way a file that
//! is not a memory (another application's database, a text file) is
//! refused and left untouched ([`opening`]), and a file written by a
//! newer dragoman is refused rather than guessed at. Writes go through a
//! [`Writer`], one transaction: dropped without [`Writer::commit`], it
//! leaves the memory exactly as it was.
//!
//! ```
//! use dragoman::memory::{Memory, NewUnit};
//! use dragoman::lang::Lang;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut memory = Memory::open(&dir.path().join("tm.sqlite"), dragoman::fuzzy::index_keys()).unwrap();
//! let mut writer = memory.writer().unwrap();
//! let unit = NewUnit::new(Lang::parse("ar").unwrap(), Lang::parse("en").unwrap(), "شكرا", "Thank you", "example");
//! assert!(writer.add(&unit).unwrap().is_added());
//! assert!(!writer.add(&unit).unwrap().is_added());
//! writer.commit().unwrap();
//! assert_eq!(memory.stats().unwrap().units, 1);
//! ```

pub mod breakdown;
pub mod copy;
pub mod corrections;
pub mod glossary;
pub mod index;
pub mod migrations;
pub mod opening;
pub(crate) mod postgres;
pub mod style;
pub mod supersede;
pub mod tokens;

#[cfg(test)]
mod backend_tests;

use crate::lang::Lang;
pub use index::{IndexKeys, KeyMaker, Keys};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What can go wrong with a memory file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MemoryError {
    #[error("{path}: {source}")]
    Sqlite { path: String, source: rusqlite::Error },
    /// `path` is the URL without its password.
    #[error("{path}: {source}")]
    Postgres { path: String, source: ::postgres::Error },
    #[error("{path}: memory schema version {found} is newer than this dragoman understands (up to {known}); upgrade dragoman")]
    NewerSchema { path: String, found: i64, known: i64 },
    /// An older memory that must be migrated before it can be read, in a
    /// file that cannot be written.
    #[error(
        "{path}: memory schema version {found} is older than this dragoman's ({known}) and the file cannot be written to bring it up to date"
    )]
    OlderSchema { path: String, found: i64, known: i64 },
    /// Another writer held the memory for all of the wait.
    #[error("{path}: another writer kept the memory busy for {seconds} s")]
    Busy { path: String, seconds: u64 },
    /// A copy's target that holds units already.
    #[error("{path}: holds {units} units already; a memory is copied only into an empty one")]
    NotEmpty { path: String, units: i64 },
    #[error("{path}: no such memory")]
    NoSuchMemory { path: String },
    /// An empty file (or an empty SQLite database) opened for reading.
    #[error("{path}: empty, not a memory yet")]
    Empty { path: String },
    /// Anything else: refused, and left as it was.
    #[error("{path}: not a dragoman memory ({what}); left untouched")]
    NotAMemory { path: String, what: opening::Foreign },
    #[error("{}", url_not_supported(scheme))]
    UrlNotSupported { scheme: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: cannot create its folder: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("{path}: cannot switch the memory to WAL journaling (is it on a network or read-only file system?)")]
    NotWal { path: String },
}

/// The message for a memory given as a URL (the URL itself is not
/// repeated: it may hold a password).
fn url_not_supported(scheme: &str) -> String {
    format!("{scheme}://…: a URL, not a memory; a memory is a SQLite file or a postgres:// URL")
}

impl MemoryError {
    /// True when the error says the memory (or its folder) cannot be
    /// written: read-only file, folder or file system.
    pub fn is_cannot_write(&self) -> bool {
        match self {
            MemoryError::Sqlite { source, .. } => {
                matches!(
                    source.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied)
                )
            }
            MemoryError::NotWal { .. } | MemoryError::Folder { .. } => true,
            _ => false,
        }
    }
}

/// A stored translation unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unit {
    pub id: i64,
    pub src_lang: String,
    pub tgt_lang: String,
    pub source: String,
    pub target: String,
    /// The document(s) the pair came from: a file imported, or the two
    /// files aligned.
    pub document: String,
    /// Where in the document: record number, or sentence numbers.
    pub locator: String,
    /// Who stored it (the `USER` of the importing session), if known.
    pub created_by: Option<String>,
    /// When it was stored (or created, for an imported TMX unit), RFC 3339 UTC.
    pub created_at: String,
    /// The source's inline markup as TMX `seg` content, when it has any;
    /// `source` then shows each code as a placeholder (`{1}`, `{/1}`, `{2/}`).
    pub source_markup: Option<String>,
    /// The target's inline markup, like `source_markup`.
    pub target_markup: Option<String>,
    /// Interchange metadata (TMX props, notes, attributes) as JSON.
    pub metadata: Option<String>,
    /// Who changed the unit last, if known (TMX `changeid`).
    pub changed_by: Option<String>,
    /// When it was changed last, RFC 3339 UTC (TMX `changedate`).
    pub changed_at: Option<String>,
    /// The unit that replaced this one: the same source in the same
    /// languages stored later with another target ([`supersede`]).
    #[serde(default)]
    pub superseded_by: Option<i64>,
}

/// A unit about to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewUnit {
    pub src_lang: Lang,
    pub tgt_lang: Lang,
    pub source: String,
    pub target: String,
    pub document: String,
    pub locator: String,
    pub created_by: Option<String>,
    /// When the unit was created, RFC 3339; `None` means now.
    pub created_at: Option<String>,
    pub source_markup: Option<String>,
    pub target_markup: Option<String>,
    pub metadata: Option<String>,
    pub changed_by: Option<String>,
    pub changed_at: Option<String>,
}

impl Unit {
    /// Provenance in one string: `document:locator`.
    pub fn origin(&self) -> String {
        if self.locator.is_empty() { self.document.clone() } else { format!("{}:{}", self.document, self.locator) }
    }
}

impl NewUnit {
    /// A unit with NFC-normalised, trimmed text; `created_by` is taken
    /// from the `USER` environment variable.
    pub fn new(src_lang: Lang, tgt_lang: Lang, source: &str, target: &str, document: &str) -> NewUnit {
        let mut unit = NewUnit::without_creator(src_lang, tgt_lang, source, target, document);
        unit.created_by = std::env::var("USER").ok().filter(|u| !u.is_empty());
        unit
    }

    /// Like [`NewUnit::new`], with `created_by` left empty (for units whose
    /// creator comes from the file, as TMX `creationid`).
    pub fn without_creator(src_lang: Lang, tgt_lang: Lang, source: &str, target: &str, document: &str) -> NewUnit {
        NewUnit {
            src_lang,
            tgt_lang,
            source: crate::text::nfc(source.trim()),
            target: crate::text::nfc(target.trim()),
            document: document.to_string(),
            locator: String::new(),
            created_by: None,
            created_at: None,
            source_markup: None,
            target_markup: None,
            metadata: None,
            changed_by: None,
            changed_at: None,
        }
    }
}

/// What happened to one unit handed to [`Writer::add`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    /// Stored already, and `unit` was not changed later: left as it is.
    Duplicate,
    /// Stored already; its markup, metadata and change provenance were
    /// replaced by those of a later change.
    Updated,
}

impl Added {
    pub fn is_added(self) -> bool {
        self == Added::New
    }
}

/// Counts of a memory's content.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Stats {
    pub path: String,
    pub schema_version: i64,
    pub units: i64,
    pub language_pairs: Vec<LanguagePairCount>,
    pub documents: i64,
    /// Units replaced by a later target for the same source ([`supersede`]).
    pub superseded: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LanguagePairCount {
    pub src_lang: String,
    pub tgt_lang: String,
    pub units: i64,
}

/// Where a memory's tables live.
pub(crate) enum Store {
    Sqlite(Connection),
    /// In a cell: the client needs `&mut` for every query, and reads
    /// take `&self`.
    Postgres(Box<std::cell::RefCell<postgres::PgStore>>),
}

/// The SQLite connection of `$memory`; for a PostgreSQL memory, returns
/// `$pg` (a `Result`) from the function instead, with `$store` the
/// PostgreSQL store.
macro_rules! sqlite_or {
    ($memory:expr, $store:ident => $pg:expr) => {
        match &$memory.store {
            Store::Sqlite(conn) => conn,
            Store::Postgres(cell) => {
                let $store = &mut *cell.borrow_mut();
                return $pg;
            }
        }
    };
}
pub(crate) use sqlite_or;

/// A translation memory: a SQLite file or a PostgreSQL database.
pub struct Memory {
    store: Store,
    path: PathBuf,
    /// How the retrieval index keys text.
    keys: index::Keys,
}

impl Memory {
    /// Opens the memory at `path` for writing, creating the file (and its
    /// folder) if there is none or it is empty, and migrating its schema
    /// to the current version.
    ///
    /// Fails, changing nothing, if the path is a URL or the file is not a
    /// memory (another SQLite database, not SQLite at all) or was written
    /// by a newer version of dragoman; fails if it cannot be written.
    /// `keys` says how the retrieval index keys text (the crate's are
    /// `crate::fuzzy::index_keys()`).
    pub fn open(path: &Path, keys: Keys) -> Result<Memory, MemoryError> {
        Memory::open_waiting(path, Duration::from_secs(30), keys)
    }

    /// Opens like [`Memory::open`], waiting up to `wait` whenever another
    /// process is writing (when creating or migrating the file, and for
    /// every write transaction later).
    pub fn open_waiting(path: &Path, wait: Duration, keys: Keys) -> Result<Memory, MemoryError> {
        Memory::open_for_writing(path, wait, true, keys)
    }

    /// Opens an existing memory for writing, like [`Memory::open`]; fails
    /// with [`MemoryError::NoSuchMemory`] (or [`MemoryError::Empty`]) if
    /// there is none at `path` instead of creating it.
    pub fn open_existing(path: &Path, keys: Keys) -> Result<Memory, MemoryError> {
        Memory::open_for_writing(path, Duration::from_secs(30), false, keys)
    }

    fn open_for_writing(path: &Path, wait: Duration, create: bool, keys: Keys) -> Result<Memory, MemoryError> {
        if let Some(url) = opening::postgres_url(path)? {
            return Memory::open_postgres(url, create, wait, keys);
        }
        let shown = || path.display().to_string();
        match opening::inspect(path, wait)? {
            opening::Found::Missing if !create => return Err(MemoryError::NoSuchMemory { path: shown() }),
            opening::Found::Empty if !create => return Err(MemoryError::Empty { path: shown() }),
            opening::Found::Missing => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
                    && !parent.exists()
                {
                    std::fs::create_dir_all(parent).map_err(|source| MemoryError::Folder { path: shown(), source })?;
                }
            }
            opening::Found::Empty => {}
            opening::Found::Memory { version, .. } if version > migrations::supported_version() => {
                return Err(MemoryError::NewerSchema { path: shown(), found: version, known: migrations::supported_version() });
            }
            // the read connection closes here: the write one below replaces it
            opening::Found::Memory { .. } => {}
        }
        let conn = Connection::open(path).map_err(|e| sqlite_error(path, e))?;
        let mut memory = Memory { store: Store::Sqlite(conn), path: path.to_path_buf(), keys };
        memory.configure(wait)?;
        let Store::Sqlite(conn) = &mut memory.store else { unreachable!("opened as SQLite") };
        migrations::upgrade(conn).map_err(|e| match e {
            migrations::MigrationError::TooNew { found, supported } => MemoryError::NewerSchema { path: shown(), found, known: supported },
            migrations::MigrationError::Sqlite(e) => sqlite_error(path, e),
        })?;
        memory.mark()?;
        memory.fill_source_hashes()?;
        Ok(memory)
    }

    /// Opens a PostgreSQL memory, creating its tables if `create` and
    /// there are none, and migrating an older schema; refuses a newer one.
    fn open_postgres(url: &str, create: bool, wait: Duration, keys: Keys) -> Result<Memory, MemoryError> {
        let mut pg = postgres::PgStore::connect(url)?;
        pg.wait = wait;
        let known = migrations::supported_version();
        match pg.inspect()? {
            postgres::Found::Empty if !create => return Err(MemoryError::Empty { path: pg.shown.clone() }),
            postgres::Found::Memory { version } if version > known => {
                return Err(MemoryError::NewerSchema { path: pg.shown.clone(), found: version, known });
            }
            _ => {}
        }
        pg.upgrade()?;
        let path = PathBuf::from(&pg.shown);
        let mut memory = Memory { store: Store::Postgres(Box::new(std::cell::RefCell::new(pg))), path, keys };
        memory.fill_source_hashes()?;
        Ok(memory)
    }

    /// Whether the memory is a PostgreSQL database (not a SQLite file).
    pub fn is_postgres(&self) -> bool {
        matches!(self.store, Store::Postgres(_))
    }

    /// Puts dragoman's mark in the file's header (a memory made before the
    /// mark gets it at its first write).
    fn mark(&self) -> Result<(), MemoryError> {
        let conn = sqlite_or!(self, _pg => Ok(()));
        let id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        if id != opening::APPLICATION_ID {
            conn.pragma_update(None, "application_id", opening::APPLICATION_ID).map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Opens an existing memory for reading only: nothing is created,
    /// and the file, its folder and its bytes stay as they are, also in a
    /// read-only folder or share (see [`opening`]). Writing through it
    /// fails.
    ///
    /// A memory written by an older dragoman is migrated first if the file
    /// can be written, and refused ([`MemoryError::OlderSchema`]) if not;
    /// a missing or empty file, a file that is not a memory and a newer
    /// memory are refused.
    pub fn open_for_reading(path: &Path, keys: Keys) -> Result<Memory, MemoryError> {
        if let Some(url) = opening::postgres_url(path)? {
            // a PostgreSQL database is written to only to migrate it
            return Memory::open_postgres(url, false, Duration::from_secs(30), keys);
        }
        let shown = || path.display().to_string();
        let known = migrations::supported_version();
        match opening::inspect(path, Duration::from_secs(30))? {
            opening::Found::Missing => Err(MemoryError::NoSuchMemory { path: shown() }),
            opening::Found::Empty => Err(MemoryError::Empty { path: shown() }),
            opening::Found::Memory { version, .. } if version > known => {
                Err(MemoryError::NewerSchema { path: shown(), found: version, known })
            }
            opening::Found::Memory { conn, version } if version < known => {
                drop(conn);
                match Memory::open_existing(path, keys.clone()) {
                    // migrated: read it like any current memory
                    Ok(migrated) => {
                        drop(migrated);
                        Memory::open_for_reading(path, keys)
                    }
                    Err(e) if e.is_cannot_write() => Err(MemoryError::OlderSchema { path: shown(), found: version, known }),
                    Err(e) => Err(e),
                }
            }
            opening::Found::Memory { conn, .. } => Ok(Memory {
                store: Store::Sqlite(opening::tidy_reader(path, conn, Duration::from_secs(30))),
                path: path.to_path_buf(),
                keys,
            }),
        }
    }

    /// Starts a write transaction for a large import: like [`Memory::writer`],
    /// with a large page cache so that index pages stay in memory.
    pub fn bulk_writer(&mut self) -> Result<Writer<'_>, MemoryError> {
        // 256 MiB at most; pages are only allocated as they are used.
        if let Store::Sqlite(conn) = &self.store {
            conn.execute_batch("PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;").map_err(|e| sqlite_error(&self.path, e))?;
        }
        let mut writer = self.writer()?;
        if let Tx::Postgres(..) = writer.tx {
            writer.pg_bulk = Some(postgres::Bulk::default());
        }
        Ok(writer)
    }

    fn configure(&mut self, wait: Duration) -> Result<(), MemoryError> {
        let wait = busy_wait(wait);
        let path = self.path.clone();
        let conn = sqlite_or!(self, _pg => Ok(()));
        conn.busy_timeout(wait).map_err(|e| sqlite_error(&path, e))?;
        conn
            // 16 KiB pages (for new files): fewer, shallower B-tree pages for the text index, faster bulk imports
            .execute_batch("PRAGMA page_size = 16384; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|e| sqlite_error(&path, e))?;
        self.switch_to_wal(wait)
    }

    /// Puts the file in WAL mode. Converting needs the file to itself and
    /// SQLite does not call the busy handler for it, so two processes
    /// opening a new memory at once would see "database is locked" in one
    /// of them: retry with a growing pause until `wait` is spent. WAL is a
    /// property of the file, so once any process has converted it this is
    /// a no-op.
    fn switch_to_wal(&mut self, wait: Duration) -> Result<(), MemoryError> {
        let deadline = std::time::Instant::now() + wait;
        let mut pause = Duration::from_millis(1);
        loop {
            let conn = sqlite_or!(self, _pg => Ok(()));
            let mode = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
            let busy = match mode {
                Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
                // SQLite reports the old mode when it could not take the lock
                Ok(_) => None,
                Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Some(e),
                Err(e) => return Err(self.err(e)),
            };
            if std::time::Instant::now() >= deadline {
                return Err(busy.map_or_else(|| MemoryError::NotWal { path: self.path.display().to_string() }, |e| self.err(e)));
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }

    /// The file this memory lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: rusqlite::Error) -> MemoryError {
        sqlite_error(&self.path, e)
    }

    /// The SQLite connection (tests of SQLite's own behaviour).
    #[cfg(test)]
    pub(crate) fn sqlite_conn(&self) -> &Connection {
        match &self.store {
            Store::Sqlite(conn) => conn,
            Store::Postgres(_) => panic!("not a SQLite memory"),
        }
    }

    /// Starts a write transaction. Nothing it adds is visible to others,
    /// or kept, until [`Writer::commit`].
    pub fn writer(&mut self) -> Result<Writer<'_>, MemoryError> {
        let path = self.path.clone();
        let conn = match &mut self.store {
            Store::Sqlite(conn) => conn,
            Store::Postgres(cell) => {
                let pg = cell.get_mut();
                let wait = pg.wait;
                let Some((tx, now)) = postgres::begin_writing(&mut pg.client, wait).map_err(|e| pg_error(&path, e))? else {
                    return Err(MemoryError::Busy { path: path.display().to_string(), seconds: wait.as_secs() });
                };
                // lists are written at commit only, under the writers' lock
                return Ok(Writer {
                    tx: Tx::Postgres(tx, None),
                    path,
                    now,
                    index: index::builder::Pending::new(self.keys.clone(), false),
                    batch: None,
                    fresh: supersede::Fresh::default(),
                    next_id: None,
                    pg_bulk: None,
                });
            }
        };
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| sqlite_error(&path, e))?;
        // one timestamp for the whole transaction: the time it started
        let now: String =
            tx.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| r.get(0)).map_err(|e| sqlite_error(&path, e))?;
        let fresh = index::store::status(&mut index::store::SqliteTables(&tx), &*self.keys).map_err(|e| sqlite_error(&path, e))?.is_fresh();
        Ok(Writer {
            tx: Tx::Sqlite(tx),
            path,
            now,
            index: index::builder::Pending::new(self.keys.clone(), fresh),
            batch: None,
            fresh: supersede::Fresh::default(),
            next_id: None,
            pg_bulk: None,
        })
    }

    /// Every unit, oldest first, optionally only for one language pair.
    pub fn units(&self, src_lang: Option<&Lang>, tgt_lang: Option<&Lang>) -> Result<Vec<Unit>, MemoryError> {
        let mut out = Vec::new();
        self.for_each_unit(src_lang, tgt_lang, |u| out.push(u))?;
        Ok(out)
    }

    /// Calls `f` with every unit, oldest first, optionally only for one
    /// language pair (matched on the primary subtag: `en` finds `en-US`).
    pub fn for_each_unit(&self, src_lang: Option<&Lang>, tgt_lang: Option<&Lang>, f: impl FnMut(Unit)) -> Result<(), MemoryError> {
        self.for_each_unit_of(src_lang, tgt_lang, true, f)
    }

    /// Like [`Memory::for_each_unit`], leaving out superseded units unless
    /// `superseded` (what an export writes by default).
    pub fn for_each_unit_of(
        &self,
        src_lang: Option<&Lang>,
        tgt_lang: Option<&Lang>,
        superseded: bool,
        mut f: impl FnMut(Unit),
    ) -> Result<(), MemoryError> {
        let conn = sqlite_or!(self, pg => pg.for_each_unit(src_lang, tgt_lang, superseded, &mut f).map_err(|e| pg.err(e)));
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, src_lang, tgt_lang, source, target, document, locator, created_by, created_at,
                        source_markup, target_markup, metadata, changed_by, changed_at, superseded_by FROM units
                 WHERE (NOT ?3 OR superseded_by IS NULL)
                   AND (?1 IS NULL OR src_lang = ?1 OR src_lang LIKE ?1 || '-%')
                   AND (?2 IS NULL OR tgt_lang = ?2 OR tgt_lang LIKE ?2 || '-%')
                 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![src_lang.map(|l| l.primary()), tgt_lang.map(|l| l.primary()), !superseded], row_to_unit)
            .map_err(|e| self.err(e))?;
        for row in rows {
            f(row.map_err(|e| self.err(e))?);
        }
        Ok(())
    }

    /// Counts units, language pairs and origins.
    pub fn stats(&self) -> Result<Stats, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.stats(self.path.display().to_string()));
        let units: i64 = conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        let documents: i64 = conn.query_row("SELECT count(DISTINCT document) FROM units", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        let superseded: i64 =
            conn.query_row("SELECT count(*) FROM units WHERE superseded_by IS NOT NULL", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        let mut stmt = conn
            .prepare(
                "SELECT src_lang, tgt_lang, count(*) FROM units GROUP BY src_lang, tgt_lang ORDER BY count(*) DESC, src_lang, tgt_lang",
            )
            .map_err(|e| self.err(e))?;
        let language_pairs = stmt
            .query_map([], |r| Ok(LanguagePairCount { src_lang: r.get(0)?, tgt_lang: r.get(1)?, units: r.get(2)? }))
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        Ok(Stats {
            path: self.path.display().to_string(),
            schema_version: migrations::current_version(conn).map_err(|e| self.err(e))?,
            units,
            language_pairs,
            documents,
            superseded,
        })
    }

    /// The source language of the stored units most likely to be that of
    /// `text`: the most common one written in `text`'s script, if any.
    pub fn likeliest_source_language(&self, text: &str) -> Result<Option<Lang>, MemoryError> {
        let Some(script) = crate::lang::dominant_script(text) else { return Ok(None) };
        let tags: Vec<String> = match &self.store {
            Store::Sqlite(conn) => {
                let mut stmt = conn
                    .prepare("SELECT src_lang FROM units GROUP BY src_lang ORDER BY count(*) DESC, src_lang")
                    .map_err(|e| self.err(e))?;
                let tags = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(|e| self.err(e))?;
                tags.collect::<Result<_, _>>().map_err(|e| self.err(e))?
            }
            Store::Postgres(cell) => {
                let pg = &mut *cell.borrow_mut();
                pg.source_languages().map_err(|e| pg.err(e))?
            }
        };
        for tag in tags {
            if let Ok(lang) = Lang::parse(&tag)
                && lang.script() == script
            {
                return Ok(Some(lang));
            }
        }
        Ok(None)
    }

    /// Runs SQLite's integrity check; `Ok(true)` when the file is sound.
    pub fn integrity_ok(&self) -> Result<bool, MemoryError> {
        // PostgreSQL checks its own pages; there is nothing to ask it
        let conn = sqlite_or!(self, _pg => Ok(true));
        let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        Ok(result == "ok")
    }

    /// The unit with this id, if any.
    pub fn unit(&self, id: i64) -> Result<Option<Unit>, MemoryError> {
        let conn = sqlite_or!(self, pg => pg.unit(id).map_err(|e| pg.err(e)));
        conn.query_row(
            "SELECT id, src_lang, tgt_lang, source, target, document, locator, created_by, created_at,
                        source_markup, target_markup, metadata, changed_by, changed_at, superseded_by FROM units WHERE id = ?1",
            [id],
            row_to_unit,
        )
        .optional()
        .map_err(|e| self.err(e))
    }
}

impl Memory {
    /// The sources of the units stored just before and just after unit
    /// `id` from the same document: its neighbours there, since a
    /// document's units are stored in order, one import or alignment at a
    /// time (a unit skipped as a duplicate leaves no row, so its place is
    /// taken by the one before it). `None` on a side where the stored
    /// unit next to it is from another document or there is none. Read
    /// only; two look-ups by primary key.
    pub fn neighbours(&self, id: i64) -> Result<(Option<String>, Option<String>), MemoryError> {
        let conn = sqlite_or!(self, pg => pg.neighbours(id).map_err(|e| pg.err(e)));
        let side = |sql: &str| -> Result<Option<(String, String)>, MemoryError> {
            let mut statement = conn.prepare_cached(sql).map_err(|e| self.err(e))?;
            statement.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(|e| self.err(e))
        };
        let Some((document, _)) = side("SELECT document, source FROM units WHERE id = ?1")? else { return Ok((None, None)) };
        let before = side("SELECT document, source FROM units WHERE id < ?1 ORDER BY id DESC LIMIT 1")?;
        let after = side("SELECT document, source FROM units WHERE id > ?1 ORDER BY id LIMIT 1")?;
        let same = |row: Option<(String, String)>| row.filter(|(d, _)| *d == document).map(|(_, source)| source);
        Ok((same(before), same(after)))
    }
}

fn row_to_unit(r: &rusqlite::Row<'_>) -> rusqlite::Result<Unit> {
    Ok(Unit {
        id: r.get(0)?,
        src_lang: r.get(1)?,
        tgt_lang: r.get(2)?,
        source: r.get(3)?,
        target: r.get(4)?,
        document: r.get(5)?,
        locator: r.get(6)?,
        created_by: r.get(7)?,
        created_at: r.get(8)?,
        source_markup: r.get(9)?,
        target_markup: r.get(10)?,
        metadata: r.get(11)?,
        changed_by: r.get(12)?,
        changed_at: r.get(13)?,
        superseded_by: r.get(14)?,
    })
}

fn sqlite_error(path: &Path, source: rusqlite::Error) -> MemoryError {
    MemoryError::Sqlite { path: path.display().to_string(), source }
}

fn pg_error(path: &Path, source: ::postgres::Error) -> MemoryError {
    MemoryError::Postgres { path: path.display().to_string(), source }
}

/// A writer's transaction, on either backend.
enum Tx<'m> {
    Sqlite(rusqlite::Transaction<'m>),
    /// With the statements of [`postgres::store`], prepared at the first unit.
    Postgres(::postgres::Transaction<'m>, Option<(::postgres::Statement, ::postgres::Statement)>),
}

/// The deduplication key of a pair: 64-bit FNV-1a over the two language
/// tags and the two texts, each followed by a 0xFF byte (which UTF-8
/// never contains, so the fields cannot run into each other). Stored in
/// memory files, so it must never change.
pub fn pair_hash(src_lang: &str, tgt_lang: &str, source: &str, target: &str) -> i64 {
    crate::hash::fnv1a([src_lang, tgt_lang, source, target].into_iter().flat_map(|field| field.bytes().chain([0xFF]))) as i64
}

/// The key that finds the units of one source: 64-bit FNV-1a over the
/// two language tags and the source, each followed by a 0xFF byte, as
/// [`pair_hash`]. Stored in memory files, so it must never change.
pub fn source_hash(src_lang: &str, tgt_lang: &str, source: &str) -> i64 {
    crate::hash::fnv1a([src_lang, tgt_lang, source].into_iter().flat_map(|field| field.bytes().chain([0xFF]))) as i64
}

/// One write transaction on a memory.
pub struct Writer<'m> {
    tx: Tx<'m>,
    path: PathBuf,
    /// When the transaction started: the `created_at` of what it adds.
    now: String,
    /// Units added, for the retrieval index built at commit.
    index: index::builder::Pending,
    /// The import batch being written, if any ([`Writer::begin_batch`]).
    batch: Option<corrections::OpenBatch>,
    /// The units this writer adds, for [`supersede`] at the commit.
    fresh: supersede::Fresh,
    /// The id the next unit gets (SQLite): above every id ever given,
    /// also a deleted unit's, so that history and batches never name a
    /// unit that was not theirs. Found at the first unit.
    next_id: Option<i64>,
    /// A bulk writer's new units on their way to PostgreSQL's `COPY`.
    pg_bulk: Option<postgres::Bulk>,
}

impl Writer<'_> {
    /// Adds a unit unless the same source and target in the same
    /// languages are stored already. A stored unit gets the markup,
    /// metadata and change provenance of `unit` when `unit` was changed
    /// later ([`Added::Updated`]); otherwise it is left as it is.
    pub fn add(&mut self, unit: &NewUnit) -> Result<Added, MemoryError> {
        let (added, new_id) = self.store(unit)?;
        if let Some(id) = new_id {
            self.index_new(id, unit.source.clone(), unit.target.clone())?;
        }
        Ok(added)
    }

    /// Adds a unit like [`Writer::add`], and says the new unit's id
    /// when it was inserted (the server answers with it).
    pub fn add_with_id(&mut self, unit: &NewUnit) -> Result<(Added, Option<i64>), MemoryError> {
        let (added, new_id) = self.store(unit)?;
        if let Some(id) = new_id {
            self.index_new(id, unit.source.clone(), unit.target.clone())?;
        }
        Ok((added, new_id))
    }

    /// Adds a unit like [`Writer::add`], taking it: its texts go to the
    /// retrieval index without being copied (a bulk import's way).
    pub fn add_owned(&mut self, unit: NewUnit) -> Result<Added, MemoryError> {
        let (added, new_id) = self.store(&unit)?;
        if let Some(id) = new_id {
            self.index_new(id, unit.source, unit.target)?;
        }
        Ok(added)
    }

    /// Hands a new unit's texts to the retrieval index, and writes the
    /// index lists its builder has handed back early (a large import), so
    /// that they need not wait in memory for the commit.
    fn index_new(&mut self, id: i64, source: String, target: String) -> Result<(), MemoryError> {
        self.index.add(id, source, target);
        match &self.tx {
            Tx::Sqlite(tx) => {
                index::store::write_ready(&mut index::store::SqliteTables(tx), &mut self.index).map_err(|e| sqlite_error(&self.path, e))
            }
            Tx::Postgres(..) => Ok(()),
        }
    }

    /// [`Writer::add`] without the index: what happened, and the new
    /// row's id if one was inserted; counted in the open import batch.
    fn store(&mut self, unit: &NewUnit) -> Result<(Added, Option<i64>), MemoryError> {
        if self.pg_bulk.is_some()
            && let Some(id) = self.store_in_bulk(unit)?
        {
            self.fresh.add(id);
            self.count_in_batch(Added::New, None)?;
            return Ok((Added::New, Some(id)));
        }
        let old = self.before_update(unit)?;
        let (added, id) = self.store_pair(unit)?;
        if let Some(id) = id {
            self.fresh.add(id);
        }
        self.count_in_batch(added, old)?;
        Ok((added, id))
    }

    fn store_pair(&mut self, unit: &NewUnit) -> Result<(Added, Option<i64>), MemoryError> {
        let tx = match &mut self.tx {
            Tx::Sqlite(tx) => tx,
            Tx::Postgres(tx, prepared) => {
                let own_id = self.pg_bulk.as_ref().and_then(|bulk| bulk.next_id);
                let stored = postgres::store(tx, prepared, unit, &self.now, own_id).map_err(|e| pg_error(&self.path, e))?;
                if let Some(bulk) = self.pg_bulk.as_mut() {
                    bulk.stored(pair_hash(unit.src_lang.as_str(), unit.tgt_lang.as_str(), &unit.source, &unit.target), stored.1);
                }
                return Ok(stored);
            }
        };
        let mut hash = pair_hash(unit.src_lang.as_str(), unit.tgt_lang.as_str(), &unit.source, &unit.target);
        let source_hash = source_hash(unit.src_lang.as_str(), unit.tgt_lang.as_str(), &unit.source);
        let id = match self.next_id {
            Some(id) => id,
            // the history names every deleted unit: above it, no id comes back
            None => tx
                .query_row(
                    "SELECT max(coalesce((SELECT max(id) FROM units), 0), coalesce((SELECT max(unit_id) FROM unit_history), 0)) + 1",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| sqlite_error(&self.path, e))?,
        };
        self.next_id = Some(id);
        // Probe from the pair's hash: stop at a free value (insert) or at
        // the stored copy of the same pair; a different pair on the same
        // hash (a 64-bit collision) moves on to the next value.
        let existing = loop {
            let mut insert = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO units (src_lang, tgt_lang, source, target, document, locator, created_by, created_at,
                                                  source_markup, target_markup, metadata, changed_by, changed_at, pair_hash,
                                                  source_hash, id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                )
                .map_err(|e| sqlite_error(&self.path, e))?;
            let inserted = insert
                .execute(params![
                    unit.src_lang.as_str(),
                    unit.tgt_lang.as_str(),
                    unit.source,
                    unit.target,
                    unit.document,
                    unit.locator,
                    unit.created_by,
                    unit.created_at.as_ref().unwrap_or(&self.now),
                    unit.source_markup,
                    unit.target_markup,
                    unit.metadata,
                    unit.changed_by,
                    unit.changed_at,
                    hash,
                    source_hash,
                    id,
                ])
                .map_err(|e| sqlite_error(&self.path, e))?;
            if inserted == 1 {
                self.next_id = Some(id + 1);
                return Ok((Added::New, Some(id)));
            }
            let mut find = tx
                .prepare_cached(
                    "SELECT id FROM units WHERE pair_hash = ?1 AND src_lang = ?2 AND tgt_lang = ?3 AND source = ?4 AND target = ?5",
                )
                .map_err(|e| sqlite_error(&self.path, e))?;
            let same = find
                .query_row(params![hash, unit.src_lang.as_str(), unit.tgt_lang.as_str(), unit.source, unit.target], |r| r.get::<_, i64>(0))
                .optional()
                .map_err(|e| sqlite_error(&self.path, e))?;
            match same {
                Some(id) => break id,
                None => hash = hash.wrapping_add(1),
            }
        };
        if unit.changed_at.is_none() {
            return Ok((Added::Duplicate, None));
        }
        let mut update = tx
            .prepare_cached(
                "UPDATE units SET source_markup = ?2, target_markup = ?3, metadata = ?4, changed_by = ?5, changed_at = ?6
                 WHERE id = ?1 AND ?6 IS NOT NULL AND (changed_at IS NULL OR ?6 > changed_at)",
            )
            .map_err(|e| sqlite_error(&self.path, e))?;
        let updated = update
            .execute(params![existing, unit.source_markup, unit.target_markup, unit.metadata, unit.changed_by, unit.changed_at])
            .map_err(|e| sqlite_error(&self.path, e))?;
        Ok((if updated == 1 { Added::Updated } else { Added::Duplicate }, None))
    }

    /// Makes everything added visible and durable.
    pub fn commit(mut self) -> Result<(), MemoryError> {
        self.finish_bulk()?;
        self.supersede_fresh()?;
        self.finish_batch()?;
        let path = self.path;
        match self.tx {
            Tx::Sqlite(tx) => {
                index::store::flush(&mut index::store::SqliteTables(&tx), self.index).map_err(|e| sqlite_error(&path, e))?;
                tx.commit().map_err(|e| sqlite_error(&path, e))
            }
            Tx::Postgres(mut tx, _) => {
                index::store::flush(&mut postgres::PgTables::new(&mut tx), self.index).map_err(|e| pg_error(&path, e))?;
                tx.commit().map_err(|e| pg_error(&path, e))
            }
        }
    }
}

/// The longest wait SQLite's busy handler can time: its timeout is
/// milliseconds in a C int (about 24 days), and rusqlite panics beyond
/// that, so a longer wait is that long.
fn busy_wait(wait: Duration) -> Duration {
    wait.min(Duration::from_millis(i32::MAX as u64))
}

/// A memory's location as it may be shown in messages: a path as it is,
/// a URL without its password.
pub fn shown_location(location: &Path) -> String {
    postgres::shown_url(&location.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(source: &str, target: &str) -> NewUnit {
        NewUnit::new(Lang::parse("ar").unwrap(), Lang::parse("en").unwrap(), source, target, "test")
    }

    fn index_rows(conn: &Connection) -> Vec<(i64, i64, i64, Vec<u8>)> {
        let mut stmt = conn.prepare("SELECT key, last_id, count, postings FROM fuzzy_terms ORDER BY key").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(Result::unwrap).collect()
    }

    #[test]
    fn index_lists_written_before_the_commit_equal_a_rebuilt_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut memory = Memory::open(&dir.path().join("m.sqlite"), crate::fuzzy::index_keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        // lists come back every batch instead of every million units
        writer.index = index::builder::Pending::with_partials(crate::fuzzy::index_keys(), Some(1));
        for k in 0..40_000 {
            let source = format!("The agency filed report {k} on Haniyeh and word{}.", k % 997);
            writer
                .add_owned(NewUnit::new(Lang::parse("en").unwrap(), Lang::parse("fr").unwrap(), &source, &format!("Dépêche {k}."), "t"))
                .unwrap();
        }
        // wait until lists have come back and been written inside the transaction
        let start = std::time::Instant::now();
        let Tx::Sqlite(tx) = &writer.tx else { unreachable!() };
        while index_rows(tx).is_empty() {
            assert!(start.elapsed() < Duration::from_secs(60), "no lists came back early");
            std::thread::sleep(Duration::from_millis(10));
            index::store::write_ready(&mut index::store::SqliteTables(tx), &mut writer.index).unwrap();
        }
        writer.commit().unwrap();
        let written = index_rows(memory.sqlite_conn());
        assert_eq!(memory.rebuild_index().unwrap(), 40_000);
        assert_eq!(written, index_rows(memory.sqlite_conn()));
    }

    // Regression: CI saw "database is locked" when two imports created the
    // same memory at once (the WAL conversion does not wait for locks).
    #[test]
    fn many_openers_of_a_new_file_all_succeed() {
        for round in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("m.sqlite");
            let start = std::sync::Barrier::new(8);
            std::thread::scope(|scope| {
                let openers: Vec<_> = (0..8)
                    .map(|_| {
                        scope.spawn(|| {
                            start.wait();
                            Memory::open(&path, crate::fuzzy::index_keys())
                                .map(|m| m.sqlite_conn().query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0)).unwrap())
                        })
                    })
                    .collect();
                for opener in openers {
                    let mode = opener.join().unwrap().unwrap_or_else(|e| panic!("round {round}: {e}"));
                    assert_eq!(mode, "wal");
                }
            });
        }
    }

    #[test]
    fn a_different_pair_on_the_same_hash_is_stored_on_the_next_value() {
        let dir = tempfile::tempdir().unwrap();
        let mut memory = Memory::open(&dir.path().join("m.sqlite"), crate::fuzzy::index_keys()).unwrap();
        let wanted = unit("شكرا", "Thank you");
        // another pair squatting on `wanted`'s hash, as a 64-bit collision would
        let hash = pair_hash("ar", "en", "شكرا", "Thank you");
        memory
            .sqlite_conn()
            .execute(
                "INSERT INTO units (src_lang, tgt_lang, source, target, document, created_at, pair_hash) VALUES ('ar','en','x','y','d','t',?1)",
                [hash],
            )
            .unwrap();
        let mut writer = memory.writer().unwrap();
        assert_eq!(writer.add(&wanted).unwrap(), Added::New);
        assert_eq!(writer.add(&wanted).unwrap(), Added::Duplicate);
        writer.commit().unwrap();
        let stored: i64 = memory.sqlite_conn().query_row("SELECT pair_hash FROM units WHERE source = 'شكرا'", [], |r| r.get(0)).unwrap();
        assert_eq!(stored, hash.wrapping_add(1));
        assert_eq!(memory.stats().unwrap().units, 2);
    }

    #[test]
    fn the_pair_hash_separates_fields() {
        assert_ne!(pair_hash("ar", "en", "ab", "c"), pair_hash("ar", "en", "a", "bc"));
        assert_ne!(pair_hash("ar", "en", "a", "b"), pair_hash("ar", "en-US", "a", "b"));
        assert_eq!(pair_hash("ar", "en", "a", "b"), pair_hash("ar", "en", "a", "b"));
    }
}
