//! The 1M-pair memory the suggest and serve benchmarks build: the public
//! pairs of `../shared/data`, a held-out query set, and deterministic near
//! duplicates until the memory has the size asked for. Shared by
//! `benches/suggest.rs` and `benches/serve.rs` (`#[path]` module).

/// How many pairs are held out as queries.
pub const QUERIES: usize = 1000;

pub fn read_tsv(path: &str) -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (run from the repository root, data in ../shared/data)"));
    text.lines().filter_map(|l| l.split_once('\t')).map(|(s, t)| (s.trim().to_string(), t.trim().to_string())).collect()
}

/// Every 200th pair (from the 100th on), up to 1,000, is held out as a query.
pub type Pairs = Vec<(String, String)>;

pub fn split_held_out(pairs: Pairs) -> (Pairs, Pairs) {
    let mut memory = Vec::with_capacity(pairs.len());
    let mut held = Vec::new();
    for (k, pair) in pairs.into_iter().enumerate() {
        if k % 200 == 100 && held.len() < QUERIES {
            held.push(pair);
        } else {
            memory.push(pair);
        }
    }
    (memory, held)
}

pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A near duplicate of pair `k` on pass `pass`: the source with one word
/// dropped, two neighbours swapped, one word replaced by a word of
/// another pair, or its first number changed (in the target too).
pub fn derive(pairs: &[(String, String)], k: usize, pass: u64) -> Option<(String, String)> {
    let (source, target) = &pairs[k];
    let h = mix((k as u64) << 8 | pass);
    let mut words: Vec<&str> = source.split(' ').collect();
    if words.len() < 2 {
        return None;
    }
    let at = (h >> 8) as usize % words.len();
    let mut target = target.clone();
    let owned;
    match (h + pass) % 4 {
        0 => {
            words.remove(at);
        }
        1 => {
            let at = at.min(words.len() - 2);
            words.swap(at, at + 1);
        }
        3 if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) => {
            let at = words.iter().position(|w| w.chars().any(|c| c.is_ascii_digit()))?;
            let digits: String = words[at].chars().filter(|c| c.is_ascii_digit()).collect();
            let value: u64 = digits.get(..digits.len().min(12))?.parse().ok()?;
            let new = (value + 1 + (h >> 20) % 97).to_string();
            owned = words[at].replacen(&digits, &new, 1);
            if target.contains(&digits) {
                target = target.replacen(&digits, &new, 1);
            }
            words[at] = &owned;
        }
        _ => {
            let other = &pairs[(h >> 24) as usize % pairs.len()].0;
            let others: Vec<&str> = other.split(' ').collect();
            words[at] = others[(h >> 40) as usize % others.len()];
        }
    }
    Some((words.join(" "), target))
}

/// The real pairs, then derived ones until there are `total`.
pub fn pairs_for_memory(real: &[(String, String)], total: usize) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = real.iter().take(total).cloned().collect();
    let mut seen: std::collections::HashSet<(String, String)> = out.iter().cloned().collect();
    let mut pass = 0u64;
    while out.len() < total {
        for k in 0..real.len() {
            if out.len() >= total {
                break;
            }
            if let Some(pair) = derive(real, k, pass)
                && !pair.0.is_empty()
                && seen.insert(pair.clone())
            {
                out.push(pair);
            }
        }
        pass += 1;
    }
    out
}
