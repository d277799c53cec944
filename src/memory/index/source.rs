//! What retrieval reads: [`PostingSource`], the index's lists and the
//! candidate units, implemented by a stored [`crate::memory::Memory`] and by
//! [`InMemorySource`], units and lists held in memory, so that retrieval
//! can be tested (and a small set of units searched) without a database.

use super::builder::build;
use super::codec::{List, Postings};
use super::{CandidateUnit, IndexStatus, Keys, Side, source_key, term};
use crate::hash::FastMap as HashMap;
use crate::memory::{MemoryError, Unit};

/// The index and units a search reads.
pub trait PostingSource {
    /// Readies the source for many look-ups (caches, memory maps).
    fn prepare_for_queries(&self) -> Result<(), MemoryError> {
        Ok(())
    }

    /// Starts one snapshot for many look-ups; `false` if one was open
    /// already (or the source needs none).
    fn begin_reading(&self) -> Result<bool, MemoryError> {
        Ok(false)
    }

    /// Ends the snapshot [`PostingSource::begin_reading`] started.
    fn end_reading(&self) -> Result<(), MemoryError> {
        Ok(())
    }

    /// How far the index is built.
    fn index_status(&self) -> Result<IndexStatus, MemoryError>;

    /// The posting list of `key` on `side`.
    fn postings(&self, side: Side, key: &str) -> Result<Postings, MemoryError>;

    /// How many units hold `key` on `side`.
    fn postings_len(&self, side: Side, key: &str) -> Result<usize, MemoryError> {
        Ok(self.postings(side, key)?.len())
    }

    /// How many units hold each of `keys` on `side`, in the order of
    /// `keys` (a database server answers in one round trip).
    fn postings_lens(&self, side: Side, keys: &[&str]) -> Result<Vec<usize>, MemoryError> {
        keys.iter().map(|key| self.postings_len(side, key)).collect()
    }

    /// The posting lists of `keys` on `side`, in the order of `keys` (a
    /// database server answers in one round trip).
    fn postings_of(&self, side: Side, keys: &[&str]) -> Result<Vec<Postings>, MemoryError> {
        keys.iter().map(|key| self.postings(side, key)).collect()
    }

    /// The indexed units whose source may be `source`, or of its form
    /// ([`super::source_key`]: differing only in case, punctuation,
    /// spacing...; compare them), by increasing id.
    fn units_with_source(&self, source: &str) -> Result<Vec<i64>, MemoryError>;

    /// One unit's text and dates, by id.
    fn candidate(&self, id: i64) -> Result<Option<CandidateUnit>, MemoryError>;

    /// The candidates among `ids` that exist, in the order of `ids`.
    fn candidates(&self, ids: &[i64]) -> Result<Vec<CandidateUnit>, MemoryError> {
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            out.extend(self.candidate(id)?);
        }
        Ok(out)
    }

    /// Calls `f` with every unit whose id is above `after`, in id order.
    fn for_each_candidate_after(&self, after: i64, f: &mut dyn FnMut(CandidateUnit)) -> Result<(), MemoryError>;

    /// The whole unit with this id, if any.
    fn unit(&self, id: i64) -> Result<Option<Unit>, MemoryError>;

    /// The whole units among `ids` that exist, in the order of `ids` (a
    /// database server answers in one round trip).
    fn units_of(&self, ids: &[i64]) -> Result<Vec<Unit>, MemoryError> {
        ids.iter().filter_map(|&id| self.unit(id).transpose()).collect()
    }
}

/// The ids among a source key's postings whose length and check are a
/// text's (see [`super::source_key`]).
pub(crate) fn with_length_and_check(postings: &Postings, length: u32, check: u32) -> Vec<i64> {
    postings.iter().filter(|p| p.length == length && p.count == check).map(|p| p.id).collect()
}

impl CandidateUnit {
    /// What a query needs of `unit`.
    pub fn of(unit: &Unit) -> CandidateUnit {
        CandidateUnit {
            id: unit.id,
            src_lang: unit.src_lang.clone(),
            tgt_lang: unit.tgt_lang.clone(),
            source: unit.source.clone(),
            target: unit.target.clone(),
            created_at: unit.created_at.clone(),
            created_by: unit.created_by.clone(),
            last_changed: unit.changed_at.clone().unwrap_or_else(|| unit.created_at.clone()),
            superseded_by: unit.superseded_by,
        }
    }
}

/// Units and their posting lists, held in memory and fully indexed.
pub struct InMemorySource {
    /// By increasing id.
    units: Vec<Unit>,
    lists: HashMap<String, List>,
    keys: Keys,
}

impl InMemorySource {
    /// Indexes `units` (their ids must be distinct and above 0) with `keys`.
    pub fn new(mut units: Vec<Unit>, keys: Keys) -> InMemorySource {
        units.sort_by_key(|u| u.id);
        let texts: Vec<(i64, String, String)> = units.iter().map(|u| (u.id, u.source.clone(), u.target.clone())).collect();
        let lists = build(&texts, &*keys);
        InMemorySource { units, lists, keys }
    }

    fn find(&self, id: i64) -> Option<&Unit> {
        self.units.binary_search_by_key(&id, |u| u.id).ok().map(|at| &self.units[at])
    }
}

impl PostingSource for InMemorySource {
    fn index_status(&self) -> Result<IndexStatus, MemoryError> {
        let last = self.units.last().map_or(0, |u| u.id);
        Ok(IndexStatus { indexed_through: last, max_id: last, current_keys: true })
    }

    fn postings(&self, side: Side, key: &str) -> Result<Postings, MemoryError> {
        Ok(self.lists.get(&term(side, key)).map(|list| Postings { bytes: list.rebased(0), len: list.len }).unwrap_or_default())
    }

    fn units_with_source(&self, source: &str) -> Result<Vec<i64>, MemoryError> {
        let (key, check) = source_key(&*self.keys, source);
        Ok(with_length_and_check(&self.postings(Side::Source, &key)?, self.keys.length(source.trim()), check))
    }

    fn candidate(&self, id: i64) -> Result<Option<CandidateUnit>, MemoryError> {
        Ok(self.find(id).map(CandidateUnit::of))
    }

    fn for_each_candidate_after(&self, after: i64, f: &mut dyn FnMut(CandidateUnit)) -> Result<(), MemoryError> {
        self.units.iter().filter(|u| u.id > after).for_each(|u| f(CandidateUnit::of(u)));
        Ok(())
    }

    fn unit(&self, id: i64) -> Result<Option<Unit>, MemoryError> {
        Ok(self.find(id).cloned())
    }
}
