//! What a memory holds, broken down (for `dragoman stats`): units by
//! origin document, by author and by month stored, and how many units
//! were corrected by hand lately (from the unit history of
//! [`super::corrections`]).

use super::{Memory, MemoryError, Store, sqlite_or};
use serde::Serialize;

/// The counts and their breakdown as one JSON object: what the stats
/// command prints as JSON and the server's API returns (one set of types
/// for both).
#[derive(Serialize, schemars::JsonSchema)]
pub struct Shown<'a> {
    #[serde(flatten)]
    pub stats: &'a super::Stats,
    #[serde(flatten)]
    pub breakdown: &'a Breakdown,
}

/// How many units one document, author or month has.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Count {
    pub name: String,
    pub units: i64,
}

/// A memory's units broken down.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Breakdown {
    /// The documents with most units, most first (at most [`TOP_DOCUMENTS`]).
    pub by_document: Vec<Count>,
    /// By `created_by`, most first; units without one are counted under "".
    pub by_author: Vec<Count>,
    /// By the month stored (`YYYY-MM` of `created_at`), oldest first.
    pub by_month: Vec<Count>,
    /// Units edited by hand in the last [`RECENT_DAYS`] days.
    pub edited_recently: i64,
    /// Units deleted in the last [`RECENT_DAYS`] days (and not restored since).
    pub deleted_recently: i64,
}

/// How many documents the breakdown names (the "top 10").
pub const TOP_DOCUMENTS: i64 = 10;
/// What "lately" means for corrections (the "last 30 days").
pub const RECENT_DAYS: i64 = 30;

const BY_DOCUMENT: &str = "SELECT document, count(*) FROM units GROUP BY document ORDER BY count(*) DESC, document LIMIT 10";
const BY_AUTHOR: &str = "SELECT coalesce(created_by, ''), count(*) FROM units GROUP BY coalesce(created_by, '') ORDER BY count(*) DESC, 1";
const BY_MONTH: &str = "SELECT substr(created_at, 1, 7), count(*) FROM units GROUP BY substr(created_at, 1, 7) ORDER BY 1";
/// Counts units whose history has `action` at or after `?1`/`$1`.
const RECENT_EDITS: &str = "SELECT count(DISTINCT unit_id) FROM unit_history WHERE action = 'edit' AND at >= ";
const RECENT_DELETES: &str = "SELECT count(DISTINCT h.unit_id) FROM unit_history h WHERE h.action = 'delete' AND h.at >= ";

impl Memory {
    /// The units broken down by document, author and month, and the
    /// recent corrections.
    pub fn breakdown(&self) -> Result<Breakdown, MemoryError> {
        const _: () = assert!(TOP_DOCUMENTS == 10 && RECENT_DAYS == 30, "the SQL below spells these out");
        let deleted_filter = "AND NOT EXISTS (SELECT 1 FROM units u WHERE u.id = h.unit_id)";
        let conn = sqlite_or!(self, pg => {
            let e = |e| super::pg_error(&self.path, e);
            let counts = |client: &mut ::postgres::Client, sql: &str| -> Result<Vec<Count>, MemoryError> {
                Ok(client.query(sql, &[]).map_err(e)?.iter().map(|r| Count { name: r.get(0), units: r.get(1) }).collect())
            };
            let since = "to_char((now() - interval '30 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
            let by_document = counts(&mut pg.client, BY_DOCUMENT)?;
            let by_author = counts(&mut pg.client, BY_AUTHOR)?;
            let by_month = counts(&mut pg.client, BY_MONTH)?;
            let edited_recently = pg.client.query_one(&format!("{RECENT_EDITS}{since}"), &[]).map_err(e)?.get(0);
            let deleted_recently = pg.client.query_one(&format!("{RECENT_DELETES}{since} {deleted_filter}"), &[]).map_err(e)?.get(0);
            Ok(Breakdown { by_document, by_author, by_month, edited_recently, deleted_recently })
        });
        let e = |e| self.err(e);
        let counts = |sql: &str| -> Result<Vec<Count>, MemoryError> {
            let mut stmt = conn.prepare(sql).map_err(e)?;
            let rows = stmt.query_map([], |r| Ok(Count { name: r.get(0)?, units: r.get(1)? })).map_err(e)?;
            rows.collect::<Result<_, _>>().map_err(e)
        };
        let since = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days')";
        Ok(Breakdown {
            by_document: counts(BY_DOCUMENT)?,
            by_author: counts(BY_AUTHOR)?,
            by_month: counts(BY_MONTH)?,
            edited_recently: conn.query_row(&format!("{RECENT_EDITS}{since}"), [], |r| r.get(0)).map_err(e)?,
            deleted_recently: conn.query_row(&format!("{RECENT_DELETES}{since} {deleted_filter}"), [], |r| r.get(0)).map_err(e)?,
        })
    }
}
