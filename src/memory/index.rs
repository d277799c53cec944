//! The retrieval index inside the memory file: for every index key (a
//! word's name key, `#` for any number and `#` with its value for that
//! number) on each side of a unit, the list of units holding it, and
//! source texts by a bucket of their hash ([`source_key`]: how an
//! identical match is found whatever the candidates).
//!
//! One row per key in `fuzzy_terms` (its id a 64-bit hash of the key,
//! see [`term_id`]); its posting list is a blob of
//! entries in increasing unit id, each two varints: the id's distance
//! from the previous entry, and `8 · length + min(count, 7)` where
//! `length` is the number of words and numbers of that side of the unit
//! and `count` how often the key occurs in it. That is what a query
//! needs to bound a candidate's score before reading it. Keys carry
//! their side: `s:` for sources, `t:` for targets.
//!
//! Writers work out the keys of the units they add on a second thread
//! while they insert, and append to the stored lists when they commit; `fuzzy_state`
//! remembers up to which unit id everything is indexed and which version
//! of the name keys built it, so a memory written before the index
//! existed, or by a dragoman whose name keys differ, is brought up to
//! date (or rebuilt) instead of answering wrongly.

use super::{MemoryError, sqlite_error};
use crate::hash::FastMap as HashMap;
use rusqlite::{Connection, OptionalExtension, params};

/// Which side of a unit a key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Source,
    Target,
}

impl Side {
    fn prefix(self) -> &'static str {
        match self {
            Side::Source => "s:",
            Side::Target => "t:",
        }
    }
}

/// The stored key of `key` on `side`.
pub fn term(side: Side, key: &str) -> String {
    let mut term = String::with_capacity(key.len() + 2);
    term.push_str(side.prefix());
    term.push_str(key);
    term
}

/// The row id of a term: its 64-bit FNV-1a hash. Two terms sharing one
/// (about one chance in 10^9 for a million terms) share a list, which
/// only adds candidates: every candidate is compared exactly.
pub fn term_id(term: &str) -> i64 {
    term_id_of_bytes(term.bytes())
}

/// [`term_id`] of `term(side, key)`, without building the term.
fn side_term_id(side: Side, key: &str) -> i64 {
    term_id_of_bytes(side.prefix().bytes().chain(key.bytes()))
}

fn term_id_of_bytes(bytes: impl Iterator<Item = u8>) -> i64 {
    crate::hash::fnv1a(bytes) as i64
}

/// Bump when the keys or the encoding change: the index is rebuilt.
/// 3: number value keys and source keys (issue 10).
const SCHEME: &str = "postings-3";

/// Source texts share [`SOURCE_BUCKETS`] lists, so that a million units
/// add 65,536 index rows rather than a million (a row per source cost a
/// 1M-pair import seconds and its file 10%); a bucket then holds about 15
/// units per million stored, read in one row.
const SOURCE_BUCKETS: u64 = 1 << 16;

/// The key of a whole source text and the check that goes with it: `=`
/// and the bucket (the top 16 bits of the FNV-1a hash of the trimmed
/// text, as 4 hex digits; no word key starts with `=`), and the low 3
/// bits of the hash, stored as the posting's count. A posting of the
/// bucket whose length (words and numbers) and check are the text's is
/// one chance in thousands not to be that text: a reader compares.
pub fn source_key(source: &str) -> (String, u32) {
    source_key_of_hash(crate::hash::fnv1a(source.trim().bytes()))
}

fn source_key_of_hash(hash: u64) -> (String, u32) {
    (format!("={:04x}", hash / (u64::MAX / SOURCE_BUCKETS + 1)), (hash & 7) as u32)
}

/// How index keys are made from text. The memory stores and reads
/// posting lists; which words make which keys (the tokenizer's and the
/// name keys) is the business of the layers above, which hand an
/// implementation to [`super::Memory`] when they open it
/// (`crate::fuzzy::index_keys()` is the one the crate uses).
pub trait IndexKeys: Send + Sync {
    /// A fresh key maker, with its own cache, for one builder thread.
    fn maker(&self) -> Box<dyn KeyMaker>;
    /// How many words and numbers `text` has: the length its postings carry.
    fn length(&self, text: &str) -> u32;
    /// A fingerprint of how keys are made: when it changes, a stored
    /// index is rebuilt instead of answering wrongly.
    fn version(&self) -> String;
}

/// Keys text, numbering the keys it has seen.
pub trait KeyMaker: Send {
    /// The keys of `text` (by number, sorted, with how often each
    /// occurs, at most 7 counted) and how many words and numbers it has.
    fn keys_of(&mut self, text: &str) -> (Vec<(u32, u32)>, usize);
    /// The key numbered `id`.
    fn key(&self, id: u32) -> &str;
}

/// The key makers a memory was opened with, shared with its builder threads.
pub type Keys = std::sync::Arc<dyn IndexKeys>;

/// The version stored with an index: the encoding's and the keys'.
pub fn key_version(keys: &dyn IndexKeys) -> String {
    format!("{SCHEME}/{}", keys.version())
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// One entry of a posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub id: i64,
    /// Words and numbers on that side of the unit.
    pub length: u32,
    /// How often the key occurs there (at most 7).
    pub count: u32,
}

/// A posting list as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Postings {
    bytes: Vec<u8>,
    len: usize,
}

impl Postings {
    /// How many units hold the key.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `f(id, length, count)` for every entry, by increasing unit
    /// id: the fast way through a long list (one-byte varints, the
    /// common case, are read without a loop).
    #[inline]
    pub fn for_each(&self, mut f: impl FnMut(i64, u32, u32)) {
        let bytes = self.bytes.as_slice();
        let mut at = 0;
        let mut id = 0i64;
        while at + 1 < bytes.len() {
            let (delta, packed) = if bytes[at] < 0x80 && bytes[at + 1] < 0x80 {
                at += 2;
                (u64::from(bytes[at - 2]), u64::from(bytes[at - 1]))
            } else {
                let Some(delta) = get_varint(bytes, &mut at) else { return };
                let Some(packed) = get_varint(bytes, &mut at) else { return };
                (delta, packed)
            };
            id += delta as i64;
            f(id, (packed >> 3) as u32, (packed & 7) as u32);
        }
    }

    /// The entries, by increasing unit id.
    pub fn iter(&self) -> impl Iterator<Item = Posting> + '_ {
        let mut at = 0;
        let mut id = 0i64;
        std::iter::from_fn(move || {
            let delta = get_varint(&self.bytes, &mut at)?;
            let packed = get_varint(&self.bytes, &mut at)?;
            id += delta as i64;
            Some(Posting { id, length: (packed >> 3) as u32, count: (packed & 7) as u32 })
        })
    }
}

/// A posting list being built, ids increasing; the first entry's delta is
/// from 0 and is rebased when appended to a stored list.
#[derive(Debug, Default)]
struct List {
    first_id: i64,
    last_id: i64,
    len: usize,
    bytes: Vec<u8>,
}

impl List {
    fn push(&mut self, id: i64, length: usize, count: u32) {
        if self.len == 0 {
            self.first_id = id;
        }
        put_varint(&mut self.bytes, (id - if self.len == 0 { 0 } else { self.last_id }) as u64);
        put_varint(&mut self.bytes, (length as u64) << 3 | u64::from(count.min(7)));
        self.last_id = id;
        self.len += 1;
    }

    /// The bytes with the first delta counted from `after` (< first_id).
    fn rebased(&self, after: i64) -> Vec<u8> {
        let mut at = 0;
        get_varint(&self.bytes, &mut at);
        let mut out = Vec::with_capacity(self.bytes.len() + 2);
        put_varint(&mut out, (self.first_id - after) as u64);
        out.extend_from_slice(&self.bytes[at..]);
        out
    }

    fn append(&mut self, other: List) {
        if other.len == 0 {
            return;
        }
        if self.len == 0 {
            *self = other;
            return;
        }
        let rebased = other.rebased(self.last_id);
        self.bytes.extend_from_slice(&rebased);
        self.last_id = other.last_id;
        self.len += other.len;
    }
}

/// Units handed to the background builder at a time.
const BATCH: usize = 4096;

/// Units after which the builder hands its lists back to be written
/// before the commit, so that a huge import's index does not have to fit
/// in memory (about 60 bytes of lists per unit: some 60 MB).
const PARTIAL_UNITS: usize = 1 << 20;

type NewUnits = Vec<(i64, String, String)>;

/// The background builder: where batches go, where lists ready to be
/// written early come back, and the thread (which returns the rest).
struct Worker {
    batches: std::sync::mpsc::SyncSender<NewUnits>,
    ready: std::sync::mpsc::Receiver<Lists>,
    handle: std::thread::JoinHandle<Lists>,
}

/// Posting lists by row id ([`term_id`]), in increasing order (two terms
/// on one id, a hash collision, come one after the other).
type Lists = Vec<(i64, List)>;

/// The lists of `lists` by row id, sorted, ready to write in key order.
fn by_row_id(lists: HashMap<String, List>) -> Lists {
    let mut lists: Lists = lists.into_iter().map(|(term, list)| (term_id(&term), list)).collect();
    lists.sort_unstable_by_key(|(id, _)| *id);
    lists
}

/// The units a writer has added. Their keys are worked out on another
/// thread while the writer goes on inserting (so a large import pays for
/// the index on its second core), and the lists are written at commit,
/// or earlier, every [`PARTIAL_UNITS`] units, when the index was up to
/// date as the writer started (then nothing stored earlier has to come
/// first in the lists).
pub(crate) struct Pending {
    keys: Keys,
    first_id: Option<i64>,
    last_id: i64,
    batch: NewUnits,
    worker: Option<Worker>,
    /// Units after which lists come back early; `None`: only at commit.
    partial_every: Option<usize>,
}

impl Pending {
    /// Pending units for a writer; `index_fresh`: the stored index covered
    /// every unit when the writer started.
    pub(crate) fn new(keys: Keys, index_fresh: bool) -> Pending {
        Pending::with_partials(keys, index_fresh.then_some(PARTIAL_UNITS))
    }

    pub(crate) fn with_partials(keys: Keys, partial_every: Option<usize>) -> Pending {
        Pending { keys, first_id: None, last_id: 0, batch: Vec::new(), worker: None, partial_every }
    }

    /// Notes a unit just inserted with this id (ids increase).
    pub(crate) fn add(&mut self, id: i64, source: String, target: String) {
        self.first_id.get_or_insert(id);
        self.last_id = id;
        self.batch.push((id, source, target));
        if self.batch.len() >= BATCH {
            let batch = std::mem::take(&mut self.batch);
            let partial_every = self.partial_every;
            let keys = self.keys.clone();
            let worker = self.worker.get_or_insert_with(|| {
                let (batches, receiver) = std::sync::mpsc::sync_channel::<NewUnits>(4);
                // unbounded, so that the builder never waits on the writer
                // while the writer waits on it; the writer takes each list
                // set after its next unit
                let (give, ready) = std::sync::mpsc::channel::<Lists>();
                let handle = std::thread::spawn(move || {
                    let mut builder = Builder::new(&*keys);
                    let mut since = 0;
                    for batch in receiver {
                        for (id, source, target) in &batch {
                            builder.add(*id, source, target);
                        }
                        since += batch.len();
                        if partial_every.is_some_and(|every| since >= every) {
                            let _ = give.send(builder.take_by_row_id());
                            since = 0;
                        }
                    }
                    builder.take_by_row_id()
                });
                Worker { batches, ready, handle }
            });
            // the builder only stops when this sender is dropped
            let _ = worker.batches.send(batch);
        }
    }

    /// Lists the builder has handed back early, if any.
    fn ready(&mut self) -> Option<Lists> {
        self.worker.as_ref().and_then(|w| w.ready.try_recv().ok())
    }

    /// The lists of every unit added (but those taken by [`Pending::ready`]),
    /// and the first and last ids.
    fn finish(self) -> (Option<(i64, i64)>, Lists) {
        let ids = self.first_id.map(|first| (first, self.last_id));
        let lists = match self.worker {
            None => by_row_id(build(&self.batch, &*self.keys)),
            Some(Worker { batches, ready, handle }) => {
                if !self.batch.is_empty() {
                    let _ = batches.send(self.batch);
                }
                drop(batches);
                let mut rest = handle.join().expect("index builder panicked");
                // lists handed back but not yet taken come before the rest
                let early: Vec<Lists> = ready.try_iter().collect();
                if !early.is_empty() {
                    rest = merge_in_order(early.into_iter().chain([rest]));
                }
                rest
            }
        };
        (ids, lists)
    }
}

/// One sorted list set from several, each covering later ids than the one before.
fn merge_in_order(sets: impl Iterator<Item = Lists>) -> Lists {
    let mut all: std::collections::BTreeMap<i64, List> = std::collections::BTreeMap::new();
    for set in sets {
        for (id, list) in set {
            all.entry(id).or_default().append(list);
        }
    }
    all.into_iter().collect()
}

/// Posting lists built unit by unit, ids increasing.
struct Builder {
    cache: Box<dyn KeyMaker>,
    /// By key number: [source list, target list].
    lists: Vec<[List; 2]>,
    /// Each unit's source hash ([`source_key`]; nearly one per unit, so
    /// kept out of the key cache), with its id and length, by increasing id.
    sources: Vec<(u64, i64, usize)>,
}

impl Builder {
    fn new(keys: &dyn IndexKeys) -> Builder {
        Builder { cache: keys.maker(), lists: Vec::new(), sources: Vec::new() }
    }

    fn add(&mut self, id: i64, source: &str, target: &str) {
        for (side, text) in [(0, source), (1, target)] {
            let (keys, length) = self.cache.keys_of(text);
            for (key, count) in keys {
                let key = key as usize;
                if key >= self.lists.len() {
                    self.lists.resize_with(key + 1, Default::default);
                }
                self.lists[key][side].push(id, length, count);
            }
            if side == 0 {
                self.sources.push((crate::hash::fnv1a(source.trim().bytes()), id, length));
            }
        }
    }

    /// The source keys' lists, one per key, taken from the builder.
    fn take_source_lists(&mut self) -> Vec<(String, List)> {
        let mut sources = std::mem::take(&mut self.sources);
        let bucket = |hash: u64| hash / (u64::MAX / SOURCE_BUCKETS + 1);
        // stable: ids stay increasing within a bucket
        sources.sort_by_key(|&(hash, _, _)| bucket(hash));
        let mut out: Vec<(String, List)> = Vec::new();
        let mut last_bucket = None;
        for (hash, id, length) in sources {
            let (key, check) = source_key_of_hash(hash);
            if last_bucket != Some(bucket(hash)) {
                last_bucket = Some(bucket(hash));
                out.push((key, List::default()));
            }
            if let Some((_, list)) = out.last_mut() {
                list.push(id, length, check);
            }
        }
        out
    }

    fn finish(mut self) -> HashMap<String, List> {
        let mut out = HashMap::default();
        for (key, list) in self.take_source_lists() {
            out.insert(term(Side::Source, &key), list);
        }
        for (key, [source, target]) in self.lists.into_iter().enumerate() {
            for (side, list) in [(Side::Source, source), (Side::Target, target)] {
                if list.len > 0 {
                    out.insert(term(side, self.cache.key(key as u32)), list);
                }
            }
        }
        out
    }

    /// The lists like [`Builder::finish`], by row id and sorted, without
    /// building the terms; the builder goes on with empty lists (and its
    /// key cache).
    fn take_by_row_id(&mut self) -> Lists {
        let sources = self.take_source_lists();
        let mut out = Lists::with_capacity(self.lists.len() * 2 + sources.len());
        for (key, list) in sources {
            out.push((side_term_id(Side::Source, &key), list));
        }
        for (key, [source, target]) in std::mem::take(&mut self.lists).into_iter().enumerate() {
            for (side, list) in [(Side::Source, source), (Side::Target, target)] {
                if list.len > 0 {
                    out.push((side_term_id(side, self.cache.key(key as u32)), list));
                }
            }
        }
        out.sort_unstable_by_key(|(id, _)| *id);
        out
    }
}

/// Builds the posting lists of `units` (ids increasing), on every core.
fn build(units: &[(i64, String, String)], keys: &dyn IndexKeys) -> HashMap<String, List> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    let chunk = units.len().div_ceil(threads).max(1000);
    let parts: Vec<HashMap<String, List>> = std::thread::scope(|scope| {
        let handles: Vec<_> = units.chunks(chunk).map(|part| scope.spawn(move || build_one(part, keys))).collect();
        handles.into_iter().map(|h| h.join().expect("index builder panicked")).collect()
    });
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    for part in parts {
        for (key, list) in part {
            all.entry(key).or_default().append(list);
        }
    }
    all
}

fn build_one(units: &[(i64, String, String)], keys: &dyn IndexKeys) -> HashMap<String, List> {
    let mut builder = Builder::new(keys);
    for (id, source, target) in units {
        builder.add(*id, source, target);
    }
    builder.finish()
}

fn state(conn: &Connection, name: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM fuzzy_state WHERE name = ?1", [name], |r| r.get(0)).optional()
}

fn set_state(conn: &Connection, name: &str, value: &str) -> rusqlite::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_term_id_is_the_id_of_the_term() {
        for key in ["", "talks", "#", "هنية", "xHNY"] {
            assert_eq!(side_term_id(Side::Source, key), term_id(&term(Side::Source, key)), "{key}");
            assert_eq!(side_term_id(Side::Target, key), term_id(&term(Side::Target, key)), "{key}");
        }
        assert_ne!(side_term_id(Side::Source, "a"), side_term_id(Side::Target, "a"));
    }

    #[test]
    fn lists_round_trip_and_append() {
        let mut a = List::default();
        a.push(3, 5, 1);
        a.push(300, 2000, 9);
        let mut b = List::default();
        b.push(301, 1, 2);
        b.push(70_000, 4, 1);
        a.append(b);
        let postings = Postings { bytes: a.rebased(0), len: a.len };
        let got: Vec<(i64, u32, u32)> = postings.iter().map(|p| (p.id, p.length, p.count)).collect();
        assert_eq!(got, [(3, 5, 1), (300, 2000, 7), (301, 1, 2), (70_000, 4, 1)]);
        let mut fast = Vec::new();
        postings.for_each(|id, length, count| fast.push((id, length, count)));
        assert_eq!(fast, got);
        assert_eq!(postings.len(), 4);
    }

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
            for k in 0..(BATCH * 2 + 17) {
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

    #[test]
    fn building_in_parts_equals_building_at_once() {
        let units: Vec<(i64, String, String)> =
            (1..=5000).map(|k| (k * 2, format!("word{} the {} common", k % 37, k), format!("mot{} le", k % 11))).collect();
        let keys = crate::fuzzy::index_keys();
        let whole = build_one(&units, &*keys);
        let parted = build(&units, &*keys);
        assert_eq!(whole.len(), parted.len());
        for (key, list) in &whole {
            assert_eq!(list.rebased(0), parted[key].rebased(0), "{key}");
        }
    }
}

/// What a query needs of a candidate unit before deciding to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateUnit {
    pub id: i64,
    pub src_lang: String,
    pub tgt_lang: String,
    pub source: String,
    pub target: String,
    pub created_at: String,
    pub created_by: Option<String>,
    /// When the unit was last changed, or else created (RFC 3339 UTC):
    /// its recency. A TMX `changedate` wins over the import time that
    /// stands for a missing `creationdate`.
    pub last_changed: String,
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

impl super::Memory {
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
        let length = self.keys.length(source.trim());
        let postings = self.postings(Side::Source, &key)?;
        Ok(postings.iter().filter(|p| p.length == length && p.count == check).map(|p| p.id).collect())
    }

    /// Whether any unit is from `src_lang` into `tgt_lang` (either may be
    /// left open), matched on the primary subtag as
    /// [`super::Memory::for_each_unit`] does: the first such unit ends the
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
