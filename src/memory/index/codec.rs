//! The posting-list codec: a list is a blob of entries in increasing
//! unit id, each two varints (the id's distance from the previous entry,
//! and `8 · length + min(count, 7)`), read as [`Postings`] and built or
//! appended to as `List`.

pub(crate) fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

pub(crate) fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
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
    pub(crate) bytes: Vec<u8>,
    pub(crate) len: usize,
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
pub(crate) struct List {
    pub(crate) first_id: i64,
    pub(crate) last_id: i64,
    pub(crate) len: usize,
    pub(crate) bytes: Vec<u8>,
}

impl List {
    pub(crate) fn push(&mut self, id: i64, length: usize, count: u32) {
        if self.len == 0 {
            self.first_id = id;
        }
        put_varint(&mut self.bytes, (id - if self.len == 0 { 0 } else { self.last_id }) as u64);
        put_varint(&mut self.bytes, (length as u64) << 3 | u64::from(count.min(7)));
        self.last_id = id;
        self.len += 1;
    }

    /// The bytes with the first delta counted from `after` (< first_id).
    pub(crate) fn rebased(&self, after: i64) -> Vec<u8> {
        let mut at = 0;
        get_varint(&self.bytes, &mut at);
        let mut out = Vec::with_capacity(self.bytes.len() + 2);
        put_varint(&mut out, (self.first_id - after) as u64);
        out.extend_from_slice(&self.bytes[at..]);
        out
    }

    pub(crate) fn append(&mut self, other: List) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
