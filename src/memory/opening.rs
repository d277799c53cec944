//! What a memory path holds, found out before anything is written to it,
//! and connections that only read.
//!
//! A path is looked at before SQLite may change it: nothing there, an
//! empty file, a dragoman memory (marked by its `application_id`, or, for
//! memories made before the mark, by its `units` table), or anything else,
//! which is refused and left byte-identical. A read connection never
//! writes and leaves no `-wal`/`-shm` files behind: it is opened
//! read-only where SQLite needs to create nothing; a WAL memory without a
//! `-wal` file beside it (no writer at work) is opened read-write under
//! `PRAGMA query_only`, because a read-only connection would create those
//! files and leave them, while this one removes them when it closes; and
//! where they cannot be created (a read-only folder or share), it is opened
//! with `immutable=1`, which reads the file alone, without locks.

use super::MemoryError;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The `application_id` in the header of every memory this dragoman
/// writes: the ASCII bytes "DRGM". SQLite keeps the field for exactly
/// this (<https://sqlite.org/fileformat2.html#application_id>); the value
/// is not among those registered in SQLite's `magic.txt`.
pub const APPLICATION_ID: i32 = 0x4452_474D;

/// The 16 bytes every SQLite 3 database file begins with
/// (<https://sqlite.org/fileformat2.html#magic_header_string>).
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The length of a SQLite database header (same page as above).
const HEADER_LEN: usize = 100;

/// What a file that is not a memory is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Foreign {
    /// A folder.
    Folder,
    /// A FIFO, a device or a socket.
    NotAFile,
    /// A file that is not a SQLite database.
    NotSqlite,
    /// A SQLite database without dragoman's mark or tables: another
    /// application's.
    OtherSqlite,
    /// A PostgreSQL schema holding tables but not dragoman's: another
    /// application's.
    OtherPostgres,
}

impl std::fmt::Display for Foreign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Foreign::Folder => "a folder",
            Foreign::NotAFile => "not a regular file",
            Foreign::NotSqlite => "not a SQLite file at all",
            Foreign::OtherSqlite => "another application's SQLite database",
            Foreign::OtherPostgres => "another application's tables are in its schema",
        })
    }
}

/// What is at a memory path.
pub(crate) enum Found {
    Missing,
    /// A 0-byte file, or a SQLite database with no tables, no version and
    /// no application mark: nothing in it could be lost.
    Empty,
    /// A dragoman memory: a read connection to it and its schema version.
    Memory {
        conn: Connection,
        version: i64,
    },
}

/// The scheme of a path written as a URL (`postgres://…`), if it is one.
pub(crate) fn url_scheme(path: &Path) -> Option<&str> {
    let text = path.to_str()?;
    let (scheme, _) = text.split_once("://")?;
    let mut chars = scheme.chars();
    // RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// The PostgreSQL URL `path` is (`postgres://…` or `postgresql://…`), if
/// it is one; refuses a URL of any other scheme: a memory is a SQLite
/// file or a PostgreSQL database.
pub(crate) fn postgres_url(path: &Path) -> Result<Option<&str>, MemoryError> {
    match url_scheme(path) {
        Some(scheme) if scheme.eq_ignore_ascii_case("postgres") || scheme.eq_ignore_ascii_case("postgresql") => Ok(path.to_str()),
        Some(scheme) => Err(MemoryError::UrlNotSupported { scheme: scheme.to_string() }),
        None => Ok(None),
    }
}

/// Finds out what `path` holds without writing to it. A dragoman memory
/// comes with an open read connection (see [`read_connection`]); anything
/// that is neither missing, empty nor a memory is an error
/// ([`MemoryError::NotAMemory`]).
pub(crate) fn inspect(path: &Path, wait: Duration) -> Result<Found, MemoryError> {
    if path.as_os_str().is_empty() {
        // SQLite would open a private temporary database, gone at the end of the run
        return Err(MemoryError::NoSuchMemory { path: "\"\"".to_string() });
    }
    let io_error = |source| MemoryError::Io { path: path.display().to_string(), source };
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(e) => return Err(io_error(e)),
        Ok(meta) => meta,
    };
    let foreign = |what| Err(MemoryError::NotAMemory { path: path.display().to_string(), what });
    if meta.is_dir() {
        return foreign(Foreign::Folder);
    }
    if !meta.is_file() {
        return foreign(Foreign::NotAFile);
    }
    if meta.len() == 0 {
        return Ok(Found::Empty);
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    std::fs::File::open(path).and_then(|f| f.take(HEADER_LEN as u64).read_to_end(&mut header)).map_err(io_error)?;
    if header.len() < HEADER_LEN || !header.starts_with(SQLITE_MAGIC) {
        return foreign(Foreign::NotSqlite);
    }
    let conn = read_connection(path, &header, wait)?;
    let sqlite = |e| super::sqlite_error(path, e);
    let application_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(sqlite)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sqlite)?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).map_err(sqlite)?;
    // the table every version of the schema has had since the first
    let units: i64 = conn
        .query_row("SELECT count(*) FROM pragma_table_info('units') WHERE name IN ('source', 'target', 'pair_hash')", [], |r| r.get(0))
        .map_err(sqlite)?;
    if application_id == APPLICATION_ID || (application_id == 0 && version >= 1 && units == 3) {
        Ok(Found::Memory { conn, version })
    } else if application_id == 0 && version == 0 && objects == 0 {
        Ok(Found::Empty)
    } else {
        foreign(Foreign::OtherSqlite)
    }
}

/// Opens `path` (a SQLite file whose first bytes are `header`) for
/// reading only, in the way that writes nothing and leaves nothing behind
/// (see the module's introduction).
pub(crate) fn read_connection(path: &Path, header: &[u8], wait: Duration) -> Result<Connection, MemoryError> {
    // offsets 18 and 19: the write and read format versions, 2 for WAL
    // (https://sqlite.org/fileformat2.html#file_format_version_numbers)
    let wal = header.get(18) == Some(&2) || header.get(19) == Some(&2);
    let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let busy = |e: &rusqlite::Error| e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy);
    let first = if !wal || (beside(path, "-wal").exists() && beside(path, "-shm").exists()) {
        // nothing to create: a rollback-journal file, or a WAL file whose writer keeps its files
        open_checked(path, read_only, wait, false)
    } else {
        open_checked(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX, wait, true)
    };
    match first {
        Ok(Some(conn)) => return Ok(conn),
        Err(e) if busy(&e) || !wal => return Err(super::sqlite_error(path, e)),
        // the file or its folder cannot be written: the -wal and -shm files cannot be made
        Ok(None) | Err(_) => {}
    }
    let uri = file_uri(path, "immutable=1").map_err(|source| MemoryError::Io { path: path.display().to_string(), source })?;
    match open_checked(&uri, read_only | OpenFlags::SQLITE_OPEN_URI, wait, false) {
        Ok(Some(conn)) => Ok(conn),
        Ok(None) => unreachable!("a read-only connection is read-only"),
        Err(e) => Err(super::sqlite_error(path, e)),
    }
}

/// The read connection to keep for a memory, given the one `inspect`
/// opened: where that one is read-only although the file can be
/// written (a writer was at work, so its `-wal` and `-shm` files were
/// there), one under `query_only` instead, which removes those files
/// when it closes last, as a writer would; a read-only connection would
/// leave them behind.
pub(crate) fn tidy_reader(path: &Path, conn: Connection, wait: Duration) -> Connection {
    if !conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        return conn;
    }
    match open_checked(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX, wait, true) {
        Ok(Some(writable)) => writable,
        _ => conn,
    }
}

/// Opens a connection and reads the schema once, so that a folder where
/// SQLite cannot make its files fails here and not at the first query.
/// With `query_only`, a connection that came out read-only (the file
/// cannot be written) is `None`.
fn open_checked(path: &Path, flags: OpenFlags, wait: Duration, query_only: bool) -> rusqlite::Result<Option<Connection>> {
    let conn = Connection::open_with_flags(path, flags)?;
    if query_only {
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Ok(None);
        }
        conn.pragma_update(None, "query_only", true)?;
    }
    conn.busy_timeout(super::busy_wait(wait))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    Ok(Some(conn))
}

/// The file SQLite keeps beside a database: `-wal`, `-shm`, `-journal`.
pub(crate) fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// A SQLite URI for `path` with `query` (<https://sqlite.org/uri.html>):
/// the absolute path with every byte but letters, digits and `/-._~`
/// percent-encoded.
fn file_uri(path: &Path, query: &str) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut uri = String::from("file://");
    let bytes = absolute.as_os_str().as_encoded_bytes();
    if bytes.first() != Some(&b'/') {
        uri.push('/');
    }
    for &byte in bytes {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else if cfg!(windows) && byte == b'\\' {
            uri.push('/');
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push('?');
    uri.push_str(query);
    Ok(PathBuf::from(uri))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::memory::{Memory, NewUnit};

    /// Another application's database: a table of notes, default
    /// (rollback) journal.
    fn foreign_database(path: &Path) {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); PRAGMA user_version = 3;").unwrap();
        for k in 0..50 {
            conn.execute("INSERT INTO notes (body) VALUES (?1)", [format!("note {k}")]).unwrap();
        }
    }

    fn memory_with_units(path: &Path) {
        let mut memory = Memory::open(path, crate::fuzzy::index_keys()).unwrap();
        let mut writer = memory.writer().unwrap();
        for (source, target) in [("شكرا", "Thank you"), ("مرحبا", "Hello")] {
            writer.add(&NewUnit::new(Lang::parse("ar").unwrap(), Lang::parse("en").unwrap(), source, target, "t")).unwrap();
        }
        writer.commit().unwrap();
    }

    /// The file's bytes and modification time, and which of SQLite's
    /// side files are there.
    fn snapshot(path: &Path) -> (Vec<u8>, std::time::SystemTime, Vec<bool>) {
        let side = ["-wal", "-shm", "-journal"].iter().map(|suffix| beside(path, suffix).exists()).collect();
        (std::fs::read(path).unwrap(), std::fs::metadata(path).unwrap().modified().unwrap(), side)
    }

    fn application_id(path: &Path) -> i32 {
        Connection::open(path).unwrap().query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn another_applications_database_is_refused_for_reading_and_writing_and_left_byte_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("someapp.sqlite");
        foreign_database(&path);
        let before = snapshot(&path);
        for result in [
            Memory::open(&path, crate::fuzzy::index_keys()).map(drop),
            Memory::open_for_reading(&path, crate::fuzzy::index_keys()).map(drop),
            Memory::open_existing(&path, crate::fuzzy::index_keys()).map(drop),
        ] {
            match result {
                Err(MemoryError::NotAMemory { what: Foreign::OtherSqlite, .. }) => {}
                other => panic!("{other:?}"),
            }
            assert_eq!(snapshot(&path), before);
        }
    }

    #[test]
    fn a_text_file_is_refused_as_not_sqlite_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.sqlite");
        std::fs::write(&path, "source,target\nشكرا,Thanks\n").unwrap();
        let before = snapshot(&path);
        assert!(matches!(Memory::open(&path, crate::fuzzy::index_keys()), Err(MemoryError::NotAMemory { what: Foreign::NotSqlite, .. })));
        assert!(matches!(
            Memory::open_for_reading(&path, crate::fuzzy::index_keys()),
            Err(MemoryError::NotAMemory { what: Foreign::NotSqlite, .. })
        ));
        assert_eq!(snapshot(&path), before);
    }

    #[test]
    fn reading_a_missing_memory_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("m.sqlite");
        assert!(matches!(Memory::open_for_reading(&path, crate::fuzzy::index_keys()), Err(MemoryError::NoSuchMemory { .. })));
        assert!(matches!(Memory::open_existing(&path, crate::fuzzy::index_keys()), Err(MemoryError::NoSuchMemory { .. })));
        assert!(!dir.path().join("new").exists());
        assert!(matches!(Memory::open(Path::new(""), crate::fuzzy::index_keys()), Err(MemoryError::NoSuchMemory { .. })));
        Memory::open(&path, crate::fuzzy::index_keys()).unwrap();
        assert_eq!(application_id(&path), APPLICATION_ID);
    }

    #[test]
    fn an_empty_file_is_refused_for_reading_and_becomes_a_memory_when_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        std::fs::write(&path, "").unwrap();
        assert!(matches!(Memory::open_for_reading(&path, crate::fuzzy::index_keys()), Err(MemoryError::Empty { .. })));
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        Memory::open(&path, crate::fuzzy::index_keys()).unwrap();
        assert_eq!(application_id(&path), APPLICATION_ID);
        // a SQLite database with nothing in it holds nothing to lose either
        let blank = dir.path().join("blank.sqlite");
        Connection::open(&blank).unwrap().execute_batch("VACUUM").unwrap();
        assert!(std::fs::metadata(&blank).unwrap().len() > 0);
        assert!(matches!(Memory::open_for_reading(&blank, crate::fuzzy::index_keys()), Err(MemoryError::Empty { .. })));
        Memory::open(&blank, crate::fuzzy::index_keys()).unwrap();
        assert!(Memory::open_for_reading(&blank, crate::fuzzy::index_keys()).is_ok());
    }

    #[test]
    fn a_url_never_becomes_a_file_or_a_folder() {
        for url in ["postgres://user@127.0.0.1:1/db", "postgresql://127.0.0.1:1/db", "https://example.org/m.sqlite"] {
            for result in [
                Memory::open(Path::new(url), crate::fuzzy::index_keys()).map(drop),
                Memory::open_for_reading(Path::new(url), crate::fuzzy::index_keys()).map(drop),
            ] {
                // nothing listens on port 1: the PostgreSQL ones fail to connect
                assert!(matches!(result, Err(MemoryError::UrlNotSupported { .. } | MemoryError::Postgres { .. })), "{url}");
            }
            let scheme = url.split("://").next().unwrap();
            assert!(!Path::new(&format!("{scheme}:")).exists(), "{url}");
        }
        let message =
            Memory::open(Path::new("postgres://user:secret@127.0.0.1:1/db"), crate::fuzzy::index_keys()).err().unwrap().to_string();
        assert!(message.starts_with("postgres://user@127.0.0.1:1/db: "), "{message}");
        assert!(!message.contains("secret"), "{message}");
    }

    #[test]
    fn reading_writes_nothing_and_leaves_no_wal_or_shm_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        memory_with_units(&path);
        let before = snapshot(&path);
        assert_eq!(before.2, [false, false, false], "a closed memory keeps no side files");
        {
            let mut memory = Memory::open_for_reading(&path, crate::fuzzy::index_keys()).unwrap();
            assert_eq!(memory.stats().unwrap().units, 2);
            memory.prepare_for_queries().unwrap();
            assert!(memory.index_status().unwrap().is_fresh());
            let writes = memory.writer().and_then(|mut w| {
                w.add(&NewUnit::new(Lang::parse("ar").unwrap(), Lang::parse("en").unwrap(), "نعم", "Yes", "t"))?;
                w.commit()
            });
            assert!(writes.is_err(), "a reading memory took a write");
        }
        assert_eq!(snapshot(&path), before);
    }

    // Regression: a reader opened while an import was running (its -wal
    // and -shm files there) and closing after it left both files behind.
    #[test]
    fn a_reader_that_closes_after_a_writer_leaves_no_wal_or_shm_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        memory_with_units(&path);
        let writer = Memory::open(&path, crate::fuzzy::index_keys()).unwrap();
        writer.stats().unwrap();
        assert!(beside(&path, "-wal").exists() && beside(&path, "-shm").exists());
        let reader = Memory::open_for_reading(&path, crate::fuzzy::index_keys()).unwrap();
        drop(writer);
        assert_eq!(reader.stats().unwrap().units, 2);
        drop(reader);
        assert!(!beside(&path, "-wal").exists() && !beside(&path, "-shm").exists());
    }

    #[test]
    fn an_immutable_connection_reads_a_wal_memory_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a memory #1?.sqlite");
        memory_with_units(&path);
        let before = snapshot(&path);
        let uri = file_uri(&path, "immutable=1").unwrap();
        let conn = open_checked(&uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI, Duration::from_secs(1), false)
            .unwrap()
            .unwrap();
        let units: i64 = conn.query_row("SELECT count(*) FROM units", [], |r| r.get(0)).unwrap();
        assert_eq!(units, 2);
        drop(conn);
        assert_eq!(snapshot(&path), before);
    }

    #[test]
    fn a_memory_made_before_the_mark_is_read_as_it_is_and_marked_by_a_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        memory_with_units(&path);
        Connection::open(&path).unwrap().pragma_update(None, "application_id", 0).unwrap();
        let before = snapshot(&path);
        assert_eq!(Memory::open_for_reading(&path, crate::fuzzy::index_keys()).unwrap().stats().unwrap().units, 2);
        assert_eq!(snapshot(&path), before);
        Memory::open(&path, crate::fuzzy::index_keys()).unwrap();
        assert_eq!(application_id(&path), APPLICATION_ID);
    }

    #[test]
    fn an_older_memory_is_migrated_by_reading_where_it_can_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        memory_with_units(&path);
        // as dragoman wrote it before the names step (4), the corrections and batches steps (5, 6), the glossary step (7), the superseded step (8), the tokens step (9) and the mark
        Connection::open(&path)
            .unwrap()
            .execute_batch("DROP TABLE api_tokens; DROP INDEX units_by_source; DROP INDEX units_by_successor; ALTER TABLE units DROP COLUMN source_hash; ALTER TABLE units DROP COLUMN superseded_by; DROP TABLE batch_headers; DROP TABLE glossary_terms; DROP TABLE glossary_concepts; DROP TABLE glossaries; DROP TABLE import_batches; DROP INDEX units_by_batch; ALTER TABLE units DROP COLUMN batch_id; DROP TABLE unit_history; DROP TABLE name_variants; DROP TABLE name_style; DROP TABLE reference_version; PRAGMA user_version = 3; PRAGMA application_id = 0;")
            .unwrap();
        let memory = Memory::open_for_reading(&path, crate::fuzzy::index_keys()).unwrap();
        assert_eq!(memory.stats().unwrap().schema_version, crate::memory::migrations::supported_version());
        assert_eq!(memory.stats().unwrap().units, 2);
    }

    #[test]
    fn a_newer_memory_is_refused_for_reading_and_writing_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite");
        memory_with_units(&path);
        let newer = crate::memory::migrations::supported_version() + 1;
        Connection::open(&path).unwrap().pragma_update(None, "user_version", newer).unwrap();
        let before = snapshot(&path);
        for result in [
            Memory::open(&path, crate::fuzzy::index_keys()).map(drop),
            Memory::open_for_reading(&path, crate::fuzzy::index_keys()).map(drop),
        ] {
            match result {
                Err(MemoryError::NewerSchema { found, .. }) => assert_eq!(found, newer),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(snapshot(&path), before);
    }

    #[test]
    fn urls_are_told_from_paths() {
        assert_eq!(url_scheme(Path::new("postgres://user@host/db")), Some("postgres"));
        assert_eq!(url_scheme(Path::new("postgresql://h/db")), Some("postgresql"));
        assert_eq!(url_scheme(Path::new("s3+tls://bucket/x")), Some("s3+tls"));
        assert_eq!(url_scheme(Path::new("memories/default.sqlite")), None);
        assert_eq!(url_scheme(Path::new("/tmp/a://b")), None);
        assert_eq!(url_scheme(Path::new("C:\\memories\\m.sqlite")), None);
    }

    #[test]
    fn a_uri_encodes_what_sqlite_would_read_as_syntax() {
        let uri = file_uri(Path::new("/tmp/a b?c#d%e.sqlite"), "immutable=1").unwrap();
        assert_eq!(uri.to_str().unwrap(), "file:///tmp/a%20b%3Fc%23d%25e.sqlite?immutable=1");
    }
}
