//! Building posting lists from units: `Builder` keys texts with the
//! memory's [`IndexKeys`]; `Pending` feeds a writer's new units to a
//! builder on a background thread while the writer goes on inserting
//! (a [`crate::pool::Stage`]), and `build` keys many stored units on
//! every core (with [`crate::pool::map_ordered`]).

use super::codec::List;
use super::{IndexKeys, KeyMaker, Keys, SOURCE_BUCKETS, Side, side_term_id, source_key_of_hash, term, term_id};
use crate::hash::FastMap as HashMap;

/// Units handed to the background builder at a time.
pub(crate) const BATCH: usize = 4096;

/// Units after which the builder hands its lists back to be written
/// before the commit, so that a huge import's index does not have to fit
/// in memory (about 60 bytes of lists per unit: some 60 MB).
const PARTIAL_UNITS: usize = 1 << 20;

type NewUnits = Vec<(i64, String, String)>;

/// The background builder: batches of new units go in; lists ready to
/// be written early come back; at the end it returns the rest.
type Worker = crate::pool::Stage<NewUnits, Lists, Lists>;

/// Batches waiting for the background builder before the writer waits:
/// the hand-rolled channel this replaced had 4 (a judgement: about 16k
/// units of text held, enough that the builder never waits for work).
const QUEUED_BATCHES: usize = 4;

/// Posting lists by row id ([`term_id`]), in increasing order (two terms
/// on one id, a hash collision, come one after the other).
pub(crate) type Lists = Vec<(i64, List)>;

/// The lists of `lists` by row id, sorted, ready to write in key order.
pub(crate) fn by_row_id(lists: HashMap<String, List>) -> Lists {
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
    pub(crate) keys: Keys,
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
                // the writer takes each list set handed back after its next unit
                crate::pool::Stage::spawn(QUEUED_BATCHES, move |batches: std::sync::mpsc::Receiver<NewUnits>, give| {
                    let mut builder = Builder::new(&*keys);
                    let mut since = 0;
                    for batch in batches {
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
                })
            });
            worker.send(batch);
        }
    }

    /// Lists the builder has handed back early, if any.
    pub(crate) fn ready(&mut self) -> Option<Lists> {
        self.worker.as_ref().and_then(Worker::ready)
    }

    /// The lists of every unit added (but those taken by [`Pending::ready`]),
    /// and the first and last ids.
    pub(crate) fn finish(self) -> (Option<(i64, i64)>, Lists) {
        let ids = self.first_id.map(|first| (first, self.last_id));
        let lists = match self.worker {
            None => by_row_id(build(&self.batch, &*self.keys)),
            Some(worker) => {
                if !self.batch.is_empty() {
                    worker.send(self.batch);
                }
                let (early, mut rest) = worker.finish();
                // lists handed back but not yet taken come before the rest
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
pub(crate) struct Builder {
    cache: Box<dyn KeyMaker>,
    /// By key number: [source list, target list].
    lists: Vec<[List; 2]>,
    /// Each unit's source form hash ([`super::source_key`]; nearly one
    /// per unit, so kept out of the key cache), with its id and length, by
    /// increasing id.
    sources: Vec<(u64, i64, usize)>,
}

impl Builder {
    fn new(keys: &dyn IndexKeys) -> Builder {
        Builder { cache: keys.maker(), lists: Vec::new(), sources: Vec::new() }
    }

    fn add(&mut self, id: i64, source: &str, target: &str) {
        for (side, text) in [(0, source), (1, target)] {
            let (keys, length) = if side == 0 {
                let (keys, length, form) = self.cache.keys_and_form_of(text);
                self.sources.push((form, id, length));
                (keys, length)
            } else {
                self.cache.keys_of(text)
            };
            for (key, count) in keys {
                let key = key as usize;
                if key >= self.lists.len() {
                    self.lists.resize_with(key + 1, Default::default);
                }
                self.lists[key][side].push(id, length, count);
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
pub(crate) fn build(units: &[(i64, String, String)], keys: &dyn IndexKeys) -> HashMap<String, List> {
    let threads = crate::pool::default_jobs().min(8);
    let chunk = units.len().div_ceil(threads).max(1000);
    let chunks: Vec<&[(i64, String, String)]> = units.chunks(chunk).collect();
    let parts: Vec<HashMap<String, List>> = crate::pool::map_ordered(&chunks, threads, |part| build_one(part, keys));
    let mut parts = parts.into_iter();
    let mut all = parts.next().unwrap_or_default();
    for part in parts {
        for (key, list) in part {
            all.entry(key).or_default().append(list);
        }
    }
    all
}

pub(crate) fn build_one(units: &[(i64, String, String)], keys: &dyn IndexKeys) -> HashMap<String, List> {
    let mut builder = Builder::new(keys);
    for (id, source, target) in units {
        builder.add(*id, source, target);
    }
    builder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

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
