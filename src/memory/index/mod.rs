//! The retrieval index inside the memory file: for every index key (a
//! word's name key, `#` for any number and `#` with its value for that
//! number) on each side of a unit, the list of units holding it, and
//! source texts by a bucket of the hash of their form ([`source_key`]:
//! how an identical or nearly identical match is found whatever the
//! candidates).
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

pub mod builder;
pub mod codec;
pub mod source;
pub mod store;

pub use codec::{Posting, Postings};
pub use source::{InMemorySource, PostingSource};
pub use store::IndexStatus;

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
pub(crate) fn side_term_id(side: Side, key: &str) -> i64 {
    term_id_of_bytes(side.prefix().bytes().chain(key.bytes()))
}

fn term_id_of_bytes(bytes: impl Iterator<Item = u8>) -> i64 {
    crate::hash::fnv1a(bytes) as i64
}

/// Bump when the keys or the encoding change: the index is rebuilt.
/// 3: number value keys and source keys (issue 10).
/// 4: source keys of the source's form, not its exact text (issue 10 item 2).
pub(crate) const SCHEME: &str = "postings-4";

/// Source texts share [`SOURCE_BUCKETS`] lists, so that a million units
/// add 65,536 index rows rather than a million (a row per source cost a
/// 1M-pair import seconds and its file 10%); a bucket then holds about 15
/// units per million stored, read in one row.
pub(crate) const SOURCE_BUCKETS: u64 = 1 << 16;

/// The key of a whole source text and the check that goes with it: `=`
/// and the bucket (the top 16 bits of the hash of the text's form,
/// [`IndexKeys::form_hash`], as 4 hex digits; no word key starts with
/// `=`), and the low 3 bits of the hash, stored as the posting's count.
/// Texts of one form (the same words and numbers, whatever their case,
/// punctuation or spacing) share the key and check; a posting of the
/// bucket whose length (words and numbers) and check are the text's is
/// one chance in thousands to be of another form: a reader compares.
pub fn source_key(keys: &dyn IndexKeys, source: &str) -> (String, u32) {
    source_key_of_hash(keys.form_hash(source))
}

pub(crate) fn source_key_of_hash(hash: u64) -> (String, u32) {
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
    /// The hash of `text`'s form ([`KeyMaker::keys_and_form_of`]).
    fn form_hash(&self, text: &str) -> u64 {
        self.maker().keys_and_form_of(text.trim()).2
    }
}

/// Keys text, numbering the keys it has seen.
pub trait KeyMaker: Send {
    /// The keys of `text` (by number, sorted, with how often each
    /// occurs, at most 7 counted) and how many words and numbers it has.
    fn keys_of(&mut self, text: &str) -> (Vec<(u32, u32)>, usize);
    /// [`KeyMaker::keys_of`], and a hash of the text's form: what texts
    /// nearly identical to it share (the same words and numbers, in the
    /// same order, whatever their case, punctuation or spacing), by
    /// which a source is found ([`source_key`]).
    fn keys_and_form_of(&mut self, text: &str) -> (Vec<(u32, u32)>, usize, u64);
    /// The key numbered `id`.
    fn key(&self, id: u32) -> &str;
}

/// The key makers a memory was opened with, shared with its builder threads.
pub type Keys = std::sync::Arc<dyn IndexKeys>;

/// The version stored with an index: the encoding's and the keys'.
pub fn key_version(keys: &dyn IndexKeys) -> String {
    format!("{SCHEME}/{}", keys.version())
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
    /// The unit that replaced this one, if any (see [`crate::memory::supersede`]).
    pub superseded_by: Option<i64>,
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
}
